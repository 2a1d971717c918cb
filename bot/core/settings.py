"""Per-server settings: one registry, the model, and parsers for what admins type.

Each setting is declared once, as a field of `GuildSettings` made with `setting(...)`: its
default, its parser (which validates and normalises), how the settings store writes it as
text (read back by the parser), its label and how `settings show` displays it, the
description and choices of its slash option. `SETTINGS` is that registry; the parsers,
`describe`, the slash subcommands' descriptions and choices (cogs/settings.py) and the
store's rows (bot/storage/rows.py) all derive from it: a new setting is one new field, with
no migration.

Core module (no discord import). A `SettingError` message is shown to a server admin as-is:
it says what is allowed and never repeats the admin's text, which could hold a mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from functools import cached_property
from typing import Any, TypeVar

from bot.core.knowledge import Comparison, KnowledgeBase
from bot.core.query import QUALIFIER, Scope

PREFIX_MAX_LENGTH = 5
PREFIX_RULE = (
    f"A prefix is 1 to {PREFIX_MAX_LENGTH} visible characters, with no spaces, @, <, > or backticks."
)
_PREFIX_FORBIDDEN = {"@": "@", "<": "<", ">": ">", "`": "backticks"}
# Unicode letters and symbols that nonetheless render as blank space (popular for invisible
# names); the other invisible characters are caught by their category.
_BLANK_LOOKALIKES = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")
MAX_ID = 2**63 - 1  # SQLite's INTEGER range; Discord snowflakes stay far below it
MAX_NAME_LENGTH = 100  # a comparison id or library key, as stored
T = TypeVar("T")


class SettingError(ValueError):
    """A setting value was refused; the message is written for the server admin."""


class Freeform(StrEnum):
    """Where free-form (non-command) questions are answered."""

    MENTION = "mention"
    CHANNELS = "channels"
    OFF = "off"


class Visibility(StrEnum):
    """Who sees the answer to a slash command."""

    PUBLIC = "public"
    PRIVATE = "private"


class Style(StrEnum):
    """How answers are laid out."""

    EMBED = "embed"
    TEXT = "text"


class Gaps(StrEnum):
    """Whether the questions Versus could not answer are kept for `/gaps`."""

    ON = "on"
    OFF = "off"


class Threads(StrEnum):
    """Whether answers in opted-in channels open a thread on the question."""

    ON = "on"
    OFF = "off"


class AnswerLength(StrEnum):
    """How much an answer says."""

    SHORT = "short"
    FULL = "full"


Choice = TypeVar("Choice", Freeform, Visibility, Style, Gaps, Threads, AnswerLength)

CHOICE_HELP: dict[StrEnum, str] = {
    Freeform.MENTION: "answer questions when mentioned and in DMs",
    Freeform.CHANNELS: "also answer every question in the opted-in channels",
    Freeform.OFF: "answer commands only",
    Visibility.PUBLIC: "slash-command answers are visible to everyone",
    Visibility.PRIVATE: "slash-command answers are visible only to the asker",
    Style.EMBED: "answers as embeds",
    Style.TEXT: "answers as plain text",
    Gaps.ON: "keep the text of questions I could not answer, for /gaps (no names, 30 days)",
    Gaps.OFF: "keep no questions (those kept are deleted)",
    Threads.ON: "in opted-in channels, answer in a thread on the question, where anyone may follow up",
    Threads.OFF: "answer in the channel itself",
    AnswerLength.SHORT: "answers keep the sentences that answer, and the first of each reason",
    AnswerLength.FULL: "answers give every sentence of the article's reasons",
}


@dataclass(frozen=True)
class LibraryRef:
    """A default library, with the comparison it belongs to.

    Stored as `comparison:key`. A bare `key` (written before servers had a comparison) means
    that key in the server's comparison.
    """

    key: str
    comparison: str | None = None

    def __str__(self) -> str:
        return f"{self.comparison}{QUALIFIER}{self.key}" if self.comparison else self.key


# --- parsers ----------------------------------------------------------------------------


def parse_prefix(text: str) -> str:
    """The command prefix an admin typed, without surrounding spaces; refuse what can't be seen."""
    prefix = text.strip() if isinstance(text, str) else ""
    if not prefix:
        raise SettingError(f"The prefix can't be empty. {PREFIX_RULE}")
    if len(prefix) > PREFIX_MAX_LENGTH:
        raise SettingError(f"That prefix is {len(prefix)} characters long. {PREFIX_RULE}")
    for char in prefix:
        problem = _prefix_problem(char)
        if problem:
            raise SettingError(f"The prefix can't contain {problem}. {PREFIX_RULE}")
    if unicodedata.category(prefix[0]).startswith("M"):
        raise SettingError(f"The prefix can't start with an accent or other mark. {PREFIX_RULE}")
    return prefix


