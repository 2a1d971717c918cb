"""Comparisons as scopes: with two comparisons whose aspects share names, the comparison is
picked first (explicit, else a library named, else the server's, else the default) and every
name is then resolved inside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.answer import AnswerKind
from bot.core.engine import Engine, UnknownComparison
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.query import Intent, Scope
from bot.core.render import to_text
from tests.conftest import SHIPPED_FILE

OTHER = "alpha-vs-beta"


def renamed(data: Any, keys: dict[str, str]) -> Any:
    """The comparison's data with its library keys renamed wherever they appear."""
    if isinstance(data, dict):
        return {keys.get(k, k): renamed(v, keys) for k, v in data.items()}
    if isinstance(data, list):
        return [renamed(v, keys) for v in data]
    return keys.get(data, data) if isinstance(data, str) else data


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The shipped comparison and a second one with the same aspects but other libraries."""
    folder: Path = tmp_path_factory.mktemp("two")
    shipped = yaml.safe_load(SHIPPED_FILE.read_text(encoding="utf-8"))
    keys = {lib["key"]: f"lib{index}" for index, lib in enumerate(shipped["libraries"])}
    other = renamed(shipped, keys)
    other["id"], other["title"] = OTHER, "Alpha vs. Beta"
    for lib, (name, aliases) in zip(
        other["libraries"],
        [("Alphalib", ["alphalib", "alpha"]), ("Betalib", ["betalib", "beta"])],
        strict=False,
    ):
        lib["name"], lib["aliases"] = name, aliases
    (folder / "a.yaml").write_text(SHIPPED_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.yaml").write_text(yaml.safe_dump(other, sort_keys=False), encoding="utf-8")
    return load_knowledge(folder)


@pytest.fixture(scope="module")
def engine(two: KnowledgeBase) -> Engine:
    return Engine(two)


def test_aspects_sharing_a_name_are_not_ambiguous(engine, two):
    first = two.comparisons[0]
    for command in ("!compare performance", "!compare perfomance", "!compare speed"):
        answer = engine.ask(command)
        assert answer.kind is AnswerKind.COMPARISON, command
        assert first.title in (answer.source or ""), command


def test_the_servers_comparison_answers_when_no_library_is_named(engine):
    scope = Scope(server_comparison=OTHER)
    for command in ("!compare perfomance", "!stats", "which is faster?"):
        answer = engine.ask(command, scope=scope)
        assert "Alpha vs. Beta" in (answer.source or ""), command
        assert "Alphalib" in to_text(answer), command
    assert engine.understand("!compare ease of use", scope).comparison == OTHER


def test_a_library_named_picks_its_comparison_over_the_servers(engine, two):
    keras_scope = Scope(server_comparison=two.comparisons[0].id)
    assert engine.understand("!pros betalib", keras_scope).comparison == OTHER
    assert engine.understand("!pros betlib", keras_scope).comparison == OTHER  # typo
    assert engine.understand("is alphalib faster than betalib?", keras_scope).comparison == OTHER
    answer = engine.ask("who develops betalib?", scope=keras_scope)
    assert answer.title.startswith("Betalib") and "Alpha vs. Beta" in (answer.source or "")
    assert engine.understand("!pros mxnet", Scope(server_comparison=OTHER)).comparison == "keras-vs-mxnet"


def test_an_explicit_comparison_wins(engine):
    scope = Scope(comparison=OTHER)
    assert engine.understand("!compare speed", scope).comparison == OTHER
    understood = engine.explain("which is faster?", scope)
    assert understood.query.comparison == OTHER and understood.chosen_by == "explicit"
    with pytest.raises(UnknownComparison, match="keras-vs-mxnet"):
        engine.understand("!stats", Scope(comparison="nope"))


def test_qualified_choice_values_resolve_in_their_comparison(engine):
    query = engine.understand("!pros alpha-vs-beta:lib1")
    assert (query.comparison, query.libraries, query.intent) == (OTHER, ("lib1",), Intent.PROS)
    query = engine.understand("!compare alpha-vs-beta:performance")
    assert (query.comparison, query.aspects) == (OTHER, ("performance",))


def test_a_default_library_applies_only_in_the_servers_comparison(engine):
    scope = Scope(server_comparison=OTHER, default_library="lib1")
    assert "Betalib" in to_text(engine.ask("!pros", scope=scope))
    assert "Alphalib" not in to_text(engine.ask("!pros", scope=scope))
    keras_pros = to_text(
        engine.ask("!pros", scope=Scope(comparison="keras-vs-mxnet", default_library="lib1"))
    )
    assert "Keras" in keras_pros and "MXNet" in keras_pros


def test_the_default_comparison_is_configurable(two):
    engine = Engine(two, default_comparison=OTHER)
    assert engine.understand("!compare speed").comparison == OTHER
    assert engine.explain("!stats").chosen_by == "default"
    with pytest.raises(UnknownComparison):
        Engine(two, default_comparison="nope")


def test_unknown_names_are_suggested_from_the_chosen_comparison_only(engine):
    answer = engine.ask("!pros fortran", scope=Scope(server_comparison=OTHER))
    assert answer.kind is AnswerKind.NOT_FOUND
    assert set(answer.suggestions) <= {"Alphalib", "Betalib"}
