"""Versus as a user runs it: `python -m bot run` in its own process, against the emulator."""

from __future__ import annotations

import asyncio
import importlib.metadata
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


STARTED = " versus Versus "  # the start-up line, after its time and level


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def start_and_stop(emu: DiscordEmulator, env: dict[str, str]) -> str:
    """`python -m bot run` until the gateway's READY, then SIGTERM; its log."""
    readied = emu.ready_count
    process = await start_process(env)
    try:
        await emu.wait_ready_sent(readied + 1, timeout=20)
    finally:
        process.send_signal(signal.SIGTERM)
        code, log = await finish(process)
    assert code == 0, log
    return log


def start_up_lines(log: str) -> list[str]:
    """The start-up lines of a log, from "Versus" on."""
    return [line.split(STARTED, 1)[1] for line in log.splitlines() if STARTED in line]


async def test_start_up_is_one_plain_line_saying_what_runs(emu, tmp_path):
    db, port = tmp_path / "versus.sqlite3", free_port()
    env = bot_environment(emu, db, VERSUS_LOG_LEVEL="INFO", VERSUS_METRICS_PORT=str(port))
    running = (
        f"{importlib.metadata.version('versus')}: 1 comparison(s) loaded (keras-vs-mxnet); "
        f"database {db}; prefix !; shards: all 1; metrics on http://127.0.0.1:{port}; "
    )
    first = await start_and_stop(emu, env)
    assert start_up_lines(first) == [f"{running}slash commands never synced; run python -m bot sync."]
    assert [line for line in first.splitlines() if "schema" in line] == [
        next(line for line in first.splitlines() if f"Creating the settings schema in {db}" in line)
    ], "one migration line"
    assert "\x1b[" not in first, "a pipe gets no colour codes, in a container too"
    assert "voice" not in first.lower(), "a text-only bot says nothing of voice"
    code, _ = await run_sync(env)
    assert code == 0
    second = await start_and_stop(emu, env)
    assert start_up_lines(second) == [f"{running}{len(emu.synced_commands())} slash commands published."]
    assert "schema" not in second, "nothing to migrate"


async def test_the_start_up_line_never_shows_the_database_password(emu, tmp_path, postgres_url):
    password = postgres_url.split(":")[2].split("@")[0]
    log = await start_and_stop(emu, bot_environment(emu, postgres_url, VERSUS_LOG_LEVEL="DEBUG"))
    (line,) = start_up_lines(log)
    assert f"database {postgres_url.replace(password, '***')};" in line
    assert password not in log
