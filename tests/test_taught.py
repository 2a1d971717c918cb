"""Taught answers in the core: what an entry may hold, how a question matches one, when one
answers instead of the comparison, how it is shown, and the file format of export/import."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.answer import AnswerKind
from bot.core.engine import Engine
from bot.core.knowledge import load_knowledge
from bot.core.settings import GuildSettings, SettingError
from bot.core.taught import (
    HEADING,
    MAX_ANSWER,
    MAX_ENTRIES,
    Lessons,
    TeachError,
    consult,
    from_records,
    lesson,
    parse_asks,
    taught_answer,
    to_records,
)
from tests.conftest import PINNED_FILE

WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
PHONE = lesson(["does mxnet run on a phone?", "mxnet mobile support"], "Ask in #mobile.", 7, WHEN)


@pytest.mark.parametrize(
    ("asks", "answer", "refusal"),
    [
        ([], "an answer", "at least one way"),
        (["  ", ""], "an answer", "at least one way"),
        (["???"], "an answer", "needs words"),
        (["x" * 201], "an answer", "at most 200"),
        ([f"question {n}" for n in range(11)], "an answer", "at most 10"),
        (["a question"], "   ", "empty"),
        (["a question"], "x" * (MAX_ANSWER + 1), "at most 1000 characters (it has 1001)"),
    ],
)
def test_an_entry_is_refused_with_what_is_wrong(asks, answer, refusal):
    with pytest.raises(TeachError, match=refusal.replace("(", r"\(").replace(")", r"\)")):
        lesson(asks, answer, 1, WHEN)


def test_an_entry_keeps_its_ways_of_asking_on_one_line_each_without_repeats():
    entry = lesson(
        ["does mxnet\n run   on a phone?", "does mxnet run on a phone?", "mxnet mobile"], " ok ", 1, WHEN
    )
    assert entry.asks == ("does mxnet run on a phone?", "mxnet mobile") and entry.answer == "ok"
    assert parse_asks("one; two\nthree") == ("one", " two", "three")


def test_a_question_matches_in_other_words_and_nothing_else():
    lessons = Lessons((PHONE,))
    for question in ("Can MXNet run on phones??", "mxnet mobile support?", "DOES MXNET RUN ON A PHONE"):
        found = lessons.match(question)
        assert found is not None and found[0] == PHONE, question
    for question in ("does keras run on a phone?", "who develops mxnet?", "phone"):
        assert lessons.match(question) is None, question


def test_a_taught_answer_wins_only_over_a_less_sure_comparison():
    lessons = Lessons((PHONE,))
    assert consult(lessons, "does mxnet run on a phone?", lambda: 0.0) is not None
    assert consult(lessons, "does mxnet run on a phone?", lambda: 1.0) is None
    asked: list[str] = []
    assert consult(Lessons(), "anything", lambda: asked.append("asked") or 0.0) is None
    assert consult(lessons, "who develops mxnet?", lambda: asked.append("asked") or 0.0) is None
    assert not asked, "the comparison is weighed only when an entry matches"


def test_the_engines_confidence_is_zero_when_it_cannot_answer_and_full_for_commands():
    engine = Engine(load_knowledge(PINNED_FILE))
    assert engine.confidence("does mxnet run on a phone?") == 0.0
    assert engine.confidence("!pros keras") == 1.0
    assert 0.5 <= engine.confidence("which one is easier to learn?") <= 1.0


def test_a_taught_answer_is_shown_under_its_own_heading():
    answer = taught_answer(PHONE)
    assert answer.kind is AnswerKind.TAUGHT and answer.found
    assert answer.title == HEADING and answer.summary.plain == "Ask in #mobile."
    assert answer.source == "taught by this server's staff on 2026-12-01" and not answer.notes


def test_at_most_500_entries_but_a_known_topic_may_be_taught_again():
    many = Lessons(tuple(lesson([f"widget question {n}"], "a", 1, WHEN) for n in range(MAX_ENTRIES)))
    with pytest.raises(TeachError, match="500"):
        many.taught(PHONE)
    again = many.taught(lesson(["Widget question 0?"], "b", 1, WHEN))
    assert len(again) == MAX_ENTRIES and again.find("widget question 0").answer == "b"


def test_records_round_trip_and_refusals_name_the_entry():
    lessons = Lessons((PHONE, lesson(["where are the docs"], "#docs", 8, WHEN)))
    assert from_records(to_records(lessons), now=WHEN) == lessons.entries
    minimal = from_records([{"questions": "is it free?", "answer": "yes"}], now=WHEN)
    assert minimal[0].taught_by == 0 and minimal[0].taught_at == WHEN
    for records, refusal in [
        ({"questions": ["a"]}, "a list of entries"),
        ([{"questions": ["is it free?"], "answer": "yes"}, {"answer": "no"}], "Entry 2: an entry has"),
        ([{"questions": ["is it free?"], "answer": "yes", "taught_at": "last week"}], "Entry 1: `taught_at`"),
        (
            [{"questions": ["is it free?"], "answer": "a"}, {"questions": ["Is it free"], "answer": "b"}],
            "Entry 2",
        ),
    ]:
        with pytest.raises(TeachError, match=refusal):
            from_records(records, now=WHEN)


def test_the_forum_confidence_and_teaching_role_settings_parse_what_admins_type():
    assert GuildSettings(forum_confidence="70%").forum_confidence == 70
    assert GuildSettings(forum_confidence=" 0 ").forum_confidence == 0
    assert GuildSettings(teach_role="<@&123>").teach_role == 123
    assert GuildSettings(teach_role="none").teach_role is None
    for bad in ("101", "-1", "seventy", 3.5):
        with pytest.raises(SettingError, match="0 to 100"):
            GuildSettings(forum_confidence=bad)
    with pytest.raises(SettingError, match="teaching role"):
        GuildSettings(teach_role="@moderators")
