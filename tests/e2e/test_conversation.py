"""Issue 10 in Discord: follow-ups by mention, by DM, by `/ask` and by a Discord reply to one
of Versus's answers (whoever replies, however late), per (channel, user); "Ask Versus" on
someone else's message."""

from __future__ import annotations

from cogs.questions import ASK_VERSUS, NO_TEXT
from tests.conftest import HELP, HELP_TITLE
from tests.e2e.conftest import assert_clean, embed_title


async def test_a_mention_follows_up_on_the_askers_last_command(emu, versus):
    await emu.send_message(content="!pros keras")
    assert embed_title(await emu.next_output()) == "Pros: Keras"
    await emu.send_message(content="and mxnet?", mention_bot=True)
    assert embed_title(await emu.next_output()) == "Pros: MXNet"
    await emu.send_message(content="why?", mention_bot=True)
    assert embed_title(await emu.next_output()) == "Why: Pros: MXNet"


async def test_the_conversation_is_per_user_and_per_channel(emu, versus):
    await emu.send_message(content="!pros keras")
    await emu.next_output()
    await emu.send_message(author="admin", content="and mxnet?", mention_bot=True)
    assert embed_title(await emu.next_output()) == "About MXNet", "another user starts afresh"
    await emu.send_message(channel="opted-in", content="and mxnet?", mention_bot=True)
    assert embed_title(await emu.next_output()) == "About MXNet", "another channel starts afresh"


async def test_a_dm_and_ask_follow_up_too(emu, versus):
    await emu.send_dm(content="pros keras")
    assert embed_title(await emu.next_output()) == "Pros: Keras"
    await emu.send_dm(content="what about its cons?")
    assert embed_title(await emu.next_output()) == "Cons: Keras"
    await emu.invoke_slash("ask", {"question": "cons of mxnet"})
    await emu.next_output()
    await emu.invoke_slash("ask", {"question": "and keras?"})
    assert embed_title(await emu.next_output()) == "Cons: Keras"


async def test_a_discord_reply_to_an_answer_follows_up_on_that_answer_whoever_replies(emu, versus):
    await emu.send_message(content="!pros keras")
    answer = await emu.next_output()
    await emu.send_message(content="!compare speed")  # the member's conversation moves on
    await emu.next_output()
    assert answer.message_id is not None
    await emu.send_message(author="admin", content="and mxnet?", mention_bot=True, reply_to=answer.message_id)
    assert embed_title(await emu.next_output()) == "Pros: MXNet"
    await emu.send_message(content="why?", mention_bot=True, reply_to=answer.message_id)
    assert embed_title(await emu.next_output()) == "Why: Pros: Keras"
    assert_clean(emu)


async def test_ask_versus_on_someone_elses_message_answers_it_publicly(emu, versus):
    question = await emu.send_message(content="which is better for beginners?")
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)  # not asked of the bot
    await emu.invoke_message_command(ASK_VERSUS, question, user="admin")
    out = await emu.next_output()
    assert out.kind == "interaction_response" and not out.ephemeral
    assert embed_title(out) == "Recommendation: Keras"
    assert_clean(emu)


async def test_ask_versus_on_a_message_without_text_says_so_privately(emu, versus):
    """A message of only an embed or a file reaches the bot with no text: that is said, not
    answered with the whole help."""
    for content in ("", f"<@{emu.world.bot.id}>"):
        blank = await emu.send_message(content=content)
        await emu.invoke_message_command(ASK_VERSUS, blank)
        out = await emu.next_output()
        assert out.kind == "interaction_response" and out.ephemeral and out.content == NO_TEXT
    assert_clean(emu)


async def test_ask_versus_follows_a_private_visibility(emu, versus):
    await emu.send_message(author="admin", content="!settings visibility private")
    await emu.next_output()
    question = await emu.send_message(content="who develops mxnet?")
    await emu.invoke_message_command(ASK_VERSUS, question)
    out = await emu.next_output()
    assert out.kind == "interaction_response" and out.ephemeral and "AWS" in out.text


async def test_a_reply_naming_an_answer_in_another_channel_is_no_follow_up_of_it(emu, versus):
    """A message's reference may name any message id: an answer sent elsewhere (another
    channel, another server) never lends its question, nor its text, to a reply here."""
    await emu.send_message(content="!pros keras")
    answer = await emu.next_output()
    assert answer.message_id is not None
    await emu.send_message(
        channel="opted-in", author="admin", content="why?", mention_bot=True, reply_to=answer.message_id
    )
    out = await emu.next_output()
    assert out.channel_id == emu.ids.channels["opted-in"]
    assert "Pros: Keras" not in embed_title(out) and "accessible" not in str(out.embeds)
    assert_clean(emu)


async def test_help_asked_in_a_dm_is_the_help_without_votes_nor_question_count(emu, start_versus):
    """ "help" in words is the help command: no 👍/👎 on it, and it counts as a command, so a
    newcomer reading it again and again keeps every one of their questions."""
    async with start_versus(question_rate=(2, 30.0)):
        for text in ("help", "Help!", "what can you do?"):
            await emu.send_dm(content=text)
            out = await emu.next_output()
            assert embed_title(out) == HELP_TITLE and emu.buttons(out.message_id) == []
        for _ in range(2):
            await emu.send_dm(content="who develops mxnet?")
            assert "AWS" in (await emu.next_output()).text
    assert_clean(emu)


async def test_why_with_nothing_before_it_says_there_is_nothing_to_explain(emu, versus):
    await emu.send_message(content="why?", mention_bot=True)
    out = await emu.next_output()
    assert embed_title(out) == "Nothing to explain yet" and emu.buttons(out.message_id) == []
    await emu.send_message(content="!pros keras")
    await emu.next_output()
    await emu.send_message(content="why?", mention_bot=True)
    assert embed_title(await emu.next_output()) == "Why: Pros: Keras"
    assert_clean(emu)
