"""Channel observations: the stored rows of each series as (reporter, partner, year, value).

Every frame has the columns reporter, partner, year, value, series (a label naming source,
perspective and unit) and rank (the series' place in the channel's preference order).
Values that are not positive are left out: they carry no share (and FDI disinvestment
would make shares meaningless). Missing rows stay missing: nothing here fills a zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
import ibis.expr.datatypes as dt

from multivector.errors import UnknownChannel
from multivector.measure.series import SERIES, UNLISTED, Series, series_of

Tables = Mapping[str, ibis.Table]
COLUMNS = ("reporter", "partner", "year", "value", "series", "rank")
TYPES = {
    "reporter": dt.String(nullable=True),
    "partner": dt.String(nullable=True),
    "year": dt.Int64(nullable=True),
    "value": dt.Float64(nullable=True),
}


def _typed(frame: ibis.Table) -> ibis.Table:
    """One schema for every frame (stored columns are NOT NULL, derived ones are not)."""
    return frame.select(**{name: frame[name].cast(kind) for name, kind in TYPES.items()})


def observations(
    tables: Tables, channel: str, reporters: Sequence[str] | None = None, years: tuple[int, int] | None = None
) -> ibis.Table:
    """All series of ``channel`` stacked, each row labelled with its series and rank.

    ``reporters`` and ``years`` (first, last) restrict the rows read, for speed only.
    """
    specs = series_of(channel)
    if not specs:
        raise UnknownChannel(
            f"the channel {channel!r} has no series to measure", f"choose one of {', '.join(sorted(SERIES))}"
        )
    if any(spec.kind == "ideal_point" for spec in specs):
        raise UnknownChannel(
            f"the channel {channel!r} has no partners: it measures distances between ideal points",
            "read its pole shares (Measurements.pole_shares) or its stored points (frames.ideal_points)",
        )
    parts = [
        _typed(_series_frame(tables, spec, reporters, years)).mutate(
            series=ibis.literal(spec.label), rank=ibis.literal(rank, type=dt.int64)
        )
        for rank, spec in enumerate(specs)
    ]
    frames = [p.select(*COLUMNS) for p in parts]
    return frames[0] if len(frames) == 1 else ibis.union(*frames, distinct=False)


def series_ends(tables: Tables, channel: str, years: tuple[int, int] | None = None) -> ibis.Table:
    """The last year each series of ``channel`` covers (series, last_year), over every state.

    Read from the stored rows (flows, the votes for ``un_votes``, the state values of an
    ideal-point series), zeros included: the source's coverage, not one state's last delivery.
    """
    parts = []
    for spec in series_of(channel):
        if spec.channel == "un_votes":
            rows = tables["un_votes"].filter(ibis._.source_id == spec.source_id)
        elif spec.kind == "ideal_point":
            rows = _stored_points(tables, spec)
        else:
            rows = series_flows(tables, spec)
        if years is not None:
            rows = rows.filter(rows.year.between(*years))
        parts.append(
            rows.aggregate(last_year=rows.year.max().cast(dt.int64))
            .mutate(series=ibis.literal(spec.label))
            .select("series", "last_year")
        )
    return parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)


def series_flows(tables: Tables, spec: Series) -> ibis.Table:
    """The stored flows of one series: its channel (exports and imports for trade), source,
    unit and perspective (own report or mirror), every value."""
    flows = tables["flows"]
    channels = ["exports", "imports"] if spec.channel == "trade" else [spec.channel]
    return flows.filter(
        flows.channel.isin(channels),
        flows.source_id == spec.source_id,
        flows.unit == spec.unit,
        flows.is_mirror == spec.is_mirror,
    )


def _series_frame(
    tables: Tables, spec: Series, reporters: Sequence[str] | None, years: tuple[int, int] | None
) -> ibis.Table:
    if spec.channel == "un_votes":
        return _vote_agreement(tables, spec, reporters, years)
    rows = series_flows(tables, spec)
    rows = rows.filter(rows.value > 0)
    if spec.whole_for:  # a subset's other reporters hold only their flows with the subset
        rows = rows.filter(rows.reporter.isin(list(spec.whole_for)))
    if reporters is not None:
        rows = rows.filter(rows.reporter.isin(list(reporters)))
    if years is not None:
        rows = rows.filter(rows.year.between(*years))
    if spec.kind == "alliance":
        return _capability_weighted(tables, rows)
    if spec.kind == "percent":
        return _with_unlisted(_typed(latest_edition(rows)))
    return _typed(rows)


def latest_edition(rows: ibis.Table) -> ibis.Table:
    """One partner list per reporter, channel and data year: the latest edition's.

    Editions repeat a data year (the Factbook's 2021-2023 editions all print Kazakhstan's
    2019 list); summing them would count each partner three times and push the listed total
    past 100%, so that no rest would remain unlisted. ``detail`` names the edition
    (``edition 2023; ...``); rows without one form a single edition.
    """
    edition = rows.detail.re_extract(r"^edition (\d{4})", 1).fill_null("")
    labelled = rows.mutate(_edition=edition)
    labelled = labelled.mutate(
        _latest=labelled._edition.max().over(ibis.window(group_by=["reporter", "channel", "year"]))
    )
    return labelled.filter(labelled._edition == labelled._latest).drop("_edition", "_latest")


def _with_unlisted(frame: ibis.Table) -> ibis.Table:
    """Add the share the source does not attribute (100 − Σ listed %) as partner UNLISTED."""
    listed = frame.group_by("reporter", "year").agg(listed=frame.value.sum())
    rest = listed.filter(listed.listed < 100).select(
        "reporter", partner=ibis.literal(UNLISTED), year=listed.year, value=100.0 - listed.listed
    )
    return ibis.union(frame, _typed(rest), distinct=False)


def _capability_weighted(tables: Tables, rows: ibis.Table) -> ibis.Table:
    """Defence allies weighted by their CINC share: an alliance counts as much as the ally's power.

    value(s,j,t) = [ATOP defence obligation between s and j in t] × CINC(j,t); an ally
    without a CINC score that year drops out (missing, not zero).
    """
    defence = rows.filter(rows.detail.contains("defense"))
    values = tables["state_values"]
    cinc = values.filter(values.variable == "cinc").select(partner=values.entity, year=values.year, cinc=values.value)
    joined = defence.join(cinc, ["partner", "year"])
    return _typed(joined.mutate(value=joined.cinc)).filter(ibis._.value > 0)


def dyad_votes(
    tables: Tables,
    source_id: str,
    reporters: Sequence[str] | None = None,
    years: tuple[int, int] | None = None,
    by_issue: bool = False,
) -> ibis.Table:
    """Agreement, S and κ of each reporter with each partner per source and year (and issue).

    Over every state each unordered dyad is computed once (``dyad_agreement``); for given
    reporters only their dyads are counted.
    """
    from multivector.indicators.votes import dyad_agreement, issue_votes, vote_agreement, vote_counts

    votes = tables["un_votes"]
    votes = votes.filter(votes.source_id == source_id)
    if years is not None:
        votes = votes.filter(votes.year.between(*years))
    group = ["source_id", "year"]
    if by_issue:
        votes = issue_votes(votes, tables["un_roll_calls"])
        group.append("issue")
    if reporters is None:
        return dyad_agreement(votes, group)
    return vote_agreement(vote_counts(votes, group, reporters), group)


def _vote_agreement(
    tables: Tables, spec: Series, reporters: Sequence[str] | None, years: tuple[int, int] | None
) -> ibis.Table:
    """Cohen's κ of the state's and each partner's votes in the year, negatives as 0.

    Raw agreement is high with almost everyone (most resolutions pass by large majorities),
    so it hardly tells poles apart; κ corrects for the agreement chance alone would give,
    and a κ at or below zero is no alignment. An undefined κ (a dyad with no variation)
    drops out.
    """
    agreement = dyad_votes(tables, spec.source_id, reporters, years)
    kappa = agreement.kappa
    return _typed(agreement.mutate(value=ibis.cases((kappa > 0, kappa), else_=0.0)))


def ideal_points(tables: Tables, years: tuple[int, int] | None = None, spec: Series | None = None) -> ibis.Table:
    """Every state's ideal point per year, with its posterior 5% and 95% quantiles.

    Columns entity, year, point, q05, q95, read from ``state_values`` (the series' variable
    and its ``_q05`` and ``_q95``; a quantile the release lacks stays null). Every state is
    read, whatever the reporters: a pole's point and the year's spread rest on all of them.
    ``spec`` defaults to the ``ideal_points`` channel's series; ``years`` (first, last)
    restricts the rows read.
    """
    spec = spec or series_of("ideal_points")[0]
    names = {"point": spec.variable, "q05": f"{spec.variable}_q05", "q95": f"{spec.variable}_q95"}
    values = tables["state_values"]
    rows = values.filter(values.variable.isin(list(names.values())))
    if years is not None:
        rows = rows.filter(rows.year.between(*years))
    wide = rows.group_by(entity=rows.entity.cast(dt.String(nullable=True)), year=rows.year.cast(dt.int64)).agg(
        **{
            column: rows.value.max(where=rows.variable == variable).cast(dt.float64)
            for column, variable in names.items()
        }
    )
    return wide.filter(wide.point.notnull())


def _stored_points(tables: Tables, spec: Series) -> ibis.Table:
    """The stored estimates of an ideal-point series (entity, year, value, ...), every state."""
    values = tables["state_values"]
    return values.filter(values.variable == spec.variable)


HEGEMON_FLOWS_SOURCE = "imf_dots_russia_world"
WORLD_TOTALS_SOURCE = "imf_dots_russia_world_totals"
WORLD_VARIABLES = {"imf_world_exports_to": "world_exports_to", "imf_world_imports_from": "world_imports_from"}


def hegemon_and_world(
    tables: Tables, hegemon: str, reporters: Sequence[str] | None = None, years: tuple[int, int] | None = None
) -> ibis.Table:
    """Per state X and year: the hegemon's own exports to and imports from X, and the World's.

    The columns ``indicators.hegemon_share`` reads, from one source (IMF DOTS, 2024 vintage):
    the hegemon's flows from ``imf_dots_russia_world`` (its own reports, not the mirror
    records), the World's from ``imf_dots_russia_world_totals``; a missing flow stays null.
    A row exists where the hegemon reports a flow with X: the file has Russia only, so any
    other hegemon gives no rows.
    """
    flows = tables["flows"]
    own = flows.filter(
        flows.source_id == HEGEMON_FLOWS_SOURCE,
        flows.reporter == hegemon,
        ~flows.is_mirror,
        flows.unit == "usd_million_current",
        flows.channel.isin(["exports", "imports"]),
    )
    values = tables["state_values"]
    world = values.filter(
        values.source_id == WORLD_TOTALS_SOURCE,
        values.unit == "usd_million_current",
        values.variable.isin(list(WORLD_VARIABLES)),
    )
    if reporters is not None:
        own = own.filter(own.partner.isin(list(reporters)))
        world = world.filter(world.entity.isin(list(reporters)))
    if years is not None:
        own = own.filter(own.year.between(*years))
        world = world.filter(world.year.between(*years))
    hegemon_side = own.group_by(reporter=own.partner, year=own.year).agg(
        hegemon_exports_to=own.value.sum(where=own.channel == "exports"),
        hegemon_imports_from=own.value.sum(where=own.channel == "imports"),
    )
    world_side = world.group_by(reporter=world.entity, year=world.year).agg(
        **{column: world.value.sum(where=world.variable == variable) for variable, column in WORLD_VARIABLES.items()}
    )
    joined = hegemon_side.left_join(world_side, ["reporter", "year"])
    return joined.select(
        reporter=joined.reporter,
        year=joined.year.cast(dt.int64),
        hegemon_exports_to=joined.hegemon_exports_to,
        hegemon_imports_from=joined.hegemon_imports_from,
        world_exports_to=joined.world_exports_to,
        world_imports_from=joined.world_imports_from,
    )
