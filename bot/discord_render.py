"""Answer → Discord message: an embed, or the plain-text rendering.

The engine's `Answer` already fits every Discord limit, so this only lays it out: ratings
get a visual bar, notes join the description, the source goes in the footer.
"""

from __future__ import annotations

import discord

from bot.answer import CONTENT_LIMIT, FIELD_NAME_LIMIT, Answer, AnswerKind, Rating, clip
from bot.render import to_text

BAR_FULL, BAR_EMPTY = "▰", "▱"
COLOURS = {
    AnswerKind.NOT_FOUND: discord.Colour.orange(),
    AnswerKind.OFF_TOPIC: discord.Colour.light_grey(),
    AnswerKind.HELP: discord.Colour.blurple(),
}
DEFAULT_COLOUR = discord.Colour.teal()


def rating_bar(rating: Rating) -> str:
    return BAR_FULL * rating.level + BAR_EMPTY * (rating.max_level - rating.level)


def to_embed(answer: Answer) -> discord.Embed:
    description = "\n\n".join([answer.summary, *(f"⚠️ {note}" for note in answer.notes)])
    embed = discord.Embed(
        title=answer.title,
        description=description,
        colour=COLOURS.get(answer.kind, DEFAULT_COLOUR),
    )
    for field in answer.fields:
        name = f"{field.name} {rating_bar(field.rating)}" if field.rating else field.name
        embed.add_field(name=clip(name, FIELD_NAME_LIMIT), value=field.value, inline=field.inline)
    if answer.source:
        embed.set_footer(text=answer.footer())
    return embed


def message_parts(answer: Answer, *, as_embed: bool) -> dict:
    """Keyword arguments for `send`: an embed, or plain text within the 2000-character limit."""
    if as_embed:
        return {"embed": to_embed(answer)}
    return {"content": to_text(answer, CONTENT_LIMIT)}
