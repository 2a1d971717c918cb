"""Instructions per message: Versus's own work, measured with far less noise than CPU time.

On this shared machine the CPU time of the same code moves by several points of "own share"
from one run to the next; the number of instructions a process executes moves by about 1%
on a quiet machine. (Not 0: under load the event loop handles more events per turn — with
the test suite running beside it, Versus's count dropped 15% — so measure on a quiet
machine.) Each bot, the same-payload bare bot (bench/same_payload_bot.py) and Versus, runs
under valgrind's callgrind twice: after answering the corpus once (every answer built and
cached), once SHORT more messages, once LONG; the difference between the two runs' totals,
over LONG - SHORT messages, is its instructions per message (start-up, warm-up and
shut-down cancel out). Slow (about 4 minutes); `make bench` runs it where valgrind is.

    python -m bench.instructions
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import tempfile
from pathlib import Path

from bench.e2e import TRIPS, launch, replies_to, versus_messages
from bench.report import Figure

SHORT, LONG = 100, 400  # 300 messages apart: the totals differ by about 1% from run to run
VALGRIND_TIMEOUT = 600.0  # seconds: Python under callgrind starts in about half a minute
TOTAL = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)
BOTS = {"same": ["bench.same_payload_bot"], "versus": ["bot", "run"]}
# Every run hashes strings alike, so its dicts and sets are laid out alike: one source of
# run-to-run differences fewer.
SAME_HASHES = {"PYTHONHASHSEED": "0"}


async def instructions(name: str, messages: int, folder: Path) -> int:
    """Instructions a bot's process executes in all, answering the corpus, then `messages` more."""
    out = folder / f"{name}-{messages}.callgrind"
    under = ("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}")
    bot = await launch(
        name, BOTS[name], folder, under=under, timeout=VALGRIND_TIMEOUT, environment=SAME_HASHES
    )
    corpus = versus_messages(TRIPS)
    await replies_to(bot.emu, corpus)  # warm-up: every answer built once
    await replies_to(bot.emu, [corpus[i % len(corpus)] for i in range(messages)])
    bot.process.send_signal(signal.SIGINT)  # both bots stop cleanly on it: callgrind writes its counts
    await asyncio.wait_for(bot.process.wait(), VALGRIND_TIMEOUT)
    await bot.emu.stop()
    found = TOTAL.search(out.read_text(errors="replace"))
    if found is None:
        raise RuntimeError(f"callgrind wrote no total to {out}")
    return int(found.group(1))


async def _run() -> list[Figure]:
    per_message: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name in BOTS:
            short = await instructions(name, SHORT, Path(folder))
            long = await instructions(name, LONG, Path(folder))
            per_message[name] = (long - short) / (LONG - SHORT)
    same, versus = per_message["same"], per_message["versus"]
    own = (versus - same) / versus
    return [
        Figure(
            "instructions", "bare discord.py, Versus's replies: instructions per message", same / 1000, "k"
        ),
        Figure(
            "instructions",
            "Versus prefix + mention: instructions per message",
            versus / 1000,
            "k",
            note=f"{versus / same:.3f} × same payload",
        ),
        Figure(
            "instructions",
            "Versus's own share of its instructions per message (vs same payload)",
            own * 100,
            "%",
            target="< 5%",
            met=own < 0.05,
            note=f"{(versus - same) / 1000:,.0f}k of {versus / 1000:,.0f}k",
        ),
    ]


def run() -> list[Figure]:
    if shutil.which("valgrind") is None:
        return [Figure("instructions", "skipped: valgrind is not installed", 0, "")]
    return asyncio.run(_run())


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
