"""Settings in SQLite: one file (VERSUS_DB), WAL journal, synchronous=NORMAL.

A file the store cannot use (not SQLite, damaged, read-only, written by a newer Versus) gives
a `StoreError` naming the file and what to do; the store never overwrites, truncates or
deletes such a file. Before every write the store checks that the file at VERSUS_DB is still
the one it holds open, and its -wal too: deleted (with its -wal and -shm) or replaced by a
restored backup (moved over it, or copied over it with the -wal deleted), a write would go to
a file nobody will open again, so it is refused and logged once.

Several processes may share the file (one per shard range on one machine): `follow()` polls
`PRAGMA data_version`, which changes when another connection commits, and reloads the cache
then — so `python -m bot settings` reaches a running bot within `FOLLOW_SECONDS`, and so
does an owner's `reload` in another process (counted in `knowledge_reloads`). It asks
when the file or its -wal changed on disk since it last looked (and every FOLLOW_ANYWAY looks
regardless, for coarse file timestamps): an idle bot costs a stat of two files every 2
seconds, not a query on the database's thread.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Self

import aiosqlite

from bot.core.gaps import MAX_AGE, MAX_PER_SERVER, AnswerVotes, Ballot, Feedback, UnansweredQuestion
from bot.core.settings import GuildSettings
from bot.core.taught import Lessons, TaughtAnswer
from bot.storage.base import (
    COUNT_FEEDBACK,
    DATA_TABLES,
    OnReload,
    Schema,
    SettingsStore,
    StoreError,
    ballot_of,
    ballot_values,
    lesson_values,
    lessons_of,
    question_of,
    retain_cutoffs,
)
from bot.storage.rows import ROW_NAMES, ServerRows, servers_of
from bot.storage.schema import Migration, migrations

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5.0
WAL_RETRY_SECONDS = 0.05
FOLLOW_SECONDS = 2.0  # how often `follow` looks whether another process wrote
FOLLOW_ANYWAY = 15  # every so many looks, it asks the database even if the files look unchanged
ROWS_PER_INSERT = 500  # unanswered questions per INSERT: 1,500 parameters, well under SQLite's 32,766
MIGRATIONS = migrations("sqlite")

Run = Callable[[str, Sequence[Any]], Awaitable[list[Any]]]
"""Execute one SQL statement with parameters and return all its rows."""

# What a migration fails with on stored data it cannot convert (malformed JSON, a value
# breaking a constraint): the file is damaged, not the disk or its permissions.
_UNCONVERTIBLE = frozenset({sqlite3.SQLITE_ERROR, sqlite3.SQLITE_CONSTRAINT, sqlite3.SQLITE_MISMATCH})
FileIdentity = tuple[int, int]  # (device, inode)
FileVersion = tuple[int, int, int]  # (inode, size, last written in ns)


# --- the store --------------------------------------------------------------------------


class SQLiteStore(SettingsStore):
    """Settings in one SQLite file, through one connection."""

    def __init__(self, path: Path, db: aiosqlite.Connection) -> None:
        super().__init__(str(path))
        self.path = path
        self._db: aiosqlite.Connection | None = db
        self._held: tuple[FileIdentity | None, FileIdentity | None] = (_identity(path), None)
        self._lost_reported = False

    @classmethod
    async def connect(cls, path: Path, *, existing: bool = False) -> Self:
        """Open (creating if needed, unless `existing`) the database at `path`, migrate it and
        load every row."""
        if existing and not path.is_file():
            raise StoreError(
                f"There is no settings database at {path}: check the path, or create it with "
                "`python -m bot db init` (`python -m bot run` also creates it at its first start)."
            )
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
        try:
            store = cls(path, db)
            await store._prepare()
        except BaseException:
            await db.close()
            raise
        return store

    async def _close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    async def claim_shards(self, count: int | None, ids: tuple[int, ...] | None) -> None:
        """Not checked: the processes sharing a SQLite file share one machine."""

    async def follow(self, on_reload: OnReload) -> None:
        """Reload the cache whenever another connection has committed (polled), and the
        knowledge base when another process asked for it."""
        on_disk = self._writes()  # looked at before the query: a commit in between is seen next time
        [(seen,)] = await self._run("PRAGMA data_version")
        try:
            await self._reload_if_asked(on_reload)  # asked before this process followed
        except (sqlite3.Error, StoreError) as exc:  # looked at again with the next commit
            log.warning("Could not check %s for reloads asked by other processes: %s", self.path, exc)
        polls = 0
        while True:
            await asyncio.sleep(FOLLOW_SECONDS)
            polls += 1
            now_on_disk = self._writes()
            # Nobody wrote: no commit to look for — but ask now and then all the same, for
            # file systems whose timestamps are too coarse to show two commits apart.
            if now_on_disk is not None and now_on_disk == on_disk and polls % FOLLOW_ANYWAY:
                continue
            on_disk = now_on_disk
            try:
                [(version,)] = await self._run("PRAGMA data_version")
                if version != seen:
                    await self._locked(self._reload())
                    await self._reload_if_asked(on_reload)
                    seen = version  # only once both are done: a failure is looked at again
            except (sqlite3.Error, StoreError) as exc:
                on_disk = None  # look again next time
                log.warning("Could not check %s for changes by other processes: %s", self.path, exc)

    # --- engine hooks -------------------------------------------------------------------

    async def _commit(self, servers: Sequence[ServerRows]) -> None:
        async with self._transaction():
            for server in servers:
                await self._save(server)

    async def _commit_removal(self, guild_id: int, at: float | None) -> None:
        async with self._transaction():
            if at is None:
                await self._run("DELETE FROM removed_guilds WHERE guild_id = ?", (guild_id,))
            else:
                await self._run(
                    "INSERT OR REPLACE INTO removed_guilds (guild_id, removed_at) VALUES (?, ?)",
                    (guild_id, at),
                )

    async def _delete(self, guild_ids: list[int]) -> None:
        async with self._transaction():
            for table in DATA_TABLES:
                for guild_id in guild_ids:
                    await self._run(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))

    async def _save_lessons(self, guild_id: int, entries: Sequence[TaughtAnswer]) -> None:
        async with self._transaction():
            await self._run_many(_SAVE_LESSON, [lesson_values(guild_id, entry) for entry in entries])

    async def _delete_lesson(self, guild_id: int, topic: str) -> None:
        async with self._transaction():
            await self._run("DELETE FROM taught_answers WHERE guild_id = ? AND topic = ?", (guild_id, topic))

    async def _insert_unanswered(self, questions: list[UnansweredQuestion]) -> None:
        # Each statement committed on its own; `_PRUNE_UNANSWERED` (a trigger) deletes the
        # server's questions past the limits, row after row, in the same commit.
        async with self._statement():
            for start in range(0, len(questions), ROWS_PER_INSERT):
                rows = questions[start : start + ROWS_PER_INSERT]
                await self._run(
                    "INSERT INTO unanswered_questions (guild_id, text, asked_at) VALUES "
                    + ", ".join(["(?, ?, ?)"] * len(rows)),
                    [value for q in rows for value in (q.guild_id, q.text, q.asked_at.timestamp())],
                )

    async def _insert_ballot(self, ballot: Ballot) -> bool:
        async with self._transaction():
            await self._run(_INSERT_BALLOT, ballot_values(ballot))
            [(inserted,)] = await self._run("SELECT changes()")
        return bool(inserted)

    async def _insert_feedback(self, feedback: Feedback) -> None:
        questions = feedback.questions
        async with self._transaction():
            await self._run_many(
                _INSERT_NEW_QUESTION, [(q.guild_id, q.text, q.asked_at.timestamp()) for q in questions]
            )
            # The trigger prunes as of each question inserted, in whatever order they come;
            # the rule as of each server's newest one (as the PostgreSQL engine applies it)
            # also drops those older than it, so that a copy run again brings back nothing.
            await self._run_many(_RETAIN, retain_cutoffs(questions))
            await self._run_many(_INSERT_BALLOT, [ballot_values(b) for b in feedback.ballots])

    async def _delete_older(self, before: datetime) -> None:
        cutoff = before.timestamp()
        async with self._transaction():
            await self._run("DELETE FROM unanswered_questions WHERE asked_at < ?", (cutoff,))
            await self._run("DELETE FROM answer_votes WHERE voted_at < ?", (cutoff,))

    # --- what admins see --------------------------------------------------------------

    async def ping(self) -> bool:
        try:
            self._check_still_there()
            return await self._run("SELECT 1") == [(1,)]
        except (sqlite3.Error, StoreError):
            return False

    async def _select_unanswered(self, guild_id: int | None, since: datetime) -> list[str]:
        where, params = _of_guild(guild_id, "asked_at", since)
        rows = await self._read(f"SELECT text FROM unanswered_questions WHERE {where} ORDER BY id", params)
        return [text for (text,) in rows]

    async def _select_votes(self, guild_id: int | None, since: datetime) -> list[AnswerVotes]:
        where, params = _of_guild(guild_id, "voted_at", since)
        rows = await self._read(f"{_TALLY} WHERE {where} GROUP BY kind, answer", params)
        return [AnswerVotes(kind, key, up, down) for kind, key, up, down in rows]

    async def _count_reload(self) -> int:
        async with self._statement():
            [(asked,)] = await self._run(_COUNT_RELOAD)
        return int(asked)

    async def _select_reloads(self) -> int:
        [(asked,)] = await self._read(_RELOADS, ())
        return int(asked)

    async def _count_feedback(self) -> tuple[int, int]:
        [(questions, votes)] = await self._read(COUNT_FEEDBACK, ())
        return int(questions), int(votes)

    async def _select_feedback(self) -> Feedback:
        questions = await self._read(_ALL_QUESTIONS, ())
        ballots = await self._read(_ALL_BALLOTS, ())
        return Feedback(
            tuple(question_of(*row) for row in questions), tuple(ballot_of(*row) for row in ballots)
        )

    # --- internals ----------------------------------------------------------------------

    async def _read(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """A query outside the write path, its failure told as a StoreError."""
        try:
            return await self._run(sql, params)
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    async def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        db = self._open_db()
        self.query_count += 1
        return list(await db.execute_fetchall(sql, params))

    async def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """One statement for each of `rows` (counted as one: one trip to the database's thread)."""
        db = self._open_db()
        self.query_count += 1
        await db.executemany(sql, rows)

    def _open_db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreError(f"The settings store for {self.path} is closed.")
        return self._db

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        async with self._statement():
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

    @asynccontextmanager
    async def _statement(self) -> AsyncIterator[None]:
        """Around a write: into the file at VERSUS_DB only, its errors as StoreErrors. Alone,
        for a single statement (SQLite commits it by itself: one trip to the database's thread
        instead of three)."""
        self._check_still_there()
        try:
            yield
            self._hold_wal()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    def _hold_wal(self) -> None:
        """After a commit: the -wal it wrote is ours too. Only beside the file opened (the
        one SQLite created at connect): one deleted or replaced during the commit (a write
        racing a restore) must stay noticed, not be adopted."""
        main, wal = self._files()
        if main == self._held[0] and wal is not None:
            self._held = (main, wal)

    def _files(self) -> tuple[FileIdentity | None, FileIdentity | None]:
        """Which files are at VERSUS_DB and beside it (the -wal) now."""
        return _identity(self.path), _identity(self._wal)

    def _writes(self) -> tuple[FileVersion | None, FileVersion | None] | None:
        """How the database and its -wal look on disk now: any commit changes one of them.
        None: they cannot be looked at now (e.g. a network file system's hiccup)."""
        try:
            return _version(self.path), _version(self._wal)
        except OSError:
            return None

    @property
    def _wal(self) -> Path:
        return Path(f"{self.path}-wal")

    def _check_still_there(self) -> None:
        """Refuse to write into files that are no longer the ones at VERSUS_DB: the database
        itself, and its -wal once a commit has made one (it lives as long as a connection)."""
        main, wal = self._files()
        if main == self._held[0] and self._held[1] in (None, wal):
            return
        message = (
            f"The settings database {self.path} was deleted or replaced (e.g. a backup restored "
            "over it) while the bot was running, so changes can no longer be saved: they "
            "would be lost at the next start. Restart the bot to open the file now at that path."
        )
        if not self._lost_reported:
            self._lost_reported = True
            log.error("%s", message)
        raise StoreError(message)

    async def _prepare(self) -> None:
        try:
            await self._check_integrity()
            await self._migrate(MIGRATIONS)
            # Both after _migrate: it refuses newer schemas before anything is written.
            await self._use_wal()
            await self._run("PRAGMA synchronous=NORMAL")
            await self._run(_PRUNE_UNANSWERED)
            self._replace_cache(*await self._read_all())
            self._reloads_seen = await self._select_reloads()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    async def _use_wal(self) -> None:
        """Switch the file to write-ahead logging, waiting up to BUSY_TIMEOUT_SECONDS for the
        other processes opening it at the same moment: SQLite fails the switch at once, without
        its busy timeout, while another connection reads the file."""
        deadline = asyncio.get_running_loop().time() + BUSY_TIMEOUT_SECONDS
        while True:
            try:
                await self._run("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if _primary_code(exc) != sqlite3.SQLITE_BUSY or asyncio.get_running_loop().time() > deadline:
                    raise
            await asyncio.sleep(WAL_RETRY_SECONDS)

    async def _check_integrity(self) -> None:
        problems = [row[0] for row in await self._run("PRAGMA quick_check")]
        if problems != ["ok"]:
            detail = " ".join(" ".join(problems).split())
            raise StoreError(_damaged(self.path, detail[:300]))

    @asynccontextmanager
    async def _schema(self) -> AsyncIterator[Schema]:
        async with self._transaction():
            yield _FileSchema(self.path, self._run)

    async def _read_all(self) -> tuple[dict[int, GuildSettings], dict[int, float], dict[int, Lessons]]:
        rows = await self._run("SELECT guild_id, name, value FROM guild_settings")
        channels = await self._run("SELECT guild_id, channel_id FROM freeform_channels")
        removed = dict(await self._run("SELECT guild_id, removed_at FROM removed_guilds"))
        lessons = lessons_of(await self._run(_LESSONS))
        return servers_of(rows, channels, self.where), removed, lessons

    async def _reload(self) -> None:
        try:
            self._replace_cache(*await self._read_all())
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    async def _save(self, server: ServerRows) -> None:
        guild_id = server.guild_id
        await self._run("DELETE FROM freeform_channels WHERE guild_id = ?", (guild_id,))
        if not server.keeps_questions:  # `gaps` turned off: what was kept goes too
            await self._run("DELETE FROM unanswered_questions WHERE guild_id = ?", (guild_id,))
        if server.reset:
            await self._run("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
        else:
            await self._run(_DELETE_KNOWN_SETTINGS, (guild_id, *ROW_NAMES))
        if server.values:
            await self._run_many(
                "INSERT INTO guild_settings (guild_id, name, value) VALUES (?, ?, ?)",
                [(guild_id, name, value) for name, value in server.values],
            )
        if server.channels:
            await self._run_many(
                "INSERT INTO freeform_channels (guild_id, channel_id) VALUES (?, ?)",
                [(guild_id, channel_id) for channel_id in server.channels],
            )


# A server's rows of the settings this Versus knows (those of others are kept). Parameters:
# guild, then ROW_NAMES.
_DELETE_KNOWN_SETTINGS = (
    f"DELETE FROM guild_settings WHERE guild_id = ? AND name IN ({', '.join('?' for _ in ROW_NAMES)})"
)

# After each question kept, its server's questions beyond `retain`'s rule (older than
# MAX_AGE, or not among its MAX_PER_SERVER newest) are deleted in the same commit. Temporary:
# this connection's own trigger, made at every open, not part of the schema (no migration).
_PRUNE_UNANSWERED = f"""CREATE TEMP TRIGGER IF NOT EXISTS prune_unanswered
    AFTER INSERT ON main.unanswered_questions BEGIN
    DELETE FROM unanswered_questions WHERE guild_id = NEW.guild_id AND (
        asked_at < NEW.asked_at - {MAX_AGE.total_seconds():f} OR id IN (
            SELECT id FROM unanswered_questions WHERE guild_id = NEW.guild_id
            ORDER BY asked_at DESC, id DESC LIMIT -1 OFFSET {MAX_PER_SERVER:d}));
    END"""
# A server's unanswered questions beyond `retain`'s rule: older than the cutoff (Unix time),
# or not among its MAX_PER_SERVER newest. Parameters: guild, cutoff.
_RETAIN = f"""DELETE FROM unanswered_questions WHERE guild_id = ?1 AND (asked_at < ?2 OR id IN (
    SELECT id FROM unanswered_questions WHERE guild_id = ?1
    ORDER BY asked_at DESC, id DESC LIMIT -1 OFFSET {MAX_PER_SERVER:d}))"""
_LESSONS = "SELECT guild_id, topic, questions, answer, taught_by, taught_at FROM taught_answers"
_SAVE_LESSON = """INSERT OR REPLACE INTO taught_answers
    (guild_id, topic, questions, answer, taught_by, taught_at) VALUES (?, ?, ?, ?, ?, ?)"""
# The one row of `knowledge_reloads` (written again should it have been deleted).
_COUNT_RELOAD = """INSERT INTO knowledge_reloads (id, asked) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET asked = asked + 1 RETURNING asked"""
_RELOADS = "SELECT COALESCE(MAX(asked), 0) FROM knowledge_reloads"
_INSERT_BALLOT = """INSERT OR IGNORE INTO answer_votes
    (message_id, user_id, guild_id, kind, answer, vote, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?)"""
# A question `db copy` brings, unless the same one (server, text, time) is kept already.
_INSERT_NEW_QUESTION = """INSERT INTO unanswered_questions (guild_id, text, asked_at)
    SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM unanswered_questions
        WHERE guild_id = ?1 AND asked_at = ?3 AND text = ?2)"""
_ALL_QUESTIONS = "SELECT guild_id, text, asked_at FROM unanswered_questions ORDER BY asked_at, id"
_ALL_BALLOTS = """SELECT message_id, user_id, guild_id, kind, answer, vote, voted_at
    FROM answer_votes ORDER BY voted_at, message_id, user_id"""
_TALLY = """SELECT kind, answer, SUM(CASE WHEN vote = 'up' THEN 1 ELSE 0 END),
    SUM(CASE WHEN vote = 'down' THEN 1 ELSE 0 END) FROM answer_votes"""


def _of_guild(guild_id: int | None, column: str, since: datetime) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause (and its parameters) for rows of one server (None: all) since `since`."""
    if guild_id is None:
        return f"{column} >= ?", (since.timestamp(),)
    return f"guild_id = ? AND {column} >= ?", (guild_id, since.timestamp())


# --- the schema -------------------------------------------------------------------------


@dataclass(frozen=True)
class _FileSchema(Schema):
    """The schema of a SQLite file: its version is `PRAGMA user_version`."""

    path: Path
    run: Run

    async def version(self) -> int:
        [(version,)] = await self.run("PRAGMA user_version", ())
        return int(version)

    async def apply(self, migration: Migration) -> None:
        try:
            for statement in _statements(migration.script):
                await self.run(statement, ())
        except sqlite3.Error as exc:
            if _primary_code(exc) not in _UNCONVERTIBLE:
                raise
            detail = f"cannot migrate it to schema version {migration.version}: {exc}"
            raise StoreError(_damaged(self.path, detail)) from exc

    async def record(self, version: int, *, previous: int) -> None:
        # Written even when already current: on a read-only file, opening fails here.
        await self.run(f"PRAGMA user_version = {version:d}", ())


def _statements(script: str) -> Iterator[str]:
    """A script's statements in order, each whole (`executescript` would commit first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


# --- faults -----------------------------------------------------------------------------


def _identity(path: Path) -> FileIdentity | None:
    """Which file is at `path` now (None: none)."""
    stat = _stat(path)
    return None if stat is None else (stat.st_dev, stat.st_ino)


def _version(path: Path) -> FileVersion | None:
    """Which file is at `path`, its size and when it was last written (None: none)."""
    stat = _stat(path)
    return None if stat is None else (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


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


def _primary_code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """Translate an SQLite failure into what the operator should do about it."""
    code = _primary_code(exc)
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
