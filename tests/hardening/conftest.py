"""Hardening fixtures: the end-to-end ones (real discord.py client, real SQLite file, the stock
emulator, which also forges stale slash invocations and holds crowds), and bot processes that
never outlive their test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.conftest import db_path, emu, make_config, start_versus, versus  # noqa: F401
from tests.hardening.process import BotProcess, LaunchBot, start_bot_process


@pytest.fixture
async def launch_bot() -> AsyncIterator[LaunchBot]:
    """`await launch_bot(env, log_path)` starts `python -m bot run`; whatever the test's
    outcome, every process it started is gone afterwards."""
    started: list[BotProcess] = []

    async def launch(env: dict[str, str], log_path: Path, **options: bool) -> BotProcess:
        bot = await start_bot_process(env, log_path, **options)
        started.append(bot)
        return bot

    yield launch
    for bot in started:
        if bot.process.returncode is None:
            await bot.kill()
