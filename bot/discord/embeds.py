"""Answer → Discord message: an embed, or the text rendering in Discord markdown.

The embed's layout — the notes under the summary in the description, a bar beside each
rating, the source in the footer — and its limits are decided here: every part is rendered
with `bot.core.render`'s Discord markdown and cut to fit, fields that do not fit are left out.
Footers show no markdown, so the source goes there as plain text. Layouts are kept, like
`bot.core.render.to_text` keeps texts; each message gets an `Embed` of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import discord

from bot.core.answer import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_COUNT_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    FOOTER_LIMIT,
    TITLE_LIMIT,
    Answer,
    AnswerKind,
    Field,
    text,
)
from bot.core.render import RENDER_CACHE_SIZE, fit, markdown_span, plain_span, to_text

COLOURS = {
    AnswerKind.NOT_FOUND: discord.Colour.orange(),
    AnswerKind.OFF_TOPIC: discord.Colour.light_grey(),
    AnswerKind.HELP: discord.Colour.blurple(),
}
DEFAULT_COLOUR = discord.Colour.teal()
NOTE_SEPARATOR = "\n\n⚠️ "  # between the summary and each note in the description


@dataclass(frozen=True)
class EmbedLayout:
    """An embed's strings, each rendered and cut to Discord's limits."""

    title: str
    description: str
    fields: tuple[tuple[str, str, bool], ...]  # name, value, inline
    footer: str


def to_embed(answer: Answer) -> discord.Embed:
    layout = embed_layout(answer)
    embed = discord.Embed(
        title=layout.title, description=layout.description, colour=COLOURS.get(answer.kind, DEFAULT_COLOUR)
    )
    for name, value, inline in layout.fields:
        embed.add_field(name=name, value=value, inline=inline)
    if layout.footer:
        embed.set_footer(text=layout.footer)
    return embed


@lru_cache(maxsize=RENDER_CACHE_SIZE)
def embed_layout(answer: Answer) -> EmbedLayout:
    """Notes go under the summary, each rating's bar beside its field's name, and fields that
    would take the embed past 6000 characters are left out from the first that does."""
    title = fit(text(answer.title), TITLE_LIMIT, markdown_span)
    notes = "".join(NOTE_SEPARATOR + fit(note, FIELD_VALUE_LIMIT, markdown_span) for note in answer.notes)
    description = fit(answer.summary, DESCRIPTION_LIMIT - len(notes), markdown_span) + notes
    footer = fit(text(f"Source: {answer.source}"), FOOTER_LIMIT, plain_span) if answer.source else ""
    budget = EMBED_TOTAL_LIMIT - len(title) - len(description) - len(footer)
    fields: list[tuple[str, str, bool]] = []
    for field in answer.fields[:FIELD_COUNT_LIMIT]:
        name, value = _heading(field), fit(field.value, FIELD_VALUE_LIMIT, markdown_span)
        if len(name) + len(value) > budget:
            break
        budget -= len(name) + len(value)
        fields.append((name, value, field.inline))
    return EmbedLayout(title, description, tuple(fields), footer)


def _heading(field: Field) -> str:
    """The field's name as the embed shows it: with the rating's bar, if it has one."""
    bar = f" {field.rating.bar()}" if field.rating else ""
    return fit(text(field.name), FIELD_NAME_LIMIT - len(bar), markdown_span) + bar


def message_parts(answer: Answer, *, as_embed: bool) -> dict[str, Any]:
    """Keyword arguments for `send`: an embed, or plain text within the 2000-character limit."""
    if as_embed:
        return {"embed": to_embed(answer)}
    return {"content": to_text(answer, CONTENT_LIMIT)}
