"""A synthetic, seeded Parquet file shaped like CEPII BACI, for the benchmarks.

Columns as in BACI: ``t`` year (int16), ``i`` exporter and ``j`` importer (int16,
ISO-numeric-like codes), ``k`` HS6 product (int32), ``v`` value in thousand US$ and
``q`` quantity in tonnes (float64, some nulls). Rows are unique on (t, i, j, k) and
sorted that way, as in the BACI files.

Skew, as in real trade:

* country size is lognormal (σ = 1.6, about the spread of GDP across 220 economies);
* a cell (i, j, k) appears with odds proportional to size_i^0.7 · size_j^0.5 · pop_k
  (gravity for the extensive margin), product popularity Zipf (exponent 0.8);
* the value is lognormal around a gravity mean, log v ~ N(2.2 + 0.3·log(size_i·size_j) +
  product effect, 2.4²), so a few dyads and products carry most of the money (median
  flow about 20 thousand US$);
* rows per year grow 4 % a year, as the number of BACI rows does.

The years are fixed (2000-2022 by default) and ``--rows`` sets the density: 300
million rows is about BACI's full panel (~13 million rows a year); 30 million rows is
the same panel a tenth as dense (the same reporters, years and most dyads, fewer
products per dyad).

Each year is drawn on its own and written in row groups of a million rows, so memory is
one year's draws, not the panel's: peak RSS 0.45 GB at 30 million rows and 2.4 GB at 300
million (the whole panel would be about 8 GB in memory).

    python benchmarks/generate_baci.py --rows 30_000_000 --out benchmarks/.work/baci_30m.parquet
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

COUNTRIES = 220
PRODUCTS = 5_000
ROW_GROUP = 1_000_000
SCHEMA = pa.schema(
    [
        ("t", pa.int16()),
        ("i", pa.int16()),
        ("j", pa.int16()),
        ("k", pa.int32()),
        ("v", pa.float64()),
        ("q", pa.float64()),
    ]
)
QUANTITY_MISSING = 0.03  # share of rows without a quantity, about BACI's
VALUE_LOG_MEDIAN = 2.2  # with the gravity and product terms, a median flow of about 20 thousand US$


class World:
    """The fixed draws every year shares: countries, products and their weights."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.country_code = np.sort(rng.choice(np.arange(4, 895), COUNTRIES, replace=False)).astype(np.int16)
        self.product_code = np.sort(rng.choice(np.arange(10_110, 970_000), PRODUCTS, replace=False)).astype(np.int32)
        log_size = rng.normal(0.0, 1.6, COUNTRIES)
        self.log_size = log_size - log_size.mean()
        self.exporter_cdf = _cdf(np.exp(0.7 * self.log_size))
        self.importer_cdf = _cdf(np.exp(0.5 * self.log_size))
        popularity = 1.0 / np.arange(1, PRODUCTS + 1) ** 0.8
        self.product_cdf = _cdf(rng.permutation(popularity))
        self.product_effect = rng.normal(0.0, 1.0, PRODUCTS)
        self.log_unit_value = rng.normal(1.0, 1.2, PRODUCTS)  # thousand US$ per tonne, log


def _cdf(weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    return cdf


def _draw(cdf: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    return np.searchsorted(cdf, rng.random(n), side="right").astype(np.int64)


def year_keys(world: World, rows: int, rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """``rows`` distinct cells i·C·P + j·P + k (sorted), drawn by gravity; also the draws it took."""
    keys = np.empty(0, dtype=np.int64)
    drawn = 0
    while keys.size < rows:
        batch = max(rows - keys.size, rows // 4) * 5 // 4
        i, j, k = (
            _draw(world.exporter_cdf, batch, rng),
            _draw(world.importer_cdf, batch, rng),
            _draw(world.product_cdf, batch, rng),
        )
        drawn += batch
        fresh = ((i * COUNTRIES + j) * PRODUCTS + k)[i != j]
        keys = np.unique(np.concatenate([keys, fresh]))
    if keys.size > rows:
        keys = np.sort(rng.choice(keys, rows, replace=False))
    return keys, drawn


def year_table(world: World, year: int, keys: np.ndarray, rng: np.random.Generator) -> pa.Table:
    """Columns for sorted keys: codes, a lognormal gravity value and a quantity from a unit value."""
    i, rest = np.divmod(keys, COUNTRIES * PRODUCTS)
    j, k = np.divmod(rest, PRODUCTS)
    n = keys.size
    log_v = (
        VALUE_LOG_MEDIAN
        + 0.3 * (world.log_size[i] + world.log_size[j])
        + world.product_effect[k]
        + rng.normal(0.0, 2.4, n)
    )
    value = np.maximum(np.round(np.exp(log_v), 3), 0.001)
    quantity = np.round(value / np.exp(world.log_unit_value[k] + rng.normal(0.0, 0.6, n)), 3)
    missing = rng.random(n) < QUANTITY_MISSING
    return pa.table(
        [
            pa.array(np.full(n, year, dtype=np.int16)),
            pa.array(world.country_code[i]),
            pa.array(world.country_code[j]),
            pa.array(world.product_code[k]),
            pa.array(value),
            pa.array(quantity, mask=missing),
        ],
        schema=SCHEMA,
    )


def rows_per_year(rows: int, years: list[int]) -> np.ndarray:
    weights = 1.04 ** np.arange(len(years))
    counts = np.floor(rows * weights / weights.sum()).astype(np.int64)
    counts[-1] += rows - counts.sum()
    return counts


def generate(rows: int, out: Path, seed: int, first_year: int, last_year: int) -> dict:
    rng = np.random.default_rng(seed)
    world = World(rng)
    years = list(range(first_year, last_year + 1))
    cells = COUNTRIES * (COUNTRIES - 1) * PRODUCTS
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    drawn_total = 0
    with pq.ParquetWriter(partial, SCHEMA) as writer:
        for year, count in zip(years, rows_per_year(rows, years)):
            if count > cells // 2:
                raise SystemExit(
                    f"{count:,} rows in {year} is over half of the {cells:,} possible cells; "
                    "use more years or fewer rows"
                )
            keys, drawn = year_keys(world, int(count), rng)
            drawn_total += drawn
            for start in range(0, keys.size, ROW_GROUP):
                writer.write_table(year_table(world, year, keys[start : start + ROW_GROUP], rng))
    partial.replace(out)
    return {"rows": rows, "years": len(years), "draws_per_row": drawn_total / rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/.work/baci_30m.parquet"))
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--first-year", type=int, default=2000)
    parser.add_argument("--last-year", type=int, default=2022)
    args = parser.parse_args()
    started = time.perf_counter()
    facts = generate(args.rows, args.out, args.seed, args.first_year, args.last_year)
    seconds = time.perf_counter() - started
    size_mb = args.out.stat().st_size / 1e6
    print(
        f"{facts['rows']:,} rows over {facts['years']} years -> {args.out} ({size_mb:,.0f} MB) "
        f"in {seconds:,.1f} s ({facts['draws_per_row']:.2f} draws per row)"
    )


if __name__ == "__main__":
    main()
