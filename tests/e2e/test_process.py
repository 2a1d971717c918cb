"""Versus as a user runs it: `python -m bot run` in its own process, against the emulator."""

from __future__ import annotations

import asyncio
import signal
import socket

import pytest

from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import bot_environment, embed_title, spawn_versus


def debug_environment(emu: DiscordEmulator, tmp_path, **extra: str) -> dict[str, str]:
    """Logs at DEBUG, so the token scans see everything."""
    return bot_environment(emu, tmp_path / "versus.sqlite3", VERSUS_LOG_LEVEL="DEBUG") | extra


async def start_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await spawn_versus(env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def finish(process: asyncio.subprocess.Process, timeout: float = 20) -> tuple[int, str]:
    _, stderr = await asyncio.wait_for(process.communicate(), timeout)
    return process.returncode, stderr.decode()


async def test_bot_process_answers_and_stops_cleanly_without_leaking_the_token(emu, tmp_path):
    process = await start_process(debug_environment(emu, tmp_path))
    try:
        await emu.wait_ready_sent(timeout=20)
        await emu.send_message(content="!compare speed")
        assert embed_title(await emu.next_output(timeout=20)).startswith("Performance")
    finally:
        process.send_signal(signal.SIGTERM)
        code, log = await finish(process)
    assert code == 0
    assert emu.token not in log
    assert emu.unknown_routes == []


async def test_rejected_token_is_one_line_and_exit_2(emu, tmp_path):
    env = debug_environment(emu, tmp_path, DISCORD_TOKEN="not-the-token-" + "x" * 20)
    code, log = await finish(await start_process(env))
    assert code == 2
    assert "Discord rejected the token" in log
    assert "not-the-token-" not in log and "Traceback" not in log


async def test_unreachable_discord_is_one_line_and_exit_6(emu, tmp_path):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    nowhere = {
        "DISCORD_API_BASE": f"http://127.0.0.1:{port}/api/v10",
        "DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{port}",
    }
    for command in ("run", "sync"):
        process = await spawn_versus(
            debug_environment(emu, tmp_path, **nowhere),
            command,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        code, log = await finish(process)
        errors = [line for line in log.splitlines() if "ERROR" in line]
        assert code == 6, log
        assert len(errors) == 1 and f"Cannot reach Discord at http://127.0.0.1:{port}/api/v10" in errors[0]
        assert "Traceback" not in log and emu.token not in log


async def test_missing_token_exits_2(emu, tmp_path):
    env = debug_environment(emu, tmp_path, DISCORD_TOKEN="")
    code, log = await finish(await start_process(env))
    assert code == 2 and "DISCORD_TOKEN is not set" in log


@pytest.fixture
async def strict_emu():
    async with DiscordEmulator(refuse_message_content=True) as emulator:
        yield emulator


async def test_refused_intent_says_how_to_fix_it(strict_emu, tmp_path):
    code, log = await finish(await start_process(debug_environment(strict_emu, tmp_path)))
    assert code == 3
    assert "Message Content Intent" in log and "VERSUS_MESSAGE_CONTENT=false" in log
    assert "Traceback" not in log


async def test_without_the_intent_it_runs_where_discord_refuses_it(strict_emu, tmp_path):
    process = await start_process(debug_environment(strict_emu, tmp_path, VERSUS_MESSAGE_CONTENT="false"))
    try:
        await strict_emu.wait_ready_sent(timeout=20)
        await strict_emu.send_message(content="pros keras", mention_bot=True)
        assert embed_title(await strict_emu.next_output(timeout=20)) == "Pros: Keras"
    finally:
        process.send_signal(signal.SIGTERM)
        code, _ = await finish(process)
    assert code == 0


async def run_sync(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await spawn_versus(
        env, "sync", *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode, output.decode()


async def test_sync_command_publishes_and_exits(emu, tmp_path):
    env = debug_environment(emu, tmp_path)
    code, output = await run_sync(env, "--guild", str(emu.ids.guild))
    assert code == 0 and f"to server {emu.ids.guild}" in output
    assert "compare" in {c["name"] for c in emu.synced_commands(guild=emu.ids.guild)}
    code, output = await run_sync(env)
    assert code == 0 and "globally" in output
    assert "settings" in {c["name"] for c in emu.synced_commands()}
    assert emu.token not in output
