"""`Query` and `Scope` key caches on every message, so each works out its hash once and keeps it
(`bot.core.query.hash_once`). That kept hash must behave exactly like a dataclass's own: equal
values hash equal however they were made, a `dataclasses.replace` copy gets a hash of its
own values (never the original's), and keeping it changes neither equality nor the fields."""

from __future__ import annotations

from dataclasses import asdict, fields, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.query import ANYWHERE, Intent, Query, Scope

COMPARISON = "keras-vs-mxnet"
QUESTIONS = ["!pros keras", "!compare speed", "!stats", "what backends does mxnet support?", "why?"]


def pros(library: str = "keras") -> Query:
    return Query(Intent.PROS, COMPARISON, text=library, libraries=(library,))


def test_equal_queries_made_apart_hash_equal():
    first, second = pros(), pros()
    assert first is not second and first == second
    assert hash(first) == hash(second)
    assert hash(first) == hash(first), "kept, and the same every time"


def test_equal_queries_hash_equal_whichever_was_hashed_first():
    hashed = pros()
    kept = hash(hashed)
    fresh = pros()
    assert hash(fresh) == kept


def test_replace_gives_a_hash_of_the_new_values_not_the_originals():
    original = pros("keras")
    hash(original)  # now kept on the instance
    changed = replace(original, libraries=("mxnet",), text="mxnet")
    assert changed == pros("mxnet") and changed != original
    assert hash(changed) == hash(pros("mxnet"))
    assert hash(changed) != hash(original)
    same = replace(original)
    assert same == original and same is not original and hash(same) == hash(original)


def test_a_hashed_query_is_a_dict_and_set_key_found_by_equal_ones():
    key = pros()
    answers = {key: "kept"}  # hashes it
    assert answers[pros()] == "kept"
    assert pros() in {key} and pros("mxnet") not in answers
    answers[replace(key)] = "replaced"
    assert answers == {key: "replaced"}, "an equal copy is the same key"


def test_the_kept_hash_is_no_field_and_changes_no_comparison():
    hashed, fresh = pros(), pros()
    hash(hashed)
    assert hashed == fresh and fresh == hashed
    assert [f.name for f in fields(hashed)] == [f.name for f in fields(Query)]
    assert asdict(hashed) == asdict(fresh)
    assert "_hash" not in repr(hashed)


def test_a_follow_up_hashes_with_the_question_it_refers_to():
    first = pros()
    why = Query(Intent.WHY, COMPARISON, text="why?", previous=first)
    again = Query(Intent.WHY, COMPARISON, text="why?", previous=pros())
    assert why == again and hash(why) == hash(again)
    other = Query(Intent.WHY, COMPARISON, text="why?", previous=pros("mxnet"))
    assert {why: 1, other: 2}[again] == 1


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_engines_queries_are_keys_like_equal_copies(engine, question):
    """Queries as the engine builds them (facts, items, suggestions and all)."""
    query = engine.understand(question, ANYWHERE, context=pros())
    copy = replace(query)
    assert copy == query and hash(copy) == hash(query)
    assert {query: question}[copy] == question


def test_scopes_hash_like_their_values():
    assert Scope() == ANYWHERE and hash(Scope()) == hash(ANYWHERE)
    hash(ANYWHERE)
    server = replace(ANYWHERE, server_comparison=COMPARISON)
    assert hash(server) == hash(Scope(server_comparison=COMPARISON)) != hash(ANYWHERE)
    assert {server: "server"}[Scope(server_comparison=COMPARISON)] == "server"


names = st.none() | st.text(max_size=12)


@given(names, names, names, names)
def test_scopes_equal_exactly_when_made_of_equal_values(comparison, server, library, other):
    scope = Scope(comparison, server, library)
    hash(scope)
    assert hash(Scope(comparison, server, library)) == hash(scope)
    moved = replace(scope, default_library=other)
    assert hash(moved) == hash(Scope(comparison, server, other))
    assert (moved == scope) == (other == library)