def _prefix_problem(char: str) -> str | None:
    if char in _PREFIX_FORBIDDEN:
        return _PREFIX_FORBIDDEN[char]
    category = unicodedata.category(char)
    if char.isspace() or category.startswith("Z"):
        return "spaces"
    if category.startswith("C") or char in _BLANK_LOOKALIKES:
        return f"invisible or control characters (U+{ord(char):04X})"
    return None


def parse_choice(kind: type[Choice], text: str) -> Choice:
    """One of `kind`'s values, ignoring case and surrounding spaces."""
    if isinstance(text, str):
        with suppress(ValueError):
            return kind(text.strip().casefold())
    label = next(s.label for s in SETTINGS if s.choices is kind)
    raise SettingError(f"{label} must be one of: {', '.join(kind)}.")


def _name(value: object, refusal: str) -> str:
    """A stored identifier (comparison id, library key): visible text without spaces."""
    if isinstance(value, str):
        name = value.strip()
        if name and len(name) <= MAX_NAME_LENGTH and not any(c.isspace() or c in "@<>`" for c in name):
            return name
    raise SettingError(refusal)


def _optional(parse: Callable[[Any], T]) -> Callable[[Any], T | None]:
    return lambda value: None if value is None else parse(value)


def _comparison_id(value: object) -> str:
    return _name(value, "The comparison must be one of the loaded comparisons' ids.")


def parse_library_ref(value: object) -> LibraryRef:
    """A stored default library: `comparison:key`, or a bare key of the server's comparison."""
    if isinstance(value, LibraryRef):
        value = str(value)
    refusal = "The default library must be one of the comparison's libraries."
    comparison, _, key = _name(value, refusal).rpartition(QUALIFIER)
    return LibraryRef(_name(key, refusal), _name(comparison, refusal) if comparison else None)


def _channel_ids(ids: Iterable[int]) -> frozenset[int]:
    channels = frozenset(ids)
    if all(type(c) is int and 0 < c <= MAX_ID for c in channels):
        return channels
    raise SettingError("Free-form channels must be channels of this server.")


def _percent(value: object) -> int:
    """A share typed as `70`, `70%` or stored as 70: a whole number from 0 to 100."""
    typed = value.strip().removesuffix("%").strip() if isinstance(value, str) else value
    if isinstance(typed, str) and typed.isdigit():
        typed = int(typed)
    if type(typed) is int and 0 <= typed <= 100:
        return typed
    raise SettingError("The forum confidence is a percentage from 0 to 100, such as 60.")


_ROLE_REF = re.compile(r"^<@&(\d+)>$|^(\d+)$")
NO_ROLE = "none"


def _role_id(value: object) -> int | None:
    """A role as typed (`@Role`, which arrives as `<@&id>`, or its id) or stored; `none`: no role."""
    if value is None or (isinstance(value, str) and value.strip().casefold() == NO_ROLE):
        return None
    match = _ROLE_REF.match(value.strip()) if isinstance(value, str) else None
    role_id = int(match.group(1) or match.group(2)) if match else value
    if type(role_id) is int and 0 < role_id <= MAX_ID:
        return role_id
    raise SettingError("The teaching role must be a role of this server (mention it), or none.")


def _choice(kind: type[Choice]) -> Callable[[Any], Choice]:
    return lambda value: parse_choice(kind, value)


# --- how `settings show` displays each value --------------------------------------------


@dataclass(frozen=True)
class Shown:
    """What a settings display needs besides the settings themselves."""

    default_prefix: str
    answering: Comparison  # the comparison that answers for this server


def _show_prefix(prefix: str | None, shown: Shown) -> str:
    return f"`{prefix}`" if prefix else f"`{shown.default_prefix}` (default)"


def _show_comparison(comparison: str | None, shown: Shown) -> str:
    title = shown.answering.title
    if comparison is None:
        return f"{title} (the bot's default)"
    if comparison != shown.answering.id:
        return f"`{comparison}` (not loaded; using {title})"
    return f"{title} (`{comparison}`)"


def _show_library(library: LibraryRef | None, shown: Shown) -> str:
    if library is None:
        return "none (answers cover every library)"
    found = library_in(library, shown.answering)
    if found is None:
        return f"`{library}` (not in {shown.answering.title}; not used)"
    return found


def _show_choice(value: StrEnum, _: Shown) -> str:
    return f"{value} — {CHOICE_HELP[value]}"


def _show_percent(percent: int, _: Shown) -> str:
    return f"{percent}% — a new forum post is answered when I am at least this sure"


