"""Labels and units in words for the columns of the panel and its grammar, for exported files.

A table of patterns, first match wins: a pattern is a regular expression over the whole
column name, with named groups (``domain``, ``pole``, ``channel``) that fill the label's
and description's ``{...}`` places; ``{hegemon}`` is the hegemon's name. A pole or entity id
is written as its name when ``names`` knows it. A column no pattern matches (a verb added
later, say) is labelled with its own name and has no unit: add a row to ``GRAMMAR`` or
``PANEL`` to describe it.

>>> meta = grammar_columns(["year", "dependence_diplomatic", "votes_new"], names={"RUS": "Russia"})
>>> meta["dependence_diplomatic"].label, meta["dependence_diplomatic"].unit
('Dependence on Russia, diplomatic domain', 'share 0-1')
>>> meta["votes_new"].label, meta["votes_new"].unit
('votes_new', '')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from multivector.channels import CHANNELS, DOMAINS
from multivector.defaults import HEGEMON
from multivector.schema.labels import ColumnMeta

_DOMAIN = "(?P<domain>" + "|".join(DOMAINS) + ")"
_CHANNEL = "(?P<channel>" + "|".join(sorted(CHANNELS, key=len, reverse=True)) + ")"
SHARE = "share 0-1"
#: Names of the poles that are not states (the states' come from the store's entities).
POLE_WORDS = {"WEST": "the West", "OTHER": "other states", "UNLISTED": "partners not listed"}


class Pattern(NamedTuple):
    """A column-name pattern and what a matching column holds."""

    regex: str
    label: str
    unit: str = ""
    description: str = ""


_IDS = [
    Pattern(
        "state", "State", "entity id", "Our entity id: ISO3 for states, ISO 3166-3 former codes for dissolved ones."
    ),
    Pattern("reporter", "State", "entity id", "The state whose values these are (our entity id)."),
    Pattern("partner", "Partner state", "entity id", "The other state of the directed dyad (our entity id)."),
    Pattern("year", "Calendar year", "year", "The year the values describe (windows end in it)."),
    Pattern("name", "State name", "", "English short name of the state."),
    Pattern("state_name", "State name", "", "English short name of the state."),
    Pattern("partner_name", "Partner name", "", "English short name of the partner."),
    Pattern("iso3", "ISO 3166-1 alpha-3 code that year", "", "The state's ISO3 code in force that year."),
    Pattern(
        "cow", "Correlates of War state code that year", "", "COW 365 is the Soviet Union's to 1991, then Russia's."
    ),
]

#: The columns of the grammar's frames (``measure.grammar``), first match wins.
GRAMMAR: tuple[Pattern, ...] = (
    *_IDS,
    Pattern(
        f"dependence_{_DOMAIN}",
        "Dependence on {hegemon}, {domain} domain",
        SHARE,
        "{hegemon}'s share of the state's {domain} pole vector; missing where not measured, never 0.",
    ),
    Pattern(
        f"share_{_DOMAIN}_(?P<pole>.+)",
        "Share of {pole}, {domain} domain",
        SHARE,
        "The pole's share of the state's {domain} pole vector; missing where not measured.",
    ),
    Pattern(f"series_{_DOMAIN}", "Series read, {domain} domain", "", "The series read that year (source: unit)."),
    Pattern(
        "differentiation",
        "Differentiation: mean Jensen-Shannon divergence of domains",
        "0-1",
        "Mean pairwise Jensen-Shannon divergence (base 2) between the domains' pole vectors; whole vectors only.",
    ),
    Pattern(
        "balance",
        "Balance across poles: normalised entropy",
        "0-1",
        "Normalised Shannon entropy of the mean pole vector across domains; whole vectors only.",
    ),
    Pattern("domains_measured", "Domains measured", "count 0-3", "Domains with a pole vector that year."),
    Pattern("series_differentiation", "Series read, all domains", "", "The series read that year (source: unit)."),
    Pattern(
        f"hhi_{_CHANNEL}",
        "Partner concentration (HHI), {channel}",
        "0-1",
        "Herfindahl-Hirschman index: the sum of the squared partner shares of {channel}.",
    ),
    Pattern(
        f"effective_partners_{_CHANNEL}", "Effective number of partners, {channel}", "partners", "1 / HHI of {channel}."
    ),
    Pattern(
        f"top_partner_{_CHANNEL}", "Largest partner, {channel}", "entity id", "The partner with the largest share."
    ),
    Pattern(
        f"value_{_CHANNEL}",
        "Value of {channel} with the partner",
        "unit in unit_{channel}",
        "The dyad's {channel}, pooled over the channel's window ending in the year.",
    ),
    Pattern(f"unit_{_CHANNEL}", "Unit of value_{channel}", "", "The unit of value_{channel}, in words."),
    Pattern(
        f"share_{_CHANNEL}",
        "Partner's share of the state's {channel}",
        SHARE,
        "The partner's share of the state's total {channel} over the window.",
    ),
    Pattern(f"window_{_CHANNEL}", "Years pooled, {channel}", "first-last year", "The window of {channel} pooled."),
    Pattern(f"series_{_CHANNEL}", "Series read, {channel}", "", "The series read that year (source: unit)."),
    Pattern(
        "ideal_point",
        "UN General Assembly ideal point",
        "scale points",
        "The state's ideal point from its UN votes (Bailey, Strezhnev and Voeten); posterior mean.",
    ),
    Pattern(
        "ideal_point_q0?(?P<q>5|95)",
        "UN ideal point, {q}th percentile",
        "scale points",
        "The posterior {q}th percentile of the ideal point.",
    ),
    Pattern(
        "kappa_(?P<pole>.+)",
        "UN vote agreement with {pole}, Cohen's kappa",
        "kappa, at most 1",
        "Mean Cohen's kappa of the state's votes with the pole's members: 0 is chance agreement, 1 identical.",
    ),
    Pattern("agreement", "UN votes: share identical", SHARE, "Share of the roll calls both voted in alike."),
    Pattern("s_score", "UN votes: S-score", "-1 to 1", "Signorino and Ritter's S over yes = 1, abstain = 1/2, no = 0."),
    Pattern("kappa", "UN votes: Cohen's kappa", "kappa, at most 1", "Agreement corrected for chance: 0 chance."),
    Pattern(
        "ideal_point_distance",
        "Distance between UN ideal points",
        "scale points",
        "The absolute difference of the two states' ideal points.",
    ),
    Pattern("roll_calls", "UN roll calls counted", "count", "Roll calls the state (in a dyad: both) voted in."),
    Pattern(
        "partial_year",
        "Vote release holds part of the year only",
        "true or false",
        "The release's last year, with under half the usual roll calls.",
    ),
    Pattern("series_votes", "Series read, UN votes", "", "The vote and ideal-point series read (source: unit)."),
    Pattern(
        "phase",
        "Phase of hedging",
        "category",
        "not_hedging (one pole captures every structural domain), declaratory or substantive (THEORY.md).",
    ),
    Pattern(
        "structure", "Structure", "category", "hegemon_dominated or diversified: who leads the structural domains."
    ),
    Pattern("captor", "Pole capturing every structural domain", "pole id", "Set in a not_hedging year."),
    Pattern("shock", "Shock behind a substantive year", "YYYY-MM", "The shock whose reallocation test passed."),
    Pattern("series_phase", "Series read, structural domains", "", "The series the phase rests on (source: unit)."),
)

#: The columns of the stored panel's tables (``measure.panel``), first match wins.
PANEL: tuple[Pattern, ...] = (
    *_IDS,
    Pattern("year_from", "First year of the window", "year", "The window pooled runs from year_from to year."),
    Pattern("channel", "Channel", "", "The measured flow (exports, arms_imports, un_votes ...)."),
    Pattern("domain", "Domain", "", "security, economic or diplomatic."),
    Pattern("series", "Series read", "", "The series the values are read on (source: unit)."),
    Pattern("source_id", "Source", "source id", "The source of the series (see the sources table)."),
    Pattern("pole", "Pole", "pole id", "The great-power vector (RUS, CHN, WEST, TUR, OTHER; UNLISTED: the rest)."),
    Pattern("share", "Share of the pole", SHARE, "The pole's share of the vector."),
    Pattern("share_q0?(?P<q>5|95)", "Share of the pole, {q}th percentile", SHARE, "Under the ideal points' noise."),
    Pattern("unlisted", "Share of partners not listed", SHARE, "The rest of a partial partner list."),
    Pattern("channels", "Channels", "", "The channels the domain value rests on."),
    Pattern("is_co_aligned", "Pole co-aligned (share at or above theta_co)", "1 = yes, 0 = no"),
    Pattern("leader", "Leading pole", "pole id", "The pole with the largest share (ties: alphabetical)."),
    Pattern("leader_share", "Share of the leading pole", SHARE),
    Pattern("captured", "Domain captured (leader's share at or above theta_capture)", "1 = yes, 0 = no"),
    Pattern("co_aligned", "Several poles co-aligned", "1 = yes, 0 = no"),
    Pattern("co_aligned_count", "Poles co-aligned", "count"),
    Pattern("dependence", "Dependence on {hegemon}", SHARE, "{hegemon}'s share of the domain's pole vector."),
    Pattern("balance", "Balance across poles: normalised entropy", "0-1"),
    Pattern("domains", "Domains measured", "count 0-3"),
    Pattern("distinct_leaders", "Distinct leading poles across domains", "count"),
    Pattern("differentiation", "Differentiation: mean Jensen-Shannon divergence of domains", "0-1"),
    Pattern("hegemon_mean_share", "{hegemon}'s share of the mean domain vector", SHARE),
    Pattern("reason", "Why the domain has no value", ""),
    Pattern("hhi", "Partner concentration (HHI)", "0-1", "The sum of the squared partner shares."),
    Pattern("hhi_normalized", "Partner concentration (HHI), normalised", "0-1"),
    Pattern("effective_partners", "Effective number of partners", "partners", "1 / HHI."),
    Pattern("top_partner", "Largest partner", "entity id"),
    Pattern("top_share", "Share of the largest partner", SHARE),
    Pattern(f"{_CHANNEL}_share", "{hegemon}'s share of {channel}", SHARE),
)

#: The panel's tables as stored, in words.
PANEL_DESCRIPTIONS = {
    "channels": "Each channel's pole vector per state, year and window, on its chosen series.",
    "domains": "Each domain's pole vector per state and year.",
    "domain_summary": "Per state, year and domain: leader, capture, co-alignment, dependence, balance.",
    "state_years": "Per state and year across domains: differentiation, balance, hegemon's share.",
    "gaps": "State-years whose domain has data on minor channels only.",
    "concentration": "Partner concentration of exports and imports (HHI, effective partners).",
    "overlaps": "The hegemon's share on every series of the flow channels that have several.",
    "hegemon_trade": "The hegemon's share of each state's trade, exports and imports.",
    "ideal_point_bands": "Ideal-point pole shares with their 90% interval.",
}
#: The grammar's frames, in words.
GRAMMAR_DESCRIPTIONS = {
    "state_years": "State-year panel: dependence per domain, differentiation and balance",
    "dyad_years": "Directed dyad-years: trade value, unit and partner share per channel",
}


def grammar_columns(
    columns: Iterable[str], hegemon: str = HEGEMON, names: Mapping[str, str] | None = None
) -> dict[str, ColumnMeta]:
    """The meta data of the grammar's ``columns`` (``GRAMMAR``)."""
    return described(columns, GRAMMAR, hegemon, names or {})


