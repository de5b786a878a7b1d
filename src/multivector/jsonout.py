"""The JSON text of a result: the CLI's ``--json`` and the explorer's API print the same.

Results are dicts and lists of plain values, with a few kinds JSON lacks: a missing number
(NaN, pandas' NA) is ``null``, never ``NaN`` (which is not JSON); NumPy scalars are numbers;
tuples and sets are lists (sets sorted); dates are ISO text; anything else is its ``str``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import Any


def plain(value: Any) -> Any:
    """``value`` made of dicts, lists, strings, finite numbers, booleans and None only."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return [plain(item) for item in sorted(value, key=str)]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return _scalar(value)


def _scalar(value: Any) -> Any:
    """A NumPy or pandas scalar as its Python value; a missing one as None; else its text."""
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "shape", None) == ():
        return plain(item())
    if _is_missing(value):
        return None
    return str(value)


def _is_missing(value: Any) -> bool:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def to_json(value: Any) -> str:
    """The JSON text of ``value``: indented by two, UTF-8 characters as they are.

    >>> print(to_json({"share": float("nan"), "years": (2014, 2022)}))
    {
      "share": null,
      "years": [
        2014,
        2022
      ]
    }
    """
    return json.dumps(plain(value), indent=2, ensure_ascii=False, allow_nan=False)
