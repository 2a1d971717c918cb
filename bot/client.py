"""The Discord bot: start-up, prefixes, message routing and error handling.

`Versus` is an `AutoShardedBot`, so one process can run any set of shards. Its
`setup_hook` loads the knowledge base, opens the settings store and loads every extension
in `cogs/`. Replies can never ping anyone: `allowed_mentions` is none for the whole bot.
"""

from __future__ import annotations

import asyncio
import logging
import pkgutil
import signal
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot.config import Config
from bot.context import NotServerManager, VersusContext
from bot.discord_target import point_discord_at
from bot.engine import Engine
from bot.knowledge import KnowledgeError, load_knowledge
from bot.settings import GuildSettings, SettingError
from bot.store import SettingsStore, StoreError

log = logging.getLogger("versus")

EXIT_OK = 0
EXIT_BAD_KNOWLEDGE = 1
EXIT_BAD_TOKEN = 2
EXIT_INTENT_REFUSED = 3
EXIT_BAD_STORE = 4
APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again."
DEFAULT_SETTINGS = GuildSettings()


def extension_names() -> list[str]:
    """Every module in `cogs/` (each has `async def setup(bot)`)."""
    return [
        f"{cogs.__name__}.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_")
    ]


def build_intents(config: Config) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = config.message_content
    return intents


class Versus(commands.AutoShardedBot):
    def __init__(self, config: Config, **options: Any) -> None:
        super().__init__(
            command_prefix=_prefix,
            intents=build_intents(config),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            shard_count=config.shard_count,
            shard_ids=list(config.shard_ids) if config.shard_ids else None,
            chunk_guilds_at_startup=False,
            **options,
        )
        self.config = config
        self.engine: Engine | None = None
        self.store: SettingsStore | None = None

    # Start-up -------------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        self.engine = Engine(load_knowledge(self.config.knowledge_path))
        self.store = await SettingsStore.open(self.config.db_path)
        for name in extension_names():
            await self.load_extension(name)
        self.tree.on_error = self.on_app_command_error
        if self.shard_count is None and self.config.gateway_url:
            # AutoShardedBot takes the gateway URL from Discord unless the count is known.
            self.shard_count, _, _ = await self.http.get_bot_gateway()
        if not self.config.message_content:
            log.info(
                "Running without the message-content intent: text commands work only when "
                "the bot is mentioned; slash commands always work."
            )

    async def close(self) -> None:
        await super().close()
        if self.store is not None:
            await self.store.close()

    async def on_ready(self) -> None:
        log.info(
            "Ready as %s in %d servers (shards: %s).",
            self.user,
            len(self.guilds),
            self.shard_ids or "all",
        )

    # Settings and ownership -------------------------------------------------------------------

    def settings_for(self, guild: discord.abc.Snowflake | None) -> GuildSettings:
        """A server's settings from the store's in-memory cache (no I/O)."""
        if guild is None or self.store is None:
            return DEFAULT_SETTINGS
        return self.store.cached(guild.id)

    async def is_owner(self, user: discord.abc.User) -> bool:
        return user.id in self.config.owner_ids or await super().is_owner(user)

    def reload_knowledge(self, path: Path | None = None) -> Engine:
        """Swap in a freshly loaded knowledge base; on KnowledgeError the old one stays."""
        engine = Engine(load_knowledge(path or self.config.knowledge_path))
        self.engine = engine
        return engine

    # Messages ---------------------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        ctx = await self.get_context(message, cls=VersusContext)
        if ctx.command is not None:
            await self.invoke(ctx)
        else:
            self.dispatch("free_form_message", ctx)

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        """An edited command runs again (as on most bots), under the same checks."""
        if before.content == after.content or after.author.bot:
            return
        ctx = await self.get_context(after, cls=VersusContext)
        if ctx.command is not None:
            await self.invoke(ctx)

    async def get_context(self, origin, /, *, cls=VersusContext):  # type: ignore[override]
        return await super().get_context(origin, cls=cls)

    # Errors ---------------------------------------------------------------------------------

    async def on_command_error(self, ctx: VersusContext, error: commands.CommandError) -> None:
        if isinstance(error, commands.CommandNotFound):
            return
        message = user_error_message(ctx, error)
        if message is None:
            command = ctx.command.qualified_name if ctx.command else "?"
            log.error("Command %s failed", command, exc_info=error)
            message = APOLOGY
        try:
            await ctx.tell(message)
        except discord.HTTPException:
            log.warning("Could not tell %s about an error in %s", ctx.author.id, ctx.channel.id)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Errors of slash commands that never reached a hybrid command (e.g. unknown ids)."""
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            name = (
                error.name
                if isinstance(error, app_commands.CommandNotFound)
                else error.command.qualified_name
            )
            log.warning(
                "Slash command %r is out of date: run the sync command to publish current ones.", name
            )
            text = "That command is out of date. Try `/help`; the bot owner can run `sync`."
        else:
            log.error("Slash command failed", exc_info=error)
            text = APOLOGY
        send = (
            interaction.followup.send if interaction.response.is_done() else interaction.response.send_message
        )
        try:
            await send(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("Could not answer interaction %s", interaction.id)


def user_error_message(ctx: VersusContext, error: Exception) -> str | None:
    """What to tell a user whose command failed through their own doing; None if it's ours."""
    if isinstance(error, commands.HybridCommandError | commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, SettingError | NotServerManager | commands.NoPrivateMessage):
        return str(error)
    if isinstance(error, commands.NotOwner):
        return "Only the bot's owner can do that."
    if isinstance(error, commands.CommandOnCooldown):
        return f"Slow down a little — try again in {error.retry_after:.0f}s."
    if isinstance(error, commands.BadArgument | app_commands.TransformerError):
        usage = (
            f"{ctx.clean_prefix}{ctx.command.qualified_name} {ctx.command.signature}" if ctx.command else ""
        )
        return f"I couldn't understand that argument. Usage: `{usage.strip()}`"
    if isinstance(error, commands.UserInputError):
        usage = (
            f"{ctx.clean_prefix}{ctx.command.qualified_name} {ctx.command.signature}" if ctx.command else ""
        )
        return f"Missing or extra input. Usage: `{usage.strip()}`"
    if isinstance(error, commands.CheckFailure):
        return "You can't use that command here."
    if isinstance(error, StoreError):
        log.error("Settings store failed: %s", error)
        return (
            "I couldn't save that: the settings database has a problem. The owner has been told in the logs."
        )
    return None


