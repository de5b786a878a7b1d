"""Kazakhstan's BNS workbooks: every row accounted for, each year once, aggregates never partners."""

from __future__ import annotations

import io
from collections import Counter

import openpyxl
import pytest
import xlrd

from multivector.errors import BadInputFile
from multivector.sources.nso_kazakhstan_trade import FOLDER, SOURCE, WORKBOOKS
from multivector.sources.nso_trade import folded
from tests.conftest import REPO_DATA
from tests.sources.nso_files import ingest_bytes

# (rows_in, loaded, rejected, deduplicated) per workbook; the 2019 one holds 2019 and 2018
COUNTS = {
    2019: (404, 380, 24, 0),
    2020: (190, 178, 12, 0),
    2021: (202, 190, 12, 0),
    2022: (217, 205, 12, 0),
    2023: (216, 204, 12, 0),
}
AGGREGATES = {
    "всего",
    "всего в том числе",
    "страны снг",
    "страны еаэс",
    "страны вне еаэс",
    "остальные страны мира",
    "европа",
    "страны ес",
    "страны вне ес",
    "азия",
    "америка",
    "африка",
    "австралия и океания",
}
# PROVENANCE.md's spot checks are in US$ bn with two decimals: half of the last digit
HALF_A_HUNDREDTH_BN = 0.005
ONE_THOUSAND_USD = 0.001  # in the stored unit, US$ million
WORKBOOK_2023 = REPO_DATA / FOLDER / "Основные показатели внешней торговли по странам_2023.xls"
SPEC_2023 = SOURCE.files[-1]


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def bn(store, year: int, partner: str | None = None) -> float:
    """Exports + imports of Kazakhstan in a year (with one partner or all), US$ bn."""
    query = "SELECT sum(value) / 1000 FROM flows WHERE source_id = ? AND reporter = 'KAZ' AND year = ?"
    params = [SOURCE.id, year]
    if partner:
        query += " AND partner = ?"
        params.append(partner)
    return store.con.execute(query, params).fetchone()[0]


