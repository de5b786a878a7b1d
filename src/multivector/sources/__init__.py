"""One module per source; ``SOURCES`` lists them in build order (crosswalk first)."""

from __future__ import annotations

from multivector.errors import UnknownSource
from multivector.sources import (
    aiddata_gcdf,
    countrycode,
    isard,
    multivector_codes,
    multivector_poles,
    sipri_trade_register,
    wb_remittances_2017,
    wiiw_fdi_kazakhstan,
)
from multivector.sources.base import FileSpec, Source

SOURCES: tuple[Source, ...] = (
    multivector_codes.SOURCE,
    countrycode.SOURCE,
    isard.SOURCE,
    multivector_poles.SOURCE,
    sipri_trade_register.SOURCE,
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
