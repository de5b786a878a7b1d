"""Derive the map shapes from world-atlas 2.0.2 (Natural Earth 1:50m and 1:110m).

    npm pack world-atlas@2.0.2
    python data/shapes/derive.py world-atlas-2.0.2.tgz

Reads ``package/countries-50m.json``, ``package/countries-110m.json`` and
``package/LICENSE`` from the npm tarball (checked against its pinned sha512) and writes
beside this script: ``central_asia_50m.geojson`` (1:50m, every country clipped to
``FRAME``), ``world_110m.geojson`` (1:110m, the whole world but Antarctica, neither
clipped nor unwrapped) and ``LICENSE-world-atlas``. Standard library only; every run
writes the same bytes.

Rings keep world-atlas's winding (exterior clockwise, as d3 and Vega expect). Renderers
join two vertices by a great circle, so long edges (the cuts along the frame) are
densified to one vertex per degree and stay on their parallel. The world file keeps
world-atlas's longitudes in [-180, 180]: d3 cuts the rings that cross the antimeridian.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import math
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODELIST = HERE.parent / "codes" / "countrycode" / "codelist.csv"
OUTPUT = HERE / "central_asia_50m.geojson"
WORLD_OUTPUT = HERE / "world_110m.geojson"
LICENCE = HERE / "LICENSE-world-atlas"
MEMBER = "package/countries-50m.json"
WORLD_MEMBER = "package/countries-110m.json"
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="

FRAME = (13.0, 23.0, 121.0, 66.0)  # west, south, east, north in degrees
DIGITS = 2  # 0.01 degree, about 1 km
STEP = 1.0  # longest edge written, in degrees

# An id-less piece of a state is merged into it. countries-50m draws Baikonur inside
# Kazakhstan, so nothing is merged today; the rule is here for a release that splits it.
MERGE_INTO = {"Baikonur": "KAZ", "Baikonur Cosmodrome": "KAZ", "Baykonur": "KAZ"}
# Pieces drawn inside another state, moved to the state they belong to de jure
# (UN General Assembly resolution 68/262): (from, to, west, south, east, north).
# countries-50m and countries-110m draw Crimea with Russia; every other boundary in the
# frame is de jure.
REASSIGN = [("RUS", "UKR", 32.0, 44.0, 37.0, 46.5)]
# Left out of the world file: no state, no data, and a ring around the pole that would
# make an Equal Earth world map an eighth taller.
WORLD_DROP = {"ATA"}

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]


def read_package(tarball: Path) -> tuple[dict, dict, str]:
    blob = tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()
    if integrity != INTEGRITY:
        sys.exit(f"{tarball.name}: integrity {integrity} is not the pinned {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(blob)) as archive:
        region = json.load(archive.extractfile(MEMBER))
        world = json.load(archive.extractfile(WORLD_MEMBER))
        licence = archive.extractfile("package/LICENSE").read().decode()
    return region, world, licence


def decode_arcs(topology: dict) -> list[Ring]:
    """TopoJSON arcs: quantised, each position a delta from the previous one."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring_from(indexes: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def polygons_of(geometry: dict, arcs: list[Ring]) -> list[Polygon]:
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return [[ring_from(indexes, arcs) for indexes in polygon] for polygon in parts]


def unwrapped(ring: Ring) -> Ring:
    """Longitudes made continuous: Russia's ring crosses the antimeridian (179.9 to -180)."""
    out = [ring[0]]
    for x, y in ring[1:]:
        previous = out[-1][0]
        x += 360 * round((previous - x) / 360)
        out.append((x, y))
    return out


def clip(ring: Ring, frame: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman against the frame's four edges; the ring is open (no repeated end)."""
    west, south, east, north = frame
    points = ring
    for axis, limit, sign in ((0, west, 1), (0, east, -1), (1, south, 1), (1, north, -1)):
        result: Ring = []
        for previous, current in zip(points[-1:] + points[:-1], points):
            previous_in = sign * (previous[axis] - limit) >= 0
            current_in = sign * (current[axis] - limit) >= 0
            if previous_in != current_in:
                t = (limit - previous[axis]) / (current[axis] - previous[axis])
                cut = [previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])]
                cut[axis] = limit
                result.append((cut[0], cut[1]))
            if current_in:
                result.append(current)
        points = result
        if not points:
            break
    return points


def densified(ring: Ring) -> Ring:
    out: Ring = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        pieces = max(1, math.ceil(max(abs(x1 - x0), abs(y1 - y0)) / STEP))
        out.extend((x0 + (x1 - x0) * i / pieces, y0 + (y1 - y0) * i / pieces) for i in range(pieces))
    return out


