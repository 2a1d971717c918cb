"""The free-form reader's named rules, each on its own: one question it must read, one
neighbouring question it must leave to another rule, and the query it builds."""

from __future__ import annotations

import pytest

from bot.core.answer import AnswerKind
from bot.core.engine import Engine
from bot.core.matching import EntityKind
from bot.core.query import Intent, Query
from bot.core.question import parse
from bot.core.reader import RULES, Reading, Rule, read
from bot.core.render import to_text

# rule name → (a question it reads, a question it must not read, the intent it gives); the
# follow-up rules read them after FOLLOWED (the conversation's previous question).
FOLLOWED = "what is mxnet's scalability rating"
FOLLOW_UPS = {
    "why",
    "source",
    "bare-asking-word",
    "another-library",
    "another-aspect",
    "more-on-the-aspect",
    "winner-on-the-aspect",
    "another-thing",
}
COMPARED_ON_WHAT_FIGURES_SPEAK_TO = "which one has the larger community"
SAID_WHO = "who develops mxnet"  # an answer giving who, for "who made that again"
EXAMPLES: dict[str, tuple[str, str, Intent]] = {
    "how-much-after-a-comparison": ("by how much?", "how much does keras cost?", Intent.STATS),
    "chat": ("hello there!", "hello, what are keras's pros?", Intent.CHAT),
    "kind-asked-of-the-last-answer": ("who made that again", "who made keras again", Intent.FACT),
    "another-language": (
        "wer hat mxnet entwickelt und warum?",
        "mxnet hai kaisa for scalability?",
        Intent.CHAT,
    ),
    "why": ("why?", "why is keras easier?", Intent.WHY),
    "source": ("where does it say that?", "where does keras run?", Intent.SOURCE),
    "bare-asking-word": ("ok and who?", "who else uses it?", Intent.ABOUT),
    "another-library": ("and keras's?", "and keras's backends?", Intent.COMPARE),
    "more-on-the-aspect": ("and on multiple gpus?", "what about performance?", Intent.COMPARE),
    "another-thing": ("and tensorflow?", "and tensorflow's cons?", Intent.NOT_COVERED),
    "another-aspect": (
        "what about performance?",
        "what about its performance in production?",
        Intent.COMPARE,
    ),
    "winner-on-the-aspect": ("so which one wins then?", "which one wins for a big cluster?", Intent.COMPARE),
    "quoted-from-the-source": (
        'the article says "scalability and flexibility make it a better choice" - of which?',
        'my friend says "keras is just a toy for beginners" - fair?',
        Intent.COMPARE,
    ),
    "recommendation": (
        "which should I use for distributed training",
        "which one should i go with",
        Intent.RECOMMEND,
    ),
    "aspects-side-by-side": (
        "how do they stack up on raw speed and on how huge they can scale",
        "how do they stack up on raw speed",
        Intent.COMPARE,
    ),
    "pros-or-cons": ("what are the cons of mxnet", "tell me about mxnet", Intent.CONS),
    "statistics": ("how many github stars does keras have", "who develops keras", Intent.STATS),
    "ratings-table": ("show me the ratings table", "show me the ratings for speed", Intent.COMPARE),
    "conclusion": ("what's the verdict", "which is faster", Intent.CONCLUSION),
    "aspect-ratings": ("which is faster", "who develops mxnet", Intent.COMPARE),
    "aspect-in-other-words": ("how do they rate on being intuitive", "is keras intuitive", Intent.COMPARE),
    "unrated-aspect": ("which one uses less memory", "which is faster", Intent.UNKNOWN),
    "what-it-is": ("what is keras exactly? a wrapper?", "what is keras exactly good at", Intent.ABOUT),
    "passage": ("who develops mxnet", "keras or mxnet", Intent.FACT),
    "help": ("what can you do", "what can keras do for me", Intent.HELP),
    "general-advice": ("which one should i go with", "what's the weather", Intent.CONCLUSION),
    "unknown-aspect": ("keras and mxnet licensing", "keras or mxnet", Intent.UNKNOWN),
    "one-or-the-other": ("keras or mxnet?", "keras or mxnet for speed?", Intent.CONCLUSION),
    "libraries-side-by-side": ("keras vs mxnet", "tell me about keras", Intent.COMPARE),
    "about-library": ("tell me about keras", "keras or mxnet", Intent.ABOUT),
    "picked-from-the-last-list": ("and the second one of those?", "and the second library?", Intent.FACT),
    "about-both": ("describe both libraries", "which of the two should i use", Intent.ABOUT),
    "the-last-fact-again": ("what does it give you", "what does keras give you", Intent.FACT),
    "likened-to-something-else": (
        "keras is like a lego set and mxnet is like a lathe",
        "is keras like mxnet?",
        Intent.ABOUT,
    ),
    "ratings-question": ("which is rated higher", "what's the weather", Intent.COMPARE),
    "off-topic": ("what's the weather", "which is rated higher", Intent.OFF_TOPIC),
}


