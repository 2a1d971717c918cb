"""Guarantee 6 — the settings database, seen from the bot process.

- Killed with SIGKILL while an admin changes settings one after another, and restarted on
  the same file: every change the bot acknowledged is there (or the change that was in
  flight), and SQLite finds nothing damaged.
- A file that is not SQLite, is damaged, is read-only or comes from a newer Versus: the
  process exits non-zero with one log line naming the file and the fix; the file's bytes
  are unchanged.
- A database at an older schema is migrated in place, its settings in force.

tests/test_store.py covers the same ground for `SettingsStore` alone.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.core.settings import GuildSettings
from bot.ops.exits import EXIT_BAD_STORE
from bot.storage import open_store
from bot.storage.base import SCHEMA_VERSION
from tests.discord_emulator import DiscordEmulator, Output
from tests.e2e.conftest import bot_environment
from tests.hardening.process import BotProcess, LaunchBot
from tests.test_store import make_v1_database

PREFIX_SHOWN = re.compile(r"Prefix\W*`([^`]+)`")
STYLE_SHOWN = re.compile(r"Style\W*(embed|text) —")
ACK = re.compile(r"^Prefix set to `([^`]+)`|^Style: (embed|text) —")
BURST = 60  # changes sent per run without waiting: the bot writes them one after another
KILL_AFTER = (45, 20, 1, 59)  # acknowledgements received before each SIGKILL

ADMIN_RATE = "1000/30"  # one admin's dozens of changes: the command limit has its own tests


@dataclass
class Ledger:
    """Every change sent, in order, and which of them the admin saw acknowledged.

    The bot writes a burst's changes in the order it received them; acknowledgements may
    arrive in another order. After a kill, a setting must hold the value of its last
    acknowledged change or of a later one (in flight when the process died).
    """

    baseline: dict[str, str] = field(default_factory=lambda: {"prefix": "!", "style": "embed"})
    sent: list[tuple[str, str]] = field(default_factory=list)
    acknowledged: set[int] = field(default_factory=set)

    def next_change(self) -> tuple[str, str]:
        number = len(self.sent) + 1
        style = "text" if number % 4 == 2 else "embed"
        change = ("prefix", f"p{number}") if number % 2 else ("style", style)
        self.sent.append(change)
        return change

    def acknowledge(self, out: Output) -> bool:
        """Record `out` if it acknowledges a change; whether it did. A style value names no
        change for sure, so it counts for the earliest unacknowledged one (the lenient pick)."""
        match = ACK.match(out.content or "")
        if match is None:
            return False
        prefix, style = match.groups()
        change = ("prefix", prefix) if prefix else ("style", style)
        index = next(i for i, c in enumerate(self.sent) if c == change and i not in self.acknowledged)
        self.acknowledged.add(index)
        return True

    def allowed(self, setting: str) -> set[str]:
        """The values `setting` may hold now."""
        mine = [i for i, (name, _) in enumerate(self.sent) if name == setting]
        last = max((i for i in mine if i in self.acknowledged), default=None)
        later = {self.sent[i][1] for i in mine if last is None or i >= last}
        return later | ({self.baseline[setting]} if last is None else set())

    def settle(self, prefix: str, style: str) -> None:
        """What the restarted bot shows becomes the baseline of the next run."""
        self.baseline = {"prefix": prefix, "style": style}
        self.sent, self.acknowledged = [], set()


async def send_burst(emu: DiscordEmulator, ledger: Ledger) -> None:
    for _ in range(BURST):
        setting, value = ledger.next_change()
        await emu.send_message(author="admin", content=f"settings {setting} {value}", mention_bot=True)


async def await_acknowledgements(emu: DiscordEmulator, ledger: Ledger, count: int) -> None:
    while len(ledger.acknowledged) < count:
        out = await emu.next_output(timeout=10)
        assert ledger.acknowledge(out), out


async def shown_settings(emu: DiscordEmulator, ledger: Ledger) -> tuple[str, str]:
    """The prefix and style `settings` shows the admin (by DM); acknowledgements that arrived
    before the kill are recorded on the way."""
    await emu.send_message(author="admin", content="settings", mention_bot=True)
    while ledger.acknowledge(out := await emu.next_output(timeout=10)):
        pass
    prefix, style = PREFIX_SHOWN.search(out.text), STYLE_SHOWN.search(out.text)
    assert prefix and style, out
    note = await emu.next_output(timeout=10)  # the settings went by DM; the channel is told so
    assert "direct message" in note.text, note
    return prefix[1], style[1]


async def restart(
    launch_bot: LaunchBot, emu: DiscordEmulator, env: dict[str, str], log: Path, run: int
) -> BotProcess:
    """Start the bot (again) and wait until the emulator has sent its `run`-th READY."""
    bot = await launch_bot(env, log)
    await emu.wait_ready_sent(count=run, timeout=20)
    return bot


def integrity(db_path: Path) -> list[tuple]:
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute("PRAGMA integrity_check").fetchall()


async def test_sigkill_during_setting_changes_keeps_every_acknowledged_change(emu, launch_bot, tmp_path):
    db_path = tmp_path / "versus.sqlite3"
    env = bot_environment(emu, db_path, VERSUS_COMMAND_RATE=ADMIN_RATE)
    ledger = Ledger()
    bot = await restart(launch_bot, emu, env, tmp_path / "bot-1.log", 1)
    for run, acknowledgements in enumerate(KILL_AFTER, start=2):
        await send_burst(emu, ledger)
        await await_acknowledgements(emu, ledger, acknowledgements)
        await bot.kill()
        bot = await restart(launch_bot, emu, env, tmp_path / f"bot-{run}.log", run)
        prefix, style = await shown_settings(emu, ledger)
        assert prefix in ledger.allowed("prefix"), (prefix, ledger)
        assert style in ledger.allowed("style"), (style, ledger)
        ledger.settle(prefix, style)

    await emu.send_message(content=f"{ledger.baseline['prefix']}stats")
    assert "Statistics" in (await emu.next_output(timeout=10)).text, "the restored prefix works"
    assert await bot.stop() == 0
    assert integrity(db_path) == [("ok",)]


# --- files the store cannot use -------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """The database's folder, writable again after the test whatever the test did to it."""
    path = tmp_path / "data"
    path.mkdir()
    yield path
    path.chmod(0o755)


