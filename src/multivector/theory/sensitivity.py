"""Which parameter flips which verdict: re-classify under one changed parameter at a time.

Each numeric threshold is set to a lower and a higher value (the listed alternatives, or
half and one and a half times the default for the conditions' and variants' thresholds,
five years either side for a year),
each switch to its other value, each choice to its alternatives; every other parameter
stays at its default. A verdict is a phase of a year, a condition's holds, the prediction,
or a variant's score (a change of at least ``score_step`` counts). Channel weights and the
hegemon change the measured vectors themselves and are not varied here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from multivector.theory.classify import StateInputs, classify_inputs
from multivector.theory.params import TheoryParams

PHASE_ALTERNATIVES: dict[str, list[Any]] = {
    "measure.theta_capture": [0.4, 0.6],
    "measure.theta_co": [0.10, 0.20],
    "phases.delta": [0.025, 0.10],
    "phases.sustain_years": [1, 3],
    "phases.min_domains": [1, 3],
    "phases.min_tested_domains": [2],
    "phases.require_acts": [False],
    "phases.trend": ["level"],
    "phases.pre_years": [4, 8],
    "phases.horizon": [3, 8],
    "phases.detect_breaks": [False],
    "phases.break_penalty": [1.0, 4.0],
}


def alternatives(params: TheoryParams) -> dict[str, list[Any]]:
    """Parameter path → values to try: the phase list, then the thresholds of conditions and variants."""
    out = dict(PHASE_ALTERNATIVES)
    for part in ("conditions", "variants"):
        model: BaseModel = getattr(params, part)
        for name, value in model.model_dump().items():
            if isinstance(value, bool):
                out[f"{part}.{name}"] = [not value]
            elif isinstance(value, int) and value >= 1800:  # a year: five years earlier and later
                out[f"{part}.{name}"] = [value - 5, value + 5]
            elif isinstance(value, (int, float)) and value:
                scaled = [value * 0.5, value * 1.5]
                out[f"{part}.{name}"] = [round(v) if isinstance(value, int) else v for v in scaled]
    return out


def verdicts(result: dict) -> dict[str, Any]:
    """The verdicts of a classification, flat: phase per year, conditions and prediction at each moment
    ("at_adoption C2", "now predicted"), scores."""
    flat: dict[str, Any] = {}
    for segment in result["phases"]:
        for year in range(segment["from"], segment["to"] + 1):
            flat[f"phase {year}"] = segment["phase"]
    for moment, judged in result["conditions"].items():
        for key in ("C1", "C2", "C3", "predicted"):
            flat[f"{moment} {key}"] = judged[key]["holds"]
    for key, variant in result["variants"].items():
        flat[key] = variant["score"]
    return flat


def sensitivity(
    inputs: StateInputs,
    params: TheoryParams | None = None,
    score_step: float = 0.1,
    on_run: Callable[[int, int], None] | None = None,
) -> dict:
    """Per parameter and value: the verdicts that change from the default classification."""
    params = params or TheoryParams()
    base = verdicts(classify_inputs(inputs, params))
    runs = []
    plan = [(path, value) for path, values in alternatives(params).items() for value in values]
    for done, (path, value) in enumerate(plan, 1):
        if on_run:
            on_run(done, len(plan))
        try:
            changed = params.with_value(path, value)
        except (ValidationError, KeyError):
            continue
        flips = _flips(base, verdicts(classify_inputs(inputs, changed)), score_step)
        runs.append({"parameter": path, "default": params.value(path), "value": value, "flips": flips})
    return {
        "state": inputs.panel.state,
        "year": inputs.year,
        "parameters": params.record(),
        "baseline": base,
        "runs": runs,
        "flipping": sorted({r["parameter"] for r in runs if r["flips"]}),
    }


def _flips(base: dict, other: dict, step: float) -> list[dict]:
    out = []
    for key in sorted(set(base) | set(other)):
        a, b = base.get(key), other.get(key)
        if isinstance(a, float) and isinstance(b, float):
            if abs(a - b) < step:
                continue
        elif a == b:
            continue
        out.append({"verdict": key, "from": a, "to": b})
    return out
