"""What every rendered answer must satisfy on Discord: each limit, as an embed and as text,
and no live mention anywhere."""

from __future__ import annotations

import re

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
)
from bot.core.render import to_text
from bot.discord.embeds import to_embed

PING = re.compile(r"@everyone|@here|<@!?\d+>|<@&\d+>")


def embed_texts(embed: discord.Embed) -> list[str]:
    """Every string of an embed that Discord shows."""
    texts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    for embed_field in embed.fields:
        texts += [embed_field.name or "", embed_field.value or ""]
    return texts


def assert_fits_discord(answer: Answer) -> None:
    """Both Discord renderings stay within Discord's limits and cannot ping anyone."""
    text = to_text(answer)
    assert 0 < len(text) <= CONTENT_LIMIT
    embed = to_embed(answer)
    assert 0 < len(embed.title or "") <= TITLE_LIMIT
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert len(embed.fields) <= FIELD_COUNT_LIMIT
    for embed_field in embed.fields:
        assert 0 < len(embed_field.name or "") <= FIELD_NAME_LIMIT
        assert 0 < len(embed_field.value or "") <= FIELD_VALUE_LIMIT
    assert len(embed.footer.text or "") <= FOOTER_LIMIT
    assert len(embed) <= EMBED_TOTAL_LIMIT
    for shown in (text, *embed_texts(embed)):
        assert not PING.search(shown), shown
