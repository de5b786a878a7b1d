"""The tidy draws: one row per run, year, domain and pole, with the parameters that step used.

Columns: run_id, seed (the run's root seed; draw ``run_id`` is row ``run_id`` of its normal
draws, see ``draws.py``), lam, sigma (the domain's σ), kappa and rho (in force that year),
offer (b_{d,p}(t) that year), year, domain, pole, share. A domain's rows start in its first
year with data (its anchor). The parameter objects are in ``table.attrs``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def tidy_table(run) -> pd.DataFrame:
    obs, sample, setup = run.obs, run.sample, run.setup
    n, years, (d, p) = sample.size, obs.years, setup.anchor.shape
    shape = (n, len(years), d, p)
    batch = sample.batch(years)
    keep = np.broadcast_to((np.arange(len(years))[:, None] >= setup.start[None, :])[None, :, :, None], shape)
    keep = keep.ravel()

    def column(values: np.ndarray, dtype=None) -> np.ndarray:
        out = np.broadcast_to(values, shape).ravel()[keep]
        return out.astype(dtype) if dtype else out

    offer = sample.offers[:, None] + sample.drift[:, None] * (years - setup.base_year)[None, :, None, None]
    table = pd.DataFrame(
        {
            "run_id": column(np.arange(n)[:, None, None, None], np.int32),
            "seed": np.full(int(keep.sum()), run.seed, dtype=np.int64),
            "lam": column(sample.lam[:, None, None, None]),
            "sigma": column(sample.sigma[:, None, :, None]),
            "kappa": column(batch.kappa[:, :, None, None]),
            "rho": column(batch.rho[:, :, None, None]),
            "offer": column(offer),
            "year": column(years[None, :, None, None], np.int16),
            "domain": pd.Categorical.from_codes(column(np.arange(d)[None, None, :, None], np.int8), obs.domains),
            "pole": pd.Categorical.from_codes(column(np.arange(p)[None, None, None, :], np.int8), obs.poles),
            "share": column(run.paths),
        }
    )
    table.attrs = {"parameters": run.params.record(), "model": run.model.record(), "state": obs.state}
    return table
