"""The parse context: one country resolver shared by the files of a store while its crosswalk is unchanged."""

from __future__ import annotations

import pytest

from multivector.codes.resolver import CountryResolver
from multivector.rejects import RowProblem
from multivector.sources.base import ParseContext, SharedResolver
from multivector.store import Store
from tests.conftest import load_codes

QUESTIONS = [
    ("Kazakhstan", "name", 2000, "reporter"),
    ("Kazakhstan", "name", 1985, "reporter"),
    ("Soviet Union", "name", 1985, "partner"),
    ("Soviet Union", "name", 2000, "partner"),
    ("365", "cow", 1991, "ccode"),
    ("365", "cow", 1992, "ccode"),
    ("Mars", "name", 2000, "partner"),
    ("Kazakstan", "name", 2000, "reporter"),
    ("КAZ", "iso3", 2000, "code"),
    ("Oʻzbekiston", "name", None, None),
]


def answer(resolver: CountryResolver, question: tuple):
    try:
        return resolver.resolve(*question)
    except RowProblem as problem:
        return (problem.reason, problem.message, problem.column, problem.suggestion)


def test_the_shared_resolver_answers_as_the_crosswalks_own(store):
    own, shared = CountryResolver.from_store(store), ParseContext(store, "a.csv").resolver
    assert isinstance(shared, SharedResolver)
    assert [answer(shared, q) for q in QUESTIONS * 2] == [answer(own, q) for q in QUESTIONS * 2]
    assert {type(answer(own, q)) for q in QUESTIONS} == {str, tuple}  # both answers and problems asked


def test_a_remembered_problem_keeps_no_traceback_and_is_raised_afresh(store):
    resolver = ParseContext(store, "a.csv").resolver
    raised = []
    for _ in range(2):
        with pytest.raises(RowProblem) as caught:
            resolver.resolve("Mars", "name", 2000, "partner")
        raised.append(caught.value)
    assert raised[0] is not raised[1] and raised[0].message == raised[1].message
    remembered = [found for found in resolver._memo.values() if isinstance(found, RowProblem)]
    assert remembered and all(found.__traceback__ is None for found in remembered)


def test_files_share_the_resolver_until_the_crosswalk_changes(store, data_dir, tmp_path):
    first = ParseContext(store, "a.csv").resolver
    assert ParseContext(store, "b.csv").resolver is first
    with pytest.raises(RowProblem):
        first.resolve("Qazaqstan", "name", 2000, "partner")
    names = data_dir / "codes" / "names.csv"
    names.write_text(names.read_text(encoding="utf-8") + "name,Qazaqstan,KAZ,,,Kazakh name\n", encoding="utf-8")
    load_codes(store, data_dir)
    changed = ParseContext(store, "c.csv").resolver
    assert changed is not first and changed.resolve("Qazaqstan", "name", 2000, "partner") == "KAZ"
    with Store(tmp_path / "other.duckdb") as other:
        load_codes(other, data_dir)
        assert ParseContext(other, "a.csv").resolver is not changed


def test_a_crosswalk_edited_outside_an_ingest_builds_a_new_resolver(store):
    first = ParseContext(store, "a.csv").resolver
    store.con.execute("DELETE FROM country_codes WHERE scheme = 'name' AND code = 'Kazakhstan'")
    after = ParseContext(store, "b.csv").resolver
    assert after is not first
    with pytest.raises(RowProblem, match="not a known"):
        after.resolve("Kazakhstan", "name", 2000, "reporter")
