"""UNGA ideal points, July 2025 release: rows accounted for, PROVENANCE.md's figures, coverage, bad input."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from multivector.errors import BadInputFile
from multivector.sources.base import ParseContext
from multivector.sources.unga_ideal_points_2025 import SOURCE, parse_ideal_points
from tests.conftest import REPO_DATA

RAW = REPO_DATA / SOURCE.files[0].path
PUBLISHED = 0.005  # PROVENANCE.md rounds to two decimals
STATES = ("KAZ", "UZB", "TKM", "KGZ", "TJK", "ARM", "AZE", "GEO", "UKR", "BLR", "MNG", "RUS", "CHN", "USA")
# Years 1992-2024 with no final-passage estimate in the file (no observation, or an empty one):
# PROVENANCE.md's "all focus and comparison states every year" does not hold for these.
NO_FP_ESTIMATE = {"UZB": {1992, 1993, 2001}, "KGZ": {1999, 2001}, "TJK": {2001}, "GEO": {1992}}
NO_ALL_ESTIMATE = {"UZB": {1992, 1993, 2001}, "KGZ": {1999, 2001}, "GEO": {1992}}  # and nobody's in 2024
ESTIMATES = ("bsv2025_ideal_point_fp", "bsv2025_ideal_point_all")


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results[0]
    store.close()


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


def query(store, where: str, params=(), select: str = "count(*)") -> list[tuple]:
    """``SELECT select`` from this source's state_values ``WHERE where``."""
    return store.con.execute(
        f"SELECT {select} FROM state_values WHERE source_id = 'unga_ideal_points_2025' AND {where}", params
    ).fetchall()


def value(store, entity: str, year: int, variable: str = "bsv2025_ideal_point_fp") -> float:
    return query(store, "entity = ? AND year = ? AND variable = ?", [entity, year, variable], "value")[0][0]