def _show_role(role_id: int | None, _: Shown) -> str:
    """A `<@&id>` mention: send with mentions disabled (the bot's default)."""
    if role_id is None:
        return "none (only members with Manage Server teach answers)"
    return f"<@&{role_id}> (and members with Manage Server) may teach answers"


def _show_channels(channels: frozenset[int], _: Shown) -> str:
    """`<#id>` mentions: send with mentions disabled (the bot's default)."""
    return ", ".join(f"<#{c}>" for c in sorted(channels)) or "none"


# --- the registry -----------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One setting, declared once. Every text here is shown to admins as-is."""

    label: str  # its name in `settings show` and in refusals
    description: str  # its slash option's description: what may be set (at most 100 chars)
    parse: Callable[[Any], Any]  # stored or typed value → normalised value, or SettingError
    show: Callable[[Any, Shown], str]
    serialise: Callable[[Any], str] = str  # normalised value (not None) → the text stored
    command: str | None = None  # `settings <command> <value>`; None: changed by its own commands
    summary: str = ""  # what that subcommand does (at most 100 chars)
    option: str = "value"  # that subcommand's slash option
    choices: type[StrEnum] | None = None
    hint: str = ""  # said after confirming a change
    said: Callable[[Any], str] = lambda value: f"`{value}`"  # a value in that confirmation
    name: str = ""  # the field's name, filled in below
    default: Any = None  # the field's default, filled in below


def setting(default: T, spec: Setting) -> T:
    """A `GuildSettings` field: its default, described by `spec`."""
    return field(default=default, metadata={"setting": spec})


@dataclass(frozen=True)
class Presentation:
    """The settings that shape what an answer says (the composer reads them; how it is laid
    out, `style`, is the front end's). Validated and normalised on construction, like every
    setting."""

    answer_length: AnswerLength = setting(
        AnswerLength.SHORT,
        Setting(
            label="Answer length",
            description="short: the sentences that answer; full: every sentence of the reasons",
            parse=_choice(AnswerLength),
            show=_show_choice,
            command="answer-length",
            summary="Choose how much answers say.",
            option="length",
            choices=AnswerLength,
        ),
    )

    def __post_init__(self) -> None:
        for each in fields(self):
            spec: Setting = each.metadata["setting"]
            object.__setattr__(self, each.name, spec.parse(getattr(self, each.name)))


@dataclass(frozen=True)
class GuildSettings(Presentation):
    """One server's settings; the defaults apply to every server that changed nothing.

    Construction validates and normalises every field (raising SettingError), so an invalid
    GuildSettings cannot exist, and choice fields may be given as plain strings.
    """

    prefix: str | None = setting(
        None,  # the bot's configured default prefix
        Setting(
            label="Prefix",
            description="1–5 visible characters, no spaces or mentions",
            parse=_optional(parse_prefix),
            show=_show_prefix,
            command="prefix",
            summary="Set the prefix for text commands in this server.",
            option="prefix",
            hint="Mentioning me works too.",
        ),
    )
    comparison: str | None = setting(
        None,  # the bot's default comparison (VERSUS_COMPARISON, else the first file)
        Setting(
            label="Comparison",
            description="The comparison this server asks about, or default",
            parse=_optional(_comparison_id),
            show=_show_comparison,
            command="comparison",
            summary="Choose which comparison answers in this server.",
            option="comparison",
        ),
    )
    default_library: LibraryRef | None = setting(
        None,
        Setting(
            label="Default library",
            description="The library pros/cons/about answer for when none is named, or none",
            parse=_optional(parse_library_ref),
            show=_show_library,
            command="default-library",
            summary="Set the library pros, cons and about use when none is named.",
            option="library",
        ),
    )
    freeform: Freeform = setting(
        Freeform.MENTION,
        Setting(
            label="Free-form answering",
            description="mention: when mentioned and in DMs; channels: also opted-in channels; off",
            parse=_choice(Freeform),
            show=_show_choice,
            command="freeform",
            summary="Choose where questions in plain words are answered.",
            option="mode",
            choices=Freeform,
        ),
    )
    freeform_channels: frozenset[int] = setting(
        frozenset(),
        Setting(
            label="Free-form channels",
            description="A channel where every message is treated as a question",
            parse=_channel_ids,
            show=_show_channels,
        ),
    )
    visibility: Visibility = setting(
        Visibility.PUBLIC,
        Setting(
            label="Visibility",
            description="public: everyone sees slash answers; private: only the asker",
            parse=_choice(Visibility),
            show=_show_choice,
            command="visibility",
            summary="Choose whether slash-command answers are visible to everyone.",
            option="mode",
            choices=Visibility,
        ),
    )
    style: Style = setting(
        Style.EMBED,
        Setting(
            label="Style",
            description="embed or text",
            parse=_choice(Style),
            show=_show_choice,
            command="style",
            summary="Choose embeds or plain text for answers.",
            option="mode",
            choices=Style,
        ),
    )

    gaps: Gaps = setting(
        Gaps.ON,
        Setting(
            label="Unanswered questions",
            description="on: keep questions I could not answer for /gaps (text only, 30 days); off",
            parse=_choice(Gaps),
            show=_show_choice,
            command="gaps",
            summary="Choose whether questions I could not answer are kept for /gaps.",
            option="mode",
            choices=Gaps,
        ),
    )

    threads: Threads = setting(
        Threads.OFF,
        Setting(
            label="Threads",
            description="on: in opted-in channels, answer in a thread on the question; off",
            parse=_choice(Threads),
            show=_show_choice,
            command="threads",
            summary="Choose whether answers in opted-in channels open a thread on the question.",
            option="mode",
            choices=Threads,
        ),
    )

    forum_confidence: int = setting(
        50,
        Setting(
            label="Forum confidence",
            description="0–100: how sure I must be to answer a new forum post unasked",
            parse=_percent,
            show=_show_percent,
            command="forum-confidence",
            summary="Set how sure I must be to answer a new post in an opted-in forum.",
            option="percent",
            hint="Posts below it are only kept for /gaps.",
            said=lambda percent: f"{percent}%",
        ),
    )

    teach_role: int | None = setting(
        None,
        Setting(
            label="Teaching role",
            description="A role whose members may /teach answers (besides Manage Server), or none",
            parse=_role_id,
            show=_show_role,
            command="teach-role",
            summary="Choose a role whose members may teach answers with /teach.",
            option="role",
            said=lambda role_id: NO_ROLE if role_id is None else f"<@&{role_id}>",
        ),
    )

    @cached_property
    def presentation(self) -> Presentation:
        """What of these settings the composer reads: equal for servers that present alike."""
        return Presentation(**{each.name: getattr(self, each.name) for each in fields(Presentation)})


