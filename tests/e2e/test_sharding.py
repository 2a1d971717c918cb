"""Two processes' worth of shards: each Versus runs its own shard ids, sees only its
servers, and every message is answered exactly once."""

from __future__ import annotations

from tests.conftest import HELP, HELP_TITLE
from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import assert_clean, embed_title, two_shards


async def test_shards_split_servers_and_answer_once(make_config, db_path):
    async with (
        DiscordEmulator(extra_guilds=1) as emu,
        two_shards(emu, make_config()) as (first, second),
    ):
        seen = [{g.id for g in first.guilds}, {g.id for g in second.guilds}]
        assert seen[0].isdisjoint(seen[1])
        assert seen[0] | seen[1] == {g.id for g in emu.world.guilds}
        for guild in emu.world.guilds:
            channel = guild.channels[0].id
            await emu.send_message(channel=channel, author="owner", content="!stats")
            answer = await emu.next_output()
            assert answer.channel_id == channel and embed_title(answer).startswith("Statistics")
        await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE, channel=channel, author="owner")
        assert_clean(emu)
