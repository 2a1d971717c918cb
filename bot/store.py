"""Per-server settings store: SQLite on disk, a dict in memory.

`SettingsStore.open()` loads every row once; after that `get` and `cached` never touch the
database (the prefix is read on every message). A write is committed first and reaches the
cache only afterwards, so whatever the bot acknowledges to an admin survives a restart or a
killed process (WAL journal, synchronous=NORMAL).

A file the store cannot use (not SQLite, damaged, read-only, written by a newer Versus) gives
a `StoreError` naming the file and what to do; the store never overwrites, truncates or
deletes such a file.

The cache is per process: if several processes share one database (one per shard), each
server must be written by only one of them, which sharding by server guarantees.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, Self

import aiosqlite

from bot.settings import SETTINGS, GuildSettings, SettingError

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5.0
MAX_FREEFORM_CHANNELS = 25
DEFAULTS = GuildSettings()
FIELDS = frozenset(spec.name for spec in SETTINGS)
COLUMNS = tuple(spec.name for spec in SETTINGS if spec.column)  # guild_settings' columns, besides guild_id

Run = Callable[[str, Sequence[Any]], Awaitable[list[Any]]]
"""Execute one SQL statement with parameters and return all its rows."""


class StoreError(RuntimeError):
    """The settings database cannot be used; the message names the file and the fix."""


# --- migrations -------------------------------------------------------------------------
# MIGRATIONS[n] takes a database at schema version n to n + 1. All pending steps run in one
# transaction, then `PRAGMA user_version` records the new version. Never edit a released
# step: append a new one.


async def _initial_schema(run: Run) -> None:
    await run(
        """CREATE TABLE guild_settings (
            guild_id INTEGER PRIMARY KEY,
            prefix TEXT,
            default_library TEXT,
            freeform TEXT NOT NULL,
            freeform_channels TEXT NOT NULL DEFAULT '[]',
            visibility TEXT NOT NULL,
            style TEXT NOT NULL
        )""",
        (),
    )


async def _channels_table(run: Run) -> None:
    """Move free-form channels from a JSON list column to one row per channel."""
    await run(
        """CREATE TABLE freeform_channels (
            guild_id INTEGER NOT NULL,
            channel_id INTEGER NOT NULL,
            PRIMARY KEY (guild_id, channel_id)
        ) WITHOUT ROWID""",
        (),
    )
    for guild_id, channels in await run("SELECT guild_id, freeform_channels FROM guild_settings", ()):
        for channel_id in json.loads(channels):
            await run(
                "INSERT OR IGNORE INTO freeform_channels (guild_id, channel_id) VALUES (?, ?)",
                (guild_id, channel_id),
            )
    # Rebuild rather than DROP COLUMN, which needs SQLite 3.35 (some distributions ship older).
    await run(
        """CREATE TABLE guild_settings_v2 (
            guild_id INTEGER PRIMARY KEY,
            prefix TEXT,
            default_library TEXT,
            freeform TEXT NOT NULL,
            visibility TEXT NOT NULL,
            style TEXT NOT NULL
        )""",
        (),
    )
    await run(
        """INSERT INTO guild_settings_v2
            SELECT guild_id, prefix, default_library, freeform, visibility, style
            FROM guild_settings""",
        (),
    )
    await run("DROP TABLE guild_settings", ())
    await run("ALTER TABLE guild_settings_v2 RENAME TO guild_settings", ())


async def _server_comparison(run: Run) -> None:
    """Each server's comparison (NULL: the bot's default). A default library stored before
    this keeps its bare key, which means that key in the server's comparison."""
    await run("ALTER TABLE guild_settings ADD COLUMN comparison TEXT", ())


MIGRATIONS: tuple[Callable[[Run], Awaitable[None]], ...] = (
    _initial_schema,
    _channels_table,
    _server_comparison,
)
SCHEMA_VERSION = len(MIGRATIONS)


# --- the store --------------------------------------------------------------------------


