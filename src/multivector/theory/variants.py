"""The four variants of THEORY.md §5: each a score in [0, 1] with its components and evidence.

A variant's score is the mean of its *known* components; a component is ``None`` when the
data to judge it are missing (never 0), and a variant without a known component scores
``None``, its evidence naming what is missing and the source searched. ``clip`` is clipping
to [0, 1]. A *trajectory* reads the years from ``trajectory_since`` (1991) to the year
assessed: *base* is the mean of its first ``window`` years, *recent* of its last ``window``
years; it needs ``2 × window`` years (the two must not overlap) and a last year at most
``recent_within`` years before the year assessed (ATOP ends in 2018, IMF DOTS in 2020; a
series that ended in 1993 says nothing about 2023).

**V1 mitigating exclusive dependence.**
``dependence_fall`` = Σ_c w_c clip((H_base − H_recent) / H_base) / Σ_c w_c over the channels
of the structural domains (economic, security) with a positive weight, H = the hegemon's
attributed share (0 where the vector lacks it). Each channel reads ONE series, the one
running longest (most years; the better-ranked on a tie): splicing a complete IMF series onto
a Factbook partner list would fake a change. A channel with H_base = 0 has nothing to fall
from and is left out. ``partners_rise`` = mean over exports and imports of
clip(1 − N_base / N_recent), N = effective number of partners (1/HHI, complete series only).
Improvement the data demand: IMF DOTS records no trade of the new states with Russia in
1992-93 (nor of Mongolia with the USSR before 1992), so H = 0 there and a base over those
years fakes a rise of dependence; in ``unseen_hegemon_channels`` the leading years without
the hegemon are dropped (from the partner counts too, whose partner lists are incomplete
then). In other channels a leading zero is real (no Russian arms delivered) and kept.

**V2 alternative sources of legitimation.** Memberships held in the year (statuses in
``membership_statuses``; a spell runs from the earliest start to the latest end its claims
give, a missing date being silence; never before the institution was founded), anchored
by the institution fact's ``poles`` (unknown when the fact has no ``poles`` key).
``breadth`` = |anchors ∩ legitimation poles| / |legitimation poles|.
``spans_east_west`` = 1 when the portfolio holds a Eurasian-anchored and a Western-anchored
institution. Improvement over "any Eurasian and any Western anchor": with
``span_exclusive`` (default) an institution counts for one side only when it is anchored on
that side and not on the other, because the OSCE (WEST and RUS) alone would make every
post-Soviet state "span" both; ``span_exclusive=False`` restores the plain definition.
Score = mean of the known components × the C3 factor (1 when C3 holds, ``c3_unknown_factor``
when unknown, 0 when it fails): the seeds tie this variant to regime survival.

**V3 diversifying natural-resource export routes.** One estimate: the first source of
``route_sources`` with an export line of known volume in the year; its largest commodity
in energy terms (volumes × ``mtoe_per_unit``). Baseline: ``route_baseline_year``, or the
first later year in which the source knows a line of that commodity (Kazakh crude starts
with the CPC in 2001) — it must precede the year assessed. ``concentration_fall`` =
clip((HHI_base − HHI_now) / HHI_base) of route shares; ``exposure_fall`` = clip((E_base −
E_now) / E_base), E = share of volume crossing or ending in the hegemon's territory (no
exposure then or now: nothing to fall, None; exposure from none: 0); ``new_routes_avoid_h``
= share of the current volume on lines started after ``route_baseline_year`` that neither
cross nor end in the hegemon (a line of unknown start is not new). No export line → None.

**V4 partner development through infrastructure integration.** ``corridors`` = min(1,
n / ``corridor_saturation``), n = cross-border items of ``corridor_kinds`` in
``corridor_statuses`` naming the state, none of whose states belongs to the hegemon's pole,
dated from ``integration_since`` to the year (undated items count only with
``count_undated_items``; the knowledge base gives the Middle Corridor no start year). A GEM
pipeline the knowledge base also describes is counted once (see ``variant_inputs``).
``finance`` = mean of the known of: ``fdi`` = clip((N_recent − N_base) / (1 − N_base)), N =
non-hegemon share of inward FDI stock (equal to V1's FDI term; only Kazakhstan has the
series); ``development_finance`` = clip(1 − F_base / F_recent), F = mean yearly commitments
of non-hegemon lenders over the first and last ``window`` years of the source's coverage up
to the year (a covered year without a record is 0; recent 0 gives 0). AidData starts in
2000, when Chinese lending to the region was nil, so any lending now scores near 1; a source
that sees only the hegemon's lenders (AidData when the hegemon is CHN) cannot judge (None).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from multivector.channels import CHANNELS
from multivector.defaults import EURASIAN_POLES, POLES
from multivector.measure.panel import TRADE_CHANNELS
from multivector.measure.series import series_of
from multivector.theory.evidence import Evidence, data_item, records
from multivector.theory.frame_rows import each_row
from multivector.theory.panel import Panel, hegemon_rows, longest_series
from multivector.theory.variant_inputs import VariantInputs, load_variant_inputs

__all__ = ["VariantParams", "VariantInputs", "load_variant_inputs", "assess_variants", "LABELS"]

LABELS = {
    "V1": "mitigating exclusive dependence",
    "V2": "alternative sources of legitimation",
    "V3": "diversifying natural-resource export routes",
    "V4": "partner development through infrastructure integration",
}
ROUND = 6


class VariantParams(BaseModel):
    """Thresholds and weights of the four variants (THEORY.md §5)."""

    model_config = ConfigDict(frozen=True)

    window: int = Field(3, ge=1, description="years averaged at the start (base) and end (recent) of a series")
    trajectory_since: int = Field(
        1991, description="first year a trajectory reads (independence; earlier years describe the Soviet era)"
    )
    recent_within: int = Field(
        5, ge=0, description="a series' last year may lie at most this many years before the year assessed"
    )
    unseen_hegemon_channels: tuple[str, ...] = Field(
        ("exports", "imports"),
        description="channels whose leading years without the hegemon are read as the source not seeing it "
        "yet (IMF DOTS has no trade of the new states with Russia before 1993-94), not as nil",
    )
    structural_domains: tuple[str, ...] = Field(("economic", "security"), description="domains whose channels V1 reads")
    legitimation_poles: tuple[str, ...] = Field(POLES, description="poles V2's breadth counts (its denominator)")
    eurasian_poles: tuple[str, ...] = Field(EURASIAN_POLES, description="anchors of a Eurasian institution")
    western_poles: tuple[str, ...] = Field(("WEST",), description="anchors of a Western institution")
    span_exclusive: bool = Field(
        True, description="V2: an institution anchored on both sides counts for neither side of spans_east_west"
    )
    membership_statuses: tuple[str, ...] = Field(
        ("full", "associate", "participant"), description="membership statuses V2 counts (not observers)"
    )
    c3_unknown_factor: float = Field(0.5, ge=0, le=1, description="V2 factor when C3 is unknown")
    route_baseline_year: int = Field(2000, description="V3 baseline year; new routes start after it")
    route_sources: tuple[str, ...] = Field(
        ("knowledge_base", "gem_gas_pipelines"), description="route estimates in order of preference"
    )
    mtoe_per_unit: dict[str, float] = Field(
        default_factory=lambda: {"mt_per_year": 1.0, "bcm_per_year": 0.86},
        description="energy content (Mtoe) per volume unit, to find the largest commodity; "
        "0.86 Mtoe per bcm of gas (Statistical Review of World Energy, conversion factors)",
    )
    corridor_kinds: tuple[str, ...] = Field(
        ("railway", "transport_corridor", "oil_pipeline", "gas_pipeline"), description="infrastructure kinds V4 counts"
    )
    corridor_statuses: tuple[str, ...] = Field(("operating", "construction"), description="item statuses V4 counts")
    integration_since: int = Field(2000, description="V4 counts items dated from this year")
    corridor_saturation: int = Field(3, ge=1, description="V4: this many corridors give corridors = 1")
    count_undated_items: bool = Field(False, description="V4: count items whose start is unknown")


def assess_variants(
    inputs: VariantInputs, panel: Panel, params: VariantParams, hegemon: str, year: int, c3_holds: bool | None
) -> dict:
    """Score, components and evidence of each variant for ``panel.state`` in ``year``."""
    return {
        "V1": _dependence(panel, params, hegemon, year),
        "V2": _legitimation(inputs, params, year, c3_holds),
        "V3": _routes(inputs, params, hegemon, year),
        "V4": _integration(inputs, panel, params, hegemon, year),
    }


# shared pieces ------------------------------------------------------------------------------
def _clip(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def _num(value):
    return None if value is None else round(float(value), ROUND)


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _component(value: float | None, detail) -> dict:
    return {"value": _num(value), "detail": detail}


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _variant(key: str, components: dict[str, dict], evidence: list[Evidence], factor: float = 1.0) -> dict:
    score = _mean(c["value"] for c in components.values())
    return {
        "label": LABELS[key],
        "score": _num(None if score is None else score * factor),
        "components": components,
        "evidence": records(evidence),
    }


_data = data_item  # claim, value, unit, source id(s), year, year_to, ref


Window = tuple[float, list[int]]


def _windows(path: pd.Series, year: int, params: VariantParams) -> tuple[tuple[Window, Window] | None, str]:
    """((base, its years), (recent, its years)) of a year-indexed series, or None and why not.

    Reads the years from ``trajectory_since`` to ``year``; needs ``2 × window`` of them and a
    last one at most ``recent_within`` years before ``year``.
    """
    path = path[(path.index >= params.trajectory_since) & (path.index <= year)].sort_index()
    w = params.window
    if len(path) < 2 * w:
        return None, f"{len(path)} years from {params.trajectory_since} to {year}, fewer than 2 × {w}"
    if path.index[-1] < year - params.recent_within:
        return None, f"last year {int(path.index[-1])}, more than {params.recent_within} years before {year}"
    head, tail = path.iloc[:w], path.iloc[-w:]
    return ((float(head.mean()), [int(y) for y in head.index]), (float(tail.mean()), [int(y) for y in tail.index])), ""


def _hegemon_path(
    panel: Panel, channel: str, hegemon: str, params: VariantParams, year: int, series: str | None = None
):
    """(series, source id, the hegemon's share per year) of one series of a channel, or None.

    The channel's longest series from ``trajectory_since`` to ``year`` unless ``series`` is
    given; 0 where the vector lacks the hegemon (missing where a partial list may hide it
    in its unlisted rest), except the leading years of an
    ``unseen_hegemon_channels`` channel, which are dropped until the hegemon first appears.
    """
    rows = panel.channels
    if rows.empty:
        return None
    rows = rows[(rows.channel == channel) & rows.year.between(params.trajectory_since, year)]
    if series is not None:
        rows = rows[rows.series == series]
    if rows.empty:
        return None
    series = series or longest_series(rows, channel)
    rows = rows[rows.series == series]
    path = hegemon_rows(rows, ["year"], hegemon).set_index("year")["share"]
    if channel in params.unseen_hegemon_channels and (path > 0).any():
        path = path[path.index >= path[path > 0].index[0]]
    return series, str(rows.source_id.iloc[0]), path


def _missing(claim: str, sources: Iterable[str]) -> list[Evidence]:
    return [_data(claim, None, None, s) for s in dict.fromkeys(sources)]


def _pair(claim: str, found: tuple[Window, Window], unit: str, source: str) -> list[Evidence]:
    """The base and recent values of a path as two evidence items."""
    return [
        _data(f"{claim}, {when} mean of {_span(years)}", value, unit, source, years[0], years[-1])
        for (value, years), when in zip(found, ("base", "recent"))
    ]


def _span(years: list[int]) -> str:
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}-{years[-1]}"


# V1 -----------------------------------------------------------------------------------------
def _dependence(panel: Panel, params: VariantParams, hegemon: str, year: int) -> dict:
    falls, fall_detail, evidence = _channel_falls(panel, params, hegemon, year)
    weight = sum(w for _, w in falls.values())
    fall = sum(f * w for f, w in falls.values()) / weight if falls else None
    rises, rise_detail, rise_evidence = _partner_rises(panel, params, hegemon, year)
    evidence += rise_evidence
    if fall is None and not rises:
        structural = [c for c in CHANNELS if CHANNELS[c].domain in params.structural_domains]
        read = [c for c in structural if panel.weights.get(c, 0) > 0] or structural
        evidence += _missing(
            f"no channel of {panel.state}'s {' and '.join(params.structural_domains)} domains "
            f"gives a trajectory of {2 * params.window} years up to {year}",
            (s.source_id for c in read for s in series_of(c)),
        )
    return _variant(
        "V1",
        {
            "dependence_fall": _component(fall, fall_detail),
            "partners_rise": _component(_mean(rises.values()), rise_detail),
        },
        evidence,
    )


def _channel_falls(panel: Panel, params: VariantParams, hegemon: str, year: int):
    falls: dict[str, tuple[float, float]] = {}  # channel → (fall, weight)
    detail: dict[str, str | dict] = {}  # channel → its figures, or why it is not read
    evidence: list[Evidence] = []
    for channel, weight in sorted(panel.weights.items()):
        if weight <= 0 or CHANNELS[channel].domain not in params.structural_domains:
            continue
        found = _hegemon_path(panel, channel, hegemon, params, year)
        if found is None:
            continue
        series, source, path = found
        windows, why = _windows(path, year, params)
        if windows is None:
            detail[channel] = f"{series}: {why}"
            continue
        (base, _), (recent, _) = windows
        if base == 0:
            detail[channel] = f"{series}: no {hegemon} share at base, nothing to fall from"
            continue
        evidence += _pair(f"{hegemon} share of {panel.state}'s {channel} ({series})", windows, "share", source)
        falls[channel] = (_clip((base - recent) / base), weight)
        detail[channel] = {
            "series": series,
            "base": _num(base),
            "recent": _num(recent),
            "fall": _num(falls[channel][0]),
            "weight": weight,
        }
    return falls, detail, evidence


def _partner_rises(panel: Panel, params: VariantParams, hegemon: str, year: int):
    rows = panel.concentration
    rises: dict[str, float] = {}
    detail: dict[str, str | dict] = {}  # channel → its figures, or why it is not read
    evidence: list[Evidence] = []
    for channel in TRADE_CHANNELS:
        mine = (
            rows[(rows.channel == channel) & rows.year.between(params.trajectory_since, year)]
            if not rows.empty
            else rows
        )
        if mine.empty:
            detail[channel] = "no complete partner series"
            continue
        series = longest_series(mine, channel)
        path = mine[mine.series == series].groupby("year")["effective_partners"].mean()
        seen = _hegemon_path(panel, channel, hegemon, params, year, series)
        if seen is not None and not seen[2].empty:
            path = path[path.index >= seen[2].index[0]]
        windows, why = _windows(path, year, params)
        if windows is None:
            detail[channel] = f"{series}: {why}"
            continue
        source = seen[1] if seen is not None else series.split(":")[0]
        evidence += _pair(
            f"effective number of {panel.state}'s {channel} partners ({series})", windows, "partners", source
        )
        (base, _), (recent, _) = windows
        rises[channel] = _clip(1 - base / recent)
        detail[channel] = {"series": series, "base": _num(base), "recent": _num(recent), "rise": _num(rises[channel])}
    return rises, detail, evidence


# V2 -----------------------------------------------------------------------------------------
def _legitimation(inputs: VariantInputs, params: VariantParams, year: int, c3_holds: bool | None) -> dict:
    held = _held(inputs, params, year)
    anchors = {row.institution: row.poles for row in each_row(inputs.institutions)}
    known = {i: anchors[i] for i in held.institution if anchors.get(i) is not None}
    unknown = sorted(set(held.institution) - set(known))
    evidence = [_membership_item(inputs.state, row, known.get(row.institution)) for row in each_row(held)]
    evidence += [
        Evidence(
            claim=f"{row.name} is anchored by {', '.join(row.poles) or 'no pole'}",
            value=",".join(row.poles) or None,
            unit="poles",
            year=_int(row.founded),
            sources=(row.cites,),
            citation=row.citation,
            ref=row.institution,
        )
        for row in each_row(inputs.institutions)
        if row.institution in known
    ]
    factor = {True: 1.0, False: 0.0, None: params.c3_unknown_factor}[c3_holds]
    evidence.append(
        Evidence(
            claim="condition C3 (regime reliance on external balancing) "
            + {True: "holds", False: "fails", None: "is unknown"}[c3_holds],
            value=c3_holds,
            unit="verdict",
            year=year,
            sources=("theory.conditions",),
            citation="C3 verdict of multivector.theory.conditions (THEORY.md §4), with its own evidence",
        )
    )
    if inputs.memberships.empty:
        evidence += _missing(f"no membership of {inputs.state} in the knowledge base", ["knowledge_base"])
        breadth = spans = None
    elif not known and unknown:
        evidence += _missing(
            f"anchor poles unknown for {', '.join(unknown)} (institution attribute 'poles')", ["knowledge_base"]
        )
        breadth = spans = None
    else:
        poles = set().union(*known.values()) if known else set()
        breadth = len(poles & set(params.legitimation_poles)) / len(params.legitimation_poles)
        spans = float(_spans(known.values(), params))
    detail = {
        "memberships": sorted(held.institution),
        "anchors": {i: list(p) for i, p in known.items()},
        "anchors_unknown": unknown,
        "c3_holds": c3_holds,
        "c3_factor": factor,
    }
    return _variant(
        "V2",
        {
            "breadth": _component(breadth, detail),
            "spans_east_west": _component(spans, {"exclusive": params.span_exclusive}),
        },
        evidence,
        factor,
    )


def _membership_item(state: str, row, anchors: tuple[str, ...] | None) -> Evidence:
    poles = "unknown poles" if anchors is None else ", ".join(anchors) or "no pole"
    return Evidence(
        claim=f"{state} is a member ({row.status}) of {row.institution}, anchored by {poles}",
        value=",".join(anchors) if anchors else None,
        unit="poles",
        year=_int(row.year_from),
        sources=(row.cites,),
        citation=row.citation,
        ref=row.fact_id,
    )


def _held(inputs: VariantInputs, params: VariantParams, year: int) -> pd.DataFrame:
    """The spells held in ``year``, one row each (its first dated claim, else its first claim).

    A claim's missing date is silence, not "open": a spell runs from the earliest start any
    claim gives to the latest end any claim gives (Uzbekistan's first CSTO spell ends in 1999
    although one source gives only its start), and never before the institution's founding.
    """
    claims = inputs.memberships
    claims = claims[claims.status.isin(params.membership_statuses)]
    founded = dict(zip(inputs.institutions.institution, inputs.institutions.founded))
    keep = []
    for _, spell in claims.groupby("fact_id", sort=True):
        starts = [y for y in (_int(v) for v in spell.year_from) if y is not None]
        ends = [y for y in (_int(v) for v in spell.year_to) if y is not None]
        opened = _int(founded.get(spell.institution.iloc[0]))
        if (
            (not starts or min(starts) <= year)
            and (not ends or max(ends) >= year)
            and (opened is None or opened <= year)
        ):
            keep.append(spell.sort_values("year_from", na_position="last").iloc[0])
    return pd.DataFrame(keep, columns=claims.columns)


def _spans(anchor_sets: Iterable[tuple[str, ...]], params: VariantParams) -> bool:
    east, west = set(params.eurasian_poles), set(params.western_poles)
    sets = [set(a) for a in anchor_sets]
    if not params.span_exclusive:
        union = set().union(*sets) if sets else set()
        return bool(union & east) and bool(union & west)
    return any(a & east and not a & west for a in sets) and any(a & west and not a & east for a in sets)


# V3 -----------------------------------------------------------------------------------------
def _routes(inputs: VariantInputs, params: VariantParams, hegemon: str, year: int) -> dict:
    chosen = _route_estimate(inputs.route_stats, params, year)
    if chosen is None:
        evidence = _missing(
            f"no export line of {inputs.state} with a known volume in operation in {year}", params.route_sources
        )
        return _variant(
            "V3",
            {
                k: _component(None, "no export route")
                for k in ("concentration_fall", "exposure_fall", "new_routes_avoid_h")
            },
            evidence,
        )
    source, commodity, mine = chosen
    label = f"{inputs.state} {commodity} exports ({source})"
    earlier = [y for y in mine.index if params.route_baseline_year <= y < year and mine.total_volume[y] > 0]
    base_year = min(earlier) if earlier else None
    exposure = _exposure(inputs, source, commodity, hegemon)
    e_now, now = exposure.get(year, 0.0), mine.loc[year]
    detail = {
        "source": source,
        "commodity": commodity,
        "baseline_year": base_year,
        "year": year,
        "hhi_now": _num(now.hhi),
        "exposure_now": _num(e_now),
    }

    def hhi(y):
        return _data(f"route HHI of {label}", float(mine.hhi[y]), "index", source, y)

    def crossing(e, y):
        return _data(f"share of {label} crossing or ending in {hegemon}", e, "share", source, y)

    if base_year is None:
        concentration = exposure_fall = None
        detail["note"] = f"no line of this commodity in operation from {params.route_baseline_year} to {year - 1}"
        evidence = [hhi(year), crossing(e_now, year)]
    else:
        h_base, e_base = float(mine.hhi[base_year]), exposure.get(base_year, 0.0)
        concentration = _clip((h_base - now.hhi) / h_base)
        exposure_fall = None if e_base == 0 and e_now == 0 else 0.0 if e_base == 0 else _clip((e_base - e_now) / e_base)
        detail |= {"hhi_base": _num(h_base), "exposure_base": _num(e_base)}
        evidence = [hhi(base_year), hhi(year), crossing(e_base, base_year), crossing(e_now, year)]
    new_share, new_lines = _new_lines(inputs, source, commodity, params, hegemon, year)
    evidence.append(
        _data(
            f"share of {label} on lines started after {params.route_baseline_year} avoiding {hegemon}",
            new_share,
            "share",
            source,
            year,
        )
    )
    evidence += [
        _data(
            f"{label}: {row.route_name} ({row.line_id}), started {_int(row.year_from)}, avoids {hegemon}",
            float(row.volume),
            row.volume_unit,
            source,
            _int(row.year_from),
            ref=row.line_id,
        )
        for row in each_row(new_lines)
    ]
    evidence.append(
        _data(f"{label}: total volume of lines in operation", float(now.total_volume), now.volume_unit, source, year)
    )
    return _variant(
        "V3",
        {
            "concentration_fall": _component(concentration, detail),
            "exposure_fall": _component(exposure_fall, detail),
            "new_routes_avoid_h": _component(new_share, {"lines": list(new_lines.line_id)}),
        },
        evidence,
    )


def _route_estimate(stats: pd.DataFrame, params: VariantParams, year: int):
    """(source, commodity, its rows by year): the preferred source, its largest commodity in Mtoe."""
    now = stats[(stats.year == year) & (stats.total_volume > 0)]
    source = next((s for s in params.route_sources if (now.source_id == s).any()), None)
    if source is None:
        return None
    now = now[now.source_id == source]
    energy = now.total_volume * now.volume_unit.map(params.mtoe_per_unit)
    # pandas-stubs: idxmax's label is typed Hashable, which loc's index does not take
    commodity = now.loc[energy.fillna(-1).idxmax(), "commodity"]  # type: ignore[index]
    return source, commodity, stats[(stats.source_id == source) & (stats.commodity == commodity)].set_index("year")


def _exposure(inputs: VariantInputs, source: str, commodity: str, hegemon: str) -> dict[int, float]:
    e = inputs.route_exposure
    e = e[(e.source_id == source) & (e.commodity == commodity) & (e.pole == hegemon)]
    return {int(y): float(v) for y, v in zip(e.year, e.exposure)}


def _new_lines(inputs, source, commodity, params, hegemon, year):
    lines = inputs.route_lines
    lines = lines[
        (lines.source_id == source)
        & (lines.commodity == commodity)
        & lines.volume.notna()
        & (lines.year_from.isna() | (lines.year_from <= year))
        & (lines.year_to.isna() | (lines.year_to >= year))
    ]
    avoids = lines.crosses.map(lambda poles: hegemon not in poles).astype(bool)
    new = lines[lines.year_from.notna() & (lines.year_from > params.route_baseline_year) & avoids]
    total = lines.volume.sum()
    return (float(new.volume.sum() / total) if total > 0 else None), new


# V4 -----------------------------------------------------------------------------------------
def _integration(inputs: VariantInputs, panel: Panel, params: VariantParams, hegemon: str, year: int) -> dict:
    corridors, corridor_detail, evidence = _corridors(inputs, params, hegemon, year)
    fdi, fdi_detail, fdi_evidence = _fdi(panel, params, hegemon, year)
    finance, finance_detail, finance_evidence = _development_finance(inputs, params, hegemon, year)
    evidence += fdi_evidence + finance_evidence
    if fdi is None and finance is None:
        searched = [s.source_id for c in ("fdi", "development_finance") for s in series_of(c)]
        evidence += _missing(
            f"no investment or development-finance trajectory for {inputs.state} up to {year}", searched
        )
    return _variant(
        "V4",
        {
            "corridors": _component(corridors, corridor_detail),
            "finance": _component(_mean([fdi, finance]), {"fdi": fdi_detail, "development_finance": finance_detail}),
        },
        evidence,
    )


def _corridors(inputs: VariantInputs, params: VariantParams, hegemon: str, year: int):
    items = inputs.infrastructure
    if items.empty:
        return (
            None,
            "no infrastructure item names the state",
            _missing(f"no infrastructure item naming {inputs.state}", params.route_sources),
        )
    items = items[items.kind.isin(params.corridor_kinds) & items.status.isin(params.corridor_statuses)]
    keep = items.entities.map(
        lambda e: bool(set(e) - {inputs.state}) and all(inputs.pole_of(x) != hegemon for x in e)
    ).astype(bool)
    items = items[keep]
    dated = items.year_from.notna()
    in_time = dated & (items.year_from >= params.integration_since) & (items.year_from <= year)
    counted = items[in_time | (~dated & params.count_undated_items)]
    evidence = [
        Evidence(
            claim=f"{row.name} ({row.kind}, {row.status}) through {', '.join(row.entities)}, avoids {hegemon}",
            value=None,
            unit=None,
            year=_int(row.year_from),
            sources=(row.cites,),
            citation=row.citation,
            ref=row.item,
        )
        for row in each_row(counted)
    ]
    evidence += [
        _data(
            f"items of {source} naming {inputs.state} counted as corridors avoiding {hegemon}, dated "
            f"{params.integration_since}-{year}",
            int((counted.source_id == source).sum()),
            "count",
            source,
            params.integration_since,
            year,
        )
        for source in sorted(set(inputs.infrastructure.source_id))
    ]
    detail = {
        "counted": list(counted.item),
        "undated_not_counted": list(items.item[~dated]) if not params.count_undated_items else [],
    }
    return min(1.0, len(counted) / params.corridor_saturation), detail, evidence


def _fdi(panel: Panel, params: VariantParams, hegemon: str, year: int):
    found = _hegemon_path(panel, "fdi", hegemon, params, year)
    if found is None:
        return None, "no inward FDI series", []
    series, source, h = found
    windows, why = _windows(1 - h, year, params)
    if windows is None:
        return None, f"{series}: {why}", []
    evidence = _pair(f"non-{hegemon} share of {panel.state}'s inward FDI ({series})", windows, "share", source)
    (base, _), (recent, _) = windows
    value = None if base >= 1 else _clip((recent - base) / (1 - base))
    return value, {"series": series, "base": _num(base), "recent": _num(recent), "rise": _num(value)}, evidence


def _development_finance(inputs: VariantInputs, params: VariantParams, hegemon: str, year: int):
    flows, coverage = inputs.development_finance, inputs.finance_coverage
    searched = [s.source_id for s in series_of("development_finance")]
    if flows.empty or coverage is None:
        return None, "no development-finance record", _missing(f"no development finance to {inputs.state}", searched)
    source = str(flows.source_id.iloc[0])
    if (flows.pole == hegemon).all():  # e.g. AidData's Chinese lenders when the hegemon is CHN
        return None, f"{source} records {hegemon} lenders only for the state", []
    years = list(range(coverage[0], min(coverage[1], year) + 1))
    mine = flows[flows.pole != hegemon].groupby("year")["value"].sum()
    windows, why = _windows(mine.reindex(years, fill_value=0.0), year, params)
    if windows is None:
        return None, f"{source}: {why}", []
    evidence = _pair(
        f"development finance to {inputs.state} from non-{hegemon} lenders, yearly",
        windows,
        str(flows.unit.iloc[0]),
        source,
    )
    (base, _), (recent, _) = windows
    value = 0.0 if recent == 0 else _clip(1 - base / recent)
    return value, {"source": source, "base": _num(base), "recent": _num(recent), "growth": _num(value)}, evidence
