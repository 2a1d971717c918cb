"""Settings-store benchmark: queries per message after warm-up, concurrent writes/s, and
the time to open a database holding 10,000 servers.

    python -m bench.store
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bench.report import Figure
from bot.store import SettingsStore

SERVERS = 10_000
WRITERS = 200
WRITES_PER_WRITER = 10
MESSAGES = 100_000
ROUNDS = 3


async def _populate(path: Path, servers: int) -> None:
    store = await SettingsStore.open(path)
    await asyncio.gather(*(store.update(guild, prefix="?") for guild in range(1, servers + 1)))
    await store.close()


async def _writes_per_second(path: Path) -> float:
    store = await SettingsStore.open(path)

    async def writer(guild: int) -> None:
        for i in range(WRITES_PER_WRITER):
            await store.update(guild, style="text" if i % 2 else "embed")

    start = time.perf_counter()
    await asyncio.gather(*(writer(guild) for guild in range(1, WRITERS + 1)))
    elapsed = time.perf_counter() - start
    await store.close()
    return WRITERS * WRITES_PER_WRITER / elapsed


async def _open_seconds(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    store = await SettingsStore.open(path)
    elapsed = time.perf_counter() - start
    queries_before = store.query_count
    for message in range(MESSAGES):  # what the bot does per message: read the cached prefix
        store.cached(message % SERVERS + 1)
    per_message = (store.query_count - queries_before) / MESSAGES
    await store.close()
    return elapsed, per_message


async def _run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "big.sqlite3"
        await _populate(big, SERVERS)
        opens, per_message = zip(*[await _open_seconds(big) for _ in range(ROUNDS)], strict=True)
        writes = [await _writes_per_second(Path(folder) / f"writes{i}.sqlite3") for i in range(ROUNDS)]
    return [
        Figure(
            "store",
            "database queries per message after open",
            max(per_message),
            "",
            target="0",
            met=max(per_message) == 0,
            note=f"{MESSAGES:,} reads",
        ),
        Figure(
            "store",
            f"writes/s, {WRITERS} servers writing at once",
            statistics.median(writes),
            "/s",
            spread=f"{min(writes):,.0f}–{max(writes):,.0f}",
        ),
        Figure(
            "store",
            f"open + load {SERVERS:,} servers",
            statistics.median(opens) * 1000,
            "ms",
            spread=f"{min(opens) * 1000:,.1f}–{max(opens) * 1000:,.1f}",
        ),
    ]


def run() -> list[Figure]:
    return asyncio.run(_run())


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
