"""End-to-end benchmark through Discord's protocol, against the loopback emulator.

Each bot runs as its own process (as in production) against its own emulator in this
process: (a) a bare discord.py bot answering `!ping` (the floor: discord.py's own cost plus
the emulator's), (b) a bare discord.py bot sending byte for byte Versus's replies to the
same corpus (the floor for the same payload), (c) Versus answering a mixed corpus of prefix
commands and free-form mentions, (d) the same-payload bot answering Versus's slash commands
(SLASH) with Versus's replies, (e) Versus answering them. They alternate, several rounds;
the table reports medians, the ratios to the floors, and Versus's own share of its CPU per
message on each path (what the same-payload bot does not spend; its replies, to messages
and to slash commands, are checked to be Versus's, request body for request body). CPU time is read from each
process's own CPU clock (to the nanosecond on Linux). Start-up time and peak RSS come from
the same processes. bench/instructions.py measures the same share in instructions, which
move much less from run to run.

    python -m bench.e2e
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import re
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from bench.corpus import SLASH, build_corpus
from bench.report import Figure
from bot.core.knowledge import load_knowledge
from tests.discord_emulator import DiscordEmulator
from tests.discord_emulator.world import crowd_user
from tests.e2e.conftest import bot_environment

REPLY_TIMEOUT = 10.0  # seconds a reply may take
ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 20  # the own share moves by several points between rounds: 20 pairs for its median
STARTUP_ROUNDS = 5
TRIPS = 100
CPUCLOCK_SCHED = 2  # Linux: a CPU clock counting what the scheduler counts


@dataclass
class BotProcess:
    name: str
    emu: DiscordEmulator
    process: asyncio.subprocess.Process
    started: float
    ready_seconds: float = 0.0

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)

    def peak_rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def process_cpu_seconds(pid: int) -> float:
    """CPU time of process `pid`, to the nanosecond where the kernel offers another process's
    CPU clock (Linux: the scheduler's own count); else from its 10 ms ticks."""
    try:
        return time.clock_gettime(_cpu_clock_of(pid))
    except (OSError, AttributeError):
        times = psutil.Process(pid).cpu_times()
        return times.user + times.system


def _cpu_clock_of(pid: int) -> int:
    """Linux's clock id for a process's CPU clock: what `clock_getcpuclockid(3)` returns."""
    return ctypes.c_int32((~pid << 3) | CPUCLOCK_SCHED).value


async def launch(
    name: str,
    module: list[str],
    folder: Path,
    *,
    servers: int = 1,
    under: tuple[str, ...] = (),
    timeout: float = 30,
    environment: dict[str, str] | None = None,
) -> BotProcess:
    """A bot process against its own emulator with `servers` servers, once it has answered;
    `under`: a command it runs under (a profiler), `timeout` for its start, `environment`:
    variables added to the bot's."""
    emu = DiscordEmulator(extra_guilds=servers - 1, extra_members=TRIPS)  # newcomers: see replies_to
    await emu.start()
    env = bot_environment(
        emu,
        folder / f"{name}.sqlite3",
        VERSUS_QUESTION_RATE="1000000/1",  # measure answering, not the flood guards
        VERSUS_COMMAND_RATE="1000000/1",
        VERSUS_BENCH_TRIPS=str(TRIPS),
        **(environment or {}),
    )
    started = time.perf_counter()
    with (folder / f"{name}.log").open("ab") as log:  # what the bot says, should it fail
        process = await asyncio.create_subprocess_exec(
            *under, sys.executable, "-m", *module, cwd=ROOT, env=env, stdout=log, stderr=log
        )
    bot = BotProcess(name, emu, process, started)
    await emu.wait_ready_sent(timeout=timeout)
    probe = {"bare": "!ping", "same": versus_messages(TRIPS)[0][0]}.get(name, "!stats")
    await emu.send_message(content=probe)
    await emu.next_output(timeout=timeout)
    bot.ready_seconds = time.perf_counter() - started
    return bot


async def stop(bot: BotProcess) -> None:
    bot.process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(bot.process.wait(), 15)
    except TimeoutError:
        bot.process.kill()
        await bot.process.wait()
    await bot.emu.stop()


async def round_trips(emu: DiscordEmulator, messages: list[tuple[str, bool]]) -> float:
    """Sequential message → reply round trips per second."""
    start = time.perf_counter()
    await replies_to(emu, messages)
    return len(messages) / (time.perf_counter() - start)


async def replies_to(
    emu: DiscordEmulator,
    messages: list[tuple[str, bool]],
    *,
    each_by_a_newcomer: bool = False,
    timeout: float = REPLY_TIMEOUT,
) -> list[dict[str, Any]]:
    """Each message sent in turn (with `each_by_a_newcomer`, each by a member who has not
    talked to the bot yet: no conversation to follow up on); the bot's reply to each, as the
    request body it sent, each awaited up to `timeout` seconds."""
    bodies = []
    for i, (content, mention) in enumerate(messages):
        author = crowd_user(i) if each_by_a_newcomer else "member"
        await emu.send_message(author=author, content=content, mention_bot=mention)
        bodies.append((await emu.next_output(timeout=timeout)).payload)
    return bodies


async def slash_trips(emu: DiscordEmulator, count: int) -> float:
    """Sequential slash command → answer round trips per second (SLASH in turn)."""
    start = time.perf_counter()
    await slash_replies(emu, count)
    return count / (time.perf_counter() - start)


async def slash_replies(
    emu: DiscordEmulator, count: int, *, each_by_a_newcomer: bool = False, timeout: float = 10
) -> list[dict[str, Any]]:
    """`count` slash commands of SLASH in turn (`each_by_a_newcomer`: see `replies_to`); the
    bot's answer to each (within `timeout` seconds), as the request body it sent."""
    bodies = []
    for i in range(count):
        name, options = SLASH[i % len(SLASH)]
        await emu.invoke_slash(name, options, user=crowd_user(i) if each_by_a_newcomer else "member")
        bodies.append((await emu.next_output(timeout=timeout)).payload)
    return bodies


async def publish_slash_commands(versus: BotProcess, timeout: float = 10) -> None:
    """Versus's slash commands published by its owner's `!sync` (the same-payload bot
    publishes its own as it starts)."""
    await versus.emu.send_message(author="owner", content="!sync")
    await versus.emu.next_output(timeout=timeout)


def versus_messages(count: int) -> list[tuple[str, bool]]:
    corpus = build_corpus(load_knowledge(ROOT / "knowledge"), count, seed=11)
    # Commands go by prefix; questions by mention, as users ask them in a server.
    return [(q if q.startswith("!") else q.lstrip("/"), not q.startswith("!")) for q in corpus]


async def _startup_seconds(folder: Path) -> dict[str, list[float]]:
    """Process start → first answer, each bot launched STARTUP_ROUNDS times, alternating."""
    times: dict[str, list[float]] = {"bare": [], "versus": []}
    for _ in range(STARTUP_ROUNDS):
        for name, module in (("bare", ["bench.bare_bot"]), ("versus", ["bot", "run"])):
            bot = await launch(name, module, folder)
            times[name].append(bot.ready_seconds)
            await stop(bot)
    return times


async def _run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        startup = await _startup_seconds(Path(folder))
        bare = await launch("bare", ["bench.bare_bot"], Path(folder))
        same = await launch("same", ["bench.same_payload_bot"], Path(folder))
        versus = await launch("versus", ["bot", "run"], Path(folder))
        try:
            await publish_slash_commands(versus)
            messages = versus_messages(TRIPS)
            identical = {
                "messages": identical_replies(
                    await replies_to(same.emu, messages, each_by_a_newcomer=True),
                    await replies_to(versus.emu, messages, each_by_a_newcomer=True),
                ),
                "slash commands": identical_replies(
                    await slash_replies(same.emu, TRIPS, each_by_a_newcomer=True),
                    await slash_replies(versus.emu, TRIPS, each_by_a_newcomer=True),
                ),
            }
            runs = {
                "bare": (bare, lambda: round_trips(bare.emu, [("!ping", False)] * TRIPS)),
                "same": (same, lambda: round_trips(same.emu, messages)),
                "versus": (versus, lambda: round_trips(versus.emu, messages)),
                "same slash": (same, lambda: slash_trips(same.emu, TRIPS)),
                "slash": (versus, lambda: slash_trips(versus.emu, TRIPS)),
            }
            rates: dict[str, list[float]] = {name: [] for name in runs}
            cpu: dict[str, list[float]] = {name: [] for name in runs}
            for _ in range(ROUNDS):
                for name, (bot, trips) in runs.items():
                    before = bot.cpu_seconds()
                    rates[name].append(await trips())
                    cpu[name].append((bot.cpu_seconds() - before) / TRIPS)
            bare_rss, versus_rss = bare.peak_rss_mib(), versus.peak_rss_mib()
        finally:
            await stop(versus)
            await stop(same)
            await stop(bare)
    return [
        *figures(rates, cpu, startup, bare_rss, versus_rss),
        *(same_payload_figure(what, count) for what, count in identical.items()),
    ]


def figures(rates, cpu, startup, bare_rss: float, versus_rss: float) -> list[Figure]:
    rate = {k: statistics.median(v) for k, v in rates.items()}
    ready = {k: statistics.median(v) for k, v in startup.items()}
    rate_spread = {k: f"{min(v):,.0f}–{max(v):,.0f}" for k, v in rates.items()}
    ready_spread = {k: f"{min(v) * 1000:,.0f}–{max(v) * 1000:,.0f}" for k, v in startup.items()}
    return [
        Figure("e2e", "bare discord.py, !ping round trips", rate["bare"], "/s", rate_spread["bare"]),
        Figure(
            "e2e",
            "bare discord.py sending Versus's replies, round trips",
            rate["same"],
            "/s",
            rate_spread["same"],
            note=f"ratio {rate['same'] / rate['bare']:.2f}",
        ),
        Figure(
            "e2e",
            "Versus, prefix + mention round trips",
            rate["versus"],
            "/s",
            rate_spread["versus"],
            target="≥ 0.8 × bare",
            met=rate["versus"] >= 0.8 * rate["bare"],
            note=f"ratio {rate['versus'] / rate['bare']:.2f}; {rate['versus'] / rate['same']:.2f} × same",
        ),
        Figure(
            "e2e",
            "bare discord.py answering Versus's slash commands with its replies, round trips",
            rate["same slash"],
            "/s",
            rate_spread["same slash"],
            note=f"ratio {rate['same slash'] / rate['bare']:.2f}",
        ),
        Figure(
            "e2e",
            "Versus, slash command round trips",
            rate["slash"],
            "/s",
            rate_spread["slash"],
            note=f"ratio {rate['slash'] / rate['bare']:.2f}; {rate['slash'] / rate['same slash']:.2f} × same",
        ),
        *cpu_figures(cpu),
        Figure(
            "startup",
            "bare discord.py: process start → first answer",
            ready["bare"] * 1000,
            "ms",
            ready_spread["bare"],
        ),
        Figure(
            "startup",
            "Versus: process start → first answer",
            ready["versus"] * 1000,
            "ms",
            ready_spread["versus"],
            target="≤ 1.5 × bare",
            met=ready["versus"] <= 1.5 * ready["bare"],
            note=f"ratio {ready['versus'] / ready['bare']:.2f}",
        ),
        Figure("memory", "bare discord.py: peak RSS", bare_rss, "MiB"),
        Figure(
            "memory",
            "Versus: peak RSS",
            versus_rss,
            "MiB",
            target="≤ 1.5 × bare",
            met=versus_rss <= 1.5 * bare_rss,
            note=f"ratio {versus_rss / bare_rss:.2f}",
        ),
    ]


def cpu_figures(cpu: dict[str, list[float]]) -> list[Figure]:
    """Bot-process CPU per message, each round's total over its messages: steadier than
    wall-clock rates on a shared machine. Versus's own share is worked out per round, against
    the same-payload bot's round just before it (paired, so a busy minute weighs on both).
    Its targets are judged in instructions (bench/instructions.py): these move by points
    from run to run."""
    per = {k: statistics.median(v) * 1000 for k, v in cpu.items()}
    labels = {
        "bare": "bare discord.py !ping",
        "same": "bare discord.py, Versus's replies",
        "versus": "Versus prefix + mention",
        "same slash": "bare discord.py, Versus's slash replies",
        "slash": "Versus slash",
    }
    return [
        *(
            Figure(
                "e2e",
                f"{labels[k]}: bot CPU per message",
                per[k],
                "ms",
                f"{min(cpu[k]) * 1000:.3f}–{max(cpu[k]) * 1000:.3f}",
                note="" if k == "bare" else f"{per[k] / per['bare']:.2f} × bare",
            )
            for k in per
        ),
        *(
            own_cpu_share(cpu[versus], cpu[same], what)
            for versus, same, what in (
                ("versus", "same", "prefix + mention"),
                ("slash", "same slash", "slash"),
            )
        ),
    ]


def own_cpu_share(versus: list[float], same: list[float], what: str) -> Figure:
    """Versus's own share of its CPU per message on one path (`what`): the median of the
    rounds' shares beside the same-payload bot's."""
    shares = [(v - s) / v for v, s in zip(versus, same, strict=True)]
    versus_ms, same_ms = statistics.median(versus) * 1000, statistics.median(same) * 1000
    return Figure(
        "e2e",
        f"Versus's own share of its CPU per message ({what} vs same payload)",
        statistics.median(shares) * 100,
        "%",
        f"{min(shares) * 100:.1f}–{max(shares) * 100:.1f}",
        note=f"{versus_ms - same_ms:.3f} ms of {versus_ms:.3f} ms",
    )


def comparable(body: dict[str, Any]) -> str:
    """A request body without what is random per message: discord.py's nonce, and the ids of
    buttons that live in memory ("did you mean"; the 👍/👎 ids are Versus's own, `versus:…`)."""
    kept = {k: v for k, v in body.items() if k != "nonce"}
    return re.sub(r'"custom_id": "(?!versus:)[^"]*"', '"custom_id": ""', json.dumps(kept, sort_keys=True))


def identical_replies(same: list[dict[str, Any]], versus: list[dict[str, Any]]) -> int:
    """How many of the same-payload bot's request bodies are Versus's (`comparable`)."""
    return sum(comparable(a) == comparable(b) for a, b in zip(same, versus, strict=True))


def same_payload_figure(what: str, identical: int) -> Figure:
    """How many of the same-payload bot's replies to `what` were byte for byte Versus's: the
    floor is fair only if all are."""
    return Figure(
        "e2e",
        f"same-payload bot: replies to {what} identical to Versus's (request bodies)",
        identical,
        f"of {TRIPS}",
        target=f"{TRIPS} of {TRIPS}",
        met=identical == TRIPS,
    )


def run() -> list[Figure]:
    return asyncio.run(_run())


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