async def _prefix(bot: Versus, message: discord.Message) -> list[str]:
    """The server's own prefix (from the settings cache) or a mention of the bot."""
    prefix = bot.settings_for(message.guild).prefix or bot.config.prefix
    return [f"<@{bot.user.id}> ", f"<@!{bot.user.id}> ", f"<@{bot.user.id}>", prefix]


# Running ----------------------------------------------------------------------------------------


def run_bot(config: Config) -> int:
    """Connect to Discord and run until stopped; returns the process exit code."""
    discord.utils.setup_logging(level=getattr(logging, config.log_level, logging.INFO), root=True)
    if not config.token:
        log.error("DISCORD_TOKEN is not set: put the bot token in the environment or in .env.")
        return EXIT_BAD_TOKEN
    point_discord_at(config.api_base, config.gateway_url)
    return asyncio.run(_run(config))


async def _run(config: Config) -> int:
    bot = Versus(config)
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Cancelling (not just closing) also interrupts discord.py's reconnect back-off.
        loop.add_signal_handler(sig, main.cancel)
    try:
        async with bot:  # closes the bot and the store on the way out, cancelled or not
            try:
                await bot.start(config.token)
            except asyncio.CancelledError:
                log.info("Stopping on a signal.")
    except discord.LoginFailure:
        log.error("Discord rejected the token in DISCORD_TOKEN: copy a fresh one from the developer portal.")
        return EXIT_BAD_TOKEN
    except discord.PrivilegedIntentsRequired:
        log.error(
            "Discord refused the message-content intent: enable 'Message Content Intent' on the "
            "Bot page of the developer portal, or set VERSUS_MESSAGE_CONTENT=false."
        )
        return EXIT_INTENT_REFUSED
    except KnowledgeError as exc:
        log.error("Invalid knowledge base: %s", exc)
        return EXIT_BAD_KNOWLEDGE
    except StoreError as exc:
        log.error("%s", exc)
        return EXIT_BAD_STORE
    return EXIT_OK


def sync_commands(config: Config, guild_id: int | None = None) -> int:
    """Publish the slash commands (globally, or to one server) and exit."""
    discord.utils.setup_logging(level=getattr(logging, config.log_level, logging.INFO), root=True)
    if not config.token:
        log.error("DISCORD_TOKEN is not set: put the bot token in the environment or in .env.")
        return EXIT_BAD_TOKEN
    point_discord_at(config.api_base, config.gateway_url)
    return asyncio.run(_sync(config, guild_id))


async def _sync(config: Config, guild_id: int | None) -> int:
    bot = Versus(config)
    try:
        async with bot:
            await bot.login(config.token)
            synced = await publish(bot, discord.Object(guild_id) if guild_id else None)
    except discord.LoginFailure:
        log.error("Discord rejected the token in DISCORD_TOKEN: copy a fresh one from the developer portal.")
        return EXIT_BAD_TOKEN
    print(
        f"Published {len(synced)} slash commands {'to server ' + str(guild_id) if guild_id else 'globally'}."
    )
    return EXIT_OK


async def publish(bot: Versus, guild: discord.abc.Snowflake | None) -> list[app_commands.AppCommand]:
    """Sync the command tree globally, or copy it to one server and sync there (instant)."""
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    return await bot.tree.sync(guild=guild)
