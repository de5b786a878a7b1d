"""The canonical tables: their fields (by name, from ``fields.py``), primary key and warnings."""

from __future__ import annotations

from dataclasses import dataclass

from multivector.schema.fields import FIELDS, Field

PROVENANCE = ("source_id", "source_version", "file_sha256", "file_line")


@dataclass(frozen=True)
class Table:
    name: str
    fields: tuple[str, ...]
    primary_key: tuple[str, ...]
    description: str
    warnings: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()  # fields that may be NULL here though the registry requires them

    @property
    def columns(self) -> list[Field]:
        return [FIELDS[name] for name in self.fields]

    def ddl(self) -> str:
        """CREATE TABLE statement; primary-key columns are NOT NULL."""
        lines = []
        for field in self.columns:
            not_null = (not field.nullable and field.name not in self.optional) or field.name in self.primary_key
            lines.append(f"{field.name} {field.sql_type}{' NOT NULL' if not_null else ''}")
        lines.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        body = ",\n  ".join(lines)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {body}\n)"


_TABLES = [
    Table(
        "entities",
        ("entity", "name", "kind", "valid_from", "valid_to", "successor_of", "note", *PROVENANCE),
        ("entity",),
        "States, dissolved states and territories, with the dates they existed.",
    ),
    Table(
        "country_codes",
        ("entity", "scheme", "code", "valid_from", "valid_to", "note", *PROVENANCE),
        ("scheme", "code", "file_sha256", "file_line"),
        "Dated crosswalk: what a code or name of a scheme denoted, and when.",
        (
            "An empty entity marks a known name that is not a state (aggregate, organisation, non-state actor).",
            "COW and GW 365 denote the USSR until 1991-12-25 and Russia after.",
        ),
    ),
    Table(
        "states",
        ("entity", "year", "system", "system_code", *PROVENANCE),
        ("system", "entity", "year"),
        "State-system membership by year (COW and Gleditsch-Ward).",
    ),
    Table(
        "poles",
        ("entity", "pole", "note", *PROVENANCE),
        ("entity",),
        "Which pole each state belongs to; replace the file to study other poles.",
    ),
    Table(
        "flows",
        ("year", "reporter", "partner", "channel", "value", "unit", "is_estimate", "is_mirror", "detail", *PROVENANCE),
        ("file_sha256", "file_line", "channel", "reporter", "partner", "year", "unit"),
        "Directed dyad-year observations per channel; one source row may hold several.",
        (
            "Sum value over rows of one source only: sources overlap.",
            "sipri_tiv_million is a volume index, not money.",
            "A dyad-year with no row is missing, never zero.",
        ),
    ),
    Table(
        "state_values",
        ("entity", "year", "variable", "value", "unit", "is_estimate", "detail", *PROVENANCE),
        ("file_sha256", "file_line", "variable", "entity", "year"),
        "State-year values: regime scores, GDP, population, capabilities, ideal points ...",
        ("A state-year with no row is missing, never zero.",),
    ),
    Table(
        "dyad_values",
        ("year", "reporter", "partner", "variable", "value", "unit", "detail", *PROVENANCE),
        ("file_sha256", "file_line", "variable", "reporter", "partner", "year"),
        "Dyad-year attributes that are not flows: contiguity, distance, border length, migrant stocks.",
        ("Symmetric attributes are stored in both directions.",),
    ),
    Table(
        "un_roll_calls",
        ("rcid", "session", "vote_date", "year", "short_title", "issue", *PROVENANCE),
        ("source_id", "rcid"),
        "UN General Assembly roll calls with their issue areas.",
    ),
    Table(
        "un_votes",
        ("rcid", "year", "entity", "vote", *PROVENANCE),
        ("source_id", "rcid", "entity"),
        "How each state voted in each roll call (absent states may have no row).",
    ),
    Table(
        "igo_memberships",
        ("entity", "organisation", "year", "status", *PROVENANCE),
        ("source_id", "organisation", "entity", "year"),
        "Membership of states in intergovernmental organisations by year.",
    ),
    Table(
        "facts",
        (
            "fact_id",
            "kind",
            "subject",
            "object",
            "text",
            "value_number",
            "unit",
            "valid_from",
            "valid_to",
            "domain",
            "direction",
            "status",
            "attributes",
            "cites",
            "locator",
            *PROVENANCE,
        ),
        ("fact_id", "cites", "locator"),
        "Cited, dated facts of the knowledge base; several estimates of one fact side by side.",
        ("Two rows with one fact_id and different cites are competing estimates: keep both.",),
        optional=("unit",),
    ),
    Table(
        "documents",
        ("document_id", "title", "author", "publisher", "published", "url", "note", *PROVENANCE),
        ("document_id",),
        "Documents that facts cite: the seed texts, the reports and articles they rely on.",
    ),
    Table(
        "sources",
        (
            "source_id",
            "title",
            "publisher",
            "citation",
            "licence",
            "url",
            "origin",
            "accessed",
            "source_version",
            "years_from",
            "years_to",
        ),
        ("source_id",),
        "Where the data come from and how to cite them.",
    ),
    Table(
        "ingest_runs",
        (
            "run_id",
            "source_id",
            "source_version",
            "file_name",
            "file_sha256",
            "target_table",
            "parser_version",
            "started_at",
            "finished_at",
            "rows_in",
            "rows_loaded",
            "rows_rejected",
            "rows_deduplicated",
            "records_written",
            "records_added",
            "records_removed",
            "records_changed",
        ),
        ("run_id",),
        "One record per file ingest: rows_in = rows_loaded + rows_rejected + rows_deduplicated.",
    ),
    Table(
        "rejects",
        (
            "run_id",
            "source_id",
            "source_version",
            "file_name",
            "file_sha256",
            "file_line",
            "column_name",
            "reason",
            "message",
            "raw_text",
            "suggestion",
        ),
        ("file_sha256", "file_line"),
        "Every row that was not loaded, with the reason and the raw text.",
    ),
]

TABLES: dict[str, Table] = {t.name: t for t in _TABLES}
