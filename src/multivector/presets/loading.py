"""``load_preset``: a shipped preset by name, or a user's copy of a preset file by path."""

from __future__ import annotations

from pathlib import Path

from multivector.config import settings
from multivector.presets.crosswalk import crosswalk
from multivector.presets.files import OTHER, preset_path, read_poles, read_preset_file
from multivector.presets.members import members_of
from multivector.presets.model import Preset


def load_preset(name_or_path: str | Path, data_dir: Path | None = None) -> Preset:
    """The preset named ``name_or_path`` (one of ``PRESETS``) or in the TOML file at that path.

    The poles file is read relative to the TOML file; the crosswalk and the data the
    members come from (COLDAT, the IGO memberships, the code list) from ``data_dir``
    (default: the settings' data folder). Raises ``BadOption`` for an unknown name (with the
    closest one), ``BadInputFile`` for a file that breaks the format (naming the file and the
    key), ``UnknownState`` for a listed state the crosswalk does not know.
    """
    data = Path(data_dir) if data_dir is not None else settings().data_dir
    path = preset_path(name_or_path, data)
    spec = read_preset_file(path)
    found = crosswalk(data / "codes")
    poles = read_poles(spec.poles_file, found.resolver)
    if spec.hegemon is not None and (spec.hegemon not in poles or spec.hegemon == OTHER):
        named = ", ".join(p for p in poles if p != OTHER)
        raise spec.refuse(
            "hegemon",
            f"{spec.hegemon!r} is not a pole of {spec.poles_file.name} ({named})",
            "name one, or omit hegemon",
        )
    members, left_out = members_of(spec, spec.hegemon, data, found)
    return Preset(
        name=spec.name,
        title=spec.title,
        hegemon=spec.hegemon,
        poles_file=spec.poles_file,
        members=tuple(members),
        poles=poles,
        source=path,
        left_out=tuple(left_out),
    )
