"""Per-server settings: the model, its allowed values, and parsers for what admins type.

Core module (no discord import). A `SettingError` message is shown to a server admin as-is:
it says what is allowed and never repeats the admin's text, which could hold a mention.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

PREFIX_MAX_LENGTH = 5
PREFIX_RULE = (
    f"A prefix is 1 to {PREFIX_MAX_LENGTH} visible characters, with no spaces, @, <, > or backticks."
)
_PREFIX_FORBIDDEN = {"@": "@", "<": "<", ">": ">", "`": "backticks"}
# Unicode letters and symbols that nonetheless render as blank space (popular for invisible
# names); the other invisible characters are caught by their category.
_BLANK_LOOKALIKES = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")
MAX_ID = 2**63 - 1  # SQLite's INTEGER range; Discord snowflakes stay far below it


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


Choice = TypeVar("Choice", Freeform, Visibility, Style)

CHOICE_LABELS: dict[type[StrEnum], str] = {
    Freeform: "Free-form answering",
    Visibility: "Visibility",
    Style: "Style",
}

CHOICE_HELP: dict[StrEnum, str] = {
    Freeform.MENTION: "answer questions when mentioned and in DMs",
    Freeform.CHANNELS: "also answer every question in the opted-in channels",
    Freeform.OFF: "answer commands only",
    Visibility.PUBLIC: "slash-command answers are visible to everyone",
    Visibility.PRIVATE: "slash-command answers are visible only to the asker",
    Style.EMBED: "answers as embeds",
    Style.TEXT: "answers as plain text",
}


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
    raise SettingError(f"{CHOICE_LABELS[kind]} must be one of: {', '.join(kind)}.")


def _library_key(key: str | None) -> str | None:
    if key is None:
        return None
    if isinstance(key, str) and key.strip():
        return key.strip()
    raise SettingError("The default library must be one of the knowledge base's libraries.")


def _channel_ids(ids: Iterable[int]) -> frozenset[int]:
    channels = frozenset(ids)
    if all(type(c) is int and 0 < c <= MAX_ID for c in channels):
        return channels
    raise SettingError("Free-form channels must be channels of this server.")


@dataclass(frozen=True)
class GuildSettings:
    """One server's settings; the defaults apply to every server that changed nothing.

    Construction validates and normalises every field (raising SettingError), so an invalid
    GuildSettings cannot exist, and choice fields may be given as plain strings.
    """

    prefix: str | None = None  # None: the bot's configured default prefix
    default_library: str | None = None  # a knowledge-base library key, e.g. "keras"
    freeform: Freeform = Freeform.MENTION
    freeform_channels: frozenset[int] = frozenset()
    visibility: Visibility = Visibility.PUBLIC
    style: Style = Style.EMBED

    def __post_init__(self) -> None:
        normalised = {
            "prefix": None if self.prefix is None else parse_prefix(self.prefix),
            "default_library": _library_key(self.default_library),
            "freeform": parse_choice(Freeform, self.freeform),
            "freeform_channels": _channel_ids(self.freeform_channels),
            "visibility": parse_choice(Visibility, self.visibility),
            "style": parse_choice(Style, self.style),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)


def describe(settings: GuildSettings, *, default_prefix: str) -> list[tuple[str, str]]:
    """(label, value) rows for a `settings show` display.

    Channels appear as `<#id>` mentions: send with mentions disabled (the bot's default).
    """
    prefix = f"`{settings.prefix}`" if settings.prefix else f"`{default_prefix}` (default)"
    channels = ", ".join(f"<#{c}>" for c in sorted(settings.freeform_channels))
    return [
        ("Prefix", prefix),
        ("Default library", settings.default_library or "none (answers cover every library)"),
        ("Free-form answering", _describe_choice(settings.freeform)),
        ("Free-form channels", channels or "none"),
        ("Visibility", _describe_choice(settings.visibility)),
        ("Style", _describe_choice(settings.style)),
    ]


def _describe_choice(value: StrEnum) -> str:
    return f"{value} — {CHOICE_HELP[value]}"
