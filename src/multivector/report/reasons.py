"""Every verdict with its reason in plain words, and the model's verdict beside the data's.

**Conditions.** A condition's reason names the parts that decided it (THEORY.md §4, the
combination rule of ``theory.conditions``): when it does not hold, the parts that fail; when it
is unknown, the parts without data; when it holds, every part. Each part says its value, the
threshold it was held against and what the value measures.

**Model beside data.** For a shock, the data's verdict (``classify``) reads the observed
hegemon share against a straight-line trend through the years before the shock, and calls the
shock substantive when the share falls below that trend in at least two domains *and* an act
(sanctions enforced, a non-recognition, a new route that avoids the hegemon) corroborates it.
The hedging model's verdict is the share of its Monte Carlo draws (parameters varied around
the calibration) whose simulated share falls, against the same model run without the shock,
in at least two domains; a majority of draws counts as a shift. When the two differ the reason
is given from the records: the baselines (the observed shares measured against the model's own
no-shock path), the acts (the model has none), the domains each sees falling, and the domains
the data cannot read.
"""

from __future__ import annotations

from multivector.report.words import VERDICT, condition, domain, listed, pole

CONDITIONS = ("C1", "C2", "C3")
MEASURES = (
    "The data's verdict reads the observed share of {h} against a straight line through the years before "
    "the shock: substantive when the share falls below it in two domains or more and an act on record "
    "(sanctions enforced, a non-recognition, a new route avoiding {h}) confirms it. The model's figure is "
    "the share of its draws, each with the model's parameters varied around their calibration, in which the "
    "simulated share of {h} falls in two domains or more against the same model without the shock. The two "
    "can disagree: their baselines differ, the model knows no acts, and the model fills in years the data lack."
)


def part_reason(name: str, part: dict, params: dict, hegemon: str) -> str:
    """One part of a condition, in words: its value, what it measures and the threshold."""
    value, threshold, detail = part.get("value"), part.get("threshold"), part.get("detail")
    if value is None:
        return _MISSING.get(name, f"no data for {name.replace('_', ' ')}")
    if name == "proximity":
        near = [pole(p) for p, v in (detail or {}).items() if v]
        km = params.get("near_km", 1000)
        return (
            f"{_powers(value, 'great power')} near it (a shared border or within {km:,.0f} km: {listed(near)}), "
            f"{_n(threshold)} needed"
        )
    if name == "material_dependence":
        held = [f"{pole(p)} {_share_list(d)}" for p, d in (detail or {}).items()]
        least = params.get("theta_co", 0.15)
        return (
            f"{_powers(value, 'power')} with {least:.0%} or more of its trade or security ties ({'; '.join(held)}), "
            f"{_n(threshold)} needed"
        )
    if name == "post_soviet_trade":
        years = sorted({int(r["year"]) for r in detail or []})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        return (
            f"{value:.0%} of its trade was with the other former Soviet states in {span}, needs {threshold:.0%} or more"
        )
    if name == "infrastructure":
        return (
            f"{value:.0%} of its export-line volume crosses or ends in {pole(hegemon)}, needs {threshold:.0%} or more"
        )
    if name == "autocracy":
        return f"electoral democracy index {value:.2f} (V-Dem; below {threshold} counts as autocratic)"
    if name == "rentier":
        return (
            "resource commodities lead its exports" if part["holds"] else "resource commodities do not lead its exports"
        )
    if name == "legitimation":
        anchors = [pole(p) for p in (detail or {})]
        return f"memberships anchored by {_powers(value, 'power')} ({listed(anchors)}), {_n(threshold)} needed"
    return f"{name.replace('_', ' ')}: {VERDICT[part['holds']]}"


_MISSING = {
    "infrastructure": "no export line with a known volume to judge by",
    "rentier": "no list of its main export commodities for that time",
    "autocracy": "no regime score for that time",
    "post_soviet_trade": "no trade report that records trade with the hegemon",
    "material_dependence": "a domain without data",
}


def condition_params(classification: dict) -> dict:
    """The parameters the parts' words read: the conditions' own, and the co-alignment threshold."""
    parameters = classification["parameters"]
    return {**parameters.get("conditions", {}), "theta_co": parameters["measure"].get("theta_co", 0.15)}


def condition_reason(judged: dict, key: str, params: dict, hegemon: str) -> str:
    """'does not hold: 29% of its trade was with …, needs 50% or more' (the deciding parts)."""
    verdict = judged[key]["holds"]
    parts = judged[key]["parts"]
    deciding = [(n, p) for n, p in parts.items() if p["holds"] is verdict] or list(parts.items())
    return f"{VERDICT[verdict]}: " + "; ".join(part_reason(n, p, params, hegemon) for n, p in deciding)


