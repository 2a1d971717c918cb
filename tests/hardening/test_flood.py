"""Guarantee 3 — a flood of free-form questions: fifty users mention the bot 10,000 times
as fast as the emulator delivers. The per-user cooldown holds, every answer still answers
the question asked, and the bot's memory stays flat.

Versus runs as `python -m bot run`, its own process, as in production: its resident memory
(psutil) is then the bot's alone, not mixed with the emulator's and pytest's, and it counts
everything the bot holds (discord.py's caches, aiohttp buffers, C allocations), which
tracemalloc in this process could neither separate nor see.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.discord.context import COOLDOWN_NOTICE
from bot.ops.config import Config
from tests.discord_emulator import DiscordEmulator, Output, crowd_channel, crowd_user
from tests.e2e.conftest import bot_environment
from tests.hardening.process import BotProcess, LaunchBot

USERS = 50
MESSAGES = 10_000
BATCH = 1_000  # a round trip after each batch: back-pressure, and a memory sample
MEMORY_GROWTH_LIMIT = 1.10
QUESTIONS = (  # (question, title of the right answer)
    ("which is better for beginners?", "Recommendation: Keras"),
    ("which should I use for distributed training?", "Recommendation: MXNet"),
    ("how many GitHub stars does Keras have?", "Statistics: Keras"),
    ("what are the advantages of keras", "Pros: Keras"),
    ("mxnet drawbacks?", "Cons: MXNet"),
    ("what languages does MXNet support?", "MXNet — Programming languages"),
    ("which is faster?", "Performance: Keras vs. MXNet"),
    ("is mxnet made by amazon", "MXNet — Who develops it"),
)
SENTINEL, SENTINEL_TITLE = "!about mxnet", "About MXNet"
PROBE_RATE = "1000/30"  # the member probing round trips with SENTINEL is not one of the flooders
COOLDOWN_PHRASE = COOLDOWN_NOTICE.partition("{")[0]  # "You're asking faster than I can keep up"


def question_of(user: int) -> tuple[str, str]:
    return QUESTIONS[user % len(QUESTIONS)]


@dataclass
class Replies:
    """What each crowd member saw in their channel: answer titles and cooldown notices."""

    by_channel: dict[int, int]  # channel id → crowd member number
    titles: defaultdict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    notices: Counter[int] = field(default_factory=Counter)
    strays: list[Output] = field(default_factory=list)

    def record(self, output: Output) -> None:
        user = self.by_channel.get(output.channel_id or 0)
        if user is None or output.kind != "message":
            self.strays.append(output)
        elif output.embeds:
            self.titles[user].append(output.embeds[0].get("title", ""))
        elif COOLDOWN_PHRASE in (output.content or ""):
            self.notices[user] += 1
        else:
            self.strays.append(output)

    def complete(self, answers: int) -> bool:
        """Every member got at least `answers` answers and a notice."""
        return all(len(self.titles[u]) >= answers and self.notices[u] >= 1 for u in range(USERS))


@pytest.fixture
async def crowd() -> AsyncIterator[DiscordEmulator]:
    async with DiscordEmulator(extra_members=USERS) as emulator:
        yield emulator


@pytest.fixture
async def bot_process(
    crowd: DiscordEmulator, launch_bot: LaunchBot, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    process = await launch_bot(
        bot_environment(crowd, tmp_path / "versus.sqlite3", VERSUS_COMMAND_RATE=PROBE_RATE),
        tmp_path / "bot.log",
    )
    await crowd.wait_ready_sent(timeout=20)
    yield process
    assert await process.stop() == 0


async def round_trip(emu: DiscordEmulator, replies: Replies) -> None:
    """Send a command in #general and record every output until its answer."""
    await emu.send_message(channel="general", content=SENTINEL)
    while True:
        output = await emu.next_output(timeout=30)
        if output.channel_id == emu.ids.channels["general"]:
            assert output.embeds and output.embeds[0]["title"] == SENTINEL_TITLE, output
            return
        replies.record(output)


async def test_fifty_users_flooding_get_cooldowns_right_answers_and_flat_memory(crowd, bot_process):
    rate, per = Config().question_rate
    replies = Replies({crowd.ids.channels[crowd_channel(n)]: n for n in range(USERS)})
    await round_trip(crowd, replies)  # the bot is ready and has its guild
    memory: list[int] = []
    started = time.monotonic()
    for sent in range(MESSAGES):
        user = sent % USERS
        await crowd.send_message(
            channel=crowd_channel(user),
            author=crowd_user(user),
            content=question_of(user)[0],
            mention_bot=True,
        )
        if (sent + 1) % BATCH == 0:
            await round_trip(crowd, replies)
            memory.append(bot_process.rss)
    while not replies.complete(rate):  # answers still in flight after the last round trip
        replies.record(await crowd.next_output(timeout=30))
    await round_trip(crowd, replies)
    flood_seconds = time.monotonic() - started  # every question was handled within this

    windows = 1 + int(flood_seconds // per)  # cooldown windows a user's questions can span
    for user in range(USERS):
        titles = replies.titles[user]
        assert rate <= len(titles) <= rate * windows, (user, len(titles), flood_seconds)
        assert 1 <= replies.notices[user] <= windows, (user, replies.notices[user], flood_seconds)
        assert set(titles) == {question_of(user)[1]}, (user, Counter(titles))
    assert replies.strays == []
    growth = memory[-1] / memory[0]
    mib = [round(m / 2**20, 1) for m in memory]
    assert growth <= MEMORY_GROWTH_LIMIT, f"RSS per 1,000 messages (MiB): {mib}"
    assert bot_process.process.returncode is None, bot_process.log()
