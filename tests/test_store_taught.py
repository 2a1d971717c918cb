"""Taught answers in the store, the same on both engines (a real SQLite file, a real
PostgreSQL database): kept per server across restarts, replaced by topic, capped, removed,
purged with the server's data, copied by `db copy`, and followed by other processes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.taught import MAX_ENTRIES, TeachError, lesson
from bot.storage import open_store
from tests.test_store_engines import eventually, following, stop

WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
PHONE = lesson(["does mxnet run on a phone?", "mxnet mobile"], "Ask in #mobile.", 11, WHEN)


async def test_taught_answers_survive_a_restart_and_stay_in_their_server(target: str) -> None:
    async with await open_store(target) as store:
        await store.teach(42, [PHONE])
        assert store.lessons(42).entries == (PHONE,) and not store.lessons(43)
    async with await open_store(target) as store:
        assert store.lessons(42).entries == (PHONE,)
        assert not store.lessons(43)
        found = store.lessons(42).match("Can MXNet run on phones?")
        assert found is not None and found[0] == PHONE


async def test_teaching_a_topic_again_replaces_it_and_forget_removes_it(target: str) -> None:
    async with await open_store(target) as store:
        await store.teach(42, [PHONE])
        newer = lesson(["Does MXNet run on a phone"], "Yes, since 1.9.", 12, WHEN)
        await store.teach(42, [newer])
        assert store.lessons(42).entries == (newer,)
        assert await store.forget(42, "no such question") is None
        assert await store.forget(42, newer.asks[0]) == newer
    async with await open_store(target) as store:
        assert not store.lessons(42)


async def test_at_most_500_per_server_and_a_refused_batch_writes_nothing(target: str) -> None:
    many = [lesson([f"question number {n} about widgets"], "an answer", 1, WHEN) for n in range(MAX_ENTRIES)]
    async with await open_store(target) as store:
        await store.teach(42, many)
        with pytest.raises(TeachError, match="500"):
            await store.teach(42, [PHONE])
        assert len(store.lessons(42)) == MAX_ENTRIES
        await store.teach(42, [lesson([many[0].asks[0]], "replaced", 1, WHEN)])  # a known topic: fine
        await store.teach(43, [PHONE])  # another server has its own 500
    async with await open_store(target) as store:
        assert len(store.lessons(42)) == MAX_ENTRIES and store.lessons(43).entries == (PHONE,)


async def test_a_purge_takes_the_taught_answers_with_the_servers_data(target: str) -> None:
    async with await open_store(target) as store:
        await store.teach(42, [PHONE])
        assert await store.purge([42]) == 1  # a server with nothing but taught answers has data
        assert not store.lessons(42)
    async with await open_store(target) as store:
        assert not store.lessons(42)


async def test_a_taught_answer_reaches_another_process(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", 0.1)
    serving, other = await open_store(target), await open_store(target)
    task = await following(serving, [])
    try:
        await other.teach(42, [PHONE])
        await eventually(lambda: serving.lessons(42).entries == (PHONE,))
        await other.forget(42, PHONE.topic)
        await eventually(lambda: not serving.lessons(42))
    finally:
        await stop(task, serving, other)
