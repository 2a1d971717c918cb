"""The driver changing permissions mid-session, as a server admin does on Discord: a channel's
overwrites (`update_channel`, CHANNEL_UPDATE) and a role's bits (`update_role`,
GUILD_ROLE_UPDATE). Each change must reach all three views at once: the gateway's events,
REST's permission enforcement and later sessions' GUILD_CREATE — and discord.py must apply
the events to the same permissions the emulator resolves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import pytest

from tests.discord_emulator import (
    DiscordEmulator,
    Overwrite,
    OverwriteType,
    Permission,
    running_bot,
)
from tests.discord_emulator.payloads import channel_payload, role_payload
from tests.discord_emulator.world import BOT_ROLE_PERMISSIONS

from .bare_bot import BareBot
from .test_gateway import INTENTS, MESSAGE_CONTENT, RawClient, connect

GENERAL = "general"
EMBED = {"content": "x", "embeds": [{"title": "t"}]}


@pytest.fixture
async def http(emu: DiscordEmulator) -> AsyncIterator[aiohttp.ClientSession]:
    """A session that talks to the emulator as the bot (its token) and opens raw gateways."""
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {emu.token}"}) as session:
        yield session


async def post(http: aiohttp.ClientSession, emu: DiscordEmulator, channel: str, body: Any) -> int:
    """The status of the bot's `POST /channels/{id}/messages`."""
    url = f"{emu.api_base}/channels/{emu.ids.channels[channel]}/messages"
    async with http.post(url, json=body) as response:
        return response.status


async def identified(http: aiohttp.ClientSession, emu: DiscordEmulator, intents: int = INTENTS) -> RawClient:
    """A raw gateway client past READY and its one GUILD_CREATE (with GUILDS)."""
    client = await connect(http, emu)
    await client.identify(emu.token, intents)
    assert (await client.dispatch())["t"] == "READY"
    if intents & 1:  # GUILDS
        assert (await client.dispatch())["t"] == "GUILD_CREATE"
    return client


async def next_change(client: RawClient) -> dict[str, Any]:
    """The next dispatch that is not a message (the bot's own messages come back to it)."""
    while (event := await client.dispatch())["t"] == "MESSAGE_CREATE":
        pass
    return event


def bot_role_denies(bits: int, emu: DiscordEmulator) -> Overwrite:
    return Overwrite(emu.ids.roles["bot"], OverwriteType.ROLE, deny=bits)


def without(bits: int, emu: DiscordEmulator, role: str) -> int:
    return emu.role(role).permissions & ~bits


# --- update_channel -------------------------------------------------------------------------


