"""Instructions per message: Versus's own work, measured with far less noise than CPU time.

On this shared machine the CPU time of the same code moves by several points of "own share"
from one run to the next; the number of instructions a process executes moves by about 1%.
Each bot, the same-payload bare bot (bench/same_payload_bot.py) and Versus, runs under
valgrind's callgrind: it answers the corpus once (every answer built and cached), then its
counters are zeroed (`callgrind_control --zero`), it answers WINDOW more messages, and they
are dumped — instructions per message are that dump's total over WINDOW, with start-up,
warm-up and shut-down left out. The bots alternate, ROUNDS launches each; the own share is
the median over the rounds' pairs. Every run hashes strings alike (PYTHONHASHSEED), so its
dicts and sets are laid out alike. Not 0 noise: the event loop handles more or fewer events
per turn depending on timing, and Versus's timers (the settings store's 2-second check for
other processes' writes) fall in the window or not — and under load the counts drop (with
the test suite running beside it, Versus's dropped 15%), so measure on a quiet machine.
Slow (about 5 minutes); `make bench` runs it where valgrind is.

    python -m bench.instructions
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import statistics
import tempfile
from pathlib import Path

from bench.e2e import TRIPS, BotProcess, launch, replies_to, versus_messages
from bench.report import Figure

WINDOW = 300  # messages counted per launch
ROUNDS = 2
VALGRIND_TIMEOUT = 600.0  # seconds: Python under callgrind starts in about half a minute
TOTAL = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)
BOTS = {"same": ["bench.same_payload_bot"], "versus": ["bot", "run"]}
SAME_HASHES = {"PYTHONHASHSEED": "0"}


async def instructions_per_message(name: str, folder: Path) -> float:
    """Instructions a bot's process executes per message, answering WINDOW messages after
    answering the corpus once."""
    out = folder / f"{name}.callgrind"
    under = ("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}")
    bot = await launch(
        name, BOTS[name], folder, under=under, timeout=VALGRIND_TIMEOUT, environment=SAME_HASHES
    )
    try:
        corpus = versus_messages(TRIPS)
        await replies_to(bot.emu, corpus)  # warm-up: every answer built once
        await _callgrind(bot, "--zero")
        await replies_to(bot.emu, [corpus[i % len(corpus)] for i in range(WINDOW)])
        await _callgrind(bot, "--dump=window")
    finally:
        bot.process.send_signal(signal.SIGINT)  # both bots stop cleanly on it
        await asyncio.wait_for(bot.process.wait(), VALGRIND_TIMEOUT)
        await bot.emu.stop()
    dumps = sorted(folder.glob(f"{out.name}.*"), key=lambda p: p.stat().st_mtime)
    found = TOTAL.search(dumps[-1].read_text(errors="replace")) if dumps else None
    if found is None:
        raise RuntimeError(f"callgrind dumped no counts for {name} in {folder}")
    for dump in (out, *dumps):
        dump.unlink()
    return int(found.group(1)) / WINDOW


async def _callgrind(bot: BotProcess, command: str) -> None:
    """Send a callgrind_control command to the bot's process, and wait for it to be done."""
    control = await asyncio.create_subprocess_exec(
        "callgrind_control",
        command,
        str(bot.process.pid),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    if await asyncio.wait_for(control.wait(), VALGRIND_TIMEOUT) != 0:
        raise RuntimeError(f"callgrind_control {command} failed for {bot.name}")


async def _run() -> list[Figure]:
    per_message: dict[str, list[float]] = {name: [] for name in BOTS}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(ROUNDS):
            for name in BOTS:
                per_message[name].append(await instructions_per_message(name, Path(folder)))
    same, versus = per_message["same"], per_message["versus"]
    shares = [(v - s) / v for s, v in zip(same, versus, strict=True)]
    own = statistics.median(shares)
    return [
        Figure(
            "instructions",
            "bare discord.py, Versus's replies: instructions per message",
            statistics.median(same) / 1000,
            "k",
            _spread(same),
        ),
        Figure(
            "instructions",
            "Versus prefix + mention: instructions per message",
            statistics.median(versus) / 1000,
            "k",
            _spread(versus),
            note=f"{statistics.median(versus) / statistics.median(same):.3f} × same payload",
        ),
        Figure(
            "instructions",
            "Versus's own share of its instructions per message (vs same payload)",
            own * 100,
            "%",
            f"{min(shares) * 100:.2f}–{max(shares) * 100:.2f}",
            target="< 5%",
            met=max(shares) < 0.05,
            note=f"{ROUNDS} rounds of {WINDOW} messages",
        ),
    ]


def _spread(values: list[float]) -> str:
    return f"{min(values) / 1000:,.0f}–{max(values) / 1000:,.0f}"


def run() -> list[Figure]:
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        return [Figure("instructions", "skipped: valgrind is not installed", 0, "")]
    return asyncio.run(_run())


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
