"""What ``export`` may write, and what each file says about itself.

Three kinds of table: the store's canonical tables (``schema.TABLES``), the panel's stored
tables (``panel_state_years``, ``panel_domains`` ... see ``panel.STORED``) and the grammar's
frames (``state_years`` with its dependence and differentiation, ``dyad_years`` with its
trade). For each, the meta data written into the file (``schema.labels.TableMeta``): column
labels and units, the table's description, and the citations of the sources its rows came
from (their ``source_id`` or series labels; a panel table without either cites the sources
of the panel's channel vectors for the same states and years).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from multivector.channels import CHANNELS
from multivector.defaults import POLES
from multivector.errors import BadOption, UnknownChannel, UnknownTable
from multivector.exports import Rows
from multivector.indicators.ideal_points import CHANNEL as IDEAL_POINTS
from multivector.measure.grammar import sources_of
from multivector.measure.grammar_labels import (
    GRAMMAR_DESCRIPTIONS,
    PANEL_DESCRIPTIONS,
    grammar_columns,
    panel_columns,
)
from multivector.measure.panel import STORED
from multivector.measure.series import source_of_label
from multivector.schema import TABLES, Table
from multivector.schema.labels import Citation, TableMeta, store_table_meta
from multivector.sources import SOURCES
from multivector.store import Store

FRAMES = tuple(GRAMMAR_DESCRIPTIONS)
PANEL_NAMES = {stored: name for name, stored in STORED.items()}
#: The columns that name a table's state, first found wins (flows: the reporter).
STATE_COLUMNS = ("reporter", "entity")
#: The order of a stored panel table's rows: these of its columns, in this order.
PANEL_ORDER = ("reporter", "year", "domain", "channel", "series", "pole", "year_from")
_YEARS = re.compile(r"\s*(\d{1,4})\s*(?:-\s*(\d{1,4})\s*)?")


def names() -> list[str]:
    """Every table ``export`` writes: the store's, the panel's, then the grammar's."""
    return [*TABLES, *STORED.values(), *FRAMES]


def check_name(table: str) -> None:
    if table not in names():
        raise UnknownTable(f"no table {table!r} in the store", f"choose one of: {', '.join(names())}")


def year_span(years: tuple[int, int] | int | str | None) -> tuple[int, int] | None:
    """``years`` as (first, last): a pair, one year, or text ``FIRST-LAST`` / ``YEAR``.

    >>> year_span("1992-2023"), year_span("2014"), year_span(None)
    ((1992, 2023), (2014, 2014), None)
    """
    if years is None or isinstance(years, tuple):
        span = years
    elif isinstance(years, int):
        span = (years, years)
    else:
        found = _YEARS.fullmatch(years)
        if not found:
            raise BadOption(f"cannot read the years {years!r}", "give FIRST-LAST or one year, e.g. --years 1992-2023")
        first = int(found.group(1))
        span = (first, int(found.group(2) or first))
    if span is not None and span[0] > span[1]:
        raise BadOption(f"the years {span[0]}-{span[1]} run backwards", "give the first year before the last")
    return span


def stored(
    store: Store,
    table: str,
    states: Sequence[str] | None,
    years: tuple[int, int] | None,
    channels: Sequence[str] | None,
    hegemon: str,
) -> tuple[Table, TableMeta, Rows]:
    """The stored table's description for ``exports``, its meta data and the rows chosen."""
    spec = _spec(store, table)
    rows = _rows(store, spec, states, years, channels)
    if table in TABLES:
        columns = store_table_meta(spec).columns
    else:
        columns = panel_columns(spec.fields, hegemon, pole_names(store))
    return spec, TableMeta(spec.description, columns, citations(_source_ids(store, spec, rows))), rows


def frame_meta(table: str, frame: pd.DataFrame, hegemon: str, names: dict[str, str]) -> TableMeta:
    """The meta data of a grammar frame (``state_years``, ``dyad_years``)."""
    columns = grammar_columns([str(c) for c in frame.columns], hegemon, names)
    return TableMeta(GRAMMAR_DESCRIPTIONS[table], columns, citations(sources_of(frame)))


