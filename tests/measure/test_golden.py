"""Golden values: shares computed from the raw shipped files in plain Python, against the engine.

Named tolerance: GOLDEN_REL (the two paths sum the same decimals in different orders).
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict

import ibis
import pytest

from multivector.measure.measurements import Measurements
from tests.conftest import REPO_DATA

pytestmark = pytest.mark.slow
GOLDEN_REL = 1e-9
TABLES = ("flows", "state_values", "un_votes", "poles")


def _poles() -> dict[str, str]:
    with open(REPO_DATA / "poles" / "poles.csv", encoding="utf-8") as f:
        return {row["entity"]: row["pole"] for row in csv.DictReader(f)}


def _imf_own_exports(iso3: str, year: int) -> dict[str, float]:
    """Partner → USD million, the state's own report, partners that are states only."""
    values: dict[str, float] = defaultdict(float)
    with gzip.open(
        REPO_DATA / "imf_dots" / "dots_postsoviet_mongolia_plus_world_totals.csv.gz", "rt", encoding="utf-8"
    ) as f:
        for row in csv.DictReader(f):
            if (
                row["reporter_iso3"] == iso3
                and row["flow"] == "exports_fob"
                and row["year"] == str(year)
                and row["partner_is_aggregate"] == "False"
                and row["partner_iso3"]
            ):
                value = float(row["value_usd_mn"].removesuffix(" e"))
                if value > 0:
                    values[row["partner_iso3"]] += value
    return values


def _sipri_deliveries(recipient: str, first: int, last: int) -> dict[str, float]:
    """Supplier → TIV delivered in the years, suppliers that are states only."""
    path = REPO_DATA / "sipri" / "trade_register_deliveries_1995_2024_original.csv"
    values: dict[str, float] = defaultdict(float)
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [line.rstrip(";\n") for line in f]
    header = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID"))
    for row in csv.DictReader(lines[header:]):
        if (
            row["Recipient"] == recipient
            and row["Delivery year"]
            and first <= int(row["Delivery year"]) <= last
            and row["TIV delivery values"]
        ):
            if "unknown" not in row["Supplier"].lower():
                values[row["Supplier"]] += float(row["TIV delivery values"])
    return values


@pytest.fixture(scope="module")
def kaz(built_store):
    tables = {name: built_store.table(name) for name in TABLES}
    return Measurements(tables, reporters=["KAZ"])


def test_kazakhstan_export_shares_2014_equal_the_raw_imf_file(kaz):
    raw = _imf_own_exports("KAZ", 2014)
    total = sum(raw.values())
    got = kaz.partner_shares("exports", 1).filter(ibis._.year == 2014).execute()
    got = dict(zip(got.partner, got.share))
    assert set(got) == set(raw)
    for partner in ("RUS", "CHN", "ITA", "NLD"):
        assert got[partner] == pytest.approx(raw[partner] / total, rel=GOLDEN_REL)
    poles = _poles()
    west = sum(v for p, v in raw.items() if poles.get(p) == "WEST") / total
    pole_rows = kaz.pole_shares("exports", 1).filter(ibis._.year == 2014).execute()
    assert dict(zip(pole_rows.pole, pole_rows.share))["WEST"] == pytest.approx(west, rel=GOLDEN_REL)


def test_kazakhstan_arms_suppliers_2019_2023_equal_the_raw_sipri_register(kaz):
    raw = _sipri_deliveries("Kazakhstan", 2019, 2023)
    total = sum(raw.values())
    got = kaz.partner_shares("arms_imports", 5).filter(ibis._.year == 2023).execute()
    assert got["year_from"].unique().tolist() == [2019]
    got = dict(zip(got.partner, got.share))
    assert len(got) == len(raw)
    assert got["RUS"] == pytest.approx(raw["Russia"] / total, rel=GOLDEN_REL)
    assert got["FRA"] == pytest.approx(raw["France"] / total, rel=GOLDEN_REL)
