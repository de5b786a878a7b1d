"""The atlas page: the world map of hedging types in a year, the sortable table, the members cited.

Built from an already computed atlas table (``api.atlas_table``, one year); nothing is
measured here. The page is the country report's template (offline, Vega inlined, no request).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import markupsafe
import pandas as pd

from multivector import __version__
from multivector.channels import DOMAINS
from multivector.presets import Preset
from multivector.report import words
from multivector.report.page import Section, render
from multivector.report.world_map import hedging_map, look_of

NUMBER_COLUMNS = [*(f"dependence_{d}" for d in DOMAINS), "differentiation", "balance"]


def html(
    table: pd.DataFrame,
    *,
    year: int,
    hegemon: str | None,
    preset: Preset | None,
    mapping: str,
    bundle: str,
    command: str,
) -> str:
    """The page for ``table`` (one row per state in ``year``)."""
    members = set(preset.states) if preset is not None else set()
    who = preset.title if preset is not None else f"hegemon {hegemon}, poles of {mapping}"
    hegemon_name = words.pole(hegemon) if hegemon else "no former hegemon"
    typed = table[table.hedging_type.notna()]
    sections = [
        Section(
            "map",
            f"Hedging types in {year}",
            [hedging_map(table, title=f"Hedging types, {year} ({who})", hegemon=hegemon, members=members)],
            intro="A click on a state opens its row in the table below. Grey is missing data, never a type.",
        ),
        Section(
            "table",
            "Every state",
            blocks=["sortable"],
            context=_table(table, hegemon, command),
            intro=f"Dependence: {hegemon_name}'s share of each domain's pole vector (0-100 %); differentiation: "
            "mean pairwise Jensen-Shannon divergence between the domains' vectors; balance: normalised entropy "
            "of the mean vector. A dash is missing, never zero. The header buttons sort.",
        ),
    ]
    if preset is not None:
        sections.append(
            Section("members", f"Members of {preset.name}", blocks=["table"], context=_members(preset)),
        )
    counts = typed.hedging_type.value_counts()
    headline = (
        f"{len(typed)} of {len(table)} states typed in {year}: "
        + ", ".join(f"{int(counts.get(kind, 0))} {kind}" for kind in ("split", "leaning", "aligned", "unaligned"))
        + f"; {len(table) - len(typed)} with fewer than two domains measured."
    )
    return render(
        "report.html.j2",
        title=f"The hedging atlas, {year}",
        headline=headline,
        subtitle=f"{who} · former hegemon {hegemon_name} · multivector {__version__} · generated "
        f"{date.today().isoformat()}",
        sections=sections,
        bundle=bundle,
        state="ATLAS",
        hegemon=hegemon or "",
        version=__version__,
        footer=f"Every figure on this page is computed from the shipped data by `{command}`.",
    )


def _table(table: pd.DataFrame, hegemon: str | None, command: str) -> dict:
    has_phase = "phase" in table.columns
    columns = ["state", "member", "type", *(f"{d} dependence" for d in DOMAINS), "differentiation", "balance"]
    columns += [*(["phase"] if has_phase else []), "domain leaders", "country report"]
    rows = []
    records: list[dict[str, Any]] = table.sort_values("name").to_dict(orient="records")  # type: ignore[assignment]
    for row in records:
        look = look_of(row["hedging_type"], row["leader"], str(row["state"]), hegemon)
        cells = [
            _text(markupsafe.Markup('<a href="#map">{}</a>').format(row["name"])),
            _text("yes" if row["member"] else ""),
            _text(look),
            *(_number(row[c], percent=c.startswith("dependence")) for c in NUMBER_COLUMNS),
        ]
        if has_phase:
            phase = row["phase"]
            cells.append(_text("" if pd.isna(phase) else str(phase).replace("_", " ")))
        cells.append(_text("–" if pd.isna(row["leaders"]) else str(row["leaders"])))
        report = f"multivector report {row['state']} --year {int(row['year'])}"
        cells.append(_text(markupsafe.Markup("<code>{}</code>").format(report)))
        rows.append({"id": f"state-{row['state']}", "cells": cells})
    notes = [
        "Country report: the command writes the state's full report (phases, conditions, variants, sources).",
        f"Made by `{command}`.",
    ]
    if not has_phase:
        notes.insert(0, "Phases are read with --phases (the timeline's shock tests, about two seconds a member).")
    return {"id": "atlas-table", "columns": columns, "rows": rows, "notes": notes}


def _members(preset: Preset) -> dict:
    rows = [
        [m.name, m.state, m.basis, "" if m.independence is None else m.independence, m.citation] for m in preset.members
    ]
    notes = [f"Left out: {x.name} ({x.reason})" for x in preset.left_out]
    return {"columns": ["state", "id", "why a member", "independence", "source"], "rows": rows, "notes": notes}


def _text(text: object) -> dict:
    return {"text": text, "sort": None}


def _number(value: Any, *, percent: bool) -> dict:
    if value is None or pd.isna(value):
        return {"text": "–", "sort": "NaN"}
    number = float(value)
    return {"text": f"{100 * number:.1f}%" if percent else f"{number:.3f}", "sort": f"{number:.6f}"}
