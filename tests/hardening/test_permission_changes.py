"""The bot's permissions change while it runs, end to end through the emulator.

Versus keeps its own permissions per channel (bot/discord/permissions.py) and decides from
them whether to send an embed or plain text, whether to send at all, and whether to reply
with a reference to the user's message. A server admin can change any of those at any time:
a channel's overwrites (CHANNEL_UPDATE) or a role's permissions (GUILD_ROLE_UPDATE). After
each change the very next answer must follow the new permissions — and Discord must never
have had to refuse one (a refusal also keeps the bot out of that channel for minutes).

Each test first lets the bot answer, so that its permissions are kept, then changes them:
a bot that kept them past the change would send what Discord now refuses (and fail here).
"""

from __future__ import annotations

import logging

from tests.conftest import HELP, HELP_TITLE
from tests.discord_emulator import DiscordEmulator, Output, Overwrite, OverwriteType, Permission
from tests.e2e.conftest import assert_clean, embed_title

GENERAL = "general"
STATS, STATS_TITLE = "!stats", "Statistics"
MANAGE_SERVER = "Manage Server"  # in the refusal a member gets for a settings command


def refused(emu: DiscordEmulator) -> list:
    """Every request the emulator refused as Discord would (permissions, form errors)."""
    return [r for r in emu.requests if r.status >= 400]


def bot_role_denies(emu: DiscordEmulator, bits: int) -> Overwrite:
    """A channel overwrite denying the bot's managed role ("Versus") these bits."""
    return Overwrite(emu.ids.roles["bot"], OverwriteType.ROLE, deny=int(bits))


async def answer(emu: DiscordEmulator, content: str = STATS, *, author: str = "member") -> Output:
    """`author` posts `content` in #general; the bot's answer, which must be there."""
    await emu.send_message(GENERAL, author, content)
    out = await emu.next_output()
    assert out.channel_id == emu.ids.channels[GENERAL], out
    return out


async def test_embed_links_denied_on_the_channel_turns_answers_into_text_and_back(emu, start_versus):
    async with start_versus():
        assert embed_title(await answer(emu)).startswith(STATS_TITLE)

        before = emu.update_channel(GENERAL, overwrites=[bot_role_denies(emu, Permission.EMBED_LINKS)])
        text = await answer(emu)
        assert text.embeds == () and STATS_TITLE in (text.content or "")

        emu.update_channel(GENERAL, overwrites=before.overwrites)
        assert embed_title(await answer(emu)).startswith(STATS_TITLE)

        # the same for another command, whose answers were never sent before the change
        emu.update_channel(GENERAL, overwrites=[bot_role_denies(emu, Permission.EMBED_LINKS)])
        pros = await answer(emu, "!pros keras")
        assert pros.embeds == () and "Pros: Keras" in (pros.content or "")
    assert refused(emu) == []
    assert_clean(emu)


async def test_send_messages_lost_by_the_bots_role_silences_it_until_given_back(emu, start_versus, caplog):
    """A read-only server: @everyone loses Send Messages (the bot's role still grants it),
    then the bot's role loses it too. Only admin2 (Administrator) can still post."""
    caplog.set_level(logging.WARNING, logger="versus")
    send = int(Permission.SEND_MESSAGES)
    async with start_versus():
        assert embed_title(await answer(emu, author="admin2")).startswith(STATS_TITLE)
        emu.update_role("everyone", permissions=emu.role("everyone").permissions & ~send)
        assert embed_title(await answer(emu, author="admin2")).startswith(STATS_TITLE)

        before = emu.update_role("bot", permissions=emu.role("bot").permissions & ~send)
        for _ in range(2):
            await emu.send_message(GENERAL, "admin2", STATS)
        await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE, channel="dm", author="admin2")

        emu.update_role("bot", permissions=before.permissions)
        assert embed_title(await answer(emu, "!pros keras", author="admin2")) == "Pros: Keras"
    assert refused(emu) == [], "the bot sent where it knew it may not"
    # nothing for the silenced commands, not even late: two answers before, one after
    titles = [embed_title(o) for o in emu.outputs if o.channel_id == emu.ids.channels[GENERAL]]
    assert [t.startswith(STATS_TITLE) for t in titles] == [True, True, False] and titles[-1] == "Pros: Keras"
    channel = str(emu.ids.channels[GENERAL])
    lines = [r.getMessage() for r in caplog.records if r.name == "versus" and channel in r.getMessage()]
    assert len(lines) == 1 and "Send Messages" in lines[0], lines
    assert_clean(emu)


async def test_read_message_history_denied_on_the_channel_drops_the_reply_reference_and_back(
    emu, start_versus
):
    async with start_versus():
        message_id = await emu.send_message(GENERAL, "member", "!settings prefix ?")
        first = await emu.next_output()
        assert MANAGE_SERVER in (first.content or "")
        assert first.message_reference is not None
        assert int(first.message_reference["message_id"]) == message_id

        before = emu.update_channel(
            GENERAL, overwrites=[bot_role_denies(emu, Permission.READ_MESSAGE_HISTORY)]
        )
        plain = await answer(emu, "!settings prefix ?")
        assert MANAGE_SERVER in (plain.content or "") and plain.message_reference is None

        emu.update_channel(GENERAL, overwrites=before.overwrites)
        message_id = await emu.send_message(GENERAL, "member", "!settings prefix ?")
        replied = await emu.next_output()
        assert replied.message_reference is not None
        assert int(replied.message_reference["message_id"]) == message_id
    assert refused(emu) == []
    assert_clean(emu)