def prediction_reason(judged: dict) -> str:
    """'not predicted: C2 (…) does not hold' — the conditions that decided the prediction."""
    verdict = judged["predicted"]["holds"]
    if verdict is True:
        return "predicted: C1, C2 and C3 all hold"
    failing = [k for k in CONDITIONS if judged[k]["holds"] is False]
    if verdict is False:
        verb = "does" if len(failing) == 1 else "do"
        return f"not predicted: {listed([condition(k) for k in failing])} {verb} not hold"
    unknown = [k for k in CONDITIONS if judged[k]["holds"] is None]
    return f"unknown: {listed(unknown)} cannot be judged from the data"


def practice_note(name: str, judged: dict, phases: list[dict]) -> str:
    """When the conditions predict no multivectorism but the phases show it practised, say so and why."""
    if judged["predicted"]["holds"] is not False or not phases:
        return ""
    last = phases[-1]
    if last["phase"] not in ("declaratory", "substantive"):
        return ""
    return (
        f"{name} practises multivectorism all the same ({last['phase']} since {last['from']}): the conditions "
        "ask whether its situation would lead it to adopt the policy, the phases read what it does; "
        f"here the prediction fails because {prediction_reason(judged).removeprefix('not predicted: ')}."
    )


def model_beside_data(data_shock: dict, model_shock: dict | None, draws: int, hegemon: str) -> dict:
    """The shock's two verdicts side by side: data, model, whether they agree, and why not."""
    data_says = data_shock["verdict"]
    row = {"shock": int(data_shock["year"]), "data": _data_text(data_shock, hegemon)}
    if model_shock is None:
        return {**row, "model": "not run", "agree": None, "reason": ""}
    share = float(model_shock["transition_share"])
    model_shift = bool(model_shock["reproduced"])
    row["model"] = f"{'a shift' if model_shift else 'no shift'}: a shift in {share:.0%} of {draws:,} draws"
    if data_says == "not testable":
        return {**row, "agree": None, "reason": _untestable(data_shock)}
    agree = model_shift == (data_says == "substantive")
    return {**row, "agree": agree, "reason": "" if agree else _why_differ(data_shock, model_shock, hegemon)}


def _data_text(shock: dict, hegemon: str) -> str:
    fell = [domain(d) for d, v in shock["domains"].items() if v["testable"] and v["falls"]]
    where = (
        f"fell below its pre-shock trend in {listed(fell)}" if fell else "fell below its pre-shock trend in no domain"
    )
    acts = len(shock.get("acts") or [])
    plural = "" if acts == 1 else "s"
    return f"{shock['verdict']}: the share of {pole(hegemon)} {where}; {acts} corroborating act{plural} on record"


def _untestable(shock: dict) -> str:
    lacking = [domain(d) for d, v in shock["domains"].items() if not v["testable"]]
    return (
        f"The data cannot judge this shock: no unbroken series runs across it in {listed(lacking)}; "
        "the model fills that gap with its own path."
    )


def _why_differ(data: dict, model: dict, hegemon: str) -> str:
    reasons = []
    data_fell = [d for d, v in data["domains"].items() if v["testable"] and v["falls"]]
    model_fell = [d for d, s in (model.get("domain_fall_share") or {}).items() if s >= 0.5]
    observed = model.get("observed") or {}
    if observed.get("transition") and data["verdict"] != "substantive" and len(data_fell) < 2:
        reasons.append(
            "measured against the model's own path without the shock, the observed shares do fall in two domains; "
            "against a straight pre-shock trend they do not: the two tests assume a different path the state was on"
        )
    elif not observed.get("transition") and data["verdict"] == "substantive":
        reasons.append(
            "the observed shares fall against a straight pre-shock trend but not against the model's own path "
            "without the shock, which already bends downward"
        )
    if len(data_fell) >= 2 and data["verdict"] != "substantive" and not data.get("acts"):
        reasons.append("the data's shares fell in two domains, but no act on record confirms it; the model needs none")
    if set(data_fell) != set(model_fell):
        seen = listed([domain(d) for d in model_fell]) or "no domain"
        read = listed([domain(d) for d in data_fell]) or "no domain"
        reasons.append(f"most draws have the share of {pole(hegemon)} falling in {seen}, the data in {read}")
    text = "; ".join(reasons)
    return text[:1].upper() + text[1:] + "." if text else ""


def _share_list(by_domain: dict) -> str:
    return ", ".join(f"{share:.0%} of {domain(d)}" for d, share in by_domain.items())


def _powers(value, noun: str) -> str:
    return f"{_n(value)} {noun}{'' if value == 1 else 's'}"


def _n(value) -> str:
    return f"{int(value)}" if value is not None and float(value).is_integer() else str(value)
