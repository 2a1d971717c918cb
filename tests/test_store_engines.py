"""The settings store's behaviour, the same on both engines: a real SQLite file and a real
PostgreSQL database (tests/postgres.py). Engine-specific faults are in tests/test_store.py
(SQLite) and tests/test_store_postgres.py."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, closing
from dataclasses import replace
from pathlib import Path

import asyncpg
import pytest

from bot.core.settings import GuildSettings, SettingError
from bot.storage import detached_store, open_store
from bot.storage.base import MAX_FREEFORM_CHANNELS, SCHEMA_VERSION, SettingsStore, StoreError
from bot.storage.detached import DetachedStore

DAY = 86_400.0


async def test_new_database_gives_defaults_at_the_current_schema(target: str) -> None:
    async with await open_store(target) as store:
        assert store.cached(123) == GuildSettings()
        assert store.schema_version == SCHEMA_VERSION
    async with await open_store(target) as store:  # reopening migrates nothing
        assert store.schema_version == SCHEMA_VERSION and store.servers() == {}


async def test_settings_survive_a_restart(target: str) -> None:
    async with await open_store(target) as store:
        written = await store.update(42, prefix="?", style="text", default_library="keras")
        await store.add_freeform_channel(42, 7)
        await store.add_freeform_channel(42, 8)
        await store.remove_freeform_channel(42, 7)
        await store.update(43, visibility="private")
        await store.reset(43)
    async with await open_store(target) as store:
        assert store.cached(42) == GuildSettings(
            prefix="?", style="text", default_library="keras", freeform_channels=frozenset({8})
        )
        assert store.cached(42).prefix == written.prefix
        assert 43 not in store.servers()


async def test_a_write_is_committed_when_it_returns(target: str) -> None:
    async with await open_store(target) as writer:
        await writer.update(5, prefix="$")
        async with await open_store(target) as reader:  # another connection sees it
            assert reader.cached(5).prefix == "$"


async def test_reads_run_no_queries(target: str) -> None:
    async with await open_store(target) as store:
        await store.update(1, prefix="?")
        before = store.query_count
        for _ in range(1000):
            assert store.cached(1).prefix == "?"
            await store.get(2)
        assert store.query_count == before


async def test_invalid_values_and_the_channel_cap_write_nothing(target: str) -> None:
    async with await open_store(target) as store:
        with pytest.raises(SettingError):
            await store.update(1, prefix="a b")
        for channel in range(1, MAX_FREEFORM_CHANNELS + 1):
            await store.add_freeform_channel(1, channel)
        with pytest.raises(SettingError, match="At most"):
            await store.add_freeform_channel(1, 999)
    async with await open_store(target) as store:
        assert len(store.cached(1).freeform_channels) == MAX_FREEFORM_CHANNELS
        assert store.cached(1).prefix is None


async def test_concurrent_writers_lose_no_update(target: str) -> None:
    async with await open_store(target) as store:
        await asyncio.gather(*(store.add_freeform_channel(1, c) for c in range(1, 21)))
        await asyncio.gather(*(store.update(g, prefix=f"p{g % 9}") for g in range(100, 160)))
    async with await open_store(target) as store:
        assert store.cached(1).freeform_channels == frozenset(range(1, 21))
        assert all(store.cached(g).prefix == f"p{g % 9}" for g in range(100, 160))


async def test_removed_servers_are_kept_until_purged(target: str) -> None:
    now = time.time()
    async with await open_store(target) as store:
        for guild in (1, 2, 3):
            await store.update(guild, prefix="?")
        await store.mark_removed(1, now - 31 * DAY)
        await store.mark_removed(2, now - 29 * DAY)
        await store.mark_removed(9, now)  # nothing stored: nothing to remember
        assert dict(store.removed()) == {1: pytest.approx(now - 31 * DAY), 2: pytest.approx(now - 29 * DAY)}
    async with await open_store(target) as store:
        assert set(store.removed()) == {1, 2}
        assert await store.purge_removed(before=now - 30 * DAY) == [1]
        await store.mark_present(2)  # re-invited within the grace period
        assert await store.purge([3, 404]) == 1
    async with await open_store(target) as store:
        assert set(store.servers()) == {2} and store.removed() == {}


async def test_import_is_idempotent(target: str, tmp_path: Path) -> None:
    rows = {g: GuildSettings(prefix="?", freeform_channels=frozenset({g + 1})) for g in range(1, 50)}
    async with await open_store(target) as store:
        await store.import_servers(rows, {7: 123.0})
        await store.import_servers(rows, {7: 123.0})
    async with await open_store(target) as store:
        assert dict(store.servers()) == rows and dict(store.removed()) == {7: 123.0}


async def sql(target: str, statement: str) -> list[tuple]:
    """Run one statement on the database as another program would; its rows."""
    if target.startswith("postgresql"):
        connection = await asyncpg.connect(target)
        try:
            return [tuple(row) for row in await connection.fetch(statement)]
        finally:
            await connection.close()
    with closing(sqlite3.connect(target)) as db:
        rows = db.execute(statement).fetchall()
        db.commit()
        return rows


async def test_a_value_its_parser_refuses_gives_the_default_with_one_warning(
    target: str, caplog: pytest.LogCaptureFixture
) -> None:
    kept = GuildSettings(prefix="?", default_library="keras", freeform_channels=frozenset({10}))
    async with await open_store(target) as store:
        await store.import_servers({1: kept, 2: GuildSettings(prefix="?")}, {})
    await sql(target, "INSERT INTO guild_settings VALUES (1, 'freeform', 'sometimes')")
    with caplog.at_level(logging.WARNING, logger="bot.storage.rows"):
        store = await open_store(target)
    async with store:
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "invalid freeform for server 1" in warnings[0], warnings
        assert store.where in warnings[0] and "sometimes" not in warnings[0]
        assert store.cached(1) == kept, "only the refused value falls back"
        assert store.cached(2).prefix == "?"
        await store.update(1, style="text")  # rewrites the server's rows
    caplog.clear()
    async with await open_store(target) as store:
        assert store.cached(1) == replace(kept, style="text")
    assert not caplog.records


async def test_a_row_of_a_setting_unknown_here_is_ignored_and_kept(
    target: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Rows of a setting a newer Versus sharing the database added, or of one since removed."""
    async with await open_store(target) as store:
        await store.update(1, prefix="?", freeform_channels={10})
    await sql(
        target, "INSERT INTO guild_settings VALUES (1, 'of_a_newer_versus', 'long'), (7, 'retired', NULL)"
    )
    with caplog.at_level(logging.DEBUG, logger="bot.storage"):
        store = await open_store(target)
    async with store:
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert dict(store.servers()) == {1: GuildSettings(prefix="?", freeform_channels={10})}
        await store.update(1, prefix="!", style="text")
        await store.remove_freeform_channel(1, 10)
        await store.update(1, prefix=None)
    rows = "SELECT guild_id, name, value FROM guild_settings ORDER BY guild_id, name"
    assert await sql(target, rows) == [
        (1, "of_a_newer_versus", "long"),
        (1, "style", "text"),
        (7, "retired", None),
    ]
    async with await open_store(target) as store:
        await store.reset(1)  # every setting back to its default: those unknown here too
        await store.purge([7])
    assert await sql(target, rows) == []


