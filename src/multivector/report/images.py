"""Chart images for papers: PNG or SVG rendered offline by vl-convert."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert

from multivector.errors import BadOption
from multivector.outputs import write_atomic
from multivector.report.page import spec_of

FORMATS = {".png": "png", ".svg": "svg"}
PNG_SCALE = 2  # twice the screen size: sharp when pasted into a paper
IMAGE_EXAMPLE = "--out out/phases.png"


def image_format(out: Path) -> str:
    """``png`` or ``svg``, from the file's suffix; anything else is refused (before any drawing)."""
    fmt = FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise BadOption(f"cannot tell the image format of {Path(out).name!r}", "end the file name in .png or .svg")
    return fmt


def save_chart(chart: alt.TopLevelMixin, out: Path) -> Path:
    """Render ``chart`` to ``out``; the format is the file's suffix (.png or .svg)."""
    fmt = image_format(out)
    spec = spec_of(chart)
    if fmt == "png":
        data = vl_convert.vegalite_to_png(spec, scale=PNG_SCALE, allowed_base_urls=[])
    else:
        data = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]).encode("utf-8")
    write_atomic(out, data, example=IMAGE_EXAMPLE)
    return out
