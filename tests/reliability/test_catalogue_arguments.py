"""The catalogue, part arguments: names in every script resolve; bad arguments are one line, exit 2.

A state's name in Russian, Kazakh or Uzbek (Latin or Cyrillic) is taken as it is; only a code or
name that denotes nothing is checked for letters that only look Latin. Every argument that cannot
be right is refused before the work it would start, in one line with the fix: a year outside the
store's years, a reversed window, a shock outside the state's data, a source without the state's
lines, a draw count out of bounds, a poles file that is no CSV of states and poles.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.catalogue import Case, run_case

YEARS = r"\d{4}-\d{4}"
HEDGING = ("simulate", "hedging", "KAZ")
OUTAGE = ("simulate", "outage", "KAZ", "--commodity", "crude_oil")
POLES_FIX = "give a UTF-8 CSV file with the header entity,pole"


def poles_file(content: bytes | None) -> Callable[[Path], dict]:
    """A setup that writes ``poles.csv`` in the case's folder (``None``: a folder of that name)."""

    def setup(tmp: Path) -> dict:
        if content is None:
            (tmp / "poles.csv").mkdir()
        else:
            (tmp / "poles.csv").write_bytes(content)
        return {}

    return setup


def profile_with_poles(case_id: str, content: bytes | None, exit_code: int, first_line: str) -> Case:
    return Case(
        case_id,
        ("profile", "UZB", "--year", "2014", "--poles", "poles.csv"),
        exit_code,
        first_line,
        setup=poles_file(content),
    )


def year_out_of_range(case_id: str, year: int, *args: str) -> Case:
    return Case(
        case_id,
        (*args, "--year", str(year)),
        2,
        rf"^error bad-option: year {year} is outside the store's data, {YEARS} — give a year from \d{{4}}",
    )


