"""Issue 23, threads: with `threads on`, a question in an opted-in channel opens a thread on
it, named from it, and is answered there; anyone in that thread may follow up."""

from __future__ import annotations

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
