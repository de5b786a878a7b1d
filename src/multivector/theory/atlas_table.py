"""The atlas table: every state-year under one hegemon and pole mapping (THEORY.md §7).

One row per state and year (the panel grammar's ``state_years``), read from the panel composed
for the mapping, never recomputed here:

- ``dependence_<domain>``: the hegemon's share ``a_d(H)`` of each domain's pole vector, with
  ``series_<domain>``; all missing when the mapping has no former hegemon (a classic hedger's
  poles);
- ``share_<domain>_<pole>``: each pole's share of each domain;
- ``differentiation``, ``balance``, ``domains_measured`` (``series_differentiation``);
- ``hedging_type``, ``leader``, ``captured_domains``, ``leaders`` (``theory.hedging_types``);
- ``member``, ``independence``, ``basis``, ``citation``: the preset's member list, where one
  is given (a state outside it keeps its row, with ``member`` false);
- ``phase`` (and ``structure``, ``captor``, ``shock``, ``series_phase``) for the states asked
  for only: the timeline's shock tests take about two seconds a state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from multivector.channels import DOMAINS
from multivector.measure.grammar import add_dependence, add_differentiation
from multivector.measure.measurements import Measurements
from multivector.measure.panel import panel_frames
from multivector.presets import Preset
from multivector.theory.hedging_types import TYPE_COLUMNS, hedging_types
from multivector.theory.params import TheoryParams
from multivector.theory.phase_columns import add_phases

UNIT = ["state", "year"]
MEMBER_COLUMNS = ["member", "independence", "basis", "citation"]


def atlas_rows(
    m: Measurements,
    frame: pd.DataFrame,
    poles: Sequence[str],
    hegemon: str | None,
    preset: Preset | None = None,
    phases_for: Sequence[str] = (),
    params: TheoryParams | None = None,
    on_state: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """``frame`` (from ``state_years``) with the atlas's columns (see the module), rows kept.

    ``phases_for`` names the states whose phase is read (``on_state`` is told each in turn).
    """
    table = add_dependence(m, frame)
    if hegemon is None:
        table = table.assign(**{f"dependence_{d}": float("nan") for d in DOMAINS})
    table = add_dependence(m, table, poles=list(poles))
    table = add_differentiation(m, table)
    table = _with_types(m, table)
    table = _with_members(table, preset)
    chosen = sorted(set(phases_for) & set(table.state))
    if chosen:
        table = _with_phases(m, table, chosen, params or TheoryParams(measure=m.params), on_state)
    return table


def _with_types(m: Measurements, table: pd.DataFrame) -> pd.DataFrame:
    if table.empty:
        return table.assign(**{c: pd.Series(dtype=object) for c in TYPE_COLUMNS})
    years = (int(table.year.min()), int(table.year.max()))
    summary = panel_frames(m, sorted(table.state.unique()), years)["domain_summary"]
    types = hedging_types(summary).rename(columns={"reporter": "state"})
    types["year"] = types.year.astype("int64")
    return table.merge(types, on=UNIT, how="left")


def _with_members(table: pd.DataFrame, preset: Preset | None) -> pd.DataFrame:
    members = preset.members if preset is not None else ()
    listed = pd.DataFrame(
        [(x.state, True, x.independence, x.basis, x.citation) for x in members],
        columns=["state", *MEMBER_COLUMNS],
    )
    out = table.merge(listed, on="state", how="left")
    out["member"] = out.member.fillna(False).astype(bool)
    out["independence"] = out.independence.astype("Int64")
    return out


def _with_phases(
    m: Measurements,
    table: pd.DataFrame,
    states: list[str],
    params: TheoryParams,
    on_state: Callable[[str], None] | None,
) -> pd.DataFrame:
    parts = []
    for state in states:
        if on_state is not None:
            on_state(state)
        parts.append(add_phases(m, table.loc[table.state == state, UNIT], params))
    phases = pd.concat(parts, ignore_index=True)
    return table.merge(phases, on=UNIT, how="left")
