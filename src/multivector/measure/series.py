"""Which stored series feed each channel, in order of preference.

Sources overlap (IMF reports and mirror reports, COW trade, the Factbook's partner lists),
and a pole vector summed over two of them would count flows twice. So each channel lists
its series, best first, and for each state and window the measurement uses ONE series: the
one covering most years of the window, the earlier listed on a tie. The output names it.

A series is ``complete`` when it attributes the whole flow to partners (IMF, COW, SIPRI);
the Factbook lists main partners only, as percentages: the rest is kept as ``UNLISTED``
(its own bucket in pole vectors, never OTHER; left out of leaders, co-alignment, balance,
differentiation and concentration) and reported.

A shipped file may be a *subset* of its source: every flow of some reporters with all their
partners, and only those flows for every other state (the IMF trade file keeps the lines in
which a post-Soviet state or Mongolia is reporter or partner; the COW trade file is whole,
every COW state with every partner). For a state outside that set the series would hold a
few partners as if they were all of them, so its rows are not read at all (``whole_for``):
the channel is missing there, never a wrong whole vector.

The ``ideal_points`` channel has no partners: its one series is a stored state-year value
(``variable``, with ``{variable}_q05`` and ``{variable}_q95``), the UNGA ideal point, and its
pole shares come from the distances between the state's point and each pole's
(``indicators.ideal_points``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from multivector.indicators.poles import UNLISTED

__all__ = ["SERIES", "Series", "UNLISTED", "series_of"]

Kind = Literal["flow", "percent", "alliance", "similarity", "ideal_point"]


@dataclass(frozen=True)
class Series:
    channel: str
    source_id: str
    unit: str
    kind: Kind = "flow"
    is_mirror: bool = False
    note: str = ""
    variable: str = ""
    """The ``state_values`` variable of a state-year series (kind ``ideal_point``); else empty."""
    whole_for: tuple[str, ...] = ()
    """The reporters whose every partner the shipped file keeps (empty: every reporter)."""

    @property
    def label(self) -> str:
        return f"{self.source_id}{' (mirror)' if self.is_mirror else ''}: {self.unit}"

    @property
    def complete(self) -> bool:
        return self.kind != "percent"


#: The reporters whose trade the shipped IMF DOTS file keeps with every partner
#: (data/imf_dots/ORIGIN.md): the fifteen post-Soviet states, the USSR and Mongolia. Any
#: other state's lines there are its flows with these alone.
TRADE_SUBSET = (
    *("ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LVA", "LTU", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"),
    *("SUN", "MNG"),
)
#: The states whose shared IGOs with every other state the shipped COW file keeps
#: (data/cow-igo/ORIGIN.md): the trade subset and the USA, China, Türkiye, India, Iran, Japan
#: and South Korea.
IGO_SUBSET = (*TRADE_SUBSET, "USA", "CHN", "TUR", "IND", "IRN", "JPN", "KOR")
SUBSET_NOTE = "its shipped subset keeps every partner of the post-Soviet states and Mongolia only"

MIRROR_NOTE = "partners' reports of the same flows, where the state reports none"
OFFICE_NOTE = "the state's statistics office, all partners"
# The statistics offices' own tables (one source per state), after the IMF's own reports:
# they carry a state's partner trade past 2020, where the IMF series ends.
OFFICES = ("nso_kazakhstan_trade", "nso_kyrgyzstan_trade", "nso_uzbekistan_trade", "nso_armenia_trade")


def _offices(channel: str, note: str = "") -> tuple[Series, ...]:
    text = f"{note}, {OFFICE_NOTE}" if note else OFFICE_NOTE
    return tuple(Series(channel, office, "usd_million_current", note=text) for office in OFFICES)


FACTBOOK_NOTE = "main partners only, as percentages; the rest is UNLISTED"

SERIES: dict[str, tuple[Series, ...]] = {
    "trade": (
        Series("trade", "imf_dots", "usd_million_current", note="exports plus imports", whole_for=TRADE_SUBSET),
        *_offices("trade", "exports plus imports"),
        Series(
            "trade",
            "imf_dots",
            "usd_million_current",
            is_mirror=True,
            note="exports plus imports, " + MIRROR_NOTE,
            whole_for=TRADE_SUBSET,
        ),
    ),
    "exports": (
        Series("exports", "imf_dots", "usd_million_current", note=SUBSET_NOTE, whole_for=TRADE_SUBSET),
        *_offices("exports"),
        Series("exports", "imf_dots", "usd_million_current", is_mirror=True, note=MIRROR_NOTE, whole_for=TRADE_SUBSET),
        Series("exports", "factbook_trade_partners", "share_pct", "percent", note=FACTBOOK_NOTE),
        Series("exports", "factbook_2026", "share_pct", "percent", note=FACTBOOK_NOTE),
    ),
    "imports": (
        Series("imports", "imf_dots", "usd_million_current", note=SUBSET_NOTE, whole_for=TRADE_SUBSET),
        *_offices("imports"),
        Series("imports", "imf_dots", "usd_million_current", is_mirror=True, note=MIRROR_NOTE, whole_for=TRADE_SUBSET),
        Series("imports", "cow_trade", "usd_million_current"),
        Series("imports", "factbook_trade_partners", "share_pct", "percent", note=FACTBOOK_NOTE),
        Series("imports", "factbook_2026", "share_pct", "percent", note=FACTBOOK_NOTE),
    ),
    "fdi": (
        Series(
            "fdi",
            "wiiw_fdi_kazakhstan",
            "eur_million_stock",
            note="inward stock by investing country; negative positions left out",
        ),
    ),
    "development_finance": (
        Series(
            "development_finance",
            "aiddata_gcdf",
            "usd_2021_constant",
            note="Chinese official finance only: no other lender is in the source",
        ),
    ),
    "remittances": (Series("remittances", "wb_remittances_2017", "usd_million_current"),),
    "alliances": (
        Series(
            "alliances",
            "atop_alliances",
            "indicator",
            "alliance",
            note="defence obligations, each ally weighted by its CINC share of world capabilities",
        ),
    ),
    "arms_imports": (
        Series("arms_imports", "sipri_trade_register", "sipri_tiv_million"),
        Series("arms_imports", "sipri_tiv_tables", "sipri_tiv_million"),
    ),
    "exercises": (
        Series("exercises", "russia_exercises", "count_exercises", note="exercises with Russian participation only"),
    ),
    "un_votes": (
        Series(
            "un_votes",
            "unga_votes_fpsim",
            "kappa",
            "similarity",
            note="Cohen's kappa of the two states' votes, negatives as 0",
        ),
        Series(
            "un_votes", "unvotes", "kappa", "similarity", note="Cohen's kappa of the two states' votes, negatives as 0"
        ),
    ),
    "igo": (
        Series(
            "igo",
            "cow_igo",
            "count_shared_igos",
            "similarity",
            note="its shipped subset keeps every dyad of the post-Soviet states, Mongolia and seven powers only",
            whole_for=IGO_SUBSET,
        ),
    ),
    "ideal_points": (
        Series(
            "ideal_points",
            "unga_ideal_points_2025",
            "bsv_jul2025_fp_scale",
            "ideal_point",
            variable="bsv2025_ideal_point_fp",
            note="final-passage ideal points; shares fall with the distance to each pole's point",
        ),
    ),
}


def source_of_label(label: str) -> str:
    """The source id of a series label: ``imf_dots (mirror): usd_million_current`` → ``imf_dots``."""
    return label.partition(":")[0].removesuffix(" (mirror)")


def series_of(channel: str) -> tuple[Series, ...]:
    return SERIES.get(channel, ())
