"""Doubtful entries of the Factbook's partner lists: checked, reported, never removed.

The CIA World Factbook lists each state's main export and import partners as percentages
(sources ``factbook_trade_partners`` and ``factbook_2026``, unit ``share_pct``). Some
entries are implausible: Kazakhstan's 2023 import list names "Gambia, The 4%", while
Kazakhstan's statistics office records next to no imports from Gambia that year. Such an
entry is not deleted or corrected: the row stays in the store and in the measurements, and
the doubt is reported next to it, with the evidence.

An entry is one stored row: source, edition, reporter, channel, data year t, partner and
listed share. Two rules; the first wherever a complete series can speak to the entry:

1. Complete series (``rule = "complete series"``). The complete series of the reporter
   and channel (``SERIES[channel]`` entries whose ``complete`` is True: the IMF's own
   reports, the statistics offices, the IMF mirror, COW trade) give the partner's share:
   its value over the reporter's total over all partners in that series and year, in
   percent, a partner absent that year counting as 0. Every such series in every year
   from t−1 to t+1 (``CHECK_YEARS``) is read, and the entry is doubtful when even the
   largest of these shares is below a quarter (``LOW_RATIO``) of the listed share. The
   evidence kept is that largest share, its series and year.

   - A quarter: the Factbook rounds to whole percent and mixes sources and data years,
     so halves and thirds are ordinary; a listed 4% against under 1% is no matter of
     rounding or definition.
   - The largest share over series and years, not the preferred series' alone. Own and
     mirror reports differ by design (the exporter records where goods are consigned, the
     importer where they come from: the Factbook lists Germany at 11.5% of Kazakhstan's
     2007 exports, the IMF has 0.8% in Kazakhstan's reports and 12.5% in Germany's). And
     the Factbook's year labels often lag or lead the data by a year (Tajikistan's "2017"
     export list, China 17.7% and Russia 13.4%, is 4.9% and 5.6% in the IMF's 2016
     figures, 3.4% and 3.1% in its 2017 ones). A doubt needs every perspective against it.
   - Within one year, not two: read against 2020 (the IMF's last year), the 2022 lists
     flagged trade that the war and sanctions really moved: Russia's exports to India 8%,
     Belarus's to China 15%, Moldova's to Ukraine 15%. Such entries fall to rule 2.
   - A series speaks to an entry only where it covers the reporter: at least
     ``MIN_PARTNERS`` = 20 partners that year. The store holds the IMF only for cells with
     a post-Soviet state or Mongolia on one side, so any other reporter has at most 16
     partners there: a fragment whose total is not its trade. (The first years after 1991,
     with a dozen partners, drop out the same way.) COW trade is whole (every COW state,
     to 2014), so it speaks to every state's import lists up to 2015. And only for partners
     the series records somewhere: the IMF has no rows for the British Virgin Islands or
     Réunion at all, so their absence from one reporter's rows is no evidence.
   - COW's gaps read as contradictions: its v4.0 records no trade of Namibia, Eswatini,
     Lesotho and Botswana with South Africa (their customs union) but in 2010 and
     2012-2014, none between the two Koreas, and no Serbia (COW 345) after 1996. The
     Factbook's entries there are flagged although the lists are right (35 of the
     entries COW flags): a doubt is evidence to read, not a verdict.

2. Neighbouring lists (``rule = "neighbouring lists"``), for entries no complete series
   speaks to (most states, and every state's 2022 and 2023 lists without a statistics
   office). Doubtful when all of these hold:

   - the listed share is at least ``FALLBACK_MIN_SHARE`` = 3%: below it a partner drops
     in and out of a five-name list by rounding and rank alone;
   - no Factbook list of the reporter and channel for another data year from t−2 to t+2
     (``NEAR_YEARS``, any edition, either source) names the partner, and at least one such
     list exists. Editions reprinting the same data year are copies, not corroboration;
   - no other reporter's list of the channel names the partner in those years;
   - the partner does not border the reporter (``NEIGHBOUR_VARIABLES``: a Factbook land
     boundary, or COW contiguity by land or by sea up to 400 miles).

   The last two were added after reading the output across all 195 reporters. With the
   first two alone the rule flagged about 3,800 of the 50,000 entries, nearly all
   ordinary: lists are short (two to five names), their data years jump (2017, 2019,
   2022), and hubs and traders (Singapore, the United Arab Emirates, the Netherlands)
   enter and leave them abruptly. Those partners are main partners of many states; what
   stays doubtful without data is a partner nobody else names, once cross-border trade of
   small neighbours (Togo and Ghana, Botswana and Namibia) is set aside.

Observed on the shipped data: 193 entries flagged by rule 1 (33 by the IMF and the
statistics offices, 160 by COW trade; none a Russian or Chinese entry of a focus state) and
82 by rule 2; the tests hold the bounds.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import ibis
import ibis.expr.datatypes as dt
import pandas as pd

from multivector.measure.frames import series_flows
from multivector.measure.series import SERIES, Series

__all__ = [
    "CHECK_YEARS",
    "FALLBACK_MIN_SHARE",
    "LOW_RATIO",
    "MIN_PARTNERS",
    "NEAR_YEARS",
    "NEIGHBOUR_VARIABLES",
    "doubts_for",
    "partner_list_doubts",
]

Tables = Mapping[str, ibis.Table]

LOW_RATIO = 0.25
CHECK_YEARS = 1
SHARE_DIGITS = 9
MIN_PARTNERS = 20
NEAR_YEARS = 2
FALLBACK_MIN_SHARE = 3.0
NEIGHBOUR_VARIABLES = ("border_km", "contiguity_type")

COMPLETE_RULE = "complete series"
NEIGHBOURING_RULE = "neighbouring lists"
ENTRY = ("source_id", "edition", "reporter", "channel", "year", "partner")
EVIDENCE = ("listed_share", "rule", "compared_series", "compared_year", "compared_share")
COLUMNS = (*ENTRY, *EVIDENCE, "partner_name", "reason")


def partner_list_doubts(
    tables: Tables, reporters: Sequence[str] | None = None, years: tuple[int, int] | None = None
) -> ibis.Table:
    """One row per doubtful partner-list entry, with the rule, the evidence and a reason.

    Columns: source_id, edition, reporter, channel, year, partner, listed_share (percent),
    rule, compared_series, compared_year, compared_share (percent; these three null under
    the neighbouring-lists rule), partner_name and reason (one sentence). ``reporters`` and
    ``years`` (first, last data year) restrict the entries checked, not the evidence read.
    ``tables`` needs ``flows``; ``entities`` (names) and ``dyad_values`` (neighbours) are
    used where present.
    """
    entries = _listed_entries(tables, reporters, years)
    checked = _largest_complete_share(tables, entries, reporters, years)
    contradicted = checked.filter(checked.compared_share < LOW_RATIO * checked.listed_share)
    unchecked = entries.anti_join(checked, list(ENTRY))
    isolated = _isolated_mentions(tables, unchecked, reporters, years)
    doubts = ibis.union(_evidence(contradicted, COMPLETE_RULE), _evidence(isolated, NEIGHBOURING_RULE), distinct=False)
    return _with_reason(tables, doubts).select(*COLUMNS)


def doubts_for(tables: Tables, state: str) -> list[dict[str, object]]:
    """The doubtful entries of ``state``'s partner lists as JSON-ready dicts, by year and source."""
    expression = partner_list_doubts(tables, reporters=[state]).order_by(
        ["year", "channel", "source_id", "edition", "partner"]
    )
    return [_plain_row(row) for row in expression.execute().to_dict("records")]