async def make_database(path: Path, guilds: int = 300) -> None:
    """A real settings database, several pages long."""
    async with await open_store(path) as store:
        for guild_id in range(1, guilds + 1):
            await store.update(guild_id, prefix="?", default_library="keras")


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 : 4096 + 2048] = os.urandom(2048)
    path.write_bytes(data)


def newer_schema(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.commit()


@pytest.mark.parametrize(
    ("case", "advice"),
    [
        ("not-sqlite", "VERSUS_DB"),
        ("damaged", "backup"),
        ("read-only", "write access"),
        ("newer-schema", "newer version of Versus"),
    ],
)
async def test_unusable_database_stops_the_bot_with_one_clear_line(
    emu, launch_bot, tmp_path, data_dir, case, advice
):
    db_path = data_dir / "versus.sqlite3"
    if case == "not-sqlite":
        db_path.write_text("prefix = '?'\n")
    else:
        await make_database(db_path)
        if case == "damaged":
            damage(db_path)
        elif case == "newer-schema":
            newer_schema(db_path)
        else:
            db_path.chmod(0o444)
            data_dir.chmod(0o555)
    before, files = db_path.read_bytes(), sorted(data_dir.iterdir())

    env = bot_environment(emu, db_path, VERSUS_COMMAND_RATE=ADMIN_RATE)
    bot = await launch_bot(env, tmp_path / "bot.log", obey_file_modes=True)
    assert await bot.wait() == EXIT_BAD_STORE
    log = bot.log()
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and str(db_path) in errors[0] and advice in errors[0], log
    assert "Traceback" not in log
    assert db_path.read_bytes() == before and sorted(data_dir.iterdir()) == files


async def test_older_schema_is_migrated_in_place_and_its_settings_apply(emu, launch_bot, tmp_path):
    db_path = tmp_path / "versus.sqlite3"
    opted_in = emu.ids.channels["opted-in"]
    make_v1_database(db_path, [(emu.ids.guild, "?", "mxnet", "channels", f"[{opted_in}]", "public", "text")])
    inode = db_path.stat().st_ino

    bot = await launch_bot(
        bot_environment(emu, db_path, VERSUS_COMMAND_RATE=ADMIN_RATE), tmp_path / "bot.log"
    )
    await emu.wait_ready_sent(timeout=20)
    await emu.send_message(content="?pros")
    out = await emu.next_output(timeout=10)
    assert not out.embeds and out.content.startswith("**Pros: MXNet**"), "prefix, library, style kept"
    await emu.send_message(channel="opted-in", content="who develops mxnet")
    assert "AWS" in (await emu.next_output(timeout=10)).text, "the opted-in channel kept"
    assert await bot.stop() == 0

    assert db_path.stat().st_ino == inode
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA user_version").fetchall() == [(SCHEMA_VERSION,)]
    async with await open_store(db_path) as store:
        assert store.cached(emu.ids.guild) == GuildSettings(
            prefix="?",
            default_library="mxnet",
            freeform="channels",
            freeform_channels={opted_in},
            style="text",
        )
