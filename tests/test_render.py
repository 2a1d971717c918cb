"""The renderers: one structured answer, shown as Discord markdown, as an embed and as a
terminal's plain text — each escaping and cutting in its own way — and the comparison's
own wording in the answers."""

from __future__ import annotations

import pytest

from bot.core.answer import (
    CONTENT_LIMIT,
    ECHO_LIMIT,
    ELLIPSIS,
    FIELD_NAME_LIMIT,
    Answer,
    AnswerKind,
    Field,
    Rating,
    Span,
    Style,
    Text,
    code,
    echo,
    strong,
    text,
    user,
)
from bot.core.engine import Engine
from bot.core.knowledge import load_knowledge
from bot.core.render import fit, markdown_span, plain_span, to_text
from bot.discord.embeds import message_parts, to_embed
from tests.test_cli import run

TYPED = "my_lib*(x)"
ESCAPED = r"my\_lib\*(x)"


def answer_with(summary: Text, *fields: Field, source: str | None = None) -> Answer:
    return Answer(AnswerKind.FACT, "Title", summary, fields, source)


# The user's own words ----------------------------------------------------------------------


def test_the_terminal_shows_the_users_words_as_typed_and_discord_shows_them_escaped(engine):
    answer = engine.ask(f"!pros {TYPED}")
    assert f"“{TYPED}”" in to_text(answer, markdown=False)
    assert f"“{ESCAPED}”" in to_text(answer)
    assert f"“{ESCAPED}”" in to_embed(answer).description
    assert f"“{ESCAPED}”" in message_parts(answer, as_embed=False)["content"]


def test_ask_on_the_command_line_prints_the_users_words_as_typed():
    result = run("ask", f"!pros {TYPED}")
    assert result.returncode == 0
    assert f"“{TYPED}”" in result.stdout and "\\" not in result.stdout


def test_mentions_in_the_users_words_are_defused_for_discord_only():
    answer = answer_with(text("on “", user("@everyone <@123> <@&9>"), "”"))
    assert "“@everyone <@123> <@&9>”" in to_text(answer, markdown=False)
    for shown in (to_text(answer), to_embed(answer).description):
        assert "“@\u200beveryone <@\u200b123> <@\u200b&9>”" in shown


def test_the_users_words_have_their_whitespace_collapsed_and_are_cut_short():
    assert user("  my \n\t lib  ").text == "my lib"
    long = user("word " * 100).text
    assert len(long) <= ECHO_LIMIT
    assert long.endswith(ELLIPSIS) and long.startswith("word word")


def test_echo_quotes_a_user_for_a_discord_message_escaped_and_defused():
    assert echo(f"  {TYPED}\n@here ") == ESCAPED + " @\u200bhere"


# Discord markdown and plain text -------------------------------------------------------------


def test_strong_words_commands_and_headings_are_marked_up_for_discord_and_bare_in_a_terminal():
    summary = text("Rated ", strong("High"), "; ask ", code("compare <aspect>"), ".")
    answer = answer_with(summary, Field("Keras — High", text("Fast.")))
    assert (
        to_text(answer) == "**Title**\n\nRated **High**; ask `compare <aspect>`.\n\n__Keras — High__\nFast."
    )
    assert (
        to_text(answer, markdown=False) == "Title\n\nRated High; ask compare <aspect>.\n\nKeras — High\nFast."
    )


def test_markdown_in_plain_words_is_escaped_for_discord_and_kept_as_is_in_a_terminal():
    words = "a *b* __c__ ~~d~~ ||e|| `f` [g](h) back\\slash"
    assert markdown_span(Span(words)) == (r"a \*b\* \_\_c\_\_ \~\~d\~\~ \|\|e\|\| \`f\` \[g\](h) back\\slash")
    assert plain_span(Span(words)) == words


def test_line_starts_that_would_quote_head_or_list_are_escaped_and_dashes_inside_lines_are_not():
    shown = markdown_span(Span("# Title\n> quote\n- item\n  -# small\nhigh-level (API) #1 > 2"))
    assert shown == "\\# Title\n\\> quote\n\\- item\n  \\-# small\nhigh-level (API) #1 > 2"


def test_a_command_is_shown_literally_unless_a_backtick_would_break_its_code_span():
    assert markdown_span(code("compare *speed*")) == "`compare *speed*`"
    assert markdown_span(code("a`b")) == r"a\`b"
    assert markdown_span(code("@everyone")) == "`@\u200beveryone`"


def test_text_merges_neighbouring_spans_of_one_style_and_drops_empty_ones():
    built = text("a", "", strong("b"), strong("c"), Span(""), text("d", user("")))
    assert built == Text((Span("a"), Span("bc", Style.STRONG), Span("d")))
    assert markdown_span(built.spans[1]) == "**bc**"


