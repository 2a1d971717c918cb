"""PostgreSQL-only behaviour of the settings store, against a real server (tests/postgres.py):
URLs, credentials that never show, migrations that don't race, an outage and the reconnection,
and reloads that reach every process."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Iterator

import asyncpg
import pytest

from bot.storage import open_store
from bot.storage.base import (
    SCHEMA_VERSION,
    PostgresURL,
    ShardConflict,
    StoreError,
    StoreUnavailable,
    parse_location,
)
from bot.storage.postgres import PostgresStore
from tests.postgres import PostgresServer, cut_shard_claim, start_server, take_shards
from tests.test_store_engines import eventually, following, stop


@pytest.mark.parametrize(
    "value",
    ["postgresql://versus:pw@db:5432/versus", "postgres://versus@db/versus", "postgresql:/versus@db/versus"],
)
def test_postgres_urls_are_recognised_even_after_path_folding(value: str) -> None:
    location = parse_location(value)
    assert isinstance(location, PostgresURL) and location.url.split("://")[1].startswith("versus")


@pytest.mark.parametrize("value", ["mysql://root:hunter2@db/versus", "sqlite:///data/versus.sqlite3"])
async def test_another_scheme_is_refused_without_its_password(value: str) -> None:
    with pytest.raises(StoreError, match="is not a database Versus can keep settings in") as refusal:
        await open_store(value)
    assert "hunter2" not in str(refusal.value) and "root" not in str(refusal.value)


def test_a_url_never_shows_its_password() -> None:
    url = PostgresURL("postgresql://versus:hunter2@db/versus")
    assert "hunter2" not in str(url) and "hunter2" not in repr(url) and "***" in str(url)


async def test_wrong_password_is_one_line_without_either_password(postgres_server: PostgresServer) -> None:
    url = postgres_server.url(password="not-the-password")
    with pytest.raises(StoreError, match="refused the user name or password") as refusal:
        await open_store(url)
    assert "not-the-password" not in str(refusal.value) and postgres_server.password not in str(refusal.value)


async def test_unreachable_server_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(StoreError, match="cannot be reached") as refusal:
        await open_store("postgresql://versus:hunter2@127.0.0.1:9/versus")
    assert time.monotonic() - started < 10 and "hunter2" not in str(refusal.value)


async def test_processes_starting_together_migrate_once(postgres_url: str) -> None:
    stores = await asyncio.gather(*(open_store(postgres_url) for _ in range(8)))
    for store in stores:
        await store.close()
    connection = await asyncpg.connect(postgres_url)
    try:
        assert await connection.fetch("SELECT version FROM versus_schema") == [(SCHEMA_VERSION,)]
    finally:
        await connection.close()


async def test_newer_schema_is_refused_and_left_alone(postgres_url: str) -> None:
    await (await open_store(postgres_url)).close()
    connection = await asyncpg.connect(postgres_url)
    try:
        await connection.execute("UPDATE versus_schema SET version = $1", SCHEMA_VERSION + 1)
        with pytest.raises(StoreError, match="newer version of Versus"):
            await open_store(postgres_url)
        assert await connection.fetchval("SELECT version FROM versus_schema") == SCHEMA_VERSION + 1
    finally:
        await connection.close()


async def test_a_reload_reaches_every_other_process(postgres_url: str) -> None:
    asking, told = await open_store(postgres_url), await open_store(postgres_url)
    asked: list[str] = []
    reloads: list[str] = []
    own = await following(asking, asked)
    task = await following(told, reloads)
    try:
        await asking.notify_reload()
        await eventually(lambda: reloads == ["reload"])
        assert asked == []  # a process does not reload twice on its own request
    finally:
        await stop(own, asking)
        await stop(task, told)


async def test_a_reload_asked_by_a_versus_of_before_schema_6_is_done(postgres_url: str) -> None:
    """During a rolling upgrade a process started before the migration still runs: its
    `reload` notification carries no count."""
    told = await open_store(postgres_url)
    reloads: list[str] = []
    task = await following(told, reloads)
    try:
        connection = await asyncpg.connect(postgres_url)
        try:
            await connection.execute("""SELECT pg_notify('versus', '{"origin": "old", "reload": true}')""")
        finally:
            await connection.close()
        await eventually(lambda: reloads == ["reload"])
    finally:
        await stop(task, told)


async def test_each_shard_is_run_by_one_process_with_one_shard_count(postgres_url: str) -> None:
    first, second, third = [await open_store(postgres_url) for _ in range(3)]
    try:
        await first.claim_shards(2, (0,))
        await second.claim_shards(2, (1,))
        holder = r"\(versus pid \d+ on [^)]+\)"
        with pytest.raises(ShardConflict, match=rf"^Shard 1 is already run by another process {holder}: "):
            await third.claim_shards(2, (1,))
        with pytest.raises(ShardConflict, match=rf"VERSUS_SHARD_COUNT=2 {holder}, this one with 4"):
            await third.claim_shards(4, (3,))
        with pytest.raises(ShardConflict, match=r"^Other processes already run shards"):
            await third.claim_shards(None, None)
        await second.close()  # its shard is free again, whatever the refused claims took meanwhile
        await third.claim_shards(2, (1,))
    finally:
        for store in (first, second, third):
            await store.close()
    every, ranged = await open_store(postgres_url), await open_store(postgres_url)
    try:
        await every.claim_shards(None, None)  # however many shards Discord says
        with pytest.raises(ShardConflict, match=r"^Another process already runs every shard"):
            await ranged.claim_shards(2, (0,))
    finally:
        await every.close()
        await ranged.close()


@pytest.fixture
def own_server() -> Iterator[PostgresServer]:
    """A server of the test's own, which it may stop and start."""
    yield from start_server()