def test_the_interface_alone_is_no_store() -> None:
    with pytest.raises(TypeError, match="abstract"):
        SettingsStore("versus.sqlite3")  # type: ignore[abstract]


async def test_a_detached_store_has_the_defaults_and_refuses_every_write(tmp_path: Path) -> None:
    store = detached_store(tmp_path / "versus.sqlite3")
    assert isinstance(store, DetachedStore)
    assert store.cached(1) == await store.get(1) == GuildSettings() and store.servers() == {}
    assert not await store.ping()
    await store.follow(lambda: None)  # nothing to follow
    for write in (
        store.update(1, prefix="?"),
        store.add_freeform_channel(1, 10),
        store.reset(1),
        store.import_servers({1: GuildSettings(prefix="?")}, {}),
        store.notify_reload(),
        store.feedback(),
    ):
        with pytest.raises(StoreError, match="is not open"):
            await write
    assert store.cached(1) == GuildSettings()
    assert not (tmp_path / "versus.sqlite3").exists()
    await store.close()


async def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait until `check()` holds, polling the event loop (another process or task is at work)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"still not so after {timeout:g} s"
        await asyncio.sleep(0.05)


async def following(store: SettingsStore, reloads: list[str]) -> asyncio.Task[None]:
    task = asyncio.create_task(store.follow(lambda: reloads.append("reload")))
    await asyncio.sleep(0.2)  # the listener connects (or takes its first data_version)
    return task