CASES = [
    # names of the crosswalk in every script resolve
    Case("name-russian-cyrillic", ("profile", "Казахстан", "--year", "2014"), 0, r"KAZ · profile 2014"),
    Case("name-kazakh-cyrillic", ("profile", "Қазақстан", "--year", "2014"), 0, r"KAZ · profile 2014"),
    Case("name-uzbek-cyrillic", ("profile", "Ўзбекистон", "--year", "2014"), 0, r"UZB · profile 2014"),
    Case("name-uzbek-latin-turned-comma", ("coverage", "Oʻzbekiston"), 0, r"coverage: UZB"),
    Case("name-imf-spelling", ("coverage", "Kazakhstan, Rep. of"), 0, r"coverage: KAZ"),
    Case("name-russian-transit", (*OUTAGE, "--transit", "Россия"), 0, r"KAZ · crude oil exports · closing RUS"),
    Case("name-soviet-abbreviation", ("coverage", "СССР"), 0, r"coverage: SUN"),
    # look-alike letters, only once nothing resolves
    Case(
        "code-with-cyrillic-a",
        ("profile", "KАZ", "--year", "2014"),
        2,
        r"^error unknown-state: 'KАZ' .*only look Latin: 'А' U\+0410\) — 'KAZ' \(typed with Latin letters\)$",
    ),
    Case("code-all-cyrillic", ("coverage", "ТКМ"), 2, r"only look Latin.* — 'TKM' \(typed with Latin letters\)$"),
    Case(
        "name-latin-k-in-cyrillic",
        ("coverage", "Kазахстан"),
        2,
        r"only look Latin.* — did you mean 'Казахстан' \(KAZ\)",
    ),
    Case(
        "name-misspelt",
        ("coverage", "Kazakhztan"),
        2,
        r"^error unknown-state: 'Kazakhztan' .*not a known code or name\) — did you mean 'Kazakhstan' \(KAZ\)",
    ),
    # usage errors
    Case(
        "year-not-a-number",
        ("profile", "KAZ", "--year", "abc"),
        2,
        r"^error bad-option: invalid value for '--year'.* — see `.*profile --help`$",
    ),
    Case("missing-argument", ("profile",), 2, r"^error bad-option: missing argument 'state' — see `.*profile --help`"),
    Case("missing-option", ("profile", "KAZ"), 2, r"^error bad-option: missing option '--year'"),
    Case(
        "unknown-option",
        ("profile", "KAZ", "--year", "2014", "--colour"),
        2,
        r"^error bad-option: no such option: --colour — see `.*profile --help`",
    ),
    Case(
        "unknown-command",
        ("profiel", "KAZ"),
        2,
        r"^error bad-option: no such command 'profiel'\. Did you mean 'profile'\? — see `",
    ),
    Case("unknown-simulate-command", ("simulate", "hedge"), 2, r"^error bad-option: no such command 'hedge'"),
    # years outside every source's years, and a reversed window
    year_out_of_range("profile-year-1700", 1700, "profile", "KAZ"),
    year_out_of_range("profile-year-3000", 3000, "profile", "KAZ"),
    year_out_of_range("measure-year-1700", 1700, "measure", "KAZ", "-c", "exports"),
    year_out_of_range("classify-year-3000", 3000, "classify", "KAZ"),
    year_out_of_range("routes-year-3000", 3000, "routes", "KAZ"),
    year_out_of_range("chart-year-3000", 3000, "chart", "phases", "KAZ", "--out", "phases.svg"),
    year_out_of_range("report-year-1700", 1700, "report", "KAZ", "--out", "KAZ.html"),
    Case(
        "measure-window-reversed",
        ("measure", "KAZ", "-c", "exports", "--from", "2020", "--to", "2010"),
        2,
        r"^error bad-option: the window 2020-2010 runs backwards — give the first year first: "
        r"--from 2010 --to 2020",
    ),
    # scenarios
    Case(
        "shock-before-the-data",
        (*HEDGING, "--shock", "1900:kappa=0.3"),
        2,
        rf"^error bad-shock: shock year 1900 lies outside KAZ's data, {YEARS} — give shock years from",
    ),
    Case(
        "shock-after-the-data",
        (*HEDGING, "--shock", "2022:rho=1;2100:kappa=0.3"),
        2,
        rf"^error bad-shock: shock year 2100 lies outside KAZ's data, {YEARS}",
    ),
    Case("shock-unreadable", (*HEDGING, "--shock", "2022:kapa=0.3"), 2, r"^error bad-shock: .*unknown key 'kapa'"),
    Case(
        "outage-unknown-source",
        (*OUTAGE, "--route", "CPC", "--source", "nosuch"),
        2,
        r"^error unknown-source: .*'nosuch' — sources of KAZ's crude oil lines: knowledge_base$",
    ),
    Case(
        "outage-transit-unknown-source",
        (*OUTAGE, "--transit", "RUS", "--source", "nosuch"),
        2,
        r"^error unknown-source: .* — sources of KAZ's crude oil lines: knowledge_base$",
    ),
    Case(
        "outage-unknown-commodity",
        ("simulate", "outage", "KAZ", "--commodity", "coal", "--route", "CPC"),
        2,
        r"^error unknown-commodity: .* — give one of: .*crude_oil",
    ),
    Case(
        "draws-zero",
        (*HEDGING, "--draws", "0"),
        2,
        r"^error bad-option: draws must be a whole number from 1 to 200,000, not 0 — give --draws N",
    ),
    Case("draws-negative", (*HEDGING, "--draws", "-5"), 2, r"^error bad-option: draws must be .* not -5"),
    Case(
        "draws-ten-million", (*HEDGING, "--draws", "10000000"), 2, r"^error bad-option: draws must be .* not 10000000"
    ),
    Case("draws-not-a-number", (*HEDGING, "--draws", "many"), 2, r"^error bad-option: invalid value for '--draws'"),
    Case("seed-negative", (*HEDGING, "--seed", "-1"), 2, r"^error bad-option: seed must be a whole number ≥ 0, not -1"),
    # unknown values list the valid ones
    Case(
        "unknown-channel",
        ("measure", "KAZ", "-c", "exprots"),
        2,
        r"^error unknown-channel: no channel 'exprots' — choose one of exports, imports",
    ),
    Case(
        "unknown-chart",
        ("chart", "pie", "KAZ", "--out", "pie.svg"),
        2,
        r"^error bad-option: no chart 'pie' — choose one of phases, ",
    ),
    Case(
        "unknown-export-table",
        ("export", "flow", "--format", "csv", "--out", "flow.csv"),
        2,
        r"^error unknown-table: no table 'flow' in the store — choose one of: .*flows",
    ),
    Case(
        "unknown-export-format",
        ("export", "flows", "--format", "xls", "--out", "flows.xls"),
        2,
        r"^error unknown-format: no export format 'xls' — choose one of: csv, parquet, dta, xlsx",
    ),
    # poles files
    Case(
        "poles-missing",
        ("profile", "UZB", "--year", "2014", "--poles", "nosuch.csv"),
        2,
        rf"^error bad-input-file: no poles file at nosuch.csv — {POLES_FIX}",
    ),
    profile_with_poles(
        "poles-folder", None, 2, rf"^error bad-input-file: the poles file .*poles.csv is a folder — {POLES_FIX}"
    ),
    profile_with_poles(
        "poles-empty", b"", 2, rf"^error bad-input-file: the poles file poles.csv is empty — {POLES_FIX}"
    ),
    profile_with_poles(
        "poles-binary",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        2,
        rf"^error bad-input-file: the poles file poles.csv is not a text file — {POLES_FIX}",
    ),
    profile_with_poles(
        "poles-cp1251",
        "entity,pole\nРоссия,RUS\nКазахстан,RUS\n".encode("cp1251"),
        2,
        r"^error bad-input-file: the poles file poles.csv is not UTF-8 \(line 2\); it reads as "
        r"Windows-1251 \(Cyrillic\) — re-save it as UTF-8",
    ),
    profile_with_poles(
        "poles-unknown-state",
        b"entity,pole\nRUS,RUS\nNarnia,WEST\n",
        2,
        r"^error bad-input-file: poles.csv: line 3: 'Narnia' is not a known code or name.* — "
        r"fix these lines",
    ),
    profile_with_poles(
        "poles-state-in-two-poles",
        b"entity,pole\nKAZ,RUS\nKazakhstan,CHN\n",
        2,
        r"^error bad-input-file: poles.csv: line 3: KAZ is in two poles \(RUS, CHN\); "
        r"keep one line per state",
    ),
    profile_with_poles(
        "poles-header-only",
        b"entity,pole\n",
        2,
        r"^error bad-input-file: poles.csv maps no state to a pole — add lines entity,pole",
    ),
    profile_with_poles(
        "poles-cyrillic-names", "entity,pole\nРоссия,RUS\nҚазақстан,RUS\nCHN,CHN\n".encode(), 0, r"UZB · profile 2014"
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_arguments(case: Case, tmp_path: Path, built_home: Path) -> None:
    run_case(case, tmp_path, built_home)
