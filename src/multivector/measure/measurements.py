"""Every indicator over all states and windows at once, as Ibis tables.

``Measurements`` binds the stored tables (of any Ibis backend: the DuckDB store, or the same
tables on PySpark), a pole mapping and the parameters; each method returns an unexecuted
Ibis table keyed by reporter and window end ``year``, which the caller filters, executes or
converts (``to_pandas``, ``to_polars``, ``to_pyarrow``).

>>> from multivector import api
>>> with api.measurements() as m:                                   # doctest: +SKIP
...     m.domain_vectors().filter(ibis._.reporter == "KAZ").to_pandas()
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import ibis

from multivector.channels import CHANNELS, DOMAINS
from multivector.indicators.concentration import concentration, partner_shares
from multivector.indicators.domains import (
    complete_vectors,
    distinct_leaders,
    domain_gaps,
    domain_summary,
    domain_vectors,
    mean_vector,
    similarity_pole_vector,
)
from multivector.indicators.hegemon_share import hegemon_trade_share
from multivector.indicators.ideal_points import CHANNEL as IDEAL_POINTS
from multivector.indicators.ideal_points import ideal_point_shares as yearly_ideal_point_shares
from multivector.indicators.ideal_points import window_shares
from multivector.indicators.network import POST_SOVIET, trade_network_centralisation
from multivector.indicators.poles import OTHER, balance, differentiation, pole_shares
from multivector.indicators.routes import (
    ROUTE_GROUP,
    route_concentration,
    route_shares,
    route_table,
    route_transit,
    route_years,
    sovereignty_exposure,
)
from multivector.indicators.votes import pole_alignment as vote_pole_alignment
from multivector.indicators.windows import choose_series, pool
from multivector.measure.frames import dyad_votes, hegemon_and_world, ideal_points, observations, series_ends
from multivector.measure.ideal_point_draws import DRAWS, SEED, share_intervals
from multivector.measure.params import MeasureParams
from multivector.measure.series import SERIES, series_of

if TYPE_CHECKING:
    import pandas as pd

WINDOW = ["reporter", "year"]
HEGEMON_SHARE_SERIES = "imf_dots_russia_world: usd_million_current (mirror, hegemon and world only)"
CHANNEL_WINDOW = ["reporter", "year", "year_from", "series"]


class Measurements:
    def __init__(
        self,
        tables: Mapping[str, ibis.Table],
        params: MeasureParams | None = None,
        poles: ibis.Table | None = None,
        reporters: Sequence[str] | None = None,
        years: tuple[int, int] | None = None,
    ) -> None:
        """``reporters`` and ``years`` (first, last year read) restrict the input, for speed."""
        self.tables = tables
        self.params = params or MeasureParams()
        self.poles = poles if poles is not None else tables["poles"].select("entity", "pole")
        self.reporters = list(reporters) if reporters is not None else None
        self.years = years
        #: The panel's rows already read as pandas, per (reporters, years) (``panel.panel_frames``).
        self.frames_read: dict[tuple[tuple[str, ...], tuple[int, int] | None], dict[str, pd.DataFrame]] = {}

    # one channel -------------------------------------------------------------------------
    def windowed(self, channel: str, span: int | None = None) -> ibis.Table:
        """The chosen series' flows per partner, pooled over the window (similarities averaged)."""
        span = span or self.params.span(channel)
        ends = series_ends(self.tables, channel, self.years)
        pooled = choose_series(pool(observations(self.tables, channel, self.reporters, self.years), span, ends))
        if _is_similarity(channel):
            pooled = pooled.mutate(value=pooled.value / pooled.partner_years)
        return pooled

    def partner_shares(self, channel: str, span: int | None = None) -> ibis.Table:
        """w(j) per reporter and window; UNLISTED is the share a percent source leaves unattributed."""
        return partner_shares(self.windowed(channel, span), CHANNEL_WINDOW)

    def pole_shares_by_series(self, channel: str, span: int | None = None) -> ibis.Table:
        """a_c(p) per reporter, window and EVERY series of the channel, not only the chosen one.

        For comparing two series where both cover a year (the overlap a change of series is
        judged on); flow channels only.
        """
        span = span or self.params.span(channel)
        ends = series_ends(self.tables, channel, self.years)
        pooled = pool(observations(self.tables, channel, self.reporters, self.years), span, ends)
        return pole_shares(partner_shares(pooled, CHANNEL_WINDOW), self.poles, CHANNEL_WINDOW)

    def concentration(self, channel: str, span: int | None = None) -> ibis.Table:
        """HHI, normalised HHI, effective partners and top partner; complete series only.

        A source listing main partners only cannot give an HHI: its windows have no row.
        """
        complete = [s.label for s in series_of(channel) if s.complete]
        shares = self.partner_shares(channel, span)
        return concentration(shares.filter(shares.series.isin(complete)), CHANNEL_WINDOW)

    def pole_shares(self, channel: str, span: int | None = None) -> ibis.Table:
        """a_c(p) per reporter and window: summed flows, or mean similarity for votes and IGOs.

        For ``ideal_points`` the shares fall with the distance between the reporter's UNGA
        ideal point and each pole's (``indicators.ideal_points``), averaged over the window's
        years with a value; no OTHER pole.
        """
        if channel == IDEAL_POINTS:
            annual = yearly_ideal_point_shares(
                ideal_points(self.tables, self.years), self.poles, self.params.ideal_point_kappa, self.reporters
            )
            ends = series_ends(self.tables, channel, self.years)
            windows = window_shares(annual, span or self.params.span(channel), series_of(channel)[0].label, ends)
            return windows.select(*CHANNEL_WINDOW, "pole", "share")
        if _is_similarity(channel):
            return similarity_pole_vector(self.windowed(channel, span), self.poles, CHANNEL_WINDOW)
        return pole_shares(self.partner_shares(channel, span), self.poles, CHANNEL_WINDOW)

    def ideal_point_shares(self, span: int | None = None, draws: int = DRAWS, seed: int = SEED) -> ibis.Table:
        """The ideal-point channel's pole shares with their 90% intervals under the points' noise.

        Columns as :meth:`pole_shares` (``ideal_points``) plus ``share_q05`` and ``share_q95``:
        the 5% and 95% of the shares over ``draws`` draws of every point from its posterior
        (``measure.ideal_point_draws``; seeded, so the same on every call). The draws run on
        executed frames: the table returned is in memory.
        """
        shares = self.pole_shares(IDEAL_POINTS, span).execute()
        if shares.empty:
            intervals = shares.assign(share_q05=[], share_q95=[])
            return ibis.memtable(intervals)
        points = ideal_points(self.tables, self.years)
        points = points.filter(points.year.between(int(shares.year_from.min()), int(shares.year.max())))
        intervals = share_intervals(
            shares, points.execute(), self.poles.execute(), self.params.ideal_point_kappa, draws, seed
        )
        return ibis.memtable(shares.merge(intervals, on=["reporter", "year", "pole"], how="left"))

    # domains -----------------------------------------------------------------------------
    def channel_poles(self) -> ibis.Table:
        """Pole vectors of every weighted channel, stacked with a ``channel`` column."""
        parts = [
            self.pole_shares(c).select(*CHANNEL_WINDOW, "pole", "share", channel=ibis.literal(c))
            for c in self.weighted_channels()
        ]
        return ibis.union(*parts, distinct=False)

    def weighted_channels(self) -> list[str]:
        return [c for c in SERIES if self.params.weight(c) > 0]

    def weights(self) -> ibis.Table:
        channels = self.weighted_channels()
        return ibis.memtable(
            {
                "channel": channels,
                "domain": [CHANNELS[c].domain for c in channels],
                "weight": [float(self.params.weight(c)) for c in channels],
                "principal": [CHANNELS[c].principal for c in channels],
            }
        )

    def domain_vectors(self, channel_poles: ibis.Table | None = None) -> ibis.Table:
        """a_d(p) per reporter, year and domain, with the number of channels it rests on.

        ``channel_poles``: rows of :meth:`channel_poles` (e.g. already executed); default all of them.
        """
        parts = channel_poles if channel_poles is not None else self.channel_poles()
        return domain_vectors(parts, self.weights(), WINDOW)

    def domain_gaps(self, channel_poles: ibis.Table | None = None) -> ibis.Table:
        """The reporter-years whose domain has data on minor channels only: no value, and why."""
        parts = channel_poles if channel_poles is not None else self.channel_poles()
        return domain_gaps(parts, self.weights(), WINDOW)

    def domain_summary(self) -> ibis.Table:
        """Leader, capture, co-alignment and dependence on the hegemon per domain."""
        p = self.params
        return domain_summary(self.domain_vectors(), WINDOW, p.theta_capture, p.theta_co, p.hegemon)

    def differentiation(self) -> ibis.Table:
        """Mean pairwise Jensen–Shannon divergence between the domain vectors.

        It compares whole vectors: a year with a domain vector resting on a partial partner
        list (an UNLISTED rest) has no value, rather than one from rescaled shares.
        """
        return differentiation(complete_vectors(self.domain_vectors(), WINDOW), WINDOW)

    def distinct_leaders(self) -> ibis.Table:
        return distinct_leaders(self.domain_summary(), WINDOW)

    # the hegemon's share of trade --------------------------------------------------------
    def hegemon_trade_share(self) -> ibis.Table:
        """The hegemon's share of each state's trade per year, from one consistent source.

        Columns reporter, year, share, exports_share, imports_share, series: IMF DOTS 2024
        vintage, 2011-2023, the hegemon's and the World's reports of their trade with the
        state (mirror figures, not the state's own), so one source spans the 2022 shock
        (``imf_dots`` ends in 2020). In 2023 the imports are missing: ``share`` and
        ``exports_share`` are missing, ``imports_share`` is given (see
        ``indicators.hegemon_share``). The file holds Russia's flows only, so with a
        hegemon other than RUS (``params.hegemon``) the table is empty, without an error.
        """
        flows = hegemon_and_world(self.tables, self.params.hegemon, self.reporters, self.years)
        return hegemon_trade_share(flows, WINDOW).mutate(series=ibis.literal(HEGEMON_SHARE_SERIES))

    # UN General Assembly votes -----------------------------------------------------------
    def vote_agreement(self, source_id: str = "unga_votes_fpsim", by_issue: bool = False) -> ibis.Table:
        """Agreement, S and κ of each reporter with each partner per year (and issue area).

        Issue areas exist in the ``unvotes`` source only (Voeten's codes); fpsim covers more
        years (to 2024) and the USSR, without issue codes.
        """
        return dyad_votes(self.tables, source_id, self.reporters, self.years, by_issue)

    def vote_alignment(self, source_id: str = "unga_votes_fpsim", by_issue: bool = False) -> ibis.Table:
        """Mean agreement, S and κ of each reporter with each pole's members per year (and issue)."""
        group = ["source_id", "year", *(["issue"] if by_issue else [])]
        return vote_pole_alignment(self.vote_agreement(source_id, by_issue), self.poles, group)

    # routes and the network -------------------------------------------------------------
    def routes(self, years: Sequence[int] | None = None) -> tuple[ibis.Table, ibis.Table]:
        """Export lines (per year when ``years`` is given) and the entities they cross.

        Both rest on the route facts executed once per facts table (:func:`executed_routes`).
        """
        lines, transit = executed_routes(self.tables["facts"])
        if self.reporters is not None:
            lines = lines.filter(lines.state.isin(self.reporters))
        if years is not None:
            lines = route_years(lines, years)
        return lines, transit

    def route_concentration(self, years: Sequence[int] | None = None) -> ibis.Table:
        """Route shares' HHI and single point of failure per source, exporter, commodity (and year)."""
        lines, _ = self.routes(years)
        return route_concentration(lines, _route_group(years))

    def route_shares(self, years: Sequence[int] | None = None) -> ibis.Table:
        lines, _ = self.routes(years)
        return route_shares(lines, _route_group(years))

    def sovereignty_exposure(
        self, years: Sequence[int] | None = None, roles: Sequence[str] = ("transit",)
    ) -> ibis.Table:
        """Share of export volume on lines crossing each pole's territory."""
        lines, transit = self.routes(years)
        return sovereignty_exposure(lines, transit, self.poles, _route_group(years), roles)

    def network_centralisation(self, members: Sequence[str] = POST_SOVIET, hub: str | None = None) -> ibis.Table:
        """Degree centralisation of the members' trade network per year (IMF own export reports)."""
        own_exports = next(s for s in series_of("exports") if s.source_id == "imf_dots" and not s.is_mirror)
        flows = observations(self.tables, "exports", None, self.years)
        flows = flows.filter(flows.series == own_exports.label)
        return trade_network_centralisation(flows, members, hub or self.params.hegemon)

    def names_pole(self, pole: str) -> bool:
        """Whether the mapping sends some entity to ``pole`` (executes the small poles table)."""
        return bool(self.poles.filter(self.poles.pole == pole).count().execute() > 0)

    def poles_count(self) -> int:
        """K: the poles of the mapping plus OTHER (executes the small poles table)."""
        return int(self.poles.filter(self.poles.pole != OTHER).pole.nunique().execute()) + 1

    def balance(self) -> ibis.Table:
        """Normalised entropy per domain and of the domains' mean vector (``domain`` = 'overall').

        The overall vector is the plain mean of the domain vectors present. Entropy needs the
        whole vector: a domain resting on a partial partner list (an UNLISTED rest) has no
        balance, and then neither has the overall vector of that year.
        """
        k = self.poles_count()
        vectors = self.domain_vectors()
        per_domain = balance(complete_vectors(vectors, [*WINDOW, "domain"]), [*WINDOW, "domain"], k)
        whole_years = complete_vectors(vectors, WINDOW)
        overall = balance(mean_vector(whole_years, WINDOW), WINDOW, k).mutate(domain=ibis.literal("overall"))
        return ibis.union(
            per_domain.select(*WINDOW, "domain", "balance"),
            overall.select(*WINDOW, "domain", "balance"),
            distinct=False,
        )


