"""The atlas's world map: every state filled by its hedging type in a year, missing data grey.

Built from an already computed atlas table (``api.atlas_table``); the shapes (Natural Earth
1:110m, ``report.shapes.world_shapes``) travel inline with the chart as a named dataset
(``map_chart.MapChart``), so the page works offline. The preset's members get a dark outline;
the hegemon is drawn dark; a state of the table whose type cannot be read is grey ("no data").
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from multivector.report import words
from multivector.report.map_chart import SEA, SHAPES, MapChart
from multivector.report.shapes import world_shapes

NO_DATA = "no data"
#: The map's looks, in the legend's order: (fill, what it means).
LOOKS = {
    "aligned with the hegemon": "#b2182b",
    "aligned with another pole": "#5e3c99",
    "leaning": "#f4a582",
    "split": "#4393c3",
    "unaligned": "#8fc9a0",
    "the hegemon": "#2b2b2b",
    NO_DATA: "#d9d9d9",
}


def hedging_map(
    table: pd.DataFrame,
    *,
    title: str,
    hegemon: str | None,
    members: set[str],
    width: int = 960,
    height: int = 470,
    data_dir: Path | None = None,
) -> MapChart:
    """The world, each state filled by its ``hedging_type`` in ``table`` (one row per state).

    ``table`` has ``state``, ``hedging_type``, ``leader`` and ``name``; ``aligned`` splits into
    aligned with the hegemon and with another pole. States not in the table, or whose type is
    missing, are "no data" (never a type). ``members`` get a dark outline.
    """
    rows = table.set_index("state")
    features = [_feature(shape, rows, hegemon, members) for shape in world_shapes(data_dir)["features"]]
    data = alt.NamedData(name=SHAPES)
    looks = list(LOOKS)
    tooltip = [
        alt.Tooltip("properties.name:N", title="state"),
        alt.Tooltip("properties.look:N", title="type"),
        alt.Tooltip("properties.leaders:N", title="domain leaders"),
    ]
    fill = (
        alt.Chart(data)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .encode(
            color=alt.Color(
                "properties.look:N",
                scale=alt.Scale(domain=looks, range=list(LOOKS.values())),
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal", symbolType="square"),
            ),
            tooltip=tooltip,
            href="properties.href:N",
        )
    )
    outline = (  # on top of the fill: it carries the same tooltip and link, or a member could not be clicked
        alt.Chart(data)
        .mark_geoshape(filled=False, stroke="#111111", strokeWidth=1.2)
        .encode(tooltip=tooltip, href="properties.href:N")
        .transform_filter("datum.properties.member")
    )
    hegemon_name = words.pole(hegemon) if hegemon else "no former hegemon"
    return (
        MapChart(layer=[fill, outline])
        .project(type="equalEarth")
        .properties(
            title=alt.Title(
                title,
                subtitle=[
                    "aligned: one pole leads and captures every measured domain · leaning: one pole leads every "
                    "domain any pole leads without capturing all · split: different poles lead different domains · "
                    "unaligned: no pole leads any domain",
                    f"dark outline: the preset's members · hegemon: {hegemon_name} · grey: fewer than two domains "
                    "measured (no data, not 'none')",
                    "shapes: Natural Earth 1:110m (world-atlas 2.0.2); the smallest states have no shape at this scale",
                ],
            ),
            description="World map: each state coloured by its hedging type in the year; grey where fewer than "
            "two domains are measured.",
            width=width,
            height=height,
            view=alt.ViewBackground(fill=SEA, stroke=None),
        )
        .with_features(features)
    )


def look_of(hedging_type: object, leader: object, state: str, hegemon: str | None) -> str:
    """The map's look of one state: its type, aligned split by whom it sides with."""
    if hegemon is not None and state == hegemon:
        return "the hegemon"
    if not isinstance(hedging_type, str):
        return NO_DATA
    if hedging_type == "aligned":
        return "aligned with the hegemon" if hegemon is not None and leader == hegemon else "aligned with another pole"
    return hedging_type


def _feature(shape: dict, rows: pd.DataFrame, hegemon: str | None, members: set[str]) -> dict:
    state = shape["properties"]["id"]
    row = rows.loc[state] if state is not None and state in rows.index else None
    look = look_of(None if row is None else row["hedging_type"], None if row is None else row["leader"], state, hegemon)
    leaders = None if row is None or pd.isna(row.get("leaders")) else str(row["leaders"])
    return {
        "type": "Feature",
        "geometry": shape["geometry"],
        "properties": {
            **shape["properties"],
            "name": shape["properties"]["name"] if row is None else str(row["name"]),  # the crosswalk's name
            "look": look,
            "leaders": leaders or "–",
            "member": state in members,
            "href": f"#state-{state}" if row is not None else None,
        },
    }
