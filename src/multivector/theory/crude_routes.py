"""A state's crude exports per route in one period, from the knowledge base's cited volumes.

The input is the state's facts as the theory engine holds them (``Panel.facts``: one row per
fact, ``attributes`` parsed to a dict, ``citation`` the cited document's title and id), and
the hegemon as a parameter: ``crude_exports(panel.facts, "KAZ", panel.hegemon)``. A *route
volume* is a figure with a ``route`` (the states the oil passes, origin first), a
``commodity``, a ``unit`` and a ``period``. One period is read from one cited document, so
the volumes compared are like with like.

**Which volumes count.** The state's exports are the route volumes whose route starts in the
state (``route[0]``); transit (a route starting elsewhere) is another state's crude and is
left out. A volume ``part_of`` another is inside it, so the total adds up the volumes that are
part of none, and a volume with parts is split into its parts and its rest::

    T   = Σ v_i                      over the volumes that are part of no other
    r_p = max(0, v_p − Σ_j v_j)      over the parts j of p; the rest keeps p's route

The volumes without parts and the rests (the *leaves*) add up to T. Parts may exceed their
whole as written by rounding (8.2 + 0.217 of "8.4"); the rest is then 0. Routes the source
does not list (rail, road) are not in T: every share is a share of the listed routes' volume.

**Crossing the hegemon.** A leaf crosses the hegemon H when H is in ``route[1:]`` (it crosses
or ends in H's territory); it is unknown when its route is the origin alone (the source does
not say where that oil went, as for the rest of a port's total).

**Shares.** For a group G of leaves, s_G = Σ_{k∈G} v_k / T. The share crossing H takes the
leaves that cross it; its value at the written figures leaves the unknown leaves out. An
item's share (``cpc``) takes the leaves of the volumes naming that infrastructure item (a
part or rest without an item of its own takes its whole's).

**Precision.** A figure written with d decimals has a last-digit unit u = 10^-d · x / w, where
w is the number as written ("217 thousand": w = 217, x = 0.217 Mt, u = 0.001 Mt). Its interval:

* as written, "about", "approximately", "around": [x − u/2, x + u/2]
* "over", "more than": [x, x + u]
* "nearly": [x − u, x]
* "up to": [0, x]

**Bands.** A share is a ratio of sums linear in the figures, so over the box of the figures'
intervals its extremes lie at corners of the box: the band [low, high] is the minimum and the
maximum over the 2^n corners (n figures of the state in the period). The band of the share
crossing H counts the unknown leaves out for its low end and in for its high end.
"""

from __future__ import annotations

import re
from calendar import month_name
from dataclasses import dataclass

import numpy as np
import pandas as pd

from multivector.errors import CuratedDataInvalid, NoData
from multivector.theory.evidence import share_text
from multivector.theory.frame_rows import each_row

COMMODITY = "crude oil"
UNIT = "mt"
UNIT_TEXT = {"mt": "Mt"}
MAX_FIGURES = 16  # 2^16 corners of the figures' box for the bands

#: The part of the last written digit a figure may be off by, (below, above), per qualifier.
SPREAD: dict[str | None, tuple[float, float]] = {
    None: (0.5, 0.5),
    "about": (0.5, 0.5),
    "approximately": (0.5, 0.5),
    "around": (0.5, 0.5),
    "over": (0.0, 1.0),
    "more than": (0.0, 1.0),
    "nearly": (1.0, 0.0),
}

NOT_IN_TOTAL = (
    "Routes the source does not list (rail and road, for instance) are not in the total: "
    "every share is a share of the listed routes' volume."
)

ROUTE_COLUMNS = [
    "fact_id",
    "name",
    "role",
    "parent",
    "route",
    "crosses",
    "item",
    "volume",
    "qualifier",
    "as_written",
    "volume_low",
    "volume_high",
    "share",
    "share_low",
    "share_high",
    "citation",
    "locator",
]


@dataclass(frozen=True)
class Band:
    """A value with the interval its inputs' precision allows."""

    value: float
    low: float
    high: float

    def text(self) -> str:
        return f"{share_text(self.value)} [{share_text(self.low)}, {share_text(self.high)}]"


@dataclass(frozen=True)
class CrudeExports:
    """The state's exports per route in one period; ``routes`` has :data:`ROUTE_COLUMNS`.

    ``routes`` lists every volume of the state (role ``route``, or ``part`` of its ``parent``)
    and every rest of a volume with parts (role ``rest``), with its share of the total and band.
    """

    state: str
    hegemon: str
    period: str
    cites: str  # the document the volumes come from
    citation: str  # its title and id
    unit: str
    routes: pd.DataFrame
    total: Band  # in ``unit``, not a share
    crossing: Band  # share on routes crossing or ending in the hegemon
    unknown: float  # share at the written figures with no route beyond the origin
    items: dict[str, Band]  # share per infrastructure item (``cpc``)
    left_out: tuple[tuple[str, float, tuple[str, ...]], ...]  # (name, volume, route) of others' crude

    @property
    def period_text(self) -> str:
        return period_text(self.period)


