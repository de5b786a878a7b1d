"""The phases as columns of a state-year table (the panel grammar's ``add_phases``).

A state-year's phase is the one the timeline gives it (THEORY.md §3): ``not_hedging`` when one
pole captures every structural domain, ``substantive`` in the years a shock's reallocation
test finds real movement away from the hegemon, ``declaratory`` otherwise.
"""

from __future__ import annotations

import pandas as pd

from multivector.measure.measurements import Measurements
from multivector.theory.panel import load_panel
from multivector.theory.params import TheoryParams
from multivector.theory.phases import shock_tests, yearly_phases

UNIT = ["state", "year"]
PHASE_COLUMNS = ["phase", "structure", "captor", "shock"]


def add_phases(m: Measurements, frame: pd.DataFrame, params: TheoryParams) -> pd.DataFrame:
    """``frame`` (from ``state_years``) with ``phase``, ``structure`` (hegemon_dominated or
    diversified: who leads the structural domains), ``captor`` (the pole capturing them all, in
    a not_hedging year), ``shock`` (the shock whose test made the year substantive) and
    ``series_phase`` (the series of the domains read). A year the structure cannot be read in
    (a structural domain unmeasured, or before the phases' first year) is missing.
    """
    if frame.empty:
        return frame.assign(**{c: pd.Series(dtype="string") for c in [*PHASE_COLUMNS, "series_phase"]})
    rows = [_state_phases(m, state, params) for state in sorted(frame.state.unique())]
    added = pd.concat(rows, ignore_index=True)
    keep = [c for c in frame.columns if c not in added.columns or c in UNIT]
    out = frame[keep].merge(added, on=UNIT, how="left")
    return out.astype({c: "string" for c in [*PHASE_COLUMNS, "series_phase"]}).reset_index(drop=True)


def _state_phases(m: Measurements, state: str, params: TheoryParams) -> pd.DataFrame:
    panel = load_panel(m, state)
    tests, _ = shock_tests(panel, params.phases)
    yearly = yearly_phases(panel, tests, params.phases, params.measure.theta_capture)
    structural = panel.channels[panel.channels.domain.isin(params.phases.structural_domains)]
    series = structural.groupby("year").series.agg(lambda s: "; ".join(sorted(set(s)))).rename("series_phase")
    yearly = yearly.merge(series, left_on="year", right_index=True, how="left")
    return yearly.assign(state=state, year=yearly.year.astype("int64"))[[*UNIT, *PHASE_COLUMNS, "series_phase"]]
