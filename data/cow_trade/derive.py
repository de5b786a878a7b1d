"""Derive ``cow_trade_dyads.csv.gz`` from peacesciencer's ``cow_trade_ddy.rds`` (COW Dyadic Trade v4.0).

    .venv/bin/python data/cow_trade/derive.py PATH/TO/cow_trade_ddy.rds

The ``.rds`` lists every dyad-year twice, once from each side, with ``flow1``/``flow2``
and ``smoothflow1``/``smoothflow2`` swapped. The loader reads both flows from one line,
so only the line with ``ccode1 < ccode2`` is kept; the script refuses a file in which a
line has no mirror or its mirror holds other values (nothing would then be lost).

Columns: ``ccode1, ccode2, iso3_1, iso3_2, year, flow1, flow2, smoothflow1, smoothflow2``;
the ISO3 columns come from the countrycode code list (``cown`` -> ``iso3c``, empty for a
COW code without one), NA stays empty, lines are sorted by ``ccode1, year, ccode2``.
The CSV has LF line endings and is gzipped with mtime 0 and no file name, so two runs
write the same bytes. Needs pandas and pyreadr (both in the project's lock).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import sys
from pathlib import Path

import pandas as pd
import pyreadr

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "cow_trade_dyads.csv.gz"
CODELIST = HERE.parent / "codes" / "countrycode" / "codelist.csv"
SOURCE_SHA256 = "b904e5dad332013c1ee68188c099902e18417ef906e9545043db30212420aeb7"

KEY = ["ccode1", "ccode2", "year"]
VALUES = ["flow1", "flow2", "smoothflow1", "smoothflow2"]
COLUMNS = ["ccode1", "ccode2", "iso3_1", "iso3_2", "year", *VALUES]
MIRRORED = {"ccode1": "ccode2", "ccode2": "ccode1", "flow1": "flow2", "flow2": "flow1"}
MIRRORED |= {"smoothflow1": "smoothflow2", "smoothflow2": "smoothflow1"}


def read_rds(source: Path) -> pd.DataFrame:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{source.name}: sha256 {digest} is not the pinned {SOURCE_SHA256}")
    table = pyreadr.read_r(source)[None]
    return table.astype({column: "int64" for column in KEY})


def check_mirrored(table: pd.DataFrame) -> None:
    """Every line has its mirror line with the same values swapped (NA matching NA)."""
    mirror = table.rename(columns=MIRRORED)
    both = table.merge(mirror, on=KEY, how="left", suffixes=("", "_mirror"), indicator=True)
    unmatched = int((both["_merge"] != "both").sum())
    differ = sum(
        int((both[c].ne(both[f"{c}_mirror"]) & ~(both[c].isna() & both[f"{c}_mirror"].isna())).sum()) for c in VALUES
    )
    if unmatched or differ or table.duplicated(KEY).any():
        sys.exit(f"not a mirrored file: {unmatched} lines without a mirror, {differ} values differ from it")


def iso3_by_cow() -> dict[int, str]:
    codes = pd.read_csv(CODELIST, usecols=["cown", "iso3c"]).dropna()
    return {int(cown): iso3 for cown, iso3 in zip(codes.cown, codes.iso3c)}


def derive(source: Path) -> bytes:
    """The gzipped CSV: one line per dyad-year, ``ccode1 < ccode2``."""
    table = read_rds(source)
    check_mirrored(table)
    kept = table[table.ccode1 < table.ccode2].copy()
    iso3 = iso3_by_cow()
    kept["iso3_1"], kept["iso3_2"] = kept.ccode1.map(iso3), kept.ccode2.map(iso3)
    kept = kept.sort_values(["ccode1", "year", "ccode2"])[COLUMNS]
    text = kept.to_csv(index=False, lineterminator="\n").encode("utf-8")
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0) as archive:
        archive.write(text)
    return packed.getvalue()


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} PATH/TO/cow_trade_ddy.rds")
    OUTPUT.write_bytes(derive(Path(argv[1])))
    print(f"wrote {OUTPUT.name}")


if __name__ == "__main__":
    main(sys.argv)