def percent_specs() -> tuple[Series, ...]:
    """The partner-list series (the Factbook's), over all channels."""
    return tuple(spec for specs in SERIES.values() for spec in specs if spec.kind == "percent")


def complete_specs(channel: str) -> tuple[Series, ...]:
    """The complete series of ``channel``, in preference order."""
    return tuple(spec for spec in SERIES.get(channel, ()) if spec.complete)


def _listed_entries(tables: Tables, reporters: Sequence[str] | None, years: tuple[int, int] | None) -> ibis.Table:
    """Every stored partner-list row; ``edition`` is its ``detail`` up to the first ';'."""
    parts = []
    for spec in percent_specs():
        rows = _restricted(series_flows(tables, spec), reporters, years)
        parts.append(
            rows.select(
                source_id=rows.source_id.cast(dt.string),
                edition=rows.detail.re_extract(r"^([^;]*)", 1).fill_null(""),
                reporter=rows.reporter.cast(dt.string),
                channel=rows.channel.cast(dt.string),
                year=rows.year.cast(dt.int64),
                partner=rows.partner.cast(dt.string),
                listed_share=rows.value.cast(dt.float64),
            )
        )
    return ibis.union(*parts, distinct=True)


def _complete_rows(tables: Tables, reporters: Sequence[str] | None, years: tuple[int, int] | None) -> ibis.Table:
    """The complete series' positive values: reporter, channel, series, rank, year, partner, value.

    ``series`` names the source (and the perspective, for the mirror); ``rank`` is its
    place among the channel's complete series. ``years`` are widened by CHECK_YEARS.
    """
    widened = None if years is None else (years[0] - CHECK_YEARS, years[1] + CHECK_YEARS)
    parts = []
    for channel in sorted({spec.channel for spec in percent_specs()}):
        for rank, spec in enumerate(complete_specs(channel)):
            rows = series_flows(tables, spec)
            rows = _restricted(rows.filter(rows.value > 0), reporters, widened)
            parts.append(
                rows.select(
                    reporter=rows.reporter.cast(dt.string),
                    channel=rows.channel.cast(dt.string),
                    series=_text(_series_name(spec)),
                    rank=ibis.literal(rank, type=dt.int64),
                    year=rows.year.cast(dt.int64),
                    partner=rows.partner.cast(dt.string),
                    value=rows.value.cast(dt.float64),
                )
            )
    return ibis.union(*parts, distinct=False)


