"""Free-form questions: mentions, DMs, opted-in channels, the cooldown, and the
message-content intent switched off."""

from __future__ import annotations

from bot.ops.config import Config
from tests.conftest import HELP, HELP_TITLE
from tests.e2e.conftest import all_text, assert_clean, embed_title


async def test_mention_gets_an_answer(emu, versus):
    await emu.send_message(content="which is better for beginners?", mention_bot=True)
    out = await emu.next_output()
    assert embed_title(out) == "Recommendation: Keras"


async def test_mention_with_a_fact_question(emu, versus):
    await emu.send_message(content="what languages does MXNet support?", mention_bot=True)
    assert "Julia" in all_text(await emu.next_output())


async def test_bare_mention_gets_help(emu, versus):
    await emu.send_message(content="", mention_bot=True)
    assert embed_title(await emu.next_output()) == "Versus — help"


async def test_dm_gets_an_answer_without_prefix(emu, versus):
    await emu.send_dm(content="how many GitHub stars does Keras have?")
    assert "100,000" in all_text(await emu.next_output())


async def test_plain_message_in_a_normal_channel_is_not_answered(emu, versus):
    await emu.send_message(content="which is better for beginners?")
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)


async def test_opted_in_channel_answers_without_mention(emu, versus):
    channel = emu.ids.channels["opted-in"]
    await emu.send_message(author="admin", content="!settings freeform channels")
    await emu.next_output()
    await emu.send_message(author="admin", content=f"!settings channel add <#{channel}>")
    await emu.next_output()
    await emu.send_message(channel="opted-in", content="who develops mxnet")
    assert "AWS" in all_text(await emu.next_output())
    await emu.send_message(channel="general", content="who develops mxnet")
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)


async def test_freeform_off_ignores_mentions_but_not_commands(emu, versus):
    await emu.send_message(author="admin", content="!settings freeform off")
    await emu.next_output()
    await emu.send_message(content="which is better for beginners?", mention_bot=True)
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)
    await emu.send_message(content="!stats")
    assert embed_title(await emu.next_output()).startswith("Statistics")


async def test_cooldown_answers_then_notices_once_then_stays_quiet(emu, versus):
    for _ in range(Config().question_rate[0]):
        await emu.send_message(content="how popular is keras?", mention_bot=True)
        assert embed_title(await emu.next_output()).startswith("Statistics")
    await emu.send_message(content="how popular is keras?", mention_bot=True)
    notice = await emu.next_output()
    assert "faster than I can keep up" in notice.content
    await emu.send_message(content="how popular is keras?", mention_bot=True)
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE, author="admin")
    await emu.send_message(author="admin", content="how popular is keras?", mention_bot=True)
    assert embed_title(await emu.next_output()).startswith("Statistics"), "the cooldown is per user"


async def test_without_message_content_intent_only_mentions_work(emu, start_versus):
    async with start_versus(message_content=False):
        await emu.send_message(content="!pros keras")
        await emu.expect_no_output_before(HELP, shows=HELP_TITLE, mention_bot=True)
        await emu.send_message(content="pros keras", mention_bot=True)
        assert embed_title(await emu.next_output()) == "Pros: Keras"
        await emu.invoke_slash("cons", {"library": "keras"})
        assert embed_title(await emu.next_output()) == "Cons: Keras"
    assert_clean(emu)


async def test_opted_in_channel_stays_quiet_on_chatter_but_not_when_asked(emu, versus):
    channel = emu.ids.channels["opted-in"]
    for command in ("!settings freeform channels", f"!settings channel add <#{channel}>"):
        await emu.send_message(author="admin", content=command)
        await emu.next_output()
    await emu.send_message(channel="opted-in", content="anyone up for lunch?")
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE, channel="opted-in")
    await emu.send_message(channel="opted-in", content="anyone up for lunch?", mention_bot=True)
    assert "not in my knowledge base" in all_text(await emu.next_output())
