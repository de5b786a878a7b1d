"""The plain-language explanation of a classification, written from its evidence only.

Every number in the text is an evidence value (formatted by ``evidence.number_text``), an
evidence year, a phase's first or last year, or a variant score; every claim names its
sources in brackets (``evidence.sources_text``). Nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Callable

from multivector.theory.evidence import number_text, sources_text

PHASE_WORDS = {
    "not_hedging": "not hedging (one pole captures every structural domain)",
    "declaratory": "declaratory multivectorism",
    "substantive": "substantive multivectorism (a reallocation away from the hegemon)",
}
STRUCTURE_WORDS = {
    "hegemon_dominated": "the hegemon leads the structural domains",
    "diversified": "the structural domains are not all led by the hegemon",
}
CONDITION_NAMES = {
    "C1": "proximity and simultaneous dependence",
    "C2": "Soviet institutional lock-in",
    "C3": "regime reliance on external balancing",
}
VARIANT_NAMES = {
    "V1": "mitigating exclusive dependence",
    "V2": "alternative sources of legitimation",
    "V3": "diversifying resource export routes",
    "V4": "partner development through infrastructure integration",
}
VERDICT = {True: "holds", False: "does not hold", None: "is unknown"}
MOMENT_WORDS = {"at_adoption": "at adoption", "now": "now"}
PREDICTED = {True: "yes", False: "no", None: "unknown"}


def explain(result: dict, items_per_claim: int = 2) -> str:
    """Paragraphs: the phases, the default shocks, the conditions, the variants."""
    state = result["state"]
    parts = [_phases(state, result["phases"]), _shocks(result["shocks"], result["parameters"]["measure"]["hegemon"])]
    if result.get("conditions"):
        parts.append(_conditions(result["conditions"], items_per_claim))
    if result.get("variants"):
        parts.append(_variants(result["variants"], items_per_claim))
    return "\n\n".join(p for p in parts if p)


def cite(item: dict) -> str:
    """'RUS's share of the security domain: 71.5% (2014) [sipri_trade_register]'."""
    value = (
        ""
        if item["value"] is None or isinstance(item["value"], str)
        else f": {number_text(item['value'], item['unit'])}"
    )
    if isinstance(item["value"], str):
        value = f": {item['value']}"
    if value and value[2:] in item["claim"]:
        value = ""  # the claim already states it
    when = (
        ""
        if item["year"] is None
        else (f" ({item['year']})" if not item.get("year_to") else f" ({item['year']}-{item['year_to']})")
    )
    return f"{item['claim'].rstrip('.')}{value}{when} [{sources_text(item['sources'])}]"


def _phases(state: str, phases: list[dict]) -> str:
    if not phases:
        return f"{state}: no year has data on every structural domain, so no phase can be given."
    sentences = []
    for p in phases:
        span = str(p["from"]) if p["from"] == p["to"] else f"{p['from']}-{p['to']}"
        shown = [cite(e) for e in p["evidence"] if e["unit"] in ("share", "share_points")][:6]
        sentences.append(
            f"{span}: {PHASE_WORDS[p['phase']]}; {STRUCTURE_WORDS[p['structure']]}"
            + (f" ({'; '.join(shown)})" if shown else "")
            + "."
        )
    return f"Phases of {state}. " + " ".join(sentences)


def _shocks(shocks: list[dict], hegemon: str) -> str:
    sentences = []
    for s in (s for s in shocks if s["kind"] == "default"):
        falling = [d for d, r in s["domains"].items() if r["falls"]]
        untestable = [d for d, r in s["domains"].items() if not r["testable"]]
        verdict = {
            "substantive": "a substantive reallocation",
            "declaratory": "no substantive reallocation",
            "not testable": "no verdict (not testable)",
        }[s["verdict"]]
        text = (
            f"After the {s['shock']} shock the data show {verdict}: {hegemon}'s share fell below its "
            f"pre-shock trend in {', '.join(falling) if falling else 'no domain'}"
        )
        if untestable:
            text += f" (no series spanning the shock in {', '.join(untestable)})"
        if s["acts"]:
            text += "; corroborating acts: " + "; ".join(cite(a) for a in s["acts"][:3])
        sentences.append(text + ".")
    return " ".join(sentences)


def _conditions(conditions: dict, per: int) -> str:
    """One paragraph per moment: at adoption (its window and year), now (its year)."""
    paragraphs = []
    for moment, judged in conditions.items():
        by_part = {
            k: {**judged[k], "evidence": _by_part(judged[k]["evidence"])} for k in CONDITION_NAMES if k in judged
        }
        sentences = _sentences(by_part, CONDITION_NAMES, lambda c: VERDICT[c["holds"]], per * 2)
        sentences += _unknown_parts(judged)
        predicted = judged.get("predicted")
        if predicted is not None:
            sentences.append(
                f"Multivectorism predicted by the conditions {MOMENT_WORDS[moment]}: {PREDICTED[predicted['holds']]}."
            )
        paragraphs.append(f"{_moment_heading(moment, judged)}. " + " ".join(sentences))
    return "\n\n".join(paragraphs)


def _unknown_parts(judged: dict) -> list[str]:
    """'Unknown: C3 rentier (<why> [source]).' for each part that can be judged neither way."""
    out = []
    for key in CONDITION_NAMES:
        for name, part in judged.get(key, {}).get("parts", {}).items():
            why = next((e for e in judged[key]["evidence"] if e.get("part") == name and e["value"] is None), None)
            if part["holds"] is None and why is not None:
                out.append(f"Unknown: {key} {name.replace('_', ' ')} ({cite(why)}).")
    return out


def by_part(items: list[dict]) -> list[dict]:
    """A condition's evidence taken in turn from each part (the first of every part before any second),
    so a short list shows every part."""
    parts: dict[str, list[dict]] = {}
    for item in items:
        parts.setdefault(item.get("part", ""), []).append(item)
    rounds = max(map(len, parts.values()), default=0)
    return [group[i] for i in range(rounds) for group in parts.values() if i < len(group)]


def _by_part(items: list[dict]) -> list[dict]:
    return by_part([item for item in items if item["value"] is not None])


def _moment_heading(moment: str, judged: dict) -> str:
    if moment == "at_adoption":
        first, last = judged["window"]
        return f"Conditions at adoption ({first}-{last}; lines in service, borders and regime in {judged['year']})"
    return f"Conditions now ({judged['year']})"


def _variants(variants: dict, per: int) -> str:
    def scores(v: dict) -> str:
        return "scores unknown" if v["score"] is None else f"scores {v['score']:.2f}"

    return " ".join(_sentences(variants, VARIANT_NAMES, scores, per))


def _sentences(verdicts: dict, names: dict, verdict: Callable[[dict], str], per: int) -> list[str]:
    """'C1 (proximity ...) holds: <evidence>; <evidence>.' for each verdict present."""
    out = []
    for key, name in names.items():
        v = verdicts.get(key)
        if v is None:
            continue
        shown = [cite(e) for e in v["evidence"] if e["value"] is not None][:per]
        out.append(f"{key} ({name}) {verdict(v)}" + (f": {'; '.join(shown)}" if shown else "") + ".")
    return out
