"""IMF DOTS 2011-2023, Russia by partner and the World's totals: two sources, one file,
every line counted and rejected at most once."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil

import pytest

from multivector.errors import BadInputFile
from multivector.sources.imf_dots_russia_world import PATH, SOURCE, WORLD_TOTALS
from multivector.store import Store
from multivector.store.ingest import ingest_file
from multivector.store.quality import stored_warnings
from tests.conftest import REPO_DATA, snapshot
from tests.sources.nso_files import Outcome

RAW = REPO_DATA / "imf_dots_russia_world" / "dots_2011_2023_russia_and_world_long.csv"
ROWS_IN_PROVENANCE = 10965  # PROVENANCE.md: "10,965 rows"


@pytest.fixture(scope="module")
def ingested(ingest_source):
    store, results = ingest_source(SOURCE)
    yield store, results[0]
    store.close()


@pytest.fixture(scope="module")
def totals(ingested):
    """The World totals ingested into the same store after Russia's flows, as the build does."""
    store, _ = ingested
    [spec] = WORLD_TOTALS.files
    return ingest_file(store, WORLD_TOTALS, spec, REPO_DATA)


@pytest.fixture(scope="module")
def store(ingested):
    return ingested[0]


@pytest.fixture(scope="module")
def raw_rows() -> list[dict]:
    with RAW.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_line_is_counted_by_exactly_one_of_the_two_sources(ingested, totals, raw_rows):
    _, result = ingested
    world = sum(1 for r in raw_rows if r["reporter"] == "World")
    assert len(raw_rows) == ROWS_IN_PROVENANCE
    assert (result.rows_in, totals.rows_in) == (ROWS_IN_PROVENANCE - world, world) == (5133, 5832)
    for counts in (result, totals):
        assert counts.rows_in == counts.rows_loaded + counts.rows_rejected + counts.rows_deduplicated
    assert (result.rows_loaded, result.rows_rejected, result.rows_deduplicated) == (4644, 489, 0)
    assert (totals.rows_loaded, totals.rows_rejected, totals.rows_deduplicated) == (5250, 582, 0)


def test_only_aggregate_partners_of_russia_are_rejected(store, raw_rows):
    reasons = dict(
        store.con.execute(
            "SELECT reason, count(*) FROM rejects WHERE source_id = 'imf_dots_russia_world' GROUP BY 1"
        ).fetchall()
    )
    russian_aggregates = sum(1 for r in raw_rows if r["reporter"] == "Russian Federation" and not r["partner_iso3"])
    assert russian_aggregates == 489
    assert reasons == {"not_a_state": russian_aggregates}


def test_world_rows_reject_aggregates_and_dissolved_units_only(store, totals):
    reasons = dict(
        store.con.execute(
            "SELECT reason, count(*) FROM rejects WHERE source_id = 'imf_dots_russia_world_totals' GROUP BY 1"
        ).fetchall()
    )
    dissolved = {
        name
        for (name,) in store.con.execute(
            "SELECT DISTINCT split_part(raw_text, ',', 4) FROM rejects "
            "WHERE source_id = 'imf_dots_russia_world_totals' AND reason = 'not_valid_in_year'"
        ).fetchall()
    }
    assert reasons == {"not_a_state": 559, "not_valid_in_year": 23}
    assert dissolved == {"Czechoslovakia", "Netherlands Antilles", "Yugoslavia"}


def test_no_line_is_rejected_twice_and_neither_file_is_beyond_the_quality_gates(store, totals):
    lines = store.con.execute(
        "SELECT count(*), count(DISTINCT file_line) FROM rejects WHERE source_id LIKE 'imf_dots_russia_world%'"
    ).fetchone()
    assert lines == (489 + 582, 489 + 582)
    judged = stored_warnings(store)
    assert not [key for key in judged if key[0] in (SOURCE.id, WORLD_TOTALS.id)]


@pytest.mark.parametrize(
    ("variable", "flow", "year", "value"),
    [
        ("imf_world_exports_to", "exports_fob", 2021, 47970.75381),
        ("imf_world_imports_from", "imports_cif", 2022, 79613.34619),
    ],
)
def test_world_totals_of_kazakhstan_match_the_raw_file(store, totals, raw_rows, variable, flow, year, value):
    line, raw = next(
        (n, float(r["value_usd_mn"]))
        for n, r in enumerate(raw_rows, start=2)
        if (r["reporter"], r["flow"], r["partner"], r["year"]) == ("World", flow, "Kazakhstan, Rep. of", str(year))
    )
    stored = store.con.execute(
        "SELECT value, unit, is_estimate, file_line, file_sha256 FROM state_values "
        "WHERE source_id = 'imf_dots_russia_world_totals' AND entity = 'KAZ' AND variable = ? AND year = ?",
        [variable, year],
    ).fetchall()
    sha256 = hashlib.sha256(RAW.read_bytes()).hexdigest()
    assert stored == [(raw, "usd_million_current", False, line, sha256)]
    assert raw == value