async def test_an_outage_refuses_writes_keeps_reads_and_heals(own_server: PostgresServer) -> None:
    url = await own_server.new_database()
    store, other = await open_store(url), await open_store(url)
    assert isinstance(store, PostgresStore)
    task = await following(store, [])
    try:
        await store.update(1, prefix="?")
        own_server.stop()
        assert store.cached(1).prefix == "?"
        with pytest.raises(StoreUnavailable, match="try again later"):
            await store.update(1, prefix="$")
        own_server.start()
        await other.update(2, style="text")  # written while `store` was not listening yet
        await eventually(lambda: store.cached(2).style == "text", timeout=20)
        assert (await store.update(1, prefix="$")).prefix == "$"
    finally:
        await stop(task, store, other)
    async with await open_store(url) as reopened:
        assert reopened.cached(1).prefix == "$" and reopened.cached(2).style == "text"


async def test_shards_are_claimed_again_after_a_database_restart(
    own_server: PostgresServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.storage.postgres")
    url = await own_server.new_database()
    store = await open_store(url)
    await store.claim_shards(2, (0,))
    task = await following(store, [])
    try:
        own_server.stop()  # the locks go with the server
        own_server.start()
        await eventually(lambda: "Claimed this process's shards again." in caplog.text, timeout=20)
        async with await open_store(url) as newcomer:
            with pytest.raises(ShardConflict, match=r"^Shard 0 is already run"):
                await newcomer.claim_shards(2, (0, 1))
    finally:
        await stop(task, store)


async def test_a_claim_lost_alone_is_taken_again_at_the_next_ping(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.storage.postgres")
    monkeypatch.setattr("bot.storage.postgres.PING_SECONDS", 0.5)
    store = await open_store(postgres_url)
    await store.claim_shards(2, (0,))
    task = await following(store, [])
    try:
        await cut_shard_claim(postgres_url, os.getpid())  # the listener's connection stays up
        await eventually(lambda: "Claimed this process's shards again." in caplog.text)
        async with await open_store(postgres_url) as newcomer:
            with pytest.raises(ShardConflict, match=r"^Shard 0 is already run"):
                await newcomer.claim_shards(2, (0,))
    finally:
        await stop(task, store)


async def test_following_ends_when_another_process_took_the_shards_meanwhile(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.storage.postgres.PING_SECONDS", 0.5)
    store, newcomer = await open_store(postgres_url), await open_store(postgres_url)
    await store.claim_shards(2, (0,))
    task = await following(store, [])
    try:
        await take_shards(postgres_url, os.getpid(), newcomer, 2, (0, 1))
        await eventually(task.done)
        assert isinstance(task.exception(), ShardConflict)
        assert "Shard 0 is already run by another process" in str(task.exception())
    finally:
        await store.close()
        await newcomer.close()
