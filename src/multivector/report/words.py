"""The report's words: every id, unit and model term a reader meets, said once in plain language.

The report's text is composed from the data, whose keys are ids (``mt_per_year``, ``C2``,
``sigma_economic``, ``Makat–North_Caucasus_Pipeline``). A reader needs words: the pages take
them from the tables here, and ``plain`` rewrites free text from the engines (evidence claims,
verdict statements) before it reaches the page:

* a known unit or channel id becomes its words (``mt_per_year`` → "million tonnes a year");
* any other word joined by underscores is a name or id: its underscores become spaces
  (``North_Caucasus_Pipeline`` → "North Caucasus Pipeline"), except a citation key in brackets
  (``[imf_dots]``), which the Sources section resolves and which stays as written;
* phrases of the engines a reader would not know (``PHRASES``: "total Sobol index", "θ_co") become words;
* a pole's or state's code of ``POLES`` standing alone becomes its name (``RUS's share`` → "Russia's share").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

#: The great powers and groups by name (the hegemon is a parameter: any ISO3 code not here stays a code).
POLES = {
    "RUS": "Russia",
    "CHN": "China",
    "WEST": "the West",
    "USA": "the United States",
    "TUR": "Türkiye",
    "GBR": "the United Kingdom",
    "FRA": "France",
    "DEU": "Germany",
    "IRN": "Iran",
    "IND": "India",
    "KAZ": "Kazakhstan",
    "UZB": "Uzbekistan",
    "TKM": "Turkmenistan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "OTHER": "other states",
    "UNLISTED": "partners the source does not list",
}

#: The domains as the text names them, and their short forms in a list ("fell in trade and security").
DOMAINS = {"security": "security", "economic": "the economy", "diplomatic": "diplomacy"}

CONDITIONS = {
    "C1": "the state lies near two great powers and depends on both",
    "C2": "Soviet-era ties still bind it: most trade and export lines run through the former Union",
    "C3": "the regime leans on outside partners: an autocracy living on resource exports, courted from several sides",
}
CONDITION_SHORT = {"C1": "near and dependent on two powers", "C2": "Soviet lock-in", "C3": "regime balancing outside"}

VARIANTS = {
    "V1": "less exclusive dependence on the hegemon (its share falls, partners multiply)",
    "V2": "legitimacy sought from several sides (memberships in Eurasian and Western formats)",
    "V3": "export routes diversified (pipelines and lines that avoid the hegemon)",
    "V4": "new partners through infrastructure (corridors and investment)",
}

PHASES = {
    "declaratory": "declaratory: a multi-sided diplomacy while trade, arms and routes still lean on the hegemon",
    "substantive": "substantive: ties actually moved away from the hegemon",
    "not_hedging": "no hedging: one power leads every domain",
}

VERDICT = {True: "holds", False: "does not hold", None: "unknown"}

#: Units of figures in words.
UNITS = {
    "mt_per_year": "million tonnes a year",
    "mt": "million tonnes",
    "bcm_per_year": "billion cubic metres a year",
    "million_bbl_per_day": "million barrels a day",
    "usd_billion_current": "US$ billion (current prices)",
    "usd_million_current": "US$ million (current prices)",
    "eur_billion_current": "€ billion (current prices)",
    "eur_million_stock": "€ million of investment stock",
    "sipri_tiv_million": "million SIPRI trend-indicator values (a volume of arms, not a price)",
    "share_pct": "per cent",
    "pct_change": "per cent change",
    "share_pct_gdp": "per cent of GDP",
    "pct_of_1990_level": "per cent of the 1990 level",
    "count_shared_igos": "count of shared international organisations",
    "bsv_jul2025_fp_scale": "ideal-point scale",
    "kappa": "Cohen's kappa",
    "indicator": "1 if in force, else 0",
    "count_exercises": "count of joint exercises",
    "usd_2021_constant": "US$ (constant 2021 prices)",
    "eur_million_inflow": "€ million of investment inflow",
    "share_pct_stock": "per cent of the investment stock",
    "share_pct_inflow": "per cent of the investment inflow",
}

#: Channels in words.
CHANNELS = {
    "arms_imports": "arms imports",
    "alliances": "alliances",
    "exercises": "joint military exercises",
    "exports": "exports",
    "imports": "imports",
    "fdi": "foreign direct investment",
    "development_finance": "development finance",
    "remittances": "remittances",
    "energy_routes": "energy export routes",
    "un_votes": "UN General Assembly votes",
    "ideal_points": "UN voting positions (ideal points)",
    "igo": "shared international organisations",
}

#: The hedging model's parameters (``scenarios.hedging``), by the prefix of their names.
MODEL_FACTORS = {
    "lambda": "the cost of concentrating on one power",
    "sigma": "the cost of switching partners",
    "kappa_factor": "how far the hegemon's threat to punish eases after the shock",
    "kappa": "the hegemon's threat to punish a move away from it",
    "rho": "the risk of being associated with the hegemon (sanctions spill-over) after the shock",
    "offer": "what a power offers",
    "drift": "the trend of what a power offers",
}

GLOSSARY = {
    "hegemon": "the former imperial power whose lingering dominance the state manages (a parameter; Russia by default)",
    "declaratory multivectorism": PHASES["declaratory"],
    "substantive multivectorism": PHASES["substantive"],
    "robust": "the verdict stays the same under every plausible parameter setting tested",
    "fragile": "at least one plausible parameter setting turns the verdict the other way",
    "not testable": "no data series runs unbroken across the shock in a domain, so no before-and-after can be read",
    "differentiation": "how differently the domains lean (0: every domain leans the same way, 1: entirely apart)",
    "balance": "how evenly ties spread over the powers (0: one power only, 1: even)",
    "share of the spread explained": "the part of the differences between the model's draws that one parameter "
    "accounts for, alone or together with others (its total sensitivity index)",
}

#: Phrases of the engines' text a reader would not know, with their words.
PHRASES = {
    "total Sobol index": "share of the spread explained",
    "θ_co": "the co-alignment threshold",
    "mt_per_year": UNITS["mt_per_year"],
}

_ID = re.compile(r"(?<![\w\[+])([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)(?![\w\]+])")
_CITED = re.compile(r"\[[A-Za-z0-9_+.:\- ]+\]")
#: A pole's or state's code standing alone in the engines' text ("RUS's share" → "Russia's share").
_CODE = re.compile(r"(?<![\w:])(" + "|".join(c for c in POLES if c.isupper()) + r")(?!\w|:\S)")


def pole(code: str) -> str:
    """A pole or state code in words; an unknown code stays as it is."""
    return POLES.get(code, code)


def domain(name: str) -> str:
    return DOMAINS.get(name, name)


def unit(code: str | None) -> str:
    """A unit id in words; an unknown id with its underscores as spaces."""
    if not code:
        return ""
    return UNITS.get(code, code.replace("_", " "))


def channel(name: str) -> str:
    return CHANNELS.get(name, name.replace("_", " "))


def factor(name: str) -> str:
    """A hedging-model parameter in words: 'sigma_economic' → 'the cost of switching partners (the economy)'."""
    for prefix in sorted(MODEL_FACTORS, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "_"):
            rest = [p for p in name[len(prefix) :].strip("_").split("_") if p]
            words = MODEL_FACTORS[prefix]
            for year in (p for p in rest if p.isdigit()):
                words = words.replace("the shock", f"the {year} shock")
            detail = [domain(p) if p in DOMAINS else pole(p) for p in rest if not p.isdigit()]
            return words + (f" ({', '.join(detail)})" if detail else "")
    return name.replace("_", " ")


def condition(key: str) -> str:
    """'C2 (Soviet-era ties still bind it: …)': the condition with its gloss."""
    return f"{key} ({CONDITIONS[key]})" if key in CONDITIONS else key


def listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plain(text: str) -> str:
    """Free text with its ids in words (see the module's rules); citation keys in brackets kept."""
    if not text:
        return text
    kept: list[str] = []

    def hide(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    body = _CITED.sub(hide, text)
    for phrase, words in PHRASES.items():
        body = body.replace(phrase, words)
    body = _ID.sub(lambda m: _word(m.group(1)), body)
    body = _CODE.sub(lambda m: POLES[m.group(1)], body)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], body)