def panel_columns(
    columns: Iterable[str], hegemon: str = HEGEMON, names: Mapping[str, str] | None = None
) -> dict[str, ColumnMeta]:
    """The meta data of a stored panel table's ``columns`` (``PANEL``)."""
    return described(columns, PANEL, hegemon, names or {})


def described(
    columns: Iterable[str], patterns: Iterable[Pattern], hegemon: str, names: Mapping[str, str]
) -> dict[str, ColumnMeta]:
    """Each column's meta data from the first pattern matching it, or its name alone."""
    compiled = [(re.compile(p.regex), p) for p in patterns]
    words = {**POLE_WORDS, **names}
    found = {}
    for column in columns:
        found[column] = ColumnMeta(column)
        for regex, pattern in compiled:
            match = regex.fullmatch(column)
            if match:
                found[column] = _filled(pattern, match.groupdict(), words.get(hegemon, hegemon), words)
                break
    return found


def _filled(pattern: Pattern, groups: dict[str, str], hegemon: str, words: Mapping[str, str]) -> ColumnMeta:
    places = {key: words.get(value, value) for key, value in groups.items()}
    places["hegemon"] = hegemon
    return ColumnMeta(
        pattern.label.format(**places), pattern.unit.format(**places), pattern.description.format(**places)
    )
