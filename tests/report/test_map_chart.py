"""The dependence map: inline data only, only Russia's former dependencies coloured, missing
shown as missing, the hegemon and the states outside drawn apart; renders offline."""

from __future__ import annotations

import csv
import json
import struct
from pathlib import Path

import pandas as pd
import pytest
import vl_convert

from multivector.defaults import HEGEMON, POST_SOVIET
from multivector.errors import BadOption
from multivector.report.map_chart import (
    HEGEMON_LABEL,
    NO_DATA,
    OUTSIDE,
    STATUS_COLOURS,
    STATUS_STYLE,
    dependence_map,
    label_point,
)
from multivector.report.shapes import region_shapes

DATA = Path(__file__).resolve().parents[2] / "data"
VALUES = pd.DataFrame(
    {
        "id": ["KAZ", "UZB", "TKM", "KGZ", "TJK", "BLR", "EST", "RUS", "CHN"],
        "share": [0.384, 0.18, None, 0.25, 0.0, 0.55, 0.02, 0.9, 0.3],
        "label": ["Russia's share of Kazakhstan's trade 2020: 38.4%", *[None] * 8],
    }
)


def chart(values: pd.DataFrame = VALUES, **options):
    return dependence_map(values, title="Dependence on Russia", data_dir=DATA, **options)


@pytest.fixture(scope="module")
def spec() -> dict:
    return chart(highlight="KAZ").to_dict()


def features(spec: dict) -> dict[str | None, dict]:
    (rows,) = spec["datasets"].values()
    return {row["properties"]["id"] or row["properties"]["name"]: row["properties"] for row in rows}


def walk(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,), value
            yield from walk(value, path + (key,))
    elif isinstance(node, list):
        for value in node:
            yield from walk(value, path)


def test_the_spec_carries_its_data_inline_and_names_no_url(spec):
    assert not [path for path, _ in walk(spec) if path[-1] == "url"]
    data = {key: value for key, value in spec.items() if key in ("data", "datasets")}
    assert data["datasets"] and "http" not in json.dumps(data)
    assert all("url" not in layer.get("data", {}) for layer in spec["layer"])


def test_a_missing_share_is_no_data_and_a_zero_share_is_zero(spec):
    shown = features(spec)
    assert shown["TKM"]["status"] == NO_DATA and shown["TKM"]["share"] is None
    assert shown["TKM"]["label"] == NO_DATA
    assert shown["LVA"]["status"] == NO_DATA  # a former dependency in the frame, not in the table
    assert shown["TJK"]["share"] == 0.0 and shown["TJK"]["label"] == "0.0%"


def test_only_the_former_dependencies_are_coloured_whatever_the_table_gives(spec):
    shown = features(spec)
    coloured = {state for state, p in shown.items() if p["status"] == "share"}
    assert coloured == {"KAZ", "UZB", "KGZ", "TJK", "BLR", "EST"} <= set(POST_SOVIET)
    assert shown["CHN"]["status"] == OUTSIDE and shown["CHN"]["share"] is None  # a share, not drawn
    assert shown["AFG"]["label"] == OUTSIDE and shown["Siachen Glacier"]["status"] == OUTSIDE
    only_kaz = features(chart(dependencies=["KAZ"]).to_dict())
    assert {s for s, p in only_kaz.items() if p["status"] == "share"} == {"KAZ"}


def test_the_default_dependencies_are_the_successors_of_the_hegemons_predecessor():
    """The former Soviet republics of ``defaults.POST_SOVIET`` are the crosswalk's successors of
    the entity Russia succeeded (the USSR), Russia included."""
    with (DATA / "codes" / "entities.csv").open(encoding="utf-8") as file:
        entities = list(csv.DictReader(file))
    predecessor = next(e["successor_of"] for e in entities if e["entity"] == HEGEMON)
    assert predecessor == "SUN"
    assert {e["entity"] for e in entities if e["successor_of"] == predecessor} == set(POST_SOVIET)


def test_no_data_the_hegemon_and_the_states_outside_each_look_different():
    looks = list(STATUS_STYLE.values())
    assert len({fill for fill, _, _ in looks}) == len(looks) == 3
    fill, outline, dash = STATUS_STYLE[NO_DATA]
    assert dash != [1, 0] and outline != fill  # no data: a dashed outline around a light fill


