"""Pole mappings a user uploads to the explorer, kept in its cache folder under their digest.

A mapping is a poles file (``entity,pole``, as ``--poles`` takes) sent as the body of
``POST /api/mappings``: at most ``MAX_BYTES``, UTF-8, every entity known and listed once.
It is read by the api as the command line reads it, then kept as ``<id>.csv``, the id being
``ID_LENGTH`` hexadecimal digits of the SHA-256 of its bytes; a request names a mapping by
that id only, so no request names a path. Once kept, the numbers under the mapping are
composed in the background (``compose``: a state's profile, then the atlas of every year, the
whole world's panel composed again, some two minutes on two cores); ``status`` tells how far
that got (``done`` of ``total`` steps) and, once ready, where to read them (``links``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import tempfile
import threading
from pathlib import Path

from multivector import api
from multivector.errors import BadInputFile, MultivectorError
from multivector.web.answers import ATLAS_STEPS, Answers, Background
from multivector.web.failures import TooLarge, failure_line

ID_LENGTH = 16
MAX_BYTES = 64 * 1024
_ID = re.compile(rf"[0-9a-f]{{{ID_LENGTH}}}")
UPLOAD_NAME = "upload.csv"  # the name errors give the uploaded file

#: Compositions run one after another (a later upload waits at its first step).
_ONE_AT_A_TIME = threading.Lock()

#: The state and year whose profile is composed first, and which the ready links open.
FIRST_STATE, FIRST_YEAR = "KAZ", 2014

#: The steps of composing under a mapping, in order (``status``: ``done`` of ``len(STEPS)``).
STEPS = (f"the profile of {FIRST_STATE} in {FIRST_YEAR}", *ATLAS_STEPS)


class UnknownMapping(MultivectorError):
    slug = "unknown-mapping"
    exit_code = 2


class Stopping(MultivectorError):
    """A composition left off because the server stops."""

    slug = "stopping"


class Mappings:
    """The pole mappings kept in ``folder`` (``<id>.csv``) and their compositions."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._composing: dict[str, Background] = {}
        self._guard = threading.Lock()

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

    def listed(self) -> list[str]:
        """The ids of the kept mappings, oldest first."""
        if not self.folder.is_dir():
            return []
        kept = [p for p in self.folder.glob("*.csv") if _ID.fullmatch(p.stem)]
        return [p.stem for p in sorted(kept, key=lambda p: p.stat().st_mtime)]

    def upload(self, body: bytes, found: Answers) -> dict:
        """Check ``body`` as a poles file, keep it, and start composing under it."""
        if len(body) > MAX_BYTES:
            raise TooLarge(
                f"the poles file is {len(body):,} bytes; the explorer takes at most {MAX_BYTES:,}",
                "list only the states whose pole you change (the others keep theirs: OTHER)",
            )
        data = body.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
        _refuse_duplicates(data)
        mapping = hashlib.sha256(data).hexdigest()[:ID_LENGTH]
        self.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.folder, prefix=".upload-") as scratch:
            path = Path(scratch) / UPLOAD_NAME
            path.write_bytes(data)
            checked = api.check_poles(path, found.config)
            os.replace(path, self.folder / f"{mapping}.csv")
        self.compose(mapping, found)
        return {"mapping": mapping, **checked, **self.status(mapping)}

    def compose(self, mapping: str, found: Answers) -> None:
        """Compose the atlas of every year under ``mapping`` in the background (once)."""
        poles = self.poles_file(mapping)
        with self._guard:
            if mapping not in self._composing:
                self._composing[mapping] = Background(lambda progress: _compose(found, poles, progress))

    def wait(self, timeout: float) -> None:
        """Wait (up to ``timeout`` s in all) for the compositions under way to end."""
        with self._guard:
            running = list(self._composing.values())
        for work in running:
            work.wait(timeout)

    def status(self, mapping: str) -> dict:
        """``{"state": "composing" | "ready" | "failed", "step", "done", "total", "error", "links"}``
        of the mapping: ``done`` of ``total`` steps, the step under way, and once ready the pages
        to read (a mapping kept by an earlier server is ready: it is composed when first read)."""
        self.poles_file(mapping)
        total = len(STEPS)
        with self._guard:
            running = self._composing.get(mapping)
        if running is None:
            return {"state": "ready", "step": "kept", "done": total, "total": total, "error": None, **_links(mapping)}
        try:
            done, progress = running.result()
        except Exception as error:  # noqa: BLE001 - a failed composition is a status, not a failed request
            line = error.one_line() if isinstance(error, MultivectorError) else failure_line(error)
            return {"state": "failed", "step": "composing", "done": 0, "total": total, "error": line, "links": None}
        if not done:
            step = {"step": progress["step"], "done": progress["done"], "total": total}
            return {"state": "composing", **step, "error": None, "links": None}
        return {"state": "ready", "step": "composed", "done": total, "total": total, "error": None, **_links(mapping)}


def _links(mapping: str) -> dict:
    """The pages that read the numbers under ``mapping``."""
    return {
        "links": {
            "state": f"/state?state={FIRST_STATE}&year={FIRST_YEAR}&mapping={mapping}",
            "atlas": f"/atlas?year={FIRST_YEAR}&mapping={mapping}",
        }
    }


def _compose(found: Answers, poles: Path | None, progress: dict) -> None:
    """Compose ``STEPS`` under ``poles``, telling ``progress`` (``step``, ``done``) before each."""
    progress.update(step="waiting for the composition under another mapping to end", done=0)
    with _ONE_AT_A_TIME:  # each composes the whole world's panel: two at once would double the memory
        _compose_steps(found, poles, progress)


def _compose_steps(found: Answers, poles: Path | None, progress: dict) -> None:
    def on_step(step: str) -> None:
        if found.stopping():
            raise Stopping("the server stops", "upload the mapping again when it runs")
        progress.update(step=step, done=STEPS.index(step))

    on_step(STEPS[0])
    found.profile(FIRST_STATE, FIRST_YEAR, poles)
    found.atlas_every_year(poles, on_step)


def _refuse_duplicates(data: bytes) -> None:
    """An entity listed twice is refused, naming both lines (the file is read as UTF-8 later)."""
    text = data.decode("utf-8", errors="replace")
    seen: dict[str, int] = {}
    reader = csv.DictReader(io.StringIO(text, newline=""))  # a lone CR ends a line, as it does for the CLI
    try:
        for row in reader:
            entity = (row.get("entity") or "").strip().upper()
            if not entity:
                continue
            if entity in seen:
                raise BadInputFile(
                    f"{UPLOAD_NAME}: {entity} is listed twice (lines {seen[entity]} and {reader.line_num})",
                    "keep one line per state",
                )
            seen[entity] = reader.line_num
    except csv.Error as error:
        raise BadInputFile(
            f"{UPLOAD_NAME}: line {reader.line_num} is not CSV ({error})", "save it as CSV: entity,pole per line"
        ) from None


def shipped_text(found: Answers) -> str:
    """The store's pole mapping as a poles file, for the editor to start from."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "pole", "note"])
    for row in found.shipped_poles():
        writer.writerow([row["entity"], row["pole"], row["note"] or ""])
    return out.getvalue()
