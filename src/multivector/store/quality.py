"""Data-quality gates: which ingested files a build warns about (``build --strict`` fails).

A file is judged on its latest run and its rejects in the store, so the verdict is the
same whether the file was read by this build or an earlier one. Three gates:

* ``empty``: a file with no data line (a header alone): every record it had is gone.
* ``encoding``: any line rejected as ``encoding_error``. The file is not UTF-8 (often
  Windows-1251) and the reader fell back to decoding line by line; whatever loaded is a
  remnant, so one such line is enough.
* ``rejects``: the rejects that count are more than ``threshold`` (default 5%,
  ``DEFAULT_THRESHOLD``) of the file's rows in scope. Rows out of scope by design neither
  count nor belong to the rows in scope (``OUT_OF_SCOPE``): aggregates and organisations
  (``not_a_state``), states in years they did not exist (``not_valid_in_year``) and a
  state paired with itself (``self_dyad``). Encoding rejects have their own gate. The
  rejects of a known outlier (``ALLOWED``: a source and a reason, with why) do not count
  as long as they stay within the share the allow-list expects of them.

>>> judge("s", "f.csv", rows_in=100, reasons={"not_a_state": 50, "cast_error": 2})
[]
>>> [w.kind for w in judge("s", "f.csv", rows_in=100, reasons={"cast_error": 6})]
['rejects']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from multivector.errors import BadOption, MultivectorWarning
from multivector.store.connection import Store
from multivector.store.ingest import IngestResult

DEFAULT_THRESHOLD = 0.05

OUT_OF_SCOPE: dict[str, str] = {
    "not_a_state": "sources list aggregates ('World', 'Euro Area') and organisations beside states",
    "not_valid_in_year": "panels list states in years before they existed or after they ended",
    "self_dyad": "bilateral tables list a state's own row (e.g. migrants born and living in it)",
}


@dataclass(frozen=True)
class Allowed:
    """Rejects of one source and reason that are expected, up to ``at_most`` of its rows in scope."""

    source_id: str
    reason: str
    at_most: float
    why: str


ALLOWED: tuple[Allowed, ...] = (
    Allowed(
        "aiddata_gcdf",
        "missing_value",
        0.15,
        "AidData lists projects whose amount is not known (about 11%); they stay missing, never zero.",
    ),
)

Kind = Literal["empty", "encoding", "rejects"]


@dataclass(frozen=True)
class QualityWarning:
    """One file beyond one gate, with the counts the verdict rests on."""

    source_id: str
    file_name: str
    kind: Kind
    counts: Mapping[str, int] = field(hash=False)  # rows_in, rows_loaded, in_scope, counted ...
    reasons: Mapping[str, int] = field(hash=False)  # the rejects that count, by reason
    threshold: float = DEFAULT_THRESHOLD

    @property
    def message(self) -> str:
        c = self.counts
        where = f"{self.file_name} ({self.source_id})"
        if self.kind == "empty":
            return f"{where}: no data lines (a header alone); nothing loaded"
        if self.kind == "encoding":
            return (
                f"{where}: {c['encoding_errors']:,} of {c['rows_in']:,} lines are not UTF-8 "
                f"(encoding_error); {c['rows_loaded']:,} loaded"
            )
        share = c["counted"] / c["in_scope"]
        return (
            f"{where}: {c['counted']:,} of {c['in_scope']:,} rows in scope rejected "
            f"({100 * share:.1f}% > {100 * self.threshold:g}%; {self._top_reasons()})"
        )

    @property
    def hint(self) -> str:
        if self.kind == "empty":
            return "restore the file's data lines (the repository has the shipped file)"
        if self.kind == "encoding":
            return "re-save the file as UTF-8 (in Excel: CSV UTF-8) and build again"
        return (
            "each rejected line is in the store's rejects table with its reason "
            "(`multivector export rejects --format csv --out rejects.csv`)"
        )

    def _top_reasons(self) -> str:
        top = sorted(self.reasons.items(), key=lambda item: (-item[1], item[0]))[:3]
        return ", ".join(f"{reason} {n:,}" for reason, n in top)

    def one_line(self) -> str:
        return f"{self.message} — {self.hint}"

    def as_warning(self) -> MultivectorWarning:
        return MultivectorWarning(self.message, self.hint, slug="data-quality")

    def as_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "counts": dict(self.counts), "reasons": dict(self.reasons)}


def judge(
    source_id: str,
    file_name: str,
    rows_in: int,
    reasons: Mapping[str, int],
    rows_loaded: int = 0,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[QualityWarning]:
    """The gates' warnings for one file: its rows in and its rejects counted by reason."""
    if not 0 <= threshold < 1:
        raise BadOption(f"a data-quality threshold of {threshold} is not a share", "give a share from 0 to 1")
    out_of_scope = sum(n for reason, n in reasons.items() if reason in OUT_OF_SCOPE)
    in_scope = rows_in - out_of_scope
    counted = {
        reason: n
        for reason, n in reasons.items()
        if reason not in OUT_OF_SCOPE and reason != "encoding_error" and not _allowed(source_id, reason, n, in_scope)
    }
    counts = {
        "rows_in": rows_in,
        "rows_loaded": rows_loaded,
        "in_scope": in_scope,
        "out_of_scope": out_of_scope,
        "encoding_errors": reasons.get("encoding_error", 0),
        "allowed": sum(reasons.values()) - out_of_scope - sum(counted.values()) - reasons.get("encoding_error", 0),
        "counted": sum(counted.values()),
    }
    found = []
    if rows_in == 0:
        found.append(QualityWarning(source_id, file_name, "empty", counts, counted, threshold))
    if counts["encoding_errors"]:
        found.append(QualityWarning(source_id, file_name, "encoding", counts, counted, threshold))
    if in_scope > 0 and counts["counted"] / in_scope > threshold:
        found.append(QualityWarning(source_id, file_name, "rejects", counts, counted, threshold))
    return found


