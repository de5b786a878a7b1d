"""Country shapes for the report's map: Natural Earth 1:50m (world-atlas 2.0.2), clipped to the region.

The file is derived by ``data/shapes/derive.py``; ``data/shapes/ORIGIN.md`` says how.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from multivector.config import settings
from multivector.errors import DataFileMissing

SHAPES_FILE = Path("shapes") / "central_asia_50m.geojson"


def region_shapes(data_dir: Path | None = None) -> dict:
    """The GeoJSON FeatureCollection of the region's countries.

    Each feature's properties are ``id`` (ISO3, or None for a territory without one),
    ``name`` and ``iso_n3``. Parsed once per path; treat the result as read-only.
    """
    folder = Path(data_dir) if data_dir is not None else settings().data_dir
    return _read(folder.resolve() / SHAPES_FILE)


@lru_cache(maxsize=4)
def _read(path: Path) -> dict:
    if not path.is_file():
        raise DataFileMissing(
            f"the map shapes {path.name} are not in {path.parent}",
            "restore data/shapes/ from the repository, or run data/shapes/derive.py "
            "on the world-atlas 2.0.2 tarball (see data/shapes/ORIGIN.md)",
        )
    return json.loads(path.read_text(encoding="utf-8"))
