"""Guarantee 5 — HTTP faults: 429s with `retry_after` and 5xx answers on channel sends,
interaction callbacks and follow-ups are recovered from or logged, never a crash; and an
interaction is acknowledged within Discord's 3 seconds even when the settings store is slow.

Already in tests/e2e/test_faults.py (not repeated): a per-route 429 on a channel send, two
503s on channel sends, one 503 on an interaction callback.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator

import pytest

from bot.core.settings import GuildSettings, Style, Visibility
from tests.e2e.conftest import embed_title

SEND = "/channels/{channel_id}/messages"
CALLBACK = "/interactions/{webhook_id}/{webhook_token}/callback"
FOLLOWUP = "/webhooks/{webhook_id}/{webhook_token}"
INTERACTION_TIMEOUT = 3.0  # the emulator refuses a callback later than this, as Discord does
STORE_DELAY = 4.0  # longer than INTERACTION_TIMEOUT: only a deferred interaction survives it


class LogWaiter(logging.Handler):
    """Lets a test await a log line from the bot (which runs on the test's event loop)."""

    def __init__(self, text: str) -> None:
        super().__init__(logging.DEBUG)
        self.text = text
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.seen.set()


@pytest.fixture
def log_waiter() -> Iterator[Callable[[str], LogWaiter]]:
    handlers: list[LogWaiter] = []

    def attach(text: str) -> LogWaiter:
        handler = LogWaiter(text)
        logging.getLogger("versus").addHandler(handler)
        handlers.append(handler)
        return handler

    yield attach
    for handler in handlers:
        logging.getLogger("versus").removeHandler(handler)


async def test_rate_limited_interaction_callback_is_retried(emu, versus):
    emu.inject_error("POST", CALLBACK, status=429, retry_after=0.2)
    await emu.invoke_slash("compare", {"aspect": "speed"})
    out = await emu.next_output()
    assert out.kind == "interaction_response" and embed_title(out).startswith("Performance")


@pytest.mark.parametrize(("status", "retry_after"), [(429, 0.2), (503, 0.0)])
async def test_failing_followup_after_a_defer_is_retried(emu, versus, status, retry_after):
    emu.inject_error("POST", FOLLOWUP, status=status, retry_after=retry_after)
    await emu.invoke_slash(("settings", "style"), {"mode": "text"}, user="admin")
    assert (await emu.next_output()).kind == "defer"
    out = await emu.next_output()
    assert out.kind == "followup" and out.content.startswith("Style: text")
    assert versus.store.cached(emu.ids.guild).style is Style.TEXT


@pytest.mark.parametrize(
    ("status", "retry_after", "is_global"), [(500, 0.0, False), (429, 0.2, True)], ids=["500", "global-429"]
)
async def test_send_failing_once_is_retried(emu, versus, status, retry_after, is_global):
    emu.inject_error("POST", SEND, status=status, retry_after=retry_after, is_global=is_global)
    await emu.send_message(content="!cons mxnet")
    assert embed_title(await emu.next_output()) == "Cons: MXNet"


async def test_callback_failing_until_the_interaction_expires_is_logged_not_fatal(
    emu, versus, log_waiter, caplog
):
    """Two 503s make discord.py retry for 1 + 3 s: by then the interaction has expired."""
    emu.inject_error("POST", CALLBACK, status=503, times=2)
    gave_up = log_waiter("Could not tell")
    with caplog.at_level(logging.WARNING, logger="versus"):
        handle = await emu.invoke_slash("stats", {})
        await asyncio.wait_for(gave_up.seen.wait(), timeout=10)
    assert "Command stats failed" in caplog.text
    assert not [o for o in emu.outputs if o.interaction_id == handle.id]
    await emu.invoke_slash("about", {"library": "keras"})
    assert embed_title(await emu.next_output()) == "About Keras", "the bot carries on"


async def test_slow_store_writes_are_deferred_within_the_interaction_window(emu, versus, monkeypatch):
    """Four changes by an admin, each write taking 4 s: each is deferred in time, then confirmed."""
    write = versus.store._write

    async def slow_write(guild_id, change):
        await asyncio.sleep(STORE_DELAY)  # the disk, not the test, is slow
        return await write(guild_id, change)

    monkeypatch.setattr(versus.store, "_write", slow_write)
    changes = {
        ("settings", "style"): ({"mode": "text"}, "Style: text"),
        ("settings", "prefix"): ({"prefix": "?"}, "Prefix set to `?`"),
        ("settings", "visibility"): ({"mode": "private"}, "Visibility: private"),
        ("settings", "default-library"): ({"library": "mxnet"}, "Default library set to MXNet"),
    }
    invoked = {}
    for path, (options, _) in changes.items():
        handle = await emu.invoke_slash(path, options, user="admin")
        invoked[handle.id] = (path, time.monotonic())
    arrivals = [
        (await emu.next_output(timeout=2 * STORE_DELAY), time.monotonic()) for _ in range(2 * len(changes))
    ]

    kinds = {id_: [out.kind for out, _ in arrivals if out.interaction_id == id_] for id_ in invoked}
    assert kinds == {id_: ["defer", "followup"] for id_ in invoked}
    for out, arrived in arrivals:
        path, started = invoked[out.interaction_id]
        if out.kind == "defer":
            assert out.ephemeral and arrived - started < INTERACTION_TIMEOUT
        else:
            assert out.ephemeral and out.content.startswith(changes[path][1])
            assert arrived - started >= STORE_DELAY, "confirmed only once written"
    assert not [r for r in emu.requests if r.status == 404], "a callback came too late"
    assert versus.store.cached(emu.ids.guild) == GuildSettings(
        prefix="?", default_library="keras-vs-mxnet:mxnet", visibility=Visibility.PRIVATE, style=Style.TEXT
    )