def pole_names(store: Store) -> dict[str, str]:
    """The English names of the default poles that are states (RUS → Russia ...)."""
    marks = ", ".join("?" for _ in POLES)
    found = store.rows(f"SELECT entity, name FROM entities WHERE entity IN ({marks})", list(POLES))
    return {row["entity"]: row["name"] for row in found}


def citations(source_ids: Iterable[str]) -> tuple[Citation, ...]:
    """Each source's BibTeX key, citation and entry; a source the registry lacks, by its id."""
    known = {source.id: source for source in SOURCES}
    found = []
    for key in sorted(set(source_ids)):
        source = known.get(key)
        found.append(Citation(key, source.citation, source.bibtex()) if source else Citation(key, key, ""))
    return tuple(found)


def _spec(store: Store, table: str) -> Table:
    if table in TABLES:
        return TABLES[table]
    cursor = store.con.cursor()
    try:
        columns = tuple(d[0] for d in cursor.execute(f"SELECT * FROM {table} LIMIT 0").description)
    finally:
        cursor.close()
    order = tuple(c for c in PANEL_ORDER if c in columns)
    return Table(table, columns, order, PANEL_DESCRIPTIONS[PANEL_NAMES[table]])


def _rows(
    store: Store,
    spec: Table,
    states: Sequence[str] | None,
    years: tuple[int, int] | None,
    channels: Sequence[str] | None,
) -> Rows:
    """The rows chosen; an option the table has no column for is refused, naming those that have one."""
    values: dict[str, Sequence[str]] = {}
    if states:
        column = next((c for c in STATE_COLUMNS if c in spec.fields), None)
        if column is None:
            raise BadOption(f"the table {spec.name} has no state column", _which_have(store, STATE_COLUMNS, "--states"))
        values[column] = list(states)
    if channels:
        if "channel" not in spec.fields:
            raise BadOption(
                f"the table {spec.name} has no channel column", _which_have(store, ("channel",), "--channel")
            )
        unknown = [c for c in channels if c not in CHANNELS]
        if unknown:
            raise UnknownChannel(f"no channel {unknown[0]!r}", f"choose one of {', '.join(CHANNELS)}")
        values["channel"] = list(channels)
    if years is not None and "year" not in spec.fields:
        raise BadOption(f"the table {spec.name} has no year column", _which_have(store, ("year",), "--years"))
    return Rows(values, years)


def _which_have(store: Store, columns: Sequence[str], option: str) -> str:
    tables = [*TABLES, *STORED.values()]
    having = [name for name in tables if any(c in _spec(store, name).fields for c in columns)]
    return f"drop {option}, or export a table that has one: {', '.join(having)}"


def _source_ids(store: Store, spec: Table, rows: Rows) -> list[str]:
    """The sources of the rows chosen: their source ids or series labels, else the panel's channels'."""
    if "source_id" in spec.fields:
        return _distinct(store, f"SELECT DISTINCT source_id FROM {spec.name}{rows.where()}")
    if "series" in spec.fields:
        labels = _distinct(store, f"SELECT DISTINCT series FROM {spec.name}{rows.where()}")
        return [source_of_label(part) for label in labels for part in label.split("; ") if part]
    if spec.name in PANEL_NAMES:
        chosen = {c: v for c, v in rows.values.items() if c == "reporter"}
        if spec.name == STORED["ideal_point_bands"]:
            chosen["channel"] = [IDEAL_POINTS]
        where = Rows(chosen, rows.years).where()
        return _distinct(store, f"SELECT DISTINCT source_id FROM {STORED['channels']}{where}")
    return []


def _distinct(store: Store, query: str) -> list[str]:
    cursor = store.con.cursor()
    try:
        return [str(row[0]) for row in cursor.execute(query).fetchall() if row[0] is not None]
    finally:
        cursor.close()
