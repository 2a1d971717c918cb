"""Guarantee 4 — gateway faults in the middle of a burst of commands: after a reconnect (op 7)
or an invalidated session (op 9), no command sent once the client is back goes unanswered,
none is answered twice, the cogs are not loaded again and the database connection is the
same one.

tests/e2e/test_faults.py sends one command after each fault; here the fault lands while a
burst is in flight, and every answer is counted.

Beyond the brief: a bot process whose gateway has gone away must still stop on SIGTERM.
"""

from __future__ import annotations

import asyncio
import re
import signal
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest

from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import bot_environment, embed_title, spawn_versus

# Commands whose answers all have different titles, so each answer names its command.
BURST = {
    "!compare performance": "Performance: Keras vs. MXNet",
    "!compare scalability": "Scalability: Keras vs. MXNet",
    "!compare ease of use": "Ease of Use: Keras vs. MXNet",
    "!compare ecosystem": "Ecosystem: Keras vs. MXNet",
    "!compare": "Keras vs. MXNet: Deep Learning Libraries",
    "!pros keras": "Pros: Keras",
    "!pros mxnet": "Pros: MXNet",
    "!pros": "Pros: Keras and MXNet",
    "!cons keras": "Cons: Keras",
    "!cons mxnet": "Cons: MXNet",
    "!cons": "Cons: Keras and MXNet",
    "!about keras": "About Keras",
    "!about mxnet": "About MXNet",
    "!stats": "Statistics: Keras and MXNet",
    "!help": "Versus — help",
}
BEFORE, AFTER = "general", "opted-in"  # the burst's two halves, told apart by channel
CLOSING = "!stats"  # sent last, in a third channel: once answered, every earlier answer is in


@pytest.fixture
async def versus(emu, start_versus):
    """Versus with room for the bursts: one member's 31 commands are not what this tests
    (the per-user command limit has its own tests)."""
    async with start_versus(command_rate=(1_000, 30.0)) as bot:
        yield bot


def reconnect(emu: DiscordEmulator) -> Awaitable[None]:
    return emu.request_reconnect()


def invalidate_resumable(emu: DiscordEmulator) -> Awaitable[None]:
    return emu.invalidate_session(resumable=True)


def invalidate_for_good(emu: DiscordEmulator) -> Awaitable[None]:
    return emu.invalidate_session(resumable=False)


async def send_burst(emu: DiscordEmulator, channel: str) -> None:
    for command in BURST:
        await emu.send_message(channel=channel, content=command)
    await emu.send_message(
        channel=channel, author="admin", content="is mxnet made by amazon?", mention_bot=True
    )


async def answers_until_closing(emu: DiscordEmulator, expected_after: int) -> Counter[tuple[int, str]]:
    """(channel, title) of every answer, once the burst after the fault is fully answered
    and then the closing command."""
    answers: Counter[tuple[int, str]] = Counter()
    after = emu.ids.channels[AFTER]
    while sum(n for (channel, _), n in answers.items() if channel == after) < expected_after:
        out = await emu.next_output(timeout=10)
        answers[out.channel_id, embed_title(out)] += 1
    await emu.send_message(channel="no-embeds", content=CLOSING)
    while (out := await emu.next_output(timeout=10)).channel_id != emu.ids.channels["no-embeds"]:
        answers[out.channel_id, embed_title(out)] += 1
    return answers


@pytest.mark.parametrize("fault", [reconnect, invalidate_resumable, invalidate_for_good])
async def test_fault_mid_burst_loses_and_repeats_no_command_nor_reloads_anything(
    emu, versus, fault: Callable[[DiscordEmulator], Awaitable[None]]
):
    cogs, extensions = dict(versus.cogs), set(versus.extensions)
    store, connection = versus.store, versus.store._db
    await send_burst(emu, BEFORE)
    await fault(emu)
    await send_burst(emu, AFTER)
    expected = [*BURST.values(), "MXNet — Who develops it"]
    answers = await answers_until_closing(emu, len(expected))

    after = emu.ids.channels[AFTER]
    assert {title: answers[after, title] for title in expected} == dict.fromkeys(expected, 1)
    assert all(count == 1 for count in answers.values()), "an answer was sent twice"
    assert answers.keys() <= {(emu.ids.channels[c], t) for c in (BEFORE, AFTER) for t in expected}
    assert versus.cogs == cogs and set(versus.extensions) == extensions
    assert versus.store is store and versus.store._db is connection


# --- SIGTERM while the gateway is unreachable -------------------------------------------------

BACKOFF = re.compile(rb"Attempting a reconnect for shard ID \d+ in (\d+\.\d+)s")
LONG_BACKOFF = 4.0  # seconds: a retry delay that long is waited for, then the bot is stopped
PROMPT_EXIT = 2.0  # what `docker stop` (10 s) or systemd (90 s) would comfortably allow


async def backoff_of_at_least(stream: asyncio.StreamReader, seconds: float) -> float:
    """Read the bot's log until discord.py announces a reconnect delay of `seconds` or more."""
    while line := await stream.readline():
        if (found := BACKOFF.search(line)) and float(found[1]) >= seconds:
            return float(found[1])
    raise AssertionError("the bot stopped logging before a long reconnect delay")


async def test_sigterm_while_discord_is_unreachable_stops_the_bot_promptly(emu, tmp_path):
    process = await spawn_versus(
        bot_environment(emu, tmp_path / "versus.sqlite3"),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await emu.wait_ready_sent(timeout=20)
        await emu.stop()  # Discord is gone: every reconnect attempt is refused
        await asyncio.wait_for(backoff_of_at_least(process.stderr, LONG_BACKOFF), timeout=40)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.communicate(), timeout=PROMPT_EXIT)
        assert process.returncode == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()
