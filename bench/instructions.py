"""Instructions and cache misses per message: Versus's own work, measured with far less noise
than CPU time.

On this shared machine the CPU time of the same code moves by several points of "own share"
from one run to the next; the number of instructions a process executes moves by about 1%.
Each bot, the same-payload bare bot (bench/same_payload_bot.py) and Versus, runs under
valgrind's callgrind: it answers the corpus once (every answer built and cached), then its
counters are zeroed (`callgrind_control --zero`), it answers WINDOW more messages, and they
are dumped — instructions per message are that dump's total over WINDOW, with start-up,
warm-up and shut-down left out. The same is done on the slash path: the bots answer TRIPS
slash commands of bench.corpus.SLASH, then WINDOW more are counted (`PATHS`: each path's
target). The bots alternate, ROUNDS launches each per path; the own share is the median over
the rounds' pairs. Every run hashes strings alike (PYTHONHASHSEED), so its
dicts and sets are laid out alike. Not 0 noise: the event loop handles more or fewer events
per turn depending on timing, and Versus's timers (the settings store's 2-second check for
other processes' writes) fall in the window or not — and under load the counts drop (with
the test suite running beside it, Versus's dropped 15%), so measure on a quiet machine.

Callgrind also simulates the caches, shaped as this machine's (read from sysfs): its level-1
caches and, as the last level, the core's own level-2 cache. Its misses per message say how
much memory a message's work touches beyond what stays close to the core between messages:
on this machine (512 KiB of L2 per core) the two bots' work per message does not fit, and
what Versus adds pushes out the code and data discord.py and aiohttp use again at the next
message — that, not the extra instructions, is most of Versus's extra CPU time in bench.e2e
(README, "Benchmarks"). Slow (about 15 minutes); `make bench` runs it where valgrind is.

    python -m bench.instructions
"""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.e2e import (
    TRIPS,
    BotProcess,
    launch,
    publish_slash_commands,
    replies_to,
    slash_replies,
    versus_messages,
)
from bench.report import Figure

WINDOW = 300  # messages counted per launch
ROUNDS = 2
VALGRIND_TIMEOUT = 600.0  # seconds: Python under callgrind starts in about half a minute
EVENTS = re.compile(r"^events:\s+(.+)$", re.MULTILINE)
TOTALS = re.compile(r"^(?:summary|totals):\s+(.+)$", re.MULTILINE)
LAST_LEVEL_MISSES = ("ILmr", "DLmr", "DLmw")  # callgrind's names: instruction and data, read and write
CACHES = Path("/sys/devices/system/cpu/cpu0/cache")
BOTS = {"same": ["bench.same_payload_bot"], "versus": ["bot", "run"]}
PATHS = {"messages": 0.05, "slash": 0.10}  # how questions come in → the own share's target
SAME_HASHES = {"PYTHONHASHSEED": "0"}


@dataclass(frozen=True)
class Counts:
    """What a bot's process did per message, under callgrind."""

    instructions: float
    cache_misses: float  # of the simulated last level (this machine's L2)


def simulated_caches(caches: Path = CACHES) -> tuple[tuple[str, ...], str]:
    """callgrind's options simulating this machine's level-1 caches and its core's level-2
    cache (as the last level), and what that last level is; callgrind's own guess where sysfs
    does not say."""
    names = {("1", "Instruction"): "--I1", ("1", "Data"): "--D1", ("2", "Unified"): "--LL"}
    options, last_level = [], ""
    for index in sorted(caches.glob("index*")):
        try:
            level, kind, size, ways, line = (
                (index / field).read_text().strip()
                for field in ("level", "type", "size", "ways_of_associativity", "coherency_line_size")
            )
        except OSError:
            continue
        option = names.get((level, kind))
        if option and size.endswith("K"):
            options.append(f"{option}={int(size[:-1]) * 1024},{ways},{line}")
            if option == "--LL":
                last_level = f"{size[:-1]} KiB L2"
    if len(options) < len(names):
        return ("--cache-sim=yes",), "callgrind's guess of the last level"
    return ("--cache-sim=yes", *options), last_level


