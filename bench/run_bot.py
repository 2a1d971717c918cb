"""How the benchmark's bare bots run: like `Client.run`, but stopped cleanly by SIGINT or
SIGTERM at any moment, as Versus is. (`Client.run` stops on the KeyboardInterrupt a SIGINT
raises wherever the interpreter happens to be; now and then asyncio swallows it in a callback
and the bot runs on, and a benchmark waiting for it to exit — callgrind writes its counts at
exit — waits forever.)"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal

import discord


def run_until_stopped(client: discord.Client) -> None:
    """Connect with DISCORD_TOKEN and answer until SIGINT or SIGTERM; warnings to stderr."""
    discord.utils.setup_logging(level=logging.WARNING)
    asyncio.run(_serve(client))


async def _serve(client: discord.Client) -> None:
    serving = asyncio.current_task()
    assert serving is not None  # run by asyncio.run
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, serving.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        async with client:
            await client.start(os.environ["DISCORD_TOKEN"])
