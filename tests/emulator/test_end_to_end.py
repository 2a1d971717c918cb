"""The real discord.py client, driven through the emulator: every feature a bot relies on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import discord
import pytest
from discord import app_commands

from tests.discord_emulator import DiscordEmulator, crowd_channel, crowd_user, running_bot, start_bot

from .bare_bot import BareBot

MESSAGES_ROUTE = "/channels/{channel_id}/messages"
PROBE, PROBE_ANSWER = "!echo nothing before this", "nothing before this"  # a reply to itself


@pytest.fixture
async def bot(emu: DiscordEmulator) -> AsyncIterator[BareBot]:
    async with running_bot(emu, BareBot()) as running:
        yield running


@pytest.fixture
async def synced(bot: BareBot) -> BareBot:
    await bot.tree.sync()
    return bot


def _statuses(emu: DiscordEmulator, method: str, route: str) -> list[int]:
    return [r.status for r in emu.requests if (r.method, r.route) == (method, route)]


async def test_prefix_command_is_answered_without_pinging_anyone(emu: DiscordEmulator, bot: BareBot) -> None:
    await emu.send_message("general", "member", "!ping")
    out = await emu.next_output()
    assert (out.kind, out.channel_id, out.content) == ("message", emu.ids.channels["general"], "pong")
    assert out.allowed_mentions == {"parse": []}
    assert not out.ephemeral


async def test_reply_references_the_users_message(emu: DiscordEmulator, bot: BareBot) -> None:
    message_id = await emu.send_message(content="!echo hello there")
    out = await emu.next_output()
    assert out.content == "hello there"
    assert out.message_reference is not None
    assert int(out.message_reference["message_id"]) == message_id


async def test_messages_carry_author_member_and_mentions(emu: DiscordEmulator, bot: BareBot) -> None:
    seen = bot.wait_for("message", check=lambda m: m.author.id == emu.ids.admin, timeout=5)
    await emu.send_message(author="admin", content=f"hi <@{emu.ids.member}>", mention_bot=True)
    message = await seen
    assert isinstance(message.author, discord.Member)
    assert [r.name for r in message.author.roles] == ["@everyone", "Admin"]
    assert {u.id for u in message.mentions} == {emu.ids.bot, emu.ids.member}
    assert message.guild is not None and message.guild.id == emu.ids.guild
    await emu.expect_no_output_before(PROBE, shows=PROBE_ANSWER)


async def test_edited_message_is_processed_again(emu: DiscordEmulator, bot: BareBot) -> None:
    message_id = await emu.send_message(content="!pnig")
    await emu.expect_no_output_before(PROBE, shows=PROBE_ANSWER)
    await emu.edit_message(message_id, "!ping")
    assert (await emu.next_output()).content == "pong"


async def test_slash_command_with_autocomplete_answers_with_an_embed(
    emu: DiscordEmulator, synced: BareBot
) -> None:
    assert {"compare", "secret", "slow", "settings"} <= {c["name"] for c in emu.synced_commands()}
    choices = await emu.autocomplete("compare", {"aspect": "perf"}, focused="aspect")
    assert choices == [{"name": "performance", "value": "performance"}]
    interaction = await emu.invoke_slash("compare", {"aspect": "performance"})
    out = await emu.next_output()
    assert (out.kind, out.interaction_id) == ("interaction_response", interaction.id)
    assert out.embeds[0]["title"] == "Compare: performance"
    assert not out.ephemeral
    assert "Compare: performance" in out.text


async def test_interactions_carry_permissions_and_context(emu: DiscordEmulator, synced: BareBot) -> None:
    seen = synced.wait_for("interaction", timeout=5)
    await emu.invoke_slash("secret", user="admin", channel="no-embeds", locale="fr")
    interaction = await seen
    assert isinstance(interaction.user, discord.Member) and interaction.user.id == emu.ids.admin
    assert interaction.permissions.manage_guild and not interaction.permissions.administrator
    assert interaction.app_permissions.send_messages and not interaction.app_permissions.embed_links
    assert interaction.channel is not None and interaction.channel.id == emu.ids.channels["no-embeds"]
    assert interaction.locale is discord.Locale.french
    assert abs((discord.utils.utcnow() - interaction.created_at).total_seconds()) < 5
    assert (await emu.next_output()).ephemeral
    seen = synced.wait_for("interaction", timeout=5)
    await emu.invoke_slash("secret", user="member", channel="dm")
    interaction = await seen
    assert interaction.guild is None and isinstance(interaction.channel, discord.DMChannel)
    assert interaction.context.dm_channel and interaction.user.id == emu.ids.member
    assert (await emu.next_output()).channel_id == emu.channel_id("dm", user="member")


async def test_subcommand_groups_and_resolved_options(emu: DiscordEmulator, bot: BareBot) -> None:
    config = app_commands.Group(name="config", description="Configuration")
    channels = app_commands.Group(name="channels", description="Channels", parent=config)

    @channels.command(description="Opt a channel in")
    async def optin(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        member: discord.Member,
        role: discord.Role,
        count: int = 1,
    ) -> None:
        await interaction.response.send_message(f"{channel.name} {member.name} {role.name} {count}")

    bot.tree.add_command(config)
    await bot.tree.sync()
    options = {"channel": "opted-in", "member": "admin", "role": "moderators", "count": 3}
    await emu.invoke_slash(("config", "channels", "optin"), options, user="admin2")
    assert (await emu.next_output()).content == "opted-in admin Moderators 3"
    with pytest.raises(ValueError, match="required"):
        await emu.invoke_slash(("config", "channels", "optin"), {"count": 1})


async def test_ephemeral_reply(emu: DiscordEmulator, synced: BareBot) -> None:
    await emu.invoke_slash("secret")
    out = await emu.next_output()
    assert (out.kind, out.content, out.ephemeral) == (
        "interaction_response",
        "only you can see this",
        True,
    )


async def test_deferred_response_then_follow_up(emu: DiscordEmulator, synced: BareBot) -> None:
    interaction = await emu.invoke_slash("slow")
    deferred = await emu.next_output()
    followup = await emu.next_output()
    assert (deferred.kind, deferred.interaction_id) == ("defer", interaction.id)
    assert (followup.kind, followup.content) == ("followup", "done thinking")
    assert followup.message_id == deferred.message_id  # the first follow-up fills the defer in


async def test_original_response_and_follow_ups_can_be_edited_and_deleted(
    emu: DiscordEmulator, bot: BareBot
) -> None:
    @bot.tree.command(description="Every response step")
    async def steps(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True)
        await interaction.edit_original_response(content="filled in")
        assert (await interaction.original_response()).content == "filled in"
        followup = await interaction.followup.send("extra", wait=True)
        await followup.edit(content="extra, edited")
        await followup.delete()
        await interaction.delete_original_response()

    await bot.tree.sync()
    await emu.invoke_slash("steps")
    outputs = [await emu.next_output() for _ in range(6)]
    assert [(o.kind, o.content) for o in outputs] == [
        ("defer", ""),
        ("edit", "filled in"),
        ("followup", "extra"),
        ("edit", "extra, edited"),
        ("delete", None),
        ("delete", None),
    ]
    assert [o.ephemeral for o in outputs] == [True, True, False, False, False, True]


async def test_direct_messages_both_ways(emu: DiscordEmulator, bot: BareBot) -> None:
    await emu.send_dm("member", "!ping")
    out = await emu.next_output()
    assert (out.channel_id, out.content) == (emu.channel_id("dm", user="member"), "pong")
    await emu.send_message("general", "admin", "!dmme")
    out = await emu.next_output()
    assert (out.channel_id, out.content) == (emu.channel_id("dm", user="admin"), "hello in your DMs")


async def test_manage_server_check_refuses_member_and_allows_admins(
    emu: DiscordEmulator, synced: BareBot
) -> None:
    await emu.send_message(author="member", content="!settings prefix ?")
    assert (await emu.next_output()).content == "refused: MissingPermissions"
    await emu.send_message(author="admin", content="!settings prefix ?")
    assert (await emu.next_output()).content == "prefix set to ?"
    await emu.invoke_slash(("settings", "prefix"), {"value": "$"}, user="member")
    refused = await emu.next_output()
    assert (refused.content, refused.ephemeral) == ("refused: MissingPermissions", True)
    for user in ("admin2", "owner"):  # Administrator role; guild owner
        await emu.invoke_slash(("settings", "prefix"), {"value": "$"}, user=user)
        assert (await emu.next_output()).content == "prefix set to $"


async def test_discord_offers_commands_only_where_they_are_allowed(
    emu: DiscordEmulator, synced: BareBot
) -> None:
    with pytest.raises(PermissionError):
        await emu.invoke_slash("audit", user="member")  # default_member_permissions
    with pytest.raises(PermissionError):
        await emu.invoke_slash("audit", user="admin", channel="dm")  # guild_only
    await emu.invoke_slash("audit", user="admin")
    assert (await emu.next_output()).content == "audited"
    await emu.invoke_slash("audit", user="member", override_permissions=True)  # server override
    assert (await emu.next_output()).content == "audited"


async def test_owner_only_command(emu: DiscordEmulator, bot: BareBot) -> None:
    await emu.send_message(author="owner", content="!owneronly")
    assert (await emu.next_output()).content == "hello, owner"
    await emu.send_message(author="member", content="!owneronly")
    assert (await emu.next_output()).content == "refused: NotOwner"


async def test_channel_overwrites_reach_the_bots_checks(emu: DiscordEmulator, bot: BareBot) -> None:
    await emu.send_message("general", content="!card")
    assert (await emu.next_output()).embeds[0]["title"] == "A card"
    await emu.send_message("no-embeds", content="!card")
    assert (await emu.next_output()).content == "refused: BotMissingPermissions"
    await emu.send_message("locked", author="admin", content="!ping")
    out = await emu.next_output()
    assert (out.channel_id, out.content) == (emu.ids.channels["locked"], "pong")


async def test_discord_py_resolves_the_same_permissions(emu: DiscordEmulator) -> None:
    voice = discord.Permissions.voice().value  # discord.py drops these in text channels
    async with running_bot(emu, BareBot(members=True)) as bot:
        guild = bot.get_guild(emu.ids.guild)
        assert guild is not None and guild.chunked
        for channel in guild.text_channels:
            for member in guild.members:
                expected = emu.permissions_for(member.id, channel.id) & ~voice
                assert channel.permissions_for(member).value == expected, (member, channel)


async def test_messages_from_bots_are_ignored(emu: DiscordEmulator, bot: BareBot) -> None:
    await emu.send_message(author="other_bot", content="!ping")
    await emu.expect_no_output_before(PROBE, shows=PROBE_ANSWER)


async def test_the_no_output_check_fails_on_an_answer_before_the_probes(
    emu: DiscordEmulator, bot: BareBot
) -> None:
    await emu.send_message(content="!ping")  # answered: "pong" comes before the probe's answer
    with pytest.raises(AssertionError, match="expected nothing before"):
        await emu.expect_no_output_before(PROBE, shows=PROBE_ANSWER)
    assert (await emu.next_output()).content == PROBE_ANSWER


async def test_reconnect_resumes_and_replays_missed_events(emu: DiscordEmulator, bot: BareBot) -> None:
    reconnect = asyncio.create_task(emu.request_reconnect())
    await asyncio.sleep(0)  # let op 7 go out first: the message below is then replayed
    await emu.send_message(content="!ping")
    await reconnect
    assert (await emu.next_output()).content == "pong"
    await emu.send_message(content="!ping")
    assert (await emu.next_output()).content == "pong"
    await emu.expect_no_output_before(PROBE, shows=PROBE_ANSWER)
    assert len(emu.identifies) == 1


async def test_invalid_session_resumable_or_not(emu: DiscordEmulator, bot: BareBot) -> None:
    await emu.invalidate_session(resumable=True)
    await emu.send_message(content="!ping")
    assert (await emu.next_output()).content == "pong"
    await emu.invalidate_session(resumable=False)
    await emu.send_message(content="!ping")
    assert (await emu.next_output()).content == "pong"
    assert len(emu.identifies) == 2
    await emu.wait_ready_sent(count=2, timeout=0.1)  # a second READY went out


async def test_rate_limit_is_waited_out(emu: DiscordEmulator, bot: BareBot) -> None:
    emu.inject_error("POST", MESSAGES_ROUTE, status=429, retry_after=0.05)
    await emu.send_message(content="!ping")
    assert (await emu.next_output()).content == "pong"
    assert _statuses(emu, "POST", MESSAGES_ROUTE) == [429, 200]


async def test_server_errors_are_retried_or_reach_the_error_handler(
    emu: DiscordEmulator, bot: BareBot
) -> None:
    emu.inject_error("POST", MESSAGES_ROUTE, status=500)  # discord.py retries after 1 s
    await emu.send_message(content="!ping")
    assert (await emu.next_output()).content == "pong"
    emu.inject_error("POST", MESSAGES_ROUTE, status=503)  # not retried: raised to the command
    failed = bot.wait_for("command_error", timeout=5)
    await emu.send_message(content="!ping")
    _, error = await failed
    assert isinstance(error.original, discord.DiscordServerError)
    await emu.send_message(content="!ping")
    assert (await emu.next_output()).content == "pong"
    assert _statuses(emu, "POST", MESSAGES_ROUTE) == [500, 200, 503, 200]


async def test_without_message_content_only_mentions_and_dms_have_content(
    emu: DiscordEmulator,
) -> None:
    async with running_bot(emu, BareBot(message_content=False)) as bot:
        assert not (await emu.wait_for_identify())["intents"] & discord.Intents(message_content=True).value
        seen = bot.wait_for("message", check=lambda m: m.author.id == emu.ids.member, timeout=5)
        await emu.send_message(content="!ping")
        assert (await seen).content == ""
        await emu.expect_no_output_before(PROBE.lstrip("!"), shows=PROBE_ANSWER, mention_bot=True)
        await emu.send_message(content="ping", mention_bot=True)
        assert (await emu.next_output()).content == "pong"
        await emu.send_dm(content="!ping")
        assert (await emu.next_output()).content == "pong"


async def test_refused_privileged_intent_raises() -> None:
    async with DiscordEmulator(refuse_message_content=True) as emu:
        with pytest.raises(discord.PrivilegedIntentsRequired):
            await start_bot(emu, BareBot())
        async with running_bot(emu, BareBot(message_content=False)) as bot:
            assert bot.is_ready()


async def test_rejected_token(emu: DiscordEmulator) -> None:
    with pytest.raises(discord.LoginFailure):
        await start_bot(emu, BareBot(), token="not-the-token")


async def test_guild_sync_and_commands_the_bot_never_synced(emu: DiscordEmulator, bot: BareBot) -> None:
    guild = discord.Object(emu.ids.guild)
    bot.tree.copy_global_to(guild=guild)
    await bot.tree.sync(guild=guild)
    assert emu.synced_commands() == []
    assert "compare" in {c["name"] for c in emu.synced_commands(emu.ids.guild)}
    await emu.invoke_slash("compare", {"aspect": "ecosystem"})
    assert (await emu.next_output()).embeds[0]["title"] == "Compare: ecosystem"
    with pytest.raises(LookupError):
        await emu.invoke_slash("nope")
    failed: asyncio.Future[Exception] = asyncio.get_running_loop().create_future()

    async def record(interaction: discord.Interaction, error: Exception) -> None:
        failed.set_result(error)

    bot.tree.on_error = record  # type: ignore[method-assign]
    await emu.invoke_slash("nope", unsynced=True)
    assert isinstance(await asyncio.wait_for(failed, 5), discord.app_commands.CommandNotFound)
    await emu.expect_no_output_before(PROBE, shows=PROBE_ANSWER)


async def test_raw_slash_options_go_out_verbatim_without_discords_offer_checks(
    emu: DiscordEmulator, synced: BareBot
) -> None:
    received = synced.wait_for("interaction", timeout=5)
    wrong = {"name": "value", "type": 4, "value": 5}  # an integer where the schema says string
    await emu.invoke_raw_slash(("settings", "prefix"), [wrong], user="admin")
    assert (await received).data["options"] == [{"name": "prefix", "type": 1, "options": [wrong]}]
    assert (await emu.next_output()).content == "prefix set to 5"
    failed: asyncio.Future[Exception] = asyncio.get_running_loop().create_future()

    async def record(interaction: discord.Interaction, error: Exception) -> None:
        failed.set_result(error)

    synced.tree.on_error = record  # type: ignore[method-assign]
    await emu.invoke_raw_slash("compare", [])  # the required `aspect` left out
    assert isinstance(await asyncio.wait_for(failed, 5), app_commands.CommandSignatureMismatch)
    await emu.invoke_raw_slash("audit", [], user="member", channel="dm")  # never offered there
    assert (await emu.next_output()).content == "audited"
    with pytest.raises(LookupError):
        await emu.invoke_raw_slash("nope", [])


async def test_extra_members_each_post_in_a_channel_of_their_own() -> None:
    assert crowd_user(0) not in DiscordEmulator().world.users
    async with DiscordEmulator(extra_members=3) as emu, running_bot(emu, BareBot()) as bot:
        guild = bot.get_guild(emu.ids.guild)
        assert guild is not None and guild.member_count == 6 + 3
        for n in range(3):
            await emu.send_message(crowd_channel(n), crowd_user(n), "!ping")
            assert (await emu.next_output()).channel_id == emu.ids.channels[crowd_channel(n)]
        humans = [m for m in bot.seen if not m.author.bot]
        assert [(m.author.name, m.channel.name) for m in humans] == [
            (crowd_user(n), crowd_channel(n)) for n in range(3)
        ]
        assert all(isinstance(m.author, discord.Member) and len(m.author.roles) == 1 for m in humans)
        assert emu.unknown_routes == []
