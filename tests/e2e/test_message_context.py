"""Versus builds a message's context itself (`Versus.message_context`), without awaiting
discord.py's `get_context`: the two must agree on every message, and Versus's must carry
every attribute discord.py's constructor gives a context (so a new discord.py release that
adds one fails here, not in a command)."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from bot.discord.context import VersusContext

MESSAGES = [
    ("!compare speed", False),
    ("!Pros   mxnet", False),
    ("! cons keras", False),
    ("!stats", False),
    ("!ask which is easier?", False),
    ("!nosuchcommand here", False),
    ("which is better for beginners?", True),
    ("compare speed", True),
    ("just chatting about <#1> things", False),
    ("", True),
]


@pytest.mark.parametrize(
    ("content", "mention_bot"), MESSAGES, ids=[m[0] or "(mention only)" for m in MESSAGES]
)
async def test_context_is_discord_pys(emu, versus, content, mention_bot):
    seen: asyncio.Future[discord.Message] = asyncio.get_running_loop().create_future()

    async def keep(message: discord.Message) -> None:
        seen.set_result(message)

    versus.add_listener(keep, "on_message")
    await emu.send_message(content=content, mention_bot=mention_bot)
    message = await asyncio.wait_for(seen, 5)

    ours = versus.message_context(message)
    theirs = await commands.Bot.get_context(versus, message, cls=VersusContext)

    assert all(hasattr(ours, name) for name in vars(theirs))
    assert (ours.prefix, ours.invoked_with, ours.command, ours.view.index) == (
        theirs.prefix,
        theirs.invoked_with,
        theirs.command,
        theirs.view.index,
    )
    assert (ours.guild, ours.channel, ours.author) == (theirs.guild, theirs.channel, theirs.author)
    assert ours.mentioned is (versus.user in message.mentions)
    assert ours.valid == theirs.valid
