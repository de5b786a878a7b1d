"""One module per source; ``SOURCES`` lists them in build order (crosswalk first)."""

from __future__ import annotations

from multivector.errors import UnknownSource
from multivector.sources import (
    aiddata_gcdf,
    atop_alliances,
    countrycode,
    cow_contiguity,
    cow_igo,
    cow_mindist,
    cow_nmc,
    cow_trade,
    factbook_2026,
    factbook_land_boundaries,
    factbook_trade_partners,
    gem_gas_pipelines,
    imf_dots,
    imf_dots_russia_world,
    isard,
    isard_democracy,
    isard_gdppop,
    knowledge_base,
    multivector_codes,
    multivector_poles,
    nso_armenia_trade,
    nso_kazakhstan_trade,
    nso_kyrgyzstan_trade,
    nso_uzbekistan_trade,
    russia_exercises,
    sipri_tiv_tables,
    sipri_trade_register,
    unga_ideal_points,
    unga_ideal_points_2025,
    unga_votes_fpsim,
    unvotes,
    wb_remittances_2017,
    wiiw_fdi_kazakhstan,
)
from multivector.sources.base import FileSpec, Source

SOURCES: tuple[Source, ...] = (
    multivector_codes.SOURCE,
    countrycode.SOURCE,
    isard.SOURCE,
    multivector_poles.SOURCE,
    knowledge_base.SOURCE,
    sipri_trade_register.SOURCE,
    sipri_tiv_tables.SOURCE,
    russia_exercises.SOURCE,
    atop_alliances.SOURCE,
    cow_contiguity.SOURCE,
    cow_mindist.SOURCE,
    cow_nmc.SOURCE,
    isard_democracy.SOURCE,
    isard_gdppop.SOURCE,
    unvotes.SOURCE,
    unga_votes_fpsim.SOURCE,
    unga_ideal_points.SOURCE,
    unga_ideal_points_2025.SOURCE,
    cow_igo.SOURCE,
    cow_trade.SOURCE,
    imf_dots.SOURCE,
    imf_dots_russia_world.SOURCE,
    imf_dots_russia_world.WORLD_TOTALS,
    nso_kazakhstan_trade.SOURCE,
    nso_kyrgyzstan_trade.SOURCE,
    nso_uzbekistan_trade.SOURCE,
    nso_armenia_trade.SOURCE,
    factbook_trade_partners.SOURCE,
    factbook_2026.SOURCE,
    factbook_2026.EXPORT_COMMODITIES,
    factbook_land_boundaries.SOURCE,
    gem_gas_pipelines.SOURCE,
    wiiw_fdi_kazakhstan.SOURCE,
    wb_remittances_2017.SOURCE,
    aiddata_gcdf.SOURCE,
)


def get_source(source_id: str) -> Source:
    for source in SOURCES:
        if source.id == source_id:
            return source
    known = ", ".join(s.id for s in SOURCES)
    raise UnknownSource(f"no source {source_id!r}", f"known sources: {known}")


__all__ = ["SOURCES", "FileSpec", "Source", "get_source"]
