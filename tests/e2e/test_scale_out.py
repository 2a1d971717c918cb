"""Scale-out pieces in one process: the emulator routes thousands of guilds to shards as
Discord does (DMs to shard 0), and a change made with `python -m bot settings` on a shared
SQLite file reaches the running bot. (Two processes on PostgreSQL: tests/hardening/test_scale_out.py.)"""

from __future__ import annotations

import asyncio
import sys
import time

from tests.conftest import HELP, HELP_TITLE, KNOWLEDGE_DIR, ROOT
from tests.discord_emulator import DiscordEmulator
from tests.discord_emulator.snowflake import shard_for
from tests.e2e.conftest import embed_title, two_shards
from tests.test_store_engines import eventually

GUILDS = 5_000


async def test_thousands_of_guilds_split_over_shards_and_dms_go_to_shard_0(make_config):
    started = time.monotonic()
    async with (
        DiscordEmulator(extra_guilds=GUILDS) as emu,
        two_shards(emu, make_config()) as (first, second),
    ):
        held = [{g.id for g in first.guilds}, {g.id for g in second.guilds}]
        assert held[0] | held[1] == {g.id for g in emu.world.guilds} and not held[0] & held[1]
        assert all(shard_for(g, 2) == 0 for g in held[0]) and len(held[1]) > GUILDS // 3
        far = emu.world.guilds[-1]
        await emu.send_message(channel=far.channels[0].id, author="owner", content="!stats")
        assert embed_title(await emu.next_output()).startswith("Statistics")
        dm_seen = [
            asyncio.ensure_future(bot.wait_for("message", check=lambda m: m.guild is None))
            for bot in (first, second)
        ]
        await emu.send_dm(content="pros keras")
        assert embed_title(await emu.next_output()) == "Pros: Keras"
        # Shard 1's events arrive in order: had it been sent the DM, it would have seen
        # it before this message, which it answers.
        on_shard_1 = next(g for g in emu.world.guilds if shard_for(g.id, 2) == 1).channels[0].id
        await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE, channel=on_shard_1, author="owner")
        assert dm_seen[0].done() and not dm_seen[1].done(), "DMs go to shard 0"
        dm_seen[1].cancel()
    assert time.monotonic() - started < 60


async def test_a_change_from_the_command_line_reaches_the_running_bot(
    emu, start_versus, db_path, monkeypatch
):
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", 0.2)
    async with start_versus() as bot:
        env = {"PATH": "/usr/bin:/bin", "VERSUS_DB": str(db_path), "VERSUS_KNOWLEDGE": str(KNOWLEDGE_DIR)}
        cli = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "settings", "--guild", str(emu.ids.guild), "prefix", "?",
            cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        output, _ = await cli.communicate()
        assert cli.returncode == 0 and "Prefix set to `?`" in output.decode()
        await eventually(lambda: bot.store.cached(emu.ids.guild).prefix == "?")
        await emu.send_message(content="?stats")
        assert embed_title(await emu.next_output()).startswith("Statistics")
