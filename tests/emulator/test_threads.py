"""Threads and forum posts, through the real discord.py client: THREAD_CREATE, threads the
bot starts, messages in threads, forum posts with their starter message, and permissions
inherited from the parent channel."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest

from tests.discord_emulator import DiscordEmulator, Permission, running_bot
from tests.discord_emulator.world import BOT_ROLE_PERMISSIONS

from .bare_bot import BareBot

MESSAGES_ROUTE = "/channels/{channel_id}/messages"


@pytest.fixture
async def bot(emu: DiscordEmulator) -> AsyncIterator[BareBot]:
    async with running_bot(emu, BareBot()) as running:
        yield running


def _text_channel(bot: BareBot, channel_id: int) -> discord.TextChannel:
    channel = bot.get_channel(channel_id)
    assert isinstance(channel, discord.TextChannel)
    return channel


async def _user_thread(emu: DiscordEmulator, bot: BareBot, channel: str = "general") -> discord.Thread:
    """A member posts in `channel` and starts a thread from that message; the client's thread."""
    message_id = await emu.send_message(channel, "member", "let's talk about this")
    created = bot.wait_for("thread_create", check=lambda t: t.id == message_id, timeout=5)
    thread_id = await emu.create_thread(message_id, "Talk", author="member")
    thread: discord.Thread = await created
    assert thread.id == thread_id == message_id
    return thread


async def test_a_users_thread_reaches_the_client(emu: DiscordEmulator, bot: BareBot) -> None:
    thread = await _user_thread(emu, bot)
    assert thread.name == "Talk"
    assert thread.parent_id == emu.ids.channels["general"]
    assert thread.owner_id == emu.ids.member
    assert bot.get_channel(thread.id) is thread
    assert emu.world.main_guild.channel(thread.id) is not None


async def test_messages_in_a_thread_are_answered_there(emu: DiscordEmulator, bot: BareBot) -> None:
    thread = await _user_thread(emu, bot)
    await emu.send_message(thread.id, "member", "!ping")
    out = await emu.next_output()
    assert (out.kind, out.channel_id, out.content) == ("message", thread.id, "pong")
    seen = next(m for m in bot.seen if m.content == "!ping")
    assert isinstance(seen.channel, discord.Thread) and seen.channel.id == thread.id
    history = [m.content async for m in thread.history()]
    assert history == ["pong", "!ping"]


async def test_the_bot_starts_a_thread_from_a_message_and_posts_in_it(
    emu: DiscordEmulator, bot: BareBot
) -> None:
    general = _text_channel(bot, emu.ids.channels["general"])
    message_id = await emu.send_message("general", "member", "a question")
    message = await general.fetch_message(message_id)
    created = bot.wait_for("thread_create", check=lambda t: t.id == message_id, timeout=5)
    thread = await message.create_thread(name="Discussion", auto_archive_duration=60)
    assert (thread.id, thread.parent_id, thread.owner_id) == (message_id, general.id, emu.ids.bot)
    assert thread.auto_archive_duration == 60
    assert (await created).name == "Discussion"
    out = await emu.next_output()
    assert (out.kind, out.channel_id, out.content) == ("thread", thread.id, "Discussion")
    await thread.send("in the thread")
    out = await emu.next_output()
    assert (out.kind, out.channel_id, out.content) == ("message", thread.id, "in the thread")
    refetched = await general.fetch_message(message_id)
    assert refetched.thread is not None and refetched.thread.id == thread.id


async def test_a_message_gets_one_thread_only(emu: DiscordEmulator, bot: BareBot) -> None:
    general = _text_channel(bot, emu.ids.channels["general"])
    message = await general.fetch_message(await emu.send_message("general", "member", "once"))
    await message.create_thread(name="First")
    with pytest.raises(discord.HTTPException) as refused:
        await message.create_thread(name="Second")
    assert (refused.value.status, refused.value.code) == (400, 160004)