def test_world_totals_stay_inside_the_coverage(store, totals):
    spans = {
        variable: (low, high, states)
        for variable, low, high, states in store.con.execute(
            "SELECT variable, min(year), max(year), count(DISTINCT entity) FROM state_values "
            "WHERE source_id = 'imf_dots_russia_world_totals' GROUP BY 1"
        ).fetchall()
    }
    assert spans == {"imf_world_exports_to": (2011, 2023, 210), "imf_world_imports_from": (2011, 2022, 210)}


def test_russia_is_the_reporter_and_the_partner_gets_the_mirror(ingested):
    store, result = ingested
    rows = store.con.execute(
        "SELECT is_mirror, count(*), count(*) FILTER (WHERE reporter = 'RUS'), "
        "count(*) FILTER (WHERE partner = 'RUS') FROM flows "
        "WHERE source_id = 'imf_dots_russia_world' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    n = result.rows_loaded
    assert rows == [(False, n, n, 0), (True, n, 0, n)]


@pytest.mark.parametrize(("year", "provenance_value"), [(2019, 13683), (2021, 18474), (2022, 19612), (2023, 13964)])
def test_russian_exports_to_kazakhstan_match_the_raw_file_and_provenance(store, raw_rows, year, provenance_value):
    raw = next(
        float(r["value_usd_mn"])
        for r in raw_rows
        if (r["reporter"], r["flow"], r["partner"], r["year"])
        == ("Russian Federation", "exports_fob", "Kazakhstan, Rep. of", str(year))
    )
    values = store.con.execute(
        "SELECT is_mirror, reporter, channel, value, is_estimate FROM flows "
        "WHERE source_id = 'imf_dots_russia_world' AND year = ? AND 'KAZ' IN (reporter, partner) "
        "AND ((reporter = 'RUS' AND channel = 'exports') OR (reporter = 'KAZ' AND channel = 'imports')) "
        "ORDER BY is_mirror",
        [year],
    ).fetchall()
    assert values == [(False, "RUS", "exports", raw, False), (True, "KAZ", "imports", raw, False)]
    assert raw == pytest.approx(provenance_value, abs=0.5)


def test_russian_imports_from_turkmenistan_2021(store, raw_rows):
    raw = next(
        float(r["value_usd_mn"])
        for r in raw_rows
        if (r["reporter"], r["flow"], r["partner"], r["year"])
        == ("Russian Federation", "imports_cif", "Turkmenistan", "2021")
    )
    stored = store.con.execute(
        "SELECT value FROM flows WHERE source_id = 'imf_dots_russia_world' AND reporter = 'RUS' "
        "AND partner = 'TKM' AND channel = 'imports' AND year = 2021 AND NOT is_mirror"
    ).fetchall()
    assert stored == [(raw,)] == [(140.494591,)]


def test_years_stay_inside_the_coverage(store):
    spans = dict(
        (channel, (low, high))
        for channel, low, high in store.con.execute(
            "SELECT channel, min(year), max(year) FROM flows WHERE source_id = 'imf_dots_russia_world' "
            "AND reporter = 'RUS' GROUP BY 1"
        ).fetchall()
    )
    assert spans == {"exports": (2011, 2023), "imports": (2011, 2022)}


# --- bad input, corrupted on purpose from the real file --------------------------------------
# Both sources read the one file, so each corrupted copy is fed to both, in the build's order,
# over a store that already holds the shipped file: a refused file must leave that untouched.

RUSSIA_KAZ_2021 = 'Russian Federation,exports_fob,"Kazakhstan, Rep. of",2021,18474.11696,KAZ'
WORLD_KAZ_2021 = 'World,exports_fob,"Kazakhstan, Rep. of",2021,47970.75381,KAZ'
SHIPPED = {
    SOURCE.id: (5133, 4644, 489, 0),  # rows in, loaded, rejected, deduplicated
    WORLD_TOTALS.id: (5832, 5250, 582, 0),
}
STORED = {
    SOURCE.id: ("flows", "year, reporter, partner, channel, is_mirror, value, file_line"),
    WORLD_TOTALS.id: ("state_values", "year, entity, variable, value, file_line"),
}
MISSING_ALL = f"{PATH}: missing column(s) source_file, reporter, flow, partner, year, value_usd_mn"


@pytest.fixture(scope="module")
def shipped_store_file(crosswalk_store_file, tmp_path_factory):
    """The crosswalk plus the shipped file, ingested by both sources."""
    path = tmp_path_factory.mktemp("imf_dots_russia_world_shipped") / "store.duckdb"
    shutil.copyfile(crosswalk_store_file, path)
    with Store(path) as store:
        for source in (SOURCE, WORLD_TOTALS):
            ingest_file(store, source, source.files[0], REPO_DATA)
    return path


@pytest.fixture(scope="module")
def original() -> str:
    return RAW.read_bytes().decode("utf-8")


def _store_with(shipped_store_file, tmp_path, text: str):
    """The text as the file of both sources in a data folder of its own, and a copy of the store."""
    data_dir = tmp_path / "data"
    (data_dir / PATH).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / PATH).write_bytes(text.encode("utf-8"))
    store_path = tmp_path / "store.duckdb"
    shutil.copyfile(shipped_store_file, store_path)
    return data_dir, Store(store_path)


