"""The gateway on its own (a raw websocket client) and with discord.py's AutoShardedBot."""

from __future__ import annotations

import json
import zlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from discord.ext import commands

from tests.discord_emulator import DiscordEmulator, running_bot
from tests.discord_emulator.snowflake import shard_for

from .bare_bot import BareBot

GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT = 1, 1 << 9, 1 << 12, 1 << 15
INTENTS = GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES


class RawClient:
    """A minimal gateway client: JSON frames, zlib-stream decoding, event-driven reads."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.inflater = zlib.decompressobj()
        self.raw_frames: list[bytes] = []

    async def receive(self) -> dict[str, Any]:
        message = await self.ws.receive(timeout=5)
        if message.type is aiohttp.WSMsgType.BINARY:
            self.raw_frames.append(message.data)
            return json.loads(self.inflater.decompress(message.data))
        assert message.type is aiohttp.WSMsgType.TEXT, message
        return json.loads(message.data)

    async def dispatch(self) -> dict[str, Any]:
        """The next dispatch (op 0), skipping heartbeat ACKs."""
        while (frame := await self.receive())["op"] != 0:
            pass
        return frame

    async def send(self, op: int, data: Any) -> None:
        await self.ws.send_str(json.dumps({"op": op, "d": data}))

    async def identify(self, token: str, intents: int = INTENTS, shard: list[int] | None = None) -> None:
        data = {"token": token, "intents": intents, "properties": {}}
        await self.send(2, data | ({"shard": shard} if shard else {}))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as http:
        yield http


async def connect(http: aiohttp.ClientSession, emu: DiscordEmulator, query: str = "") -> RawClient:
    client = RawClient(await http.ws_connect(f"{emu.gateway_url}?v=10&encoding=json{query}"))
    hello = await client.receive()
    assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] > 0
    return client


async def test_identify_gets_ready_then_guilds_and_heartbeats_are_acked(
    emu: DiscordEmulator, session: aiohttp.ClientSession
) -> None:
    client = await connect(session, emu, "&compress=zlib-stream")
    await client.send(1, None)
    assert (await client.receive())["op"] == 11
    await client.identify(emu.token)
    ready = await client.dispatch()
    assert (ready["t"], ready["s"]) == ("READY", 1)
    assert ready["d"]["resume_gateway_url"] == emu.gateway_url
    assert ready["d"]["user"]["id"] == str(emu.ids.bot)
    guild = (await client.dispatch())["d"]
    assert guild["id"] == str(emu.ids.guild) and guild["unavailable"] is False
    assert guild["member_count"] == 6 and len(guild["members"]) == 1  # no GUILD_MEMBERS intent
    assert all(frame.endswith(b"\x00\x00\xff\xff") for frame in client.raw_frames)
    await client.ws.close()


async def test_message_content_is_blanked_without_the_intent(
    emu: DiscordEmulator, session: aiohttp.ClientSession
) -> None:
    client = await connect(session, emu)
    await client.identify(emu.token)
    await client.dispatch()
    await client.dispatch()
    await emu.send_message(content="secret")
    await emu.send_message(content="for you", mention_bot=True)
    await emu.send_dm(content="private")
    contents = [(await client.dispatch())["d"]["content"] for _ in range(3)]
    assert contents == ["", f"<@{emu.ids.bot}> for you", "private"]
    await client.ws.close()


async def test_no_messages_without_message_intents(
    emu: DiscordEmulator, session: aiohttp.ClientSession
) -> None:
    client = await connect(session, emu)
    await client.identify(emu.token, intents=GUILDS | MESSAGE_CONTENT)
    await client.dispatch()
    await client.dispatch()
    await emu.send_message(content="not for you")
    handle = await emu.invoke_slash("anything", unsynced=True)
    interaction = await client.dispatch()
    assert (interaction["t"], interaction["d"]["id"]) == ("INTERACTION_CREATE", str(handle.id))
    await client.ws.close()


async def test_each_shard_gets_its_guilds_and_dms_go_to_shard_zero(
    session: aiohttp.ClientSession,
) -> None:
    async with DiscordEmulator(extra_guilds=1) as emu:
        guild_ids = [g.id for g in emu.world.guilds]
        assert {shard_for(g, 2) for g in guild_ids} == {0, 1}
        shards = []
        for shard_id in (0, 1):
            client = await connect(session, emu)
            await client.identify(emu.token, INTENTS | MESSAGE_CONTENT, shard=[shard_id, 2])
            ready = (await client.dispatch())["d"]
            mine = [g for g in guild_ids if shard_for(g, 2) == shard_id]
            assert [int(g["id"]) for g in ready["guilds"]] == mine
            assert [int((await client.dispatch())["d"]["id"]) for _ in mine] == mine
            shards.append(client)
        await emu.send_dm(content="dm")
        for guild in emu.world.guilds:
            await emu.send_message(guild.channel_named("general").id, "owner", f"in {guild.id}")
        for shard_id, client in enumerate(shards):
            received = [(await client.dispatch())["d"]["content"] for _ in range(2 - shard_id)]
            expected = (["dm"] if shard_id == 0 else []) + [
                f"in {g}" for g in guild_ids if shard_for(g, 2) == shard_id
            ]
            assert received == expected
            await client.ws.close()


async def test_resume_replays_after_the_clients_sequence(
    emu: DiscordEmulator, session: aiohttp.ClientSession
) -> None:
    first = await connect(session, emu)
    await first.identify(emu.token, INTENTS | MESSAGE_CONTENT)
    session_id = (await first.dispatch())["d"]["session_id"]
    last_seq = (await first.dispatch())["s"]
    await first.ws.close(code=4000)  # not 1000: the session stays resumable
    await emu.send_message(content="while away")
    second = await connect(session, emu)
    await second.send(6, {"token": emu.token, "session_id": session_id, "seq": last_seq})
    replayed = await second.dispatch()
    assert (replayed["t"], replayed["s"], replayed["d"]["content"]) == (
        "MESSAGE_CREATE",
        last_seq + 1,
        "while away",
    )
    assert (await second.dispatch())["t"] == "RESUMED"
    unknown = await connect(session, emu)
    await unknown.send(6, {"token": emu.token, "session_id": "nope", "seq": 1})
    assert await unknown.receive() == {"op": 9, "d": False, "s": None, "t": None}
    for client in (second, unknown):
        await client.ws.close()


@pytest.mark.parametrize(
    ("refuse", "token", "intents", "code"),
    [
        (False, "wrong", INTENTS, 4004),
        (True, None, INTENTS | MESSAGE_CONTENT, 4014),
        (False, None, 1 << 40, 4013),
    ],
)
async def test_identify_refusals_close_with_discords_codes(
    session: aiohttp.ClientSession, refuse: bool, token: str | None, intents: int, code: int
) -> None:
    async with DiscordEmulator(refuse_message_content=refuse) as emu:
        client = await connect(session, emu)
        await client.identify(token or emu.token, intents=intents)
        closed = await client.ws.receive(timeout=5)
        assert (closed.type, closed.data) == (aiohttp.WSMsgType.CLOSE, code)
        assert emu.identifies[0]["intents"] == intents and "token" not in emu.identifies[0]


class ShardedBareBot(BareBot, commands.AutoShardedBot):
    """The bare bot, sharded."""


async def test_auto_sharded_bot_answers_in_every_guild() -> None:
    async with DiscordEmulator(extra_guilds=1) as emu:
        async with running_bot(emu, ShardedBareBot(shard_count=2)) as bot:
            assert sorted(i["shard"] for i in emu.identifies) == [[0, 2], [1, 2]]
            for guild in emu.world.guilds:
                assert bot.get_guild(guild.id) is not None
                channel_id = guild.channel_named("general").id
                await emu.send_message(channel_id, "owner", "!ping")
                out = await emu.next_output()
                assert (out.channel_id, out.content) == (channel_id, "pong")
        assert emu.unknown_routes == []
