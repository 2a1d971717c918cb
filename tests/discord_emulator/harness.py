"""Run a real discord.py client in-process against a `DiscordEmulator`.

`start_bot` points discord.py at the emulator (`bot.discord.target.point_discord_at`, which
is process-wide and left pointing there), logs in, connects in a task and returns once the
client is ready *and* has every guild of its shards available. `stop_bot` closes the client
and awaits its task, re-raising whatever ended it abnormally. Close the bot before stopping
the emulator.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import discord

from bot.discord.target import point_discord_at

from .emulator import DiscordEmulator
from .snowflake import shard_for

ClientT = TypeVar("ClientT", bound=discord.Client)


async def start_bot(
    emu: DiscordEmulator,
    bot: discord.Client,
    *,
    token: str | None = None,
    timeout: float = 10.0,
) -> asyncio.Task[None]:
    """Log `bot` in to the emulator and connect it; returns the task running the client.

    Raises what the client raised if it stopped before being ready (LoginFailure for a
    rejected token, PrivilegedIntentsRequired for a refused intent, ...), or TimeoutError.
    """
    point_discord_at(emu.api_base, emu.gateway_url)
    try:
        await bot.login(emu.token if token is None else token)
    except BaseException:
        await bot.close()
        raise
    task = asyncio.create_task(bot.connect(), name="discord-client")
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        await stop_bot(bot, task)
        raise TimeoutError(f"the client was not ready within {timeout} s")
    await _guilds_available(emu, bot, timeout)
    return task


async def stop_bot(bot: discord.Client, task: asyncio.Task[None]) -> None:
    """Close the client and wait for its task; re-raises the task's exception, if any."""
    await bot.close()
    await task


@asynccontextmanager
async def running_bot(emu: DiscordEmulator, bot: ClientT, *, timeout: float = 10.0) -> AsyncIterator[ClientT]:
    """`async with running_bot(emu, bot):` — start_bot on entry, stop_bot on exit."""
    task = await start_bot(emu, bot, timeout=timeout)
    try:
        yield bot
    finally:
        await stop_bot(bot, task)


async def _guilds_available(emu: DiscordEmulator, bot: discord.Client, timeout: float) -> None:
    """Wait for the guilds of the client's shards (discord.py may fire on_ready before the
    last GUILD_CREATE is processed when guild_ready_timeout is 0)."""
    if not bot.intents.guilds:
        return
    shard_count = bot.shard_count or 1
    shard_ids = getattr(bot, "shard_ids", None) or range(shard_count)
    for guild in emu.world.guilds:
        if shard_for(guild.id, shard_count) not in shard_ids:
            continue
        cached = bot.get_guild(guild.id)
        if cached is None or cached.unavailable:
            await bot.wait_for("guild_available", check=_is_guild(guild.id), timeout=timeout)


def _is_guild(guild_id: int) -> Callable[[discord.Guild], bool]:
    return lambda guild: guild.id == guild_id