@pytest.fixture
def feed(shipped_store_file, tmp_path):
    """``feed(text)`` → {source id: Outcome}, the text ingested by both sources over the shipped file.

    Checks the balance on the way: each source's rows in = loaded + rejected + deduplicated, as
    its run record says; every non-blank line after the header is counted by exactly one source,
    and no line is both loaded and rejected."""

    def ingest(text: str) -> dict[str, Outcome]:
        data_dir, store = _store_with(shipped_store_file, tmp_path, text)
        fed = {}
        with store:
            for source in (SOURCE, WORLD_TOTALS):
                result = ingest_file(store, source, source.files[0], data_dir)
                table, columns = STORED[source.id]
                rows = store.rows(f"SELECT {columns} FROM {table} WHERE source_id = ?", [source.id])
                rejects = store.rows(
                    "SELECT file_line, reason, message, column_name, raw_text FROM rejects "
                    "WHERE source_id = ? ORDER BY file_line",
                    [source.id],
                )
                run = store.con.execute(
                    "SELECT rows_in, rows_loaded, rows_rejected, rows_deduplicated FROM ingest_runs WHERE run_id = ?",
                    [result.run_id],
                ).fetchone()
                fed[source.id] = outcome = Outcome(result, rejects, rows)
                assert run == outcome.counts()
                assert result.rows_in == result.rows_loaded + result.rows_rejected + result.rows_deduplicated
                assert len({r["file_line"] for r in rejects}) == len(rejects) == result.rows_rejected
                assert len({r["file_line"] for r in rows}) == result.rows_loaded
        non_blank = sum(1 for line in text.splitlines() if line.strip())
        assert sum(f.result.rows_in for f in fed.values()) == non_blank - 1
        loaded = {r["file_line"] for f in fed.values() for r in f.flows}
        assert not loaded & {r["file_line"] for f in fed.values() for r in f.rejects}
        return fed

    return ingest


@pytest.fixture
def refuse(shipped_store_file, tmp_path):
    """``refuse(text)`` → the one-line error both sources refuse the text with; the store keeps
    the shipped file's records, rejects and runs exactly."""

    def ingest(text: str) -> BadInputFile:
        data_dir, store = _store_with(shipped_store_file, tmp_path, text)
        errors = []
        with store:
            before = snapshot(store)
            for source in (SOURCE, WORLD_TOTALS):
                with pytest.raises(BadInputFile) as caught:
                    ingest_file(store, source, source.files[0], data_dir)
                errors.append(caught.value)
            assert snapshot(store) == before
        assert len({str(e) for e in errors}) == 1 and "\n" not in str(errors[0])
        return errors[0]

    return ingest


