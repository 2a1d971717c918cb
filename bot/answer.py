"""What the engine returns: an `Answer`, already within Discord's limits.

Every front end renders the same `Answer` — plain text for the console and CLI, an embed
or text for Discord — so a question gets the same answer everywhere. `make_answer` trims
each part to Discord's embed limits, so no renderer has to.
"""

from __future__ import annotations

import re
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
NOTE_SEPARATOR = "\n\n⚠️ "  # between the summary and each note in an embed's description
BAR_FULL, BAR_EMPTY = "▰", "▱"

_MARKDOWN = re.compile(r"([\\*_~`|>\[\]()#-])")


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
    name: str
    value: str
    inline: bool = False
    rating: Rating | None = None

    def heading(self) -> str:
        """The field's name as an embed shows it: with the rating's bar, if it has one."""
        return f"{self.name} {self.rating.bar()}" if self.rating else self.name


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    title: str
    summary: str
    fields: tuple[Field, ...] = ()
    source: str | None = None
    notes: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """False when the answer is an honest "not in my knowledge"."""
        return self.kind not in {AnswerKind.NOT_FOUND, AnswerKind.NOT_COVERED, AnswerKind.OFF_TOPIC}

    def description(self) -> str:
        """The summary followed by every note, as an embed's description."""
        return self.summary + "".join(NOTE_SEPARATOR + note for note in self.notes)

    def embed_size(self) -> int:
        """Characters Discord counts towards its 6000-per-embed limit."""
        return (
            len(self.title)
            + len(self.description())
            + len(self.footer())
            + sum(len(f.heading()) + len(f.value) for f in self.fields)
        )

    def footer(self) -> str:
        return f"Source: {self.source}" if self.source else ""


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def echo(user_text: str) -> str:
    """User text made safe to quote back: short, no markdown, and unable to ping anyone."""
    flat = " ".join(user_text.split())
    # A zero-width space after "@" defuses @everyone, @here and <@id>/<@&id> mentions.
    return _MARKDOWN.sub(r"\\\1", clip(flat, ECHO_LIMIT)).replace("@", "@\u200b")


def make_answer(
    kind: AnswerKind,
    title: str,
    summary: str,
    fields: tuple[Field, ...] = (),
    source: str | None = None,
    notes: tuple[str, ...] = (),
    suggestions: tuple[str, ...] = (),
) -> Answer:
    """Build an Answer whose every part fits Discord's embed limits, as `description()`,
    `Field.heading()` and `footer()` lay it out."""
    title = clip(title, TITLE_LIMIT)
    notes = tuple(clip(note, FIELD_VALUE_LIMIT) for note in notes)
    notes_size = sum(len(NOTE_SEPARATOR) + len(note) for note in notes)
    summary = clip(summary, DESCRIPTION_LIMIT - notes_size)
    source = clip(source, FOOTER_LIMIT - len("Source: ")) if source else None
    budget = (
        EMBED_TOTAL_LIMIT
        - len(title)
        - len(summary)
        - notes_size
        - len(f"Source: {source}" if source else "")
    )
    kept: list[Field] = []
    for field in fields[:FIELD_COUNT_LIMIT]:
        bar_size = len(field.heading()) - len(field.name)
        name, value = clip(field.name, FIELD_NAME_LIMIT - bar_size), clip(field.value, FIELD_VALUE_LIMIT)
        if len(name) + bar_size + len(value) > budget:
            break
        budget -= len(name) + bar_size + len(value)
        kept.append(Field(name, value, field.inline, field.rating))
    return Answer(kind, title, summary, tuple(kept), source, notes, suggestions)
