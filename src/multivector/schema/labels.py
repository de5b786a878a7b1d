"""What an exported file says about itself: each column's label and unit in words, the
table's description and the citations of its sources.

Plain data, made where the meaning is known (the field registry here for the store's tables;
``measure.grammar_labels`` for the panel and its grammar) and handed down to ``exports``,
which writes it as Stata labels and notes (``stata_label``, ``stata_notes``) or Parquet
metadata (``parquet_metadata``). A column nobody describes is labelled with its own name
and has no unit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from multivector import __version__
from multivector.schema.fields import FIELDS, Field
from multivector.schema.tables import Table

TOOL = f"multivector {__version__}"
LABEL_MAX = 80  # characters of a Stata variable or data label
#: Registry units in words; a unit that adds nothing to the label (plain text) is left out.
REGISTRY_UNITS = {
    "text": "",
    "name": "",
    "see unit": "in the unit of column unit",
    "flag": "1 = yes, 0 = no",
    "UTC": "time in UTC",
}


@dataclass(frozen=True)
class ColumnMeta:
    """One column: a short ``label``, its ``unit`` in words ("" when none) and a ``description``."""

    label: str
    unit: str = ""
    description: str = ""


@dataclass(frozen=True)
class Citation:
    """A source behind a table: its BibTeX key (the source id), short citation and BibTeX entry."""

    key: str
    short: str
    bibtex: str


@dataclass(frozen=True)
class TableMeta:
    """A table's description, its columns' meta data and the citations of its sources."""

    description: str = ""
    columns: Mapping[str, ColumnMeta] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()

    def column(self, name: str) -> ColumnMeta:
        """``name``'s meta data; a column nobody described is labelled with its name."""
        return self.columns.get(name) or ColumnMeta(name)


def field_meta(spec: Field) -> ColumnMeta:
    """A registry field's label (the description's first sentence) and unit in words."""
    return ColumnMeta(first_sentence(spec.description), REGISTRY_UNITS.get(spec.unit, spec.unit), spec.description)


def store_table_meta(table: Table) -> TableMeta:
    """The meta data of a canonical table, from the field registry (no citations)."""
    return TableMeta(table.description, {name: field_meta(FIELDS[name]) for name in table.fields})


def first_sentence(text: str) -> str:
    """The text to its first full stop followed by a space (or its end), without the stop.

    >>> first_sentence("Calendar year (for flows: the year it happened). More.")
    'Calendar year (for flows: the year it happened)'
    """
    head, _, _ = text.partition(". ")
    return head.removesuffix(".").strip()


# ---------------------------------------------------------------- as the formats write them


def parquet_metadata(meta: TableMeta, name: str, columns: Sequence[str]) -> dict[str, str]:
    """The footer's key-value metadata: ``multivector`` (JSON) and ``bibtex`` (the entries)."""
    described = {
        "table": name,
        "description": meta.description,
        "columns": {column: _column_dict(meta.column(column)) for column in columns},
        "citations": [{"key": c.key, "citation": c.short} for c in meta.citations],
        "tool": TOOL,
    }
    return {
        "multivector": json.dumps(described, ensure_ascii=False),
        "bibtex": "\n\n".join(c.bibtex for c in meta.citations if c.bibtex),
    }


def _column_dict(column: ColumnMeta) -> dict[str, str]:
    return {"label": column.label, "unit": column.unit, "description": column.description}


def stata_label(column: ColumnMeta) -> str:
    """``label (unit)`` in at most 80 characters: a label too long is cut, with "…", before the unit.

    >>> stata_label(ColumnMeta("Dependence on Russia, diplomatic domain", "share 0-1"))
    'Dependence on Russia, diplomatic domain (share 0-1)'
    """
    unit = f" ({column.unit})" if column.unit else ""
    return shortened(column.label, LABEL_MAX - len(unit)) + unit


def stata_notes(meta: TableMeta) -> list[str]:
    """The dataset's notes: each source's BibTeX key and short citation, then the tool."""
    return [f"[{c.key}] {c.short}" for c in meta.citations] + [f"Written by {TOOL}."]


def shortened(text: str, most: int) -> str:
    """``text`` in at most ``most`` characters, cut with "…"."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
