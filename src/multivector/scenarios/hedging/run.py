"""One hedging run: calibrate, apply the scenario's shocks, draw, simulate, judge, explain.

``run_hedging`` validates, freezes and runs; ``HedgingRun.summary()`` is the JSON-ready
result and ``HedgingRun.table()`` the tidy draws (``simulate_hedging`` and ``hedging_draws``
are the two in one call).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from multivector.errors import BadOption
from multivector.scenarios.hedging.calibrate import Calibration, calibrate
from multivector.scenarios.hedging.draws import Draws, factor_names, from_model, normal_draws, perturbed
from multivector.scenarios.hedging.fit import fit_of
from multivector.scenarios.hedging.observed import Observed, observed_paths
from multivector.scenarios.hedging.params import HedgingModel, HedgingParams, Shock
from multivector.scenarios.hedging.sensitivity import outcomes, sobol_indices
from multivector.scenarios.hedging.shocks import check_years, parse_shocks, resolve
from multivector.scenarios.hedging.solver import Setup, simulate
from multivector.scenarios.hedging.summary import summary_of
from multivector.scenarios.hedging.table import tidy_table
from multivector.theory.panel import Panel

Shocks = str | tuple[Shock, ...] | list[Shock] | None


@dataclass(frozen=True)
class HedgingRun:
    obs: Observed  # observed paths on the simulated years
    params: HedgingParams
    calibration: Calibration
    model: HedgingModel  # the calibrated (or given) model with the scenario's shocks
    scenario: tuple[Shock, ...] | None
    seed: int
    setup: Setup
    sample: Draws  # the Monte Carlo draws
    paths: np.ndarray  # (draws, years, domains, poles)
    outcomes: list  # one ShockOutcome per shock of ``model``
    central: np.ndarray  # (years, domains, poles) at the model's own values
    central_outcomes: list
    sobol: dict

    def summary(self) -> dict:
        return summary_of(self)

    def table(self) -> pd.DataFrame:
        return tidy_table(self)


def run_hedging(
    panel: Panel,
    shocks: Shocks = None,
    draws: int = 1000,
    seed: int = 0,
    params: HedgingParams | None = None,
    model: HedgingModel | None = None,
) -> HedgingRun:
    """Calibrate to ``panel`` (unless ``model`` is given), then the Monte Carlo and its verdict."""
    params = params or HedgingParams()
    check_options(draws, seed, params)
    scenario = parse_shocks(shocks) if isinstance(shocks, str) else (tuple(shocks) if shocks else None)
    obs = observed_paths(panel)
    check_years(scenario, obs.years, obs.state)
    calibration = calibrate(obs, params) if model is None else given(obs, model)
    scenario_model = calibration.model.model_copy(update={"shocks": resolve(calibration.model.shocks, scenario)})
    obs = obs.extended(_last_year(obs, scenario_model, params))
    setup = obs.setup(scenario_model.base_year)
    center = from_model(scenario_model)
    factors = factor_names(scenario_model)
    sample = perturbed(center, normal_draws(seed, draws, len(factors)), params)
    paths = simulate(sample.batch(obs.years), setup)
    central = simulate(center.batch(obs.years), setup)[0]
    return HedgingRun(
        obs=obs,
        params=params,
        calibration=calibration,
        model=scenario_model,
        scenario=scenario,
        seed=seed,
        setup=setup,
        sample=sample,
        paths=paths,
        outcomes=_outcomes(sample, paths, setup, params),
        central=central,
        central_outcomes=_outcomes(center, central[None], setup, params),
        sobol=sobol_indices(center, factors, setup, params, seed),
    )


def simulate_hedging(
    panel: Panel,
    shocks: Shocks = None,
    draws: int = 1000,
    seed: int = 0,
    params: HedgingParams | None = None,
    model: HedgingModel | None = None,
) -> dict:
    """The JSON-ready summary: fit, parameters, verdict, Sobol indices, path quantiles."""
    return run_hedging(panel, shocks, draws, seed, params, model).summary()


def hedging_draws(
    panel: Panel,
    shocks: Shocks = None,
    draws: int = 1000,
    seed: int = 0,
    params: HedgingParams | None = None,
    model: HedgingModel | None = None,
) -> pd.DataFrame:
    """The tidy draws: run_id, seed, lam, sigma, kappa, rho, offer, year, domain, pole, share."""
    return run_hedging(panel, shocks, draws, seed, params, model).table()


def given(obs: Observed, model: HedgingModel) -> Calibration:
    """A model supplied by the caller, with its fit to the observed paths."""
    if tuple(model.domains) != obs.domains or tuple(model.poles) != obs.poles or model.hegemon != obs.hegemon:
        raise BadOption(
            f"the model's domains {model.domains}, poles {model.poles} and hegemon {model.hegemon} "
            f"differ from the data's {obs.domains}, {obs.poles}, {obs.hegemon}",
            "calibrate a model to this state first (model=None)",
        )
    return Calibration(model, fit_of(obs, model), float("nan"), True, "given", 0)


def _outcomes(draws: Draws, paths: np.ndarray, setup: Setup, params: HedgingParams) -> list:
    """Each shock's outcome; the paths with every shock are reused, only the no-shock ones are new."""
    return outcomes(draws, setup, params, paths[..., setup.hegemon])


def check_options(draws: int, seed: int, params: HedgingParams) -> None:
    """Refuse a draw count outside 1 … ``params.max_draws`` or a negative seed (cheap: before any work)."""
    if not isinstance(draws, (int, np.integer)) or not 1 <= draws <= params.max_draws:
        raise BadOption(
            f"draws must be a whole number from 1 to {params.max_draws:,}, not {draws!r}", "give --draws N, e.g. 1000"
        )
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise BadOption(f"seed must be a whole number ≥ 0, not {seed!r}", "give --seed S, e.g. 0")


def _last_year(obs: Observed, model: HedgingModel, params: HedgingParams) -> int:
    if params.until is not None:
        return max(params.until, int(obs.years[-1]))
    last_shock = max((s.year for s in model.shocks), default=0)
    return max(int(obs.years[-1]), last_shock + params.horizon - 1)