_ROUTES: dict[int, tuple[weakref.ref[ibis.Table], tuple[ibis.Table, ibis.Table]]] = {}


def executed_routes(facts: ibis.Table) -> tuple[ibis.Table, ibis.Table]:
    """``route_table`` and ``route_transit`` of ``facts``, executed once per facts table object.

    The two read the facts' JSON attributes, whose expressions take longer to compile than to
    run; every route indicator starts from them, so a report or a classification would compile
    them again for each (a dozen times). Executed, they are a few hundred rows, bound as
    in-memory tables with the same schema. The store is opened read-only, so the facts do not
    change while the table is in use; the cache holds a weak reference only (the last few kept),
    as ``scenarios.route_network.route_facts`` does.
    """
    cached = _ROUTES.get(id(facts))
    if cached is not None and cached[0]() is facts:
        return cached[1]
    found = (ibis.memtable(route_table(facts).to_pyarrow()), ibis.memtable(route_transit(facts).to_pyarrow()))
    if len(_ROUTES) >= 4:
        _ROUTES.pop(next(iter(_ROUTES)))
    _ROUTES[id(facts)] = (weakref.ref(facts), found)
    return found


def _route_group(years: Sequence[int] | None) -> list[str]:
    return [*ROUTE_GROUP, "year"] if years is not None else list(ROUTE_GROUP)


def _is_similarity(channel: str) -> bool:
    return any(s.kind == "similarity" for s in series_of(channel))


__all__ = ["Measurements", "DOMAINS"]
