"""The knowledge base's trade figures beside the measured trade of the same pair and year.

The knowledge base keeps figures as the texts give them, several per fact when the texts
disagree (Kazakhstan-China trade in 2022: over US$24 billion from Kazakh statistics, US$31.2
billion from a news agency). Each annual figure of a state's trade with a partner in US$
billions is set beside the trade the measurements read for that pair and year (exports plus
imports on the series the year's measurement uses, ``Measurements.windowed("trade")``)::

    gap = (figure − measured) / measured

|gap| ≤ ``AGREE_WITHIN`` (10%) is agreement; a figure qualified as "over" or "more than"
agrees when it does not exceed the measured value by more than that. Neither side
replaces the other: both are shown with their sources, and a figure with no measured value
(a pair or year the series do not cover) is shown with none.
"""

from __future__ import annotations

import json

import ibis
import pandas as pd

from multivector.measure.measurements import Measurements

AGREE_WITHIN = 0.10
UNIT = "usd_billion_current"
COLUMNS = [
    "fact_id",
    "partner",
    "year",
    "figure_bn",
    "qualifier",
    "cites",
    "text",
    "measured_bn",
    "series",
    "gap",
    "agrees",
]
AT_LEAST = ("over", "more than", "above", "at least")


def trade_figures(m: Measurements, state: str) -> pd.DataFrame:
    """One row per annual trade figure of ``state`` with a partner, with the measured value."""
    figures = _figures(m.tables["facts"], state)
    if figures.empty:
        return pd.DataFrame(columns=COLUMNS)
    mine = Measurements(m.tables, m.params, m.poles, [state], (int(figures.year.min()), int(figures.year.max())))
    trade = mine.windowed("trade", 1)
    measured = (
        trade.filter(trade.partner.isin(sorted(figures.partner.unique())))
        .select("partner", "year", "value", "series")
        .execute()
    )
    measured = measured.assign(measured_bn=measured.value / 1000.0, year=measured.year.astype(int))
    out = figures.merge(measured[["partner", "year", "measured_bn", "series"]], on=["partner", "year"], how="left")
    out["gap"] = (out.figure_bn - out.measured_bn) / out.measured_bn
    out["agrees"] = [_agrees(gap, qualifier) for gap, qualifier in zip(out.gap, out.qualifier)]
    return out[COLUMNS].sort_values(["year", "partner", "figure_bn"], ignore_index=True)


def _agrees(gap: float, qualifier: str | None) -> bool | None:
    if pd.isna(gap):
        return None
    if qualifier in AT_LEAST:
        return gap <= AGREE_WITHIN
    return abs(gap) <= AGREE_WITHIN


def _figures(facts: ibis.Table, state: str) -> pd.DataFrame:
    rows = facts.filter(
        (facts.kind == "figure")
        & (facts.subject == state)
        & (facts.unit == UNIT)
        & facts.object.notnull()
        & facts.valid_from.notnull()
    ).execute()
    annual = rows[
        (rows.valid_from.dt.year == rows.valid_to.dt.year)
        & (rows.valid_from.dt.month == 1)
        & (rows.valid_to.dt.month == 12)
    ]
    trade = annual[annual.fact_id.str.contains("trade")]
    attributes = trade.attributes.map(lambda a: json.loads(a) if isinstance(a, str) else (a or {}))
    return pd.DataFrame(
        {
            "fact_id": trade.fact_id,
            "partner": trade.object,
            "year": trade.valid_from.dt.year.astype(int),
            "figure_bn": trade.value_number,
            "qualifier": [a.get("qualifier") for a in attributes],
            "cites": trade.cites,
            "text": trade.text,
        }
    )
