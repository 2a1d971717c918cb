"""What a user is told when a command fails, and what the log is told.

Every command error comes here: discord.py's own (`on_command_error`, dispatched for prefix
and hybrid commands, and for the answer commands Versus runs itself) and the slash-command
tree's (`tree.on_error`, for slash commands that never reached a hybrid command, such as
outdated ones). A user's own mistake gets a message saying what to do; a fault of ours gets
an apology, and its traceback goes to the log. A flooding user is told once per window
(`VersusContext.notice_too_fast`). Nothing is told where the bot may not write.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import echo
from bot.core.settings import SettingError
from bot.core.taught import TeachError
from bot.discord.client import Versus
from bot.discord.context import NoSuchComparison, NotServerManager, TooFast, VersusContext
from bot.discord.guards import Recent
from bot.storage.base import StoreError, StoreUnavailable

log = logging.getLogger("versus")

APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again."
OUTDATED = "That command is out of date. Try `/help`; the bot owner can run `sync`."


class Errors(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot
        self.store_problems: Recent[str, bool] = Recent()  # store failures already logged

    async def cog_load(self) -> None:
        self._tree_on_error = self.bot.tree.on_error
        self.bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._tree_on_error  # type: ignore[method-assign]

    @commands.Cog.listener()
    async def on_command_error(self, ctx: VersusContext, error: commands.CommandError) -> None:
        if isinstance(error, commands.CommandNotFound):
            return
        cause = root_cause(error)
        if isinstance(cause, TooFast):
            await ctx.notice_too_fast(cause.retry_after, self.bot.command_limit)
            return
        if isinstance(cause, discord.Forbidden):
            log.warning("Missing permission to answer in channel %s: %s", ctx.channel.id, cause.text)
            return
        message = self.user_error_message(ctx, error)
        if message is None:
            command = ctx.command.qualified_name if ctx.command else "?"
            log.error("Command %s failed", command, exc_info=error)
            message = APOLOGY
        try:
            await ctx.tell(message)
        except discord.HTTPException:
            log.warning("Could not tell %s about an error in %s", ctx.author.id, ctx.channel.id)

    async def on_app_command_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
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
            text = OUTDATED
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

    def user_error_message(self, ctx: VersusContext, error: Exception) -> str | None:
        """What to tell a user whose command failed through their own doing, or because the
        settings database failed; None if it is a fault of ours."""
        error = root_cause(error)
        if isinstance(
            error, SettingError | TeachError | NotServerManager | NoSuchComparison | commands.NoPrivateMessage
        ):
            return str(error)
        if isinstance(error, commands.NotOwner):
            return "Only the bot's owner can do that."
        if isinstance(error, commands.ChannelNotFound | commands.BadUnionArgument):  # our unions are channels
            return (
                "I can't find a text channel or forum like that in this server: name one as #channel "
                f"(voice channels and categories can't be opted in). Usage: `{_usage(ctx)}`"
            )
        if isinstance(error, commands.BadArgument | app_commands.TransformerError):
            return f"I couldn't understand that argument: {echo(str(error))} Usage: `{_usage(ctx)}`"
        if isinstance(error, commands.UserInputError):
            return f"Missing or extra input. Usage: `{_usage(ctx)}`"
        if isinstance(error, commands.CheckFailure):
            return "You can't use that command here."
        if isinstance(error, StoreError):
            return self._store_failed(error)
        return None

    def _store_failed(self, error: StoreError) -> str:
        self.bot.metrics.store_failed()  # unreachable or failed: every attempt counts
        if isinstance(error, StoreUnavailable):
            return (
                "I couldn't save that: the settings database is unreachable right now. Nothing changed; "
                "try again in a minute."
            )
        if self.store_problems.get(str(error)) is None:  # each problem once, not per attempt
            self.store_problems.put(str(error), True)
            log.error("Settings store failed: %s", error)
        return (
            "I couldn't save that: the settings database has a problem. The owner has been told in the logs."
        )


def root_cause(error: Exception) -> Exception:
    """The exception inside discord.py's hybrid, prefix and slash invocation wrappers."""
    while isinstance(
        error, commands.HybridCommandError | commands.CommandInvokeError | app_commands.CommandInvokeError
    ):
        error = error.original
    return error


def _usage(ctx: VersusContext) -> str:
    return (
        f"{ctx.clean_prefix}{ctx.command.qualified_name} {ctx.command.signature}".strip()
        if ctx.command
        else ""
    )


async def setup(bot: Versus) -> None:
    await bot.add_cog(Errors(bot))
