""" "Did you mean" as buttons, through the real discord.py View machinery: the asker's click
answers the suggested question, anyone else's gets a private note, and expired buttons are
taken off the message."""

from __future__ import annotations

from bot.discord.suggestions import EXPIRED, NOT_YOURS
from tests.e2e.conftest import assert_clean, embed_title

UNKNOWN = "!pros mxnet2000"  # an unknown library: its suggestion is the library near it


async def suggested(emu) -> int:
    """The member asks about an unknown library; the id of the answer carrying buttons."""
    await emu.send_message(content=UNKNOWN)
    out = await emu.next_output()
    assert "Not in my knowledge base" in out.text
    assert out.message_id is not None
    labels = [b["label"] for b in emu.buttons(out.message_id)]
    assert "MXNet" in labels and len(labels) <= 5
    return out.message_id


async def test_the_askers_click_answers_the_suggested_question(emu, versus):
    message = await suggested(emu)
    await emu.click_button(message, "MXNet")
    out = await emu.next_output()
    assert out.kind == "interaction_response" and not out.ephemeral
    assert embed_title(out) == "Pros: MXNet"
    await emu.send_message(content="and keras?", mention_bot=True)  # the click joined the conversation
    assert embed_title(await emu.next_output()) == "Pros: Keras"
    assert_clean(emu)


async def test_someone_elses_click_gets_a_private_note(emu, versus):
    message = await suggested(emu)
    await emu.click_button(message, "MXNet", user="admin")
    out = await emu.next_output()
    assert out.kind == "interaction_response" and out.ephemeral and out.content == NOT_YOURS


async def test_a_plain_text_server_gets_buttons_too(emu, versus):
    await emu.send_message(author="admin", content="!settings style text")
    await emu.next_output()
    message = await suggested(emu)
    assert emu.buttons(message)


async def test_a_question_the_source_does_not_cover_suggests_what_it_has(emu, versus):
    await emu.send_message(content="does mxnet support tpus?", mention_bot=True)
    out = await emu.next_output()
    assert out.message_id is not None and emu.buttons(out.message_id)


async def test_expired_buttons_are_taken_off_the_message(emu, versus):
    versus.suggestion_seconds = 0.2
    message = await suggested(emu)
    expired = await emu.next_output()
    assert expired.kind == "edit" and expired.message_id == message
    assert emu.buttons(message) == []
    assert_clean(emu)


async def test_slash_answers_get_buttons_that_expire_too(emu, versus):
    versus.suggestion_seconds = 0.2
    await emu.invoke_slash("pros", {"library": "mxnet2000"})
    out = await emu.next_output()
    assert out.kind == "interaction_response" and out.message_id is not None
    assert [b["label"] for b in emu.buttons(out.message_id)]
    expired = await emu.next_output()
    assert expired.kind == "edit" and expired.message_id == out.message_id
    assert emu.buttons(out.message_id) == []
    assert_clean(emu)


async def test_a_suggestion_clicked_after_a_restart_is_told_it_expired(emu, start_versus):
    """The buttons live in memory: after a restart they are still on the message, and a click
    gets a private "expired" instead of Discord's "interaction failed"."""
    async with start_versus():
        message = await suggested(emu)
    async with start_versus():
        await emu.click_button(message, "MXNet")
        out = await emu.next_output()
        assert out.ephemeral and out.content == EXPIRED
    assert_clean(emu)
