"""Derive ``asean_members_cow_igo.csv``: the spells of full ASEAN membership in COW IGO v3.0.

Reads COW's state-year table (``state_year_format3.csv.gz``, one row per state and year,
one column per IGO; ``asean`` is 1 for a full member, 2 associate, 3 observer, 0 none,
-1 not a system member, -9 missing) and writes one line per spell of full membership:
``ccode`` (COW code), ``state`` (the project's entity id, ISO3, through its crosswalk),
``first_year`` and ``last_year`` (inclusive; the data end in 2014). A spell ends at a
year in which the state is in the table without full membership. Run from the checkout:

    .venv/bin/python data/presets/derive_asean.py PATH/TO/state_year_format3.csv.gz

The output is sorted and written with LF line endings, so two runs give the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from multivector.presets.crosswalk import crosswalk

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "asean_members_cow_igo.csv"
CODES = HERE.parent / "codes"
FULL = 1


def spells(table: pd.DataFrame, igo: str = "asean") -> pd.DataFrame:
    """ccode, first_year, last_year of each unbroken run of full membership in ``igo``."""
    rows = table[["ccode", "year", igo]].sort_values(["ccode", "year"])
    member = rows[igo].eq(FULL)
    run = (member != member.groupby(rows["ccode"]).shift()).cumsum()
    found = rows[member].groupby([rows["ccode"], run]).year.agg(first_year="min", last_year="max")
    return found.reset_index(level=0).reset_index(drop=True)


def derive(source: Path) -> str:
    """The CSV text of the full-membership spells of ASEAN in ``source``."""
    table = pd.read_csv(source, usecols=["ccode", "year", "asean"])
    found = spells(table)
    resolver = crosswalk(CODES.resolve()).resolver
    found.insert(1, "state", [resolver.resolve(str(c), "cow", int(y)) for c, y in zip(found.ccode, found.last_year)])
    found = found.sort_values(["state", "first_year"])
    return found.to_csv(index=False, lineterminator="\n")


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} PATH/TO/state_year_format3.csv.gz")
    OUTPUT.write_text(derive(Path(argv[1])), encoding="utf-8", newline="")
    print(f"wrote {OUTPUT.name}")


if __name__ == "__main__":
    main(sys.argv)
