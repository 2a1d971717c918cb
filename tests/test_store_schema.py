"""The schema's migrations (bot/storage/schema.py): numbered SQL files, the same numbers and
names on both engines, shipped with the package, applied in order by one runner."""

from __future__ import annotations

import re
import sqlite3
import tomllib
from contextlib import closing
from pathlib import Path

import pytest

from bot.storage import open_store
from bot.storage import schema as schema_module
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


async def test_every_migration_is_logged_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="bot.storage.base")
    await (await open_store(tmp_path / "versus.sqlite3")).close()
    await (await open_store(tmp_path / "versus.sqlite3")).close()
    logged = [r.getMessage() for r in caplog.records if "Migrating" in r.getMessage()]
    assert [line.rsplit("(", 1)[1] for line in logged] == [f"{m.name})" for m in migrations("sqlite")]