def _drop_year(line: str) -> str:
    """The line without its fifth field, ``year``, quoted as the csv module writes it."""
    if not line.strip():
        return line
    fields = next(csv.reader([line]))
    del fields[4]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def _kazakhstan_2021(fed: dict[str, Outcome]) -> list[dict]:
    """Russia's exports to Kazakhstan in 2021 and the mirror, and the World's exports to it."""
    flows = [
        r
        for r in fed[SOURCE.id].flows
        if r["year"] == 2021
        and {r["reporter"], r["partner"]} == {"RUS", "KAZ"}
        and (r["reporter"], r["channel"]) in (("RUS", "exports"), ("KAZ", "imports"))
    ]
    totals = [
        r
        for r in fed[WORLD_TOTALS.id].flows
        if (r["entity"], r["year"], r["variable"]) == ("KAZ", 2021, "imf_world_exports_to")
    ]
    return flows + totals


def _line_of(original: str, text: str) -> int:
    (number,) = [n for n, line in enumerate(original.splitlines(), start=1) if text in line]
    return number


# 1. the header row moved


def test_a_blank_line_above_the_header_is_skipped_and_moves_every_line_one_down(feed, original):
    fed = feed("\n" + original)
    assert {source_id: f.counts() for source_id, f in fed.items()} == SHIPPED
    lines = (_line_of(original, RUSSIA_KAZ_2021) + 1, _line_of(original, WORLD_KAZ_2021) + 1)
    assert sorted((r["value"], r["file_line"]) for r in _kazakhstan_2021(fed)) == [
        (18474.11696, lines[0]),
        (18474.11696, lines[0]),
        (47970.75381, lines[1]),
    ]


@pytest.mark.parametrize("above", ["IMF Direction of Trade Statistics, 2024 vintage\n", ",,,,,,\n"])
def test_a_line_of_junk_above_the_header_refuses_the_file(refuse, original, above):
    error = refuse(above + original)
    assert error.message == MISSING_ALL


def test_a_header_below_the_first_data_line_refuses_the_file(refuse, original):
    header, first, *rest = original.splitlines(keepends=True)
    error = refuse("".join([first, header, *rest]))
    assert error.message == MISSING_ALL
    assert "it names rf_exports_2023.xlsx, Russian Federation, exports_fob, World, 2011" in error.hint


# 2. the year column missing


@pytest.mark.parametrize("from_lines", [True, False], ids=["column dropped", "name dropped from header"])
def test_a_header_without_the_year_column_refuses_the_file(refuse, original, from_lines):
    header, *rest = original.splitlines(keepends=True)
    body = "".join(map(_drop_year, rest)) if from_lines else "".join(rest)
    error = refuse(_drop_year(header) + body)
    assert error.message == f"{PATH}: missing column(s) year"


def test_lines_without_their_year_field_are_all_rejected_never_shifted(feed, original):
    header, *rest = original.splitlines(keepends=True)
    fed = feed(header + "".join(map(_drop_year, rest)))
    # the reader rejects the lines before they are split by reporter: all go to the first source
    assert fed[SOURCE.id].counts() == (10965, 0, 10965, 0)
    assert fed[SOURCE.id].reasons() == {"missing_field": 10965}
    assert {r["message"] for r in fed[SOURCE.id].rejects} == {"6 fields where the header has 7"}
    assert fed[WORLD_TOTALS.id].counts() == (0, 0, 0, 0)
    assert fed[SOURCE.id].flows == fed[WORLD_TOTALS.id].flows == []


def test_a_line_without_its_year_field_is_rejected_alone(feed, original):
    line = _line_of(original, RUSSIA_KAZ_2021)
    lines = original.splitlines(keepends=True)
    lines[line - 1] = _drop_year(lines[line - 1])
    fed = feed("".join(lines))
    rejected = fed[SOURCE.id].rejected(RUSSIA_KAZ_2021.replace(",2021,", ","))
    assert (rejected["file_line"], rejected["reason"]) == (line, "missing_field")
    assert fed[SOURCE.id].counts() == (5133, 4643, 490, 0)
    assert fed[WORLD_TOTALS.id].counts() == SHIPPED[WORLD_TOTALS.id]
    assert [r["variable"] for r in _kazakhstan_2021(fed)] == ["imf_world_exports_to"]
    assert not [r for r in fed[SOURCE.id].flows if r["value"] == 18474.11696]


# 3. separators in a value