def rounded(ring: Ring) -> Ring:
    out: Ring = []
    for x, y in ring:
        point = (round(x, DIGITS) + 0.0, round(y, DIGITS) + 0.0)
        if not out or point != out[-1]:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def redrawn(polygons: list[Polygon], redraw: Callable[[Ring], Ring]) -> list[Polygon]:
    """Each open ring redrawn, then closed; a ring that vanishes or flips is dropped (a
    vanished exterior takes its holes with it). The winding is read on unwrapped
    longitudes, so a ring across the antimeridian keeps its true one."""
    kept = []
    for polygon in polygons:
        rings = []
        for number, ring in enumerate(polygon):
            ring = ring[:-1] if ring[0] == ring[-1] else ring
            winding = signed_area(unwrapped(ring))
            ring = redraw(ring)
            if len(ring) < 3 or signed_area(unwrapped(ring)) * winding <= 0:
                if number == 0:
                    break
                continue
            rings.append(ring + ring[:1])
        if rings:
            kept.append(rings)
    return kept


def clipped(polygons: list[Polygon]) -> list[Polygon]:
    """Unwrapped, clipped to the frame, densified and rounded."""
    return redrawn(polygons, lambda ring: rounded(densified(clip(unwrapped(ring), FRAME))))


def whole(polygons: list[Polygon]) -> list[Polygon]:
    """Rounded only: world-atlas's longitudes and winding as they are."""
    return redrawn(polygons, rounded)


def inside_box(polygon: Polygon, west: float, south: float, east: float, north: float) -> bool:
    return all(west <= x <= east and south <= y <= north for x, y in polygon[0])


def iso3_by_numeric() -> dict[str, str]:
    with CODELIST.open(newline="", encoding="utf-8") as handle:
        return {
            f"{int(float(row['iso3n'])):03d}": row["iso3c"]
            for row in csv.DictReader(handle)
            if row["iso3n"] and row["iso3c"]
        }


def countries(topology: dict, shape: Callable[[list[Polygon]], list[Polygon]]) -> dict[str, dict]:
    """Every country with a piece left by ``shape``, keyed by ISO3 (an id-less one by its name)."""
    arcs, iso3 = decode_arcs(topology), iso3_by_numeric()
    found: dict[str, dict] = {}
    merges = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name, numeric = geometry["properties"]["name"], geometry.get("id")
        polygons = shape(polygons_of(geometry, arcs)) if geometry.get("arcs") else []
        if numeric is None and name in MERGE_INTO:
            merges.append((name, MERGE_INTO[name], polygons))
            continue
        if not polygons:
            continue
        code = iso3.get(numeric) if numeric else None
        if numeric and code is None:
            sys.exit(f"no ISO3 code for ISO numeric {numeric} ({name})")
        if code is None:
            print(f"id-less feature kept with id null: {name}")
        found[code or name] = {"id": code, "name": name, "iso_n3": numeric, "polygons": polygons}
    for name, code, polygons in merges:
        print(f"merged {name} ({len(polygons)} polygons) into {code}")
        found[code]["polygons"].extend(polygons)
    for source, target, *box in REASSIGN:
        moved = [p for p in found[source]["polygons"] if inside_box(p, *box)]
        found[source]["polygons"] = [p for p in found[source]["polygons"] if p not in moved]
        found[target]["polygons"].extend(moved)
        print(f"moved {len(moved)} polygon(s) inside {box} from {source} to {target}")
    return found


def feature(country: dict) -> dict:
    coordinates = [[[list(point) for point in ring] for ring in polygon] for polygon in country["polygons"]]
    return {
        "type": "Feature",
        "properties": {key: country[key] for key in ("id", "name", "iso_n3")},
        "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
    }


def write(path: Path, found: dict[str, dict], bbox: list[float]) -> None:
    ordered = sorted(found.values(), key=lambda c: (c["id"] is None, c["id"] or "", c["name"]))
    collection = {"type": "FeatureCollection", "bbox": bbox, "features": [feature(c) for c in ordered]}
    path.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    vertices = sum(len(ring) for c in ordered for polygon in c["polygons"] for ring in polygon)
    print(f"{path.name}: {len(ordered)} features, {vertices} vertices (each ring's closing one counted)")


def extent(found: dict[str, dict]) -> list[float]:
    points = [p for c in found.values() for polygon in c["polygons"] for ring in polygon for p in ring]
    return [min(x for x, _ in points), min(y for _, y in points), max(x for x, _ in points), max(y for _, y in points)]


def main(tarball: str) -> None:
    region, world, licence = read_package(Path(tarball))
    write(OUTPUT, countries(region, clipped), list(FRAME))
    found = countries(world, whole)
    for code in sorted(WORLD_DROP):
        print(f"dropped from the world file: {code} ({found.pop(code)['name']})")
    write(WORLD_OUTPUT, found, extent(found))
    LICENCE.write_text(licence, encoding="utf-8")
    for path in (OUTPUT, WORLD_OUTPUT, LICENCE):
        blob = path.read_bytes()
        print(f"{path.name}: {len(blob)} bytes, sha256 {hashlib.sha256(blob).hexdigest()}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