_PRESENTING = frozenset(each.name for each in fields(Presentation))
SETTINGS: tuple[Setting, ...] = tuple(
    replace(f.metadata["setting"], name=f.name, default=f.default)
    for f in sorted(fields(GuildSettings), key=lambda f: f.name in _PRESENTING)
)
"""Every setting, in display order (what shapes answers last)."""

BY_NAME: dict[str, Setting] = {spec.name: spec for spec in SETTINGS}
DEFAULTS = GuildSettings()  # a server that changed nothing


def describe(settings: GuildSettings, *, default_prefix: str, answering: Comparison) -> list[tuple[str, str]]:
    """(label, value) rows for a `settings show` display; `answering` is `answering_comparison`."""
    shown = Shown(default_prefix, answering)
    return [(spec.label, spec.show(getattr(settings, spec.name), shown)) for spec in SETTINGS]


def confirmation(spec: Setting, value: Any) -> str:
    """What an admin reads once a value typed for `spec` is saved."""
    if spec.choices is not None:
        text = f"{spec.label}: {value} — {CHOICE_HELP[value]}."
    else:
        text = f"{spec.label} set to {spec.said(value)}."
    return f"{text} {spec.hint}".strip()


# --- what the settings mean for answers -------------------------------------------------


def answering_comparison(settings: GuildSettings, kb: KnowledgeBase, default: Comparison) -> Comparison:
    """The server's comparison if it is loaded, else `default` (the bot's)."""
    wanted = settings.comparison
    return next((c for c in kb.comparisons if c.id == wanted), default) if wanted else default


def library_in(library: LibraryRef, comparison: Comparison) -> str | None:
    """The library's name if it belongs to `comparison`, else None."""
    if library.comparison not in (None, comparison.id):
        return None
    return next((lib.name for lib in comparison.libraries if lib.key == library.key), None)


def with_comparison(settings: GuildSettings, comparison: str | None, answering: Comparison) -> GuildSettings:
    """`settings` with another comparison, `answering` being the one that will then answer.

    A default library of another comparison is cleared; a bare one is qualified.
    """
    library = settings.default_library
    if library is not None:
        library = LibraryRef(library.key, answering.id) if library_in(library, answering) else None
    return replace(settings, comparison=comparison, default_library=library)


def server_scope(settings: GuildSettings, kb: KnowledgeBase, default: Comparison) -> Scope:
    """The engine's scope for a server's questions: its comparison and default library."""
    answering = answering_comparison(settings, kb, default)
    library = settings.default_library
    applies = library is not None and library_in(library, answering) is not None
    return Scope(server_comparison=answering.id, default_library=library.key if applies and library else None)
