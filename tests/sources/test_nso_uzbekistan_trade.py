"""stat.uz partner tables: every line accounted for, codes and names agree, aggregates never partners."""

from __future__ import annotations

import pytest

from multivector.errors import BadInputFile
from multivector.sources.nso_uzbekistan_trade import FOLDER, SOURCE
from tests.conftest import REPO_DATA
from tests.sources.nso_files import ingest_bytes

COUNTS = {"exports": (228, 226, 2, 0), "imports": (234, 231, 3, 0)}  # rows in, loaded, rejected, dedup
HALF_A_HUNDREDTH_BN = 0.005  # PROVENANCE.md's figures are US$ bn with two decimals
IMPORTS = SOURCE.files[1]
IMPORTS_FILE = REPO_DATA / IMPORTS.path
CHINA = "156,Xitoy,Китай,China,"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, dict(zip(("exports", "imports"), results, strict=True))
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def test_every_line_is_accounted_for(ingested):
    assert [spec.path for spec in SOURCE.files] == [f"{FOLDER}/sdmx_data_1105.csv", f"{FOLDER}/sdmx_data_1176.csv"]
    for channel, result in ingested[1].items():
        assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
        assert (result.rows_in, result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == COUNTS[channel]


@pytest.mark.parametrize(("partner", "bn"), [("CHN", 11.34), ("RUS", 6.66)])
def test_2023_imports_match_provenance(store, partner, bn):
    (value,) = store.con.execute(
        "SELECT value / 1000 FROM flows WHERE source_id = ? AND reporter = 'UZB' AND partner = ? "
        "AND channel = 'imports' AND year = 2023",
        [SOURCE.id, partner],
    ).fetchone()
    assert value == pytest.approx(bn, abs=HALF_A_HUNDREDTH_BN)


def test_other_countries_are_rejected_and_stale_codes_named(store):
    rejects = store.rows(
        "SELECT reason, message, raw_text FROM rejects WHERE source_id = ? ORDER BY file_name, file_line", [SOURCE.id]
    )
    assert sorted((r["reason"], r["raw_text"].split(",")[0]) for r in rejects) == [
        ("not_a_state", "0"),
        ("not_a_state", "0"),
        ("not_valid_in_year", "530"),
        ("not_valid_in_year", "736"),
        ("not_valid_in_year", "736"),
    ]
    sudan = next(r["message"] for r in rejects if r["raw_text"].startswith("736,"))
    assert "2012" in sudan and "cannot be placed, so none is loaded" in sudan


def test_swapped_name_columns_still_resolve_by_code(store):
    partners = {
        p
        for (p,) in store.con.execute("SELECT DISTINCT partner FROM flows WHERE source_id = ?", [SOURCE.id]).fetchall()
    }
    assert {"BIH", "SVK", "MNP", "BGD"} <= partners
    years = store.con.execute(
        "SELECT min(year), max(year), count(DISTINCT year) FROM flows WHERE source_id = ?", [SOURCE.id]
    ).fetchone()
    assert years == (2010, 2023, 14)


def test_zeros_are_the_agencys_values(store):
    bhutan = store.con.execute(
        "SELECT count(*), max(value) FROM flows WHERE source_id = ? AND partner = 'BTN' AND channel = 'imports'",
        [SOURCE.id],
    ).fetchone()
    assert bhutan == (14, 0.0)


# --- bad input, corrupted on purpose from the real imports file ------------------------------


@pytest.fixture
def feed(crosswalk_store_file, tmp_path):
    return lambda text: ingest_bytes(crosswalk_store_file, tmp_path, SOURCE, IMPORTS, text.encode("utf-8-sig"))


@pytest.fixture(scope="module")
def original() -> str:
    return IMPORTS_FILE.read_bytes().decode("utf-8-sig")


def test_a_header_below_the_first_line_refuses_the_file(feed, original):
    header, first, *rest = original.splitlines(keepends=True)
    with pytest.raises(BadInputFile, match="missing column"):
        feed("".join([first, header, *rest]))


def test_a_year_missing_from_the_header_rejects_every_line(feed, original):
    outcome = feed(original.replace(",2014,2015,2016,", ",2014,2016,", 1))
    assert outcome.reasons() == {"extra_field": COUNTS["imports"][0]}
    assert outcome.flows == []


@pytest.mark.parametrize(
    ("written", "reason", "column"),
    [
        ('"11,339,099.0"', "cast_error", "2023"),
        ('"11 339 099,0"', "cast_error", "2023"),
        ("11 339 099.0", "cast_error", "2023"),
        ('"11339099,0"', "decimal_comma", "2023"),
        ("11,339,099.0", "extra_field", None),  # unquoted, the separators split the value into fields
    ],
)
def test_a_value_with_separators_rejects_its_line(feed, original, written, reason, column):
    outcome = feed(original.replace(",6427708.09,11339099.0", f",6427708.09,{written}", 1))
    china = outcome.rejected(CHINA)
    assert (china["reason"], china["column_name"]) == (reason, column)
    assert not [f for f in outcome.flows if f["partner"] == "CHN"]


def test_a_partner_named_as_an_aggregate_is_rejected(feed, original):
    outcome = feed(original.replace(CHINA, "156,Boshqa mamlakatlar,Другие страны,Other countries,", 1))
    assert outcome.reasons()["not_a_state"] == 2
    assert not [f for f in outcome.flows if f["partner"] == "CHN"]


def test_an_unknown_partner_is_rejected_with_a_suggestion(feed, original):
    outcome = feed(original.replace(CHINA, "999,Xitoyy,Китаи,Chinaa,", 1))
    unknown = outcome.rejected("999,Xitoyy")
    assert unknown["reason"] == "unknown_country"
    assert "(CHN)" in unknown["suggestion"]


def test_a_code_and_names_that_disagree_are_rejected(feed, original):
    outcome = feed(original.replace(CHINA, "643,Xitoy,Китай,China,", 1))
    assert outcome.rejected("643,Xitoy")["reason"] == "ambiguous_country"
