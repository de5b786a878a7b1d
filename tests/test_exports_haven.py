"""``export`` on the store built from the shipped data: the state-year panel read back by R's
haven with its labels and notes, Parquet metadata with units and citations, the filters, and
one-line refusals."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from multivector import __version__, api
from multivector.config import Settings
from multivector.errors import BadOption, UnknownChannel, UnknownFormat, UnknownState, UnknownTable
from multivector.sources import get_source
from multivector.store import Store
from tests.conftest import REPO_DATA

pytestmark = pytest.mark.slow
PAIR = ["KAZ", "UZB"]


@pytest.fixture(scope="module")
def config(built_home) -> Settings:
    return Settings(home=built_home, data_dir=REPO_DATA)


@pytest.fixture(scope="module")
def panel(config) -> pd.DataFrame:
    units = api.state_years(PAIR, (1992, 2023), config=config)
    return api.add_differentiation(api.add_dependence(units, config=config), config=config)


def source_ids(config: Settings, query: str) -> list[str]:
    with Store(config.store_path, read_only=True) as store:
        return sorted(row[0] for row in store.con.cursor().execute(query).fetchall())


def has_haven() -> bool:
    if shutil.which("Rscript") is None:
        return False
    done = subprocess.run(["Rscript", "-e", "library(haven)"], capture_output=True, timeout=60)
    return done.returncode == 0


R_READ = """
d <- haven::read_dta(commandArgs(TRUE)[1])
cat(attr(d, "label"), "\\n", sep = "")
for (n in c("year", "dependence_diplomatic", "differentiation")) cat(n, "=", attr(d[[n]], "label"), "\\n", sep = "")
cat(paste(attr(d, "notes"), collapse = "|"), "\\n", sep = "")
write.csv(as.data.frame(d[, c("state", "year", "dependence_economic", "differentiation")]), stdout(), row.names = FALSE)
"""


@pytest.mark.skipif(not has_haven(), reason="R and its haven package are not installed (make r installs them)")
def test_r_haven_reads_the_panel_with_labels_notes_values_and_missing_as_na(config, panel, tmp_path):
    out = tmp_path / "panel.dta"
    result = api.export("state_years", None, out, config, states=["KAZ", "Uzbekistan"], years="1992-2023")
    assert (result.format, result.rows, result.renamed) == ("dta", len(panel), {}) and len(panel) == 2 * 32
    done = subprocess.run(["Rscript", "-e", R_READ, str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "State-year panel: dependence per domain, differentiation and balance"
    assert lines[1] == "year=Calendar year (year)"
    assert lines[2] == "dependence_diplomatic=Dependence on Russia, diplomatic domain (share 0-1)"
    assert lines[3].startswith("differentiation=Differentiation") and lines[3].endswith("(0-1)")
    notes = lines[4].split("|")
    cited = api.cite(panel)
    assert int(notes[0]) == len(notes) - 1 == cited.count("@") + 1
    assert notes[-1] == f"Written by multivector {__version__}."
    assert "[sipri_trade_register] " + get_source("sipri_trade_register").citation in notes
    read = pd.read_csv(io.StringIO("\n".join(lines[5:])))
    expected = panel[["state", "year", "dependence_economic", "differentiation"]]
    assert read.state.tolist() == expected.state.tolist() and read.year.tolist() == expected.year.tolist()
    pd.testing.assert_series_equal(read.dependence_economic, expected.dependence_economic.astype(float))
    missing = expected.dependence_economic.isna()
    assert missing.any() and read.dependence_economic[missing].isna().all()  # NA in R, never 0


def test_parquet_of_the_panel_carries_units_and_every_source_cited(config, panel, tmp_path):
    out = tmp_path / "panel.parquet"
    api.export("state_years", None, out, config, states=PAIR, years=(1992, 2023))
    footer = pq.read_metadata(out).metadata
    described = json.loads(footer[b"multivector"])
    assert described["columns"]["dependence_security"]["unit"] == "share 0-1"
    assert described["columns"]["dependence_security"]["label"] == "Dependence on Russia, security domain"
    assert described["columns"]["domains_measured"]["unit"] == "count 0-3"
    assert footer[b"bibtex"].decode() + "\n" == api.cite(panel)
    assert [c["key"] for c in described["citations"]] == sorted(
        {c.split("{", 1)[1].split(",", 1)[0] for c in api.cite(panel).split("\n\n")}
    )
    pd.testing.assert_frame_equal(pq.read_table(out).to_pandas(), panel, check_dtype=False)


def test_a_filtered_store_table_cites_the_sources_of_its_rows(config, tmp_path):
    out = tmp_path / "flows.parquet"
    result = api.export("flows", None, out, config, states=["Kazakhstan"], years=2014, channels=["exports"])
    where = "WHERE reporter = 'KAZ' AND year = 2014 AND channel = 'exports'"
    assert result.rows == len(source_ids(config, f"SELECT source_id FROM flows {where}")) > 0
    described = json.loads(pq.read_metadata(out).metadata[b"multivector"])
    assert [c["key"] for c in described["citations"]] == source_ids(
        config, f"SELECT DISTINCT source_id FROM flows {where}"
    )
    assert described["columns"]["is_mirror"]["unit"] == "1 = yes, 0 = no"
    read = pq.read_table(out).to_pandas()
    assert set(read.reporter) == {"KAZ"} and set(read.year) == {2014} and set(read.channel) == {"exports"}


def test_a_stored_panel_table_is_exportable_by_name_with_its_rows_chosen(config, tmp_path):
    out = tmp_path / "summary.dta"
    result = api.export("panel_domain_summary", "dta", out, config, states=["KAZ"], years="2010-2014")
    read = pd.read_stata(out)
    assert result.rows == len(read) == 15 and set(read.reporter) == {"KAZ"}
    with pd.io.stata.StataReader(out) as reader:
        assert reader.variable_labels()["dependence"] == "Dependence on Russia (share 0-1)"
    with Store(config.store_path, read_only=True) as store:
        stored = store.con.cursor().sql(
            "SELECT year, domain, dependence FROM panel_domain_summary WHERE reporter = 'KAZ' AND year BETWEEN 2010 "
            "AND 2014 ORDER BY year, domain"
        )
        expected = stored.df()
    pd.testing.assert_frame_equal(read[["year", "domain", "dependence"]], expected, check_dtype=False)


def test_the_dyad_year_trade_table(config, tmp_path):
    out = tmp_path / "trade.parquet"
    result = api.export("dyad_years", None, out, config, states=["KAZ"], years="2015-2023")
    trade = api.add_trade(api.dyad_years(["KAZ"], years=(2015, 2023), config=config), config=config)
    read = pq.read_table(out).to_pandas()
    assert result.rows == len(trade) and read.share_exports.notna().sum() == trade.share_exports.notna().sum() > 0
    described = json.loads(pq.read_metadata(out).metadata[b"multivector"])
    assert described["columns"]["share_exports"]["unit"] == "share 0-1"
    assert "imf_dots" in [c["key"] for c in described["citations"]]


@pytest.mark.parametrize(
    ("table", "options", "error", "words"),
    [
        ("flow", {}, UnknownTable, "state_years"),
        ("facts", {"channels": ["exports"]}, BadOption, "flows"),
        ("flows", {"channels": ["exprots"]}, UnknownChannel, "exports"),
        ("entities", {"years": "2014"}, BadOption, "--years"),
        ("documents", {"states": ["KAZ"]}, BadOption, "--states"),
        ("flows", {"states": ["Kazakstn"]}, UnknownState, "KAZ"),
        ("flows", {"years": "2014-1992"}, BadOption, "first year"),
        ("flows", {"years": "soon"}, BadOption, "1992-2023"),
        ("state_years", {"channels": ["exports"]}, BadOption, "--channel"),
        ("dyad_years", {}, BadOption, "--states"),
    ],
)
def test_bad_options_are_refused_in_one_line_and_nothing_is_written(config, tmp_path, table, options, error, words):
    out = tmp_path / "x.csv"
    with pytest.raises(error) as raised:
        api.export(table, None, out, config, **options)
    assert words in raised.value.one_line() and "\n" not in raised.value.one_line()
    assert not out.exists()


def test_an_unknown_suffix_without_a_format_is_refused(config, tmp_path):
    with pytest.raises(UnknownFormat, match="--format"):
        api.export("flows", None, tmp_path / "flows.txt", config)
    assert api.export("sources", "csv", tmp_path / "sources.txt", config).format == "csv"


def run_cli(home, *args: str, cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "MULTIVECTOR_HOME": str(home), "MULTIVECTOR_DATA_DIR": str(REPO_DATA)}
    command = [sys.executable, "-m", "multivector", "export", *args]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_command_reads_the_format_from_the_suffix_and_the_states_from_a_list(built_home, panel, tmp_path):
    done = run_cli(
        built_home, "state_years", "--states", "KAZ, UZB", "--years", "1992-2023", "--out", "p.dta", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith(f"wrote {len(panel)} rows to p.dta")
    assert pd.read_stata(tmp_path / "p.dta").state.tolist() == panel.state.tolist()
    refused = run_cli(built_home, "flows", "--out", "flows.txt", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.startswith("error unknown-format: ")
    assert len(refused.stderr.strip().splitlines()) == 1 and "--format" in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.dta"]
