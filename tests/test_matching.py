"""Entity resolution: typos, aliases, spacing, ambiguity, unknowns, autocomplete."""

from __future__ import annotations

import pytest

from bot.core.knowledge import load_knowledge
from bot.core.matching import MAX_CHOICES, EntityKind, Matcher

LIB, ASPECT = EntityKind.LIBRARY, EntityKind.ASPECT


@pytest.fixture(scope="module")
def matcher(kb) -> Matcher:
    return Matcher(kb)


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("mxnt", LIB, "mxnet"),
        ("MXNET", LIB, "mxnet"),
        ("mx net", LIB, "mxnet"),
        ("mx-net", LIB, "mxnet"),
        ("Apache MXNet", LIB, "mxnet"),
        ("kears", LIB, "keras"),
        ("  Keras ", LIB, "keras"),
        ("scalibility", ASPECT, "scalability"),
        ("scalabilty", ASPECT, "scalability"),
        ("preformance", ASPECT, "performance"),
        ("ease_of_use", ASPECT, "ease-of-use"),
        ("Ease-Of-Use", ASPECT, "ease-of-use"),
        ("speed", ASPECT, "performance"),
        ("perf", ASPECT, "performance"),
        ("usability", ASPECT, "ease-of-use"),
        ("learning curve", ASPECT, "ease-of-use"),
        ("community", ASPECT, "ecosystem"),
        ("scal", ASPECT, "scalability"),
    ],
)
def test_resolves_typos_aliases_and_spacing(matcher, text, kind, key):
    resolution = matcher.resolve(text, kind)
    assert resolution.entity is not None and resolution.entity.key == key


@pytest.mark.parametrize(
    ("text", "kind"), [("pytorch", LIB), ("caffe", LIB), ("pizza", ASPECT), ("banana", ASPECT)]
)
def test_a_name_far_from_every_name_gets_no_suggestion(matcher, text, kind):
    resolution = matcher.resolve(text, kind)
    assert resolution.entity is None and resolution.suggestions == ()


def test_a_name_near_one_name_gets_it_as_suggestion(matcher):
    resolution = matcher.resolve("mxnet2000", LIB)
    assert resolution.entity is None and [e.key for e in resolution.suggestions] == ["mxnet"]


def test_a_name_of_the_other_kind_does_not_resolve(matcher):
    assert matcher.resolve("keras", ASPECT).entity is None
    assert matcher.resolve("performance", LIB).entity is None


def test_ambiguous_argument_offers_the_candidates(knowledge_variant):
    def two_close_aliases(d):
        d["aspects"][0]["aliases"].append("datarate")
        d["aspects"][1]["aliases"].append("datagate")

    matcher = Matcher(load_knowledge(knowledge_variant(two_close_aliases)))
    resolution = matcher.resolve("datazate", ASPECT)
    assert resolution.ambiguous and resolution.entity is None
    assert {e.key for e in resolution.suggestions} == {"performance", "scalability"}


def test_mentions_in_a_sentence_in_order(matcher):
    found = matcher.mentions(tuple(["is", "mxnt", "faster", "than", "kears"]))
    assert [e.key for e in found] == ["mxnet", "performance", "keras"]


def test_mentions_ignore_words_that_are_not_names(matcher):
    assert matcher.mentions(tuple(["what", "is", "the", "capital", "of", "france"])) == ()


@pytest.mark.parametrize(
    ("typed", "first"),
    [("sp", "performance"), ("scal", "scalability"), ("eas", "ease-of-use"), ("comm", "ecosystem")],
)
def test_autocomplete_ranks_the_intended_aspect_first(matcher, typed, first):
    assert matcher.complete(typed, ASPECT)[0].key == first


def test_autocomplete_empty_lists_all_within_discord_limit(matcher):
    assert [e.key for e in matcher.complete("", LIB)] == ["keras", "mxnet"]
    assert len(matcher.complete("", ASPECT)) == 4
    assert len(matcher.complete("e", ASPECT)) <= MAX_CHOICES