def test_labels_pass_through_and_default_to_the_percentage(spec):
    shown = features(spec)
    assert shown["KAZ"]["label"] == "Russia's share of Kazakhstan's trade 2020: 38.4%"
    assert shown["UZB"]["label"] == "18.0%"
    assert features(chart(VALUES.drop(columns="label")).to_dict())["KAZ"]["label"] == "38.4%"


def test_russia_is_the_hegemon_whatever_the_table_says(spec):
    russia = features(spec)["RUS"]
    assert russia["status"] == HEGEMON_LABEL and russia["share"] is None


def test_only_the_highlighted_state_is_outlined(spec):
    assert [i for i, p in features(spec).items() if p["highlight"]] == ["KAZ"]
    assert not any(p["highlight"] for p in features(chart().to_dict()).values())
    assert spec["layer"][2]["mark"]["filled"] is False


def test_the_legend_title_and_description_say_what_is_coloured(spec):
    shares = spec["layer"][1]["encoding"]["color"]
    assert shares["title"] == "Russia's share of the state's mean domain vector, percent"
    assert shares["scale"]["domain"] == [0, 1]
    assert "former Soviet republic" in spec["description"] and "no data" in spec["description"]
    statuses = spec["layer"][0]["encoding"]
    assert statuses["color"]["scale"]["domain"] == [NO_DATA, HEGEMON_LABEL, OUTSIDE]
    assert statuses["strokeDash"]["scale"]["domain"] == statuses["color"]["scale"]["domain"]  # one legend


def test_the_projection(spec):
    assert spec["projection"]["type"] == "conicEqualArea" and "fit" in spec["projection"]


def test_the_cached_shapes_are_not_changed():
    chart(highlight="KAZ")
    assert all(set(f["properties"]) == {"id", "name", "iso_n3"} for f in region_shapes(DATA)["features"])


@pytest.mark.parametrize(
    "values, highlight, problem",
    [
        (VALUES.drop(columns="share"), None, "lacks"),
        (VALUES.assign(share=[1.5, *[0] * 8]), None, "outside 0-1 for KAZ"),
        (VALUES.assign(share=["a lot", *[0] * 8]), None, "not numbers for KAZ"),
        (pd.concat([VALUES, VALUES.head(1)]), None, "repeated"),
        (VALUES, "USA", "not a state on the map"),
    ],
)
def test_bad_input_is_refused_with_a_reason(values, highlight, problem):
    with pytest.raises(BadOption, match=problem):
        chart(values, highlight=highlight)


def test_it_renders_to_png_offline():
    png = vl_convert.vegalite_to_png(chart(highlight="KAZ").to_json())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 700 and height > 456


def test_the_svg_draws_the_shares_no_data_the_hegemon_and_the_states_outside():
    svg = vl_convert.vegalite_to_svg(chart().to_json())
    assert "state: Turkmenistan; value: no data" in svg
    assert "state: Russia; value: Russia (the hegemon)" in svg
    assert "state: Tajikistan; value: 0.0%" in svg
    assert "state: Kazakhstan; value: Russia's share of Kazakhstan's trade 2020: 38.4%" in svg
    assert "state: China; value: outside the former Soviet space" in svg
    assert svg.count(f'fill="{STATUS_COLOURS[OUTSIDE]}"') > 50
    assert 'stroke-dasharray="3,2"' in svg  # no data, outlined dashed
    assert ">Russia, the hegemon</text>" in svg


def test_the_hegemons_name_goes_inside_its_shape():
    square = {"type": "Polygon", "coordinates": [[[30, 40], [50, 40], [50, 50], [30, 50], [30, 40]]]}
    assert label_point(square) == [40.0, 45.0]  # the centre: farthest from the outline
    holed = {
        "type": "Polygon",
        "coordinates": [*square["coordinates"], [[38, 43], [42, 43], [42, 47], [38, 47], [38, 43]]],
    }
    assert label_point(holed) not in ([40.0, 45.0], None)  # never in the hole
    assert label_point({"type": "Polygon", "coordinates": [[[0, 0], [5, 0], [5, 5], [0, 0]]]}) is None  # out of view
    russia = next(f for f in region_shapes(DATA)["features"] if f["properties"]["id"] == "RUS")
    lon, lat = label_point(russia["geometry"])
    assert 24 <= lon <= 110 and 51 <= lat <= 59  # north of Kazakhstan, inside the view
