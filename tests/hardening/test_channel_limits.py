"""Issue 12, items 2, 3, 5 and 8, end to end through the emulator: a channel the bot may not
write to costs at most one refused request and one log line; one member's flood of commands
gets a bounded number of answers and one notice; an edited command re-runs once, by editing
its answer; confirmations arrive without Read Message History; small settings fixes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.ops.config import Config
from tests.conftest import HELP, HELP_TITLE
from tests.discord_emulator import DiscordEmulator, Output, Permission
from tests.e2e.conftest import assert_clean, embed_title

MUTED, NO_HISTORY = "muted", "no-history"
STATS_TITLE = "Statistics"
ROOMY = (1_000, 30.0)  # a command rate that lets a flood through, to test what lies beyond it


@pytest.fixture
async def emu() -> AsyncIterator[DiscordEmulator]:
    denied = {MUTED: Permission.SEND_MESSAGES, NO_HISTORY: Permission.READ_MESSAGE_HISTORY}
    async with DiscordEmulator(bot_denied=denied) as emulator:
        yield emulator


def refused_sends(emu: DiscordEmulator, channel: str) -> list:
    path = f"/api/v10/channels/{emu.ids.channels[channel]}/messages"
    return [r for r in emu.requests if r.path == path and r.status == 403]


async def test_two_hundred_commands_where_the_bot_may_not_send_cost_one_refusal_at_most(
    emu, start_versus, caplog
):
    caplog.set_level(logging.WARNING, logger="versus")
    async with start_versus(command_rate=ROOMY):
        for _ in range(200):
            await emu.send_message(channel=MUTED, content="!stats")
        await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)
    assert len(refused_sends(emu, MUTED)) <= 1
    channel = str(emu.ids.channels[MUTED])
    lines = [r for r in caplog.records if r.name == "versus" and channel in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert_clean(emu)


async def test_opting_in_a_channel_the_bot_cannot_write_to_warns_the_admin(emu, start_versus):
    async with start_versus():
        await emu.send_message(author="admin", content=f"!settings channel add <#{emu.ids.channels[MUTED]}>")
        out = await emu.next_output()
        assert "opted in" in out.content and "can't answer there" in out.content
        assert "Send Messages" in out.content


def is_notice(output: Output) -> bool:
    return "faster than I can keep up" in (output.content or "")


async def test_a_thousand_commands_from_one_member_get_a_few_answers_and_one_notice(emu, start_versus):
    rate = Config().command_rate[0]
    async with start_versus():
        for _ in range(1_000):
            await emu.send_message(content="!stats")
        # The admin, who asked nothing yet, may be answered before the flood's last: the
        # member's own messages come in order, their notice last.
        await emu.send_message(author="admin", content=f"!{HELP}")
        seen, helped = [], False
        while not (helped and seen and is_notice(seen[-1])):
            out = await emu.next_output()
            helped = helped or HELP_TITLE in out.text
            if HELP_TITLE not in out.text:
                seen.append(out)
    answers = [o for o in seen if o.embeds and embed_title(o).startswith(STATS_TITLE)]
    notices = [o for o in seen if is_notice(o)]
    assert len(answers) <= rate and len(notices) == 1 and len(seen) == len(answers) + 1
    assert_clean(emu)


async def test_fifty_edits_of_a_command_edit_its_one_answer(emu, start_versus):
    async with start_versus(command_rate=ROOMY):
        message = await emu.send_message(content="!stats")
        first = await emu.next_output()
        assert embed_title(first).startswith(STATS_TITLE)
        for n in range(50):
            await emu.edit_message(message, "!pros keras" if n == 0 else f"!pros keras {n}")
        edited = await emu.next_output()
        assert edited.kind == "edit" and edited.message_id == first.message_id
        assert embed_title(edited) == "Pros: Keras"
        await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)
    assert_clean(emu)


async def test_an_admin_is_answered_where_the_bot_lacks_read_message_history(emu, start_versus):
    async with start_versus() as bot:
        await emu.send_message(channel=NO_HISTORY, author="admin", content="!settings prefix ?")
        out = await emu.next_output()
        assert out.channel_id == emu.ids.channels[NO_HISTORY] and "Prefix set" in out.content
        assert out.message_reference is None  # Discord refuses replies without the permission
        assert bot.store.cached(emu.ids.guild).prefix == "?"
    assert_clean(emu)


async def test_a_mistyped_channel_subcommand_says_so(emu, start_versus):
    async with start_versus():
        await emu.send_message(
            author="admin", content=f"!settings channel ad <#{emu.ids.channels['general']}>"
        )
        out = await emu.next_output()
        assert "There is no `settings channel ad`" in out.content and "add" in out.content


async def test_a_prefix_is_matched_in_any_case(emu, start_versus):
    async with start_versus():
        await emu.send_message(author="admin", content="!settings prefix v!")
        await emu.next_output()
        await emu.send_message(content="V!stats")
        assert embed_title(await emu.next_output()).startswith(STATS_TITLE)


async def test_an_unknown_channel_is_told_plainly(emu, start_versus):
    async with start_versus():
        await emu.send_message(author="admin", content="!settings channel add <#123456789012345678>")
        out = await emu.next_output()
        assert "can't find a text channel or forum" in out.content and "\\" not in out.content
