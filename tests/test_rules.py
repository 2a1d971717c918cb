"""The free-form reader's named rules, each on its own: one question it must read, one
neighbouring question it must leave to another rule, and the query it builds."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.matching import EntityKind
from bot.query import Intent
from bot.reader import RULES, Reading, Rule, read
from bot.text import normalise

# rule name → (a question it reads, a question it must not read, the intent it gives)
EXAMPLES: dict[str, tuple[str, str, Intent]] = {
    "recommendation": (
        "which should I use for distributed training",
        "which one should i go with",
        Intent.RECOMMEND,
    ),
    "pros-or-cons": ("what are the cons of mxnet", "tell me about mxnet", Intent.CONS),
    "statistics": ("how many github stars does keras have", "who develops keras", Intent.STATS),
    "ratings-table": ("show me the ratings table", "show me the ratings for speed", Intent.COMPARE),
    "conclusion": ("what's the verdict", "which is faster", Intent.CONCLUSION),
    "aspect-ratings": ("which is faster", "who develops mxnet", Intent.COMPARE),
    "own-pro-or-con": ("does mxnet have estimators like keras", "keras flexibility", Intent.FACT),
    "fact": ("who develops mxnet", "keras flexibility", Intent.FACT),
    "pro-or-con": ("keras flexibility", "who develops mxnet", Intent.FACT),
    "help": ("what can you do", "what can keras do for me", Intent.HELP),
    "general-advice": ("which one should i go with", "what's the weather", Intent.CONCLUSION),
    "unknown-aspect": ("compare keras and mxnet on pricing", "keras or mxnet", Intent.UNKNOWN),
    "libraries-side-by-side": ("keras or mxnet", "tell me about keras", Intent.COMPARE),
    "about-library": ("tell me about keras", "keras or mxnet", Intent.ABOUT),
    "ratings-question": ("which is rated higher", "what's the weather", Intent.COMPARE),
    "off-topic": ("what's the weather", "which is rated higher", Intent.OFF_TOPIC),
}


def reading(engine: Engine, text: str) -> Reading:
    return Reading(text, tuple(normalise(text).split()), engine.indexes[engine.default.id])


def rule_named(name: str) -> Rule:
    return next(rule for rule in RULES if rule.name == name)


def test_every_rule_has_an_example_and_names_are_unique():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert set(names) == set(EXAMPLES), "a new rule needs an example here"
    assert RULES[-1].applies(None)  # type: ignore[arg-type]  # the catch-all needs no reading


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_rule_reads_its_example_and_builds_its_intent(engine, name):
    question, _, intent = EXAMPLES[name]
    rule, query = read(reading(engine, question))
    assert rule.name == name
    assert query.intent is intent
    assert query.comparison == engine.default.id
    assert query.text == question


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_rule_leaves_its_neighbour_to_another_rule(engine, name):
    _, neighbour, _ = EXAMPLES[name]
    fired, _ = read(reading(engine, neighbour))
    assert fired.name != name


def test_recommendation_names_the_library_for_the_situation(engine):
    rec = engine.default.conclusion.recommendations[0]
    query = rule_named("recommendation").build(reading(engine, f"which should I pick for {rec.keywords[0]}"))
    assert query.recommended == rec.library


def test_pros_or_cons_of_an_unknown_library_is_refused_with_the_libraries(engine):
    query = rule_named("pros-or-cons").build(reading(engine, "what are the cons of fortran"))
    assert query.intent is Intent.UNKNOWN and query.unknown_kind is EntityKind.LIBRARY
    assert query.unknown == "fortran"
    assert query.suggestions == tuple(lib.name for lib in engine.default.libraries)


def test_statistics_keeps_the_metric_asked_about(engine):
    stat = engine.default.statistics.items[0]
    query = rule_named("statistics").build(reading(engine, f"what about {stat.keywords[0]} numbers"))
    assert stat.metric in query.metrics


def test_fact_of_the_library_asked_about(engine):
    library = engine.default.libraries[-1]
    fact = library.facts[0]
    query = rule_named("fact").build(reading(engine, f"{fact.keywords[0]} of {library.name}"))
    assert query.facts == (fact,) and not query.fact_elsewhere


def test_own_pro_or_con_is_the_subjects(engine):
    query = rule_named("own-pro-or-con").build(reading(engine, "does mxnet have estimators like keras"))
    assert {key for key, _ in query.items} == {"mxnet"}


def test_unknown_aspect_offers_the_aspects(engine):
    query = rule_named("unknown-aspect").build(reading(engine, "compare keras and mxnet on pricing"))
    assert query.unknown == "pricing" and query.unknown_kind is EntityKind.ASPECT
    assert query.suggestions == tuple(a.name for a in engine.default.aspects)


def test_about_library_names_the_library(engine):
    query = rule_named("about-library").build(reading(engine, "tell me about mxnet"))
    assert query.libraries == ("mxnet",)


def test_a_weak_alias_gives_way_to_another_aspect(engine):
    weak = next(a for a in engine.default.aspects if a.weak_aliases)
    other = next(a for a in engine.default.aspects if a is not weak)
    r = reading(engine, f"is it {weak.weak_aliases[0]} to get good {other.name}")
    assert r.aspects == (other.key,)
