"""Servers and channels coming and going (issue 12, items 4 and 6), through the emulator:

- an opted-in channel that is deleted leaves the list at once, or at the next start if it
  was deleted while the bot was offline;
- a server that removes the bot keeps its settings for the grace period (re-invited, it
  finds them), then they are deleted; an outage (an unavailable server) keeps everything.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

from bot.storage import open_store
from cogs.lifecycle import GRACE_PERIOD
from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import admin_says, embed_title
from tests.test_store_engines import eventually

DAY = 86_400.0


async def opt_in(emu: DiscordEmulator, *channels: str) -> list[int]:
    ids = [emu.channel_id(name) for name in channels]
    for channel in ids:
        assert "opted in" in await admin_says(emu, f"!settings channel add <#{channel}>")
    return ids


def stored_channels(db_path: Path) -> set[int]:
    with closing(sqlite3.connect(db_path)) as db:
        return {row[0] for row in db.execute("SELECT channel_id FROM freeform_channels")}


async def test_a_deleted_channel_leaves_the_opted_in_list(emu, start_versus, db_path):
    async with start_versus() as bot:
        deleted, kept = await opt_in(emu, "opted-in", "general")
        emu.delete_channel(deleted)
        await eventually(lambda: deleted not in bot.store.cached(emu.ids.guild).freeform_channels)
        listed = await admin_says(emu, "!settings channel list")
        assert f"<#{kept}>" in listed and f"<#{deleted}>" not in listed
    assert stored_channels(db_path) == {kept}


async def test_channels_deleted_while_offline_are_pruned_at_start(emu, start_versus, db_path):
    async with start_versus():
        deleted, kept = await opt_in(emu, "opted-in", "general")
    emu.delete_channel(deleted)
    async with start_versus():
        listed = await admin_says(emu, "!settings channel list")
        assert f"<#{kept}>" in listed and f"<#{deleted}>" not in listed
    assert stored_channels(db_path) == {kept}


async def test_a_server_that_reinvites_within_the_grace_period_keeps_its_settings(emu, start_versus):
    async with start_versus() as bot:
        assert "?" in await admin_says(emu, "!settings prefix ?")
        guild = emu.remove_guild(emu.ids.guild)
        await eventually(lambda: emu.ids.guild in bot.store.removed())
        emu.add_guild(guild)
        await eventually(lambda: emu.ids.guild not in bot.store.removed())
        await emu.send_message(content="?stats")
        assert embed_title(await emu.next_output()).startswith("Statistics")


async def test_an_outage_keeps_everything(emu, start_versus):
    async with start_versus() as bot:
        assert "?" in await admin_says(emu, "!settings prefix ?")
        guild = emu.remove_guild(emu.ids.guild, unavailable=True)
        emu.add_guild(guild)  # back
        await emu.send_message(content="?stats")
        assert embed_title(await emu.next_output()).startswith("Statistics")
        assert bot.store.removed() == {}


async def test_a_removed_servers_settings_are_deleted_after_the_grace_period(emu, start_versus, db_path):
    async with start_versus() as bot:
        await opt_in(emu, "opted-in")
        assert "?" in await admin_says(emu, "!settings prefix ?")
        guild = emu.remove_guild(emu.ids.guild)
        await eventually(lambda: emu.ids.guild in bot.store.removed())
    with closing(sqlite3.connect(db_path)) as db, db:  # the grace period passes
        expired = time.time() - GRACE_PERIOD.total_seconds() - DAY
        db.execute("UPDATE removed_guilds SET removed_at = ?", (expired,))
    emu.add_guild(guild)  # re-invited too late: a fresh start
    async with start_versus() as bot:
        await emu.send_message(content="!stats")
        assert embed_title(await emu.next_output()).startswith("Statistics")
        assert bot.store.servers() == {} and bot.store.removed() == {}
    assert stored_channels(db_path) == set()


async def test_a_server_that_removed_the_bot_while_it_was_offline_starts_its_grace_period(
    emu, start_versus, db_path
):
    gone = emu.ids.guild + 1  # a server Discord no longer lists
    async with await open_store(db_path) as store:
        await store.update(gone, prefix="?")
    async with start_versus() as bot:
        await emu.send_message(content="!stats")  # ready and answering
        assert embed_title(await emu.next_output()).startswith("Statistics")
        await eventually(lambda: gone in bot.store.removed())
        assert emu.ids.guild not in bot.store.removed()


async def test_remove_takes_a_mention_an_id_or_a_name(emu, start_versus, db_path):
    async with start_versus():
        general, opted = await opt_in(emu, "general", "opted-in")
        choices = await emu.autocomplete(
            ("settings", "channel", "remove"), {"channel": ""}, focused="channel", user="admin"
        )
        assert {c["value"] for c in choices} == {str(general), str(opted)}
        assert "not opted in" in await admin_says(emu, "!settings channel remove 999")
        assert "opted out" in await admin_says(emu, f"!settings channel remove {general}")
        assert "opted out" in await admin_says(emu, "!settings channel remove opted-in")
    assert stored_channels(db_path) == set()
