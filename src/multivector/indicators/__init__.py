"""One pure function per indicator (Ibis table in, Ibis table out), listed in ``INDICATORS``."""

from multivector.indicators import (  # noqa: F401  (registers them)  # noqa: F401
    concentration,
    domains,
    hegemon_share,  # noqa: F401
    ideal_points,  # noqa: F401
    network,
    poles,
    routes,
    votes,  # noqa: F401
    windows,
)
from multivector.indicators.registry import INDICATORS, Indicator

__all__ = ["INDICATORS", "Indicator"]