def _largest_complete_share(
    tables: Tables, entries: ibis.Table, reporters: Sequence[str] | None, years: tuple[int, int] | None
) -> ibis.Table:
    """The entries a complete series speaks to, each with the largest share one gives.

    Read: each complete series covering the reporter (``_covering_totals``) in a year
    within ±CHECK_YEARS of the entry's and recording the partner somewhere. Kept: the
    largest share of the partner; on a tie the nearest year, the earlier, the earlier
    listed series.
    """
    rows = _complete_rows(tables, reporters, years)
    candidates = entries.join(_covering_totals(rows).rename(compared_year="year"), ["reporter", "channel"])
    candidates = candidates.filter((candidates.compared_year - candidates.year).abs() <= CHECK_YEARS)
    candidates = candidates.join(_recorded_partners(tables), ["channel", "series", "partner"])
    partner_values = (
        rows.group_by("reporter", "channel", "series", "year", "partner")
        .agg(partner_value=rows.value.sum())
        .rename(compared_year="year")
    )
    joined = candidates.left_join(partner_values, ["reporter", "channel", "series", "compared_year", "partner"])
    # Rounded to 1e-9 of a point: the sums behind it run in parallel, and their order
    # moves the last bits of a float (the same question must print the same text).
    share = 100.0 * joined.partner_value.fill_null(0.0) / joined.total
    shares = joined.mutate(compared_share=share.round(SHARE_DIGITS))
    distance = (shares.compared_year - shares.year).abs()
    best = _first(shares, [shares.compared_share.desc(), distance, shares.compared_year, shares.rank])
    return best.select(
        *entries.columns,
        compared_series=best.series,
        compared_year=best.compared_year,
        compared_share=best.compared_share,
    )


