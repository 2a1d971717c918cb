"""What the engine returns: an `Answer` made of structured text, never of markup.

An answer's prose is `Text`: spans of plain words, strong words, commands to type and the
user's own words. Each front end renders it its own way — `bot.core.render` as text (Discord
markdown, or plain for a terminal), `bot.discord.embeds` as an embed — escaping as its
medium needs and fitting its own limits, so the core writes no markdown and escapes nothing.

Discord's limits and its one escaping rule live here, shared by every Discord rendering and
by adapters that quote a user in a message of their own (`echo`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
CONTENT_LIMIT = 2000
ECHO_LIMIT = 60
ELLIPSIS = "…"
BAR_FULL, BAR_EMPTY = "▰", "▱"

# Discord markdown: characters that start it anywhere (emphasis, code, spoilers, strikethrough,
# masked links) are escaped everywhere; those that start it only at the start of a line (quote,
# heading, list, subtext) only there. A zero-width space after "@" defuses every mention.
_DEFUSED_AT = "@\u200b"
_ESCAPES = (*((char, "\\" + char) for char in "\\*_~`|[]"), ("@", _DEFUSED_AT))  # backslash first
_LINE_MARKUP = re.compile(r"^([ \t]*)([>#-])", re.MULTILINE)
_LINE_MARKUP_CHARS = frozenset(">#- \t")


class AnswerKind(StrEnum):
    COMPARISON = "comparison"
    OVERVIEW = "overview"
    PROS = "pros"
    CONS = "cons"
    PROS_AND_CONS = "pros_and_cons"
    ABOUT = "about"
    STATS = "stats"
    FACT = "fact"
    RECOMMENDATION = "recommendation"
    CONCLUSION = "conclusion"
    HELP = "help"
    NOT_FOUND = "not_found"
    NOT_COVERED = "not_covered"  # about the comparison, but the source does not say
    OFF_TOPIC = "off_topic"
    CHAT = "chat"
    WHY = "why"
    SOURCE = "source"
    TAUGHT = "taught"  # an answer a server's staff taught (bot.core.taught)


class Style(StrEnum):
    """What a span of text is; each renderer decides how that looks."""

    PLAIN = "plain"
    STRONG = "strong"  # the word that answers the question (a rating, a library)
    HEADING = "heading"  # a renderer's label above a block of text
    CODE = "code"  # a command to type as shown
    USER = "user"  # the user's own words, quoted back


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = Style.PLAIN


@dataclass(frozen=True)
class Text:
    """A run of spans; build it with `text()`, which keeps it canonical."""

    spans: tuple[Span, ...] = ()

    @property
    def plain(self) -> str:
        """The words alone, without any styling."""
        return "".join(span.text for span in self.spans)

    def __add__(self, other: Text) -> Text:
        return text(self, other)


def text(*parts: str | Span | Text) -> Text:
    """Text from plain strings, spans and texts, in order: adjacent spans of one style are
    merged (so no renderer writes `****` between them) and empty spans dropped."""
    if len(parts) == 1 and isinstance(parts[0], str):  # the common case, made cheap
        return Text((Span(parts[0]),) if parts[0] else ())
    runs: list[tuple[Style, list[str]]] = []
    for part in parts:
        pieces = part.spans if isinstance(part, Text) else (Span(part) if isinstance(part, str) else part,)
        for span in pieces:
            if not span.text:
                continue
            if runs and runs[-1][0] is span.style:
                runs[-1][1].append(span.text)
            else:
                runs.append((span.style, [span.text]))
    return Text(tuple(Span("".join(words), style) for style, words in runs))


def join(parts: Iterable[Text], separator: str) -> Text:
    """`parts` one after another, `separator` between each two."""
    pieces: list[str | Text] = []
    for part in parts:
        pieces += [separator, part] if pieces else [part]
    return text(*pieces)


def strong(words: str) -> Span:
    return Span(words, Style.STRONG)


def code(command: str) -> Span:
    return Span(command, Style.CODE)


def user(words: str) -> Span:
    """The user's words as quoted back: whitespace collapsed and cut short, otherwise as typed."""
    return Span(clip(" ".join(words.split()), ECHO_LIMIT), Style.USER)


@dataclass(frozen=True)
class Rating:
    """A rating as printed, and where it sits on the comparison's scale (for a visual bar)."""

    text: str
    level: int
    max_level: int

    def bar(self) -> str:
        return BAR_FULL * self.level + BAR_EMPTY * (self.max_level - self.level)


@dataclass(frozen=True)
class Field:
    """A labelled part of an answer; `name` is plain words, `value` may be styled."""

    name: str
    value: Text
    inline: bool = False
    rating: Rating | None = None


@dataclass(frozen=True)
class Answer:
    """One answer, whatever the front end. `title` and `source` are plain words; renderers
    escape them and fit every part to their own limits."""

    kind: AnswerKind
    title: str
    summary: Text
    fields: tuple[Field, ...] = ()
    source: str | None = None
    notes: tuple[Text, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """False when the answer is an honest "not in my knowledge"."""
        return self.kind not in {AnswerKind.NOT_FOUND, AnswerKind.NOT_COVERED, AnswerKind.OFF_TOPIC}


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def defuse_mentions(words: str) -> str:
    """A zero-width space after every "@": @everyone, @here, <@id> and <@&id> cannot ping."""
    return words.replace("@", _DEFUSED_AT)


def discord_safe(words: str) -> str:
    """`words` as Discord must show them literally: markdown escaped, mentions defused."""
    safe = words
    for char, escaped in _ESCAPES:
        safe = safe.replace(char, escaped)
    if words[:1] in _LINE_MARKUP_CHARS or "\n" in words:  # only then can a line start with markup
        safe = _LINE_MARKUP.sub(r"\1\\\2", safe)
    return safe


def echo(user_text: str) -> str:
    """User text made safe to quote back in a Discord message: short, no markdown, no pings."""
    return discord_safe(user(user_text).text)