async def test_a_forum_post_arrives_as_a_thread_with_its_starter_message(
    emu: DiscordEmulator, bot: BareBot
) -> None:
    forum_id = emu.ids.channels["help-forum"]
    created = bot.wait_for("thread_create", check=lambda t: t.parent_id == forum_id, timeout=5)
    starter = bot.wait_for("message", check=lambda m: isinstance(m.channel, discord.Thread), timeout=5)
    thread_id, message_id = await emu.create_forum_post(title="How do I?", content="help me please")
    thread: discord.Thread = await created
    message: discord.Message = await starter
    assert thread.id == thread_id == message_id == message.id
    assert isinstance(message.channel, discord.Thread) and message.channel.name == "How do I?"
    assert isinstance(message.channel.parent, discord.ForumChannel)
    assert message.channel.parent.id == forum_id
    assert (message.content, message.author.id) == ("help me please", emu.ids.member)
    await emu.send_message(thread_id, "member", "!ping")
    assert (await emu.next_output()).channel_id == thread_id


async def test_the_bot_posts_in_a_forum(emu: DiscordEmulator, bot: BareBot) -> None:
    forum = bot.get_channel(emu.ids.channels["help-forum"])
    assert isinstance(forum, discord.ForumChannel)
    posted = await forum.create_thread(name="Announcement", content="hello forum")
    assert posted.thread.id == posted.message.id
    assert posted.thread.parent_id == forum.id
    thread_out, message_out = await emu.next_output(), await emu.next_output()
    assert (thread_out.kind, thread_out.channel_id) == ("thread", posted.thread.id)
    assert (message_out.kind, message_out.channel_id) == ("message", posted.thread.id)
    assert message_out.content == "hello forum"


async def test_a_forum_takes_no_plain_messages(emu: DiscordEmulator, bot: BareBot) -> None:
    forum_id = emu.ids.channels["help-forum"]
    with pytest.raises(discord.HTTPException) as refused:
        await bot.http.send_message(forum_id, params=discord.http.handle_message_parameters(content="x"))
    assert (refused.value.status, refused.value.code) == (400, 50008)


async def test_starting_a_thread_needs_create_public_threads(emu: DiscordEmulator, bot: BareBot) -> None:
    general = _text_channel(bot, emu.ids.channels["general"])
    message = await general.fetch_message(await emu.send_message("general", "member", "no threads"))
    emu.update_role("bot", permissions=BOT_ROLE_PERMISSIONS & ~Permission.CREATE_PUBLIC_THREADS)
    with pytest.raises(discord.Forbidden) as refused:
        await message.create_thread(name="Refused")
    assert refused.value.code == 50013
    assert emu.world.main_guild.threads == ()


async def test_a_thread_needs_send_messages_in_threads() -> None:
    denied = {"no-threads": Permission.SEND_MESSAGES_IN_THREADS}
    async with DiscordEmulator(bot_denied=denied) as emu, running_bot(emu, BareBot()) as bot:
        thread = await _user_thread(emu, bot, "no-threads")
        assert not emu.permissions_for("bot", thread.id) & Permission.SEND_MESSAGES_IN_THREADS
        with pytest.raises(discord.Forbidden) as refused:
            await thread.send("not allowed here")
        assert refused.value.code == 50013
        sends = [r for r in emu.requests if (r.method, r.route) == ("POST", MESSAGES_ROUTE)]
        assert [r.status for r in sends] == [403]
        await _text_channel(bot, emu.ids.channels["no-threads"]).send("but here")
        out = await emu.next_output()
        assert (out.channel_id, out.content) == (emu.ids.channels["no-threads"], "but here")
        assert emu.outputs == [out]
    assert emu.unknown_routes == []


async def test_a_thread_is_fetched_as_a_thread(emu: DiscordEmulator, bot: BareBot) -> None:
    thread_id, _ = await emu.create_forum_post(title="Fetched", content="starter")
    await emu.send_message(thread_id, "member", "a reply")
    fetched = await bot.fetch_channel(thread_id)
    assert isinstance(fetched, discord.Thread)
    assert (fetched.name, fetched.parent_id, fetched.message_count) == (
        "Fetched",
        emu.ids.channels["help-forum"],
        1,
    )
