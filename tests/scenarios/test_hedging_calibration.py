"""Calibration recovers the parameters of paths the model itself generated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multivector.scenarios.hedging.calibrate import calibrate
from multivector.scenarios.hedging.draws import from_model
from multivector.scenarios.hedging.observed import observed_paths
from multivector.scenarios.hedging.params import HedgingModel, HedgingParams, Shock
from multivector.scenarios.hedging.solver import Setup, project, simulate
from multivector.theory.panel import Panel

POLES = ("RUS", "CHN", "WEST", "TUR", "OTHER")
DOMAINS = ("security", "economic", "diplomatic")
YEARS = np.arange(1995, 2033)
BASE = int((YEARS[0] + YEARS[-1]) // 2)  # the calibration's base year for these years

# Security: Russia's offer sinks and the punishment holds its share until ~2010 (κ₀ binds);
# economy and diplomacy: its offer rises, so its share climbs back after each shock (ρ alone).
TRUTH = HedgingModel(
    domains=DOMAINS,
    poles=POLES,
    base_year=BASE,
    lam=1.0,
    sigma={"security": 2.0, "economic": 1.0, "diplomatic": 0.5},
    kappa=0.3,
    rho=0.0,
    offers={
        "security": {"RUS": 1.12, "CHN": 0.04, "WEST": 0.2, "TUR": -0.2, "OTHER": 0.0},
        "economic": {"RUS": 0.72, "CHN": 0.58, "WEST": 0.66, "TUR": 0.1, "OTHER": 0.0},
        "diplomatic": {"RUS": 0.62, "CHN": 0.44, "WEST": 0.3, "TUR": 0.2, "OTHER": 0.0},
    },
    drift={
        "security": {"RUS": -0.02, "CHN": 0.01, "WEST": 0.0, "TUR": 0.0, "OTHER": 0.0},
        "economic": {"RUS": 0.03, "CHN": 0.02, "WEST": -0.01, "TUR": 0.0, "OTHER": 0.0},
        "diplomatic": {"RUS": 0.03, "CHN": 0.01, "WEST": 0.0, "TUR": 0.0, "OTHER": 0.0},
    },
    shocks=(Shock(year=2014, kappa=0.5, rho=0.2), Shock(year=2022, kappa=0.2, rho=0.6)),
)
ANCHOR = np.array([[0.8, 0.02, 0.08, 0.0, 0.1], [0.5, 0.05, 0.25, 0.05, 0.15], [0.4, 0.15, 0.2, 0.1, 0.15]])


def generated(model: HedgingModel = TRUTH, years=YEARS, anchor=ANCHOR) -> np.ndarray:
    """(years, domains, poles) from the model, every domain anchored in the first year."""
    setup = Setup(years, anchor, np.zeros(len(model.domains), int), model.poles.index(model.hegemon), model.base_year)
    return simulate(from_model(model).batch(years), setup)[0]


def synthetic_panel(
    shares: np.ndarray, years=YEARS, missing: dict[str, range] | None = None, state: str = "XXX"
) -> Panel:
    """A panel whose domain vectors are ``shares``; ``missing`` years of a domain have no row at all."""
    rows = [
        {"year": int(y), "domain": d, "pole": p, "share": float(shares[t, i, j]), "channels": 1}
        for t, y in enumerate(years)
        for i, d in enumerate(DOMAINS)
        for j, p in enumerate(POLES)
        if int(y) not in (missing or {}).get(d, ()) and shares[t, i, j] > 0
    ]
    return Panel(state=state, hegemon="RUS", channels=pd.DataFrame(), domains=pd.DataFrame(rows))


def behavioural(model: HedgingModel) -> dict[str, float]:
    out = {f"sigma_{d}": v for d, v in model.sigma.items()}
    out["kappa"] = model.kappa
    for s in model.shocks:
        out[f"kappa_factor_{s.year}"], out[f"rho_{s.year}"] = s.kappa, s.rho
    return out


def offers(model: HedgingModel) -> np.ndarray:
    return np.array([[[model.offers[d][p], model.drift[d][p]] for p in POLES] for d in DOMAINS])


def test_calibration_recovers_known_parameters_from_synthetic_paths():
    found = calibrate(observed_paths(synthetic_panel(generated())), HedgingParams(drift_prior=None))
    assert found.fit["all"]["rmse"] < 1e-4 and found.fit["all"]["r2"] > 0.9999
    truth, fitted = behavioural(TRUTH), behavioural(found.model)
    assert fitted.keys() == truth.keys()
    for name, value in truth.items():
        assert fitted[name] == pytest.approx(value, rel=0.01, abs=0.005), name
    assert found.model.base_year == BASE
    assert np.allclose(offers(found.model), offers(TRUTH), atol=0.005)
    assert found.unidentified == ()


def test_missing_years_stay_out_of_the_loss_rather_than_reading_as_zero():
    gaps = {"economic": range(2000, 2005), "diplomatic": range(2016, 2019)}
    panel = synthetic_panel(generated(), missing=gaps)
    obs = observed_paths(panel)
    assert np.isnan(obs.shares[1, 5:10]).all() and not np.isnan(obs.shares[1, 4]).any()
    found = calibrate(obs, HedgingParams(drift_prior=None))
    assert found.fit["economic"]["years"] == len(YEARS) - 1 - 5
    assert found.fit["diplomatic"]["years"] == len(YEARS) - 1 - 3
    assert found.fit["all"]["rmse"] < 1e-4
    for name, value in behavioural(TRUTH).items():
        assert behavioural(found.model)[name] == pytest.approx(value, rel=0.02, abs=0.01), name


def test_with_noise_and_the_default_prior_the_fit_stays_close():
    rng = np.random.default_rng(5)
    noisy = project(generated() + rng.normal(0, 0.01, size=generated().shape))
    found = calibrate(observed_paths(synthetic_panel(noisy)), HedgingParams())
    assert found.fit["all"]["rmse"] < 0.012
    fitted = behavioural(found.model)
    assert fitted["kappa"] == pytest.approx(0.3, abs=0.1)
    assert fitted["rho_2014"] == pytest.approx(0.2, abs=0.1)
    # after 2022 the hegemon's share only falls, which pins down ρ − κ rather than each
    assert fitted["rho_2022"] - fitted["kappa"] * fitted["kappa_factor_2022"] == pytest.approx(0.6 - 0.06, abs=0.1)


def test_a_parameter_the_paths_never_use_is_reported_unidentified():
    flat = TRUTH.model_copy(update={"kappa": 0.0})
    found = calibrate(observed_paths(synthetic_panel(generated(flat))), HedgingParams(drift_prior=None, starts=1))
    assert found.model.kappa == pytest.approx(0.0, abs=1e-3)
    assert set(found.unidentified) == {"kappa_factor_2014", "kappa_factor_2022"}
