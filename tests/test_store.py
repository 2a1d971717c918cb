"""The settings store (bot/storage/base.py) against real SQLite files: no mocks."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from bot.core.settings import GuildSettings, LibraryRef, SettingError
from bot.storage import base as store_module
from bot.storage import open_store
from bot.storage import sqlite as store_sqlite
from bot.storage.base import SCHEMA_VERSION, SettingsStore, StoreError

ROOT = Path(__file__).resolve().parents[1]
NOBODY = 65534
V1_SCHEMA = """CREATE TABLE guild_settings (
    guild_id INTEGER PRIMARY KEY,
    prefix TEXT,
    default_library TEXT,
    freeform TEXT NOT NULL,
    freeform_channels TEXT NOT NULL DEFAULT '[]',
    visibility TEXT NOT NULL,
    style TEXT NOT NULL
)"""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "versus.sqlite3"


def query(path: Path, sql: str) -> list[tuple]:
    """Read the file through a connection of its own, as another process would."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def execute(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute(sql)
        db.commit()


async def make_database(path: Path, guilds: int = 3) -> None:
    async with await open_store(path) as store:
        for guild_id in range(1, guilds + 1):
            await store.update(guild_id, prefix="?", default_library="keras")
            await store.add_freeform_channel(guild_id, guild_id * 10)


# --- reading and writing ----------------------------------------------------------------