def reading(engine: Engine, text: str, context: Query | None = None) -> Reading:
    return Reading(parse(text), engine.indexes[engine.default.id], context)


def context_for(engine: Engine, name: str) -> Query | None:
    if name == "how-much-after-a-comparison":
        return engine.understand(COMPARED_ON_WHAT_FIGURES_SPEAK_TO)
    if name == "kind-asked-of-the-last-answer":
        return engine.understand(SAID_WHO)
    if name == "picked-from-the-last-list":
        return engine.understand("what are keras's cons?")
    if name == "the-last-fact-again":  # a fact about a thing the source names (GPUs)
        return engine.understand("can keras train on several gpus?")
    return engine.understand(FOLLOWED) if name in FOLLOW_UPS else None


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
    rule, query = read(reading(engine, question, context_for(engine, name)))
    assert rule.name == name
    assert query.intent is intent
    assert query.comparison == engine.default.id
    assert query.text == question


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_rule_leaves_its_neighbour_to_another_rule(engine, name):
    _, neighbour, _ = EXAMPLES[name]
    fired, _ = read(reading(engine, neighbour, context_for(engine, name)))
    assert fired.name != name


def test_recommendation_names_the_library_for_the_situation(engine):
    rec = engine.default.conclusion.recommendations[0]
    query = rule_named("recommendation").build(reading(engine, f"which should I pick for {rec.keywords[0]}"))
    assert query.recommended == rec.library


def test_pros_or_cons_of_an_unknown_library_is_refused_suggesting_only_a_near_name(engine):
    query = rule_named("pros-or-cons").build(reading(engine, "what are the cons of fortran"))
    assert query.intent is Intent.UNKNOWN and query.unknown_kind is EntityKind.LIBRARY
    assert query.unknown == "fortran" and query.suggestions == ()
    near = rule_named("pros-or-cons").build(reading(engine, "what are the cons of mxnet2000"))
    assert near.suggestions == ("MXNet",)


def test_statistics_keeps_the_metric_asked_about(engine):
    stat = engine.default.statistics.items[0]
    query = rule_named("statistics").build(reading(engine, f"what about {stat.keywords[0]} numbers"))
    assert stat.metric in query.metrics


def test_a_passage_answers_in_the_words_of_its_text(engine):
    library = engine.default.library("mxnet")
    fact = next(f for f in library.facts if f.topic == "Programming languages")
    query = rule_named("passage").build(reading(engine, "can i write mxnet code in julia?"))
    assert query.facts == (fact,) and not query.fact_elsewhere


def test_the_subjects_own_passage_answers(engine):
    query = rule_named("passage").build(reading(engine, "does mxnet have estimators like keras"))
    assert {key for key, _ in query.items} == {"mxnet"}


def test_only_another_librarys_passage_is_not_the_answer(engine):
    rule, query = read(reading(engine, "can keras run on an fpga"))
    assert (rule.name, query.intent) == ("passage", Intent.NOT_COVERED)
    assert query.suggestions == ("MXNet — Hardware and platforms",)


def test_an_unknown_aspect_names_the_aspects_and_suggests_none_far_from_it(engine):
    for question in ("compare keras and mxnet on pricing", "keras and mxnet pricing"):
        query = read(reading(engine, question))[1]
        assert query.unknown == "pricing" and query.unknown_kind is EntityKind.ASPECT, question
        assert query.suggestions == ()
        shown = to_text(engine.answer(query), markdown=False)
        assert all(a.name in shown for a in engine.default.aspects)


def test_comparing_with_a_library_the_source_lacks_names_it(engine):
    query = read(reading(engine, "how does tensorflow compare to pytorch"))[1]
    assert (query.intent, query.unknown, query.unknown_kind) == (
        Intent.UNKNOWN,
        "pytorch",
        EntityKind.LIBRARY,
    )


def test_about_library_names_the_library(engine):
    query = rule_named("about-library").build(reading(engine, "tell me about mxnet"))
    assert query.libraries == ("mxnet",)


