"""Adoption conditions C1-C3 (THEORY.md §4): each judged from data, with its evidence, at two moments.

**Two moments.** THEORY.md's conditions describe the situation at independence, when the
states adopted multivectorism, so they are judged twice, separately: ``at_adoption``, in the
window ``adoption_window`` (1991-1996), whose point-in-time parts (borders, distances, the
domain vectors, the regime, the export lines, the commodity list, the memberships) read
``adoption_year`` (1995), and whose trade part pools the window's years; and ``now``, in the
year judged (the last year with data unless asked), whose trade part pools the latest
``recent_trade_years`` years. Each moment records its year (and window); each part its
value, threshold and evidence.

Every part of a condition is *tri-state*: holds (True), does not hold (False) or unknown
(None, when the data to judge it are missing; its evidence then says what is missing and
which source was searched). **Combination rule**: a condition does not hold if any of its
parts does not hold, holds if every part holds, and is unknown otherwise; multivectorism is
*predicted* by the same rule over C1-C3 (all three hold → predicted), at each moment.

**C1 proximity and simultaneous dependence.** ``proximity``: a great power (a pole of
``great_powers``) is near when the state shares a land border with a member (the Factbook's
latest edition ≤ year) or the minimum distance to a member is ≤ ``near_km`` (CShapes 2.0 via
cow_mindist, latest year ≤ year; the series ends in 2019). Holds when ≥ ``min_near_poles``
poles are near. Poles are sets of states, so the WEST is near wherever any EU member is:
Armenia is 936 km from Cyprus and Georgia 849 km from Romania, within the default 1,000 km
(Azerbaijan–Cyprus, 1,002 km, is not); with ``great_powers=EURASIAN_POLES`` (Russia and
China, :mod:`multivector.defaults`) the part asks the seeds' narrower question.
``material_dependence``: the poles (not OTHER or UNLISTED) with a share ≥ θ_co (the
measurement's co-alignment threshold) in the economic or security domain vector of the
latest year ≤ year with data; holds when ≥ ``min_dependent_poles`` poles pass,
is unknown when a domain has no vector and the other does not reach the count. Recent economic
vectors rest on the Factbook's top-five partner lists (the rest unattributed).

**C2 Soviet institutional lock-in.** ``post_soviet_trade``: the share of the state's exports
plus imports that went to the other post-Soviet states (``POST_SOVIET``), pooled over the years
read. A year's trade comes from the first report that records trade with the hegemon, in this
order: the state's own reports to the IMF (DOTS), its statistics office, partners' mirror
reports (DOTS), COW dyadic trade; the evidence names the report of each year (the IMF fills the
own series of non-reporting states, TKM, TJK and UZB before about 2017, from partners' data).
The reports of 1992-1993 mostly omit Russia (no report of Kazakhstan, Ukraine or Uzbekistan
lists it; their 1993 reports put 9-19% of their trade inside the former USSR, against 50-69% in
1994), so such years are left out, each with an item saying so. At adoption the window's
remaining years are pooled (1994-1996 for KAZ, UZB, TKM and UKR; from 1992 or 1993 for the
others); now, the latest ``recent_trade_years`` years with a report. ``infrastructure``: the
share of the state's export route volume (lines in operation in the year read: the CPC, opened
in 2001, and the lines to China do not count at adoption; the Soviet Central Asia–Center gas
system and the Atyrau–Samara oil line do) on lines crossing or ending in the hegemon's
territory, for the largest commodity of each source's estimate (volumes compared in oil
equivalent, :data:`OIL_EQUIVALENT`); holds when every estimate is ≥ ``lockin_share``, fails
when every one is below it, unknown when they straddle it or no route has a known volume. Route
volumes are capacities, the latest a source gives, not throughput (the Soviet-built Central
Asia–Center line counts 90 bcm/y for Turkmenistan), and a line's exporter is the first state of
its route, so for transit states (GEO, UKR, BLR) the "export" lines are transit lines of
others' gas. A line a source gives no first year for counts in every year (evidence lists
them).

**Why ``lockin_share`` = 0.5.** Lock-in means that most of the state's trade and most of its
export capacity still ran inside the Soviet system: half is the point where the former Union
stops being the majority. The seeds calibrate the level: up to 90% of Kazakhstan's trade was
inside the Soviet internal market in 1990, and about 90% of its industrial exports went to
other former republics in the first years after independence (``figures.toml``:
``kaz_trade_share_soviet_market_1990``, ``kaz_industrial_exports_share_fsu_early_1990s``). The
first complete reports measure less, 59-64% for Kazakhstan in 1994-1996 (its own reports;
65-73% in partners' mirror reports), because every kind of trade is counted and the
reorientation had begun; a threshold at Kazakhstan's measured level (about 0.6) would make the
seeds' paradigm case of lock-in marginal, and one far below half would call locked in a state
trading mostly outside the former Union. The same share applies to export routes, where Soviet
lines give shares near 0 or 1 and the cut matters little. The verdicts nearest the threshold
are given with their values (Uzbekistan's trade at adoption: 49.3%), and the sensitivity run
varies it (0.25 and 0.75).

**C3 regime reliance on external balancing.** ``autocracy``: V-Dem's electoral democracy
index (``v2x_polyarchy``, latest ≤ year) below ``autocracy_polyarchy``, 0.5 by default: the
Regimes of the World cut-off below which a regime is not an electoral democracy (Lührmann,
A., Tannenberg, M. & Lindberg, S. I. 2018. Regimes of the World (RoW): Opening New Avenues
for the Comparative Study of Political Regimes. Politics and Governance 6(1): 60-77,
doi:10.17645/pag.v6i1.1214); polity2 is reported beside it. ``rentier``: the Factbook's
top export commodity is in ``resource_commodities`` (:data:`RESOURCES`). The Factbook ranks
by value and gives no shares, and does not tell extraction from trade: Armenia's first export
of 2023, gold, counts like Kazakhstan's crude, while Belarus's first, fertilizers, does not
count. The list is a 2023 snapshot, also used for years up to ``snapshot_lead_years`` before
its data year, so at adoption (1995) ``rentier`` is unknown: no export list of the 1990s is
loaded. ``legitimation``: the poles anchoring the institutions the state belongs to in
``year`` (the knowledge base's institution ``poles``), counting ``legitimation_statuses``;
holds when ≥ ``min_legitimation_poles`` distinct poles. The rows of one membership (several
sources) are pooled: earliest known start, latest known end; a membership without a joining
date counts from its institution's founding. Unknown when the anchors of a membership are not
recorded and could make the count. OSCE (WEST, RUS) and SCO (CHN, RUS) are each anchored by
two poles, so every OSCE participant passes with the defaults; ``joint_institutions=False``
counts only institutions anchored by a single pole.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from multivector.defaults import GREAT_POWERS
from multivector.theory.condition_inputs import EARLY_YEARS, ConditionInputs, load_condition_inputs
from multivector.theory.condition_parts import (
    Context,
    autocracy,
    combine,
    infrastructure,
    legitimation,
    material_dependence,
    post_soviet_trade,
    proximity,
    rentier,
)
from multivector.theory.panel import Panel

__all__ = [
    "CONDITIONS",
    "MOMENTS",
    "ConditionInputs",
    "ConditionParams",
    "assess_conditions",
    "assess_moment",
    "combine",
    "load_condition_inputs",
]

#: The conditions, and the two moments each is judged at (the keys of ``classify``'s ``conditions``).
CONDITIONS = ("C1", "C2", "C3")
MOMENTS = ("at_adoption", "now")

#: Export commodities (as the Factbook writes them) of a rentier economy: fuels, metal ores and
#: metals, precious stones. Not electricity (hydropower), fertilizers or farm goods.
RESOURCES = (
    "crude petroleum",
    "natural gas",
    "refined petroleum",
    "petroleum gas",
    "coal",
    "gold",
    "precious metal ore",
    "copper ore",
    "refined copper",
    "iron ore",
    "iron",
    "radioactive chemicals",
    "uranium",
    "aluminum",
    "aluminum ore",
    "lead ore",
    "zinc ore",
    "nickel",
    "antimony",
    "diamonds",
)


def _f(default, description: str, **limits):
    """A parameter: its default, what it means, and its bounds."""
    return Field(default, description=description, **limits)


class ConditionParams(BaseModel):
    """The thresholds of C1-C3 (THEORY.md §4)."""

    model_config = ConfigDict(frozen=True)

    great_powers: tuple[str, ...] = _f(GREAT_POWERS, "C1: the poles whose proximity counts")
    near_km: float = _f(
        1000.0,
        "C1: a pole is near when one of its members is within this minimum distance (km), or shares a land border",
        ge=0,
    )
    min_near_poles: int = _f(2, "C1: near poles needed for proximity", ge=1)
    min_dependent_poles: int = _f(
        2, "C1: poles with a share ≥ θ_co in the economic or security domain needed for material dependence", ge=1
    )
    adoption_window: tuple[int, int] = _f(
        (1991, 1996),
        "the moment of adoption: first and last year (within "
        f"{EARLY_YEARS[0]}-{EARLY_YEARS[1]}); C2 pools the trade "
        "of its years",
    )
    adoption_year: int = _f(
        1995,
        "the year the point-in-time parts read at adoption (within "
        f"{EARLY_YEARS[0]}-{EARLY_YEARS[1]}): lines in service, borders, regime, "
        "memberships",
        ge=EARLY_YEARS[0],
        le=EARLY_YEARS[1],
    )
    recent_trade_years: int = _f(
        3, "C2 now: the latest years (with a report recording trade with the hegemon) whose trade is pooled", ge=1
    )
    lockin_share: float = _f(
        0.5,
        "C2: share of trade with the other post-Soviet states, and of export-route "
        "volume through the hegemon, at or above which lock-in holds",
        ge=0,
        le=1,
    )
    autocracy_polyarchy: float = _f(
        0.5,
        "C3: V-Dem electoral democracy index below which a regime is autocratic (Regimes of the World cut-off)",
        ge=0,
        le=1,
    )
    resource_commodities: tuple[str, ...] = _f(
        RESOURCES, "C3: Factbook export commodities that make a rentier economy when ranked first"
    )
    snapshot_lead_years: int = _f(
        10,
        "C3: a Factbook export list may date from up to this many years after "
        "the year judged (resource exporters' export structures change slowly)",
        ge=0,
    )
    min_legitimation_poles: int = _f(
        2, "C3: distinct poles anchoring the state's institutions needed for legitimation", ge=1
    )
    legitimation_statuses: tuple[str, ...] = _f(
        ("full", "associate", "participant", "observer"), "C3: membership statuses that count"
    )
    joint_institutions: bool = _f(
        True,
        "C3: count an institution anchored by several poles (SCO, OSCE) for "
        "each of them; False counts single-pole institutions only",
    )

    @field_validator("adoption_window")
    @classmethod
    def _inside_the_first_decade(cls, window: tuple[int, int]) -> tuple[int, int]:
        first, last = window
        if not EARLY_YEARS[0] <= first <= last <= EARLY_YEARS[1]:
            raise ValueError(
                f"the adoption window must run forward inside {EARLY_YEARS[0]}-{EARLY_YEARS[1]}, not {first}-{last}"
            )
        return window


def assess_conditions(
    inputs: ConditionInputs, panel: Panel, params: ConditionParams, hegemon: str, year: int, theta_co: float = 0.15
) -> dict:
    """C1-C3 and the prediction for ``inputs.state`` at adoption and now (``year``), with parts and evidence."""
    window = params.adoption_window
    adoption = Context(inputs, panel, params, hegemon, params.adoption_year, theta_co, window=window)
    return {
        "at_adoption": {"window": list(window), **assess_moment(adoption)},
        "now": assess_moment(Context(inputs, panel, params, hegemon, year, theta_co)),
    }


def assess_moment(ctx: Context) -> dict:
    """``year``, C1-C3 and the prediction at the moment ``ctx`` describes."""
    judged = {
        "C1": _condition({"proximity": proximity(ctx), "material_dependence": material_dependence(ctx)}),
        "C2": _condition({"post_soviet_trade": post_soviet_trade(ctx), "infrastructure": infrastructure(ctx)}),
        "C3": _condition({"autocracy": autocracy(ctx), "rentier": rentier(ctx), "legitimation": legitimation(ctx)}),
    }
    conditions = {name: judged[name]["holds"] for name in CONDITIONS}
    out: dict = {"year": ctx.year, **judged}
    out["predicted"] = {
        "holds": combine(conditions.values()),
        "conditions": conditions,
        "rule": "multivectorism is predicted when C1, C2 and C3 all hold; not predicted "
        "when any does not hold; unknown otherwise",
        "state": ctx.state,
        "year": ctx.year,
        "hegemon": ctx.hegemon,
    }
    return out


def _condition(parts: dict) -> dict:
    return {
        "holds": combine(p.holds for p in parts.values()),
        "parts": {name: p.record() for name, p in parts.items()},
        "evidence": [{**item.record(), "part": name} for name, p in parts.items() for item in p.evidence],
    }
