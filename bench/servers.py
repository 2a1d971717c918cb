"""How one process grows with the servers it serves: peak RSS and process start → first
answer at 1, 1,000 and 10,000 servers, Versus beside a default bare discord.py bot, each
launched fresh against its own emulator.

    python -m bench.servers
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from bench.e2e import launch, stop
from bench.report import Figure

SERVERS = (1, 1_000, 10_000)
BOTS = {"bare discord.py": ["bench.bare_bot"], "Versus": ["bot", "run"]}


async def _measure() -> dict[tuple[str, int], tuple[float, float]]:
    """(bot, servers) → (seconds to first answer, peak RSS MiB)."""
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for servers in SERVERS:
            for name, module in BOTS.items():
                bot = await launch(
                    "bare" if name.startswith("bare") else "versus", module, Path(folder), servers=servers
                )
                figures[name, servers] = (bot.ready_seconds, bot.peak_rss_mib())
                await stop(bot)
    return figures


def run() -> list[Figure]:
    measured = asyncio.run(_measure())
    rows = []
    for servers in SERVERS:
        (bare_ready, bare_rss), (ready, rss) = (
            measured["bare discord.py", servers],
            measured["Versus", servers],
        )
        rows += [
            Figure("servers", f"{servers:,} servers: bare discord.py peak RSS", bare_rss, "MiB"),
            Figure(
                "servers",
                f"{servers:,} servers: Versus peak RSS (+{rss - bare_rss:.1f} MiB)",
                rss,
                "MiB",
                note=f"ratio {rss / bare_rss:.2f}",
            ),
            Figure(
                "servers",
                f"{servers:,} servers: bare discord.py start → first answer",
                bare_ready * 1000,
                "ms",
            ),
            Figure(
                "servers",
                f"{servers:,} servers: Versus start → first answer",
                ready * 1000,
                "ms",
                note=f"ratio {ready / bare_ready:.2f}",
            ),
        ]
    return rows


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