def test_every_row_of_every_workbook_is_accounted_for(ingested):
    _, results = ingested
    assert [spec.path for spec in SOURCE.files] == [f"{FOLDER}/{name}" for name in WORKBOOKS]
    for years, result in zip(WORKBOOKS.values(), results, strict=True):
        assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
        assert (result.rows_in, result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == COUNTS[years[0]]


def test_provenance_spot_checks(store):
    # PROVENANCE.md: BNS final 2023: total trade US$139.55 bn, Russia 27.05, China 30.06; 2022 China 24.20
    assert bn(store, 2023) == pytest.approx(139.55, abs=HALF_A_HUNDREDTH_BN)
    assert bn(store, 2023, "RUS") == pytest.approx(27.05, abs=HALF_A_HUNDREDTH_BN)
    assert bn(store, 2023, "CHN") == pytest.approx(30.06, abs=HALF_A_HUNDREDTH_BN)
    assert bn(store, 2022, "CHN") == pytest.approx(24.20, abs=HALF_A_HUNDREDTH_BN)


def total_row(year: int) -> tuple[float, float]:
    """Exports and imports of the 'Всего' row of a year's own sheet, thousand US$."""
    name = next(n for n, years in WORKBOOKS.items() if year in years)
    book = xlrd.open_workbook(str(REPO_DATA / FOLDER / name))
    sheet = next(s for s in book.sheets() if str(year) in s.name)
    row = next(r for r in range(sheet.nrows) if folded(sheet.cell_value(r, 0)).startswith("всего"))
    return sheet.cell_value(row, 3), sheet.cell_value(row, 5)


@pytest.mark.parametrize("year", range(2018, 2024))
def test_the_partners_add_up_to_the_total_row_so_none_is_lost(store, year):
    exports, imports = total_row(year)
    stored = dict(
        store.con.execute(
            "SELECT channel, sum(value) FROM flows WHERE source_id = ? AND year = ? GROUP BY channel", [SOURCE.id, year]
        ).fetchall()
    )
    assert stored["exports"] == pytest.approx(exports / 1000, abs=ONE_THOUSAND_USD)
    assert stored["imports"] == pytest.approx(imports / 1000, abs=ONE_THOUSAND_USD)


def test_every_year_2018_to_2023_is_loaded_once(store):
    years = store.con.execute(
        "SELECT year, count(DISTINCT file_sha256), max(n) FROM (SELECT year, file_sha256, "
        "count(*) OVER (PARTITION BY year, partner, channel) AS n FROM flows WHERE source_id = ?) "
        "GROUP BY year ORDER BY year",
        [SOURCE.id],
    ).fetchall()
    assert years == [(year, 1, 1) for year in range(2018, 2024)]
    files = dict(
        store.con.execute(
            "SELECT DISTINCT f.year, r.file_name FROM flows f JOIN ingest_runs r USING (file_sha256) "
            "WHERE f.source_id = ?",
            [SOURCE.id],
        ).fetchall()
    )
    assert files[2018] == files[2019] == f"{FOLDER}/Основные показатели внешней торговли_2019.xls"
    assert files[2023] == f"{FOLDER}/Основные показатели внешней торговли по странам_2023.xls"


def test_aggregates_are_rejected_and_never_partners(store):
    rejects = store.rows("SELECT reason, message, raw_text FROM rejects WHERE source_id = ?", [SOURCE.id])
    assert Counter(r["reason"] for r in rejects) == {"not_a_state": 72}
    labels = {folded(r["raw_text"].split(": ", 1)[1].split(" | ")[0]) for r in rejects}
    assert labels == AGGREGATES
    assert all("is not a state" in r["message"] for r in rejects)
    partners = {
        p
        for (p,) in store.con.execute("SELECT DISTINCT partner FROM flows WHERE source_id = ?", [SOURCE.id]).fetchall()
    }
    entities = {e for (e,) in store.con.execute("SELECT entity FROM entities").fetchall()}
    assert partners <= entities and "KAZ" not in partners


def test_flows_are_kazakhstans_own_in_imf_units(store):
    rows = store.con.execute(
        "SELECT DISTINCT reporter, channel, unit, is_mirror, is_estimate FROM flows WHERE source_id = ?", [SOURCE.id]
    ).fetchall()
    assert set(rows) == {
        ("KAZ", "exports", "usd_million_current", False, False),
        ("KAZ", "imports", "usd_million_current", False, False),
    }
    detail, value = store.con.execute(
        "SELECT detail, value FROM flows WHERE source_id = ? AND year = 2023 AND partner = 'CHN' "
        "AND channel = 'exports'",
        [SOURCE.id],
    ).fetchone()
    assert detail == "BNS Kazakhstan, exports (sheet 2023): 14666158.3001 thousand US$"
    assert value == pytest.approx(14666.1583001, rel=1e-12)


# --- bad input, corrupted on purpose from the real 2023 workbook -----------------------------


def sst_replace(data: bytes, old: str, new: str) -> bytes:
    """Replace a whole string of the workbook's shared string table (UTF-16, same length)."""
    assert len(old) == len(new)
    head = len(old).to_bytes(2, "little") + b"\x01"
    assert (head + old.encode("utf-16-le")) in data
    return data.replace(head + old.encode("utf-16-le"), head + new.encode("utf-16-le"))


def xlsx_copy(data: bytes, edit=None) -> bytes:
    """The workbook's cells as an .xlsx (which the parser reads the same way), edited."""
    book = xlrd.open_workbook(file_contents=data)
    copy = openpyxl.Workbook()
    copy.remove(copy.active)
    for sheet in book.sheets():
        target = copy.create_sheet(sheet.name)
        for r in range(sheet.nrows):
            for c, cell in enumerate(sheet.row(r)):
                if cell.ctype not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    target.cell(r + 1, c + 1, cell.value)
    if edit:
        edit(copy["2023"])
    buffer = io.BytesIO()
    copy.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def feed(crosswalk_store_file, tmp_path):
    return lambda data: ingest_bytes(crosswalk_store_file, tmp_path, SOURCE, SPEC_2023, data)


def china_row(sheet) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Китай")


def flow_set(outcome) -> set[tuple]:
    return {tuple(flow.values()) for flow in outcome.flows}


def test_an_xlsx_copy_loads_the_same_flows(feed):
    original = feed(WORKBOOK_2023.read_bytes())
    copy = xlsx_copy(WORKBOOK_2023.read_bytes())
    assert copy[:4] == b"PK\x03\x04"
    assert flow_set(feed(copy)) == flow_set(original)
    assert len(original.flows) == 335


def test_a_partner_named_as_an_aggregate_is_rejected_not_loaded(feed):
    outcome = feed(sst_replace(WORKBOOK_2023.read_bytes(), "Китай", "Всего"))
    assert outcome.result.rows_rejected == 13
    assert outcome.reasons() == {"not_a_state": 13}
    assert not [f for f in outcome.flows if f["partner"] == "CHN"]
    assert len([r for r in outcome.rejects if r["raw_text"].split(": ", 1)[1].startswith("Всего |")]) == 2


def test_an_unknown_partner_name_is_rejected_with_a_suggestion(feed):
    outcome = feed(sst_replace(WORKBOOK_2023.read_bytes(), "Китай", "Китаи"))
    unknown = outcome.rejected(": Китаи |")
    assert unknown["reason"] == "unknown_country"
    assert "'Китай' (CHN)" in unknown["suggestion"]
    assert outcome.reasons() == {"not_a_state": 12, "unknown_country": 1}


def test_a_missing_flow_column_refuses_the_workbook(feed):
    with pytest.raises(BadInputFile, match="lacks column"):
        feed(sst_replace(WORKBOOK_2023.read_bytes(), "Экспорт", "Эксп0рт"))


def test_a_header_shifted_sideways_refuses_the_workbook(feed):
    def shift(sheet):  # both header rows one column to the right, the figures where they were
        sheet.move_range("B4:G5", cols=1)

    with pytest.raises(BadInputFile, match="first row under the header is not the total"):
        feed(xlsx_copy(WORKBOOK_2023.read_bytes(), shift))


def test_a_header_row_moved_below_the_first_figures_refuses_the_workbook(feed):
    def move(sheet):  # the header rows and the total row swap places
        sheet.move_range("A4:G5", rows=10)
        sheet.move_range("A6:G6", rows=-2)

    with pytest.raises(BadInputFile, match="figures above the header"):
        feed(xlsx_copy(WORKBOOK_2023.read_bytes(), move))


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("14 666 158,3001", "cast_error"),
        ("14,666,158.3001", "cast_error"),
        ("14666158,3001", "decimal_comma"),
    ],
)
def test_a_value_with_separators_rejects_its_row(feed, written, reason):
    def write(sheet):
        sheet.cell(china_row(sheet), 4, written)

    outcome = feed(xlsx_copy(WORKBOOK_2023.read_bytes(), write))
    china = outcome.rejected(": Китай |")
    assert (china["reason"], china["column_name"]) == (reason, "Экспорт")
    assert not [f for f in outcome.flows if f["partner"] == "CHN"]
    assert outcome.result.rows_loaded == COUNTS[2023][1] - 1
