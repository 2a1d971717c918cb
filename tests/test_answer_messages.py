"""`AnswerMessages` (bot/discord/context.py): the `send` arguments of recent answers, kept by the
identity of the engine's `Answer` object (the engine hands out one object per distinct answer)
and shared by every message that sends them — an embed or plain text, and with `feedback` the
👍/👎 view — and bounded in number."""

from __future__ import annotations

from dataclasses import replace

import discord
import pytest

from bot.core.answer import CONTENT_LIMIT, Answer
from bot.core.render import to_text
from bot.discord.context import AnswerMessages
from bot.discord.embeds import to_embed
from bot.discord.feedback import LABELS, PREFIX
from bot.discord.guards import RECENT_CAPACITY


@pytest.fixture
def stats(engine) -> Answer:
    return engine.ask("!stats")


@pytest.fixture
def messages() -> AnswerMessages:
    return AnswerMessages()


def test_the_engine_hands_out_one_answer_object_per_question(engine, stats):
    """What keying by identity relies on."""
    assert engine.ask("!stats") is stats


async def test_the_same_answer_gets_the_very_same_parts(messages, stats):
    for as_embed in (True, False):
        for feedback in (True, False):
            first = messages.parts(stats, as_embed=as_embed, feedback=feedback)
            assert messages.parts(stats, as_embed=as_embed, feedback=feedback) is first


async def test_each_form_of_an_answer_has_its_own_parts(messages, stats):
    forms = [
        messages.parts(stats, as_embed=as_embed, feedback=feedback)
        for as_embed in (True, False)
        for feedback in (True, False)
    ]
    assert len({id(parts) for parts in forms}) == 4


async def test_an_equal_answer_that_is_another_object_gets_parts_of_its_own(messages, stats):
    twin = replace(stats)
    assert twin == stats and twin is not stats
    first = messages.parts(stats, as_embed=True, feedback=False)
    second = messages.parts(twin, as_embed=True, feedback=False)
    assert second is not first and second["embed"] is not first["embed"]
    assert second["embed"].to_dict() == first["embed"].to_dict()
    assert messages.parts(stats, as_embed=True, feedback=False) is first, "the first is still kept"


def test_an_embed_or_plain_text_without_feedback(messages, stats):
    embedded = messages.parts(stats, as_embed=True, feedback=False)
    assert set(embedded) == {"embed", "view"} and embedded["view"] is None
    assert isinstance(embedded["embed"], discord.Embed)
    assert embedded["embed"].to_dict() == to_embed(stats).to_dict()

    plain = messages.parts(stats, as_embed=False, feedback=False)
    assert set(plain) == {"content", "view"} and plain["view"] is None
    assert plain["content"] == to_text(stats, CONTENT_LIMIT) and stats.title in plain["content"]


async def test_feedback_adds_the_two_vote_buttons(messages, stats):
    for as_embed in (True, False):
        view = messages.parts(stats, as_embed=as_embed, feedback=True)["view"]
        assert isinstance(view, discord.ui.View) and view.timeout is None
        # as Discord gets them: one row of two buttons
        buttons = [c for row in view.to_components() for c in row["components"]]
        assert [b["type"] for b in buttons] == [discord.ComponentType.button.value] * 2
        assert [b["label"] for b in buttons] == list(LABELS.values()) == ["👍", "👎"]
        ids = [b["custom_id"] for b in buttons]
        assert [i.removeprefix(PREFIX).split(":")[0] for i in ids] == ["up", "down"]
        assert all(i.startswith(PREFIX) and i.endswith(stats.title) for i in ids)


async def test_small_talk_gets_no_vote_buttons_even_with_feedback(messages, engine):
    thanks = engine.ask("thanks")
    assert messages.parts(thanks, as_embed=True, feedback=True)["view"] is None


def test_the_kept_parts_are_bounded(messages, stats):
    """However many distinct answers go by, only so many are kept: the first is built anew."""
    first = messages.parts(stats, as_embed=True, feedback=False)
    for _ in range(RECENT_CAPACITY + 1):
        messages.parts(replace(stats), as_embed=True, feedback=False)
    rebuilt = messages.parts(stats, as_embed=True, feedback=False)
    assert rebuilt is not first and rebuilt["embed"].to_dict() == first["embed"].to_dict()
