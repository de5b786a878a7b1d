"""The region map: each former dependency of the hegemon (Russia) coloured by its share with it.

Dependence on the hegemon means the same only for the states it once ruled: the map colours
those (``dependencies``; by default the former Soviet republics, ``defaults.POST_SOVIET``, the
states whose crosswalk entry is a successor of the USSR) and draws every other state as
outside that space, whatever value the table gives it. Four looks, never sharing a colour: a
share (orange-red, 0-100 %), no data (white with a dashed outline), the hegemon (dark) and
the states outside (light grey).

Built from an already computed table; the shapes travel inline with the chart (no URL),
so the page and the images work offline. They join the spec as a named dataset when it is
written out (``MapChart.to_dict``): Altair copies and walks inline data at every step of
building a chart, which for the region's shapes cost about two seconds per page.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Final

import altair as alt
import numpy as np
import pandas as pd

from multivector.defaults import HEGEMON, POST_SOVIET
from multivector.errors import BadOption
from multivector.report.shapes import region_shapes

SHARE = "share"
NO_DATA = "no data"
HEGEMON_LABEL = "Russia (the hegemon)"
OUTSIDE = "outside the former Soviet space"
#: Fill, outline and dash of each look but the shares'; every one distinct from the others.
STATUS_STYLE = {
    NO_DATA: ("#ffffff", "#6f6f6f", [3, 2]),
    HEGEMON_LABEL: ("#3b3b3b", "#ffffff", [1, 0]),
    OUTSIDE: ("#e4e2dc", "#ffffff", [1, 0]),
}
STATUS_COLOURS = {status: fill for status, (fill, _, _) in STATUS_STYLE.items()}
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
#: The corners (longitude, latitude) of the box the view shows, where the hegemon's name may go.
VIEW_BOX = ((24.0, 31.0), (110.0, 59.0))
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
    dependencies: Collection[str] | None = None,
) -> MapChart:
    """Central Asia and its neighbours, each former dependency of Russia filled by its share with Russia.

    ``values`` has one row per state: ``id`` (ISO3), ``share`` (0–1, or missing) and
    optionally ``label`` (the tooltip's text; default the share as a percentage). Only the
    states in ``dependencies`` (default: the former Soviet republics but Russia) are coloured
    by their share; one without a row or with a missing share is "no data" (never 0). Russia
    is drawn dark as the hegemon; every other state is "outside the former Soviet space",
    whatever its row says. ``highlight`` gets a black outline. The view is fitted around
    Ukraine, the Baltic states, Afghanistan and Mongolia; the default size fills it edge to edge.
    """
    table = _checked(values)
    shapes = region_shapes(data_dir)["features"]
    if highlight is not None and highlight not in {shape["properties"]["id"] for shape in shapes}:
        raise BadOption(
            f"{highlight!r} is not a state on the map", "highlight one ISO3 id of the region (e.g. KAZ), or none"
        )
    coloured = set(POST_SOVIET if dependencies is None else dependencies) - {HEGEMON}
    features = _features(shapes, table, highlight, coloured)
    hegemon = next((f["properties"]["name"] for f in shapes if f["properties"]["id"] == HEGEMON), HEGEMON)
    measure = f"{hegemon}'s share of the state's mean domain vector, percent"
    data = alt.NamedData(name=SHAPES)
    tooltip = [alt.Tooltip("properties.name:N", title="state"), alt.Tooltip("properties.label:N", title="value")]
    shape = alt.Chart(data).mark_geoshape(strokeWidth=0.6, clip=True)
    statuses = list(STATUS_STYLE)
    legend = alt.Legend(
        title=None, orient="bottom", direction="horizontal", symbolType="square", symbolSize=150, labelLimit=260
    )
    without_share = shape.transform_filter(f"datum.properties.status != '{SHARE}'").encode(
        color=alt.Color(
            "properties.status:N",
            scale=alt.Scale(domain=statuses, range=[fill for fill, _, _ in STATUS_STYLE.values()]),
            legend=legend,
        ),
        stroke=alt.Stroke(
            "properties.status:N",
            scale=alt.Scale(domain=statuses, range=[line for _, line, _ in STATUS_STYLE.values()]),
            legend=legend,
        ),
        strokeDash=alt.StrokeDash(
            "properties.status:N",
            scale=alt.Scale(domain=statuses, range=[dash for _, _, dash in STATUS_STYLE.values()]),
            legend=legend,
        ),
        tooltip=tooltip,
    )
    with_share = (
        shape.transform_filter(f"datum.properties.status == '{SHARE}'")
        .encode(
            color=alt.Color(
                "properties.share:Q",
                title=measure,
                scale=alt.Scale(domain=[0, 1], scheme=SCHEME),
                legend=alt.Legend(
                    orient="bottom-right",
                    direction="horizontal",
                    format="%",
                    values=[0, 0.25, 0.5, 0.75, 1],
                    gradientLength=220,
                    titleLimit=400,
                    fillColor="#ffffff",
                    padding=8,
                ),
            ),
            tooltip=tooltip,
        )
        .mark_geoshape(stroke="white", strokeWidth=0.6, clip=True)
    )
    outline = (
        alt.Chart(data)
        .mark_geoshape(filled=False, stroke="#111111", strokeWidth=2.2, clip=True)
        .transform_filter("datum.properties.highlight")
    )
    name = (
        alt.Chart(data)
        .mark_text(color="#ffffff", fontSize=13, fontWeight="bold")
        .transform_filter("isValid(datum.properties.label_at)")
        .encode(
            longitude="properties.label_at[0]:Q",
            latitude="properties.label_at[1]:Q",
            text=alt.value(f"{hegemon}, the hegemon"),
        )
    )
    return (
        MapChart(layer=[without_share, with_share, outline, name])
        .resolve_scale(color="independent", stroke="independent", strokeDash="independent")
        .project(**PROJECTION, fit=FOCUS)
        .properties(
            title=alt.Title(
                title,
                subtitle=[
                    f"coloured: the former Soviet republics, by {measure}",
                    f"white, dashed outline: no data · dark: {hegemon}, the hegemon · light grey: other states, "
                    "not measured against it",
                    "shapes: Natural Earth 1:50m (world-atlas 2.0.2)",
                ],
            ),
            description=f"Map of Central Asia and its neighbours: each former Soviet republic coloured by "
            f"{measure}; white with a dashed outline where there are no data; {hegemon}, the hegemon, dark; "
            "the other states light grey.",
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


def _features(shapes: list[dict], table: pd.DataFrame, highlight: str | None, coloured: set[str]) -> list[dict]:
    """New features (the cached shapes stay untouched) whose properties carry the value to draw."""
    return [
        {
            "type": "Feature",
            "geometry": shape["geometry"],
            "properties": {
                **shape["properties"],
                **_value(shape["properties"]["id"], table, coloured),
                "highlight": highlight is not None and shape["properties"]["id"] == highlight,
                "label_at": label_point(shape["geometry"]) if shape["properties"]["id"] == HEGEMON else None,
            },
        }
        for shape in shapes
    ]


def _value(state: str | None, table: pd.DataFrame, coloured: set[str]) -> dict:
    if state == HEGEMON:
        return {"share": None, "status": HEGEMON_LABEL, "label": HEGEMON_LABEL}
    if state not in coloured:
        return {"share": None, "status": OUTSIDE, "label": OUTSIDE}
    row = table.loc[state] if state is not None and state in table.index else None
    share = None if row is None or pd.isna(row["share"]) else float(row["share"])
    if share is None:
        return {"share": None, "status": NO_DATA, "label": NO_DATA}
    label = row.get("label") if "label" in table.columns else None
    text = str(label) if label is not None and not pd.isna(label) else f"{share:.1%}"
    return {"share": share, "status": SHARE, "label": text}


def label_point(geometry: dict, box: tuple[tuple[float, float], tuple[float, float]] = VIEW_BOX) -> list[float] | None:
    """Where a name fits inside a (Multi)Polygon within the view: of a 1° grid over ``box``, the
    point inside the shape farthest from its outline (distance in degrees, longitude scaled by
    cos latitude); None when no grid point falls inside."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    (west, south), (east, north) = box
    lon, lat = (a.ravel() for a in np.meshgrid(np.arange(west, east + 1), np.arange(south, north + 1)))
    inside = np.zeros(lon.shape, dtype=bool)
    edges = []
    for polygon in polygons:
        for ring in polygon:
            points = np.asarray(ring, dtype=float)
            (x1, y1), (x2, y2) = points[:-1].T, points[1:].T
            crossing = ((y1[None] > lat[:, None]) != (y2[None] > lat[:, None])) & (
                lon[:, None] < x1[None] + (lat[:, None] - y1[None]) * (x2 - x1)[None] / (y2 - y1 + 1e-12)[None]
            )
            inside ^= crossing.sum(axis=1) % 2 == 1  # even-odd rule: holes flip back
            edges.append(points)
    if not inside.any():
        return None
    vertices = np.concatenate(edges)
    lon, lat = lon[inside], lat[inside]
    scale = np.cos(np.radians(lat))[:, None]
    distance = np.hypot((vertices[None, :, 0] - lon[:, None]) * scale, vertices[None, :, 1] - lat[:, None]).min(axis=1)
    best = int(distance.argmax())
    return [float(lon[best]), float(lat[best])]
