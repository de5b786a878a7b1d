"""Every column of the store, defined once: name, type, unit, description.

Tables (``tables.py``) only list field names; a field keeps its meaning in every
table it appears in. Types are DuckDB SQL types; ``ibis_schema`` translates them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    sql_type: str
    unit: str
    description: str
    nullable: bool = True


_FIELDS = [
    # identities
    Field(
        "entity",
        "VARCHAR",
        "entity id",
        "Our entity id: ISO3 for states, ISO 3166-3 former codes (SUN, YUG, CSK ...) for dissolved ones.",
    ),
    Field("name", "VARCHAR", "text", "English short name."),
    Field(
        "kind",
        "VARCHAR",
        "category",
        "Category of the row: for entities state, dissolved_state or territory; "
        "for facts institution, membership, infrastructure, event or figure.",
    ),
    Field("successor_of", "VARCHAR", "entity id", "The entity this one was part of before independence."),
    Field(
        "scheme",
        "VARCHAR",
        "category",
        "Code scheme: iso3, iso2, iso_numeric, m49, cow, cow_abb, gw, gw_abb, fips, imf, name, sipri, "
        "imf_name, factbook, nso.",
    ),
    Field("code", "VARCHAR", "code", "A code or a name as written in its scheme."),
    Field("valid_from", "DATE", "date", "First day the row holds; NULL = since before the data begin."),
    Field("valid_to", "DATE", "date", "Last day the row holds; NULL = still holds."),
    Field("note", "VARCHAR", "text", "Why this row is as it is."),
    Field(
        "year",
        "SMALLINT",
        "year",
        "Calendar year (for flows: the year the flow happened, not the year of publication).",
        nullable=False,
    ),
    Field("system", "VARCHAR", "category", "State system: cow (Correlates of War) or gw (Gleditsch-Ward)."),
    Field("system_code", "INTEGER", "code", "The state's numeric code in that system."),
    Field(
        "pole", "VARCHAR", "pole id", "Great-power vector a partner belongs to (RUS, CHN, WEST, TUR, OTHER by default)."
    ),
    # flows
    Field(
        "reporter",
        "VARCHAR",
        "entity id",
        "The state whose flow it is (importer for imports, recipient for arms imports).",
        nullable=False,
    ),
    Field(
        "partner",
        "VARCHAR",
        "entity id",
        "The other state of the directed dyad (exporter, supplier ...).",
        nullable=False,
    ),
    Field(
        "channel",
        "VARCHAR",
        "category",
        "Measured flow: exports, imports, trade, fdi, development_finance, remittances, energy_routes, "
        "alliances, arms_imports, exercises, un_votes, igo.",
        nullable=False,
    ),
    Field(
        "value",
        "DOUBLE",
        "see unit",
        "The flow's value, in the row's unit. Never a stand-in for missing data.",
        nullable=False,
    ),
    Field(
        "unit",
        "VARCHAR",
        "unit",
        "Unit of value, e.g. usd_million_current, sipri_tiv_million (an index, not money).",
        nullable=False,
    ),
    Field("is_estimate", "BOOLEAN", "flag", "The source marks the value as an estimate.", nullable=False),
    Field(
        "is_mirror", "BOOLEAN", "flag", "Reported by the partner, not the reporter (mirror statistics).", nullable=False
    ),
    Field("detail", "VARCHAR", "text", "Source-specific detail of the row (e.g. the SIPRI deal id and weapon)."),
    # state-year and dyad-year values
    Field(
        "variable", "VARCHAR", "name", "What a value measures, e.g. polity2, gdp_usd_2011, contiguity_type, border_km."
    ),
    # UN General Assembly
    Field("rcid", "INTEGER", "id", "Roll-call id of a UN General Assembly vote (Voeten numbering)."),
    Field("session", "SMALLINT", "session", "UN General Assembly session number."),
    Field("vote_date", "DATE", "date", "Date of the roll call."),
    Field("short_title", "VARCHAR", "text", "Short title or description of the resolution."),
    Field("issue", "VARCHAR", "category", "Issue areas of a roll call, comma-separated: me, nu, di, hr, co, ec."),
    Field("vote", "VARCHAR", "category", "yes, no, abstain or absent."),
    # memberships
    Field("organisation", "VARCHAR", "id", "Intergovernmental organisation (COW IGO short name or knowledge-base id)."),
    Field(
        "status",
        "VARCHAR",
        "category",
        "Membership status: full, associate, observer; or the status of an infrastructure item.",
    ),
    # facts
    Field(
        "fact_id",
        "VARCHAR",
        "id",
        "Stable id of the fact (what is claimed); several estimates share it.",
        nullable=False,
    ),
    Field("subject", "VARCHAR", "entity id", "Who or what the fact is about."),
    Field("text", "VARCHAR", "text", "The fact in the project's own words."),
    Field("value_number", "DOUBLE", "see unit", "Numeric value of a figure, if any."),
    Field("locator", "VARCHAR", "text", "Where in the cited document: page, table, or sentence number."),
    Field("object", "VARCHAR", "id", "What the subject relates to: an organisation, a partner, a route."),
    Field("domain", "VARCHAR", "category", "security, economic or diplomatic."),
    Field(
        "direction",
        "VARCHAR",
        "category",
        "Whether an act moves toward or away from a pole, e.g. away:RUS, toward:CHN.",
    ),
    Field(
        "attributes",
        "VARCHAR",
        "JSON",
        "Further fields of a fact as a JSON object (capacity, transit states, owners ...).",
    ),
    Field("cites", "VARCHAR", "source id", "The source (document or dataset) the fact is taken from."),
    # provenance
    Field("source_id", "VARCHAR", "id", "Source the row comes from (see the sources table).", nullable=False),
    Field("source_version", "VARCHAR", "text", "Version or edition of the source.", nullable=False),
    Field("file_sha256", "VARCHAR", "sha256", "SHA-256 of the file the row was read from.", nullable=False),
    Field("file_line", "INTEGER", "line", "1-based physical line of that file.", nullable=False),
    Field("file_name", "VARCHAR", "path", "The file, relative to the data folder."),
    # documents
    Field("document_id", "VARCHAR", "id", "Id of a cited document (a seed text, a report, an article)."),
    Field("author", "VARCHAR", "text", "Author(s) of a document."),
    Field("published", "VARCHAR", "text", "When a document was published (year, or year-month)."),
    # sources
    Field("title", "VARCHAR", "text", "Title of the source."),
    Field("publisher", "VARCHAR", "text", "Who publishes the source."),
    Field("citation", "VARCHAR", "text", "Full citation to give for numbers from this source."),
    Field("licence", "VARCHAR", "text", "Licence or terms of use."),
    Field("url", "VARCHAR", "url", "Where the source is published."),
    Field("origin", "VARCHAR", "text", "Where the shipped copy comes from (repository and commit)."),
    Field("accessed", "DATE", "date", "When the shipped copy was taken."),
    Field("years_from", "SMALLINT", "year", "First year with data loaded from the source."),
    Field("years_to", "SMALLINT", "year", "Last year with data loaded from the source."),
    # ingest runs and rejects
    Field("run_id", "VARCHAR", "id", "Id of one ingest of one file.", nullable=False),
    Field("target_table", "VARCHAR", "table", "Table the file loads into."),
    Field("parser_version", "VARCHAR", "text", "Version of the loader that read the file."),
    Field("started_at", "TIMESTAMP", "UTC", "When the ingest began."),
    Field("finished_at", "TIMESTAMP", "UTC", "When the ingest committed."),
    Field("rows_in", "INTEGER", "rows", "Data rows in the file (non-blank lines after the header).", nullable=False),
    Field("rows_loaded", "INTEGER", "rows", "Rows of the file that were stored.", nullable=False),
    Field("rows_rejected", "INTEGER", "rows", "Rows of the file sent to rejects.", nullable=False),
    Field("rows_deduplicated", "INTEGER", "rows", "Rows identical to an earlier row of the same file.", nullable=False),
    Field("records_written", "INTEGER", "records", "Table records written (one row may give several)."),
    Field(
        "records_added",
        "INTEGER",
        "records",
        "Records of a re-read file whose key the previous version of the file did not have; NULL on a first read.",
    ),
    Field(
        "records_removed",
        "INTEGER",
        "records",
        "Records of the previous version of a re-read file whose key the new one does not have; NULL on a first read.",
    ),
    Field(
        "records_changed",
        "INTEGER",
        "records",
        "Records of a re-read file with the key of a previous record and other values; NULL on a first read.",
    ),
    Field("column_name", "VARCHAR", "column", "Column of the file that holds the problem, if one does."),
    Field("reason", "VARCHAR", "slug", "Why the row was rejected (a slug, e.g. unknown_country)."),
    Field("message", "VARCHAR", "text", "The problem in words."),
    Field("raw_text", "VARCHAR", "text", "The rejected line as read (undecodable bytes shown as \\x escapes)."),
    Field("suggestion", "VARCHAR", "text", "What the value probably should be, for a person to decide; never applied."),
]

FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}
