"""The shipped map shapes: complete, small, drawable, Baikonur inside Kazakhstan and Crimea
inside Ukraine; the world's as d3 draws it, across the antimeridian."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from multivector.config import settings
from multivector.errors import DataFileMissing
from multivector.report.shapes import SHAPES_FILE, WORLD_SHAPES_FILE, region_shapes, world_shapes

DATA = Path(__file__).resolve().parents[2] / "data"
SIZE_LIMIT = 400_000
REQUIRED = {
    "KAZ",
    "UZB",
    "TKM",
    "KGZ",
    "TJK",
    "RUS",
    "CHN",
    "MNG",
    "AFG",
    "IRN",
    "PAK",
    "IND",
    "AZE",
    "ARM",
    "GEO",
    "TUR",
    "UKR",
    "BLR",
    "MDA",
    "EST",
    "LVA",
    "LTU",
}
ID_LESS = {"Kosovo", "N. Cyprus", "Siachen Glacier"}
WORLD_REQUIRED = {"KAZ", "FRA", "SEN", "VNM", "BRA", "IDN", "USA", "RUS", "UKR", "FJI"}
WORLD_ID_LESS = {"Kosovo", "N. Cyprus", "Somaliland"}
WORLD_STATES_AT_LEAST = 170
BAIKONUR = (63.3, 45.9)
SIMFEROPOL = (34.1, 44.95)


def inside_ring(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Even–odd rule: a ray to the east crosses the ring an odd number of times."""
    x, y = point
    crossings = 0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            crossings += 1
    return crossings % 2 == 1


def contains(feature: dict, point: tuple[float, float]) -> bool:
    return any(
        inside_ring(point, polygon[0]) and not any(inside_ring(point, hole) for hole in polygon[1:])
        for polygon in feature["geometry"]["coordinates"]
    )


def signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2


def unwrapped(ring: list[list[float]]) -> list[list[float]]:
    """Longitudes made continuous, so a ring across the antimeridian has its true winding."""
    out = [ring[0]]
    for x, y in ring[1:]:
        out.append([x + 360 * round((out[-1][0] - x) / 360), y])
    return out


def holders(point: tuple[float, float], shapes: dict | None = None) -> list[str | None]:
    features = (shapes or region_shapes(DATA))["features"]
    return [f["properties"]["id"] for f in features if contains(f, point)]


def test_the_point_helper_can_say_no():
    square = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    assert inside_ring((0.5, 0.5), square) and not inside_ring((1.5, 0.5), square)


def test_the_file_is_a_feature_collection_of_the_region():
    shapes = region_shapes(DATA)
    assert shapes["type"] == "FeatureCollection"
    ids = [f["properties"]["id"] for f in shapes["features"]]
    assert REQUIRED <= set(ids)
    assert len([i for i in ids if i is not None]) == len({i for i in ids if i is not None})


def test_every_feature_has_an_iso3_id_or_an_explicit_null():
    for feature in region_shapes(DATA)["features"]:
        properties = feature["properties"]
        assert set(properties) == {"id", "name", "iso_n3"}
        assert properties["id"] is None or re.fullmatch(r"[A-Z]{3}", properties["id"])
        assert (properties["id"] is None) == (properties["iso_n3"] is None)
        assert properties["name"]
    assert {
        f["properties"]["name"] for f in region_shapes(DATA)["features"] if f["properties"]["id"] is None
    } == ID_LESS


def test_baikonur_lies_in_kazakhstan_and_nowhere_else():
    assert holders(BAIKONUR) == ["KAZ"]


def test_crimea_is_drawn_with_ukraine():
    assert holders(SIMFEROPOL) == ["UKR"]


def test_rings_are_closed_wound_as_d3_expects_and_inside_the_frame():
    west, south, east, north = region_shapes(DATA)["bbox"]
    for feature in region_shapes(DATA)["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for number, ring in enumerate(polygon):
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert (signed_area(ring) < 0) == (number == 0), feature["properties"]["name"]
                assert all(west <= x <= east and south <= y <= north for x, y in ring)
                assert all(round(v, 2) == v for point in ring for v in point)


def test_the_world_file_has_the_states_of_every_continent_but_antarctica():
    ids = [f["properties"]["id"] for f in world_shapes(DATA)["features"]]
    states = [i for i in ids if i is not None]
    assert len(states) == len(set(states)) >= WORLD_STATES_AT_LEAST
    assert WORLD_REQUIRED <= set(states)
    assert "ATA" not in states


def test_every_world_feature_has_an_iso3_id_or_an_explicit_null():
    for feature in world_shapes(DATA)["features"]:
        properties = feature["properties"]
        assert set(properties) == {"id", "name", "iso_n3"}
        assert properties["id"] is None or re.fullmatch(r"[A-Z]{3}", properties["id"])
        assert (properties["id"] is None) == (properties["iso_n3"] is None)
        assert properties["name"]
    assert {
        f["properties"]["name"] for f in world_shapes(DATA)["features"] if f["properties"]["id"] is None
    } == WORLD_ID_LESS


def test_the_world_draws_crimea_with_ukraine_and_baikonur_in_kazakhstan():
    assert holders(SIMFEROPOL, world_shapes(DATA)) == ["UKR"]
    assert holders(BAIKONUR, world_shapes(DATA)) == ["KAZ"]


def test_world_rings_are_closed_and_wound_as_d3_expects_across_the_antimeridian():
    crossing = set()
    for feature in world_shapes(DATA)["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        for polygon in feature["geometry"]["coordinates"]:
            for number, ring in enumerate(polygon):
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(a != b for a, b in zip(ring, ring[1:]))
                assert (signed_area(unwrapped(ring)) < 0) == (number == 0), feature["properties"]["name"]
                assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)
                assert all(round(v, 2) == v for point in ring for v in point)
                if any(abs(x1 - x0) > 180 for (x0, _), (x1, _) in zip(ring, ring[1:])):
                    crossing.add(feature["properties"]["id"])
    assert crossing == {"RUS", "FJI"}  # kept as world-atlas draws them: d3 cuts the antimeridian


@pytest.mark.parametrize("shapes_file", [SHAPES_FILE, WORLD_SHAPES_FILE], ids=lambda f: f.name)
def test_the_file_is_small_and_as_recorded_in_origin(shapes_file: Path):
    path = DATA / shapes_file
    blob = path.read_bytes()
    assert len(blob) < SIZE_LIMIT
    origin = (path.parent / "ORIGIN.md").read_text(encoding="utf-8")
    assert hashlib.sha256(blob).hexdigest() in origin
    assert str(len(blob)) in origin


@pytest.mark.parametrize("reader", [region_shapes, world_shapes])
def test_the_parsed_file_is_cached(reader):
    assert reader() is reader(settings().data_dir)


def test_the_two_files_are_read_apart():
    assert region_shapes(DATA) is not world_shapes(DATA)


@pytest.mark.parametrize("reader", [region_shapes, world_shapes])
def test_a_missing_file_says_how_to_restore_it(reader, tmp_path: Path):
    with pytest.raises(DataFileMissing, match="derive.py"):
        reader(tmp_path)
