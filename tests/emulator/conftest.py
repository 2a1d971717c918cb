"""Fixtures for the emulator's own tests: a running emulator that fails the test if discord.py
called a route it does not implement."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.discord_emulator import DiscordEmulator


@pytest.fixture
async def emu() -> AsyncIterator[DiscordEmulator]:
    async with DiscordEmulator() as emulator:
        yield emulator
    assert emulator.unknown_routes == []