def figure_interval(value: float, as_written: str | None, qualifier: str | None) -> tuple[float, float]:
    """The interval a figure may lie in, from its last written digit and its qualifier.

    >>> figure_interval(46.3, "46.3 million", "approximately")
    (46.25, 46.35)
    >>> figure_interval(1.0, "1 million", "more than")
    (1.0, 2.0)
    >>> figure_interval(0.217, "217 thousand", None)
    (0.2165, 0.2175)
    """
    if qualifier == "up to":
        return 0.0, value
    if qualifier not in SPREAD:
        raise CuratedDataInvalid(
            f"qualifier {qualifier!r} has no precision rule", f"use one of {', '.join(q for q in SPREAD if q)} or none"
        )
    written = _written_number(as_written, value)
    decimals = len(written.partition(".")[2])
    unit = 10.0**-decimals * value / float(written) if float(written) else 10.0**-decimals
    below, above = SPREAD[qualifier]
    return round(value - below * unit, 12), round(value + above * unit, 12)


def _written_number(as_written: str | None, value: float) -> str:
    found = re.search(r"\d[\d,]*(?:\.\d+)?", as_written or "")
    return found.group(0).replace(",", "") if found else repr(float(value)).removesuffix(".0")


def route_volumes(facts: pd.DataFrame, commodity: str = COMMODITY, unit: str = UNIT) -> pd.DataFrame:
    """The route volumes of a commodity in the facts: one row per figure with a route.

    Columns: fact_id, period, year, cites, citation, locator, name, route (tuple), origin, item,
    part_of, value, qualifier, as_written, low, high (the figure's interval).
    """
    columns = [
        "fact_id",
        "period",
        "year",
        "cites",
        "citation",
        "locator",
        "name",
        "route",
        "origin",
        "item",
        "part_of",
        "value",
        "qualifier",
        "as_written",
        "low",
        "high",
    ]
    if facts.empty:
        return pd.DataFrame(columns=columns)
    attributes = facts["attributes"]
    mine = facts[
        (facts["kind"] == "figure")
        & (facts["unit"] == unit)
        & attributes.map(lambda a: bool(a.get("route")) and a.get("commodity") == commodity)
    ]
    rows = []
    for fact in mine.to_dict("records"):
        a = fact["attributes"]
        low, high = figure_interval(float(fact["value_number"]), a.get("as_written"), a.get("qualifier"))
        rows.append(
            {
                "fact_id": fact["fact_id"],
                "period": a.get("period") or str(a.get("year")),
                "year": a.get("year"),
                "cites": fact["cites"],
                "citation": fact.get("citation") or fact["cites"],
                "locator": fact["locator"],
                "name": a.get("name") or fact["fact_id"],
                "route": tuple(a["route"]),
                "origin": a["route"][0],
                "item": a.get("item"),
                "part_of": a.get("part_of"),
                "value": float(fact["value_number"]),
                "qualifier": a.get("qualifier"),
                "as_written": a.get("as_written"),
                "low": low,
                "high": high,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def periods(facts: pd.DataFrame, state: str, commodity: str = COMMODITY) -> list[tuple[str, str]]:
    """(period, cited document) of the state's route volumes, oldest first."""
    return _periods(route_volumes(facts, commodity), state)


def _periods(volumes: pd.DataFrame, state: str) -> list[tuple[str, str]]:
    keys = volumes.loc[volumes.origin == state, ["year", "period", "cites"]].drop_duplicates()
    keys = keys.assign(year=keys.year.fillna(0)).sort_values(["year", "period", "cites"])
    return list(zip(keys.period, keys.cites))


def crude_exports(
    facts: pd.DataFrame,
    state: str,
    hegemon: str,
    period: str | None = None,
    cites: str | None = None,
    commodity: str = COMMODITY,
) -> CrudeExports:
    """The state's exports per route in one period from one document (the latest by default).

    ``facts``: the state's facts frame (``Panel.facts``); ``hegemon``: the pole whose territory
    a route may cross (``Panel.hegemon``). Raises NoData when the state has no route volume
    there, CuratedDataInvalid when the volumes contradict each other (all offenders at once).
    """
    volumes = route_volumes(facts, commodity)
    found = _periods(volumes, state)
    if period is not None or cites is not None:
        found = [(p, c) for p, c in found if period in (None, p) and cites in (None, c)]
    if not found:
        raise NoData(
            f"no {commodity} route volume of {state}" + (f" for {period}" if period else ""),
            "add route volumes (figures with a route) to data/facts/figures.toml and rebuild",
        )
    latest = found[-1][0]
    documents = sorted({c for p, c in found if p == latest})
    if len(documents) > 1:
        raise CuratedDataInvalid(
            f"{state}'s {commodity} route volumes for {latest} cite several documents: {', '.join(documents)}",
            "pass cites= to compare one source's volumes",
        )
    chosen = volumes[(volumes.period == latest) & (volumes.cites == documents[0])].reset_index(drop=True)
    _check(chosen)
    exports = chosen[chosen.origin == state].reset_index(drop=True)
    others = chosen[(chosen.origin != state) & chosen.part_of.isna()]
    return CrudeExports(
        state,
        hegemon,
        latest,
        documents[0],
        str(chosen.citation.iloc[0]),
        UNIT,
        **_measured(exports, hegemon),
        left_out=tuple(zip(others.name, others.value, others.route)),
    )


def _check(volumes: pd.DataFrame) -> None:
    """Every part names a volume of the same period and source, follows its route, and fits in it.

    Parts fit when their low ends add up to no more than the whole's high end: 8.2 and
    0.217 Mt of an 8.4 Mt whole add up to 8.417 as written, but fit as rounded figures.
    """
    by_id = volumes.drop_duplicates("fact_id").set_index("fact_id")
    problems = [f"{f} given twice" for f in volumes.fact_id[volumes.fact_id.duplicated()].unique()]
    for row in each_row(volumes[volumes.part_of.notna()]):
        if row.part_of not in by_id.index:
            problems.append(f"{row.fact_id} is part of {row.part_of}, not a volume of {row.period} there")
            continue
        parent = by_id.loc[row.part_of]
        if row.route[: len(parent.route)] != parent.route:
            problems.append(
                f"{row.fact_id}'s route {'→'.join(row.route)} does not start with its "
                f"whole's route {'→'.join(parent.route)}"
            )
    parts = volumes[volumes.part_of.notna()].groupby("part_of").low.sum()
    for whole, low in zip(parts.index, parts, strict=True):
        if whole in by_id.index and low > by_id.loc[whole].high + 1e-9:
            problems.append(
                f"the parts of {whole} add up to at least {low:g}, more than its {by_id.loc[whole].high:g} at most"
            )
    if problems:
        raise CuratedDataInvalid(
            "route volumes that contradict each other: " + "; ".join(problems),
            "fix part_of or the routes in data/facts/figures.toml",
        )


@dataclass(frozen=True)
class _Leaf:
    corners: np.ndarray  # its volume at each corner of the figures' box
    value: float  # its volume at the written figures
    crosses: bool | None
    item: str | None


def _measured(exports: pd.DataFrame, hegemon: str) -> dict:
    """The routes, total and shares of one period's export volumes, each with its band."""
    n = len(exports)
    if n > MAX_FIGURES:
        raise CuratedDataInvalid(
            f"{n} route volumes in one period, more than {MAX_FIGURES}",
            "the bands' corner search needs 2^n evaluations: split the period",
        )
    bits = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    corners = np.where(bits == 1, exports.high.to_numpy(), exports.low.to_numpy())
    top = exports.part_of.isna().to_numpy()
    totals = corners[:, top].sum(axis=1)
    total = Band(float(exports.value[top].sum()), float(totals.min()), float(totals.max()))
    rows, leaves = _rows(exports, corners, hegemon)
    for row in rows:
        share = _share(row.pop("corners"), row["volume"], total.value, totals)
        row.update(share=share.value, share_low=share.low, share_high=share.high)

    def summed(chosen: list[_Leaf]) -> tuple[np.ndarray, float]:
        return sum((x.corners for x in chosen), np.zeros(len(totals))), sum(x.value for x in chosen)

    crossing, _ = summed([x for x in leaves if x.crosses is True])
    maybe, _ = summed([x for x in leaves if x.crosses is not False])
    known = sum(x.value for x in leaves if x.crosses is True)
    unknown = sum(x.value for x in leaves if x.crosses is None)
    items = {
        item: _share(*summed([x for x in leaves if x.item == item]), total.value, totals)
        for item in sorted({x.item for x in leaves if x.item})
    }
    return {
        "routes": pd.DataFrame(rows, columns=ROUTE_COLUMNS),
        "total": total,
        "crossing": Band(known / total.value, float((crossing / totals).min()), float((maybe / totals).max())),
        "unknown": unknown / total.value,
        "items": items,
    }


def _rows(exports: pd.DataFrame, corners: np.ndarray, hegemon: str) -> tuple[list[dict], list[_Leaf]]:
    """The table rows (each whole before its parts and its rest) and the leaves."""
    rows: list[dict] = []
    leaves: list[_Leaf] = []
    children = {
        whole: sorted(group.index, key=lambda j: -exports.value[j]) for whole, group in exports.groupby("part_of")
    }

    def visit(i: int, parent: pd.Series | None) -> None:
        row = exports.iloc[i]
        item = _given(row["item"]) or (None if parent is None else parent["item"])
        row = row.copy()
        row["item"] = item
        crosses = _crosses(row.route, hegemon)
        parts = children.get(row.fact_id, [])
        rows.append(
            {
                **_base(row),
                "role": "route" if parent is None else "part",
                "parent": None if parent is None else parent.fact_id,
                "crosses": crosses,
                "corners": corners[:, i],
            }
        )
        if not parts:
            leaves.append(_Leaf(corners[:, i], row.value, crosses, item))
            return
        for j in parts:
            visit(j, row)
        rest = np.maximum(corners[:, i] - corners[:, parts].sum(axis=1), 0.0)
        value = max(row.value - float(exports.value[parts].sum()), 0.0)
        rows.append(
            {
                **_base(row),
                "fact_id": f"{row.fact_id}:rest",
                "name": f"{row['name']}, the rest",
                "role": "rest",
                "parent": row.fact_id,
                "crosses": crosses,
                "volume": value,
                "qualifier": None,
                "as_written": None,
                "volume_low": float(rest.min()),
                "volume_high": float(rest.max()),
                "corners": rest,
            }
        )
        leaves.append(_Leaf(rest, value, crosses, item))

    for i in sorted(np.flatnonzero(exports.part_of.isna().to_numpy()), key=lambda k: -exports.value[k]):
        visit(int(i), None)
    return rows, leaves


def _base(row: pd.Series) -> dict:
    return {
        "fact_id": row.fact_id,
        "name": row["name"],
        "route": row.route,
        "item": row["item"],
        "volume": row.value,
        "qualifier": row.qualifier,
        "as_written": row.as_written,
        "volume_low": row.low,
        "volume_high": row.high,
        "citation": row.citation,
        "locator": row.locator,
    }


def _share(corners: np.ndarray, value: float, total: float, totals: np.ndarray) -> Band:
    """A volume's share at the written figures, and its minimum and maximum over the corners."""
    shares = corners / totals
    return Band(value / total, float(shares.min()), float(shares.max()))


def _given(value):
    """A text field or None (pandas reads a missing text as NaN)."""
    return None if pd.isna(value) else value


def _crosses(route: tuple[str, ...], hegemon: str) -> bool | None:
    """Whether a route crosses or ends in the hegemon's territory; None when it names no destination."""
    return None if len(route) < 2 else hegemon in route[1:]


def judge(band: Band, threshold: float) -> str:
    """ "over threshold": agree when the band's low end exceeds it, disagree when its high end is
    below it, partly when the band straddles it (the figures' precision cannot settle it).

    >>> judge(Band(0.9, 0.85, 0.95), 0.8), judge(Band(0.8, 0.79, 0.81), 0.8), judge(Band(0.5, 0.4, 0.6), 0.8)
    ('agree', 'partly', 'disagree')
    """
    return "agree" if band.low > threshold else "disagree" if band.high < threshold else "partly"


def period_text(period: str) -> str:
    """'2024-01/2024-10' → 'January-October 2024'; any other period as written."""
    found = re.fullmatch(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})", period)
    if not found:
        return period
    y1, m1, y2, m2 = (int(g) for g in found.groups())
    if y1 == y2:
        return f"{month_name[m1]}-{month_name[m2]} {y1}"
    return f"{month_name[m1]} {y1}-{month_name[m2]} {y2}"


def route_lines(exports: CrudeExports) -> list[str]:
    """One line per route (a whole's parts and rest after it, "of which"), each with its citation,
    then the volumes left out as another state's crude."""
    unit = UNIT_TEXT.get(exports.unit, exports.unit)
    lines = []
    for r in each_row(exports.routes):
        written = " ".join(filter(None, [_given(r.qualifier), _given(r.as_written)]))
        volume = (
            f"{r.volume:.2f} {unit} by difference ({r.volume_low:.2f}-{r.volume_high:.2f})"
            if r.role == "rest"
            else f'{r.volume:g} {unit} (written "{written}" tonnes)'
        )
        where = (
            "destination not given"
            if r.crosses is None
            else f"{'crosses or ends in' if r.crosses else 'avoids'} {exports.hegemon}"
        )
        lead = "of which " if r.role != "route" else ""
        source = f"{exports.cites}, {r.locator}" if r.role != "rest" else f"from {exports.cites}, {r.locator}"
        lines.append(
            f"{lead}{r.name} ({'→'.join(r.route)}; {where}): {volume}, "
            f"{share_text(r.share)} [{share_text(r.share_low)}, {share_text(r.share_high)}] ({source})."
        )
    lines += [
        f"Left out, not {exports.state}'s crude: {name}, {value:g} {unit} ({'→'.join(route)})."
        for name, value, route in exports.left_out
    ]
    return lines
