"""What the store keeps for `/gaps`, the same on both engines (a real SQLite file and a real
PostgreSQL database): unanswered questions under `retain`'s rule, applied in SQL, written
together a moment after they were asked (before anything else the store does, and at
close; kept for the next write when the database cannot take them); one vote per member
and answer; expiry; a server's purge; turning `gaps` off; `ping`; and bringing in what
another database kept (`db copy`)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.gaps import MAX_AGE, MAX_PER_SERVER, AnswerVotes, Ballot, Feedback, UnansweredQuestion, retain
from bot.core.settings import Gaps
from bot.storage import detached_store, open_store
from bot.storage.base import QUESTION_CHARS

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
SINCE = NOW - MAX_AGE


def asked(guild_id: int, text: str, days_ago: float) -> UnansweredQuestion:
    return UnansweredQuestion(guild_id, text, NOW - timedelta(days=days_ago))


def ballot(
    message_id: int, user_id: int, *, up: bool, key: str = "Pros: Keras", guild_id: int | None = 1
) -> Ballot:
    return Ballot(message_id, user_id, guild_id, "pros", key, up, NOW)


async def test_the_kept_questions_follow_retains_rule(target: str) -> None:
    rng = random.Random(13)
    # Server 1: more recent questions than it may keep, and some too old; server 2: a few.
    questions = [asked(1, f"question {n}", rng.uniform(0, 29.9)) for n in range(MAX_PER_SERVER + 40)]
    questions += [asked(1, f"old {n}", rng.uniform(30.1, 60)) for n in range(30)]
    questions += [asked(2, f"other {n}", rng.uniform(0, 29.9)) for n in range(20)]
    rng.shuffle(questions)
    async with await open_store(target) as store:
        for question in questions:
            store.keep_unanswered(question)
        kept = {guild: sorted(await store.unanswered(guild, SINCE)) for guild in (1, 2)}
        everywhere = sorted(await store.unanswered(None, SINCE))
    # Inserted in random order, each insert pruning as of its own time: what is read at NOW is
    # what the rule keeps at NOW.
    expected = retain(questions, NOW)
    for guild in (1, 2):
        assert kept[guild] == sorted(q.text for q in expected if q.guild_id == guild)
    assert len(kept[1]) == MAX_PER_SERVER and len(kept[2]) == 20
    assert everywhere == sorted(kept[1] + kept[2])


async def test_a_question_is_kept_as_text_only_and_cut_to_size(target: str) -> None:
    async with await open_store(target) as store:
        store.keep_unanswered(asked(1, "x" * 10_000, 0))
        assert await store.unanswered(1, SINCE) == ["x" * QUESTION_CHARS]
        with pytest.raises(ValueError, match="server"):
            store.keep_unanswered(UnansweredQuestion(None, "asked in a DM", NOW))


async def test_turning_gaps_off_deletes_what_was_kept(target: str) -> None:
    async with await open_store(target) as store:
        store.keep_unanswered(asked(1, "does mxnet support tpus", 1))
        store.keep_unanswered(asked(2, "does keras support tpus", 1))
        await store.update(1, gaps="off")
        assert await store.unanswered(1, SINCE) == []
        assert await store.unanswered(2, SINCE) == ["does keras support tpus"]
    async with await open_store(target) as store:
        assert store.cached(1).gaps == "off"


async def test_unanswered_questions_are_written_together_a_moment_after(target: str) -> None:
    async with await open_store(target) as store, await open_store(target) as other:
        store.unanswered_seconds = 0.3
        queries = store.query_count
        for n in range(3):
            store.keep_unanswered(asked(1, f"question {n}", 0))
        assert store.query_count == queries, "no database work on the message that asks"
        assert await other.unanswered(1, SINCE) == [], "not written yet"
        await wait_for(lambda: other.unanswered(1, SINCE), ["question 0", "question 1", "question 2"])
        written = store.query_count - queries
        store.keep_unanswered(asked(1, "question 3", 0))  # the next ones start another wait
        await wait_for(lambda: other.unanswered(1, SINCE), [f"question {n}" for n in range(4)])
        assert store.query_count - queries == 2 * written, "one write for three, one for the next"


async def test_close_writes_the_questions_waiting(target: str) -> None:
    async with await open_store(target) as store:
        store.unanswered_seconds = 3600
        store.keep_unanswered(asked(1, "asked just before a restart", 0))
    async with await open_store(target) as store:
        assert await store.unanswered(1, SINCE) == ["asked just before a restart"]


async def test_questions_the_database_could_not_take_wait_for_the_next_write(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path, away = tmp_path / "versus.sqlite3", tmp_path / "away.sqlite3"
    failed = asyncio.Event()
    async with await open_store(path) as store:
        store.unanswered_seconds = 0.05
        store.on_failed_write = failed.set
        path.rename(away)  # the store refuses to write into a file no longer at VERSUS_DB
        with caplog.at_level(logging.ERROR):
            store.keep_unanswered(asked(1, "asked while the file was away", 0))
            await asyncio.wait_for(failed.wait(), 10)
        assert "Could not keep 1 unanswered questions" in caplog.text
        away.rename(path)
        assert await store.unanswered(1, SINCE) == ["asked while the file was away"]


async def wait_for(read: Callable[[], Awaitable[list[str]]], expected: list[str]) -> None:
    """Until `await read()` gives `expected` (in any order); fails after 10 seconds."""
    deadline = asyncio.get_running_loop().time() + 10
    while sorted(got := await read()) != expected:
        assert asyncio.get_running_loop().time() < deadline, f"still {got!r}, not {expected!r}"
        await asyncio.sleep(0.02)


async def test_one_vote_per_member_and_answer(target: str) -> None:
    async with await open_store(target) as store:
        assert await store.cast(ballot(100, 7, up=False))
        assert not await store.cast(ballot(100, 7, up=True)), "a second vote is ignored"
        assert await store.cast(ballot(100, 8, up=False))
        assert await store.cast(ballot(101, 7, up=True))  # another message with the same answer
        assert await store.cast(ballot(102, 7, up=False, key="Pros: MXNet", guild_id=2))
        assert await store.cast(ballot(103, 7, up=True, key="Stats", guild_id=None))  # a DM
        by_answer = sorted(await store.votes(1, SINCE), key=lambda v: v.key)
        assert by_answer == [AnswerVotes("pros", "Pros: Keras", 1, 2)]
        assert len(await store.votes(None, SINCE)) == 3  # every server's, and DMs
    async with await open_store(target) as store:  # kept across a restart
        assert not await store.cast(ballot(100, 7, up=True))


async def test_expire_forgets_old_questions_and_votes(target: str) -> None:
    async with await open_store(target) as store:
        store.keep_unanswered(asked(1, "old", 31))
        store.keep_unanswered(asked(1, "recent", 1))
        await store.cast(Ballot(1, 1, 1, "pros", "Pros: Keras", False, NOW - timedelta(days=31)))
        await store.cast(ballot(2, 1, up=False))
        await store.expire(SINCE)
        assert await store.unanswered(1, NOW - timedelta(days=365)) == ["recent"]
        assert await store.votes(1, NOW - timedelta(days=365)) == [AnswerVotes("pros", "Pros: Keras", 0, 1)]


async def test_a_purged_server_loses_its_questions_and_votes(target: str) -> None:
    async with await open_store(target) as store:
        await store.update(1, prefix="?")
        store.keep_unanswered(asked(1, "does mxnet support tpus", 1))
        await store.cast(ballot(100, 7, up=False))
        store.keep_unanswered(asked(2, "kept elsewhere", 1))
        assert await store.purge([1]) == 1
        assert await store.unanswered(1, SINCE) == [] and await store.votes(1, SINCE) == []
        assert await store.unanswered(2, SINCE) == ["kept elsewhere"]


async def test_imported_feedback_adds_only_what_is_not_kept(target: str) -> None:
    imported = Feedback(
        questions=(
            asked(1, "ancient", 40),  # beyond MAX_AGE of server 1's newest: pruned as if asked here
            asked(1, "does mxnet support tpus", 2.5),
            asked(1, "does mxnet support tpus", 2.5),  # the same question twice: kept once
            asked(1, "and gpus?", 2.5),  # asked at the same time: another question
            asked(2, "onnx export?", 0.123456789),  # times kept to the microsecond
            asked(3, "from a server that turned gaps off here", 1),
        ),
        ballots=(
            ballot(100, 7, up=False),  # this member's vote on that answer is kept already: theirs stays
            Ballot(101, 8, None, "stats", "Stats", True, NOW - timedelta(hours=3)),
        ),
    )
    async with await open_store(target) as store:
        store.keep_unanswered(asked(1, "kept here already", 1))
        await store.cast(ballot(100, 7, up=True))
        await store.update(3, gaps=Gaps.OFF)
        for _ in range(2):  # the second time adds nothing
            await store.import_feedback(imported)
        kept = await store.feedback()
        assert await store.feedback_counts() == (4, 2)
    texts = [q.text for q in kept.questions]
    assert sorted(texts[:2]) == ["and gpus?", "does mxnet support tpus"]
    assert texts[2:] == ["kept here already", "onnx export?"]
    assert kept.questions[3] == imported.questions[4]
    assert kept.ballots == (imported.ballots[1], ballot(100, 7, up=True))
    async with await open_store(target) as store:  # committed
        assert await store.feedback() == kept


async def test_ping_says_whether_the_database_answers(target: str) -> None:
    store = await open_store(target)
    assert await store.ping()
    await store.close()
    assert not await store.ping()
    assert not await detached_store(target).ping()