def _covering_totals(rows: ibis.Table) -> ibis.Table:
    """Each series-year's total over all partners, where the series names at least MIN_PARTNERS."""
    totals = rows.group_by("reporter", "channel", "series", "rank", "year").agg(
        total=rows.value.sum(), partners=rows.partner.nunique()
    )
    return totals.filter(totals.partners >= MIN_PARTNERS).drop("partners")


def _recorded_partners(tables: Tables) -> ibis.Table:
    """(channel, series, partner) for every partner a complete series records, any reporter or year."""
    return _complete_rows(tables, None, None).select("channel", "series", "partner").distinct()


def _isolated_mentions(
    tables: Tables, entries: ibis.Table, reporters: Sequence[str] | None, years: tuple[int, int] | None
) -> ibis.Table:
    """Entries of at least FALLBACK_MIN_SHARE % whose partner no neighbouring list names,
    no other reporter names, and that does not border the reporter (rule 2)."""
    widened = None if years is None else (years[0] - NEAR_YEARS, years[1] + NEAR_YEARS)
    large = entries.filter(entries.listed_share >= FALLBACK_MIN_SHARE)
    unseen = large.semi_join(_unseen_by_own_lists(tables, large, reporters, widened), list(ENTRY))
    unseen = unseen.anti_join(_named_by_others(tables, unseen, widened), list(ENTRY))
    return unseen.anti_join(_neighbours(tables), ["reporter", "partner"])


def _unseen_by_own_lists(
    tables: Tables, entries: ibis.Table, reporters: Sequence[str] | None, years: tuple[int, int] | None
) -> ibis.Table:
    """The entries (keys) with a list of the reporter and channel for another data year
    within ±NEAR_YEARS, none of which names the partner."""
    own = _listed_entries(tables, reporters, years).select(
        "reporter", "channel", other_partner="partner", other_year="year"
    )
    near = entries.join(own, ["reporter", "channel"])
    near = near.filter(near.other_year != near.year, (near.other_year - near.year).abs() <= NEAR_YEARS)
    seen = near.group_by(list(ENTRY)).agg(partner_seen=(near.other_partner == near.partner).any())
    return seen.filter(~seen.partner_seen).select(*ENTRY)


def _named_by_others(tables: Tables, entries: ibis.Table, years: tuple[int, int] | None) -> ibis.Table:
    """The entries (keys) whose partner another reporter's list of the channel names within ±NEAR_YEARS."""
    lists = _listed_entries(tables, None, years).select(
        "channel", "partner", other_reporter="reporter", other_year="year"
    )
    named = entries.join(lists, ["channel", "partner"])
    named = named.filter(named.other_reporter != named.reporter, (named.other_year - named.year).abs() <= NEAR_YEARS)
    return named.select(*ENTRY).distinct()


def _neighbours(tables: Tables) -> ibis.Table:
    """(reporter, partner) pairs that border each other in any year, both ways round;
    no pair where the tables have no ``dyad_values``."""
    if "dyad_values" not in tables:
        return ibis.memtable({"reporter": [], "partner": []}, schema={"reporter": dt.string, "partner": dt.string})
    values = tables["dyad_values"]
    borders = values.filter(values.variable.isin(list(NEIGHBOUR_VARIABLES)), values.value > 0)
    one_way = borders.select(reporter=borders.reporter.cast(dt.string), partner=borders.partner.cast(dt.string))
    other_way = one_way.select(reporter=one_way.partner, partner=one_way.reporter)
    return ibis.union(one_way, other_way, distinct=True)


def _evidence(frame: ibis.Table, rule: str) -> ibis.Table:
    """The entry and its evidence, in one schema for both rules."""

    def column(name: str, kind: dt.DataType) -> ibis.Value:
        return frame[name].cast(kind) if name in frame.columns else ibis.null(kind)

    return frame.select(
        *ENTRY,
        "listed_share",
        rule=_text(rule),
        compared_series=column("compared_series", dt.string),
        compared_year=column("compared_year", dt.int64),
        compared_share=column("compared_share", dt.float64),
    )