def _word(token: str) -> str:
    if token in UNITS:
        return UNITS[token]
    if token in CHANNELS:
        return CHANNELS[token]
    return token.replace("_", " ")


def source_name(source_id: str) -> str:
    """A source's short name (its title up to the first colon, comma or bracket); a document keeps its key."""
    from multivector.errors import UnknownSource
    from multivector.sources import get_source

    try:
        title = get_source(source_id).title
    except UnknownSource:
        return source_id
    return re.split(r":|,| \(", title, maxsplit=1)[0].strip()


def series_words(label: str) -> str:
    """A series label in words: ``imf_dots (mirror): usd_million_current`` → 'IMF Direction of
    Trade Statistics, partners' reports, US$ million (current prices)'."""
    source, _, unit_code = label.partition(": ")
    mirror = source.endswith(" (mirror)")
    name = source_name(source.removesuffix(" (mirror)"))
    return ", ".join([name, *(["partners' reports"] if mirror else []), *([unit(unit_code)] if unit_code else [])])


def sources_named(ids) -> str:
    """'IMF Direction of Trade Statistics and SIPRI Arms Transfers Database' (each name once, sorted)."""
    return listed(sorted({source_name(i) for i in ids if i}))


SHOCK_KINDS = {
    "default": "set in advance (the Crimea annexation, the full-scale invasion)",
    "detected": "found in the data",
}

