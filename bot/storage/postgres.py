"""Settings in PostgreSQL (VERSUS_DB=postgresql://…), through asyncpg: for shard processes
on several machines sharing one database.

- Migrations run under `pg_advisory_xact_lock`, so processes starting together take turns
  instead of racing on `CREATE TABLE`; the version is in `versus_schema`.
- Every write commits with a `NOTIFY` on the `versus` channel naming the server; `follow()`
  LISTENs on a connection of its own and reloads that server's rows into this process's
  cache. `notify_reload()` asks every other process to reload its knowledge base (counted
  in `knowledge_reloads` too: a process that missed the notification reloads when it
  listens again).
- When the server is down, writes raise `StoreUnavailable` ("try again later") while reads
  keep coming from the cache; `follow()` reconnects, listens again and reloads every row (it
  may have missed notifications meanwhile).
- The password is never printed: every message goes through `PostgresURL.mask`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Self

import asyncpg

from bot.core.gaps import MAX_PER_SERVER, AnswerVotes, Ballot, Feedback, UnansweredQuestion
from bot.core.settings import DEFAULTS, GuildSettings
from bot.core.taught import NO_LESSONS, Lessons, TaughtAnswer
from bot.storage.base import (
    COUNT_FEEDBACK,
    DATA_TABLES,
    OnReload,
    PostgresURL,
    Schema,
    SettingsStore,
    ShardConflict,
    StoreError,
    StoreUnavailable,
    ballot_of,
    ballot_values,
    lesson_values,
    lessons_of,
    question_of,
    reload_now,
    retain_cutoffs,
)
from bot.storage.rows import ROW_NAMES, ServerRows, servers_of
from bot.storage.schema import Migration, migrations

log = logging.getLogger(__name__)

CHANNEL = "versus"  # the NOTIFY channel
MIGRATION_LOCK = 0x56657273  # pg_advisory_xact_lock key ("Vers")
CONNECT_SECONDS = 5.0
ACQUIRE_SECONDS = 5.0
POOL_SIZE = 4
PING_SECONDS = 5.0  # how often `follow` checks its connection between notifications
RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)  # `follow`'s reconnection back-off
# Session advisory locks (class, id) claiming shards (`claim_shards`), held on a connection of
# the process's own: released when it closes or dies.
SHARD_LOCK = 0x56657274  # (class, shard id): the process running that shard
SHARD_COUNT_LOCK = 0x56657275  # (class, count): shared by every process running some shards
EVERY_SHARD_LOCK = 0x56657276  # (class, 0): exclusive for a process running every shard, else shared
HOLDER = f"versus pid {os.getpid()} on {socket.gethostname()}"[:63]  # application_name: who holds them
# The server drops a claim whose process vanished without closing its connection (host
# down) within about a minute, rather than after the system's default two hours.
HOLDER_SETTINGS = {
    "application_name": HOLDER,
    "tcp_keepalives_idle": "30",
    "tcp_keepalives_interval": "10",
    "tcp_keepalives_count": "3",
}
CLOSE_SECONDS = 5.0

MIGRATIONS = migrations("postgres")

# Lost or refused connections: the database may come back, so "try again later".
UNAVAILABLE = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # a connection left mid-query by a timeout
    asyncpg.OperatorInterventionError,
)

_SETTINGS = "SELECT guild_id, name, value FROM guild_settings"
_CHANNELS = "SELECT guild_id, channel_id FROM freeform_channels"
_REMOVED = "SELECT guild_id, removed_at FROM removed_guilds"
_LESSONS = "SELECT guild_id, topic, questions, answer, taught_by, taught_at FROM taught_answers"
_SAVE_LESSON = """INSERT INTO taught_answers (guild_id, topic, questions, answer, taught_by, taught_at)
    VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (guild_id, topic) DO UPDATE SET
    questions = excluded.questions, answer = excluded.answer, taught_by = excluded.taught_by,
    taught_at = excluded.taught_at"""
# A server's settings rows replaced in one statement: those given are written, the other
# rows of settings this Versus knows deleted (on a reset, every other row). Both parts see
# the rows as they were, and touch different ones. Parameters: guild, names, values, the
# names this Versus knows, reset.
_REPLACE_SETTINGS = """WITH written AS (
        INSERT INTO guild_settings (guild_id, name, value) SELECT $1, * FROM unnest($2::text[], $3::text[])
        ON CONFLICT (guild_id, name) DO UPDATE SET value = excluded.value)
    DELETE FROM guild_settings WHERE guild_id = $1 AND NOT name = ANY($2::text[])
        AND ($5 OR name = ANY($4::text[]))"""
# A server's unanswered questions beyond `retain`'s rule: older than MAX_AGE, or not among
# its MAX_PER_SERVER newest. Parameters: guild, cutoff (Unix time).
_RETAIN = f"""DELETE FROM unanswered_questions WHERE guild_id = $1 AND (asked_at < $2 OR id IN (
    SELECT id FROM unanswered_questions WHERE guild_id = $1
    ORDER BY asked_at DESC, id DESC OFFSET {MAX_PER_SERVER:d}))"""
# The one row of `knowledge_reloads` (written again should it have been deleted).
_COUNT_RELOAD = """INSERT INTO knowledge_reloads (id, asked) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET asked = knowledge_reloads.asked + 1 RETURNING asked"""
_RELOADS = "SELECT COALESCE(MAX(asked), 0) FROM knowledge_reloads"
_QUESTION_ROWS = "unnest($1::bigint[], $2::text[], $3::double precision[]) AS new (guild_id, text, asked_at)"
_INSERT_QUESTIONS = (
    f"INSERT INTO unanswered_questions (guild_id, text, asked_at) SELECT * FROM {_QUESTION_ROWS}"
)
# The questions `db copy` brings, but those (server, text, time) kept already.
_INSERT_NEW_QUESTIONS = f"""{_INSERT_QUESTIONS} WHERE NOT EXISTS (SELECT 1 FROM unanswered_questions kept
    WHERE kept.guild_id = new.guild_id AND kept.asked_at = new.asked_at AND kept.text = new.text)"""
_INSERT_BALLOTS = """INSERT INTO answer_votes (message_id, user_id, guild_id, kind, answer, vote, voted_at)
    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[],
        $7::double precision[]) ON CONFLICT DO NOTHING RETURNING 1"""
_ALL_QUESTIONS = "SELECT guild_id, text, asked_at FROM unanswered_questions ORDER BY asked_at, id"
_ALL_BALLOTS = """SELECT message_id, user_id, guild_id, kind, answer, vote, voted_at
    FROM answer_votes ORDER BY voted_at, message_id, user_id"""
_TALLY = """SELECT kind, answer, SUM(CASE WHEN vote = 'up' THEN 1 ELSE 0 END),
    SUM(CASE WHEN vote = 'down' THEN 1 ELSE 0 END) FROM answer_votes"""


class PostgresStore(SettingsStore):
    """Settings in PostgreSQL through a small connection pool."""

    def __init__(self, url: PostgresURL, pool: asyncpg.Pool) -> None:
        super().__init__(str(url))
        self.url = url
        self._pool: asyncpg.Pool | None = pool
        self._origin = f"{os.getpid()}-{id(self):x}"  # tells our own notifications apart
        self._tasks: set[asyncio.Task[None]] = set()
        self._claim: tuple[int | None, tuple[int, ...] | None] | None = None  # (count, ids) claimed
        self._claim_holder: asyncpg.Connection | None = None  # the connection holding its locks

    @classmethod
    async def connect(cls, url: PostgresURL) -> Self:
        """Connect, migrate (one process at a time) and load every row."""
        try:
            pool = await asyncpg.create_pool(
                url.url, min_size=1, max_size=POOL_SIZE, timeout=CONNECT_SECONDS, command_timeout=30
            )
        except (*UNAVAILABLE, asyncpg.PostgresError) as exc:
            raise StoreError(_unreachable(url, exc)) from exc
        store = cls(url, pool)
        try:
            await store._migrate(MIGRATIONS)
            store._replace_cache(*await store._read_all())
            store._reloads_seen = await store._select_reloads()
        except BaseException:
            await pool.close()
            raise
        return store

    async def _close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._claim_holder is not None:
            holder, self._claim_holder = self._claim_holder, None
            await _release(holder)
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    # --- processes in step --------------------------------------------------------------

    async def claim_shards(self, count: int | None, ids: tuple[int, ...] | None) -> None:
        if ids is None and count is not None:
            ids = tuple(range(count))
        self._claim = (count, ids)
        await self._hold_claim()

    async def _hold_claim(self) -> None:
        """Take the claim's locks on a connection of their own, unless it holds them now
        (asked again after the listener reconnected, and at every ping: a lost holder is
        claimed again)."""
        if self._claim is None or await self._still_held():
            return
        try:
            holder = await asyncpg.connect(
                self.url.url, timeout=CONNECT_SECONDS, server_settings=HOLDER_SETTINGS
            )
        except (*UNAVAILABLE, asyncpg.PostgresError) as exc:
            raise StoreError(_unreachable(self.url, exc)) from exc
        try:
            refused = await _take_shard_locks(holder, *self._claim)
        except (*UNAVAILABLE, asyncpg.PostgresError) as exc:
            holder.terminate()
            raise StoreError(_unreachable(self.url, exc)) from exc
        if refused is not None:
            holder.terminate()
            raise ShardConflict(refused)
        if self._claim_holder is not None:
            log.info("Claimed this process's shards again.")
        self._claim_holder = holder

    async def _still_held(self) -> bool:
        """Whether the connection holding the claim is there and answers."""
        holder = self._claim_holder
        if holder is None or holder.is_closed():
            return False
        try:
            await holder.execute("SELECT 1", timeout=PING_SECONDS)
        except (*UNAVAILABLE, asyncpg.PostgresError):
            holder.terminate()
            return False
        return True

    async def follow(self, on_reload: OnReload) -> None:
        """LISTEN for other processes' writes and reload requests; reconnect after a loss.
        Ends with ShardConflict if this process's shards were claimed by another meanwhile."""
        attempt = 0
        while True:
            try:
                connection = await asyncpg.connect(self.url.url, timeout=CONNECT_SECONDS)
            except (*UNAVAILABLE, asyncpg.PostgresError) as exc:
                if attempt == 0:
                    log.warning("Lost the settings database: %s. Reconnecting.", _unreachable(self.url, exc))
                await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
                attempt += 1
                continue
            try:
                await self._listen(connection, on_reload, reconnected=attempt > 0)
            except (*UNAVAILABLE, asyncpg.PostgresError, StoreError) as exc:
                log.warning("Lost the settings database (%s). Reconnecting.", self.url.mask(str(exc)))
                attempt = 1
            finally:
                connection.terminate()

    async def _listen(
        self, connection: asyncpg.Connection, on_reload: OnReload, *, reconnected: bool
    ) -> None:
        """Listen until the connection is lost, then raise (`follow` reconnects)."""

        def notified(_: Any, pid: int, channel: str, payload: str) -> None:
            self._on_notification(payload, on_reload)

        closed = asyncio.Event()
        connection.add_termination_listener(lambda _: closed.set())
        await connection.add_listener(CHANNEL, notified)
        # Notifications sent while this process was not listening are lost: read everything.
        await self._locked(self._reload_all())
        await self._reload_if_asked(on_reload)
        if reconnected:
            log.info("Settings database back: listening again, %d servers reloaded.", len(self._cache))
        # The shards' locks went with a restarted server (or their connection alone was lost):
        # taken again, or ShardConflict ends `follow` — another process runs them now.
        await self._hold_claim()
        while not closed.is_set():
            try:
                await asyncio.wait_for(closed.wait(), PING_SECONDS)
            except TimeoutError:  # quiet for a while: a silent network loss shows here
                await connection.execute("SELECT 1", timeout=PING_SECONDS)
                await self._hold_claim()
        raise ConnectionResetError("the connection was closed")

    def _on_notification(self, payload: str, on_reload: OnReload) -> None:
        try:
            message = json.loads(payload)
        except json.JSONDecodeError:
            return
        if not isinstance(message, dict) or message.get("origin") == self._origin:
            return
        asked = message.get("reload")
        if asked is True:  # from a Versus of before schema 6, which does not count reloads
            reload_now(on_reload)
        elif type(asked) is int:
            self._reload_if_newer(asked, on_reload)
        elif isinstance(message.get("guild"), int):
            self._spawn(self._locked(self._reload_guild(message["guild"])))

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("Could not reload a server's settings: %s", task.exception())

    async def _count_reload(self) -> int:
        async with self._transaction() as connection:
            [(asked,)] = await self._fetch(connection, _COUNT_RELOAD)
            await self._execute(connection, "SELECT pg_notify($1, $2)", CHANNEL, self._payload(reload=asked))
        return int(asked)

    async def _select_reloads(self) -> int:
        async with self._connection() as connection:
            [(asked,)] = await self._fetch(connection, _RELOADS)
        return int(asked)

    def _payload(self, **fields: Any) -> str:
        return json.dumps({"origin": self._origin, **fields})

    # --- engine hooks -------------------------------------------------------------------

    async def _commit(self, servers: Sequence[ServerRows]) -> None:
        async with self._transaction() as connection:
            for server in servers:
                await self._save(connection, server)
            if len(servers) == 1:
                await self._notify(connection, servers[0].guild_id)

    async def _commit_removal(self, guild_id: int, at: float | None) -> None:
        async with self._transaction() as connection:
            if at is None:
                await self._execute(connection, "DELETE FROM removed_guilds WHERE guild_id = $1", guild_id)
            else:
                await self._execute(
                    connection,
                    """INSERT INTO removed_guilds (guild_id, removed_at) VALUES ($1, $2)
                    ON CONFLICT (guild_id) DO UPDATE SET removed_at = excluded.removed_at""",
                    guild_id,
                    at,
                )
            await self._notify(connection, guild_id)

    async def _delete(self, guild_ids: list[int]) -> None:
        async with self._transaction() as connection:
            for table in DATA_TABLES:
                await self._execute(
                    connection, f"DELETE FROM {table} WHERE guild_id = ANY($1::bigint[])", guild_ids
                )
            for guild_id in guild_ids:
                await self._notify(connection, guild_id)

    async def _save_lessons(self, guild_id: int, entries: Sequence[TaughtAnswer]) -> None:
        async with self._transaction() as connection:
            for entry in entries:
                await self._execute(connection, _SAVE_LESSON, *lesson_values(guild_id, entry))
            await self._notify(connection, guild_id)

    async def _delete_lesson(self, guild_id: int, topic: str) -> None:
        async with self._transaction() as connection:
            await self._execute(
                connection, "DELETE FROM taught_answers WHERE guild_id = $1 AND topic = $2", guild_id, topic
            )
            await self._notify(connection, guild_id)

    async def _insert_unanswered(self, questions: list[UnansweredQuestion]) -> None:
        async with self._transaction() as connection:
            await self._execute(connection, _INSERT_QUESTIONS, *_question_columns(questions))
            await self._retain(connection, questions)

    async def _insert_ballot(self, ballot: Ballot) -> bool:
        async with self._transaction() as connection:
            inserted = await self._fetch(connection, _INSERT_BALLOTS, *_ballot_columns([ballot]))
        return bool(inserted)

    async def _insert_feedback(self, feedback: Feedback) -> None:
        async with self._transaction() as connection:
            await self._execute(connection, _INSERT_NEW_QUESTIONS, *_question_columns(feedback.questions))
            await self._retain(connection, feedback.questions)
            await self._execute(connection, _INSERT_BALLOTS, *_ballot_columns(feedback.ballots))

    async def _retain(self, connection: asyncpg.Connection, questions: Sequence[UnansweredQuestion]) -> None:
        """Apply `retain`'s rule to the servers of `questions`, each as of its newest one."""
        for guild_id, cutoff in retain_cutoffs(questions):
            await self._execute(connection, _RETAIN, guild_id, cutoff)

    async def _delete_older(self, before: datetime) -> None:
        cutoff = before.timestamp()
        async with self._transaction() as connection:
            await self._execute(connection, "DELETE FROM unanswered_questions WHERE asked_at < $1", cutoff)
            await self._execute(connection, "DELETE FROM answer_votes WHERE voted_at < $1", cutoff)

    # --- what admins see ----------------------------------------------------------------

    async def ping(self) -> bool:
        try:
            async with self._connection() as connection:
                answer = await connection.fetchval("SELECT 1", timeout=PING_SECONDS)
        except (*UNAVAILABLE, asyncpg.PostgresError, StoreError):
            return False
        return bool(answer == 1)

    async def _select_unanswered(self, guild_id: int | None, since: datetime) -> list[str]:
        async with self._connection() as connection:
            rows = await self._fetch(
                connection,
                """SELECT text FROM unanswered_questions
                    WHERE ($1::bigint IS NULL OR guild_id = $1) AND asked_at >= $2 ORDER BY id""",
                guild_id,
                since.timestamp(),
            )
        return [text for (text,) in rows]

    async def _select_votes(self, guild_id: int | None, since: datetime) -> list[AnswerVotes]:
        async with self._connection() as connection:
            rows = await self._fetch(
                connection,
                f"""{_TALLY} WHERE ($1::bigint IS NULL OR guild_id = $1) AND voted_at >= $2
                    GROUP BY kind, answer""",
                guild_id,
                since.timestamp(),
            )
        return [AnswerVotes(kind, key, up, down) for kind, key, up, down in rows]

    async def _count_feedback(self) -> tuple[int, int]:
        async with self._connection() as connection:
            [(questions, votes)] = await self._fetch(connection, COUNT_FEEDBACK)
        return int(questions), int(votes)

    async def _select_feedback(self) -> Feedback:
        async with self._connection() as connection:
            questions = await self._fetch(connection, _ALL_QUESTIONS)
            ballots = await self._fetch(connection, _ALL_BALLOTS)
        return Feedback(
            tuple(question_of(*row) for row in questions), tuple(ballot_of(*row) for row in ballots)
        )

    # --- internals ----------------------------------------------------------------------

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        if self._pool is None:
            raise StoreError(f"The settings store for {self.where} is closed.")
        try:
            async with self._pool.acquire(timeout=ACQUIRE_SECONDS) as connection:
                yield connection
        except UNAVAILABLE as exc:
            raise StoreUnavailable(
                "The settings database is unreachable right now, so nothing was saved: try again later."
            ) from exc
        except asyncpg.PostgresError as exc:
            raise StoreError(f"The settings database {self.where} failed: {self.url.mask(str(exc))}") from exc

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[asyncpg.Connection]:
        async with self._connection() as connection, connection.transaction():
            yield connection

    async def _execute(self, connection: asyncpg.Connection, sql: str, *args: Any) -> None:
        self.query_count += 1
        await connection.execute(sql, *args)

    async def _fetch(self, connection: asyncpg.Connection, sql: str, *args: Any) -> list[asyncpg.Record]:
        self.query_count += 1
        return list(await connection.fetch(sql, *args))

    async def _notify(self, connection: asyncpg.Connection, guild_id: int) -> None:
        """Delivered at commit, to every process listening (see `follow`)."""
        await self._execute(connection, "SELECT pg_notify($1, $2)", CHANNEL, self._payload(guild=guild_id))

    @asynccontextmanager
    async def _schema(self) -> AsyncIterator[Schema]:
        """Processes starting together take turns (the advisory lock) instead of racing on
        CREATE TABLE."""
        async with self._transaction() as connection:
            await self._execute(connection, "SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await self._execute(
                connection, "CREATE TABLE IF NOT EXISTS versus_schema (version INTEGER NOT NULL)"
            )
            yield _DatabaseSchema(partial(self._execute, connection), partial(self._fetch, connection))

    async def _read_all(self) -> tuple[dict[int, GuildSettings], dict[int, float], dict[int, Lessons]]:
        async with self._connection() as connection:
            rows = await self._fetch(connection, _SETTINGS)
            channels = await self._fetch(connection, _CHANNELS)
            removed = {g: at for g, at in await self._fetch(connection, _REMOVED)}
            lessons = lessons_of(await self._fetch(connection, _LESSONS))
        return servers_of(rows, channels, self.where), removed, lessons

    async def _reload_all(self) -> None:
        self._replace_cache(*await self._read_all())

    async def _reload_guild(self, guild_id: int) -> None:
        """Another process wrote this server: read its rows into the cache."""
        async with self._connection() as connection:
            rows = await self._fetch(connection, f"{_SETTINGS} WHERE guild_id = $1", guild_id)
            channels = await self._fetch(connection, f"{_CHANNELS} WHERE guild_id = $1", guild_id)
            removed = await self._fetch(connection, f"{_REMOVED} WHERE guild_id = $1", guild_id)
            taught = await self._fetch(connection, f"{_LESSONS} WHERE guild_id = $1", guild_id)
        self._cache_settings(guild_id, servers_of(rows, channels, self.where).get(guild_id, DEFAULTS))
        self._cache_lessons(guild_id, lessons_of(taught).get(guild_id, NO_LESSONS))
        if removed:
            self._removed[guild_id] = removed[0]["removed_at"]
        else:
            self._removed.pop(guild_id, None)

    async def _save(self, connection: asyncpg.Connection, server: ServerRows) -> None:
        guild_id = server.guild_id
        await self._execute(connection, "DELETE FROM freeform_channels WHERE guild_id = $1", guild_id)
        if not server.keeps_questions:  # `gaps` turned off: what was kept goes too
            await self._execute(connection, "DELETE FROM unanswered_questions WHERE guild_id = $1", guild_id)
        names = [name for name, _ in server.values]
        values = [value for _, value in server.values]
        await self._execute(connection, _REPLACE_SETTINGS, guild_id, names, values, ROW_NAMES, server.reset)
        if server.channels:
            await self._execute(
                connection,
                "INSERT INTO freeform_channels (guild_id, channel_id) SELECT $1, unnest($2::bigint[])",
                guild_id,
                server.channels,
            )


