"""Guarantee 1 — whatever a user types, the engine answers: never an exception, always within
Discord's limits once rendered (embed and plain text), and never a ping.

tests/test_engine.py already checks `Engine.ask` at the `Answer` level and @everyone/@here in
the text rendering; tests/test_settings.py fuzzes both parsers with string input. Added here:
the Discord embed rendering, `Engine.run` (what every prefix and slash command calls), code
fences and markdown, every mention form, arbitrary answers made of any spans of any style,
cuts that never split an escape, and parser input that is not a string (what a wrongly typed
slash option delivers).
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.core.answer import (
    ELLIPSIS,
    Answer,
    AnswerKind,
    Field,
    Rating,
    Span,
    Style,
    Text,
    text,
)
from bot.core.commands import COMMANDS
from bot.core.engine import Engine
from bot.core.knowledge import load_knowledge
from bot.core.query import Scope
from bot.core.render import fit, markdown_span
from bot.core.settings import Freeform, SettingError, Visibility, parse_choice, parse_prefix
from bot.core.settings import Style as ReplyStyle
from tests.conftest import KNOWLEDGE_DIR, SHIPPED_ID
from tests.discord_limits import PING, assert_fits_discord

HOSTILE_PIECES = [
    "@everyone",
    "@here",
    "<@123>",
    "<@!123>",
    "<@&123>",
    "<#123>",
    "```",
    "```py\nprint(1)\n```",
    "`",
    "**",
    "__",
    "~~",
    "||",
    "> ",
    "# ",
    "[link](https://example.com)",
    "\\",
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2067",  # right-to-left isolate
    "\u0301",  # combining accent
    "\n",
    " ",
    "@",
    "<",
    ">",
    "!",
    "keras",
    "mxnet",
    "speed",
    "compare",
    "pros",
]
hostile_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=20).map("".join),
    st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=5).map(
        lambda pieces: ("".join(pieces) * 10_000)[:10_000]
    ),
)
LIBRARY_KEYS = [lib.key for lib in load_knowledge(KNOWLEDGE_DIR).comparison(SHIPPED_ID).libraries]


# --- the engine -------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(hostile_text)
@example("```\n@everyone <@123> <@!123> <@&123>\n```")
@example("!pros ```@here```")
def test_any_question_renders_within_discord_limits_without_pings(engine: Engine, question: str) -> None:
    assert_fits_discord(engine.ask(question))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(COMMANDS)), hostile_text, st.one_of(st.none(), st.sampled_from(LIBRARY_KEYS)))
@example("compare", "<@&123> `` ** @here", None)
@example("pros", "\u202e@everyone\u200b", "keras")
def test_any_command_argument_renders_within_discord_limits_without_pings(
    engine: Engine, command: str, argument: str, default_library: str | None
) -> None:
    assert_fits_discord(engine.run(command, argument, scope=Scope(default_library=default_library)))


# --- the rendering of any answer --------------------------------------------------------

hostile_words = st.one_of(
    st.text(max_size=1100),
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=40).map("".join),
)


def texts_of(styles: list[Style]) -> st.SearchStrategy[Text]:
    spans = st.builds(Span, hostile_words, st.sampled_from(styles))
    return st.lists(spans, max_size=6).map(lambda parts: text(*parts))


texts = texts_of(list(Style))
marked_texts = texts_of([s for s in Style if s is not Style.CODE])  # code shows `\` and `*` as they are
long_texts = st.lists(st.builds(Span, hostile_text, st.sampled_from(Style)), min_size=1, max_size=3).map(
    lambda parts: text(*parts)
)
ratings = st.builds(
    lambda max_level, level: Rating("High", min(level, max_level), max_level),
    st.integers(1, 10),
    st.integers(0, 10),
)
fields = st.builds(
    Field,
    st.text(min_size=1, max_size=300),
    texts.filter(lambda value: value.plain),
    st.booleans(),
    st.one_of(st.none(), ratings),
)
# Escape sequences Discord markdown knows; a backslash outside one was left by a bad cut.
ESCAPE = re.compile(r"\\[\\*_~`|\[\]>#-]")


@settings(max_examples=120, deadline=None)  # each example renders a large answer three ways
@given(
    title=st.text(min_size=1, max_size=300),
    summary=st.one_of(texts, long_texts),
    answer_fields=st.lists(fields, max_size=30),
    source=st.one_of(st.none(), st.text(min_size=1, max_size=2100)),
    notes=st.lists(texts, max_size=3),
)
@example(title="t", summary=text("x" * 5000), answer_fields=[], source=None, notes=[text("a later note")])
@example(
    title="t",
    summary=text("x" * 979),
    answer_fields=[Field("n" * 4, text("v" * 1000), rating=Rating("High", 3, 4))] * 5,
    source=None,
    notes=[],
)
@example(
    title="_" * 300,
    summary=text(Span("@everyone" * 700, Style.USER)),
    answer_fields=[],
    source=None,
    notes=[],
)
def test_every_answer_fits_discord_however_its_text_is_made(
    title: str, summary: Text, answer_fields: list[Field], source: str | None, notes: list[Text]
) -> None:
    answer = Answer(AnswerKind.FACT, title, summary, tuple(answer_fields), source, tuple(notes))
    assert_fits_discord(answer)


@settings(max_examples=300, deadline=None)
@given(marked_texts, st.integers(1, 2000))
@example(text("a\\" * 100), 51)
@example(text(Span("*" * 100, Style.STRONG)), 50)
def test_a_cut_never_splits_an_escape_or_a_pair_of_markers(content: Text, limit: int) -> None:
    shown = fit(content, limit, markdown_span)
    assert len(shown) <= limit
    unescaped = ESCAPE.sub("", shown)
    assert "\\" not in unescaped, shown
    assert unescaped.count("**") % 2 == 0 and unescaped.count("__") % 2 == 0, shown
    assert shown == "".join(markdown_span(span) for span in content.spans) or shown.endswith(ELLIPSIS)


def test_a_valid_knowledge_file_with_a_long_overview_still_fits_an_embed(knowledge_variant) -> None:
    """The same bug through the real path: Keras's overview, made longer (and valid), with a note."""

    def lengthen_overview(data: dict) -> None:
        data["libraries"][0]["overview"]["text"] = "Keras is a deep learning library. " * 150

    engine = Engine(load_knowledge(knowledge_variant(lengthen_overview)))
    answer = engine.ask("tell me about keras today")  # "today": with what changed since
    assert answer.notes, "the shipped file has a later note on Keras"
    assert_fits_discord(answer)


# --- the settings parsers ---------------------------------------------------------------

not_text = st.one_of(
    st.none(), st.integers(), st.floats(), st.booleans(), st.binary(), st.lists(st.integers(), max_size=3)
)


@given(st.one_of(hostile_text, not_text))
def test_prefix_parser_refuses_with_setting_error_or_gives_a_safe_acknowledgement(value: object) -> None:
    """What the admin reads either way: the refusal, or the cog's acknowledgement."""
    try:
        prefix = parse_prefix(value)  # type: ignore[arg-type]
    except SettingError as refused:
        shown = str(refused)
    else:
        assert "`" not in prefix, "a backtick would break out of the acknowledgement's code span"
        shown = f"Prefix set to `{prefix}`. Mentioning me works too."
    assert not PING.search(shown)


@given(st.sampled_from([Freeform, Visibility, ReplyStyle]), st.one_of(hostile_text, not_text))
def test_choice_parser_takes_any_value_and_only_raises_setting_error(kind: type, value: object) -> None:
    try:
        choice = parse_choice(kind, value)  # type: ignore[arg-type]
    except SettingError as refused:
        assert not PING.search(str(refused))
    else:
        assert choice in kind
