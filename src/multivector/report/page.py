"""One self-contained HTML file: Jinja2 (autoescape) around Vega-Lite specs and the inlined Vega bundle.

Nothing on the page is fetched: the Vega, Vega-Lite and Vega-Embed JavaScript comes from
vl-convert's bundle, written into the page; chart data are inline; styles are in the page and
name only fonts the reader's system has. Text from data (fact titles, citations) is escaped
by the template; chart specs go into ``<script type="application/json">`` through Jinja2's
``tojson``, which escapes ``<``, ``>``, ``&`` and ``'``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import jinja2
import markupsafe
import vl_convert

from multivector.errors import MultivectorError
from multivector.outputs import write_atomic
from multivector.report import words
from multivector.report.cache import keep, recall
from multivector.report.words import plain
from multivector.theory.evidence import number_text
from multivector.theory.explain import cite

if TYPE_CHECKING:  # Altair takes a third of a second to import; a page read from the cache needs none of it
    import altair as alt

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Section:
    """A part of the page: its anchor, title, charts (Altair) and the HTML blocks around them."""

    id: str
    title: str
    charts: Sequence[alt.TopLevelMixin] = field(default_factory=list)
    intro: str = ""
    blocks: list[str] = field(default_factory=list)  # names of template macros to render, in order
    context: dict = field(default_factory=dict)
    empty: str = ""  # why the section has no chart (missing data), shown instead
    charts_last: bool = False  # the blocks (text, tables) before the charts
    captions: list[str] = field(default_factory=list)  # one per chart: what it shows, the unit, the source


def vega_bundle(cache_dir: Path) -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (vl-convert), kept in ``cache_dir`` per version.

    Building the bundle takes seconds; it only depends on the vl-convert version. A cache
    folder that cannot be read or written only costs that time (see ``cache.keep``).
    """
    # vl_convert's stub leaves out the module's __version__, which it has
    path = cache_dir / f"vega-bundle-vl-convert-{vl_convert.__version__}.js"  # type: ignore[attr-defined]
    kept = recall(path)
    if kept is not None:
        return kept.decode("utf-8")
    script = vl_convert.javascript_bundle()  # type: ignore[call-arg]  # the stub makes the optional snippet required
    if "</script" in script.lower():
        raise MultivectorError(
            "the Vega bundle contains a closing script tag and cannot be inlined",
            "report this with the vl-convert version",
        )
    keep(cache_dir, path, script.encode("utf-8"))
    return script


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec, without the schema URL (an identifier the page never fetches)."""
    spec = chart.to_dict()
    spec.pop("$schema", None)
    return spec


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cite"] = lambda item: cited(cite(item))
    env.filters["cited"] = cited
    env.filters["plain"] = plain
    env.tests["markup"] = lambda value: isinstance(value, markupsafe.Markup)
    env.globals["words"] = words
    env.filters["number"] = lambda v, unit=None: (
        "" if v is None else (v if isinstance(v, str) else number_text(v, unit))
    )
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.1f}%"
    return env


_KEYS = re.compile(r"\[([A-Za-z0-9_+.:\-]+)\]")


def cited(text: str) -> markupsafe.Markup:
    """Free text in plain words (``words.plain``), each citation key in brackets set as a ``<cite>``
    (escaped), which the Sources section resolves."""
    out, last = [], 0
    for match in _KEYS.finditer(text):
        out.append(markupsafe.escape(plain(text[last : match.start()])))
        keys = match.group(1).split("+")
        out.append(markupsafe.Markup("[{}]").format(markupsafe.Markup("+").join(_cite_tag(k) for k in keys)))
        last = match.end()
    out.append(markupsafe.escape(plain(text[last:])))
    return markupsafe.Markup("").join(out)


def _cite_tag(key: str) -> markupsafe.Markup:
    return markupsafe.Markup('<cite class="key">{}</cite>').format(key)


def render(template: str, *, title: str, sections: list[Section], bundle: str, **context) -> str:
    """The page: every section's charts numbered in order, their specs and the bundle inlined."""
    specs: list[dict] = []
    placed: list[tuple[Section, list[tuple[str, str]]]] = []
    for section in sections:
        ids = []
        for i, chart in enumerate(section.charts):
            caption = section.captions[i] if i < len(section.captions) else section.title
            ids.append((f"chart-{len(specs) + 1}", caption))
            specs.append({"id": ids[-1][0], "spec": spec_of(chart)})
        placed.append((section, ids))
    return (
        environment().get_template(template).render(title=title, sections=placed, specs=specs, bundle=bundle, **context)
    )


def bibtex_href(bibtex: str) -> str:
    """A data: URI that downloads the BibTeX (no server, no remote host)."""
    return "data:application/x-bibtex;charset=utf-8," + quote(bibtex)


PAGE_EXAMPLE = "--out out/KAZ.html"


def write_page(html: str, out: Path) -> Path:
    """Write the page to ``out`` atomically (a regular file, or written through a symlink)."""
    write_atomic(out, html, example=PAGE_EXAMPLE)
    return out
