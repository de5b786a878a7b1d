"""Schema registry: fields defined once, tables that list them."""

from multivector.schema.fields import FIELDS, Field
from multivector.schema.tables import PROVENANCE, TABLES, Table

__all__ = ["FIELDS", "Field", "PROVENANCE", "TABLES", "Table"]
