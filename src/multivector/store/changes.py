"""What a re-read file changed in its table: records added, removed and changed.

The previous version's records of the file (its source and file checksum) are compared
with the new ones by the table's primary key without the provenance columns
(``source_id``, ``source_version``, ``file_sha256``, ``file_line``): a key only in the new
records is added, a key only in the old ones removed, a key in both with other values
changed. A line that moves keeps its key, so moving lines changes nothing.

Where that key is not unique within a file (tables whose key holds the line), records
are first paired with equal ones (same key, same values: unchanged); of the n old and m
new records of a key left unpaired, min(n, m) are changed and the rest added (m > n) or
removed (n > m). Values are compared by their hash.
"""

from __future__ import annotations

import duckdb

from multivector.schema import PROVENANCE, Table

Changes = tuple[int, int, int]  # added, removed, changed


def comparison_key(table: Table) -> tuple[str, ...]:
    return tuple(name for name in table.primary_key if name not in PROVENANCE)


def record_changes(
    con: duckdb.DuckDBPyConnection, table: Table, source_id: str, old_sha256: str, incoming: str
) -> Changes:
    """(added, removed, changed) from the stored records of ``old_sha256`` to view ``incoming``."""
    key = comparison_key(table)
    values = [name for name in table.fields if name not in key and name not in PROVENANCE]
    keys = ", ".join(key)
    value_hash = f"hash({', '.join(values)})" if values else "0"
    counted = f"SELECT {keys}, {value_hash} AS h, count(*) AS n FROM {{rows}} GROUP BY ALL"
    old_rows = f"(SELECT * FROM {table.name} WHERE source_id = $source AND file_sha256 = $sha)"
    query = f"""
        WITH o AS ({counted.format(rows=old_rows)}), n AS ({counted.format(rows=incoming)}),
        paired AS (SELECT {keys}, coalesce(o.n, 0) AS old, coalesce(n.n, 0) AS new
                   FROM o FULL OUTER JOIN n USING ({keys}, h)),
        unpaired AS (SELECT sum(old - least(old, new)) AS old, sum(new - least(old, new)) AS new
                     FROM paired GROUP BY {keys})
        SELECT coalesce(sum(new - least(old, new)), 0), coalesce(sum(old - least(old, new)), 0),
               coalesce(sum(least(old, new)), 0)
        FROM unpaired"""
    [(added, removed, changed)] = con.execute(query, {"source": source_id, "sha": old_sha256}).fetchall()
    return int(added), int(removed), int(changed)