@pytest.mark.parametrize(
    ("written", "reason", "column"),
    [
        ('"18 474.11696"', "cast_error", "value_usd_mn"),
        ('"18474,11696"', "decimal_comma", "value_usd_mn"),
        ('"18.474,11696"', "cast_error", "value_usd_mn"),
        ('"1,8474.11696"', "cast_error", "value_usd_mn"),
        ("18,474.11696", "extra_field", None),  # unquoted, the separator splits the value into two fields
    ],
)
def test_a_value_with_separators_rejects_its_line(feed, original, written, reason, column):
    corrupted = RUSSIA_KAZ_2021.replace("18474.11696", written)
    fed = feed(original.replace(RUSSIA_KAZ_2021, corrupted, 1))
    rejected = fed[SOURCE.id].rejected(corrupted)
    assert (rejected["file_line"], rejected["reason"], rejected["column_name"]) == (
        _line_of(original, RUSSIA_KAZ_2021),
        reason,
        column,
    )
    assert fed[SOURCE.id].counts() == (5133, 4643, 490, 0)
    assert fed[WORLD_TOTALS.id].counts() == SHIPPED[WORLD_TOTALS.id]
    assert [r["variable"] for r in _kazakhstan_2021(fed)] == ["imf_world_exports_to"]


@pytest.mark.parametrize(("written", "reason"), [('"47 970.75381"', "cast_error"), ("47,970.75381", "extra_field")])
def test_a_world_value_with_separators_rejects_its_line_once(feed, original, written, reason):
    corrupted = WORLD_KAZ_2021.replace("47970.75381", written)
    fed = feed(original.replace(WORLD_KAZ_2021, corrupted, 1))
    # a line the reader cannot split has no reporter yet: it is the first source's reject
    owner, other = (SOURCE.id, WORLD_TOTALS.id) if reason == "extra_field" else (WORLD_TOTALS.id, SOURCE.id)
    assert fed[owner].rejected(corrupted)["reason"] == reason
    assert not [r for r in fed[other].rejects if "47,970" in r["raw_text"] or "47 970" in r["raw_text"]]
    assert fed[SOURCE.id].result.rows_rejected + fed[WORLD_TOTALS.id].result.rows_rejected == 489 + 582 + 1
    assert sorted(r["value"] for r in _kazakhstan_2021(fed)) == [18474.11696, 18474.11696]


def test_a_value_in_strict_groups_of_three_is_read_as_the_imf_writes_it(feed, original):
    """The IMF's own thousands grouping ('1,035.65', see imf_dots) is read, not guessed at:
    only strict groups of three before a decimal point; every other form rejects (above)."""
    fed = feed(original.replace(RUSSIA_KAZ_2021, RUSSIA_KAZ_2021.replace("18474.11696", '"18,474.11696"'), 1))
    assert {source_id: f.counts() for source_id, f in fed.items()} == SHIPPED
    assert sorted(r["value"] for r in _kazakhstan_2021(fed)) == [18474.11696, 18474.11696, 47970.75381]


# 4. an aggregate in a country's place


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Advanced Economies", "not_a_state"),
        ("Euro Area", "not_a_state"),
        ("Europe not specified", "not_a_state"),
        ("Europe", "unknown_country"),  # not an IMF name
    ],
)
def test_a_partner_named_as_an_aggregate_is_rejected_despite_its_iso3(feed, original, name, reason):
    corrupted = RUSSIA_KAZ_2021.replace('"Kazakhstan, Rep. of"', name)
    fed = feed(original.replace(RUSSIA_KAZ_2021, corrupted, 1))
    rejected = fed[SOURCE.id].rejected(corrupted)  # the line still says partner_iso3 KAZ
    assert (rejected["reason"], rejected["column_name"]) == (reason, "partner")
    assert fed[SOURCE.id].counts() == (5133, 4643, 490, 0)
    assert [r["variable"] for r in _kazakhstan_2021(fed)] == ["imf_world_exports_to"]
    assert not [r for r in fed[SOURCE.id].flows if r["value"] == 18474.11696]


def test_a_world_total_for_an_aggregate_is_rejected(feed, original):
    corrupted = WORLD_KAZ_2021.replace('"Kazakhstan, Rep. of"', "Advanced Economies")
    fed = feed(original.replace(WORLD_KAZ_2021, corrupted, 1))
    rejected = fed[WORLD_TOTALS.id].rejected(corrupted)
    assert (rejected["reason"], rejected["column_name"]) == ("not_a_state", "partner")
    assert fed[WORLD_TOTALS.id].counts() == (5832, 5249, 583, 0)
    assert fed[SOURCE.id].counts() == SHIPPED[SOURCE.id]
    assert sorted(r["value"] for r in _kazakhstan_2021(fed)) == [18474.11696, 18474.11696]
