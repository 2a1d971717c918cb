"""Owner tools: publish slash commands and reload the knowledge base.

Text commands only (mention the bot if the message-content intent is off), so they never
appear in members' slash-command lists.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from bot.core.knowledge import KnowledgeError
from bot.discord.client import Versus, publish
from bot.discord.context import VersusContext

SYNC_SCOPES = ("global", "here", "clear")


class Owner(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def cog_check(self, ctx: VersusContext) -> bool:  # type: ignore[override]  # every context is one
        if not await self.bot.is_owner(ctx.author):
            raise commands.NotOwner()
        return True

    @commands.command()
    async def sync(self, ctx: VersusContext, scope: str = "global") -> None:
        """Publish slash commands: `sync` (global), `sync here` (this server, instant), or
        `sync clear` (remove this server's copy, leaving the global commands)."""
        if scope not in SYNC_SCOPES:
            raise commands.BadArgument(f"scope must be one of {', '.join(SYNC_SCOPES)}")
        if scope == "global":
            synced = await publish(self.bot, None)
            await ctx.tell(f"Published {len(synced)} slash commands globally.")
            return
        if ctx.guild is None:
            raise commands.NoPrivateMessage(f"`sync {scope}` works in a server.")
        if scope == "clear":
            self.bot.tree.clear_commands(guild=ctx.guild)
            await self.bot.tree.sync(guild=ctx.guild)
            await ctx.tell(f"Removed {ctx.guild.name}'s own copy of the slash commands.")
            return
        synced = await publish(self.bot, ctx.guild)
        await ctx.tell(f"Published {len(synced)} slash commands to {ctx.guild.name}.")

    @commands.command()
    async def reload(self, ctx: VersusContext) -> None:
        """Re-read the knowledge base; an invalid file keeps the current one."""
        try:
            engine = await self.bot.reload_knowledge()
        except KnowledgeError as exc:
            problem = discord.utils.escape_markdown(str(exc))
            await ctx.tell(f"Kept the current knowledge base. The new one is invalid:\n{problem}")
            return
        titles = ", ".join(c.title for c in engine.kb.comparisons)
        await ctx.tell(f"Knowledge base reloaded: {titles}.")


async def setup(bot: Versus) -> None:
    await bot.add_cog(Owner(bot))
