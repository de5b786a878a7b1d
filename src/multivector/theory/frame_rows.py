"""A pandas frame's rows and groups, typed for the code that reads them by column name.

pandas-stubs types every attribute of an ``itertuples`` row as "any scalar or NA" (a union of
a dozen types), so ``row.share >= theta`` or ``row.fact_id.endswith(...)`` fail the type check
although each column of these frames holds one documented type (``condition_inputs``,
``variant_inputs``, ``panel``). ``each_row`` yields the same named tuples, typed ``Any``;
``each_group`` the groups of a column, its values typed ``Any`` (a year is an int, an id a str).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd


def each_row(frame: pd.DataFrame) -> Iterator[Any]:
    """``frame.itertuples()``: one named tuple per row, the index first, then the columns by name."""
    return frame.itertuples()


def each_group(frame: pd.DataFrame, column: str, sort: bool = True) -> Iterator[tuple[Any, pd.DataFrame]]:
    """``frame.groupby(column, sort=sort)``: (a value of the column, its rows) per value, the value
    typed ``Any`` (pandas-stubs types a group's key as any scalar)."""
    return iter(frame.groupby(column, sort=sort))