def _allowed(source_id: str, reason: str, rejected: int, in_scope: int) -> bool:
    return any(a.source_id == source_id and a.reason == reason and rejected <= a.at_most * in_scope for a in ALLOWED)


def stored_warnings(store: Store, threshold: float = DEFAULT_THRESHOLD) -> dict[tuple[str, str], list[QualityWarning]]:
    """(source id, file name) → the warnings of the file's latest run, for every file in the store."""
    runs = store.rows(
        "SELECT source_id, file_name, arg_max(rows_in, finished_at) AS rows_in, "
        "arg_max(rows_loaded, finished_at) AS rows_loaded FROM ingest_runs GROUP BY ALL"
    )
    reasons: dict[tuple[str, str], dict[str, int]] = {}
    for row in store.rows("SELECT source_id, file_name, reason, count(*) AS n FROM rejects GROUP BY ALL"):
        reasons.setdefault((row["source_id"], row["file_name"]), {})[row["reason"]] = row["n"]
    judged = {}
    for run in runs:
        key = (run["source_id"], run["file_name"])
        found = judge(*key, run["rows_in"], reasons.get(key, {}), run["rows_loaded"], threshold)
        if found:
            judged[key] = found
    return judged


def build_warnings(
    store: Store, results: Iterable[IngestResult], threshold: float = DEFAULT_THRESHOLD
) -> list[QualityWarning]:
    """The warnings of the files a build went through (``IngestResult``s), in their order."""
    judged = stored_warnings(store, threshold)
    return [warning for r in results for warning in judged.get((r.source_id, r.file_name), [])]


__all__ = [
    "ALLOWED",
    "DEFAULT_THRESHOLD",
    "OUT_OF_SCOPE",
    "Allowed",
    "QualityWarning",
    "build_warnings",
    "judge",
    "stored_warnings",
]
