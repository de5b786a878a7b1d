"""The data-quality gates: a stated share of rejects, encoding fallbacks, empty files;
out-of-scope rows never count, known outliers are allowed with a reason."""

from __future__ import annotations

import pytest

from multivector.errors import BadOption, MultivectorWarning
from multivector.rejects import REASONS
from multivector.sources import SOURCES
from multivector.store.ingest import ingest_file
from multivector.store.quality import (
    ALLOWED,
    DEFAULT_THRESHOLD,
    OUT_OF_SCOPE,
    build_warnings,
    judge,
    stored_warnings,
)
from tests.conftest import HEADER, flows_source

SOURCE = flows_source()
SPEC = SOURCE.files[0]
GOOD = "2000,Kazakhstan,Russia,imports,{},usd_million\n"


def kinds(found) -> list[str]:
    return [w.kind for w in found]


def test_the_default_threshold_is_five_percent():
    assert DEFAULT_THRESHOLD == 0.05


@pytest.mark.parametrize(("rejected", "warned"), [(0, False), (5, False), (6, True)])
def test_rejects_warn_only_beyond_the_threshold(rejected, warned):
    found = judge("s", "f.csv", rows_in=100, reasons={"cast_error": rejected} if rejected else {})
    assert kinds(found) == (["rejects"] if warned else [])


def test_the_threshold_is_a_named_parameter():
    assert judge("s", "f.csv", rows_in=100, reasons={"cast_error": 8}, threshold=0.1) == []
    assert kinds(judge("s", "f.csv", rows_in=100, reasons={"cast_error": 8}, threshold=0.05)) == ["rejects"]
    with pytest.raises(BadOption):
        judge("s", "f.csv", rows_in=100, reasons={}, threshold=5)


def test_rows_out_of_scope_count_neither_as_rejects_nor_as_rows():
    # 100 aggregates, 10 states in years before they existed, 1 self-dyad: all by design
    by_design = {"not_a_state": 100, "not_valid_in_year": 10, "self_dyad": 1}
    assert judge("s", "f.csv", rows_in=211, reasons=by_design) == []
    # of the 100 rows in scope, 5 rejected is at the threshold, 6 beyond it
    assert judge("s", "f.csv", rows_in=211, reasons={**by_design, "cast_error": 5}) == []
    [warning] = judge("s", "f.csv", rows_in=211, reasons={**by_design, "cast_error": 6})
    assert warning.counts["in_scope"] == 100 and warning.counts["out_of_scope"] == 111
    assert "6 of 100 rows in scope rejected (6.0% > 5%; cast_error 6)" in warning.message


def test_a_file_of_aggregates_only_passes():
    assert judge("s", "f.json", rows_in=10, reasons={"not_a_state": 10}) == []


def test_an_allowed_outlier_passes_up_to_its_share_and_only_for_its_source():
    [allowed] = [a for a in ALLOWED if a.source_id == "aiddata_gcdf"]
    within = round(allowed.at_most * 1000)
    assert judge("aiddata_gcdf", "f.csv", rows_in=1000, reasons={allowed.reason: within}) == []
    [beyond] = judge("aiddata_gcdf", "f.csv", rows_in=1000, reasons={allowed.reason: within + 1})
    assert beyond.kind == "rejects" and beyond.reasons == {allowed.reason: within + 1}
    assert kinds(judge("other", "f.csv", rows_in=1000, reasons={allowed.reason: within})) == ["rejects"]


def test_every_allow_list_entry_names_a_source_a_reason_and_why():
    sources = {source.id for source in SOURCES}
    for entry in ALLOWED:
        assert entry.source_id in sources and entry.reason in REASONS, entry
        assert entry.why.endswith(".") and 0 < entry.at_most < 1, entry
        assert entry.reason not in OUT_OF_SCOPE
    assert set(OUT_OF_SCOPE) <= set(REASONS)


def test_one_encoding_error_warns_and_is_not_counted_twice():
    [warning] = judge("s", "f.csv", rows_in=278, reasons={"encoding_error": 269}, rows_loaded=9)
    assert warning.kind == "encoding"
    assert warning.message == "f.csv (s): 269 of 278 lines are not UTF-8 (encoding_error); 9 loaded"
    assert kinds(judge("s", "f.csv", rows_in=1000, reasons={"encoding_error": 1})) == ["encoding"]


def test_a_file_without_data_lines_warns():
    assert kinds(judge("s", "f.csv", rows_in=0, reasons={})) == ["empty"]


def test_a_warning_is_one_line_and_a_multivector_warning():
    [warning] = judge("s", "f.csv", rows_in=10, reasons={"cast_error": 3})
    assert "\n" not in warning.one_line() and warning.one_line().startswith(warning.message + " — ")
    shown = warning.as_warning()
    assert isinstance(shown, MultivectorWarning) and shown.slug == "data-quality"
    assert warning.as_dict()["kind"] == "rejects" and warning.as_dict()["message"] == warning.message


def ingest(store, data_dir, body: str):
    (data_dir / SPEC.path).write_text(HEADER + body, encoding="utf-8")
    return ingest_file(store, SOURCE, SPEC, data_dir)


def test_build_warnings_judge_the_stored_run_also_of_an_unchanged_file(store, data_dir):
    body = "".join(GOOD.format(v) for v in range(1, 2)) + "garbage line\n" * 3
    first = ingest(store, data_dir, body)
    [warning] = build_warnings(store, [first])
    assert (warning.source_id, warning.file_name, warning.kind) == ("test_flows", SPEC.path, "rejects")
    again = ingest(store, data_dir, body)
    assert again.status == "unchanged"
    assert build_warnings(store, [again]) == [warning]
    assert stored_warnings(store) == {("test_flows", SPEC.path): [warning]}


def test_build_warnings_are_empty_for_a_clean_file(store, data_dir):
    result = ingest(store, data_dir, GOOD.format(1))
    assert build_warnings(store, [result]) == []


def test_cp1251_lines_warn_as_an_encoding_fallback(store, data_dir):
    path = data_dir / SPEC.path
    cyrillic = "2000,Казахстан,Russia,imports,2,usd_million\n"
    path.write_bytes((HEADER + GOOD.format(1) + cyrillic).encode("cp1251"))
    result = ingest_file(store, SOURCE, SPEC, data_dir)
    assert (result.rows_loaded, result.rows_rejected) == (1, 1)
    assert kinds(build_warnings(store, [result])) == ["encoding"]  # encoding rejects have their own gate


@pytest.mark.slow
def test_the_shipped_data_pass_the_gates(built_store):
    assert stored_warnings(built_store) == {}
