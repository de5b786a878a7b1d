"""The region map: each state coloured by its dependence on the hegemon (Russia).

Built from an already computed table; the shapes travel inline with the chart (no URL),
so the page and the images work offline. They join the spec as a named dataset when it is
written out (``MapChart.to_dict``): Altair copies and walks inline data at every step of
building a chart, which for the region's shapes cost about two seconds per page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import altair as alt
import pandas as pd

from multivector.defaults import HEGEMON
from multivector.errors import BadOption
from multivector.report.shapes import region_shapes

NO_DATA = "no data"
HEGEMON_LABEL = "Russia (the hegemon)"
STATUS_COLOURS = {NO_DATA: "#dadada", HEGEMON_LABEL: "#a2a2a2"}
SEA = "#e6eef5"
SCHEME: Final = "orangered"  # Final: mypy reads it as the Literal Vega scheme name
# Points the view must show: Ukraine's west, Estonia's north, Afghanistan's south, Mongolia
# up to 112° E, and the 60th parallel above Kazakhstan. The shapes reach past them, so the
# rectangle fitted around them is filled to its corners (see data/shapes/ORIGIN.md).
FOCUS = {
    "type": "Feature",
    "properties": {},
    "geometry": {"type": "MultiPoint", "coordinates": [[22, 48], [24, 59.7], [67, 29.4], [112, 48], [67, 60]]},
}
PROJECTION = {"type": "conicEqualArea", "rotate": [-67, 0, 0], "parallels": [38, 54]}


SHAPES = "region-shapes"


class MapChart(alt.LayerChart):
    """A layer chart over the named dataset ``SHAPES``, whose features ``to_dict`` adds last."""

    def with_features(self, features: list[dict]) -> MapChart:
        object.__setattr__(self, "features", features)  # outside the schema's fields: never copied or walked
        return self

    def to_dict(self, *args, **kwargs) -> dict:
        spec = super().to_dict(*args, **kwargs)
        if isinstance(spec, dict):
            spec.setdefault("datasets", {})[SHAPES] = self.__dict__["features"]
        return spec


def dependence_map(
    values: pd.DataFrame,
    *,
    title: str,
    highlight: str | None = None,
    width: int = 720,
    height: int = 456,
    data_dir: Path | None = None,
) -> MapChart:
    """Central Asia and its neighbours, each state filled by its share with Russia.

    ``values`` has one row per state: ``id`` (ISO3), ``share`` (0–1, or missing) and
    optionally ``label`` (the tooltip's text; default the share as a percentage). A state
    in the frame without a row or with a missing share is grey, "no data" (never 0);
    Russia is drawn in its own grey as the hegemon; ``highlight`` gets a black outline.
    Rows for states outside the frame are not drawn. The view is fitted around Ukraine,
    the Baltic states, Afghanistan and Mongolia; the default size fills it edge to edge.
    """
    table = _checked(values)
    shapes = region_shapes(data_dir)["features"]
    if highlight is not None and highlight not in {shape["properties"]["id"] for shape in shapes}:
        raise BadOption(
            f"{highlight!r} is not a state on the map", "highlight one ISO3 id of the region (e.g. KAZ), or none"
        )
    features = _features(shapes, table, highlight)
    data = alt.NamedData(name=SHAPES)
    tooltip = [alt.Tooltip("properties.name:N", title="state"), alt.Tooltip("properties.label:N", title="value")]
    shape = alt.Chart(data).mark_geoshape(stroke="white", strokeWidth=0.6, clip=True)
    without_share = shape.transform_filter("datum.properties.status != 'share'").encode(
        color=alt.Color(
            "properties.status:N",
            title="status",
            scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
            legend=alt.Legend(title=None, orient="bottom", direction="horizontal"),
        ),
        tooltip=tooltip,
    )
    with_share = shape.transform_filter("datum.properties.status == 'share'").encode(
        color=alt.Color(
            "properties.share:Q",
            title="share with Russia",
            scale=alt.Scale(domain=[0, 1], scheme=SCHEME),
            legend=alt.Legend(
                orient="bottom",
                direction="horizontal",
                format="%",
                values=[0, 0.25, 0.5, 0.75, 1],
                gradientLength=200,
                titleOrient="left",
            ),
        ),
        tooltip=tooltip,
    )
    outline = (
        alt.Chart(data)
        .mark_geoshape(filled=False, stroke="#111111", strokeWidth=2.2, clip=True)
        .transform_filter("datum.properties.highlight")
    )
    return (
        MapChart(layer=[without_share, with_share, outline])
        .resolve_scale(color="independent")
        .project(**PROJECTION, fit=FOCUS)
        .properties(
            title=alt.Title(title, subtitle="grey: no data · shapes: Natural Earth 1:50m (world-atlas 2.0.2)"),
            width=width,
            height=height,
            view=alt.ViewBackground(fill=SEA, stroke=None),
        )
        .with_features(features)
    )


def _checked(values: pd.DataFrame) -> pd.DataFrame:
    missing = {"id", "share"} - set(values.columns)
    if missing:
        raise BadOption(
            f"the map's table lacks the column(s) {', '.join(sorted(missing))}",
            "pass one row per state with columns id (ISO3), share (0-1) and optionally label",
        )
    shares = pd.to_numeric(values["share"], errors="coerce")
    problems = {
        "shares outside 0-1": values.loc[(shares < 0) | (shares > 1), "id"],
        "shares that are not numbers": values.loc[values["share"].notna() & shares.isna(), "id"],
        "repeated ids": values.loc[values["id"].duplicated(), "id"],
    }
    found = [f"{what} for {', '.join(sorted(set(map(str, ids))))}" for what, ids in problems.items() if len(ids)]
    if found:
        raise BadOption(
            f"the map's table has {'; '.join(found)}",
            "give each state one row with a share between 0 and 1, or a missing share",
        )
    return values.assign(share=shares).set_index("id")


def _features(shapes: list[dict], table: pd.DataFrame, highlight: str | None) -> list[dict]:
    """New features (the cached shapes stay untouched) whose properties carry the value to draw."""
    return [
        {
            "type": "Feature",
            "geometry": shape["geometry"],
            "properties": {
                **shape["properties"],
                **_value(shape["properties"]["id"], table),
                "highlight": highlight is not None and shape["properties"]["id"] == highlight,
            },
        }
        for shape in shapes
    ]


def _value(state: str | None, table: pd.DataFrame) -> dict:
    if state == HEGEMON:
        return {"share": None, "status": HEGEMON_LABEL, "label": HEGEMON_LABEL}
    row = table.loc[state] if state is not None and state in table.index else None
    share = None if row is None or pd.isna(row["share"]) else float(row["share"])
    if share is None:
        return {"share": None, "status": NO_DATA, "label": NO_DATA}
    label = row.get("label") if "label" in table.columns else None
    text = str(label) if label is not None and not pd.isna(label) else f"{share:.1%}"
    return {"share": share, "status": "share", "label": text}
