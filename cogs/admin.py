"""For server admins: `/gaps` shows what members asked that Versus could not answer, grouped
into topics with counts and an example each, and the answers members voted down (👎).

This cog also registers the handler of the 👍/👎 buttons (bot/discord/feedback.py) when the
bot starts, so buttons sent before a restart keep working, and forgets unanswered questions
and votes once they are `MAX_AGE` old (hourly; the store also prunes a server's questions on
every insert).

By prefix, the report goes to the admin's DMs: members' questions, possibly from private
channels, are not for the channel the command was typed in. By slash, it comes with a "Teach"
button per topic (bot/discord/teaching.py): the answer taught takes the topic off the report.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.gaps import MAX_AGE, SHOWN, render_discord
from bot.discord.client import Versus
from bot.discord.context import VersusContext, hybrid_command, require_server_manager
from bot.discord.feedback import VoteButton
from bot.discord.teaching import teach_buttons
from bot.ops.reports import gap_report
from bot.storage.base import StoreError

log = logging.getLogger(__name__)

SENT_BY_DM = "I've sent you this server's unanswered questions in a direct message."
DMS_CLOSED = (
    "Your direct messages are closed, so I can't send you the report: use `/gaps`, which only you see."
)


class Admin(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(VoteButton)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Connected (again): the hourly expiry runs (never for `python -m bot sync`)."""
        if not self.expire.is_running():
            self.expire.start()

    async def cog_unload(self) -> None:
        self.expire.cancel()
        self.bot.remove_dynamic_items(VoteButton)

    async def cog_check(self, ctx: VersusContext) -> bool:  # type: ignore[override]  # every context is one
        return await require_server_manager(ctx)

    @hybrid_command(name="gaps", usage="")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def gaps(self, ctx: VersusContext) -> None:
        """What members asked that I could not answer, and the answers they voted down."""
        assert ctx.guild is not None  # require_server_manager
        await ctx.defer(ephemeral=True)  # reading the database may outlast Discord's 3 seconds
        report = await gap_report(self.bot.store, ctx.guild.id, datetime.now(UTC))
        text = render_discord(report.gaps, report.disliked)
        if ctx.interaction is not None:  # in the server, to one admin: a Teach button per topic
            view = teach_buttons(report.gaps, SHOWN)
            if view is None:
                await ctx.tell(text)
            else:
                await ctx.send(text, view=view, ephemeral=True)
            return
        try:
            await ctx.author.send(text)
        except discord.Forbidden:
            await ctx.tell(DMS_CLOSED)
            return
        await ctx.tell(SENT_BY_DM)

    @tasks.loop(hours=1)
    async def expire(self) -> None:
        """Forget unanswered questions and votes older than MAX_AGE."""
        try:
            await self.bot.store.expire(datetime.now(UTC) - MAX_AGE)
        except StoreError as exc:
            log.warning("Could not forget old unanswered questions and votes (will retry): %s", exc)
            self.bot.metrics.store_failed()


async def setup(bot: Versus) -> None:
    await bot.add_cog(Admin(bot))
