"""Pole mappings a user uploads to the explorer, kept in its cache folder under their digest.

A mapping is named by ``ID_LENGTH`` hexadecimal digits of its bytes' SHA-256; the id is all a
request gives, so no request names a path.
"""

from __future__ import annotations

import re
from pathlib import Path

from multivector.errors import MultivectorError

ID_LENGTH = 16
_ID = re.compile(rf"[0-9a-f]{{{ID_LENGTH}}}")


class UnknownMapping(MultivectorError):
    slug = "unknown-mapping"
    exit_code = 2


class Mappings:
    """The pole mappings kept in ``folder`` (``<id>.csv``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def poles_file(self, mapping: str | None) -> Path | None:
        """The poles file of ``mapping`` (None or empty: the shipped poles, so no file)."""
        if not mapping:
            return None
        path = self.folder / f"{mapping}.csv"
        if not _ID.fullmatch(mapping) or not path.is_file():
            raise UnknownMapping(
                f"no pole mapping {mapping[:40]!r} on this server",
                "upload the poles file again on the mappings page (/mappings)",
            )
        return path
