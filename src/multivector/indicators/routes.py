"""Export-route concentration and sovereignty exposure (THEORY.md §2), as Ibis expressions.

"Export-route concentration for a commodity: share of export volume by route; single point of
failure = the largest route share; sovereignty exposure = share that transits a pole's
territory." The input is the store's ``facts`` table, kind ``infrastructure`` (the knowledge
base's routes and Global Energy Monitor's gas pipelines). Two helpers turn those facts into
tidy tables, and three indicators work on them:

* :func:`route_table` — one row per export *line* with its route, volume and years;
* :func:`route_transit` — one row per (line, entity the line crosses or ends in);
* :func:`route_years` — the lines in operation in each of a list of years (a panel);
* :func:`route_shares`, :func:`route_concentration`, :func:`sovereignty_exposure`.

**Lines and routes.** A *route* is a corridor (the knowledge base's ``item``, e.g. ``cpc``, or
a GEM wiki page, e.g. the Central Asia–China gas pipeline); a *line* is one physical string of
it (Line A, B, C). Several claims about one line (two sources, a GEM row in both trackers, a
system row and its parts) are collapsed to one line with the **largest** volume among its
claims in the selected statuses. A claim belongs to the line

* of its knowledge-base id up to the first ``:`` (``cpc:opening`` and ``cpc`` are one line)
  when it has an ``item`` attribute, after :data:`LINE_ALIASES`;
* of its GEM wiki page and segment otherwise (GEM says the wiki page links a GGIT and an Asia
  Gas Tracker row about one pipeline); for the Central Asia–Center system GEM lists the
  system (90 bcm/y) and lines I–II and III–IV (80 each) on one page: the rule keeps 90
  instead of adding 250, as the knowledge base's note on that item asks;
* of its ``fact_id`` when it has neither.

The volumes of a route's lines are added up. Volumes are whatever the facts give (nameplate
capacity or a reported throughput), so shares are shares of *export capacity by route*
unless the facts give throughput; a line without a convertible volume is kept with a null
volume and counted, never treated as zero.

**Export lines only.** A line whose route never leaves its origin (a domestic pipeline) is
dropped. The origin (the exporting ``state``) is the fact's ``subject``.

**Estimates side by side.** The knowledge base and GEM describe some lines twice. Their
volumes are not reconciled: keep ``source_id`` in the group so each source gives its own
estimate (the default group does).

**JSON.** ``attributes`` is JSON text. The helpers read it with Ibis's ``cast("json")[key]``
followed by string functions, which compile on DuckDB (``->``) and PySpark
(``get_json_object``); Ibis's JSON unwrapping (``.str``, ``.array``) is not used because on
PySpark it needs Python UDFs or is missing. The string functions strip JSON quotes and
brackets, which is safe for entity ids and commodity names (no quotes, commas or brackets in
them); JSON escapes in a route name are not decoded (names are labels only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis

from multivector.indicators.concentration import HHI_REFERENCES, concentration
from multivector.indicators.poles import OTHER
from multivector.indicators.registry import register

#: Barrels a day to tonnes a year for crude oil: 49.8 (Energy Institute, Statistical Review of
#: World Energy 2024, "Approximate conversion factors", crude oil; 7.33 barrels a tonne of
#: average crude, 365 / 7.33 = 49.8). For a light crude such as CPC Blend (about 7.9 barrels
#: a tonne) the factor is about 46; the choice moves a route share by about a percentage point.
TONNES_PER_YEAR_PER_BARREL_PER_DAY = 49.8

#: (commodity, unit as in the facts) → (comparable unit, factor). Units not listed are left out
#: (the line keeps a null volume): comparable volumes are only ever added within a commodity.
CONVERSIONS: Mapping[tuple[str, str], tuple[str, float]] = {
    ("crude oil", "mt_per_year"): ("mt_per_year", 1.0),
    ("crude oil", "million_bbl_per_day"): ("mt_per_year", TONNES_PER_YEAR_PER_BARREL_PER_DAY),
    ("natural gas", "bcm_per_year"): ("bcm_per_year", 1.0),
}

#: Commodity of the facts of a source whose attributes do not name one.
COMMODITY_BY_SOURCE: Mapping[str, str] = {"gem_gas_pipelines": "natural gas"}

#: Knowledge-base lines that are parts of another line's claim (its note: "do not add the three
#: capacities"): the Central Asia–Center system and its lines I–II and III–IV.
LINE_ALIASES: Mapping[str, str] = {
    "central_asia_center_1_2": "central_asia_center",
    "central_asia_center_3_4": "central_asia_center",
}

#: Statuses of the claims that count: lines in operation.
OPERATING: tuple[str, ...] = ("operating",)

#: The default group of the indicators: each source's estimate, per exporter and commodity.
ROUTE_GROUP: tuple[str, ...] = ("source_id", "state", "commodity")

LINE_KEYS = ("source_id", "line_id")


def _json_text(attributes: ibis.Value, key: str) -> ibis.Value:
    """The text of a JSON attribute, quotes stripped (DuckDB keeps them, PySpark does not)."""
    raw = attributes.cast("json")[key].cast("string").nullif("null")
    return raw.re_replace(r'^"|"$', "")


def _json_list(attributes: ibis.Value, key: str) -> ibis.Value:
    """A JSON list of ids as comma-separated text without quotes, brackets or spaces."""
    return attributes.cast("json")[key].cast("string").re_replace(r'[\[\]" ]', "")


def _claims(facts: ibis.Table, commodity_by_source: Mapping[str, str], line_aliases: Mapping[str, str]) -> ibis.Table:
    """Infrastructure facts with their commodity, line and route keys and route lists."""
    infra = facts.filter(facts.kind == "infrastructure")
    attrs = infra.attributes
    item = _json_text(attrs, "item")
    wiki = _json_text(attrs, "wiki")
    segment = _json_text(attrs, "segment")
    commodity = _json_text(attrs, "commodity")
    if commodity_by_source:
        by_source = ibis.cases(
            *(
                (infra.source_id == source, ibis.literal(name, "string"))
                for source, name in commodity_by_source.items()
            ),
            else_=ibis.null("string"),
        )
        commodity = commodity.fill_null(by_source)
    kb_line = infra.fact_id.split(":")[0]
    if line_aliases:
        kb_line = ibis.cases(
            *((kb_line == alias, ibis.literal(line, "string")) for alias, line in line_aliases.items()), else_=kb_line
        )
    page_line = ibis.cases((segment.notnull(), wiki.concat(" / ", segment)), else_=wiki)
    line_id = ibis.cases((item.notnull(), kb_line), (wiki.notnull(), page_line), else_=infra.fact_id)
    route_id = item.coalesce(wiki, infra.fact_id)
    segment_suffix = ibis.cases((segment.notnull(), segment.length() + 2), else_=0)
    route_name = _json_text(attrs, "name").coalesce(infra.text.substr(0, infra.text.length() - segment_suffix))
    route = _json_list(attrs, "route").coalesce(_json_list(attrs, "countries"))
    return infra.mutate(
        state=infra.subject,
        commodity=commodity,
        route_id=route_id,
        line_id=line_id,
        route_name=route_name,
        route=route,
        transit=_json_list(attrs, "transit"),
    )


def _exploded(claims: ibis.Table, column: str) -> ibis.Table:
    """(source_id, line_id, state, entity) for each id of a comma-separated list column."""
    lists = claims.select(
        source_id=claims.source_id.cast("string"),
        line_id=claims.line_id.cast("string"),
        state=claims.state.cast("string"),
        entity=claims[column].split(","),
    )
    rows = lists.unnest("entity")
    return rows.filter(rows.entity != "", rows.entity != "null", rows.entity != rows.state).distinct()


def route_table(
    facts: ibis.Table,
    *,
    statuses: Sequence[str] = OPERATING,
    conversions: Mapping[tuple[str, str], tuple[str, float]] = CONVERSIONS,
    commodity_by_source: Mapping[str, str] = COMMODITY_BY_SOURCE,
    line_aliases: Mapping[str, str] = LINE_ALIASES,
) -> ibis.Table:
    """Infrastructure facts → one row per export line in the given statuses.

    Columns: ``source_id, state`` (exporter = origin), ``commodity, route_id, route_name,
    line_id, volume, volume_unit, year_from, year_to, claims``. ``volume`` is the largest
    volume among the line's claims after conversion (null when none converts);
    ``year_from`` the first year of the claims that give a volume, or of any claim when those
    are undated (``cpc:opening`` dates the CPC, whose throughput claim has no date; the
    Kazakhstan–China line starts in 2006 with its 20 Mt/y claim, not with the domestic first
    stage of 2003); null: unknown start. ``year_to`` is the last year (null: open or unknown
    end). A line whose route does not leave its state is dropped.

    >>> import json
    >>> facts = ibis.memtable({"fact_id": ["chad_cameroon", "chad_cameroon:opening", "niger_benin"],
    ...     "kind": ["infrastructure"] * 3, "subject": ["TCD", "TCD", "NER"], "text": ["", "", ""],
    ...     "value_number": [0.225, None, 4.5],
    ...     "unit": ["million_bbl_per_day", None, "mt_per_year"], "status": ["operating"] * 3,
    ...     "valid_from": [None, "2003-10-10", "2024-01-01"], "valid_to": [None] * 3,
    ...     "source_id": ["knowledge_base"] * 3,
    ...     "attributes": [json.dumps({"item": i, "commodity": "crude oil", "route": r, "transit": t})
    ...                    for i, r, t in [("chad_cameroon", ["TCD", "CMR"], ["CMR"])] * 2
    ...                    + [("niger_benin", ["NER", "BEN"], ["BEN"])]]})
    >>> facts = facts.cast({"valid_from": "date", "valid_to": "date"})
    >>> got = route_table(facts).order_by("line_id").execute()
    >>> got[["line_id", "volume", "volume_unit", "year_from"]].values.tolist()
    [['chad_cameroon', 11.205, 'mt_per_year', 2003], ['niger_benin', 4.5, 'mt_per_year', 2024]]
    """
    claims = _claims(facts, commodity_by_source, line_aliases)
    claims = claims.filter(claims.status.isin(list(statuses)))
    factor, target = ibis.literal(None, "float64"), ibis.literal(None, "string")
    for (commodity, unit), (to_unit, by) in conversions.items():
        match = (claims.commodity == commodity) & (claims.unit == unit)
        factor = ibis.cases((match, ibis.literal(by, "float64")), else_=factor)
        target = ibis.cases((match, ibis.literal(to_unit, "string")), else_=target)
    claims = claims.mutate(
        volume=claims.value_number * factor,
        volume_unit=target,
        year_from=claims.valid_from.year(),
        year_to=claims.valid_to.year(),
    )
    keys = ["source_id", "state", "commodity", "route_id", "line_id"]
    lines = claims.group_by(keys).agg(
        route_name=claims.route_name.min(),
        volume=claims.volume.max(),
        volume_unit=claims.volume_unit.max(),
        first_year=claims.year_from.min(),
        first_measured_year=claims.year_from.min(where=claims.volume.notnull()),
        last_year=claims.year_to.max(),
        open_ended=claims.year_to.isnull().sum(),
        claims=claims.count(),
    )
    lines = lines.mutate(
        year_from=lines.first_measured_year.coalesce(lines.first_year),
        year_to=ibis.cases((lines.open_ended > 0, ibis.null("int64")), else_=lines.last_year.cast("int64")),
    )
    leaving = _exploded(claims, "route").select(*LINE_KEYS).distinct()
    lines = lines.semi_join(leaving, list(LINE_KEYS))
    return lines.select(
        *keys[:4],
        "route_name",
        "line_id",
        "volume",
        "volume_unit",
        lines.year_from.cast("int64").name("year_from"),
        "year_to",
        "claims",
    )


def route_transit(
    facts: ibis.Table,
    *,
    statuses: Sequence[str] = OPERATING,
    commodity_by_source: Mapping[str, str] = COMMODITY_BY_SOURCE,
    line_aliases: Mapping[str, str] = LINE_ALIASES,
) -> ibis.Table:
    """One row per (line, entity it crosses or ends in), with the entity's ``role``.

    Columns ``source_id, line_id, entity, role``. ``role`` is ``transit`` for an entity in the
    fact's ``transit`` list (the knowledge base lists a terminal state there: the CPC ends at
    Novorossiysk, in Russia) and ``destination`` for an entity of the route that is neither
    the origin nor listed as transit. A line's entities are pooled over its claims.

    >>> import json
    >>> facts = ibis.memtable({"fact_id": ["transmed"], "kind": ["infrastructure"], "subject": ["DZA"],
    ...     "text": [""], "status": ["operating"], "source_id": ["knowledge_base"],
    ...     "attributes": [json.dumps({"item": "transmed", "route": ["DZA", "TUN", "ITA"], "transit": ["TUN"]})]})
    >>> route_transit(facts).order_by("entity").execute()[["entity", "role"]].values.tolist()
    [['ITA', 'destination'], ['TUN', 'transit']]
    """
    claims = _claims(facts, commodity_by_source, line_aliases)
    claims = claims.filter(claims.status.isin(list(statuses)))
    crossed = _exploded(claims, "transit").drop("state").distinct()
    on_route = _exploded(claims, "route").drop("state").distinct()
    ends = on_route.anti_join(crossed, [*LINE_KEYS, "entity"])
    return crossed.mutate(role=ibis.literal("transit")).union(ends.mutate(role=ibis.literal("destination")))


def route_years(routes: ibis.Table, years: Sequence[int]) -> ibis.Table:
    """The lines in operation in each year: ``year_from <= year <= year_to``, nulls open.

    A line with an unknown start counts in every year before its end: GEM gives no start year
    for some operating lines. The volume is the line's (latest known) volume in every year:
    the facts give no capacity history, so a panel tells which routes existed, not how much
    each carried that year.

    >>> r = ibis.memtable({"line_id": ["a", "b"], "year_from": [2001, None], "year_to": [None, 2002]})
    >>> route_years(r, [2000, 2003]).order_by(["year", "line_id"]).execute()[["year", "line_id"]].values.tolist()
    [[2000, 'b'], [2003, 'a']]
    """
    calendar = ibis.memtable({"year": [int(y) for y in years]}, schema={"year": "int64"})
    grid = routes.cross_join(calendar)
    started = grid.year_from.isnull() | (grid.year_from <= grid.year)
    not_ended = grid.year_to.isnull() | (grid.year <= grid.year_to)
    return grid.filter(started & not_ended)


@register(
    "route_shares",
    "r(k) = V(s,k) / Σ_k V(s,k): export volume of route k over the commodity's total",
    "share (0-1)",
    domain="economic",
)
def route_shares(routes: ibis.Table, group: Sequence[str] = ROUTE_GROUP) -> ibis.Table:
    """Each route's share of the group's export volume; its lines are added up first.

    Lines with a null volume are left out (see ``routes_without_volume`` in
    :func:`route_concentration`).

    >>> t = ibis.memtable({"state": ["KAZ"] * 3, "route_id": ["cpc", "kcp", "kcp"],
    ...                    "route_name": ["CPC", "KCP", "KCP"], "line_id": ["c", "k1", "k2"],
    ...                    "volume": [60.0, 10.0, 10.0], "volume_unit": ["mt_per_year"] * 3})
    >>> route_shares(t, ["state"]).order_by("route_id").execute()["share"].tolist()
    [0.75, 0.25]
    """
    known = routes.filter(routes.volume.notnull())
    summed = known.group_by([*group, "route_id"]).agg(
        route_name=known.route_name.min(),
        volume=known.volume.sum(),
        volume_unit=known.volume_unit.max(),
        lines=known.count(),
    )
    window = ibis.window(group_by=list(group))
    return summed.mutate(share=summed.volume / summed.volume.sum().over(window))


@register(
    "route_concentration",
    "r(k) = V(s,k)/Σ V; HHI = Σ_k r(k)²; effective routes 1/HHI; single point of failure = max_k r(k)",
    "HHI 1/K..1; routes; share",
    domain="economic",
    references=HHI_REFERENCES,
)
def route_concentration(routes: ibis.Table, group: Sequence[str] = ROUTE_GROUP) -> ibis.Table:
    """Route HHI, normalised HHI, effective number of routes and the single point of failure.

    Per group (default: source, exporter, commodity; add ``year`` after :func:`route_years`):
    ``hhi``, ``hhi_normalized`` (as in :func:`~multivector.indicators.concentration.concentration`),
    ``routes`` (with a known positive volume), ``effective_routes``, ``spof_route`` and
    ``spof_share`` (the largest route and its share), ``total_volume``, ``volume_unit`` and
    ``routes_without_volume`` (routes of the group whose volume is unknown: coverage).

    >>> t = ibis.memtable({"state": ["KAZ"] * 2, "route_id": ["cpc", "kcp"], "route_name": ["", ""],
    ...                    "line_id": ["c", "k"], "volume": [75.0, 25.0], "volume_unit": ["mt_per_year"] * 2})
    >>> route_concentration(t, ["state"]).execute()[["hhi", "spof_route", "spof_share"]].values.tolist()
    [[0.625, 'cpc', 0.75]]
    """
    keys = list(group)
    shares = route_shares(routes, keys)
    stats = concentration(shares, keys, partner="route_id").rename(
        routes="partners", effective_routes="effective_partners", spof_route="top_partner", spof_share="top_share"
    )
    totals = shares.group_by(keys).agg(total_volume=shares.volume.sum(), volume_unit=shares.volume_unit.max())
    per_route = routes.group_by([*keys, "route_id"]).agg(volume=routes.volume.max())
    unknown = per_route.filter(per_route.volume.isnull()).group_by(keys).agg(routes_without_volume=ibis._.count())
    out = stats.join(totals, keys).left_join(unknown, keys)
    return out.select(
        *(out[k] for k in keys),
        "hhi",
        "hhi_normalized",
        "routes",
        "effective_routes",
        "spof_route",
        "spof_share",
        "total_volume",
        "volume_unit",
        routes_without_volume=out.routes_without_volume.fill_null(0),
    )


@register(
    "sovereignty_exposure",
    "E(s,p) = Σ_k V(s,k)·[route k crosses an entity of pole p] / Σ_k V(s,k)",
    "share (0-1); exposures do not sum to 1",
    domain="economic",
)
def sovereignty_exposure(
    routes: ibis.Table,
    transit: ibis.Table,
    poles: ibis.Table,
    group: Sequence[str] = ROUTE_GROUP,
    roles: Sequence[str] = ("transit",),
) -> ibis.Table:
    """Share of the group's export volume on lines that cross a pole's territory.

    ``routes`` from :func:`route_table` (or :func:`route_years`), ``transit`` from
    :func:`route_transit`, ``poles`` with ``entity`` and ``pole``; an entity not in the pole
    file belongs to ``OTHER`` (as in :func:`~multivector.indicators.poles.pole_shares`). A line
    crossing a pole counts fully for it (a line through Russia is 100% exposed to RUS however
    short the Russian stretch); a line crossing several poles counts for each, and one with
    no transit for none, so the exposures of a group do **not** sum to 1. ``roles`` says which
    entities count: ``("transit",)`` (default, the territory the flow crosses, a transit
    terminal included) or ``("transit", "destination")`` to count the buyer's territory too.
    Every pole of ``poles`` (and ``OTHER``) gets a row per group, 0 when nothing crosses it.
    Lines with an unknown volume are left out of both sums.

    >>> r = ibis.memtable({"state": ["DZA"] * 2, "source_id": ["kb"] * 2, "line_id": ["transmed", "medgaz"],
    ...                    "volume": [32.0, 8.0]})
    >>> tr = ibis.memtable({"source_id": ["kb"] * 3, "line_id": ["transmed", "transmed", "medgaz"],
    ...                     "entity": ["TUN", "ITA", "ESP"], "role": ["transit", "destination", "destination"]})
    >>> p = ibis.memtable({"entity": ["FRA", "CHN", "ITA", "ESP"], "pole": ["FRA", "CHN", "WEST", "WEST"]})
    >>> got = sovereignty_exposure(r, tr, p, ["state"]).order_by("pole").execute()
    >>> got[["pole", "exposure"]].values.tolist()
    [['CHN', 0.0], ['FRA', 0.0], ['OTHER', 0.8], ['WEST', 0.0]]
    """
    keys = list(group)
    poles = poles.select("entity", "pole")
    known = routes.filter(routes.volume.notnull())
    totals = known.group_by(keys).agg(total_volume=known.volume.sum())
    counted = transit.filter(transit.role.isin(list(roles)))
    labelled = counted.left_join(poles, counted.entity == poles.entity)
    crossed = labelled.select(*LINE_KEYS, pole=labelled.pole.fill_null(OTHER)).distinct()
    exposed = known.join(crossed, list(LINE_KEYS))
    exposed = exposed.group_by([*keys, "pole"]).agg(exposed_volume=exposed.volume.sum())
    pole_names = poles.select("pole").union(ibis.memtable({"pole": [OTHER]})).distinct()
    grid = totals.cross_join(pole_names).left_join(exposed, [*keys, "pole"])
    volume = grid.exposed_volume.fill_null(0.0)
    return grid.select(
        *(grid[k] for k in keys),
        "pole",
        exposure=volume / grid.total_volume,
        exposed_volume=volume,
        total_volume=grid.total_volume,
    )
