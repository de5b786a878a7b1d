"""classify: one state's phases, adoption conditions and variants, with evidence and an explanation.

The state's data are executed once (``load_inputs``); ``classify_inputs`` is then a pure
function of those inputs and the parameters, which is what the sensitivity run repeats.
"""

from __future__ import annotations

from dataclasses import dataclass

from multivector.measure.measurements import Measurements
from multivector.theory.conditions import ConditionInputs, assess_conditions, load_condition_inputs
from multivector.theory.explain import explain
from multivector.theory.panel import Panel, load_panel
from multivector.theory.params import TheoryParams
from multivector.theory.series_marks import timeline_records
from multivector.theory.timeline import timeline
from multivector.theory.variants import VariantInputs, assess_variants, load_variant_inputs


@dataclass(frozen=True)
class StateInputs:
    panel: Panel
    year: int
    conditions: ConditionInputs
    variants: VariantInputs


def load_inputs(m: Measurements, state: str, year: int | None = None) -> StateInputs:
    """Everything the verdicts read about ``state``, executed; ``year`` defaults to the last with data."""
    panel = load_panel(m, state)
    year = year if year is not None else _last_year(panel)
    return StateInputs(panel, year, load_condition_inputs(m, panel, year), load_variant_inputs(m, panel, year))


def classify_inputs(inputs: StateInputs, params: TheoryParams) -> dict:
    """The classification JSON: state, year, parameters, phases, shocks, breaks, conditions, variants,
    and the domain time line (each year's hegemon share with the series it rests on, series breaks marked)."""
    panel, year = inputs.panel, inputs.year
    hegemon = params.hegemon
    phases = timeline(panel, params)
    conditions = assess_conditions(
        inputs.conditions, panel, params.conditions, hegemon, year, theta_co=params.measure.theta_co
    )
    variants = assess_variants(
        inputs.variants, panel, params.variants, hegemon, year, c3_holds=conditions["now"]["C3"]["holds"]
    )
    result = {
        "state": panel.state,
        "year": year,
        "parameters": params.record(),
        **phases,
        "conditions": conditions,
        "variants": variants,
        "timeline": timeline_records(panel),
    }
    result["explanation"] = explain(result)
    return result


def classify(m: Measurements, state: str, params: TheoryParams | None = None, year: int | None = None) -> dict:
    return classify_inputs(load_inputs(m, state, year), params or TheoryParams())


def _last_year(panel: Panel, structural: tuple[str, ...] = ("security", "economic")) -> int:
    """The last year with data on every structural domain (the timeline's end), else any data."""
    rows = panel.domains[panel.domains.domain.isin(structural)]
    complete = rows.groupby("year").domain.nunique()
    complete = complete[complete == len(structural)]
    return int(complete.index.max()) if not complete.empty else int(panel.domains.year.max())
