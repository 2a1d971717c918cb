"""The schema's migrations (bot/storage/schema.py): numbered SQL files, the same numbers and
names on both engines, shipped with the package, applied in order by one runner; and the
move of the settings from columns to rows (schema version 7) on both engines.

tests/data/store/versus-schema6.sqlite3 was written by Versus at schema version 6 (commit
7a09cac) through its own API: six servers (`SERVERS`) with every kind of setting, opted-in
channels, two removal marks, unanswered questions, votes and two reloads asked. The
PostgreSQL database at version 6 is made by migrations 1 to 6 and holds the same rows.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import tomllib
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.core.gaps import Ballot, UnansweredQuestion
from bot.core.settings import GuildSettings
from bot.storage import open_store
from bot.storage import schema as schema_module
from bot.storage.base import SettingsStore
from bot.storage.rows import rows_of
from bot.storage.schema import SCHEMA_VERSION, migrations
from bot.storage.sqlite import _statements
from tests.conftest import ROOT

SCHEMA_6 = ROOT / "tests" / "data" / "store" / "versus-schema6.sqlite3"  # written by Versus at schema 6


def test_both_engines_have_the_same_numbered_migrations() -> None:
    sqlite, postgres = migrations("sqlite"), migrations("postgres")
    assert [m.version for m in sqlite] == list(range(1, SCHEMA_VERSION + 1))
    assert [m.name for m in sqlite] == [m.name for m in postgres]


def test_the_migrations_ship_as_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["bot.storage"]
    package = ROOT / "bot" / "storage"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    assert shipped and shipped == set((package / "migrations").rglob("*.sql"))


def test_a_missing_migration_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError, match=rf"expected 0001 to {SCHEMA_VERSION + 1:04d}"):
        migrations("sqlite")


def test_a_sqlite_script_is_cut_between_statements_only() -> None:
    script = """-- a comment; not a statement
CREATE TABLE t (a TEXT DEFAULT 'x;y');
CREATE TRIGGER t_added AFTER INSERT ON t BEGIN
    DELETE FROM t WHERE a = 'gone;';
END;
INSERT INTO t (a) VALUES ('z');
"""
    statements = list(_statements(script))
    assert len(statements) == 3 and "'x;y'" in statements[0] and statements[1].rstrip().endswith("END;")


def sqlite_schema(path: Path) -> list[tuple[str, str, str]]:
    """Every table and index of a file, its SQL without whitespace (the files lay it out
    their own way)."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    return [(kind, name, re.sub(r"\s+", "", sql or "")) for kind, name, sql in rows]


def sqlite_database_at(path: Path, version: int) -> None:
    """A new file taken to `version` by the SQL files alone."""
    with closing(sqlite3.connect(path)) as db:
        for migration in migrations("sqlite")[:version]:
            db.executescript(migration.script)
        db.execute(f"PRAGMA user_version = {version:d}")


def test_the_sql_files_give_the_schema_versus_wrote_at_version_6(tmp_path: Path) -> None:
    sqlite_database_at(tmp_path / "files.sqlite3", 6)
    assert sqlite_schema(tmp_path / "files.sqlite3") == sqlite_schema(SCHEMA_6)


async def test_a_migration_is_one_log_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="bot.storage.base")
    new, old = tmp_path / "versus.sqlite3", tmp_path / "old.sqlite3"
    sqlite_database_at(old, SCHEMA_VERSION - 1)
    for path in (new, new, old):
        await (await open_store(path)).close()
    last = migrations("sqlite")[-1].name.removesuffix(".sql")
    assert [r.getMessage() for r in caplog.records if r.name == "bot.storage.base"] == [
        f"Creating the settings schema in {new} (schema version {SCHEMA_VERSION})",
        f"Migrating {old} from schema version {SCHEMA_VERSION - 1} to {SCHEMA_VERSION} ({last})",
    ]


# --- settings as rows (schema version 7), from a database of Versus at version 6 ---------

G1, G2, G3, G4, G5, G6 = range(412345678901234561, 412345678901234567)
C1, C2, C3 = 512345678901234571, 512345678901234572, 512345678901234573
SERVERS = {
    G1: GuildSettings(
        prefix="v!",
        comparison="keras-vs-mxnet",
        default_library="keras-vs-mxnet:mxnet",
        freeform="channels",
        freeform_channels={C1, C2},
        visibility="private",
        style="text",
    ),
    G2: GuildSettings(default_library="keras", freeform="off", gaps="off"),  # a bare library key
    G3: GuildSettings(freeform_channels={C3}),  # its column row held only defaults
    G4: GuildSettings(prefix="?"),
    G5: GuildSettings(comparison="tensorflow-vs-pytorch", style="text", visibility="private"),
    G6: GuildSettings(prefix="→", freeform="channels"),
}


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, 30, 15, 250000, tzinfo=UTC)


REMOVED = {G3: at(20).timestamp(), G4: at(21, 8).timestamp()}
QUESTIONS = (
    UnansweredQuestion(G1, "does keras run on a tpu?", at(2)),
    UnansweredQuestion(G1, "how big is the mxnet community in 2019", at(3, 9)),
    UnansweredQuestion(G4, "what about jax", at(4)),
    UnansweredQuestion(G4, "is mxnet dead ✝", at(5)),
    UnansweredQuestion(G5, "pytorch lightning?", at(6)),
)
BALLOTS = (
    Ballot(612345678901234581, 1001, G1, "compare", "performance", True, at(7)),
    Ballot(612345678901234581, 1002, G1, "compare", "performance", False, at(7, 13)),
    Ballot(612345678901234582, 1001, G4, "pros", "mxnet", True, at(8)),
    Ballot(612345678901234583, 1003, None, "about", "keras", False, at(9)),
)
# Every table of schema version 6 but guild_settings, which migration 7 rebuilds: unchanged.
KEPT_TABLES = (
    "freeform_channels",
    "removed_guilds",
    "unanswered_questions",
    "answer_votes",
    "knowledge_reloads",
)
Tables = dict[str, list[tuple[Any, ...]]]


