"""Per-server settings model and the parsers for what admins type (bot/core/settings.py)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from contextlib import suppress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.knowledge import KnowledgeBase
from bot.core.query import Scope
from bot.core.settings import (
    BY_NAME,
    CHOICE_HELP,
    PREFIX_MAX_LENGTH,
    SETTINGS,
    AnswerLength,
    Freeform,
    Gaps,
    GuildSettings,
    LibraryRef,
    Presentation,
    Setting,
    SettingError,
    Style,
    Visibility,
    answering_comparison,
    confirmation,
    describe,
    parse_choice,
    parse_library_ref,
    parse_prefix,
    server_scope,
    with_comparison,
)

PINGABLE = re.compile(r"@everyone|@here|<@!?&?\d+>|<#\d+>")
MENTIONS = ["@everyone", "@here", "<@123>", "<@!123>", "<@&1>", "<#42>", "</ask:1>"]
TRICKY_CHARS = [
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\ufeff",  # byte-order mark
    "\u00a0",  # no-break space
    "\u3000",  # ideographic space
    "\u3164",  # Hangul filler
    "\u2800",  # braille blank
    "\u0301",  # combining acute accent
    "\x00",
    "\n",
    "\t",
    "\x1b",
    "@",
    "<",
    ">",
    "`",
    "!",
    "?",
    "é",
    "💬",
]
tricky_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from([*TRICKY_CHARS, "a", "1", " "]), max_size=12),
    st.lists(st.sampled_from(MENTIONS + TRICKY_CHARS + ["a", " "]), max_size=6).map("".join),
    st.builds(lambda part, n: part * n, st.text(min_size=1, max_size=5), st.integers(2000, 10000)),
)
CHOICE_KINDS = [spec.choices for spec in SETTINGS if spec.choices is not None]


def follows_prefix_rules(prefix: str) -> bool:
    """The documented rules, restated independently of the implementation."""
    return (
        1 <= len(prefix) <= PREFIX_MAX_LENGTH
        and not unicodedata.category(prefix[0]).startswith("M")
        and not any(
            char.isspace() or char in "@<>`" or unicodedata.category(char)[0] in "CZ" for char in prefix
        )
    )


# --- parse_prefix -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("!", "!"), ("?", "?"), ("  v!  ", "v!"), ("$$", "$$"), ("abcde", "abcde"), ("é!", "é!")],
)
def test_prefix_accepts_short_visible_text(text: str, expected: str) -> None:
    assert parse_prefix(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "can't be empty"),
        ("   ", "can't be empty"),
        ("abcdef", "6 characters long"),
        ("a b", "can't contain spaces"),
        ("a\u00a0b", "can't contain spaces"),
        ("@", "can't contain @"),
        ("<@1>", "can't contain"),
        ("a`", "can't contain backticks"),
        ("!\u200b", "invisible or control characters (U+200B)"),
        ("\u200f!", "invisible or control characters (U+200F)"),
        ("!\u202e", "invisible or control characters (U+202E)"),
        ("\u3164", "invisible or control characters (U+3164)"),
        ("!\n?", "can't contain spaces"),
        ("\u0301!", "can't start with an accent"),
    ],
)
def test_prefix_refusals_say_why_and_what_is_allowed(text: str, reason: str) -> None:
    with pytest.raises(SettingError) as refused:
        parse_prefix(text)
    message = str(refused.value)
    assert reason in message
    assert "1 to 5 visible characters, with no spaces, @, <, > or backticks" in message


@given(tricky_text)
def test_prefix_either_follows_the_rules_or_is_refused_safely(text: str) -> None:
    try:
        prefix = parse_prefix(text)
    except SettingError as refused:
        assert not PINGABLE.search(str(refused))
    else:
        assert follows_prefix_rules(prefix)
        assert prefix == text.strip()


@given(st.text(max_size=20))
def test_refusals_never_repeat_the_admins_text(text: str) -> None:
    marker = f"zqzq{text}xjxj"  # too long for a prefix, not a choice
    for parse in (parse_prefix, lambda t: parse_choice(Visibility, t)):
        with pytest.raises(SettingError) as refused:
            parse(marker)
        assert "zq" not in str(refused.value)


# --- parse_choice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Visibility, " Private ", Visibility.PRIVATE),
        (Visibility, "public", Visibility.PUBLIC),
        (Freeform, "CHANNELS", Freeform.CHANNELS),
        (Freeform, "off", Freeform.OFF),
        (Style, "Text", Style.TEXT),
    ],
)
def test_choice_ignores_case_and_spaces(kind: type, text: str, expected: object) -> None:
    assert parse_choice(kind, text) is expected


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (Visibility, "Visibility must be one of: public, private."),
        (Freeform, "Free-form answering must be one of: mention, channels, off."),
        (Style, "Style must be one of: embed, text."),
    ],
)
@pytest.mark.parametrize("text", ["", "publik", "@everyone", "<@&1>", "x" * 10_000])
def test_choice_refusal_lists_the_allowed_values(kind: type, message: str, text: str) -> None:
    with pytest.raises(SettingError) as refused:
        parse_choice(kind, text)
    assert str(refused.value) == message


@given(st.sampled_from(CHOICE_KINDS), tricky_text)
def test_choice_returns_a_member_or_refuses_safely(kind: type, text: str) -> None:
    try:
        value = parse_choice(kind, text)
    except SettingError as refused:
        assert not PINGABLE.search(str(refused))
    else:
        assert value in kind


def test_every_choice_has_help_text() -> None:
    assert set(CHOICE_HELP) == {value for kind in CHOICE_KINDS for value in kind}


# --- GuildSettings ----------------------------------------------------------------------


def test_defaults() -> None:
    settings = GuildSettings()
    assert settings.prefix is None
    assert settings.default_library is None
    assert settings.freeform == "mention"
    assert settings.freeform_channels == frozenset()
    assert settings.visibility == "public"
    assert settings.style == "embed"


def test_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        GuildSettings().prefix = "?"  # type: ignore[misc]


def test_normalises_plain_strings_and_sets() -> None:
    settings = GuildSettings(prefix=" ? ", freeform="Channels", freeform_channels={5, 6}, style="TEXT")
    assert settings.prefix == "?"
    assert settings.freeform is Freeform.CHANNELS
    assert settings.freeform_channels == frozenset({5, 6})
    assert settings.style is Style.TEXT
    assert settings == GuildSettings(
        prefix="?", freeform=Freeform.CHANNELS, freeform_channels=frozenset({5, 6}), style="text"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"prefix": "@here"},
        {"prefix": ""},
        {"default_library": ""},
        {"default_library": "   "},
        {"comparison": ""},
        {"comparison": "two words"},
        {"freeform": "sometimes"},
        {"freeform_channels": {0}},
        {"freeform_channels": {-5}},
        {"freeform_channels": {True}},
        {"freeform_channels": {2**63}},
        {"freeform_channels": "123"},
        {"visibility": None},
        {"style": 3},
    ],
)
def test_refuses_invalid_values(changes: dict[str, object]) -> None:
    with pytest.raises(SettingError) as refused:
        GuildSettings(**changes)  # type: ignore[arg-type]
    assert not PINGABLE.search(str(refused.value))


@given(tricky_text)
def test_construction_only_raises_setting_error(text: str) -> None:
    for field in ("prefix", "comparison", "default_library", "freeform", "visibility", "style"):
        with suppress(SettingError):
            GuildSettings(**{field: text})


def test_describe_lists_every_setting(kb: KnowledgeBase) -> None:
    settings = GuildSettings(
        prefix="?",
        comparison=kb.default.id,
        default_library="keras-vs-mxnet:keras",
        freeform="channels",
        freeform_channels={20, 10},
        visibility="private",
    )
    rows = describe(settings, default_prefix="!", answering=kb.default)
    assert [label for label, _ in rows] == [spec.label for spec in SETTINGS], "one row per setting, in order"
    assert set(rows) >= {
        ("Prefix", "`?`"),
        ("Comparison", f"{kb.default.title} (`{kb.default.id}`)"),
        ("Default library", "Keras"),
        ("Free-form answering", "channels — also answer every question in the opted-in channels"),
        ("Free-form channels", "<#10>, <#20>"),
        ("Visibility", "private — slash-command answers are visible only to the asker"),
        ("Style", "embed — answers as embeds"),
        ("Unanswered questions", f"on — {CHOICE_HELP[Gaps.ON]}"),
        ("Answer length", f"short — {CHOICE_HELP[AnswerLength.SHORT]}"),
    }


def test_describe_defaults_names_the_defaults(kb: KnowledgeBase) -> None:
    rows = dict(describe(GuildSettings(), default_prefix="!", answering=kb.default))
    assert rows["Prefix"] == "`!` (default)"
    assert rows["Comparison"] == f"{kb.default.title} (the bot's default)"
    assert rows["Default library"] == "none (answers cover every library)"
    assert rows["Free-form channels"] == "none"


# --- the registry -----------------------------------------------------------------------


def test_the_registry_is_the_dataclass() -> None:
    assert sorted(s.name for s in SETTINGS) == sorted(f.name for f in dataclasses.fields(GuildSettings))
    assert {s.name: s.default for s in SETTINGS} == dataclasses.asdict(GuildSettings())


def test_what_shapes_answers_is_shown_last_and_handed_to_the_composer_alone() -> None:
    presenting = [f.name for f in dataclasses.fields(Presentation)]
    assert [s.name for s in SETTINGS][-len(presenting) :] == presenting
    settings = GuildSettings(prefix="?", answer_length="full")
    assert settings.presentation == Presentation(answer_length=AnswerLength.FULL)
    assert GuildSettings(prefix="!").presentation == GuildSettings().presentation, "a cache key shared"


@pytest.mark.parametrize("spec", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_described_for_admins(spec: Setting) -> None:
    assert spec.label and 0 < len(spec.description) <= 100
    assert spec.parse(spec.default) == spec.default, "the default passes its own parser"
    if spec.command is not None:
        assert 0 < len(spec.summary) <= 100 and spec.option.isidentifier()
    if spec.choices is not None:
        assert set(spec.choices) <= set(CHOICE_HELP)


@pytest.mark.parametrize("spec", [s for s in SETTINGS if s.choices], ids=lambda s: s.name)
def test_choice_refusals_and_confirmations_come_from_the_registry(spec: Setting) -> None:
    with pytest.raises(SettingError, match=f"^{spec.label} must be one of: "):
        spec.parse("nonsense")
    value = next(iter(spec.choices or ()))
    assert confirmation(spec, value) == f"{spec.label}: {value} — {CHOICE_HELP[value]}."


# Values of every setting kept as text (the store's rows): each choice, both kinds of library.
STORED_VALUES = [
    *(("prefix", p) for p in ("?", "v!", "→", "ñ~")),
    ("comparison", "keras-vs-mxnet"),
    *(("default_library", ref) for ref in (LibraryRef("mxnet"), LibraryRef("keras", "keras-vs-mxnet"))),
    *((s.name, choice) for s in SETTINGS if s.choices for choice in s.choices),
]


@pytest.mark.parametrize(("name", "value"), STORED_VALUES, ids=repr)
def test_every_setting_reads_back_the_text_it_is_kept_as(name: str, value: object) -> None:
    spec = BY_NAME[name]
    text = spec.serialise(value)
    assert isinstance(text, str) and spec.parse(text) == value


def test_a_plain_value_is_confirmed_with_its_hint() -> None:
    assert confirmation(BY_NAME["prefix"], "?") == "Prefix set to `?`. Mentioning me works too."


# --- comparison and default library -----------------------------------------------------


@pytest.fixture(scope="module")
def two(kb: KnowledgeBase) -> KnowledgeBase:
    """The shipped comparison and a second one with libraries of its own."""
    first = kb.default
    libraries = tuple(
        dataclasses.replace(lib, key=f"{lib.key}2", name=f"{lib.name} Two") for lib in first.libraries
    )
    second = dataclasses.replace(first, id="second", title="Second Comparison", libraries=libraries)
    return KnowledgeBase((first, second))


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("keras", LibraryRef("keras")),
        (" keras-vs-mxnet:keras ", LibraryRef("keras", "keras-vs-mxnet")),
        (LibraryRef("mxnet", "x"), LibraryRef("mxnet", "x")),
    ],
)
def test_library_refs_keep_their_comparison(stored: object, expected: LibraryRef) -> None:
    assert GuildSettings(default_library=stored).default_library == expected  # type: ignore[arg-type]
    assert parse_library_ref(str(expected)) == expected


@pytest.mark.parametrize("stored", ["keras-vs-mxnet:", ":", "a b", "<@1>", 5])
def test_malformed_library_refs_are_refused(stored: object) -> None:
    with pytest.raises(SettingError, match="must be one of the comparison's libraries"):
        GuildSettings(default_library=stored)  # type: ignore[arg-type]


def test_a_server_answers_from_its_comparison_with_its_library(two: KnowledgeBase) -> None:
    first, second = two.comparisons
    settings = GuildSettings(comparison="second", default_library="second:keras2")
    assert answering_comparison(settings, two, first) is second
    assert server_scope(settings, two, first) == Scope(server_comparison="second", default_library="keras2")


def test_a_library_of_another_comparison_is_not_used(two: KnowledgeBase) -> None:
    first, second = two.comparisons
    settings = GuildSettings(comparison="second", default_library="keras-vs-mxnet:keras")
    assert server_scope(settings, two, first).default_library is None
    shown = dict(describe(settings, default_prefix="!", answering=second))
    assert shown["Default library"] == "`keras-vs-mxnet:keras` (not in Second Comparison; not used)"


def test_a_bare_library_key_means_the_servers_comparison(two: KnowledgeBase) -> None:
    first, _ = two.comparisons
    assert server_scope(GuildSettings(default_library="mxnet"), two, first).default_library == "mxnet"
    elsewhere = GuildSettings(comparison="second", default_library="mxnet")
    assert server_scope(elsewhere, two, first).default_library is None


def test_a_comparison_not_loaded_falls_back_to_the_default(two: KnowledgeBase) -> None:
    first, second = two.comparisons
    settings = GuildSettings(comparison="gone", default_library="keras")
    assert answering_comparison(settings, two, second) is second
    assert server_scope(settings, two, second) == Scope(server_comparison="second")
    shown = dict(describe(settings, default_prefix="!", answering=second))
    assert shown["Comparison"] == "`gone` (not loaded; using Second Comparison)"
    assert first.id != "gone"


def test_changing_comparison_clears_a_library_of_another(two: KnowledgeBase) -> None:
    first, second = two.comparisons
    settings = GuildSettings(default_library="keras-vs-mxnet:keras")
    moved = with_comparison(settings, "second", second)
    assert (moved.comparison, moved.default_library) == ("second", None)
    kept = with_comparison(GuildSettings(default_library="keras"), first.id, first)
    assert kept.default_library == LibraryRef("keras", first.id), "a bare key is qualified"