@dataclass(frozen=True)
class _DatabaseSchema(Schema):
    """The schema of a PostgreSQL database: its version is the one row of `versus_schema`."""

    execute: Callable[..., Awaitable[None]]
    fetch: Callable[..., Awaitable[list[asyncpg.Record]]]

    async def version(self) -> int:
        rows = await self.fetch("SELECT version FROM versus_schema")
        return int(rows[0]["version"]) if rows else 0

    async def apply(self, migration: Migration) -> None:
        await self.execute(migration.script)  # without arguments: several statements in one go

    async def record(self, version: int, *, previous: int) -> None:
        if previous == 0:
            await self.execute("INSERT INTO versus_schema (version) VALUES ($1)", version)
        elif previous != version:
            await self.execute("UPDATE versus_schema SET version = $1", version)


def _unreachable(url: PostgresURL, exc: BaseException) -> str:
    """One line for the operator: which database, what went wrong, what to check."""
    if isinstance(exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        problem = "it refused the user name or password in VERSUS_DB"
    elif isinstance(exc, asyncpg.InvalidCatalogNameError):
        problem = "that database does not exist (create it, see README 'Scaling out')"
    else:
        problem = f"it cannot be reached ({url.mask(str(exc)) or type(exc).__name__})"
    return (
        f"Cannot use the settings database {url}: {problem}. Check VERSUS_DB and that PostgreSQL is running."
    )


async def _take_shard_locks(
    connection: asyncpg.Connection, count: int | None, ids: tuple[int, ...] | None
) -> str | None:
    """Take the locks claiming shards `ids` of `count` (None: every shard); what stands in
    the way, if anything, as the operator should read it."""
    if ids is None:
        if await connection.fetchval("SELECT pg_try_advisory_lock($1, 0)", EVERY_SHARD_LOCK):
            return None
        holder = await _holder(connection, EVERY_SHARD_LOCK, 0)
        return (
            f"Other processes already run shards of this bot ({holder}). Stop them, or give every "
            "process the same VERSUS_SHARD_COUNT and its own VERSUS_SHARD_IDS."
        )
    if not await connection.fetchval("SELECT pg_try_advisory_lock_shared($1, 0)", EVERY_SHARD_LOCK):
        holder = await _holder(connection, EVERY_SHARD_LOCK, 0)
        return (
            f"Another process already runs every shard ({holder}, without VERSUS_SHARD_IDS). "
            "Stop it, or give it VERSUS_SHARD_COUNT and VERSUS_SHARD_IDS too."
        )
    # The count first: locked, then compared, so two processes of different counts never
    # both pass.
    await connection.execute("SELECT pg_try_advisory_lock_shared($1, $2)", SHARD_COUNT_LOCK, count)
    other = await connection.fetchrow(_OTHER_COUNT, SHARD_COUNT_LOCK, count)
    if other is not None:
        return (
            f"Another process runs with VERSUS_SHARD_COUNT={other['objid']} ({other['holder']}), "
            f"this one with {count}: every process needs the same VERSUS_SHARD_COUNT."
        )
    for shard in ids:
        if not await connection.fetchval("SELECT pg_try_advisory_lock($1, $2)", SHARD_LOCK, shard):
            holder = await _holder(connection, SHARD_LOCK, shard)
            return (
                f"Shard {shard} is already run by another process ({holder}): each shard id "
                "belongs in the VERSUS_SHARD_IDS of one process only."
            )
    return None


async def _release(holder: asyncpg.Connection) -> None:
    """Close the connection holding a claim, so that its locks are free when this returns."""
    try:
        await holder.close(timeout=CLOSE_SECONDS)
    except (*UNAVAILABLE, asyncpg.PostgresError, TimeoutError):
        holder.terminate()


async def _holder(connection: asyncpg.Connection, lock_class: int, lock_id: int) -> str:
    """Who holds an advisory lock, as its connection named itself (`HOLDER`)."""
    holder = await connection.fetchval(_LOCK_HOLDER, lock_class, lock_id)
    return str(holder or "a process whose name the database does not show")


# Advisory locks of this database held by other sessions: class and id of the two-integer form.
_OTHERS_LOCKS = """FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted AND l.pid <> pg_backend_pid()
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = $1::bigint::oid"""
_LOCK_HOLDER = f"SELECT a.application_name {_OTHERS_LOCKS} AND l.objid = $2::bigint::oid LIMIT 1"
_OTHER_COUNT = (
    f"SELECT l.objid, a.application_name AS holder {_OTHERS_LOCKS} AND l.objid <> $2::bigint::oid LIMIT 1"
)


def _question_columns(questions: Sequence[UnansweredQuestion]) -> tuple[list[Any], ...]:
    """Questions as the columns `unnest` takes: servers, texts, times."""
    return (
        [q.guild_id for q in questions],
        [q.text for q in questions],
        [q.asked_at.timestamp() for q in questions],
    )


def _ballot_columns(ballots: Sequence[Ballot]) -> tuple[list[Any], ...]:
    """Votes as the columns `unnest` takes, in `ballot_values` order."""
    return tuple(list(column) for column in zip(*map(ballot_values, ballots), strict=True)) or ([],) * 7
