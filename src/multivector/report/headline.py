"""The one sentence a report opens with: what changed after each shock, and how sure we are.

Composed only from the shock verdicts the page already shows (``classify``'s default shocks,
each with its domains and robustness); nothing is written per state.

**State rule.** "<State>'s dependence on <hegemon>" then, per default shock in time order, one
clause: "fell in <domains where the hegemon's share fell below its pre-shock trend> and held in
<domains where it did not> after <year>" (later shocks: "after <year> it fell …"; "held in every
domain" / "fell in every domain" when one list is empty; the domains with no unbroken series
across the shock are named as "could not be read in …"), followed in brackets by the verdict —
"a substantive shift" when the test passed, "no substantive shift" when it did not (with "no act
on record confirms the fall" when two domains fell but no act corroborates it), "not testable" —
and how sure it is:
"robust to the N parameter settings tested" when no setting flips it, "fragile: K of N
parameter settings tested turn it" when some do (K = round((1 − robustness) · N)).

**Region rule.** "Of the <n> states, dependence on <hegemon> shifted substantively after
<year> in <states> (… only / in none)", per default shock shared by the states, a state's name
marked "(fragile)" when its verdict is; then the states whose verdict is not testable after a
shock, with the domains that lack a series; then "K of the M verdicts are fragile".
"""

from __future__ import annotations

from collections.abc import Sequence

from multivector.report.words import DOMAINS, domain, listed, pole

NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
VERDICT_WORDS = {
    "substantive": "a substantive shift",
    "declaratory": "no substantive shift",
    "not testable": "not testable",
}


def default_shocks(classification: dict) -> list[dict]:
    """The default shocks (not the ones found in the data), in time order."""
    return sorted((s for s in classification["shocks"] if s.get("kind") != "detected"), key=lambda s: int(s["year"]))


def state_headline(name: str, hegemon: str, shocks: Sequence[dict]) -> str:
    """One sentence for one state (the module's state rule)."""
    subject = f"{name}'s dependence on {pole(hegemon)}"
    if not shocks:
        return f"{subject} could not be tested: no shock falls within the years with data."
    first, *later = shocks
    clauses = [f"{_moves(first)} after {first['year']} ({_verdict(first)})"]
    clauses += [f"after {s['year']} it {_moves(s)} ({_verdict(s)})" for s in later]
    return f"{subject} " + "; ".join(clauses) + "."


def region_headline(states: Sequence[tuple[str, Sequence[dict]]], hegemon: str) -> str:
    """One sentence over several states: ``states`` is (name, default shocks) per state."""
    years = sorted({int(s["year"]) for _, shocks in states for s in shocks})
    if not years:
        return f"Dependence on {pole(hegemon)} could not be tested: no shock falls within the years with data."
    by_year = {y: [(name, s) for name, shocks in states for s in shocks if int(s["year"]) == y] for y in years}
    shifted = [_shifted(y, by_year[y]) for y in years]
    parts = [
        f"Of the {count(len(states))} states, dependence on {pole(hegemon)} shifted substantively "
        + " and ".join(shifted)
    ]
    untested = [_untested(y, by_year[y]) for y in years]
    parts += [u for u in untested if u]
    verdicts = [s for y in years for _, s in by_year[y] if s["verdict"] != "not testable" and s.get("robustness")]
    fragile = sum(1 for s in verdicts if s["robustness"].get("fragile"))
    verb = "is" if fragile == 1 else "are"
    parts.append(f"{fragile} of the {len(verdicts)} verdicts {verb} fragile to the parameter settings tested")
    return "; ".join(parts) + "."


def count(n: int) -> str:
    """Small numbers in words, as a sentence writes them."""
    return NUMBERS[n] if 0 <= n < len(NUMBERS) else f"{n:,}"


def _moves(shock: dict) -> str:
    """'fell in security and held in the economy and diplomacy' (domains in the page's order)."""
    ordered = [d for d in DOMAINS if d in shock["domains"]] + [d for d in shock["domains"] if d not in DOMAINS]
    fell = [domain(d) for d in ordered if shock["domains"][d]["testable"] and shock["domains"][d]["falls"]]
    held = [domain(d) for d in ordered if shock["domains"][d]["testable"] and not shock["domains"][d]["falls"]]
    unread = [domain(d) for d in ordered if not shock["domains"][d]["testable"]]
    if fell and held:
        text = f"fell in {listed(fell)} and held in {listed(held)}"
    elif fell:
        text = "fell in every domain read" if unread else "fell in every domain"
    elif held:
        text = "held in every domain read" if unread else "held in every domain"
    else:
        return "could not be read in any domain"
    return text + (f", and could not be read in {listed(unread)}" if unread else "")


def _verdict(shock: dict) -> str:
    words = VERDICT_WORDS.get(shock["verdict"], shock["verdict"])
    fell = sum(1 for v in shock["domains"].values() if v["testable"] and v["falls"])
    if shock["verdict"] == "declaratory" and fell >= 2 and not shock.get("acts"):
        words += ": no act on record confirms the fall"
    sure = sureness(shock.get("robustness"))
    return f"{words}, {sure}" if sure and shock["verdict"] != "not testable" else words


def sureness(robustness: dict | None) -> str:
    """'robust to the 15 parameter settings tested' or 'fragile: 2 of 15 parameter settings tested turn it'."""
    if not robustness or not robustness.get("settings"):
        return ""
    settings = int(robustness["settings"])
    if not robustness.get("fragile"):
        return f"robust to the {settings} parameter settings tested"
    flips = max(1, round((1 - float(robustness["robustness"])) * settings))
    return f"fragile: {flips} of {settings} parameter settings tested turn it"


def _shifted(year: int, entries: list[tuple[str, dict]]) -> str:
    shifted = [(name, s) for name, s in entries if s["verdict"] == "substantive"]
    if not shifted:
        return f"after {year} in none"
    only = " only" if len(shifted) == 1 and len(entries) > 1 else ""
    names = [name + only + (" (fragile)" if (s.get("robustness") or {}).get("fragile") else "") for name, s in shifted]
    return f"after {year} in {listed(names)}"


def _untested(year: int, entries: list[tuple[str, dict]]) -> str:
    lacking = [
        (name, [domain(d) for d, v in s["domains"].items() if not v["testable"]])
        for name, s in entries
        if s["verdict"] == "not testable"
    ]
    if not lacking:
        return ""
    gaps = listed(sorted({d for _, ds in lacking for d in ds}))
    verb = "has" if len(lacking) == 1 else "have"
    return f"{listed([n for n, _ in lacking])} {verb} no unbroken series across {year} in {gaps}, so cannot be judged"
