"""Discord snowflakes: 64-bit ids whose top 42 bits are milliseconds since the Discord epoch.

Discord rejects interactions whose id is not a current snowflake in spirit (discord.py
derives `created_at` from it), so every id the emulator makes is built from the clock.
"""

from __future__ import annotations

import itertools
import time

DISCORD_EPOCH_MS = 1_420_070_400_000
_WORKER_BITS = 1 << 17  # worker 1, process 0: any constant will do
_increment = itertools.count()


def snowflake_at(unix_ms: int) -> int:
    """A fresh snowflake for the given Unix time in milliseconds (unique within the process)."""
    return ((unix_ms - DISCORD_EPOCH_MS) << 22) | _WORKER_BITS | (next(_increment) & 0xFFF)


def new_snowflake() -> int:
    """A fresh snowflake for the current time."""
    return snowflake_at(time.time_ns() // 1_000_000)


def snowflake_unix_ms(snowflake: int) -> int:
    """The Unix time in milliseconds encoded in a snowflake."""
    return (snowflake >> 22) + DISCORD_EPOCH_MS


def shard_for(guild_id: int, shard_count: int) -> int:
    """The shard that receives a guild's events: `(guild_id >> 22) % shard_count`."""
    return (guild_id >> 22) % shard_count
