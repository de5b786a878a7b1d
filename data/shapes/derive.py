"""Derive the regional map shapes from world-atlas 2.0.2 (Natural Earth 1:50m).

    npm pack world-atlas@2.0.2
    python data/shapes/derive.py world-atlas-2.0.2.tgz

Reads ``package/countries-50m.json`` and ``package/LICENSE`` from the npm tarball
(checked against its pinned sha512), clips every country to ``FRAME`` and writes
``central_asia_50m.geojson`` and ``LICENSE-world-atlas`` beside this script. Standard
library only; every run writes the same bytes.

Rings keep world-atlas's winding (exterior clockwise, as d3 and Vega expect). Renderers
join two vertices by a great circle, so long edges (the cuts along the frame) are
densified to one vertex per degree and stay on their parallel.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODELIST = HERE.parent / "codes" / "countrycode" / "codelist.csv"
OUTPUT = HERE / "central_asia_50m.geojson"
LICENCE = HERE / "LICENSE-world-atlas"
MEMBER = "package/countries-50m.json"
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="

FRAME = (13.0, 23.0, 121.0, 66.0)  # west, south, east, north in degrees
DIGITS = 2  # 0.01 degree, about 1 km
STEP = 1.0  # longest edge written, in degrees

# An id-less piece of a state is merged into it. countries-50m draws Baikonur inside
# Kazakhstan, so nothing is merged today; the rule is here for a release that splits it.
MERGE_INTO = {"Baikonur": "KAZ", "Baikonur Cosmodrome": "KAZ", "Baykonur": "KAZ"}
# Pieces drawn inside another state, moved to the state they belong to de jure
# (UN General Assembly resolution 68/262): (from, to, west, south, east, north).
# countries-50m draws Crimea with Russia; every other boundary in the frame is de jure.
REASSIGN = [("RUS", "UKR", 32.0, 44.0, 37.0, 46.5)]

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]


def read_package(tarball: Path) -> tuple[dict, str]:
    blob = tarball.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()
    if integrity != INTEGRITY:
        sys.exit(f"{tarball.name}: integrity {integrity} is not the pinned {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(blob)) as archive:
        topology = json.load(archive.extractfile(MEMBER))
        licence = archive.extractfile("package/LICENSE").read().decode()
    return topology, licence


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


def clipped(polygons: list[Polygon]) -> list[Polygon]:
    """Clipped, densified, rounded and closed; a ring that vanishes or flips is dropped (a
    vanished exterior takes its holes with it)."""
    kept = []
    for polygon in polygons:
        rings = []
        for number, ring in enumerate(polygon):
            ring = unwrapped(ring[:-1] if ring[0] == ring[-1] else ring)
            winding = signed_area(ring)
            ring = rounded(densified(clip(ring, FRAME)))
            if len(ring) < 3 or signed_area(ring) * winding <= 0:
                if number == 0:
                    break
                continue
            rings.append(ring + ring[:1])
        if rings:
            kept.append(rings)
    return kept


def inside_box(polygon: Polygon, west: float, south: float, east: float, north: float) -> bool:
    return all(west <= x <= east and south <= y <= north for x, y in polygon[0])


def iso3_by_numeric() -> dict[str, str]:
    with CODELIST.open(newline="", encoding="utf-8") as handle:
        return {
            f"{int(float(row['iso3n'])):03d}": row["iso3c"]
            for row in csv.DictReader(handle)
            if row["iso3n"] and row["iso3c"]
        }


def countries(topology: dict) -> dict[str, dict]:
    """Every country with a piece in the frame, keyed by ISO3 (an id-less one by its name)."""
    arcs, iso3 = decode_arcs(topology), iso3_by_numeric()
    found: dict[str, dict] = {}
    merges = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name, numeric = geometry["properties"]["name"], geometry.get("id")
        polygons = clipped(polygons_of(geometry, arcs)) if geometry.get("arcs") else []
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


def main(tarball: str) -> None:
    topology, licence = read_package(Path(tarball))
    found = countries(topology)
    ordered = sorted(found.values(), key=lambda c: (c["id"] is None, c["id"] or "", c["name"]))
    collection = {"type": "FeatureCollection", "bbox": list(FRAME), "features": [feature(c) for c in ordered]}
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    LICENCE.write_text(licence, encoding="utf-8")
    print(f"{len(ordered)} features")
    for path in (OUTPUT, LICENCE):
        blob = path.read_bytes()
        print(f"{path.name}: {len(blob)} bytes, sha256 {hashlib.sha256(blob).hexdigest()}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