class SettingsStore:
    """Per-server settings, cached in memory in front of one SQLite connection."""

    def __init__(self, path: Path, db: aiosqlite.Connection | None) -> None:
        """Use `await SettingsStore.open(path)`, or `SettingsStore.detached(path)`."""
        self.path = path
        self.query_count = 0  # SQL statements executed, for benchmarks and tests
        self._db: aiosqlite.Connection | None = db
        self._cache: dict[int, GuildSettings] = {}
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Self:
        """Open (creating if needed) the database at `path`, migrate it and load every row."""
        path = Path(path)
        _check_path(path)
        try:
            db = await aiosqlite.connect(
                f"{path.resolve().as_uri()}?mode=rwc",
                uri=True,
                timeout=BUSY_TIMEOUT_SECONDS,  # sets SQLite's busy_timeout
                isolation_level=None,  # transactions are explicit, see _transaction()
            )
        except sqlite3.Error as exc:
            raise _store_error(path, exc) from exc
        store = cls(path, db)
        try:
            await store._prepare()
        except BaseException:
            await db.close()
            raise
        return store

    @classmethod
    def detached(cls, path: Path) -> Self:
        """A store that never opens its database: every server has the defaults and writes
        raise StoreError. For work that needs no settings (`python -m bot sync`)."""
        return cls(Path(path), None)

    async def close(self) -> None:
        """Close the database; cached reads keep working, writes raise StoreError."""
        async with self._write_lock:
            if self._db is not None:
                db, self._db = self._db, None
                await db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    def cached(self, guild_id: int) -> GuildSettings:
        """A server's settings, from memory (no I/O: safe on every message)."""
        return self._cache.get(guild_id, DEFAULTS)

    def servers(self) -> Mapping[int, GuildSettings]:
        """Every server with settings of its own (a read-only view of the cache; no I/O)."""
        return MappingProxyType(self._cache)

    async def get(self, guild_id: int) -> GuildSettings:
        """A server's settings (the defaults for a server that changed nothing)."""
        return self.cached(guild_id)

    async def update(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Change some settings of a server; returns the new settings once committed.

        Unknown field names raise TypeError; invalid values raise SettingError. Nothing is
        written in either case.
        """
        unknown = changes.keys() - FIELDS
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return await self._write(guild_id, lambda current: replace(current, **changes))

    async def modify(self, guild_id: int, change: Callable[[GuildSettings], GuildSettings]) -> GuildSettings:
        """Apply `change` to a server's current settings atomically (unlike get-then-update)."""
        return await self._write(guild_id, change)

    async def add_freeform_channel(self, guild_id: int, channel_id: int) -> GuildSettings:
        """Opt a channel in to free-form answers (atomic, unlike get-then-update)."""

        def add(settings: GuildSettings) -> GuildSettings:
            channels = settings.freeform_channels | {channel_id}
            if len(channels) > MAX_FREEFORM_CHANNELS:
                raise SettingError(
                    f"At most {MAX_FREEFORM_CHANNELS} channels can be opted in; remove one first."
                )
            return replace(settings, freeform_channels=channels)

        return await self._write(guild_id, add)

    async def remove_freeform_channel(self, guild_id: int, channel_id: int) -> GuildSettings:
        """Opt a channel out of free-form answers (atomic, unlike get-then-update)."""
        return await self._write(
            guild_id,
            lambda s: replace(s, freeform_channels=s.freeform_channels - {channel_id}),
        )

    async def reset(self, guild_id: int) -> GuildSettings:
        """Put every setting of a server back to its default."""
        return await self._write(guild_id, lambda _: DEFAULTS)

    # --- internals ----------------------------------------------------------------------

    async def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        if self._db is None:
            raise StoreError(f"The settings store for {self.path} is closed.")
        self.query_count += 1
        return list(await self._db.execute_fetchall(sql, params))

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        # BEGIN IMMEDIATE takes the write lock up front, so a busy database fails here
        # (after busy_timeout) instead of halfway through.
        await self._run("BEGIN IMMEDIATE")
        try:
            yield
            await self._run("COMMIT")
        except BaseException:
            if self._db is not None and self._db.in_transaction:
                await self._run("ROLLBACK")
            raise

    async def _prepare(self) -> None:
        try:
            await self._check_integrity()
            await self._migrate()
            # Both after _migrate: it refuses newer schemas before anything is written.
            await self._run("PRAGMA journal_mode=WAL")
            await self._run("PRAGMA synchronous=NORMAL")
            await self._load()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    async def _check_integrity(self) -> None:
        problems = [row[0] for row in await self._run("PRAGMA quick_check")]
        if problems != ["ok"]:
            detail = " ".join(" ".join(problems).split())
            raise StoreError(_damaged(self.path, detail[:300]))

    async def _migrate(self) -> None:
        async with self._transaction():
            [(version,)] = await self._run("PRAGMA user_version")
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"The settings database {self.path} was written by a newer version of "
                    f"Versus (schema version {version}; this version knows up to "
                    f"{SCHEMA_VERSION}). Run that newer version, or set VERSUS_DB to another "
                    "file. The file was not changed."
                )
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                log.info("Migrating %s to schema version %d", self.path, number)
                try:
                    await migration(self._run)
                except ValueError as exc:  # stored data the migration cannot convert
                    detail = f"cannot migrate it to schema version {number}: {exc}"
                    raise StoreError(_damaged(self.path, detail)) from exc
            # Written even when already current: on a read-only file, opening fails here.
            await self._run(f"PRAGMA user_version = {SCHEMA_VERSION:d}")

    async def _load(self) -> None:
        channels: defaultdict[int, set[int]] = defaultdict(set)
        for guild_id, channel_id in await self._run("SELECT guild_id, channel_id FROM freeform_channels"):
            channels[guild_id].add(channel_id)
        for guild_id, *values in await self._run(
            f"SELECT guild_id, {', '.join(COLUMNS)} FROM guild_settings"
        ):
            try:
                self._cache[guild_id] = GuildSettings(
                    **dict(zip(COLUMNS, values, strict=True)),
                    freeform_channels=frozenset(channels[guild_id]),
                )
            except SettingError as exc:
                # E.g. written by a newer Versus with a value this one does not know.
                log.warning(
                    "%s holds invalid settings for server %s (%s); using the defaults "
                    "until an admin changes them",
                    self.path,
                    guild_id,
                    exc,
                )

    async def _write(self, guild_id: int, change: Callable[[GuildSettings], GuildSettings]) -> GuildSettings:
        if type(guild_id) is not int:  # a str id would be cached apart from its stored row
            raise TypeError(f"guild_id must be an int, not {type(guild_id).__name__}")
        # Shielded: a requested write finishes and updates the cache even if the caller is
        # cancelled meanwhile, so the cache never disagrees with the database.
        write = asyncio.ensure_future(self._write_locked(guild_id, change))
        write.add_done_callback(_log_orphaned_failure)
        return await asyncio.shield(write)

    async def _write_locked(
        self, guild_id: int, change: Callable[[GuildSettings], GuildSettings]
    ) -> GuildSettings:
        async with self._write_lock:
            new = change(self.cached(guild_id))
            try:
                async with self._transaction():
                    await self._save(guild_id, new)
            except sqlite3.Error as exc:
                raise _store_error(self.path, exc) from exc
            if new == DEFAULTS:
                self._cache.pop(guild_id, None)
            else:
                self._cache[guild_id] = new
            return new

    async def _save(self, guild_id: int, settings: GuildSettings) -> None:
        await self._run("DELETE FROM freeform_channels WHERE guild_id = ?", (guild_id,))
        if settings == DEFAULTS:
            await self._run("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
            return
        await self._run(_UPSERT, (guild_id, *(_column_value(getattr(settings, c)) for c in COLUMNS)))
        for channel_id in sorted(settings.freeform_channels):
            await self._run(
                "INSERT INTO freeform_channels (guild_id, channel_id) VALUES (?, ?)",
                (guild_id, channel_id),
            )


# Column names come from the registry in bot/settings.py, never from user input.
_UPSERT = f"""INSERT INTO guild_settings (guild_id, {", ".join(COLUMNS)})
    VALUES (?, {", ".join("?" for _ in COLUMNS)})
    ON CONFLICT (guild_id) DO UPDATE SET {", ".join(f"{c} = excluded.{c}" for c in COLUMNS)}"""


def _column_value(value: object) -> str | None:
    """A setting as its column holds it: text (a choice's value, `comparison:key`), or NULL."""
    return None if value is None else str(value)


# --- faults -----------------------------------------------------------------------------


def _log_orphaned_failure(write: asyncio.Future) -> None:
    """Mark a shielded write's failure as seen: its caller may have been cancelled meanwhile."""
    if not write.cancelled() and write.exception() is not None:
        log.debug("settings write failed: %s", write.exception())


def _check_path(path: Path) -> None:
    """Refuse, before SQLite touches it, a path that cannot hold the database."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder; VERSUS_DB must name a file, e.g. {path / 'versus.sqlite3'}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return  # SQLite creates it
    except OSError as exc:
        raise StoreError(
            f"Cannot use {path} for the settings database ({exc.strerror}: {exc.filename}). "
            "Check that its folder exists or can be created and that the user running the "
            "bot may read and write there, or set VERSUS_DB to another path."
        ) from exc
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not an SQLite database, so it cannot hold the settings. Set "
            "VERSUS_DB to another path (a missing file is created), or move this file away. "
            "The file was not changed."
        )


def _damaged(path: Path, detail: str) -> str:
    return (
        f"The settings database {path} is damaged ({detail}). Restore it from a backup, "
        f"or rescue what is left with `sqlite3 {path} .recover`, or move it away to start "
        "with empty settings. The file was not changed."
    )


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """Translate an SQLite failure into what the operator should do about it."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary result code
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN):
        return StoreError(
            f"Cannot write the settings database {path}: the file or its folder is "
            "read-only for the user running the bot. Give that user write access to both "
            f"(SQLite also creates {path.name}-wal and {path.name}-shm beside it), or set "
            "VERSUS_DB to a writable path."
        )
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(_damaged(path, str(exc)))
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(
            f"The settings database {path} stayed locked by another process for "
            f"{BUSY_TIMEOUT_SECONDS:g} s. Is another program holding it open in a long "
            "transaction? Stop it and try again."
        )
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"The disk holding the settings database {path} is full. Free space.")
    return StoreError(f"The settings database {path} failed: {exc}.")