def test_a_weak_alias_gives_way_to_another_aspect(engine):
    weak = next(a for a in engine.default.aspects if a.weak_aliases)
    other = next(a for a in engine.default.aspects if a is not weak)
    r = reading(engine, f"is it {weak.weak_aliases[0]} to get good {other.name}")
    assert r.aspects == (other.key,)


def test_follow_ups_need_a_conversation(engine):
    for name in FOLLOW_UPS - {"why"}:
        fired, _ = read(reading(engine, EXAMPLES[name][0]))
        assert fired.name != name


def test_why_without_a_conversation_says_there_is_nothing_to_explain(engine):
    answer = engine.ask(EXAMPLES["why"][0])
    assert answer.kind is AnswerKind.CHAT and answer.title == "Nothing to explain yet"


def test_another_library_keeps_the_aspect_asked_about(engine):
    query = rule_named("another-library").build(reading(engine, "and keras's?", engine.understand(FOLLOWED)))
    assert (query.aspects, query.libraries) == (("scalability",), ("keras",))


def test_another_library_without_the_fact_is_not_covered(engine):
    before = engine.understand("who develops mxnet")
    query = rule_named("another-library").build(reading(engine, "and keras?", before))
    assert query.intent is Intent.NOT_COVERED and "Who develops it" in query.unknown


def test_a_pronoun_refers_to_the_previous_library(engine):
    r = reading(engine, "what are its cons", engine.understand("!about keras"))
    assert r.libraries == ("keras",) and r.named_libraries == ()


def test_why_and_source_refer_to_the_previous_question(engine):
    before = engine.understand(FOLLOWED)
    for name in ("why", "source"):
        query = rule_named(name).build(reading(engine, EXAMPLES[name][0], before))
        assert query.previous == before


def test_chat_kinds(engine):
    assert read(reading(engine, "thanks, that helped"))[1].chat == "thanks"
    assert read(reading(engine, "hey!"))[1].chat == "greeting"
    assert read(reading(engine, "how are you?"))[1].chat == "small_talk"


def test_questions_the_source_does_not_answer_are_not_covered(engine):
    for question in (
        "is keras free for commercial use?",
        "what license is mxnet under",
        "can keras train on a tpu",
    ):
        rule, query = read(reading(engine, question))
        assert query.intent is Intent.NOT_COVERED, (question, rule.name)
        assert query.unknown == question


def test_aspect_ratings_are_no_answer_to_what_the_source_never_mentions(engine):
    rule, query = read(reading(engine, "how fast does mxnet compile"))
    assert (rule.name, query.intent) == ("aspect-ratings", Intent.NOT_COVERED)
    assert query.suggestions == ("the Performance ratings",)
    assert read(reading(engine, "how fast is mxnet"))[1].intent is Intent.COMPARE


def test_another_library_gets_the_same_question_answered_for_it(engine):
    before = engine.understand("does mxnet do distributed training")
    query = rule_named("another-library").build(reading(engine, "and keras?", before))
    assert query.intent is Intent.FACT and query.libraries == ("keras",)
    said = [f.text for f in query.facts] + [item.text for _, item in query.items]
    assert said and all("distributed" in text for text in said), said


def test_a_prefixed_command_word_forgives_one_slip(engine):
    for typed in ("!comapre speed", "!prso keras", "!abuot mxnet"):
        assert engine.understand(typed).intent in {Intent.COMPARE, Intent.PROS, Intent.ABOUT}, typed
    assert engine.understand("!prsoe keras").intent is not Intent.PROS  # two slips: not a command


def test_a_long_prefixed_command_word_forgives_two_slips(engine):
    assert engine.understand("!compair performance").intent is Intent.COMPARE
    assert engine.understand("!compute").intent is not Intent.COMPARE  # an English word


def test_a_question_complete_on_its_own_ignores_the_conversation(engine):
    alone = engine.understand("which is better for beginners?")
    after = engine.understand("which is better for beginners?", context=engine.understand("!about keras"))
    assert after == alone
    assert read(reading(engine, "scalability?", engine.understand(FOLLOWED)))[0].name == "another-aspect"


def test_a_question_continuing_the_last_keeps_its_library(engine):
    before = engine.understand("!pros keras")
    for follow_up in ("and the cons?", "what about the cons", "how about its cons"):
        query = engine.understand(follow_up, context=before)
        assert (query.intent, query.libraries) == (Intent.CONS, ("keras",)), follow_up
    assert engine.understand("the cons?", context=before).libraries == ("keras",)
    assert engine.understand("which has more cons?", context=before).libraries == ()
