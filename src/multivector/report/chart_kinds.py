"""The kinds of chart `multivector chart KIND STATE` draws, with what each shows.

Names and descriptions only, without the drawing code, so that the command line can list them
(``chart --help``, the error for an unknown kind) without importing the charting libraries.
``state_page`` binds each kind to its drawing; a test holds the two lists equal.
"""

from __future__ import annotations

#: kind → what the chart shows, in the order the report draws them.
CHART_KINDS: dict[str, str] = {
    "phases": "the phases along the years",
    "variants": "V1-V4 scores",
    "pole-shares": "pole shares per channel over time, shocks and found breaks marked",
    "domain-profile": "the domains' pole vectors in the year",
    "domain-shares": "the hegemon's share of each domain over time",
    "structure": "differentiation across domains and balance over time",
    "map": "the hegemon's share of each neighbour's mean domain vector",
    "votes": "UN General Assembly agreement with the main powers",
    "routes": "export routes and their shares",
    "outage": "route outages: volumes before and after re-routing",
    "hedging": "the hedging model's fit to the hegemon's share per domain",
    "trade-figures": "the knowledge base's trade figures beside the measured trade",
    "coverage": "years with data per channel and source",
    "sources": "how many figures rest on each source",
}
