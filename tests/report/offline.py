"""What "offline" means for a report page, as a check the tests share.

Nothing may be *loaded* from another host: no ``src``/``href``/``action``/``poster``/``data``
attribute, ``srcset`` entry, CSS ``url()`` or ``@import`` names a remote address, and no
script other than the inlined Vega bundle contains one. The bundle's own code names a few
addresses that are identifiers or links it never fetches (XML namespaces, schema ids, the
Vega editor link that ``actions: false`` turns off); those hosts are listed here, and the
browser test checks that the page makes no request at all. Addresses inside citations are
text for the reader, not references the page follows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
URL_IN_CSS = re.compile(
    r"url\(\s*['\"]?\s*((?:[a-z][a-z0-9+.-]*:)?//[^)'\"]*)|@import\s+['\"]?((?:https?:)?//[^'\";]*)", re.IGNORECASE
)
HOST = re.compile(r"https?://([a-z0-9.-]+)", re.IGNORECASE)
LOADING_ATTRIBUTES = {
    "src",
    "href",
    "action",
    "formaction",
    "poster",
    "data",
    "xlink:href",
    "background",
    "manifest",
    "icon",
    "srcset",
}
BUNDLE_HOSTS = {"www.w3.org", "vega.github.io", "github.com"}
BUNDLE_MARK = "window.vegaEmbed="


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in: str | None = None
        self._script_type = ""
        self._chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in LOADING_ATTRIBUTES:
                for part in value.split(",") if name == "srcset" else [value]:
                    if REMOTE.match(part):
                        self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems += [f"style url {m.group(0)}" for m in URL_IN_CSS.finditer(value)]
        if tag in ("script", "style"):
            self._in, self._chunks = tag, []
            self._script_type = dict(attrs).get("type") or ""

    def handle_data(self, data):
        if self._in:
            self._chunks.append(data)

    def handle_endtag(self, tag):
        if tag != self._in:
            return
        text = "".join(self._chunks)
        if tag == "style":
            self.problems += [f"css {m.group(0)}" for m in URL_IN_CSS.finditer(text)]
        elif BUNDLE_MARK in text:
            self.problems += [f"bundle names {h}" for h in set(HOST.findall(text)) - BUNDLE_HOSTS]
        else:
            self.problems += [f"script names {h}" for h in HOST.findall(text)]
        self._in = None


def remote_references(html: str) -> list[str]:
    """Every way ``html`` could reach another host; empty for an offline page."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems
