"""Issue 12, item 1 — a settings file lost under the running bot, through the emulator.

Deleted with its -wal and -shm, or replaced by a restored backup, the file at VERSUS_DB is
no longer the one the bot holds open: a change written there would vanish at the next
start. The bot refuses it (the admin is told it was not saved), logs why once, and keeps
answering with the settings it has.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.conftest import admin_says, embed_title

REFUSED = "couldn't save"


def delete_database(db_path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def back_up(db_path: Path, backup: Path) -> None:
    with closing(sqlite3.connect(db_path)) as source, closing(sqlite3.connect(backup)) as copy:
        source.backup(copy)


def restore(backup: Path, db_path: Path, *, in_place: bool) -> None:
    """What a restore does: the backup takes the database's place — moved over it (a new
    file), or copied into it (the same file, new bytes) — and the old -wal and -shm go."""
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    if in_place:
        shutil.copyfile(backup, db_path)
    else:
        os.replace(backup, db_path)


async def assert_refused_and_unchanged(emu, caplog: pytest.LogCaptureFixture) -> None:
    assert REFUSED in await admin_says(emu, "!settings prefix ?")
    assert REFUSED in await admin_says(emu, "!settings style text")
    await emu.send_message(content="!stats")  # the settings in force are the saved ones
    assert embed_title(await emu.next_output()).startswith("Statistics")
    lost = [
        r for r in caplog.records if r.name == "bot.storage.sqlite" and "deleted or replaced" in r.message
    ]
    assert len(lost) == 1, "logged once, by the store"


async def test_a_deleted_database_refuses_changes(emu, start_versus, db_path, caplog):
    caplog.set_level(logging.INFO)
    async with start_versus():
        delete_database(db_path)
        await assert_refused_and_unchanged(emu, caplog)
    async with start_versus() as bot:  # nothing was acknowledged, so nothing is missing
        assert bot.store.servers() == {}


@pytest.mark.parametrize("in_place", [False, True], ids=["moved", "copied"])
async def test_a_backup_restored_over_the_database_refuses_changes(
    emu, start_versus, db_path, caplog, in_place
):
    caplog.set_level(logging.INFO)
    backup = db_path.with_name("backup.sqlite3")
    async with start_versus():
        assert "Style" in await admin_says(emu, "!settings style embed")
        back_up(db_path, backup)
        restore(backup, db_path, in_place=in_place)
        await assert_refused_and_unchanged(emu, caplog)
    async with start_versus() as bot:
        assert bot.store.cached(emu.ids.guild).prefix is None
