"""The line `python -m bot run` logs once logged in, before connecting to the gateway: what
this process is about to run.

    Versus 0.1.0: 1 comparison(s) loaded (keras-vs-mxnet); database data/versus.sqlite3;
    prefix !; shards: as many as Discord recommends; metrics on http://127.0.0.1:9100;
    slash commands never synced; run python -m bot sync.

The database is named as the store names it, a PostgreSQL password hidden (`***`). Whether
slash commands were synced is asked of Discord, which keeps them: the application's global
commands against the ones this Versus defines (one request; nothing is published).
"""

from __future__ import annotations

from typing import Any

import aiohttp
import discord
from discord import app_commands

from bot import __version__
from bot.discord.client import Versus

SYNC_HINT = "run python -m bot sync"
CommandNames = frozenset[tuple[str, discord.AppCommandType]]
AppCommandDefinition = app_commands.Command[Any, ..., Any] | app_commands.Group | app_commands.ContextMenu


async def startup_line(bot: Versus, metrics_address: str | None) -> str:
    """The start-up line of a logged-in `bot`; `metrics_address` is where `/metrics` is
    served (None: off)."""
    comparisons = bot.engine.kb.comparisons
    metrics = f"metrics on {metrics_address}" if metrics_address else "metrics off"
    return (
        f"Versus {__version__}: {len(comparisons)} comparison(s) loaded "
        f"({', '.join(c.id for c in comparisons)}); database {bot.store.where}; "
        f"prefix {bot.config.prefix}; {shards_of(bot)}; {metrics}; {await slash_commands_of(bot)}."
    )


def shards_of(bot: Versus) -> str:
    """Which shards this process runs, as far as it knows before connecting."""
    if bot.shard_count is None:
        return "shards: as many as Discord recommends"
    if bot.shard_ids is None:
        return f"shards: all {bot.shard_count}"
    return f"shards {', '.join(map(str, bot.shard_ids))} of {bot.shard_count}"


async def slash_commands_of(bot: Versus) -> str:
    """Whether Discord has this Versus's slash commands: never synced, out of date, or published."""
    try:
        published = await bot.tree.fetch_commands()
    except (discord.HTTPException, aiohttp.ClientError) as exc:
        return f"slash commands unknown (Discord did not list them: {exc})"
    return sync_state(
        frozenset((c.name, c.type) for c in published),
        frozenset((c.name, _type_of(c)) for c in bot.tree.get_commands()),
    )


def _type_of(command: AppCommandDefinition) -> discord.AppCommandType:
    """A slash command, a group of them, or a context menu's type (user or message)."""
    if isinstance(command, app_commands.ContextMenu):
        return command.type
    return discord.AppCommandType.chat_input


def sync_state(published: CommandNames, defined: CommandNames) -> str:
    """What the application's global commands on Discord say of the ones defined here."""
    if not published:
        return f"slash commands never synced; {SYNC_HINT}"
    if published != defined:
        return (
            f"slash commands out of date ({len(published)} published, {len(defined)} defined "
            f"here); {SYNC_HINT}"
        )
    return f"{len(published)} slash commands published"


def http_address(host: str, port: int) -> str:
    """`http://HOST:PORT`, an IPv6 address in brackets."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
