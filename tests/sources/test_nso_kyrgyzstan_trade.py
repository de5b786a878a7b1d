"""The Kyrgyz NSC's partner tables: every row accounted for, aggregates never partners."""

from __future__ import annotations

import io
from collections import Counter

import openpyxl
import pytest

from multivector.errors import BadInputFile
from multivector.sources.nso_kyrgyzstan_trade import EXPORTS, FOLDER, SOURCE
from tests.conftest import REPO_DATA
from tests.sources.nso_files import ingest_bytes

COUNTS = {"exports": (160, 145, 15, 0), "imports": (205, 190, 15, 0)}  # rows in, loaded, rejected, dedup
AGGREGATES = {
    "Всего",
    "ЕС",
    "СНГ",
    "ШОС",
    "ЕАЭС",
    "Европа",
    "Азия",
    "Америка",
    "Африка",
    "Австралия и Океания",
    "Неопределенная страна",
}
HALF_A_MILLION = 0.5  # PROVENANCE.md's figures are whole US$ millions
EXPORTS_FILE = REPO_DATA / FOLDER / EXPORTS


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, dict(zip(("exports", "imports"), results, strict=True))
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def rejects(store, path_part: str) -> list[dict]:
    return store.rows(
        "SELECT file_line, reason, message, raw_text FROM rejects WHERE source_id = ? "
        "AND file_name LIKE ? ORDER BY file_line",
        [SOURCE.id, f"%{path_part}%"],
    )


def russian_label(raw: str) -> str:
    return raw.split(": ", 1)[1].split(" | ")[1]


def test_every_row_is_accounted_for(ingested):
    for channel, result in ingested[1].items():
        assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
        assert (result.rows_in, result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == COUNTS[channel]


@pytest.mark.parametrize(("year", "millions"), [(2021, 393), (2022, 1070), (2023, 824)])
def test_exports_to_russia_match_provenance(store, year, millions):
    (value,) = store.con.execute(
        "SELECT value FROM flows WHERE source_id = ? AND reporter = 'KGZ' AND partner = 'RUS' "
        "AND channel = 'exports' AND year = ?",
        [SOURCE.id, year],
    ).fetchone()
    assert value == pytest.approx(millions, abs=HALF_A_MILLION)


def test_aggregates_are_rejected_and_never_partners(store):
    exports = rejects(store, "4.03.00.18")
    aggregates = {russian_label(r["raw_text"]) for r in exports if r["reason"] == "not_a_state"}
    assert aggregates == AGGREGATES
    imports = rejects(store, "4.03.00.20")
    assert {russian_label(r["raw_text"]) for r in imports if r["reason"] == "not_a_state"} == (
        AGGREGATES | {"Европейский союз (ЕС)", "ООН"}
    )


def test_the_other_rejects_are_empty_rows_a_dissolved_partner_and_a_second_el_salvador(store):
    other = [r for r in rejects(store, "") if r["reason"] != "not_a_state"]
    assert Counter(r["reason"] for r in other) == {
        "missing_value": 4,
        "not_valid_in_year": 1,
        "conflicting_duplicate": 1,
    }
    (antilles,) = [r for r in other if r["reason"] == "not_valid_in_year"]
    assert "Нидерландские Антильские острова" in antilles["raw_text"] and "2012" in antilles["message"]
    (twice,) = [r for r in other if r["reason"] == "conflicting_duplicate"]
    assert russian_label(twice["raw_text"]) == "Эль-Сальвадор"


def test_years_and_partners(store):
    low, high, channels = store.con.execute(
        "SELECT min(year), max(year), count(DISTINCT channel) FROM flows WHERE source_id = ?", [SOURCE.id]
    ).fetchone()
    assert (low, high, channels) == (1994, 2023, 2)
    once = store.con.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM flows WHERE source_id = ? GROUP BY year, partner, channel)",
        [SOURCE.id],
    ).fetchone()[0]
    assert once == 1
    # 'Butane' (English) is unknown; the Russian 'Бутан' decides: Bhutan
    assert (
        store.con.execute("SELECT count(*) FROM flows WHERE source_id = ? AND partner = 'BTN'", [SOURCE.id]).fetchone()[
            0
        ]
        > 0
    )