def dta(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_stata(buffer, write_index=False, version=118)
    return buffer.getvalue()


def test_every_observation_is_accounted_for(ingested):
    store, result = ingested
    assert result.rows_in == 11440  # PROVENANCE.md: 11,440 country-years
    assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
    assert result.rows_deduplicated == 0
    assert (result.rows_loaded, result.rows_rejected) == (11331, 109)
    rejected = dict(
        store.con.execute(
            "SELECT reason, count(*) FROM rejects WHERE source_id = 'unga_ideal_points_2025' GROUP BY 1"
        ).fetchall()
    )
    # not_valid_in_year: the Ukrainian and Belarusian SSRs 1946-1990 (2 x 44: 1964 has no votes), the
    # ROC seat coded 713 in 1946-48, India 1946, Ghana 1956, Mauritius 1967, Bosnia 1991;
    # missing_value: the other 14 of the 17 observations that hold only the legacy estimate.
    assert rejected == {"not_valid_in_year": 95, "missing_value": 14}
    assert query(store, "(value IS NULL OR isnan(value))") == [(0,)]


def test_provenance_figures(store):
    """PROVENANCE.md: Russia -0.03 / -0.81 / -0.60 in 2021 / 2022 / 2024; 2024: Ukraine 1.28,
    Georgia 0.89, Moldova 0.86, Belarus -0.85, China -0.85; 86-88 final-passage votes in 2022."""
    assert [value(store, "RUS", year) for year in (2021, 2022, 2024)] == pytest.approx(
        [-0.03, -0.81, -0.60], abs=PUBLISHED
    )
    in_2024 = [value(store, state, 2024) for state in ("UKR", "GEO", "MDA", "BLR", "CHN")]
    assert in_2024 == pytest.approx([1.28, 0.89, 0.86, -0.85, -0.85], abs=PUBLISHED)
    [(median, most)] = query(store, "year = 2022 AND variable = 'bsv2025_votes_fp'", (), "median(value), max(value)")
    assert 86 <= median <= most == 88


def test_values_are_the_file_values_as_float32_decimals(store):
    frame = pd.read_stata(RAW, convert_categoricals=False)
    line = frame[(frame.ccode == 705) & (frame.year == 2022)].iloc[0]
    for column, variable in [
        ("idealpointfp", "bsv2025_ideal_point_fp"),
        ("q5all", "bsv2025_ideal_point_all_q05"),
        ("nvotesall", "bsv2025_votes_all"),
    ]:
        assert value(store, "KAZ", 2022, variable) == pytest.approx(float(line[column]), abs=1e-6)


def test_every_studied_state_has_an_estimate_every_year_from_1992(store):
    for variable, gaps, last in [(ESTIMATES[0], NO_FP_ESTIMATE, 2024), (ESTIMATES[1], NO_ALL_ESTIMATE, 2023)]:
        for state in STATES:
            years = {year for (year,) in query(store, "entity = ? AND variable = ?", [state, variable], "year")}
            expected = set(range(1992, last + 1)) - gaps.get(state, set())
            assert expected <= years, (variable, state, sorted(expected - years))
            assert not years & gaps.get(state, set())
    assert query(store, "year = 2024 AND variable = ?", [ESTIMATES[1]]) == [(0,)]


def test_quantiles_bracket_the_estimate(store):
    for variable in ESTIMATES:
        by_year = query(
            store,
            "variable LIKE ? GROUP BY entity, year",
            [variable + "%"],
            f"max(value) FILTER (WHERE variable = '{variable}_q05'), "
            f"max(value) FILTER (WHERE variable = '{variable}'), "
            f"max(value) FILTER (WHERE variable = '{variable}_q95')",
        )
        assert len(by_year) > 10000
        assert all(low < point < high for low, point, high in by_year)


def test_units_name_the_release_and_the_model(store):
    units = dict(query(store, "TRUE", select="DISTINCT variable, unit"))
    assert units == {
        "bsv2025_ideal_point_fp": "bsv_jul2025_fp_scale",
        "bsv2025_ideal_point_fp_q05": "bsv_jul2025_fp_scale",
        "bsv2025_ideal_point_fp_q95": "bsv_jul2025_fp_scale",
        "bsv2025_ideal_point_all": "bsv_jul2025_all_scale",
        "bsv2025_ideal_point_all_q05": "bsv_jul2025_all_scale",
        "bsv2025_ideal_point_all_q95": "bsv_jul2025_all_scale",
        "bsv2025_votes_fp": "count",
        "bsv2025_votes_all": "count",
    }


def test_the_ussr_years_are_the_ussrs(store):
    holders = query(
        store,
        "variable = ? AND entity IN ('SUN', 'RUS', 'UKR', 'BLR') GROUP BY 1 ORDER BY 1",
        [ESTIMATES[0]],
        "entity, min(year), max(year)",
    )
    # COW 369 and 370 denote only Ukraine and Belarus, which the crosswalk holds from 1991-12-26:
    # their 1991 votes, cast as Soviet republics, are therefore stored under UKR and BLR
    assert holders == [("BLR", 1991, 2024), ("RUS", 1992, 2024), ("SUN", 1946, 1991), ("UKR", 1991, 2024)]
    assert query(store, "entity = 'RUS' AND year < 1992") == [(0,)]


def test_a_file_without_its_key_column_fails_in_one_line(store):
    frame = pd.read_stata(RAW, convert_categoricals=False).head(5).drop(columns="ccode")
    with pytest.raises(BadInputFile, match="missing column.*ccode") as error:
        parse_ideal_points(dta(frame), ParseContext(store, SOURCE.files[0].path))
    assert "\n" not in str(error.value)


def test_a_file_that_is_no_stata_file_fails_in_one_line(store):
    with pytest.raises(BadInputFile, match="not a readable Stata") as error:
        parse_ideal_points(b"ccode,year\n2,2024\n", ParseContext(store, SOURCE.files[0].path))
    assert "\n" not in str(error.value)


def test_an_unknown_code_is_rejected_with_a_reason(store):
    frame = pd.read_stata(RAW, convert_categoricals=False)
    frame = frame[(frame.year == 2024) & frame.ccode.isin([705, 2])].copy()
    frame.loc[frame.ccode == 2, "ccode"] = 999
    output = parse_ideal_points(dta(frame), ParseContext(store, SOURCE.files[0].path))
    assert output.rows_in == 2 and [row.key for row in output.rows] == [("705", 2024)]
    [reject] = output.rejects
    assert (reject.reason, reject.column, reject.line) == ("unknown_country", "ccode", 1)
    assert reject.raw.startswith("999,USA,United States,2024.0,")


def test_an_estimate_outside_its_interval_is_rejected(store):
    frame = pd.read_stata(RAW, convert_categoricals=False)
    frame = frame[(frame.year == 2023) & (frame.ccode == 705)].copy()
    frame["q5fp"], frame["q95fp"] = frame["q95fp"], frame["q5fp"]  # two columns swapped
    output = parse_ideal_points(dta(frame), ParseContext(store, SOURCE.files[0].path))
    assert [(r.reason, r.column) for r in output.rejects] == [("out_of_range", "idealpointfp")]