async def counts_per_message(name: str, path: str, folder: Path, caches: tuple[str, ...]) -> Counts:
    """What a bot's process executes and misses per message, answering WINDOW messages (or
    slash commands: `path`) after answering the corpus (or TRIPS commands) once."""
    out = folder / f"{name}.callgrind"
    under = ("valgrind", "--tool=callgrind", *caches, f"--callgrind-out-file={out}")
    bot = await launch(
        name, BOTS[name], folder, under=under, timeout=VALGRIND_TIMEOUT, environment=SAME_HASHES
    )
    try:
        if path == "slash" and name == "versus":
            await publish_slash_commands(bot, timeout=VALGRIND_TIMEOUT)
        await _answer(bot, path, TRIPS)  # warm-up: every answer built once
        await _callgrind(bot, "--zero")
        await _answer(bot, path, WINDOW)
        await _callgrind(bot, "--dump=window")
    finally:
        bot.process.send_signal(signal.SIGINT)  # both bots stop cleanly on it
        await asyncio.wait_for(bot.process.wait(), VALGRIND_TIMEOUT)
        await bot.emu.stop()
    dumps = sorted(folder.glob(f"{out.name}.*"), key=lambda p: p.stat().st_mtime)
    text = dumps[-1].read_text(errors="replace") if dumps else ""
    events, totals = EVENTS.search(text), TOTALS.search(text)
    if events is None or totals is None:
        raise RuntimeError(f"callgrind dumped no counts for {name} in {folder}")
    for dump in (out, *dumps):
        dump.unlink()
    total = dict(zip(events.group(1).split(), map(int, totals.group(1).split()), strict=False))
    misses = sum(total.get(event, 0) for event in LAST_LEVEL_MISSES)
    return Counts(total["Ir"] / WINDOW, misses / WINDOW)


async def _answer(bot: BotProcess, path: str, count: int) -> None:
    """`count` messages of the corpus in turn, or slash commands."""
    if path == "slash":
        await slash_replies(bot.emu, count, timeout=VALGRIND_TIMEOUT)  # the first ones are slow
    else:
        corpus = versus_messages(TRIPS)
        # under callgrind the first answers (the knowledge read, the vocabulary) take a while
        await replies_to(bot.emu, [corpus[i % len(corpus)] for i in range(count)], timeout=VALGRIND_TIMEOUT)


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
    caches, last_level = simulated_caches()
    counts: dict[tuple[str, str], list[Counts]] = {(path, name): [] for path in PATHS for name in BOTS}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(ROUNDS):
            for path, name in counts:
                counts[path, name].append(await counts_per_message(name, path, Path(folder), caches))
    rows = []
    for path, target in PATHS.items():
        same, versus = counts[path, "same"], counts[path, "versus"]
        instructions = [c.instructions for c in same], [c.instructions for c in versus]
        rows += _figures(*instructions, "instructions", path, unit="k", scale=1000, target=target)
    same, versus = counts["messages", "same"], counts["messages", "versus"]
    misses = [c.cache_misses for c in same], [c.cache_misses for c in versus]
    return [
        *rows,
        *_figures(*misses, f"cache misses (simulated, {last_level})", "messages", unit="", scale=1),
    ]


def _figures(
    same: list[float],
    versus: list[float],
    what: str,
    path: str,
    *,
    unit: str,
    scale: float,
    target: float | None = None,
) -> list[Figure]:
    """Both bots' `what` per message (or slash command: `path`) and Versus's own share of it
    (median of the rounds' pairs); `target`: the share it should stay under, all rounds."""
    shares = [(v - s) / v for s, v in zip(same, versus, strict=True)]
    own = statistics.median(shares)
    versus_label, replies = (
        ("Versus slash", "slash replies") if path == "slash" else ("Versus prefix + mention", "replies")
    )
    return [
        Figure(
            "instructions",
            f"bare discord.py, Versus's {replies}: {what} per message",
            statistics.median(same) / scale,
            unit,
            _spread(same, scale),
        ),
        Figure(
            "instructions",
            f"{versus_label}: {what} per message",
            statistics.median(versus) / scale,
            unit,
            _spread(versus, scale),
            note=f"{statistics.median(versus) / statistics.median(same):.3f} × same payload",
        ),
        Figure(
            "instructions",
            f"Versus's own share of its {what} per message ({versus_label} vs same payload)",
            own * 100,
            "%",
            f"{min(shares) * 100:.2f}–{max(shares) * 100:.2f}",
            target="" if target is None else f"< {target:.0%}",
            met=None if target is None else max(shares) < target,
            note=f"{ROUNDS} rounds of {WINDOW} {'slash commands' if path == 'slash' else 'messages'}",
        ),
    ]


def _spread(values: list[float], scale: float) -> str:
    return f"{min(values) / scale:,.0f}–{max(values) / scale:,.0f}"


def run() -> list[Figure]:
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        return [Figure("instructions", "skipped: valgrind is not installed", 0, "")]
    return asyncio.run(_run())


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
