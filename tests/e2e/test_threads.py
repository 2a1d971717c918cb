"""Issue 23, threads: with `threads on`, a question in an opted-in channel opens a thread on
it, named from it, and is answered there; anyone in that thread may follow up."""

from __future__ import annotations

from tests.conftest import HELP, HELP_TITLE
from tests.e2e.conftest import admin_says, assert_clean, embed_title

QUESTION = "what are the advantages of keras"


async def opt_in_with_threads(emu, threads: str) -> int:
    channel = emu.ids.channels["opted-in"]
    await admin_says(emu, "!settings freeform channels")
    await admin_says(emu, f"!settings channel add <#{channel}>")
    assert (await admin_says(emu, f"!settings threads {threads}")).startswith("Threads: ")
    return channel


async def test_a_question_opens_a_thread_and_anyone_there_may_follow_up(emu, versus):
    channel = await opt_in_with_threads(emu, "on")
    await emu.send_message(channel="opted-in", content=QUESTION)
    opened = await emu.next_output()
    assert opened.kind == "thread" and opened.content == QUESTION
    answer = await emu.next_output()
    assert answer.channel_id == opened.channel_id != channel
    assert embed_title(answer) == "Pros: Keras"
    await emu.send_message(channel=opened.channel_id, author="admin", content="and mxnet?")
    follow_up = await emu.next_output()
    assert follow_up.channel_id == opened.channel_id and embed_title(follow_up) == "Pros: MXNet"
    assert_clean(emu)


async def test_without_threads_the_answer_stays_in_the_channel(emu, versus):
    channel = await opt_in_with_threads(emu, "off")
    await emu.send_message(channel="opted-in", content=QUESTION)
    answer = await emu.next_output()
    assert answer.kind == "message" and answer.channel_id == channel
    assert embed_title(answer) == "Pros: Keras"
    assert_clean(emu)


async def test_a_forum_post_is_answered_when_covered_and_only_kept_for_gaps_when_not(emu, versus):
    """A new post in an opted-in forum: answered in the post when the knowledge base covers
    its title and first message; otherwise left alone, and kept for /gaps. Later messages of
    a post are answered only when someone asks Versus by name."""
    forum = emu.ids.channels["help-forum"]
    await admin_says(emu, "!settings freeform channels")
    await admin_says(emu, f"!settings channel add <#{forum}>")
    post, _ = await emu.create_forum_post(
        forum="help-forum", title="Keras pros?", content="what are the advantages of keras"
    )
    answer = await emu.next_output()
    assert answer.channel_id == post and embed_title(answer) == "Pros: Keras"
    await emu.send_message(channel=post, author="admin", content="thanks, and its cons?")
    await emu.send_message(channel=post, content="and mxnet?", mention_bot=True)
    asked = await emu.next_output()
    assert asked.channel_id == post and embed_title(asked) == "Pros: MXNet", "only the mention is answered"

    await emu.create_forum_post(forum="help-forum", title="TPUs", content="does mxnet run on TPUs?")
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)
    await emu.invoke_slash("gaps", {}, user="admin")
    await emu.next_output()  # deferred
    report = (await emu.next_output()).content or ""
    assert "TPUs" in report
    assert_clean(emu)
