"""Adoption conditions C1-C3 (THEORY.md §4): each judged from data, with its evidence.

Every part of a condition is *tri-state*: holds (True), does not hold (False) or unknown
(None, when the data to judge it are missing; its evidence then says what is missing and
which source was searched). **Combination rule**: a condition does not hold if any of its
parts does not hold, holds if every part holds, and is unknown otherwise; multivectorism is
*predicted* by the same rule over C1-C3 (all three hold → predicted).

**C1 proximity and simultaneous dependence.** ``proximity``: a great power (a pole of
``great_powers``) is near when the state shares a land border with a member (the Factbook's
latest edition ≤ year) or the minimum distance to a member is ≤ ``near_km`` (CShapes 2.0 via
cow_mindist, latest year ≤ year; the series ends in 2019). Holds when ≥ ``min_near_poles``
poles are near. Poles are sets of states, so the WEST is near wherever any EU member is:
Armenia is 936 km from Cyprus and Georgia 849 km from Romania, within the default 1,000 km
(Azerbaijan–Cyprus, 1,002 km, is not); with ``great_powers=("RUS", "CHN")`` the part asks
the seeds' narrower question. ``material_dependence``: the poles (not OTHER or UNLISTED) with
a share ≥ θ_co (the measurement's co-alignment threshold) in the economic or security domain
vector of the latest year ≤ year with data; holds when ≥ ``min_dependent_poles`` poles pass,
is unknown when a domain has no vector and the other does not reach the count. Recent economic
vectors rest on the Factbook's top-five partner lists (the rest unattributed).

**C2 Soviet institutional lock-in.** ``early_trade``: the share of the state's exports plus
imports that went to the other post-Soviet states (``POST_SOVIET``) in ``early_years``,
pooled over the years, from the state's own IMF DOTS reports (partners' mirror reports for a
year without own reports). The default starts in 1994 because the IMF's own reports of 1992
list no partner inside the former USSR for ARM, GEO, KAZ, TJK, TKM, UKR and UZB, and those of
1993 list few (KAZ 18%, UKR 11%, UZB 9%, against 59%, 69% and 51% in 1994): the early years
measure the reporting, not the trade. ``infrastructure``: the share of the state's export
route volume (lines in operation in ``year``) on lines crossing or ending in the hegemon's
territory, for the largest commodity of each source's estimate (volumes compared in oil
equivalent, :data:`OIL_EQUIVALENT`); holds when every estimate is ≥ ``lockin_share``, fails
when every one is below it, unknown when they straddle it or no route has a known volume.
Route volumes are capacities, not throughput (the Soviet-built Central Asia–Center gas line
counts 90 bcm/y for Turkmenistan), and a line's exporter is the first state of its route, so
for transit states (GEO, UKR, BLR) the "export" lines are transit lines of others' gas.

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
its data year. ``legitimation``: the poles anchoring the institutions the state belongs to in
``year`` (the knowledge base's institution ``poles``), counting ``legitimation_statuses``;
holds when ≥ ``min_legitimation_poles`` distinct poles. The rows of one membership (several
sources) are pooled: earliest known start, latest known end; a membership without a joining
date counts from its institution's founding. Unknown when the anchors of a membership are not
recorded and could make the count. OSCE (WEST, RUS) and SCO (CHN, RUS) are each anchored by
two poles, so every OSCE participant passes with the defaults; ``joint_institutions=False``
counts only institutions anchored by a single pole.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from multivector.theory.condition_inputs import ConditionInputs, load_condition_inputs
from multivector.theory.condition_parts import (Context, autocracy, combine, early_trade, infrastructure,
                                                legitimation, material_dependence, proximity, rentier)
from multivector.theory.panel import Panel

__all__ = ["ConditionInputs", "ConditionParams", "assess_conditions", "combine", "load_condition_inputs"]

#: Export commodities (as the Factbook writes them) of a rentier economy: fuels, metal ores and
#: metals, precious stones. Not electricity (hydropower), fertilizers or farm goods.
RESOURCES = ("crude petroleum", "natural gas", "refined petroleum", "petroleum gas", "coal", "gold",
             "precious metal ore", "copper ore", "refined copper", "iron ore", "iron", "radioactive chemicals",
             "uranium", "aluminum", "aluminum ore", "lead ore", "zinc ore", "nickel", "antimony", "diamonds")


def _f(default, description: str, **limits):
    """A parameter: its default, what it means, and its bounds."""
    return Field(default, description=description, **limits)


class ConditionParams(BaseModel):
    """The thresholds of C1-C3 (THEORY.md §4)."""

    model_config = ConfigDict(frozen=True)

    great_powers: tuple[str, ...] = _f(("RUS", "CHN", "WEST"), "C1: the poles whose proximity counts")
    near_km: float = _f(1000.0, "C1: a pole is near when one of its members is within this minimum "
                                "distance (km), or shares a land border", ge=0)
    min_near_poles: int = _f(2, "C1: near poles needed for proximity", ge=1)
    min_dependent_poles: int = _f(2, "C1: poles with a share ≥ θ_co in the economic or security domain "
                                     "needed for material dependence", ge=1)
    early_years: tuple[int, int] = _f((1994, 1996), "C2: first and last year of early trade")
    lockin_share: float = _f(0.5, "C2: share of early trade with the other post-Soviet states, and of "
                                  "export-route volume through the hegemon, at or above which lock-in holds",
                             ge=0, le=1)
    autocracy_polyarchy: float = _f(0.5, "C3: V-Dem electoral democracy index below which a regime is "
                                         "autocratic (Regimes of the World cut-off)", ge=0, le=1)
    resource_commodities: tuple[str, ...] = _f(RESOURCES, "C3: Factbook export commodities that make a "
                                                          "rentier economy when ranked first")
    snapshot_lead_years: int = _f(10, "C3: a Factbook export list may date from up to this many years after "
                                      "the year judged (resource exporters' export structures change slowly)",
                                  ge=0)
    min_legitimation_poles: int = _f(2, "C3: distinct poles anchoring the state's institutions needed for "
                                        "legitimation", ge=1)
    legitimation_statuses: tuple[str, ...] = _f(("full", "associate", "participant", "observer"),
                                                "C3: membership statuses that count")
    joint_institutions: bool = _f(True, "C3: count an institution anchored by several poles (SCO, OSCE) for "
                                        "each of them; False counts single-pole institutions only")


def assess_conditions(inputs: ConditionInputs, panel: Panel, params: ConditionParams, hegemon: str,
                      year: int, theta_co: float = 0.15) -> dict:
    """C1-C3 and the prediction for ``inputs.state`` in ``year``, each with parts and evidence."""
    ctx = Context(inputs, panel, params, hegemon, year, theta_co)
    out = {
        "C1": _condition({"proximity": proximity(ctx), "material_dependence": material_dependence(ctx)}),
        "C2": _condition({"early_trade": early_trade(ctx), "infrastructure": infrastructure(ctx)}),
        "C3": _condition({"autocracy": autocracy(ctx), "rentier": rentier(ctx),
                          "legitimation": legitimation(ctx)}),
    }
    conditions = {name: out[name]["holds"] for name in ("C1", "C2", "C3")}
    out["predicted"] = {"holds": combine(conditions.values()), "conditions": conditions,
                        "rule": "multivectorism is predicted when C1, C2 and C3 all hold; not predicted "
                                "when any does not hold; unknown otherwise",
                        "state": inputs.state, "year": year, "hegemon": hegemon}
    return out


def _condition(parts: dict) -> dict:
    return {"holds": combine(p.holds for p in parts.values()),
            "parts": {name: p.record() for name, p in parts.items()},
            "evidence": [{**item.record(), "part": name} for name, p in parts.items() for item in p.evidence]}