async def test_a_channel_update_reaches_the_gateway_and_rest(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    client = await identified(http, emu)
    assert await post(http, emu, GENERAL, EMBED) == 200
    denied = bot_role_denies(Permission.EMBED_LINKS, emu)

    before = emu.update_channel(GENERAL, overwrites=[denied])

    assert before.overwrites == () and before.id == emu.ids.channels[GENERAL]
    event = await next_change(client)
    channel = emu.world.guild_channel(before.id)
    assert channel is not None and channel[1].overwrites == (denied,)
    assert (event["t"], event["d"]) == ("CHANNEL_UPDATE", channel_payload(channel[1]))
    assert event["d"]["permission_overwrites"] == [
        {"id": str(denied.id), "type": 0, "allow": "0", "deny": str(int(Permission.EMBED_LINKS))}
    ]
    assert not emu.permissions_for("bot", GENERAL) & Permission.EMBED_LINKS
    assert await post(http, emu, GENERAL, EMBED) == 403
    assert await post(http, emu, GENERAL, {"content": "plain text still goes"}) == 200

    emu.update_channel(GENERAL, overwrites=before.overwrites)
    assert (await next_change(client))["d"]["permission_overwrites"] == []
    assert await post(http, emu, GENERAL, EMBED) == 200
    await client.ws.close()


async def test_a_member_overwrite_can_silence_the_bot_in_one_channel_only(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    emu.update_channel(
        GENERAL, overwrites=[Overwrite(emu.ids.bot, OverwriteType.MEMBER, deny=Permission.VIEW_CHANNEL)]
    )
    assert emu.permissions_for("bot", GENERAL) == 0
    assert await post(http, emu, GENERAL, {"content": "x"}) == 403
    assert await post(http, emu, "opted-in", {"content": "x"}) == 200


# --- update_role ----------------------------------------------------------------------------


async def test_a_role_update_reaches_the_gateway_and_rest(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    client = await identified(http, emu)
    send = int(Permission.SEND_MESSAGES)

    everyone_before = emu.update_role("everyone", permissions=without(send, emu, "everyone"))
    event = await client.dispatch()
    assert (event["t"], event["d"]) == (
        "GUILD_ROLE_UPDATE",
        {"guild_id": str(emu.ids.guild), "role": role_payload(emu.role("everyone"))},
    )
    assert event["d"]["role"]["id"] == str(emu.ids.guild)  # @everyone's id is the guild's
    assert await post(http, emu, GENERAL, {"content": "x"}) == 200, "the bot's role still grants it"

    bot_before = emu.update_role("bot", permissions=without(send, emu, "bot"))
    role = (await next_change(client))["d"]["role"]
    assert (role["id"], int(role["permissions"]) & send, role["managed"]) == (
        str(emu.ids.roles["bot"]),
        0,
        True,
    )
    assert not emu.permissions_for("bot", GENERAL) & send
    assert await post(http, emu, GENERAL, {"content": "x"}) == 403
    assert await post(http, emu, "locked", {"content": "x"}) == 200, "an overwrite still allows it there"

    assert bot_before.permissions & send and everyone_before.permissions & send
    emu.update_role("bot", permissions=bot_before.permissions)
    assert int((await next_change(client))["d"]["role"]["permissions"]) == bot_before.permissions
    assert await post(http, emu, GENERAL, {"content": "x"}) == 200
    await client.ws.close()


async def test_later_sessions_get_the_changed_world(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    denied = bot_role_denies(Permission.EMBED_LINKS, emu)
    emu.update_channel(GENERAL, overwrites=[denied])
    emu.update_role("moderators", permissions=int(Permission.MANAGE_GUILD))
    client = await connect(http, emu)
    await client.identify(emu.token)
    await client.dispatch()  # READY
    guild = (await client.dispatch())["d"]
    general = next(c for c in guild["channels"] if c["name"] == GENERAL)
    moderators = next(r for r in guild["roles"] if r["name"] == "Moderators")
    assert general["permission_overwrites"][0]["id"] == str(denied.id)
    assert moderators["permissions"] == str(int(Permission.MANAGE_GUILD))
    await client.ws.close()


async def test_no_guild_events_without_the_guilds_intent(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    client = await identified(http, emu, intents=(1 << 9) | MESSAGE_CONTENT)  # GUILD_MESSAGES only
    emu.update_channel(GENERAL, overwrites=[bot_role_denies(Permission.EMBED_LINKS, emu)])
    emu.update_role("bot", permissions=0)
    await emu.send_message(content="after the changes")
    event = await client.dispatch()
    assert (event["t"], event["d"]["content"]) == ("MESSAGE_CREATE", "after the changes")
    await client.ws.close()


# --- discord.py -----------------------------------------------------------------------------


def assert_same_permissions(emu: DiscordEmulator, guild: discord.Guild) -> None:
    voice = discord.Permissions.voice().value  # discord.py drops these in text channels
    for channel in guild.text_channels:
        for member in guild.members:
            expected = emu.permissions_for(member.id, channel.id) & ~voice
            assert channel.permissions_for(member).value == expected, (member, channel)


async def test_discord_py_applies_both_events_as_the_emulator_resolves_them(emu: DiscordEmulator) -> None:
    async with running_bot(emu, BareBot(members=True)) as bot:
        guild = bot.get_guild(emu.ids.guild)
        assert guild is not None
        await emu.send_message(GENERAL, content="!card")
        assert (await emu.next_output()).embeds[0]["title"] == "A card"

        channel_updated = bot.wait_for("guild_channel_update", timeout=5)
        emu.update_channel(GENERAL, overwrites=[bot_role_denies(Permission.EMBED_LINKS, emu)])
        before, after = await channel_updated
        assert before.overwrites == {} and after.overwrites_for(guild.me.top_role).embed_links is False
        await emu.send_message(GENERAL, content="!card")
        assert (await emu.next_output()).content == "refused: BotMissingPermissions"

        role_updated = bot.wait_for("guild_role_update", timeout=5)
        emu.update_role("moderators", permissions=int(Permission.MANAGE_GUILD))
        old_role, new_role = await role_updated
        assert (old_role.permissions.administrator, new_role.permissions.administrator) == (True, False)
        assert_same_permissions(emu, guild)


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overwrites", "message"),
    [
        ([Overwrite(1, OverwriteType.ROLE)], "has no role 1"),
        ([Overwrite(1, OverwriteType.MEMBER)], "has no member 1"),
        (["deny embeds"], "not an Overwrite"),
        ("twice", "two overwrites"),
    ],
)
def test_update_channel_refuses_what_discord_refuses(overwrites: Any, message: str) -> None:
    emu = DiscordEmulator()
    if overwrites == "twice":
        overwrites = [bot_role_denies(Permission.EMBED_LINKS, emu)] * 2
    with pytest.raises(ValueError, match=message):
        emu.update_channel(GENERAL, overwrites=overwrites)
    assert emu.world.main_guild.channel_named(GENERAL).overwrites == ()


def test_update_role_refuses_unknown_roles_and_bits() -> None:
    emu = DiscordEmulator()
    with pytest.raises(KeyError):
        emu.update_role("nobody", permissions=0)
    with pytest.raises(KeyError):
        emu.update_role(12345, permissions=0)
    with pytest.raises(KeyError):
        emu.update_channel("nowhere", overwrites=[])
    for bits in (-1, 1 << 60, "8", True):
        with pytest.raises(ValueError):
            emu.update_role("bot", permissions=bits)  # type: ignore[arg-type]
    assert emu.role("bot").permissions == BOT_ROLE_PERMISSIONS
