"""Answer → Discord message: an embed, or the plain-text rendering.

The engine's `Answer` already fits every Discord limit in the layout it defines (notes in
the description, a bar beside each rating), so this only maps it onto `discord.Embed`.
"""

from __future__ import annotations

import discord

from bot.answer import CONTENT_LIMIT, Answer, AnswerKind
from bot.render import to_text

COLOURS = {
    AnswerKind.NOT_FOUND: discord.Colour.orange(),
    AnswerKind.OFF_TOPIC: discord.Colour.light_grey(),
    AnswerKind.HELP: discord.Colour.blurple(),
}
DEFAULT_COLOUR = discord.Colour.teal()


def to_embed(answer: Answer) -> discord.Embed:
    embed = discord.Embed(
        title=answer.title,
        description=answer.description(),
        colour=COLOURS.get(answer.kind, DEFAULT_COLOUR),
    )
    for field in answer.fields:
        embed.add_field(name=field.heading(), value=field.value, inline=field.inline)
    if answer.source:
        embed.set_footer(text=answer.footer())
    return embed


def message_parts(answer: Answer, *, as_embed: bool) -> dict:
    """Keyword arguments for `send`: an embed, or plain text within the 2000-character limit."""
    if as_embed:
        return {"embed": to_embed(answer)}
    return {"content": to_text(answer, CONTENT_LIMIT)}