async def test_new_database_gives_defaults(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        assert await store.get(123) == GuildSettings()
        assert store.cached(123) == GuildSettings()
    assert db_path.is_file()
    assert query(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]


async def test_empty_file_becomes_a_database(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.touch()
    async with await open_store(db_path) as store:
        assert (await store.update(1, style="text")).style == "text"


async def test_update_returns_and_caches_the_new_settings(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        updated = await store.update(1, prefix="?", freeform="channels", visibility="private")
        assert updated == GuildSettings(prefix="?", freeform="channels", visibility="private")
        assert await store.get(1) == updated
        assert store.cached(2) == GuildSettings()
        assert (await store.update(1, style="text")).prefix == "?"  # other fields are kept


async def test_update_is_committed_when_it_returns(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        await store.update(5, prefix="$", freeform_channels={50, 51})
        assert query(db_path, "SELECT name, value FROM guild_settings WHERE guild_id = 5") == [
            ("prefix", "$")
        ]
        assert query(db_path, "SELECT channel_id FROM freeform_channels ORDER BY 1") == [
            (50,),
            (51,),
        ]


async def test_channels_are_added_and_removed_one_by_one(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        await store.add_freeform_channel(1, 10)
        await store.add_freeform_channel(1, 11)
        await store.add_freeform_channel(1, 11)
        assert (await store.remove_freeform_channel(1, 10)).freeform_channels == {11}
        assert (await store.remove_freeform_channel(1, 99)).freeform_channels == {11}


async def test_opted_in_channels_are_capped(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        for channel in range(store_module.MAX_FREEFORM_CHANNELS):
            await store.add_freeform_channel(1, 100 + channel)
        with pytest.raises(SettingError, match="At most"):
            await store.add_freeform_channel(1, 999)
        assert len(store.cached(1).freeform_channels) == store_module.MAX_FREEFORM_CHANNELS
        assert 999 not in (await _reopened(store, db_path)).freeform_channels


async def _reopened(store: SettingsStore, db_path: Path) -> GuildSettings:
    await store.close()
    async with await open_store(db_path) as fresh:
        return fresh.cached(1)


async def test_reset_restores_defaults_and_removes_the_rows(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        await store.update(1, prefix="?", freeform_channels={10})
        await store.update(2, prefix="$")
        assert await store.reset(1) == GuildSettings()
        assert store.cached(1) == GuildSettings()
        assert store.cached(2).prefix == "$"
    assert query(db_path, "SELECT guild_id FROM guild_settings") == [(2,)]
    assert query(db_path, "SELECT * FROM freeform_channels") == []


async def test_unknown_field_is_refused_and_nothing_written(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        with pytest.raises(TypeError, match="colour"):
            await store.update(1, prefix="?", colour="red")
        assert store.cached(1) == GuildSettings()
    assert query(db_path, "SELECT * FROM guild_settings") == []


async def test_guild_id_must_be_an_int(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        with pytest.raises(TypeError, match="guild_id must be an int"):
            await store.update("1", prefix="?")  # type: ignore[arg-type]


async def test_invalid_value_is_refused_and_nothing_written(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        await store.update(1, prefix="?")
        with pytest.raises(SettingError, match="Visibility must be one of"):
            await store.update(1, prefix="$", visibility="secret")
        assert store.cached(1).prefix == "?"
    assert query(db_path, "SELECT name, value FROM guild_settings") == [("prefix", "?")]


async def test_settings_survive_a_restart(db_path: Path) -> None:
    expected = GuildSettings(
        prefix="v!",
        default_library="mxnet",
        freeform="channels",
        freeform_channels={7, 8},
        visibility="private",
        style="text",
    )
    async with await open_store(db_path) as store:
        await store.update(42, **{f: getattr(expected, f) for f in store_module.FIELDS})
        await store.update(43, prefix="?")
        await store.reset(43)
    async with await open_store(db_path) as store:
        assert store.cached(42) == expected
        assert store.cached(43) == GuildSettings()


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
async def test_committed_update_survives_a_killed_process(db_path: Path) -> None:
    script = (
        "import asyncio, os, signal, sys\n"
        "from pathlib import Path\n"
        "from bot.storage import open_store\n"
        "async def main():\n"
        "    store = await open_store(Path(sys.argv[1]))\n"
        "    await store.update(7, prefix='?', freeform_channels={70})\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "asyncio.run(main())\n"
    )
    killed = subprocess.run(
        [sys.executable, "-c", script, str(db_path)], cwd=ROOT, capture_output=True, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert db_path.with_name(db_path.name + "-wal").exists()  # never closed nor checkpointed
    async with await open_store(db_path) as store:
        assert store.cached(7) == GuildSettings(prefix="?", freeform_channels={70})


async def test_reads_after_open_run_no_queries(db_path: Path) -> None:
    await make_database(db_path, guilds=5)
    async with await open_store(db_path) as store:
        after_open = store.query_count
        for guild_id in range(10_000):
            store.cached(guild_id)
            await store.get(guild_id)
        assert store.cached(3).prefix == "?"
        assert store.query_count == after_open


async def test_concurrent_writers_lose_no_update(db_path: Path) -> None:
    guilds = [101, 102, 103, 104]
    channels = range(1, 61)
    async with await open_store(db_path) as store:
        writes = [store.add_freeform_channel(guilds[c % 4], c) for c in channels]
        writes += [store.update(g, prefix="?") for g in guilds]
        writes += [store.update(g, visibility="private") for g in guilds]
        writes += [store.update(g, freeform="channels") for g in guilds]
        await asyncio.gather(*writes)
        expected = {
            g: GuildSettings(
                prefix="?",
                freeform="channels",
                visibility="private",
                freeform_channels={c for c in channels if guilds[c % 4] == g},
            )
            for g in guilds
        }
        assert {g: store.cached(g) for g in guilds} == expected
    async with await open_store(db_path) as store:
        assert {g: store.cached(g) for g in guilds} == expected


async def test_closed_store_refuses_writes_but_keeps_reads(db_path: Path) -> None:
    store = await open_store(db_path)
    await store.update(1, prefix="?")
    await store.close()
    await store.close()
    assert store.cached(1).prefix == "?"
    with pytest.raises(StoreError, match="closed"):
        await store.update(1, prefix="$")
    assert store.cached(1).prefix == "?"


# --- migrations -------------------------------------------------------------------------


def make_v1_database(path: Path, rows: list[tuple]) -> None:
    """A database as the first release of the schema wrote it, built by hand."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db:
        db.execute(V1_SCHEMA)
        db.executemany("INSERT INTO guild_settings VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("PRAGMA user_version = 1")
        db.commit()


async def test_v1_database_is_migrated_in_place_keeping_its_data(db_path: Path) -> None:
    make_v1_database(
        db_path,
        [
            (1, "?", "keras", "channels", "[10, 20]", "private", "text"),
            (2, None, None, "mention", "[]", "public", "embed"),
            (3, None, "mxnet", "off", "[30]", "public", "embed"),
        ],
    )
    expected = {
        1: GuildSettings(
            prefix="?",
            default_library="keras",
            freeform="channels",
            freeform_channels={10, 20},
            visibility="private",
            style="text",
        ),
        2: GuildSettings(),
        3: GuildSettings(default_library="mxnet", freeform="off", freeform_channels={30}),
    }
    async with await open_store(db_path) as store:
        assert {g: store.cached(g) for g in expected} == expected
    assert query(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    columns = [row[1] for row in query(db_path, "PRAGMA table_info(guild_settings)")]
    assert "freeform_channels" not in columns
    assert query(db_path, "SELECT * FROM freeform_channels ORDER BY 1, 2") == [
        (1, 10),
        (1, 20),
        (3, 30),
    ]
    async with await open_store(db_path) as store:  # a second open changes nothing
        assert {g: store.cached(g) for g in expected} == expected


def make_v2_database(path: Path, rows: list[tuple], channels: list[tuple[int, int]] = ()) -> None:
    """A database as schema version 2 left it (before servers had a comparison), by hand."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db:
        db.execute(
            """CREATE TABLE guild_settings (guild_id INTEGER PRIMARY KEY, prefix TEXT,
            default_library TEXT, freeform TEXT NOT NULL, visibility TEXT NOT NULL,
            style TEXT NOT NULL)"""
        )
        db.execute(
            """CREATE TABLE freeform_channels (guild_id INTEGER NOT NULL, channel_id INTEGER NOT NULL,
            PRIMARY KEY (guild_id, channel_id)) WITHOUT ROWID"""
        )
        db.executemany("INSERT INTO guild_settings VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT INTO freeform_channels VALUES (?, ?)", channels)
        db.execute("PRAGMA user_version = 2")
        db.commit()


async def test_v2_database_gains_the_comparison_and_keeps_every_row(db_path: Path) -> None:
    make_v2_database(
        db_path,
        [(1, "?", "keras", "channels", "private", "text"), (2, None, None, "off", "public", "embed")],
        [(1, 10)],
    )
    expected = {
        1: GuildSettings(
            prefix="?",
            default_library="keras",  # a bare key: the server's comparison
            freeform="channels",
            freeform_channels={10},
            visibility="private",
            style="text",
        ),
        2: GuildSettings(freeform="off"),
    }
    async with await open_store(db_path) as store:
        assert {g: store.cached(g) for g in expected} == expected
        assert store.cached(1).comparison is None and store.cached(1).default_library == LibraryRef("keras")
        await store.update(2, comparison="other", default_library="other:lib")
    assert query(
        db_path, "SELECT * FROM guild_settings WHERE name IN ('comparison', 'default_library') ORDER BY 1, 2"
    ) == [
        (1, "default_library", "keras"),
        (2, "comparison", "other"),
        (2, "default_library", "other:lib"),
    ]
    async with await open_store(db_path) as store:
        assert store.cached(2).default_library == LibraryRef("lib", "other")


async def test_settings_are_rows_named_after_the_registry(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        await store.update(1, prefix="?", style="text", freeform_channels={10})
        await store.update(2, gaps="off", default_library="keras-vs-mxnet:mxnet")
    assert [row[1] for row in query(db_path, "PRAGMA table_info(guild_settings)")] == [
        "guild_id",
        "name",
        "value",
    ]
    assert query(db_path, "SELECT * FROM guild_settings ORDER BY 1, 2") == [
        (1, "prefix", "?"),
        (1, "style", "text"),
        (2, "default_library", "keras-vs-mxnet:mxnet"),
        (2, "gaps", "off"),
    ]
    assert query(db_path, "SELECT * FROM freeform_channels") == [(1, 10)], "channels have their own table"


async def test_a_setting_back_at_its_default_leaves_no_row(db_path: Path) -> None:
    async with await open_store(db_path) as store:
        await store.update(1, prefix="?", style="text")
        await store.update(1, prefix=None, style="embed", visibility="private")
    assert query(db_path, "SELECT name, value FROM guild_settings") == [("visibility", "private")]


async def test_failed_migration_leaves_the_database_as_it_was(db_path: Path) -> None:
    make_v1_database(db_path, [(1, "?", None, "mention", "not json", "public", "embed")])
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="cannot migrate it to schema version 2") as failed:
        await open_store(db_path)
    assert str(db_path) in str(failed.value)
    assert db_path.read_bytes() == before
    assert query(db_path, "PRAGMA user_version") == [(1,)]


NEW_SETTING = """    setting_of_a_newer_versus: str = setting(
        "short",
        Setting(
            label="Setting of a newer Versus",
            description="short or long",
            parse=lambda value: _name(value, "It is short or long."),
            show=lambda value, _: value,
        ),
    )

"""
USE_NEW_SETTING = """import asyncio, sys
from pathlib import Path
import bot
from bot.storage import open_store
assert Path(bot.__file__).is_relative_to(sys.argv[2]), bot.__file__
async def main():
    async with await open_store(Path(sys.argv[1])) as store:
        assert store.cached(1).setting_of_a_newer_versus == "short"
        await store.update(1, setting_of_a_newer_versus="long", prefix="$")
    async with await open_store(Path(sys.argv[1])) as store:
        assert store.cached(1).setting_of_a_newer_versus == "long" and store.cached(1).prefix == "$"
asyncio.run(main())
"""


async def test_a_new_setting_is_one_field_of_the_registry(db_path: Path, tmp_path: Path) -> None:
    """A Versus whose registry has one more field, and nothing else changed, keeps it; this
    one, sharing the database, ignores its row and keeps it."""
    newer = tmp_path / "newer"
    shutil.copytree(ROOT / "bot", newer / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    registry = newer / "bot" / "core" / "settings.py"
    source = registry.read_text()
    registry.write_text(source.replace("    def __post_init__(", NEW_SETTING + "    def __post_init__(", 1))
    async with await open_store(db_path) as store:
        await store.update(1, prefix="?")
    done = subprocess.run(
        [sys.executable, "-c", USE_NEW_SETTING, str(db_path), str(newer)],
        cwd=newer,
        env={**os.environ, "PYTHONPATH": str(newer)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert query(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)], "no migration"
    async with await open_store(db_path) as store:
        assert store.cached(1) == GuildSettings(prefix="$")
        await store.update(1, style="text")
    assert ("setting_of_a_newer_versus", "long") in query(db_path, "SELECT name, value FROM guild_settings")


# --- faults: the file is never changed --------------------------------------------------


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder that `nobody` can enter (tmp_path's parents are private when root runs tests)."""
    path = Path(tempfile.mkdtemp(prefix="versus-store-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


@contextmanager
def write_protected(*protected: Path, writable: tuple[Path, ...] = ()) -> Iterator[None]:
    """Take write access to `protected` away from this process, as the kernel enforces it.

    chmod does not stop root, so as root this acts as `nobody`, for whom root's files are
    read-only, after handing `writable` over to nobody.
    """
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in protected}
        for path, mode in modes.items():
            path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    for path in writable:
        os.chown(path, NOBODY, NOBODY)
    try:
        os.setegid(NOBODY)
        os.seteuid(NOBODY)
    except PermissionError:
        pytest.skip("running as root without the right to act as another user")
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("protect", ["file", "folder", "both"])
async def test_read_only_database_is_refused_and_unchanged(shared_dir: Path, protect: str) -> None:
    db_path = shared_dir / "versus.sqlite3"
    await make_database(db_path)
    before = db_path.read_bytes()
    paths = {"file": db_path, "folder": shared_dir}
    protected = tuple(p for name, p in paths.items() if protect in (name, "both"))
    writable = tuple(p for p in paths.values() if p not in protected)
    with write_protected(*protected, writable=writable), pytest.raises(StoreError) as refused:
        await open_store(db_path)
    assert str(db_path) in str(refused.value)
    assert "read-only" in str(refused.value)
    assert db_path.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
async def test_new_database_in_read_only_folder_is_refused(shared_dir: Path) -> None:
    db_path = shared_dir / "versus.sqlite3"
    with write_protected(shared_dir), pytest.raises(StoreError) as refused:
        await open_store(db_path)
    assert str(db_path) in str(refused.value)
    assert "read-only" in str(refused.value)
    assert not db_path.exists()


async def test_text_file_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_text("prefix = '?'\n")
    with pytest.raises(StoreError) as refused:
        await open_store(db_path)
    assert str(refused.value).startswith(f"{db_path} is not an SQLite database")
    assert "VERSUS_DB" in str(refused.value)
    assert db_path.read_text() == "prefix = '?'\n"
    assert list(db_path.parent.iterdir()) == [db_path]  # SQLite never opened it


@pytest.mark.parametrize(
    ("offset", "garbage"),
    [
        (4096, os.urandom(2048)),  # table pages overwritten
        (32, (2).to_bytes(4, "big") + (1).to_bytes(4, "big")),  # a freelist that isn't
    ],
)
async def test_damaged_database_is_refused_untouched(db_path: Path, offset: int, garbage: bytes) -> None:
    await make_database(db_path, guilds=300)
    damaged = bytearray(db_path.read_bytes())
    damaged[offset : offset + len(garbage)] = garbage
    db_path.write_bytes(damaged)
    with pytest.raises(StoreError) as refused:
        await open_store(db_path)
    message = str(refused.value)
    assert f"The settings database {db_path} is damaged" in message
    assert "backup" in message
    assert db_path.read_bytes() == damaged


async def test_newer_schema_is_refused_untouched(db_path: Path) -> None:
    await make_database(db_path)
    execute(db_path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as refused:
        await open_store(db_path)
    assert "newer version of Versus" in str(refused.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in str(refused.value)
    assert db_path.read_bytes() == before


async def test_folder_instead_of_file_is_refused(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a folder"):
        await open_store(db_path)


async def test_file_in_the_way_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreError, match=r"Cannot use .* for the settings database"):
        await open_store(tmp_path / "data" / "versus.sqlite3")
    assert (tmp_path / "data").read_text() == "not a folder"


@contextmanager
def held_write_lock(path: Path) -> Iterator[None]:
    """Another process in the middle of a write transaction."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")


async def test_database_locked_at_open_is_refused(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_sqlite, "BUSY_TIMEOUT_SECONDS", 0.1)
    await make_database(db_path)
    with held_write_lock(db_path), pytest.raises(StoreError, match="locked by another process"):
        await open_store(db_path)


async def test_open_waits_for_another_process_writing_before_switching_to_wal(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes starting at once on a new file: when the other one starts writing right
    after this one migrated, SQLite refuses the switch to write-ahead logging at once, without
    its busy timeout; the switch waits for the other's commit instead of failing the start."""
    await make_database(db_path)
    execute(db_path, "PRAGMA journal_mode=DELETE")
    migrate = store_sqlite.SQLiteStore._migrate
    with closing(sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)) as other:

        async def migrate_then_the_other_writes(store: SettingsStore, *args: object) -> None:
            await migrate(store, *args)
            other.execute("BEGIN IMMEDIATE")
            asyncio.get_running_loop().call_later(0.3, other.execute, "COMMIT")

        monkeypatch.setattr(store_sqlite.SQLiteStore, "_migrate", migrate_then_the_other_writes)
        async with await open_store(db_path) as store:
            assert store.cached(1).prefix == "?"
    assert query(db_path, "PRAGMA journal_mode") == [("wal",)]


async def test_failed_write_changes_neither_cache_nor_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_sqlite, "BUSY_TIMEOUT_SECONDS", 0.1)
    async with await open_store(db_path) as store:
        await store.update(1, prefix="?")
        with held_write_lock(db_path), pytest.raises(StoreError, match="locked"):
            await store.update(1, prefix="$")
        assert store.cached(1).prefix == "?"
        assert (await store.update(1, prefix="$")).prefix == "$"  # the store still works
