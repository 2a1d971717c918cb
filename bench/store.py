"""Settings-store benchmark, SQLite and PostgreSQL side by side: queries per message after
warm-up, concurrent writes/s, and the time to open a database holding 10,000 servers.
PostgreSQL runs on a throwaway local server (tests/postgres.py), skipped with a note where
its binaries are missing.

    python -m bench.store
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from bench.report import Figure
from bot.core.settings import GuildSettings
from bot.storage import open_store
from tests.postgres import MISSING, running_server, server_binaries

SERVERS = 10_000
WRITERS = 200
WRITES_PER_WRITER = 10
MESSAGES = 100_000
ROUNDS = 3

NewDatabase = Callable[[], Awaitable[str]]
"""A fresh, empty database: its VERSUS_DB value."""


async def _populate(target: str, servers: int) -> None:
    async with await open_store(target) as store:
        await store.import_servers({g: GuildSettings(prefix="?") for g in range(1, servers + 1)}, {})


async def _writes_per_second(target: str) -> float:
    async with await open_store(target) as store:

        async def writer(guild: int) -> None:
            for i in range(WRITES_PER_WRITER):
                await store.update(guild, style="text" if i % 2 else "embed")

        start = time.perf_counter()
        await asyncio.gather(*(writer(guild) for guild in range(1, WRITERS + 1)))
        elapsed = time.perf_counter() - start
    return WRITERS * WRITES_PER_WRITER / elapsed


async def _open_seconds(target: str) -> tuple[float, float]:
    start = time.perf_counter()
    store = await open_store(target)
    elapsed = time.perf_counter() - start
    queries_before = store.query_count
    for message in range(MESSAGES):  # what the bot does per message: read the cached prefix
        store.cached(message % SERVERS + 1)
    per_message = (store.query_count - queries_before) / MESSAGES
    await store.close()
    return elapsed, per_message


async def _figures(engine: str, new_database: NewDatabase) -> list[Figure]:
    big = await new_database()
    await _populate(big, SERVERS)
    opens, per_message = zip(*[await _open_seconds(big) for _ in range(ROUNDS)], strict=True)
    writes = [await _writes_per_second(await new_database()) for _ in range(ROUNDS)]
    return [
        Figure(
            "store",
            f"{engine}: database queries per message after open",
            max(per_message),
            "",
            target="0",
            met=max(per_message) == 0,
            note=f"{MESSAGES:,} reads",
        ),
        Figure(
            "store",
            f"{engine}: writes/s, {WRITERS} servers writing at once",
            statistics.median(writes),
            "/s",
            spread=f"{min(writes):,.0f}–{max(writes):,.0f}",
        ),
        Figure(
            "store",
            f"{engine}: open + load {SERVERS:,} servers",
            statistics.median(opens) * 1000,
            "ms",
            spread=f"{min(opens) * 1000:,.1f}–{max(opens) * 1000:,.1f}",
        ),
    ]


@asynccontextmanager
async def _sqlite() -> AsyncIterator[NewDatabase]:
    with tempfile.TemporaryDirectory() as folder:
        files = (str(Path(folder) / f"db{n}.sqlite3") for n in range(1_000))

        async def new() -> str:
            return next(files)

        yield new


async def _run() -> list[Figure]:
    async with _sqlite() as new_file:
        figures = await _figures("SQLite", new_file)
    binaries = server_binaries()
    if binaries is None:
        return [*figures, Figure("store", "PostgreSQL: skipped", 0, "", note=MISSING)]
    with running_server(binaries) as server:  # local, fsync off: the engine's own cost
        return figures + await _figures("PostgreSQL", server.new_database)


def run() -> list[Figure]:
    return asyncio.run(_run())


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
