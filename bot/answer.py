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

_MARKDOWN = re.compile(r"([\\*_~`|>\[\]()#-])")


class AnswerKind(StrEnum):
    COMPARISON = "comparison"
    OVERVIEW = "overview"
    PROS = "pros"
    CONS = "cons"
    ABOUT = "about"
    STATS = "stats"
    FACT = "fact"
    RECOMMENDATION = "recommendation"
    CONCLUSION = "conclusion"
    HELP = "help"
    NOT_FOUND = "not_found"
    OFF_TOPIC = "off_topic"


@dataclass(frozen=True)
class Rating:
    """A rating as printed, and where it sits on the comparison's scale (for a visual bar)."""

    text: str
    level: int
    max_level: int


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False
    rating: Rating | None = None


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
        return self.kind not in {AnswerKind.NOT_FOUND, AnswerKind.OFF_TOPIC}

    def embed_size(self) -> int:
        """Characters Discord counts towards its 6000-per-embed limit."""
        return (
            len(self.title)
            + len(self.summary)
            + len(self.footer())
            + sum(len(f.name) + len(f.value) for f in self.fields)
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
    """Build an Answer whose every part fits Discord's embed limits."""
    title = clip(title, TITLE_LIMIT)
    notes = tuple(clip(note, FIELD_VALUE_LIMIT) for note in notes)
    summary = clip(summary, DESCRIPTION_LIMIT - sum(len(n) + 2 for n in notes))
    source = clip(source, FOOTER_LIMIT - len("Source: ")) if source else None
    kept: list[Field] = []
    budget = (
        EMBED_TOTAL_LIMIT
        - len(title)
        - len(summary)
        - sum(len(n) + 2 for n in notes)
        - len(f"Source: {source}" if source else "")
    )
    for field in fields[:FIELD_COUNT_LIMIT]:
        name, value = clip(field.name, FIELD_NAME_LIMIT), clip(field.value, FIELD_VALUE_LIMIT)
        if len(name) + len(value) > budget:
            break
        budget -= len(name) + len(value)
        kept.append(Field(name, value, field.inline, field.rating))
    return Answer(kind, title, summary, tuple(kept), source, notes, suggestions)
