"""Country shapes for the maps: Natural Earth via world-atlas 2.0.2.

The region's (1:50m, clipped to the region) for the report's map, the world's (1:110m,
whole, Antarctica left out) for the atlas's world map. Both files are derived by
``data/shapes/derive.py``; ``data/shapes/ORIGIN.md`` says how.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from multivector.config import settings
from multivector.errors import DataFileMissing

SHAPES_FILE = Path("shapes") / "central_asia_50m.geojson"
WORLD_SHAPES_FILE = Path("shapes") / "world_110m.geojson"


def region_shapes(data_dir: Path | None = None) -> dict:
    """The GeoJSON FeatureCollection of the region's countries.

    Each feature's properties are ``id`` (ISO3, or None for a territory without one),
    ``name`` and ``iso_n3``. Parsed once per path; treat the result as read-only.
    """
    return _read(_folder(data_dir) / SHAPES_FILE)


def world_shapes(data_dir: Path | None = None) -> dict:
    """The GeoJSON FeatureCollection of the world's countries, Antarctica left out.

    Longitudes in [-180, 180] as world-atlas gives them: rings that cross the antimeridian
    are left for the renderer (d3, Vega) to cut. Each feature's properties are ``id``
    (ISO3, or None for a territory without one), ``name`` and ``iso_n3``. Parsed once per
    path; treat the result as read-only.
    """
    return _read(_folder(data_dir) / WORLD_SHAPES_FILE)


def _folder(data_dir: Path | None) -> Path:
    return (Path(data_dir) if data_dir is not None else settings().data_dir).resolve()


@lru_cache(maxsize=8)
def _read(path: Path) -> dict:
    if not path.is_file():
        raise DataFileMissing(
            f"the map shapes {path.name} are not in {path.parent}",
            "restore data/shapes/ from the repository, or run data/shapes/derive.py "
            "on the world-atlas 2.0.2 tarball (see data/shapes/ORIGIN.md)",
        )
    return json.loads(path.read_text(encoding="utf-8"))