# Cutting to a limit ----------------------------------------------------------------------------


def test_a_cut_falls_between_characters_never_inside_an_escape():
    content = text("\\" * 50)
    shown = fit(content, 12, markdown_span)  # 11 characters: one more would split an escape
    assert shown == "\\\\" * 5 + ELLIPSIS


def test_a_cut_inside_strong_words_closes_them_before_the_ellipsis():
    shown = fit(text("Rated ", strong("Very High indeed")), 16, markdown_span)
    assert shown == "Rated **Very**" + ELLIPSIS


def test_a_cut_measures_what_each_renderer_shows():
    content = text("a_" * 20)
    assert fit(content, 30, plain_span) == "a_" * 14 + "a" + ELLIPSIS
    assert fit(content, 30, markdown_span) == r"a\_" * 9 + "a" + ELLIPSIS


def test_text_that_fits_is_not_cut():
    assert fit(text("short ", strong("x")), 100, markdown_span) == "short **x**"


def test_fields_that_do_not_fit_a_message_are_counted_at_the_end():
    fields = [Field(f"Field {n}", text("v" * 300)) for n in range(10)]
    shown = to_text(answer_with(text("Summary."), *fields, source="Somewhere"))
    assert len(shown) <= CONTENT_LIMIT
    assert "__Field 5__" in shown and "__Field 6__" not in shown
    assert "(+4 more)" in shown and shown.endswith("Source: Somewhere")


def test_escaping_counts_towards_a_messages_limit():
    answer = answer_with(text("*" * 1500))
    assert len(to_text(answer)) <= CONTENT_LIMIT and to_text(answer).endswith(ELLIPSIS)
    assert to_text(answer, markdown=False) == "Title\n\n" + "*" * 1500


# Embeds ------------------------------------------------------------------------------------------


def test_an_embed_escapes_title_description_and_fields_but_not_its_footer():
    answer = Answer(
        AnswerKind.FACT,
        "keras_3",
        text("see keras_3"),
        (Field("keras_3", text("keras_3")),),
        "keras.io/keras_3",
        (text("note on keras_3"),),
    )
    embed = to_embed(answer)
    assert embed.title == r"keras\_3"
    assert embed.description == "see keras\\_3\n\n⚠️ note on keras\\_3"
    assert (embed.fields[0].name, embed.fields[0].value) == (r"keras\_3", r"keras\_3")
    assert embed.footer.text == "Source: keras.io/keras_3"


def test_a_long_field_name_is_cut_but_keeps_its_ratings_bar():
    field = Field("n" * 300, text("v"), rating=Rating("High", 3, 4))
    name = to_embed(answer_with(text("s"), field)).fields[0].name
    assert len(name) == FIELD_NAME_LIMIT and name.endswith(ELLIPSIS + " ▰▰▰▱")


# The comparison's own wording ----------------------------------------------------------------


@pytest.fixture
def renamed(knowledge_variant) -> Engine:
    """The shipped comparison, citing "the survey" and calling its figures "Usage numbers"."""

    def rename(data: dict) -> None:
        data["source_name"] = "the survey"
        data["statistics"]["label"] = "Usage numbers"

    return Engine(load_knowledge(knowledge_variant(rename)))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("!stats", "Usage numbers as of the survey:"),
        ("!compare speed", "The survey rates MXNet higher on Performance"),
        ("!compare", "How the survey rates Keras and MXNet on each aspect."),
        ("!pros keras", "As the survey lists them:"),
        ("which is better for beginners?", "The survey recommends Keras when"),
        ("who develops keras", "The survey doesn't cover that."),
        ("can keras run on android", "The survey doesn't cover that: nothing on “android”."),
        ("tell me about keras today", "Not from the survey (2023-11)"),
        ("what is the capital of France", "what the survey “Keras vs. MXNet"),
        ("help", "stats [library] — the statistics the survey gives"),
    ],
)
def test_answers_name_the_source_and_its_figures_as_the_comparison_file_does(renamed, question, expected):
    assert expected in to_text(renamed.ask(question), markdown=False)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("!compare speed", "My notes rate MXNet higher on Performance"),
        ("!compare", "How my notes rate Keras and MXNet on each aspect."),
        ("!pros keras", "As my notes list them:"),
        ("which is better for beginners?", "My notes recommend Keras when"),
        ("who develops keras", "My notes don't cover that"),
    ],
)
def test_a_plural_source_takes_plural_verbs(knowledge_variant, question, expected):
    def rename(data: dict) -> None:
        data["source_name"] = "my notes"

    engine = Engine(load_knowledge(knowledge_variant(rename)))
    assert expected in to_text(engine.ask(question), markdown=False)
