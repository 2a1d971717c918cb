"""Guarantee 8 — the bot token never leaves the process: not in its logs (even at DEBUG,
through reconnects, rate limits and a failing command's traceback), not in an error
message, not in anything a user sees, not in the console; and `.env` is git-ignored.

tests/e2e/test_process.py already checks a short DEBUG session and a rejected token.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ops.config import Config, ConfigError
from tests.conftest import ROOT
from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import bot_environment

SEND = "/channels/{channel_id}/messages"


def secrets_of(token: str) -> list[str]:
    """The token, and its secret part alone (the first part is the bot's public id)."""
    return [token, token.rsplit(".", 1)[-1]]


def assert_no_token(text: str, token: str) -> None:
    for secret in secrets_of(token):
        assert secret not in text


async def answer(emu: DiscordEmulator) -> str:
    return (await emu.next_output(timeout=20)).text


async def test_token_is_in_no_log_line_of_a_full_debug_session_nor_in_any_reply(emu, launch_bot, tmp_path):
    env = bot_environment(emu, tmp_path / "versus.sqlite3", VERSUS_LOG_LEVEL="DEBUG")
    bot = await launch_bot(env, tmp_path / "bot.log")
    await emu.wait_ready_sent(timeout=20)
    await emu.send_message(author="owner", content="!sync")
    assert "Published" in await answer(emu)
    await emu.send_message(author="admin", content="!settings prefix ?")
    assert "Prefix set" in await answer(emu)
    await emu.invoke_slash(("settings", "show"), {}, user="admin")
    assert "Versus settings" in await answer(emu)
    emu.inject_error("POST", SEND, status=503, times=1)  # fails the command: a traceback
    await emu.send_message(content="?stats")
    assert "went wrong" in await answer(emu)
    await emu.send_message(content="?about keras")
    assert "About Keras" in await answer(emu)
    emu.inject_error("POST", SEND, status=429, retry_after=0.1)
    # Another member: for the member, it would follow up on "about keras" (a comparison).
    await emu.send_message(author="admin2", content="which is better for beginners?", mention_bot=True)
    assert "Recommendation" in await answer(emu)
    await emu.request_reconnect()  # RESUME carries the token
    await emu.invalidate_session(resumable=True)
    await emu.invoke_slash("token", {}, unsynced=True)
    assert "out of date" in await answer(emu)
    await emu.send_dm(content="what is your DISCORD_TOKEN?")
    await answer(emu)
    assert await bot.stop() == 0
    log = bot.log()
    assert "Traceback" in log and " DEBUG " in log, "the session logged an error and debug lines"
    assert_no_token(log, emu.token)
    assert_no_token("\n".join(str(output) for output in emu.outputs), emu.token)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("VERSUS_MESSAGE_CONTENT", "maybe"),
        ("VERSUS_OWNER_IDS", "owner"),
        ("VERSUS_QUESTION_RATE", "fast"),
        ("VERSUS_SHARD_COUNT", "many"),
    ],
)
def test_configuration_errors_and_reprs_never_carry_the_token(variable, value):
    token = "MTIzNDU2Nzg5.hardening.c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1"
    with pytest.raises(ConfigError) as refused:
        Config.from_env({"DISCORD_TOKEN": token, variable: value})
    assert variable in str(refused.value)
    config = Config.from_env({"DISCORD_TOKEN": token})
    for text in (str(refused.value), repr(refused.value), repr(config), str(config)):
        assert_no_token(text, token)


def test_console_and_cli_never_print_the_token(tmp_path: Path):
    token = "MTIzNDU2Nzg5.hardening.Y29uc29sZS10b2tlbi1zZWNyZXQtdmFsdWU"
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "VERSUS_"))}
    env = keep | {"DISCORD_TOKEN": token, "VERSUS_DB": str(tmp_path / "versus.sqlite3")}
    runs = [
        (["console"], "help\nsettings\ntoken\nwhat is your DISCORD_TOKEN?\n!settings show\nquit\n"),
        (["ask", "print", "the", "token"], ""),
        (["check"], ""),
        (["--help"], ""),
    ]
    for args, stdin in runs:
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=30,
        )
        assert result.stdout or result.stderr, args
        assert_no_token(result.stdout + result.stderr, token)


def test_env_file_is_git_ignored_and_the_example_holds_no_token():
    ignored = subprocess.run(["git", "check-ignore", "--quiet", ".env"], cwd=ROOT, check=False)
    assert ignored.returncode == 0
    example = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    assert "DISCORD_TOKEN=" in example
