"""Armstat's monthly partner file: whole years only, every line accounted for."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from multivector.errors import BadInputFile
from multivector.sources.nso_armenia_trade import SOURCE
from tests.conftest import REPO_DATA
from tests.sources.nso_files import ingest_bytes

SPEC = SOURCE.files[0]
RAW = REPO_DATA / SPEC.path
COUNTS = (11094, 10735, 359, 0)  # rows in, loaded, rejected, deduplicated
RUSSIA_2022 = "Russian Federation,2410962.1,2875198.3,2622504.1,Year,2022"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, (result,) = ingest_source(SOURCE)
    yield store, result
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_line_is_accounted_for(ingested, raw_rows):
    _, result = ingested
    assert result.rows_in == len(raw_rows) == COUNTS[0]
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert (result.rows_in, result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == COUNTS


def test_only_year_lines_of_whole_years_store_flows(store, ingested, raw_rows):
    years = store.con.execute(
        "SELECT DISTINCT year FROM flows WHERE source_id = ? ORDER BY year", [SOURCE.id]
    ).fetchall()
    assert [y for (y,) in years] == list(range(2017, 2023))
    physical = RAW.read_bytes().decode("ascii").split("\r\n")  # line n at index n - 1
    stored = store.con.execute(
        "SELECT file_line, count(*) FROM flows WHERE source_id = ? GROUP BY 1", [SOURCE.id]
    ).fetchall()
    assert all(",Year,20" in physical[line - 1] and not physical[line - 1].endswith(",2023") for line, _ in stored)
    assert sum(n for _, n in stored) == ingested[1].records_written


def test_the_part_year_2023_is_rejected_not_stored_as_a_year(store, raw_rows):
    assert {r["timeperiod"] for r in raw_rows if r["year"] == "2023"} == {"1", "Year"}
    partial = store.rows(
        "SELECT reason, message, raw_text FROM rejects WHERE source_id = ? AND raw_text LIKE '%,Year,2023'", [SOURCE.id]
    )
    year_lines_2023 = [r for r in raw_rows if r["year"] == "2023" and r["timeperiod"] == "Year"]
    assert len(partial) == len(year_lines_2023) > 100
    assert Counter(r["reason"] for r in partial) == {"missing_value": len(partial) - 2, "not_a_state": 2}
    assert all(
        "2023 is not whole in the file (months 1)" in r["message"]
        for r in partial
        if r["reason"] == "missing_value" and r["raw_text"][0] != ","
    )


def test_rejects_are_non_states_empty_names_and_lines_without_a_stored_value(store):
    reasons = dict(
        store.con.execute("SELECT reason, count(*) FROM rejects WHERE source_id = ? GROUP BY 1", [SOURCE.id]).fetchall()
    )
    assert reasons == {"missing_value": 264, "not_a_state": 95}
    empty = store.con.execute(
        "SELECT count(*) FROM rejects WHERE source_id = ? AND message = 'country is empty'", [SOURCE.id]
    ).fetchone()[0]
    assert empty == 67
    names = {
        r[0]
        for r in store.con.execute(
            "SELECT DISTINCT split_part(raw_text, ',', 1) FROM rejects WHERE source_id = ? AND reason = 'not_a_state'",
            [SOURCE.id],
        ).fetchall()
    }
    assert names == {"Unknown country", "EU countries not specified"}


def test_russia_2022_and_the_months_sum_in_detail(store):
    rows = dict(
        store.con.execute(
            "SELECT channel, value FROM flows WHERE source_id = ? AND partner = 'RUS' AND year = 2022", [SOURCE.id]
        ).fetchall()
    )
    assert rows == {"exports": pytest.approx(2410.9621, rel=1e-12), "imports": pytest.approx(2622.5041, rel=1e-12)}
    detail = store.con.execute(
        "SELECT detail FROM flows WHERE source_id = ? AND partner = 'RUS' AND year = 2022 AND channel = 'exports'",
        [SOURCE.id],
    ).fetchone()[0]
    assert detail.startswith("Armstat, exports (annual total; the month lines sum to ")
    assert detail.endswith(": 2410962.1 thousand US$")


# --- bad input, corrupted on purpose from the real file --------------------------------------


@pytest.fixture
def feed(crosswalk_store_file, tmp_path):
    return lambda text: ingest_bytes(crosswalk_store_file, tmp_path, SOURCE, SPEC, text.encode("ascii"))


@pytest.fixture(scope="module")
def original() -> str:
    return RAW.read_bytes().decode("ascii")


def test_a_header_below_the_first_line_refuses_the_file(feed, original):
    header, blank, first, *rest = original.splitlines(keepends=True)
    with pytest.raises(BadInputFile, match="missing column"):
        feed("".join([first, blank, header, *rest]))


def test_a_missing_year_column_refuses_the_file(feed, original):
    without = "".join(
        line.rsplit(",", 1)[0] + "\r\n" if line.strip() else line for line in io.StringIO(original, newline="")
    )
    with pytest.raises(BadInputFile, match="missing column.*year"):
        feed(without)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ('"2,410,962.1"', "cast_error"),
        ("2 410 962.1", "cast_error"),
        ('"2410962,1"', "decimal_comma"),
    ],
)
def test_a_value_with_separators_rejects_its_line(feed, original, written, reason):
    outcome = feed(original.replace(RUSSIA_2022, RUSSIA_2022.replace("2410962.1", written)))
    russia = outcome.rejected(RUSSIA_2022.replace("2410962.1", written))
    assert (russia["reason"], russia["column_name"]) == (reason, "export")
    assert not [f for f in outcome.flows if f["partner"] == "RUS" and f["year"] == 2022]


def test_a_partner_named_as_an_aggregate_is_rejected(feed, original):
    renamed = original.replace("\nChina,", "\nEU countries not specified,")
    outcome = feed(renamed)
    assert not [f for f in outcome.flows if f["partner"] == "CHN"]
    assert outcome.reasons()["not_a_state"] > 95


def test_an_unknown_partner_is_rejected_with_a_suggestion(feed, original):
    outcome = feed(original.replace("\nChina,", "\nChinaa,"))
    unknown = [r for r in outcome.rejects if r["raw_text"].startswith("Chinaa,")]
    assert unknown and {r["reason"] for r in unknown} == {"unknown_country"}
    assert "'China' (CHN)" in unknown[0]["suggestion"]


def test_a_year_with_a_month_missing_from_the_file_is_not_stored(feed, original):
    lines = [line for line in original.splitlines(keepends=True) if not line.endswith(",12,2022\r\n")]
    outcome = feed("".join(lines))
    assert not [f for f in outcome.flows if f["year"] == 2022]
    assert any(
        "2022 is not whole in the file (months 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)" in r["message"]
        for r in outcome.rejects
    )
    assert {f["year"] for f in outcome.flows} == set(range(2017, 2022))