def _with_reason(tables: Tables, doubts: ibis.Table) -> ibis.Table:
    """Add ``partner_name`` and ``reason``: one sentence naming the listed share and the evidence."""
    doubts = _named(tables, _named(tables, doubts, "reporter"), "partner")
    partner = doubts.partner + " (" + doubts.partner_name + ")"
    whose = doubts.reporter_name + "'s " + doubts.channel
    against = ibis.cases(
        (
            doubts.compared_share.notnull(),
            doubts.compared_series
            + " gives "
            + partner
            + " "
            + _fixed_text(doubts.compared_share, 2)
            + "% of "
            + whose
            + " in "
            + doubts.compared_year.cast(dt.string),
        ),
        else_=(
            "no other Factbook list of "
            + whose
            + " from "
            + (doubts.year - NEAR_YEARS).cast(dt.string)
            + " to "
            + (doubts.year + NEAR_YEARS).cast(dt.string)
            + ", nor any other state's, names "
            + partner
            + ", which does not border it"
        ),
    )
    listed = "listed at " + _share_text(doubts.listed_share) + "% of " + doubts.channel
    return doubts.mutate(reason=listed + ", but " + against)


def _named(tables: Tables, frame: ibis.Table, column: str) -> ibis.Table:
    """Add ``<column>_name``: the name in ``entities`` where the tables have it, else the code."""
    target = f"{column}_name"
    if "entities" not in tables:
        return frame.mutate(**{target: frame[column]})
    entities = tables["entities"]
    names = entities.select(_code=entities.entity.cast(dt.string), _name=entities.name.cast(dt.string))
    joined = frame.left_join(names, frame[column] == names._code)
    return joined.mutate(**{target: joined._name.fill_null(joined[column])}).drop("_code", "_name")


def _share_text(value: ibis.NumericValue) -> ibis.StringValue:
    """A listed share as the Factbook prints it: whole percents bare, others with one decimal."""
    return ibis.cases((value == value.round(), _fixed_text(value, 0)), else_=_fixed_text(value, 1))


def _fixed_text(value: ibis.NumericValue, decimals: int) -> ibis.StringValue:
    """``value`` (not negative) with ``decimals`` decimals, written the same on every engine."""
    scale = 10**decimals
    scaled = (value * scale).round().cast(dt.int64)
    whole = (scaled // scale).cast(dt.string)
    if decimals == 0:
        return whole
    return whole + "." + (scaled % scale).cast(dt.string).lpad(decimals, "0")


def _first(frame: ibis.Table, order_by: Sequence[ibis.Value], by: Sequence[str] = ENTRY) -> ibis.Table:
    """The first row of each group ``by`` in the order ``order_by``."""
    place = ibis.row_number().over(ibis.window(group_by=list(by), order_by=order_by))
    ranked = frame.mutate(_place=place)
    return ranked.filter(ranked._place == 0).drop("_place")


def _restricted(rows: ibis.Table, reporters: Sequence[str] | None, years: tuple[int, int] | None) -> ibis.Table:
    if reporters is not None:
        rows = rows.filter(rows.reporter.isin(list(reporters)))
    if years is not None:
        rows = rows.filter(rows.year.between(*years))
    return rows


def _series_name(spec: Series) -> str:
    return f"{spec.source_id}{' (mirror)' if spec.is_mirror else ''}"


def _text(value: str | None) -> ibis.StringValue:
    return ibis.literal(value, type=dt.String(nullable=True))


INTEGER_FIELDS = ("year", "compared_year")


def _plain_row(row: Mapping[Hashable, Any]) -> dict[str, object]:
    """A row of the executed frame with Python values: ints for years, None for missing."""
    plain: dict[str, object] = {}
    for key, value in row.items():
        assert isinstance(key, str)  # a column name
        if hasattr(value, "item"):
            value = value.item()
        if value is not None and pd.isna(value):
            value = None
        if key in INTEGER_FIELDS and value is not None:
            value = int(value)
        plain[key] = value
    return plain
