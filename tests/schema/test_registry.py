"""The schema registry: every column defined once, every table creatable, provenance everywhere."""

import duckdb
import pytest

from multivector.schema import FIELDS, PROVENANCE, TABLES


def test_every_table_field_is_defined_once_in_the_registry():
    for table in TABLES.values():
        assert len(set(table.fields)) == len(table.fields), table.name
        assert set(table.fields) <= FIELDS.keys(), table.name
        assert set(table.primary_key) <= set(table.fields), table.name


def test_every_field_has_a_unit_and_a_description():
    for field in FIELDS.values():
        assert field.unit and field.description, field.name


def test_data_tables_carry_provenance_and_flows_have_the_required_columns():
    for name in ("entities", "country_codes", "states", "poles", "flows", "facts"):
        assert set(PROVENANCE) <= set(TABLES[name].fields), name
    assert {"year", "reporter", "partner", "channel", "value", "unit", "is_estimate", "is_mirror"} <= set(
        TABLES["flows"].fields
    )


def test_the_ddl_creates_tables_that_enforce_their_primary_key():
    con = duckdb.connect()
    for table in TABLES.values():
        con.execute(table.ddl())
    con.execute("INSERT INTO sources (source_id, source_version) VALUES ('a', '1')")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO sources (source_id, source_version) VALUES ('a', '2')")