async def stop(task: asyncio.Task[None], *stores: SettingsStore) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for store in stores:
        await store.close()


async def test_a_change_by_another_process_reaches_the_cache(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", 0.1)
    serving, other = await open_store(target), await open_store(target)
    reloads: list[str] = []
    task = await following(serving, reloads)
    try:
        await other.update(77, prefix="%")
        await eventually(lambda: serving.cached(77).prefix == "%")
        await other.reset(77)
        await eventually(lambda: 77 not in serving.servers())
    finally:
        await stop(task, serving, other)


async def test_a_reload_asked_elsewhere_reaches_every_process_once(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also one that was not following when it was asked (still starting, or its database
    was down): it reloads once it follows. Never for its own request."""
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", 0.1)
    asking, told = await open_store(target), await open_store(target)
    asked: list[str] = []
    reloads: list[str] = []
    await asking.notify_reload()
    own = await following(asking, asked)
    task = await following(told, reloads)
    try:
        await eventually(lambda: reloads == ["reload"])
        await asking.notify_reload()
        await eventually(lambda: reloads == ["reload", "reload"])
        await asyncio.sleep(0.5)
        assert reloads == ["reload", "reload"] and asked == []
    finally:
        await stop(own, asking)
        await stop(task, told)


async def test_a_reload_that_fails_is_logged_and_following_goes_on(
    target: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", 0.1)
    asking, told = await open_store(target), await open_store(target)

    def broken() -> None:
        raise RuntimeError("the knowledge folder is gone")

    task = asyncio.create_task(told.follow(broken))
    await asyncio.sleep(0.2)
    try:
        await asking.notify_reload()
        await eventually(lambda: "the knowledge folder is gone" in caplog.text)
        await asking.update(79, prefix="^")  # settings still reach this process
        await eventually(lambda: told.cached(79).prefix == "^")
    finally:
        await stop(task, asking, told)


@asynccontextmanager
async def two_sqlite_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seconds: float
) -> AsyncIterator[tuple[SettingsStore, SettingsStore, asyncio.Task[None]]]:
    """A store following the file (polling every `seconds`), another one writing to it."""
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", seconds)
    path = str(tmp_path / "versus.sqlite3")
    serving, other = await open_store(path), await open_store(path)
    task = await following(serving, [])
    try:
        yield serving, other, task
    finally:
        await stop(task, serving, other)


async def test_an_idle_sqlite_store_asks_the_database_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with two_sqlite_stores(tmp_path, monkeypatch, 0.05) as (serving, other, _):
        asked = serving.query_count
        await asyncio.sleep(0.5)  # ten polls with nothing written
        assert serving.query_count == asked
        await other.update(77, prefix="%")  # a write is still seen
        await eventually(lambda: serving.cached(77).prefix == "%")


async def test_a_store_that_cannot_look_at_its_files_asks_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_look(path: Path) -> None:  # a network file system's hiccup
        raise PermissionError(13, "Permission denied", str(path))

    async with two_sqlite_stores(tmp_path, monkeypatch, 0.05) as (serving, other, task):
        monkeypatch.setattr("bot.storage.sqlite._version", cannot_look)
        await other.update(78, prefix="&")
        await eventually(lambda: serving.cached(78).prefix == "&")
        assert not task.done()


async def test_a_commit_the_file_timestamps_do_not_show_is_seen_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.storage.sqlite._version", lambda path: (1, 2, 3))  # never looks changed
    async with two_sqlite_stores(tmp_path, monkeypatch, 0.02) as (serving, other, _):
        await other.update(79, prefix="~")
        await eventually(lambda: serving.cached(79).prefix == "~")
