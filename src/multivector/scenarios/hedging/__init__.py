"""The strategic hedging model ("issue splitting", THEORY.md §6): docs/scenarios.md.

Per domain and year the state chooses its alignment shares over the poles, trading pole
offers against concentration risk, switching costs, the hegemon's punishment for moving
away and the association risk of staying close. ``run_hedging`` calibrates the model to a
state's observed dependence paths, runs a seeded Monte Carlo around the fit and judges
whether the shocks turn declaratory hedging substantive, and which parameter drives it.
"""

from multivector.scenarios.hedging.params import HEDGING_VERSION, HedgingModel, HedgingParams, Shock
from multivector.scenarios.hedging.run import HedgingRun, hedging_draws, run_hedging, simulate_hedging
from multivector.scenarios.hedging.shocks import parse_shocks

__all__ = [
    "HEDGING_VERSION",
    "HedgingModel",
    "HedgingParams",
    "HedgingRun",
    "Shock",
    "hedging_draws",
    "parse_shocks",
    "run_hedging",
    "simulate_hedging",
]
