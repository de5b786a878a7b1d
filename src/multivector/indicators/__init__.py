"""One pure function per indicator (Ibis table in, Ibis table out), listed in ``INDICATORS``."""

from multivector.indicators import concentration, domains, poles, windows  # noqa: F401  (registers them)
from multivector.indicators import votes  # noqa: F401
from multivector.indicators import network, routes  # noqa: F401
from multivector.indicators import hegemon_share  # noqa: F401
from multivector.indicators import ideal_points  # noqa: F401
from multivector.indicators.registry import INDICATORS, Indicator

__all__ = ["INDICATORS", "Indicator"]
