"""The default parameter values that name states or poles: the one place they are written.

The hegemon and the poles are parameters everywhere (``MeasureParams.hegemon``, the poles
file ``data/poles/``); these are only their defaults, for the seeds' case of Central Asia
between the former hegemon Russia, China and the West (THEORY.md §1).
"""

from __future__ import annotations

#: The former hegemon whose share is "dependence" (``MeasureParams.hegemon``).
HEGEMON = "RUS"
#: The poles of the default mapping (``data/poles/poles.csv``), besides OTHER.
POLES = ("RUS", "CHN", "WEST", "TUR")
#: The great powers whose proximity condition C1 asks about (THEORY.md §4).
GREAT_POWERS = ("RUS", "CHN", "WEST")
#: The main powers whose UN-vote agreement the reports chart (the hegemon, China, the United States).
MAIN_POWERS = ("RUS", "CHN", "USA")
#: The poles anchoring a Eurasian institution (variant V2's legitimation portfolio).
EURASIAN_POLES = ("RUS", "CHN")
#: The fifteen post-Soviet states (ISO3): the default members of the trade network around the
#: hegemon (``multivector.indicators.network``) and the hegemon's former space in the theory's
#: conditions (``multivector.theory.condition_parts``).
POST_SOVIET: tuple[str, ...] = (
    "ARM",
    "AZE",
    "BLR",
    "EST",
    "GEO",
    "KAZ",
    "KGZ",
    "LVA",
    "LTU",
    "MDA",
    "RUS",
    "TJK",
    "TKM",
    "UKR",
    "UZB",
)
