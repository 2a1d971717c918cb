"""The answer engine, on the pinned keras-vs-mxnet fixture: every command over every library
and aspect, free-form intents, honesty about what it does not know, and Discord's limits on
whatever comes in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answer import AnswerKind
from bot.core.query import Intent, Scope
from bot.core.render import to_text
from bot.core.settings import AnswerLength, Presentation
from tests.conftest import PINNED_FILE, engine_over
from tests.discord_limits import assert_fits_discord

COMPARISON = engine_over(PINNED_FILE).kb.default
LIBRARIES = COMPARISON.libraries
ASPECTS = COMPARISON.aspects


def text_of(engine, question: str, **kwargs) -> str:
    return to_text(engine.ask(question, **kwargs))


# Commands -------------------------------------------------------------------------------------


@pytest.mark.parametrize("aspect", ASPECTS, ids=lambda a: a.key)
@pytest.mark.parametrize("prefix", ["!", "/", ""])
def test_compare_each_aspect_shows_both_ratings_text_and_section(engine, aspect, prefix):
    answer = engine.ask(f"{prefix}compare {aspect.key}")
    text = to_text(answer)
    assert answer.kind is AnswerKind.COMPARISON
    for lib in LIBRARIES:
        assert f"{lib.name} — {aspect.ratings[lib.key]}" in text
        assert aspect.details[lib.key].split(". ")[0] in text
    assert answer.source and aspect.section in answer.source
    reasons = to_text(engine.ask("why?", context=engine.understand(f"{prefix}compare {aspect.key}")))
    assert aspect.text in reasons and all(aspect.details[lib.key] in reasons for lib in LIBRARIES)
    assert [f.rating.text for f in answer.fields if f.rating] == [
        aspect.ratings[lib.key] for lib in LIBRARIES
    ]


def test_ease_of_use_shows_ratings_as_printed_and_the_contradiction(engine):
    answer = engine.ask("!compare ease of use")
    assert "Keras — Moderate" in to_text(answer) and "MXNet — High" in to_text(answer)
    assert any("contradicts" in note.plain for note in answer.notes)
    assert not any("contradicts" in note.plain for note in engine.ask("!compare ecosystem").notes)


def test_compare_without_aspect_is_the_whole_table(engine):
    answer = engine.ask("!compare")
    assert answer.kind is AnswerKind.OVERVIEW
    assert [f.name for f in answer.fields] == [a.name for a in ASPECTS]
    for aspect in ASPECTS:
        for lib in LIBRARIES:
            assert f"{lib.name}: {aspect.ratings[lib.key]}" in to_text(answer)


@pytest.mark.parametrize("lib", LIBRARIES, ids=lambda lib: lib.key)
@pytest.mark.parametrize("command", ["pros", "cons"])
def test_pros_and_cons_of_each_library_are_that_library_only(engine, lib, command):
    text = text_of(engine, f"!{command} {lib.key}")
    own = lib.pros if command == "pros" else lib.cons
    other = lib.cons if command == "pros" else lib.pros
    assert all(item.title in text and item.text in text for item in own)
    assert not any(item.title in text for item in other)
    assert f"Pros and Cons › {lib.name}" in text


@pytest.mark.parametrize("command", ["pros", "cons", "about"])
def test_library_commands_without_argument_cover_both_or_the_default(engine, command):
    both = text_of(engine, command)
    assert all(lib.name in both for lib in LIBRARIES)
    only = engine.ask(command, scope=Scope(default_library=LIBRARIES[1].key))
    assert LIBRARIES[1].name in only.title and LIBRARIES[0].name not in only.title


@pytest.mark.parametrize("lib", LIBRARIES, ids=lambda lib: lib.key)
def test_about_each_library(engine, lib):
    answer = engine.ask(f"about {lib.name}")
    assert answer.kind is AnswerKind.ABOUT and lib.overview.startswith(answer.summary.plain)
    assert all(f"{a.name}: {a.ratings[lib.key]}" in to_text(answer) for a in ASPECTS)


def test_stats_lists_every_figure(engine):
    text = text_of(engine, "!stats")
    assert all(s.value in text for s in COMPARISON.statistics.items)


def test_help_and_empty_input_give_usage(engine):
    for question in ["help", "!help", "", "   ", "!"]:
        answer = engine.ask(question)
        assert answer.kind is AnswerKind.HELP
        assert "compare" in to_text(answer) and "pros" in to_text(answer)


# Free-form questions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind", "expected"),
    [
        ("which is better for beginners?", AnswerKind.RECOMMENDATION, "Recommendation: Keras"),
        ("which is easier to learn?", AnswerKind.COMPARISON, "Ease of Use: Keras vs. MXNet"),
        (
            "I'm a student, which one should I pick?",
            AnswerKind.RECOMMENDATION,
            "Recommendation: Keras",
        ),
        (
            "which should I use for distributed training?",
            AnswerKind.RECOMMENDATION,
            "Recommendation: MXNet",
        ),
        (
            "we need to train huge models on a cluster, keras or mxnet?",
            AnswerKind.RECOMMENDATION,
            "Recommendation: MXNet",
        ),
        ("what languages does MXNet support?", AnswerKind.FACT, "Julia"),
        ("can I write mxnet code in julia", AnswerKind.FACT, "Julia"),
        ("how many GitHub stars does Keras have?", AnswerKind.STATS, "over 100,000"),
        ("what share of projects use mxnet", AnswerKind.STATS, "21%"),
        ("what backends can keras run on", AnswerKind.FACT, "Theano"),
        ("does mxnet run on fpgas", AnswerKind.FACT, "FPGA"),
        ("is mxnet made by amazon", AnswerKind.FACT, "AWS"),
        ("does mxnet have autograd", AnswerKind.FACT, "automatic differentiation"),
        ("which is faster?", AnswerKind.COMPARISON, "Very High"),
        (
            "how scalable is keras",
            AnswerKind.COMPARISON,
            "Keras's Scalability rating: **Moderate**",
        ),
        ("mxnet usability rating", AnswerKind.COMPARISON, "MXNet's Ease of Use rating: **High**"),
        ("what are the advantages of keras", AnswerKind.PROS, "Large community"),
        ("mxnet drawbacks?", AnswerKind.CONS, "Steeper learning curve"),
        ("is keras flexible", AnswerKind.FACT, "Limited flexibility"),
        ("what's the verdict", AnswerKind.CONCLUSION, "Choose MXNet when"),
        ("keras vs mxnet", AnswerKind.OVERVIEW, "Extensive"),
        ("tell me about keras", AnswerKind.ABOUT, "high-level neural networks API"),
        ("best library for someone just starting out?", AnswerKind.RECOMMENDATION, "Recommendation: Keras"),
        ("give me the ratings table", AnswerKind.OVERVIEW, "Growing"),
        ("what is the best deep learning library", AnswerKind.CONCLUSION, "Choose Keras when"),
        (
            "how does tensorflow compare to pytorch",
            AnswerKind.NOT_FOUND,
            "I don't have anything on “pytorch”",
        ),
        ("list the pros and cons of mxnet", AnswerKind.PROS_AND_CONS, "Steeper learning curve"),
        ("strengths and weaknesses of keras?", AnswerKind.PROS_AND_CONS, "Limited flexibility"),
        ("pros and cons?", AnswerKind.PROS_AND_CONS, "Con: Limited pre-built estimators"),
        ("is it easy to find tutorials for keras", AnswerKind.COMPARISON, "resources and tutorials"),
        ("why is keras faster on simple tasks", AnswerKind.COMPARISON, "simple deep learning tasks"),
        ("does mxnet run on fpga or just gpu", AnswerKind.FACT, "FPGA"),
        ("does mxnet have automatic differentation?", AnswerKind.FACT, "automatic differentiation"),
        (
            "does mxnet have pre-built estimators like keras does",
            AnswerKind.FACT,
            "Limited pre-built estimators",
        ),
        ("hey bot, what % of dl projects use mxnet", AnswerKind.STATS, "21%"),
        ("is mxnet adoption growing", AnswerKind.STATS, "growing rapidly"),
        ("how do keras and mxnet compare on pricing?", AnswerKind.NOT_FOUND, "not an aspect I know"),
    ],
)
def test_free_form_questions_get_the_fact_asked_for(engine, question, kind, expected):
    answer = engine.ask(question)
    assert answer.kind is kind, to_text(answer)
    assert expected in to_text(answer)


def test_a_fact_the_article_gives_only_for_the_other_library_is_not_passed_off_as_the_answer(engine):
    answer = engine.ask("who develops keras")
    assert answer.kind is AnswerKind.NOT_COVERED
    assert "doesn't cover that." in answer.summary.plain
    assert "who develops keras" not in answer.summary.plain, "the question is not echoed back"
    assert "AWS" not in to_text(answer), "another library's fact is no answer"
    assert "MXNet — Who develops it" in answer.summary.plain


def test_later_notes_are_marked_as_not_from_the_article(engine):
    answer = engine.ask("about mxnet")
    assert answer.notes and all(note.plain.startswith("Not from the article (") for note in answer.notes)
    assert "Not from the article" not in to_text(engine.ask("!compare performance"))


@pytest.mark.parametrize(
    "question",
    [
        "what is the capital of France",
        "how do I bake bread?",
        "what's the weather like tomorrow",
        "asdf qwerty",
        "who is the president of the united states",
    ],
)
def test_off_topic_questions_answer_with_no_fact(engine, question):
    answer = engine.ask(question)
    assert not answer.found
    text = to_text(answer)
    assert not any(a.ratings[lib.key] in text for a in ASPECTS for lib in LIBRARIES)
    assert "knowledge base" in text


@pytest.mark.parametrize(
    ("question", "suggested"),
    [
        ("!pros pytorch", ()),
        ("what are the cons of caffe", ()),
        ("!compare banana", ()),
        ("!about tensorflow2", ()),
        ("!pros mxnet2000", ("MXNet",)),
    ],
)
def test_unknown_names_are_refused_suggesting_only_near_names(engine, question, suggested):
    answer = engine.ask(question)
    assert answer.kind is AnswerKind.NOT_FOUND
    assert answer.suggestions == suggested
    assert not any(item.title in to_text(answer) for lib in LIBRARIES for item in (*lib.pros, *lib.cons))


def test_typo_in_a_command_still_answers(engine):
    assert engine.ask("!pros mxnt").title == "Pros: MXNet"
    assert engine.ask("!compare scalibility").title.startswith("Scalability")
    assert engine.ask("compare keras and mxnet on speed").title.startswith("Performance")


def test_echoed_user_text_cannot_ping(engine):
    answer = engine.ask("!pros @everyone <@123> <@&456>")
    text = to_text(answer)
    assert "@everyone" not in text and "<@123>" not in text and "<@&456>" not in text


def test_run_matches_ask(engine):
    for command in ("compare", "pros", "cons", "about", "stats"):
        for argument in ("", "mxnet", "speed"):
            assert engine.run(command, argument) == engine.ask(f"{command} {argument}")


# Properties ------------------------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123>",
        "<@&9>",
        "<#5>",
        "```",
        "**",
        "\u200b",
        "\u202e",
        "\n",
        "keras",
        "mxnet",
        "speed",
        "!compare",
        "pros",
        "’",
        "ß",
        "İ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=12).map(" ".join))
def test_any_text_answers_within_limits_and_never_pings(engine, question):
    answer = engine.ask(question)
    assert_fits_discord(answer)
    for mention in ("@everyone", "@here"):
        assert mention not in to_text(answer)


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=40).map(lambda chunk: (chunk * 10_000)[:10_000]))
def test_huge_inputs_never_raise(engine, question):
    assert_fits_discord(engine.ask(question))
    assert_fits_discord(engine.ask("!compare " + question))


def test_every_answer_names_its_source(engine):
    for question in [
        "!compare speed",
        "!pros keras",
        "!cons mxnet",
        "!about keras",
        "!stats",
        "conclusion?",
        "which is better for beginners?",
        "who develops mxnet",
    ]:
        assert engine.ask(question).source.startswith(COMPARISON.title)


def test_a_full_answer_length_says_every_sentence_of_the_reasons(engine):
    """A server's presentation reaches the composer; short and full answers are kept apart."""
    full = Presentation(answer_length=AnswerLength.FULL)
    short_answer = text_of(engine, "compare ease of use")
    full_answer = to_text(engine.ask("compare ease of use", presentation=full), markdown=False)
    assert "automatic differentiation" not in short_answer and "automatic differentiation" in full_answer
    assert text_of(engine, "compare ease of use") == short_answer
    _, answer = engine.command(Intent.COMPARE, "ease of use", presentation=full)
    assert "automatic differentiation" in to_text(answer, markdown=False)
    assert (
        engine.respond("compare ease of use", presentation=full)[0]
        != engine.respond("compare ease of use")[0]
    )
