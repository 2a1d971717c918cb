"""👍/👎 under answers to free-form questions, through discord.py's real component machinery:
anyone may vote once per answer (a second vote is ignored, privately), votes are counted per
kind of answer, the buttons keep working after a restart on the same database, they live
beside "did you mean" buttons (and outlive them), and `/gaps` lists the most 👎."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from bot.discord.client import Versus
from bot.discord.feedback import ALREADY, THANKS
from bot.discord.suggestions import NOT_YOURS
from bot.ops.metrics_server import exposition
from cogs.questions import ASK_VERSUS
from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import assert_clean, embed_title

UP, DOWN = "👍", "👎"
RECOMMENDATION = "which is better for beginners?"  # → "Recommendation: Keras"


def labels(emu: DiscordEmulator, message_id: int) -> list[str]:
    return [button["label"] for button in emu.buttons(message_id)]


async def vote(emu: DiscordEmulator, message_id: int, label: str, user: str = "member") -> str:
    """A click on 👍 or 👎: deferred privately, then answered privately; the answer's text."""
    await emu.click_button(message_id, label, user=user)
    defer = await emu.next_output()
    assert defer.kind == "defer" and defer.ephemeral, defer
    out = await emu.next_output()
    assert out.kind == "followup" and out.ephemeral, out
    return out.content or ""


def feedback_counts(bot: Versus) -> dict[tuple[str, str], float]:
    """`versus_feedback_total` by (kind, vote), as /metrics serves it."""
    return {
        (sample.labels["kind"], sample.labels["vote"]): sample.value
        for family in text_string_to_metric_families(exposition(bot.metrics).decode())
        for sample in family.samples
        if sample.name == "versus_feedback_total"
    }


async def asked(emu: DiscordEmulator, question: str = RECOMMENDATION, **where) -> int:
    """A member's question to the bot; the id of the answer, which carries 👍 and 👎."""
    await emu.send_message(content=question, mention_bot=True, **where)
    out = await emu.next_output()
    assert out.message_id is not None
    assert labels(emu, out.message_id)[-2:] == [UP, DOWN], out
    return out.message_id


async def test_free_form_answers_carry_votes_and_commands_do_not(emu, versus):
    await asked(emu)
    await emu.send_dm(content="who develops mxnet?")
    out = await emu.next_output()
    assert labels(emu, out.message_id) == [UP, DOWN]
    await emu.invoke_slash("ask", {"question": "is mxnet faster?"})
    out = await emu.next_output()
    assert labels(emu, out.message_id) == [UP, DOWN]
    question = await emu.send_message(author="admin", content="who develops mxnet?")
    await emu.invoke_message_command(ASK_VERSUS, question)
    out = await emu.next_output()
    assert labels(emu, out.message_id) == [UP, DOWN]
    await emu.send_message(content="!pros keras")
    out = await emu.next_output()
    assert embed_title(out) == "Pros: Keras" and emu.buttons(out.message_id) == []
    await emu.send_message(content="thanks!", mention_bot=True)  # small talk: nothing to rate
    out = await emu.next_output()
    assert emu.buttons(out.message_id) == []
    assert_clean(emu)


async def test_one_vote_per_member_and_answer_counted_by_kind(emu, versus):
    answer = await asked(emu)
    assert await vote(emu, answer, UP) == THANKS.format(label=UP)
    assert await vote(emu, answer, DOWN) == ALREADY, "a second vote by the same member is ignored"
    assert await vote(emu, answer, UP) == ALREADY
    assert await vote(emu, answer, DOWN, user="admin") == THANKS.format(label=DOWN)  # anyone may vote
    assert feedback_counts(versus) == {("recommendation", "up"): 1, ("recommendation", "down"): 1}
    assert labels(emu, answer)[-2:] == [UP, DOWN], "the buttons stay for others"
    assert_clean(emu)


async def test_buttons_work_after_a_restart_and_gaps_lists_the_most_down_voted(emu, start_versus):
    async with start_versus():
        answer = await asked(emu)
        assert await vote(emu, answer, DOWN) == THANKS.format(label=DOWN)
    async with start_versus() as bot:  # a new process's worth: nothing in memory
        assert await vote(emu, answer, DOWN) == ALREADY
        assert await vote(emu, answer, DOWN, user="admin2") == THANKS.format(label=DOWN)
        assert await vote(emu, answer, UP, user="owner") == THANKS.format(label=UP)
        assert feedback_counts(bot) == {("recommendation", "down"): 1, ("recommendation", "up"): 1}
        await emu.invoke_slash("gaps", {}, user="admin")
        await emu.next_output()  # deferred
        report = (await emu.next_output()).content or ""
    assert "**Answers with the most 👎**\n1. 👎 2 · 👍 1 — recommendation: Recommendation: Keras" in report
    assert_clean(emu)


async def test_votes_sit_beside_suggestions_and_outlive_them(emu, versus):
    versus.suggestion_seconds = 0.5
    answer = await asked(emu, "does mxnet support tpus?")
    suggestions = labels(emu, answer)[:-2]
    assert suggestions, "a question the source does not cover suggests what it has"
    # Someone else's click on a suggestion is refused; their vote is not.
    await emu.click_button(answer, suggestions[0], user="admin")
    assert (await emu.next_output()).content == NOT_YOURS
    assert await vote(emu, answer, DOWN, user="admin") == THANKS.format(label=DOWN)
    expired = await emu.next_output()
    assert expired.kind == "edit" and expired.message_id == answer
    assert labels(emu, answer) == [UP, DOWN]
    assert await vote(emu, answer, UP) == THANKS.format(label=UP)
    assert_clean(emu)
