"""Which lines a user means by a route name: ``CPC``, ``cpc``, ``Kazakhstan-China``, ``Line A``.

Three tiers, the first with a match wins:

1. an id: a line id or route id (case-insensitive), or the page name of a GEM wiki route
   (``Central_Asia-Center_Gas_Pipeline``, ``Central Asia-Center Gas Pipeline``);
2. a part of a line's name or id (case-insensitive; dashes –, — and - alike);
3. the initials of a name's words (hyphens split words; "and", "of", "the" skipped):
   ``CPC`` → Caspian Pipeline Consortium pipeline, ``TAPI`` → Turkmenistan-Afghanistan-Pakistan-India.

The matched lines must belong to **one** route: several lines of one route are all closed
(``Central Asia-China`` closes Lines A, B and C), lines of two routes are ambiguous.

>>> from multivector.scenarios.route_network import Line
>>> lines = [Line("cpc", "cpc", "Caspian Pipeline Consortium pipeline", 1, 1),
...          Line("kcp", "kcp", "Kazakhstan-China oil pipeline", 1, 1)]
>>> [x.line_id for x in match_route(lines, "CPC")], [x.line_id for x in match_route(lines, "china")]
(['cpc'], ['kcp'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

from multivector.scenarios.route_network import Line

SKIPPED_WORDS = frozenset({"and", "of", "the"})


def match_route(lines: Sequence[Line], query: str) -> list[Line]:
    """The lines ``query`` names (possibly none); raises nothing, see :func:`route_ids`."""
    wanted = _plain(query)
    if not wanted:
        return []
    for tier in (_is_id, _in_name, _initials):
        found = [x for x in lines if tier(x, wanted)]
        if found:
            return found
    return []


def route_ids(lines: Sequence[Line]) -> list[str]:
    """The distinct routes of ``lines``, in order."""
    return list(dict.fromkeys(x.route_id for x in lines))


def describe(lines: Sequence[Line]) -> str:
    """'cpc (Caspian Pipeline Consortium pipeline), kcp (...)': one entry per route."""
    names: dict[str, list[str]] = {}
    for x in lines:
        names.setdefault(short_id(x.route_id), []).append(x.name)
    return ", ".join(f"{route} ({' | '.join(dict.fromkeys(found))})" for route, found in names.items())


def short_id(line_or_route_id: str) -> str:
    """A GEM wiki address shortened to its page name, a segment kept: 'Central_Asia–China_Gas_Pipeline / Line A'."""
    if not line_or_route_id.startswith("http"):
        return line_or_route_id
    address, _, segment = line_or_route_id.partition(" / ")
    page = unquote(address.rstrip("/").rsplit("/", 1)[-1])
    return f"{page} / {segment}" if segment else page


def _plain(text: str) -> str:
    text = unquote(text or "").replace("_", " ")
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _is_id(line: Line, wanted: str) -> bool:
    ids = (line.line_id, line.route_id, short_id(line.line_id), short_id(line.route_id))
    return wanted in {_plain(i) for i in ids}


def _in_name(line: Line, wanted: str) -> bool:
    return wanted in _plain(line.name) or wanted in _plain(short_id(line.line_id))


def _initials(line: Line, wanted: str) -> bool:
    if len(wanted) < 2 or not wanted.isalpha():
        return False
    words = [w for w in re.split(r"[\s\-/,()]+", _plain(line.name)) if w and w not in SKIPPED_WORDS]
    return "".join(w[0] for w in words).startswith(wanted)
