"""What happens around the commands: servers joining and leaving, channels deleted, and
processes that share a settings database staying in step.

- A deleted channel leaves the opted-in list at once; channels deleted while the bot was
  offline are pruned when their server becomes available.
- A server that removes the bot keeps its data for `GRACE_PERIOD` (re-invited meanwhile,
  nothing is lost), then it is deleted — at start-up and daily. A server that removed the
  bot while it was offline is noticed when the bot is ready (Discord no longer lists it).
  A server that is only unavailable (a Discord outage) keeps everything.
- The store's `follow()` runs for the bot's lifetime: settings written by another process
  reach this one's cache, and an owner's `reload` anywhere reloads every process. Should
  another process have claimed this one's shards meanwhile (PostgreSQL, after a database
  restart), this one stops with exit code 2: both would answer the same servers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from datetime import timedelta

import discord
from discord.ext import commands, tasks

from bot.core.knowledge import KnowledgeError
from bot.discord.client import Versus
from bot.discord.context import VersusContext
from bot.ops.exits import EXIT_BAD_CONFIG
from bot.storage.base import ShardConflict, StoreError

log = logging.getLogger(__name__)

GRACE_PERIOD = timedelta(days=30)
RELOAD_COMMAND = "reload"  # cogs/owner.py: reloading there is broadcast from here


class Lifecycle(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot
        self._follow: asyncio.Task[None] | None = None
        self._reloading: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._follow = asyncio.create_task(self.bot.store.follow(self._reload_knowledge))
        self._follow.add_done_callback(self._follow_stopped)
        self.purge_expired.start()

    async def cog_unload(self) -> None:
        self.purge_expired.cancel()
        if self._follow is not None:
            self._follow.cancel()

    # --- servers ------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Removed (kicked, banned, left): the grace period starts. Outages never get here."""
        await self._keep_going(self.bot.store.mark_removed(guild.id, time.time()), guild)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Servers that removed the bot while it was offline never send GUILD_DELETE: every
        stored server of this process's shards that Discord did not list starts its grace
        period now."""
        now = time.time()
        for guild_id in list(self.bot.store.servers()):
            if self._serves(guild_id) and self.bot.get_guild(guild_id) is None:
                await self._keep_going(self.bot.store.mark_removed(guild_id, now), discord.Object(guild_id))

    def _serves(self, guild_id: int) -> bool:
        """Whether this process runs the shard Discord sends this server's events to."""
        count = self.bot.shard_count or 1
        return self.bot.shard_ids is None or (guild_id >> 22) % count in self.bot.shard_ids

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._arrived(guild)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._arrived(guild)

    async def _arrived(self, guild: discord.Guild) -> None:
        """The bot is in this server: keep its data, drop channels deleted meanwhile."""
        await self._keep_going(self.bot.store.mark_present(guild.id), guild)
        existing = {channel.id for channel in guild.channels} | {thread.id for thread in guild.threads}
        gone = self.bot.store.cached(guild.id).freeform_channels - existing
        if gone:
            log.info("Server %s: %d opted-in channel(s) no longer exist; removing them.", guild.id, len(gone))
            await self._keep_going(self.bot.store.remove_freeform_channels(guild.id, gone), guild)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await self._keep_going(
            self.bot.store.remove_freeform_channels(channel.guild.id, {channel.id}), channel.guild
        )

    @tasks.loop(hours=24)
    async def purge_expired(self) -> None:
        """Delete the data of servers that removed the bot more than GRACE_PERIOD ago."""
        before = time.time() - GRACE_PERIOD.total_seconds()
        try:
            purged = await self.bot.store.purge_removed(before)
        except StoreError as exc:
            log.warning("Could not delete expired servers' data (will retry tomorrow): %s", exc)
            self.bot.metrics.store_failed()
            return
        if purged:
            log.info(
                "Deleted the settings of %d server(s) that removed the bot over %d days ago.",
                len(purged),
                GRACE_PERIOD.days,
            )

    # --- processes in step --------------------------------------------------------------

    @commands.Cog.listener()
    async def on_command_completion(self, ctx: VersusContext) -> None:
        """An owner's `reload` here: every other process sharing the database reloads too."""
        if ctx.command is not None and ctx.command.qualified_name == RELOAD_COMMAND:
            try:
                await self.bot.store.notify_reload()
            except StoreError as exc:
                log.warning("Could not tell other processes to reload: %s", exc)

    def _reload_knowledge(self) -> None:
        """Another process's owner ran `reload`: reloaded beside the answers (kept, so that it
        is not collected midway)."""
        self._reloading = asyncio.get_running_loop().create_task(self._reload())

    async def _reload(self) -> None:
        try:
            engine = await self.bot.reload_knowledge()
        except KnowledgeError as exc:
            log.error("Reload asked by another process: kept the current knowledge base: %s", exc)
            return
        log.info(
            "Knowledge base reloaded (asked by another process): %d comparison(s).",
            len(engine.kb.comparisons),
        )

    def _follow_stopped(self, follow: asyncio.Task[None]) -> None:
        """`follow` runs until cancelled. It ends by itself when another process took this
        one's shards (this one stops); anything else is a bug to see in the log."""
        if follow.cancelled() or follow.exception() is None:
            return
        error = follow.exception()
        if isinstance(error, ShardConflict):
            log.error("Stopping: another process claimed this one's shards meanwhile. %s", error)
            self.bot.stop_with(EXIT_BAD_CONFIG)
        else:
            log.error("Stopped following other processes' changes", exc_info=error)

    async def _keep_going(self, write: Awaitable[object], guild: discord.abc.Snowflake) -> None:
        """A failed housekeeping write is logged, never raised into discord.py's dispatch."""
        try:
            await write
        except StoreError as exc:
            log.warning("Server %s: could not update its stored data: %s", guild.id, exc)
            self.bot.metrics.store_failed()


async def setup(bot: Versus) -> None:
    await bot.add_cog(Lifecycle(bot))