def test_preliminary_2023_is_said_where_the_table_marks_it(store):
    details = dict(
        store.con.execute(
            "SELECT channel, detail FROM flows WHERE source_id = ? AND year = 2023 AND partner = 'CHN'", [SOURCE.id]
        ).fetchall()
    )
    assert "Предварительные данные" in details["imports"]
    assert "Предварительные" not in details["exports"]
    assert not store.con.execute("SELECT bool_or(is_estimate) FROM flows WHERE source_id = ?", [SOURCE.id]).fetchone()[
        0
    ]


# --- bad input, corrupted on purpose from the real exports table -----------------------------


def edited(edit) -> bytes:
    book = openpyxl.load_workbook(EXPORTS_FILE)
    edit(book.worksheets[0])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_of(sheet, russian: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == russian)


def column_of(sheet, year: int) -> int:
    return next(c for c in range(1, sheet.max_column + 1) if sheet.cell(4, c).value == year)


@pytest.fixture
def feed(crosswalk_store_file, tmp_path):
    return lambda data: ingest_bytes(crosswalk_store_file, tmp_path, SOURCE, SOURCE.files[0], data)


def test_the_unedited_copy_loads_as_shipped(feed):
    outcome = feed(edited(lambda sheet: None))
    assert (outcome.result.rows_in, outcome.result.rows_loaded) == COUNTS["exports"][:2]


def test_a_shifted_header_row_refuses_the_table(feed):
    with pytest.raises(BadInputFile, match="shifted"):
        feed(edited(lambda sheet: sheet.move_range("D4:AG4", cols=1)))


def test_a_missing_year_column_refuses_the_table(feed):
    with pytest.raises(BadInputFile, match="out of sequence: 2018 then 2020"):
        feed(edited(lambda sheet: sheet.delete_cols(column_of(sheet, 2019))))


def test_a_year_missing_from_the_header_refuses_the_table(feed):
    def blank(sheet):
        sheet.cell(4, column_of(sheet, 2023)).value = None

    with pytest.raises(BadInputFile, match="which has no year"):
        feed(edited(blank))


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("393 340,098", "cast_error"),
        ("393,340.098", "cast_error"),
        ("393340,098", "decimal_comma"),
    ],
)
def test_a_value_with_separators_rejects_its_row(feed, written, reason):
    def write(sheet):
        sheet.cell(row_of(sheet, "Россия"), column_of(sheet, 2021)).value = written

    outcome = feed(edited(write))
    russia = outcome.rejected("| Россия |")
    assert (russia["reason"], russia["column_name"]) == (reason, "2021")
    assert not [f for f in outcome.flows if f["partner"] == "RUS"]


def test_a_partner_named_as_an_aggregate_is_rejected(feed):
    def rename(sheet):
        row = row_of(sheet, "Китай")
        sheet.cell(row, 2).value, sheet.cell(row, 3).value = "Всего", "Total"

    outcome = feed(edited(rename))
    assert outcome.reasons()["not_a_state"] == 12
    assert not [f for f in outcome.flows if f["partner"] == "CHN"]


def test_an_unknown_partner_name_is_rejected_with_a_suggestion(feed):
    def rename(sheet):
        row = row_of(sheet, "Китай")
        sheet.cell(row, 2).value, sheet.cell(row, 3).value = "Китаи", "Chinaa"

    outcome = feed(edited(rename))
    unknown = outcome.rejected("| Китаи |")
    assert unknown["reason"] == "unknown_country"
    assert "did you mean" in unknown["suggestion"] and "(CHN)" in unknown["suggestion"]


def test_russian_and_english_names_that_disagree_are_rejected(feed):
    def contradict(sheet):
        sheet.cell(row_of(sheet, "Китай"), 3).value = "Russia"

    outcome = feed(edited(contradict))
    assert outcome.rejected("| Китай |")["reason"] == "ambiguous_country"
