"""Faults on the wire: gateway reconnects, rate limits and server errors. The bot keeps
answering, logs what failed, and never crashes."""

from __future__ import annotations

import logging

from cogs import extension_names
from tests.e2e.conftest import embed_title


async def test_reconnect_in_the_middle_of_a_conversation(emu, versus):
    await emu.send_message(content="!pros keras")
    assert embed_title(await emu.next_output()) == "Pros: Keras"
    await emu.request_reconnect()
    await emu.send_message(content="!cons keras")
    assert embed_title(await emu.next_output()) == "Cons: Keras"
    await emu.invoke_slash("stats", {})
    assert embed_title(await emu.next_output()).startswith("Statistics")


async def test_session_invalidated_then_new_session_still_answers(emu, versus):
    await emu.invalidate_session(resumable=False)
    await emu.send_message(content="!about keras")
    assert embed_title(await emu.next_output()) == "About Keras"
    assert len(versus.cogs) == len(extension_names()), "cogs are loaded once, not again on reconnect"


async def test_rate_limited_send_is_retried(emu, versus):
    emu.inject_error("POST", "/channels/{channel_id}/messages", status=429, retry_after=0.05, times=1)
    await emu.send_message(content="!compare scalability")
    assert embed_title(await emu.next_output()).startswith("Scalability")


async def test_server_error_on_send_is_logged_and_the_bot_keeps_running(emu, versus, caplog):
    emu.inject_error("POST", "/channels/{channel_id}/messages", status=503, times=2)
    with caplog.at_level(logging.ERROR, logger="versus"):
        await emu.send_message(content="!stats")
        await emu.send_message(content="!about mxnet")
        assert embed_title(await emu.next_output()) == "About MXNet"
    assert any("failed" in record.getMessage() for record in caplog.records)


async def test_server_error_on_interaction_callback_is_retried(emu, versus):
    """discord.py's webhook adapter retries a 5xx callback; the user still gets the answer."""
    emu.inject_error("POST", "/interactions/{webhook_id}/{webhook_token}/callback", status=503, times=1)
    await emu.invoke_slash("stats", {})
    out = await emu.next_output()
    assert out.kind == "interaction_response" and embed_title(out).startswith("Statistics")