#: The theory's parameters a robustness check varies (``theory.robustness``), in words.
SETTINGS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "phases.delta": ("the fall that counts", lambda v: f"{100 * float(v):g} share points"),
    "phases.sustain_years": ("the years a fall must last", str),
    "phases.trend": ("the pre-shock trend", lambda v: {"linear": "a straight line", "level": "a flat level"}.get(v, v)),
    "phases.pre_years": ("the years read before the shock", str),
    "phases.horizon": ("the years read after the shock", str),
    "phases.detect_breaks": ("breaks searched in the data", lambda v: "yes" if v else "no"),
    "phases.break_penalty": ("the penalty against finding a break", str),
    "measure.theta_capture": ("the share at which one power captures a domain", lambda v: f"{float(v):.0%}"),
}


def setting(parameter: str, value) -> str:
    """A parameter setting in words: 'phases.delta', 0.1 → 'the fall that counts: 10 share points'."""
    if parameter in SETTINGS:
        name, say = SETTINGS[parameter]
        return f"{name}: {say(value)}"
    return f"{parameter.split('.')[-1].replace('_', ' ')}: {value}"


def model_statement(verdict: dict) -> str:
    """The hedging model's verdict statement with its driving parameter in words (``factor``) and no ids
    (the state's code before it dropped: the page's row names the state)."""
    text = re.sub(r"^[A-Z]{3}: ", "", verdict.get("statement", ""))
    driver = verdict.get("driver")
    if driver:
        text = text.replace(f"{driver['factor']} drives", f"{factor(driver['factor'])} drives")
    return plain(text)


def year_label(year: int, partial: set[int]) -> str:
    """'2024, part of the year' for a year the source holds only in part, else the year."""
    return f"{year}, part of the year" if year in partial else str(year)


def vote_counts(votes: pd.DataFrame) -> dict[int, int]:
    """Roll calls per year of a state's vote agreement table (the most any partner shares)."""
    if votes.empty:
        return {}
    counts = votes.groupby("year").n.max()
    return {int(year): int(n) for year, n in zip(counts.index.tolist(), counts.tolist())}


def typical_count(counts: dict[int, int], year: int, years: int = 5) -> int:
    """The median count of the ``years`` years before ``year`` (what a whole year holds)."""
    before = sorted(counts[y] for y in sorted(y for y in counts if y < year)[-years:])
    return before[len(before) // 2] if before else 0