def as_rows(servers: dict[int, GuildSettings]) -> list[tuple[Any, ...]]:
    """`guild_settings` as the store writes these servers' settings."""
    return sorted((g, name, value) for g, s in servers.items() for name, value in rows_of(g, s).values)


async def assert_as_versus_6_left_them(store: SettingsStore) -> None:
    assert store.schema_version == SCHEMA_VERSION
    assert dict(store.servers()) == SERVERS and dict(store.removed()) == REMOVED
    feedback = await store.feedback()
    assert feedback.questions == QUESTIONS and feedback.ballots == BALLOTS
    assert await store.unanswered(G4, at(1)) == ["what about jax", "is mxnet dead ✝"]
    assert store._reloads_seen == 2


def sqlite_tables(path: Path) -> Tables:
    with closing(sqlite3.connect(path)) as db:
        names = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(db.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}


async def test_a_sqlite_file_of_versus_6_keeps_everything_as_rows(tmp_path: Path) -> None:
    db_path = tmp_path / "versus.sqlite3"
    shutil.copy(SCHEMA_6, db_path)
    before = sqlite_tables(db_path)
    async with await open_store(db_path) as store:
        await assert_as_versus_6_left_them(store)
    after = sqlite_tables(db_path)
    assert after["guild_settings"] == as_rows(SERVERS) and len(after["guild_settings"]) == 15
    assert {t: after[t] for t in KEPT_TABLES} == {t: before[t] for t in KEPT_TABLES}
    assert after["sqlite_sequence"] == before["sqlite_sequence"]
    async with await open_store(db_path) as store:  # opening again changes nothing
        await assert_as_versus_6_left_them(store)
        await store.import_servers(store.servers(), store.removed())  # nor writing it all again
    assert sqlite_tables(db_path) == after
    assert query_version(db_path) == SCHEMA_VERSION


def query_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        [(version,)] = db.execute("PRAGMA user_version").fetchall()
        return int(version)


async def postgres_database_at(url: str, version: int, tables: Tables) -> None:
    """A database at `version` made by the SQL files alone, holding `tables` (as Versus kept
    them at that version)."""
    connection = await asyncpg.connect(url)
    try:
        for migration in migrations("postgres")[:version]:
            await connection.execute(migration.script)
        await connection.execute("CREATE TABLE versus_schema (version INTEGER NOT NULL)")
        await connection.execute("INSERT INTO versus_schema (version) VALUES ($1)", version)
        for table, rows in tables.items():
            await connection.execute(f"DELETE FROM {table}")
            if rows:
                await connection.copy_records_to_table(table, records=rows)
        if "unanswered_questions" in tables:
            await connection.execute(
                "SELECT setval('unanswered_questions_id_seq', (SELECT max(id) FROM unanswered_questions))"
            )
    finally:
        await connection.close()


async def postgres_tables(url: str) -> Tables:
    connection = await asyncpg.connect(url)
    try:
        names = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {
            name: sorted((tuple(r) for r in await connection.fetch(f"SELECT * FROM {name}")), key=repr)
            for (name,) in names
        }
    finally:
        await connection.close()


async def test_a_postgres_database_of_versus_6_keeps_everything_as_rows(postgres_url: str) -> None:
    fixture = sqlite_tables(SCHEMA_6)
    await postgres_database_at(postgres_url, 6, {t: fixture[t] for t in ("guild_settings", *KEPT_TABLES)})
    before = await postgres_tables(postgres_url)
    async with await open_store(postgres_url) as store:
        await assert_as_versus_6_left_them(store)
    after = await postgres_tables(postgres_url)
    assert after["guild_settings"] == as_rows(SERVERS)
    assert {t: after[t] for t in KEPT_TABLES} == {t: before[t] for t in KEPT_TABLES}
    async with await open_store(postgres_url) as store:  # opening again changes nothing
        await assert_as_versus_6_left_them(store)
        await store.import_servers(store.servers(), store.removed())  # nor writing it all again
    assert await postgres_tables(postgres_url) == after and after["versus_schema"] == [(SCHEMA_VERSION,)]


@pytest.mark.parametrize("version", range(1, 7))
async def test_an_older_schema_migrates_all_the_way(target: str, version: int) -> None:
    # The columns every version had; the SQLite JSON list of channels has its default.
    columns = "guild_id, prefix, default_library, freeform, visibility, style"
    row = (G1, "v!", "mxnet", "channels", "private", "text")
    if target.startswith("postgresql"):
        await postgres_database_at(target, version, {})
        connection = await asyncpg.connect(target)
        try:
            await connection.execute(
                f"INSERT INTO guild_settings ({columns}) VALUES ($1, $2, $3, $4, $5, $6)", *row
            )
        finally:
            await connection.close()
    else:
        sqlite_database_at(Path(target), version)
        with closing(sqlite3.connect(target)) as db:
            db.execute(f"INSERT INTO guild_settings ({columns}) VALUES (?, ?, ?, ?, ?, ?)", row)
            db.commit()
    async with await open_store(target) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert dict(store.servers()) == {
            G1: GuildSettings(
                prefix="v!", default_library="mxnet", freeform="channels", visibility="private", style="text"
            )
        }
