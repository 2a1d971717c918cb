"""Answers the staff teach: `/teach` (a form), `!teach ASKS | ANSWER`, and `/taught list |
remove | export` — for members with Manage Server or the server's teaching role
(`settings teach-role`). Also registers the `/gaps` report's "Teach" buttons
(bot/discord/teaching.py) when the bot starts, so buttons sent before a restart keep working.

A taught answer belongs to its server: it answers only there, `export` gives only that
server's, and it goes with the server's other data when that is purged.
"""

from __future__ import annotations

import io
from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import CONTENT_LIMIT, ELLIPSIS, echo
from bot.core.matching import MAX_CHOICES
from bot.core.taught import TaughtAnswer, as_yaml, parse_asks
from bot.discord.client import Versus
from bot.discord.context import (
    MAX_CHOICE_NAME,
    VersusContext,
    hybrid_command,
    hybrid_group,
    require_teacher,
    subcommand,
)
from bot.discord.teaching import TeachForm, TeachTopic, save_lesson

TEACH_USAGE = (
    "Usage: `teach <ways of asking, separated by ;> | <the answer>`, e.g. "
    "`teach does it run on phones? ; mobile support | Not officially: see our wiki.` "
    "(`/teach` opens a form)."
)
NOTHING_TAUGHT = "Nothing taught yet: use `/teach`, or the Teach buttons of `/gaps`."


class Teaching(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(TeachTopic)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(TeachTopic)

    async def cog_check(self, ctx: VersusContext) -> bool:  # type: ignore[override]  # every context is one
        return await require_teacher(ctx)

    @hybrid_command(name="teach", usage="<ways of asking; …> | <answer>")
    @app_commands.guild_only()
    @app_commands.describe(entry="Empty: a form. Or: ways of asking, separated by ; then | and the answer")
    async def teach(self, ctx: VersusContext, *, entry: str = "") -> None:
        """Teach me an answer for this server (a form; or ways of asking; … | the answer)."""
        assert ctx.guild is not None  # require_teacher
        entry = str(entry)  # a stale slash schema may send another type
        if ctx.interaction is not None and not entry.strip():
            await ctx.interaction.response.send_modal(TeachForm(self.bot))
            return
        asks, bar, answer = entry.partition("|")
        if not bar:
            await ctx.tell(TEACH_USAGE)
            return
        await ctx.defer(ephemeral=True)
        await ctx.tell(await save_lesson(self.bot, ctx.guild.id, parse_asks(asks), answer, ctx.author.id))

    @hybrid_group(name="taught", fallback="list")
    @app_commands.guild_only()
    async def taught(self, ctx: VersusContext) -> None:
        """List the answers this server's staff taught me."""
        assert ctx.guild is not None
        lessons = self.bot.store.lessons(ctx.guild.id)
        if not lessons:
            await ctx.tell(NOTHING_TAUGHT)
            return
        lines = [f"{i}. {_entry_line(e)}" for i, e in enumerate(lessons.entries, 1)]
        await ctx.tell(_fitting(f"**Taught answers** ({len(lessons)})", lines))

    @subcommand(taught, name="remove")
    @app_commands.describe(question="The entry's first way of asking")
    async def remove(self, ctx: VersusContext, *, question: str) -> None:
        """Remove an answer the staff taught (by its first way of asking)."""
        assert ctx.guild is not None
        await ctx.defer(ephemeral=True)
        removed = await self.bot.store.forget(ctx.guild.id, str(question))
        if removed is None:
            await ctx.tell("No taught answer is asked that way: see `taught list`.")
            return
        await ctx.tell(f"Removed the taught answer to “{echo(removed.asks[0])}”.")

    @remove.autocomplete("question")
    async def _taught_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        guild = interaction.guild
        if guild is None:
            return []
        typed = current.strip().casefold()
        return [
            app_commands.Choice(name=e.asks[0][:MAX_CHOICE_NAME], value=e.topic)
            for e in self.bot.store.lessons(guild.id).entries
            if typed in e.asks[0].casefold()
        ][:MAX_CHOICES]

    @subcommand(taught, name="export")
    async def export(self, ctx: VersusContext) -> None:
        """This server's taught answers as a YAML file (python -m bot taught import reads it)."""
        assert ctx.guild is not None
        lessons = self.bot.store.lessons(ctx.guild.id)
        if not lessons:
            await ctx.tell(NOTHING_TAUGHT)
            return
        file = discord.File(io.BytesIO(as_yaml(lessons).encode()), filename=f"taught-{ctx.guild.id}.yaml")
        await ctx.deliver(
            {"content": f"{len(lessons)} taught answers.", "file": file}, ephemeral=True, reply=True
        )


def _entry_line(entry: TaughtAnswer) -> str:
    """One entry in `taught list`: its first way of asking, how many more, who and when."""
    more = f" (+{len(entry.asks) - 1} more)" if len(entry.asks) > 1 else ""
    return f"“{echo(entry.asks[0])}”{more} — by <@{entry.taught_by}>, {entry.taught_at:%Y-%m-%d}"


def _fitting(heading: str, lines: list[str]) -> str:
    """The heading and as many lines as fit one message, then how many more there are."""
    text, shown = heading, 0
    for line in lines:
        more = f"\n{ELLIPSIS} and {len(lines) - shown} more: `/taught export` has them all."
        if len(text) + 1 + len(line) + len(more) > CONTENT_LIMIT:
            return text + more
        text, shown = f"{text}\n{line}", shown + 1
    return text


async def setup(bot: Versus) -> None:
    await bot.add_cog(cast(commands.Cog, Teaching(bot)))
