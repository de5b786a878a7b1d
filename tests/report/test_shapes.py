"""The shipped map shapes: complete, small, drawable, and Baikonur inside Kazakhstan."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from multivector.config import settings
from multivector.errors import DataFileMissing
from multivector.report.shapes import SHAPES_FILE, region_shapes

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


def holders(point: tuple[float, float]) -> list[str | None]:
    return [f["properties"]["id"] for f in region_shapes(DATA)["features"] if contains(f, point)]


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


def test_the_file_is_small_and_as_recorded_in_origin():
    path = DATA / SHAPES_FILE
    blob = path.read_bytes()
    assert len(blob) < SIZE_LIMIT
    origin = (path.parent / "ORIGIN.md").read_text(encoding="utf-8")
    assert hashlib.sha256(blob).hexdigest() in origin
    assert str(len(blob)) in origin


def test_the_parsed_file_is_cached():
    assert region_shapes() is region_shapes(settings().data_dir)


def test_a_missing_file_says_how_to_restore_it(tmp_path: Path):
    with pytest.raises(DataFileMissing, match="derive.py"):
        region_shapes(tmp_path)
