"""Per-server settings store: one interface (an abstract base class), a dict in memory, an
engine on disk (SQLite or PostgreSQL).

`open_store(VERSUS_DB)` picks the engine from the value: a path opens SQLite
(`bot/storage/sqlite.py`), a `postgresql://` or `postgres://` URL opens PostgreSQL
(`bot/storage/postgres.py`), any other scheme is refused. Either way the store loads every row
once; after that `get` and `cached` never touch the database (the prefix is read on every
message). A write is committed first and reaches the cache only afterwards, so whatever the
bot acknowledges to an admin survives a restart or a killed process.

Both engines share the schema version (`SCHEMA_VERSION`) and the migrations' numbers: each
has its numbered SQL files (bot/storage/schema.py), applied in order by one runner here
(`_migrate`), which refuses a database from a newer Versus. The settings are rows
(guild_id, name, value) read and written through the registry in bot/core/settings.py
(bot/storage/rows.py): a new setting needs no migration.

Processes that share a database stay in step through `follow()` (run by cogs/lifecycle.py):
it brings settings written elsewhere (another shard process, `python -m bot settings`) into
this process's cache, and calls back when another process asks for a knowledge reload
(`notify_reload()`). Reloads asked are counted in the database (`knowledge_reloads`), so a
process that was not following when one was asked (the database was down, or it was still
starting) reloads once it follows again. Servers the bot was removed from are marked
(`mark_removed`) and purged after a grace period (`purge_removed`).

Beside the settings, the database keeps what `/gaps` shows a server's admins, never cached:
the text of questions Versus could not answer (`keep_unanswered`; per server only the newest
`MAX_PER_SERVER` of the last `MAX_AGE`, the rule of `bot.core.gaps.retain`, applied in SQL on
every insert and by `expire`), and the 👍/👎 on answers (`cast`, one per member and answer).
A server that turns `gaps` off loses the questions kept, in the same commit. Unanswered
questions are written together, at most `UNANSWERED_SECONDS` after they were asked: no
database work on the message that asks one; any other use of the database, and `close`,
writes those waiting first. `feedback` reads all of it and `import_feedback` adds what is
missing (`db copy` carries it from one database to another).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import urlsplit

from bot.core.gaps import MAX_AGE, AnswerVotes, Ballot, Feedback, UnansweredQuestion
from bot.core.settings import DEFAULTS, SETTINGS, Gaps, GuildSettings, SettingError
from bot.core.taught import NO_LESSONS, Lessons, TaughtAnswer
from bot.storage.rows import ServerRows, rows_of
from bot.storage.schema import SCHEMA_VERSION, Migration

log = logging.getLogger(__name__)

MAX_FREEFORM_CHANNELS = 25
QUESTION_CHARS = 500  # of an unanswered question's text kept; the rest is cut
UNANSWERED_SECONDS = 2.0  # an unanswered question waits at most this long to be written, with others
WAITING_LIMIT = 1_000  # unanswered questions kept waiting while the database cannot take them
FIELDS = frozenset(spec.name for spec in SETTINGS)
# How many unanswered questions and votes are kept (`db check`, `db copy`).
COUNT_FEEDBACK = "SELECT (SELECT COUNT(*) FROM unanswered_questions), (SELECT COUNT(*) FROM answer_votes)"
# Every table holding a server's data, by its guild_id column: what a purge deletes.
DATA_TABLES = (
    "freeform_channels",
    "guild_settings",
    "removed_guilds",
    "unanswered_questions",
    "answer_votes",
    "taught_answers",
)
POSTGRES_SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):/+(?P<rest>.*)$")

T = TypeVar("T")
Change = Callable[[GuildSettings], GuildSettings]
OnReload = Callable[[], None]
"""Called when another process asks every process to reload its knowledge base."""


class StoreError(RuntimeError):
    """The settings database cannot be used; the message names it and the fix."""


class StoreUnavailable(StoreError):
    """The database is unreachable for now (restarting, network): try again later."""


class ShardConflict(Exception):
    """Another process sharing the database already runs shards this one was told to run
    (or runs with another shard count): the message says which, and what to change."""


# --- where the settings live ------------------------------------------------------------


@dataclass(frozen=True)
class PostgresURL:
    """A PostgreSQL connection URL; `str()` and `repr()` hide the password."""

    url: str

    @property
    def password(self) -> str | None:
        return urlsplit(self.url).password

    def mask(self, text: str) -> str:
        """`text` with this URL's password replaced by `***`."""
        password = self.password
        return text.replace(password, "***") if password else text

    def __str__(self) -> str:
        return self.mask(self.url)

    def __repr__(self) -> str:
        return f"PostgresURL({self!s})"


Location = Path | PostgresURL


def parse_location(value: str | os.PathLike[str]) -> Location:
    """VERSUS_DB → a SQLite path or a PostgreSQL URL; another scheme raises StoreError.

    Accepts a `Path` made from a URL too (`Path` folds `//` into `/`): the scheme's slashes
    are restored. A one-letter scheme is a Windows drive, hence a path.
    """
    text = os.fspath(value)
    match = _URL.match(text)
    if match is None:
        return Path(text)
    scheme = match["scheme"].lower()
    if scheme in POSTGRES_SCHEMES:
        return PostgresURL(f"{scheme}://{match['rest']}")
    raise StoreError(
        f"{match['scheme']}:// is not a database Versus can keep settings in: set VERSUS_DB to "
        "a file path (SQLite) or a postgresql:// URL."
    )


# --- the schema -------------------------------------------------------------------------


class Schema(ABC):
    """A database's schema within the one transaction that migrates it (an engine's own)."""

    @abstractmethod
    async def version(self) -> int:
        """The schema version the database is at (0: a new database)."""

    @abstractmethod
    async def apply(self, migration: Migration) -> None:
        """Execute a migration's statements, in order."""

    @abstractmethod
    async def record(self, version: int, *, previous: int) -> None:
        """Record that the database, found at `previous`, is at `version` now."""


# --- the store --------------------------------------------------------------------------


class SettingsStore(ABC):
    """Per-server settings cached in memory, kept by an engine: `SQLiteStore`,
    `PostgresStore`, or `DetachedStore` (no database: the defaults, every write refused).

    What every engine shares is here: the cache, the write lock, the batching of unanswered
    questions, the reloads' bookkeeping. An engine implements the abstract hooks below,
    each a few statements run under the write lock.
    """

    def __init__(self, where: str) -> None:
        """Use `await open_store(VERSUS_DB)`, or `detached_store(VERSUS_DB)` (bot.storage)."""
        self.where = where  # the file or the URL (password hidden), for messages
        self.query_count = 0  # SQL statements executed, for benchmarks and tests
        self.schema_version = 0  # the database's, once open
        self.found_schema_version = 0  # the database's before this store migrated it (0: new)
        self._cache: dict[int, GuildSettings] = {}
        self._removed: dict[int, float] = {}  # server id → when the bot was removed (Unix time)
        self._lessons: dict[int, Lessons] = {}  # server id → the answers its staff taught
        self._write_lock = asyncio.Lock()
        self.unanswered_seconds = UNANSWERED_SECONDS
        self.on_failed_write: Callable[[], None] = _nothing  # told when questions could not be written
        self._waiting: list[UnansweredQuestion] = []  # unanswered questions not written yet
        self._writing_soon: asyncio.Task[None] | None = None
        self._reloads_seen = 0  # knowledge reloads asked (the database's count) this process has done

    async def close(self) -> None:
        """Write the unanswered questions waiting, then close the database; cached reads keep
        working, writes raise StoreError."""
        if self._writing_soon is not None:  # still waiting to write them: written here instead
            self._writing_soon.cancel()
            self._writing_soon = None
        async with self._write_lock:
            await self._write_waiting()
            await self._close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # --- reads (memory only) ------------------------------------------------------------

    def cached(self, guild_id: int) -> GuildSettings:
        """A server's settings, from memory (no I/O: safe on every message)."""
        return self._cache.get(guild_id, DEFAULTS)

    def servers(self) -> Mapping[int, GuildSettings]:
        """Every server with settings of its own (a read-only view of the cache; no I/O)."""
        return MappingProxyType(self._cache)

    def removed(self) -> Mapping[int, float]:
        """Servers the bot was removed from whose data is kept: id → when (Unix time)."""
        return MappingProxyType(self._removed)

    async def get(self, guild_id: int) -> GuildSettings:
        """A server's settings (the defaults for a server that changed nothing)."""
        return self.cached(guild_id)

    # --- settings writes ----------------------------------------------------------------

    async def update(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Change some settings of a server; returns the new settings once committed.

        Unknown field names raise TypeError; invalid values raise SettingError. Nothing is
        written in either case.
        """
        unknown = changes.keys() - FIELDS
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return await self._write(guild_id, lambda current: replace(current, **changes))

    async def modify(self, guild_id: int, change: Change) -> GuildSettings:
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
        return await self.remove_freeform_channels(guild_id, {channel_id})

    async def remove_freeform_channels(self, guild_id: int, channel_ids: Iterable[int]) -> GuildSettings:
        """Opt several channels out at once (deleted channels); no write if none was in."""
        gone = frozenset(channel_ids)
        if not gone & self.cached(guild_id).freeform_channels:
            return self.cached(guild_id)
        return await self._write(guild_id, lambda s: replace(s, freeform_channels=s.freeform_channels - gone))

    async def reset(self, guild_id: int) -> GuildSettings:
        """Put every setting of a server back to its default (its rows go, those of settings
        this Versus does not know too)."""
        return await self._write(guild_id, lambda _: DEFAULTS, reset=True)

    async def import_servers(
        self, settings: Mapping[int, GuildSettings], removed: Mapping[int, float]
    ) -> None:
        """Write many servers' settings and removal marks at once (`db copy`); idempotent."""
        await self._locked(self._import(dict(settings), dict(removed)))

    # --- answers the staff taught ---------------------------------------------------------

    def lessons(self, guild_id: int) -> Lessons:
        """The answers a server's staff taught, from memory (no I/O: safe on every message)."""
        return self._lessons.get(guild_id, NO_LESSONS)

    def every_lessons(self) -> Mapping[int, Lessons]:
        """Every server's taught answers (a read-only view of the cache; `db copy`)."""
        return MappingProxyType(self._lessons)

    async def teach(self, guild_id: int, entries: Sequence[TaughtAnswer]) -> Lessons:
        """Keep these entries for a server, each replacing the one of its topic, in one
        commit; TeachError (nothing written) if the server would have more than
        `MAX_ENTRIES`."""

        async def write() -> Lessons:
            lessons = self.lessons(guild_id).taught(*entries)
            await self._save_lessons(guild_id, entries)
            self._cache_lessons(guild_id, lessons)
            return lessons

        return await self._locked(write())

    async def forget(self, guild_id: int, topic: str) -> TaughtAnswer | None:
        """Remove a server's taught answer of this topic; the entry removed (None: none was)."""

        async def write() -> TaughtAnswer | None:
            lessons = self.lessons(guild_id)
            entry = lessons.find(topic)
            if entry is not None:
                await self._delete_lesson(guild_id, entry.topic)
                self._cache_lessons(guild_id, lessons.without(entry.topic))
            return entry

        return await self._locked(write())

    # --- servers the bot left -----------------------------------------------------------

    async def mark_removed(self, guild_id: int, at: float) -> None:
        """Remember that the bot was removed from a server that has data (none: no write)."""
        if guild_id in self._cache and guild_id not in self._removed:
            await self._locked(self._mark(guild_id, at))

    async def mark_present(self, guild_id: int) -> None:
        """The bot is in this server (again): keep its data (no write unless it was marked)."""
        if guild_id in self._removed:
            await self._locked(self._mark(guild_id, None))

    async def purge(self, guild_ids: Iterable[int]) -> int:
        """Delete everything stored for these servers now; returns how many had data."""
        ids = sorted(set(guild_ids))
        return await self._locked(self._purge(ids)) if ids else 0

    async def purge_removed(self, before: float) -> list[int]:
        """Delete the data of servers the bot was removed from before `before` (Unix time)."""
        expired = sorted(g for g, at in self._removed.items() if at < before)
        if expired:
            await self.purge(expired)
        return expired

    # --- what admins see: unanswered questions and votes ---------------------------------

    @abstractmethod
    async def ping(self) -> bool:
        """Whether the database answers a trivial query now (for health checks); never raises."""

    def keep_unanswered(self, question: UnansweredQuestion) -> None:
        """Keep a question Versus could not answer in a server: written with the others asked
        within `unanswered_seconds`, or before the store's next use of the database, whichever
        comes first; that server's older ones beyond `MAX_PER_SERVER`, or older than
        `MAX_AGE`, go in the same commit. A failed write is logged (`on_failed_write` is told)
        and tried again with the next: meanwhile the newest `WAITING_LIMIT` questions wait."""
        if question.guild_id is None:
            raise ValueError("only questions asked in a server are kept")
        if len(question.text) > QUESTION_CHARS:
            question = replace(question, text=question.text[:QUESTION_CHARS])
        self._waiting.append(question)
        if self._writing_soon is None:
            self._writing_soon = asyncio.ensure_future(self._write_soon())

    async def unanswered(self, guild_id: int | None, since: datetime) -> list[str]:
        """The texts of the questions kept that were asked since `since`: one server's, or
        (None) every server's. Read after the writes already asked for, so a report shows
        every question answered before it."""
        return await self._locked(self._select_unanswered(guild_id, since))

    async def cast(self, ballot: Ballot) -> bool:
        """Count a member's vote on an answer; False (nothing written) if they already voted
        on it."""
        return await self._locked(self._insert_ballot(ballot))

    async def votes(self, guild_id: int | None, since: datetime) -> list[AnswerVotes]:
        """👍 and 👎 per answer (kind and key) cast since `since`: on one server's answers, or
        (None) on every answer, direct messages included. Read after the writes already asked for."""
        return await self._locked(self._select_votes(guild_id, since))

    async def feedback(self) -> Feedback:
        """Every unanswered question and vote kept, oldest first (`db copy`)."""
        return await self._locked(self._select_feedback())

    async def import_feedback(self, feedback: Feedback) -> None:
        """Add the questions and votes not kept here yet, in one commit (`db copy`: running it
        again adds nothing). A question is already kept when one of the same server, text
        and time is; a vote when the member's on that answer is. Each server's questions
        then follow the rule of `bot.core.gaps.retain` as if asked here; none is added for a
        server that turned `gaps` off here."""
        questions = tuple(q for q in dict.fromkeys(feedback.questions) if self._keeps_questions(q.guild_id))
        await self._locked(self._insert_feedback(replace(feedback, questions=questions)))

    def _keeps_questions(self, guild_id: int | None) -> bool:
        """Whether unanswered questions of this server are kept here (only servers' are)."""
        return guild_id is not None and self.cached(guild_id).gaps is not Gaps.OFF

    async def feedback_counts(self) -> tuple[int, int]:
        """How many unanswered questions and votes are kept."""
        return await self._locked(self._count_feedback())

    async def expire(self, before: datetime) -> None:
        """Forget the unanswered questions asked, and the votes cast, before `before`."""
        await self._locked(self._delete_older(before))

    # --- processes in step --------------------------------------------------------------

    @abstractmethod
    async def claim_shards(self, count: int | None, ids: tuple[int, ...] | None) -> None:
        """Claim the shards this process runs (VERSUS_SHARD_COUNT, VERSUS_SHARD_IDS; None:
        all, however many Discord says) for as long as the store is open: ShardConflict if
        another process sharing the database runs any of them, or another count. Checked
        on PostgreSQL, where processes run on several machines; not on a SQLite file."""

    @abstractmethod
    async def follow(self, on_reload: OnReload) -> None:
        """Keep the cache in step with other processes until cancelled."""

    async def notify_reload(self) -> None:
        """Ask every other process sharing the database to reload its knowledge base (this
        one has: it does not reload again)."""
        self._reloads_seen = max(self._reloads_seen, await self._locked(self._count_reload()))

    async def _reload_if_asked(self, on_reload: OnReload) -> None:
        """Call `on_reload` if another process asked for a reload since this one last did."""
        self._reload_if_newer(await self._locked(self._select_reloads()), on_reload)

    def _reload_if_newer(self, asked: int, on_reload: OnReload) -> None:
        """Reload for a count of reloads asked above the one this process has done; never
        for the same or an older one (notifications and reads may arrive out of order)."""
        if asked > self._reloads_seen:
            self._reloads_seen = asked
            reload_now(on_reload)

    # --- the schema: one runner, every engine's numbered SQL files ----------------------

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        """Bring the database to SCHEMA_VERSION: the pending `migrations` (the engine's, from
        bot/storage/schema.py) in order, in one transaction; a database written by a newer
        Versus is refused unchanged."""
        async with self._schema() as schema:
            version = await schema.version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"The settings database {self.where} was written by a newer version of Versus "
                    f"(schema version {version}; this version knows up to {SCHEMA_VERSION}). Run "
                    "that newer version, or point VERSUS_DB elsewhere. Nothing was changed."
                )
            pending = migrations[version:]
            if pending:
                log.info("%s", _migrating(self.where, version, pending))
            for migration in pending:
                await schema.apply(migration)
            await schema.record(SCHEMA_VERSION, previous=version)
        self.found_schema_version = version
        self.schema_version = SCHEMA_VERSION

    @abstractmethod
    def _schema(self) -> AbstractAsyncContextManager[Schema]:
        """The database's schema in one transaction, which one process at a time may hold."""

    # --- engine hooks: each runs under the write lock and commits before returning -----

    @abstractmethod
    async def _close(self) -> None:
        """Close the database."""

    @abstractmethod
    async def _commit(self, servers: Sequence[ServerRows]) -> None:
        """Replace these servers' settings rows and opted-in channels (see bot/storage/rows.py)."""

    @abstractmethod
    async def _commit_removal(self, guild_id: int, at: float | None) -> None:
        """Mark a server removed at `at` (Unix time), or (None) present."""

    @abstractmethod
    async def _delete(self, guild_ids: list[int]) -> None:
        """Delete these servers' rows from every table of `DATA_TABLES`."""

    @abstractmethod
    async def _save_lessons(self, guild_id: int, entries: Sequence[TaughtAnswer]) -> None:
        """Write these taught answers of a server, each replacing the row of its topic."""

    @abstractmethod
    async def _delete_lesson(self, guild_id: int, topic: str) -> None:
        """Delete a server's taught answer of this topic."""

    @abstractmethod
    async def _insert_unanswered(self, questions: list[UnansweredQuestion]) -> None:
        """Keep these questions, their servers' beyond `retain`'s rule deleted."""

    @abstractmethod
    async def _insert_ballot(self, ballot: Ballot) -> bool:
        """Keep a vote unless its member voted on that answer; whether it was kept."""

    @abstractmethod
    async def _count_reload(self) -> int:
        """Add one to the reloads asked; the new count."""

    @abstractmethod
    async def _select_reloads(self) -> int:
        """How many reloads were asked."""

    @abstractmethod
    async def _count_feedback(self) -> tuple[int, int]:
        """How many unanswered questions and votes are kept."""

    @abstractmethod
    async def _select_feedback(self) -> Feedback:
        """Every unanswered question and vote, oldest first."""

    @abstractmethod
    async def _insert_feedback(self, feedback: Feedback) -> None:
        """Add the questions and votes not kept yet (see `import_feedback`)."""

    @abstractmethod
    async def _delete_older(self, before: datetime) -> None:
        """Delete the questions asked and the votes cast before `before`."""

    @abstractmethod
    async def _select_unanswered(self, guild_id: int | None, since: datetime) -> list[str]:
        """The texts of one server's (None: every server's) questions asked since `since`."""

    @abstractmethod
    async def _select_votes(self, guild_id: int | None, since: datetime) -> list[AnswerVotes]:
        """👍 and 👎 per answer cast since `since`, on one server's answers (None: all)."""

    # --- internals ----------------------------------------------------------------------

    async def _write(self, guild_id: int, change: Change, *, reset: bool = False) -> GuildSettings:
        if type(guild_id) is not int:  # a str id would be cached apart from its stored rows
            raise TypeError(f"guild_id must be an int, not {type(guild_id).__name__}")
        return await self._locked(self._change(guild_id, change, reset))

    async def _locked(self, work: Awaitable[T]) -> T:
        """Run `work` under the write lock, shielded: a requested write finishes and updates
        the cache even if the caller is cancelled meanwhile, so the cache never disagrees
        with the database."""

        async def run() -> T:
            async with self._write_lock:
                await self._write_waiting()  # first: what was asked before `work` comes before it
                return await work

        task = asyncio.ensure_future(run())
        task.add_done_callback(_log_orphaned_failure)
        return await asyncio.shield(task)

    async def _write_soon(self) -> None:
        await asyncio.sleep(self.unanswered_seconds)
        self._writing_soon = None  # questions asked from now on start the next wait
        await asyncio.shield(self._write_waiting_now())  # not cut short: they left the list

    async def _write_waiting_now(self) -> None:
        async with self._write_lock:
            await self._write_waiting()

    async def _write_waiting(self) -> None:
        """Write the unanswered questions waiting, in one commit (under the write lock); if
        the database cannot take them, they wait for the next write."""
        if not self._waiting:
            return
        questions, self._waiting = self._waiting, []
        try:
            await self._insert_unanswered(questions)
        except StoreError as exc:
            self._waiting = (questions + self._waiting)[-WAITING_LIMIT:]
            log.error("Could not keep %d unanswered questions (tried again later): %s", len(questions), exc)
            self.on_failed_write()

    async def _change(self, guild_id: int, change: Change, reset: bool) -> GuildSettings:
        new = change(self.cached(guild_id))
        await self._commit([rows_of(guild_id, new, reset=reset)])
        self._cache_settings(guild_id, new)
        return new

    async def _import(self, settings: dict[int, GuildSettings], removed: dict[int, float]) -> None:
        await self._commit([rows_of(guild_id, new) for guild_id, new in settings.items()])
        for guild_id, new in settings.items():
            self._cache_settings(guild_id, new)
        for guild_id, at in removed.items():
            await self._commit_removal(guild_id, at)
            self._removed[guild_id] = at

    async def _mark(self, guild_id: int, at: float | None) -> None:
        await self._commit_removal(guild_id, at)
        if at is None:
            self._removed.pop(guild_id, None)
        else:
            self._removed[guild_id] = at

    async def _purge(self, guild_ids: list[int]) -> int:
        await self._delete(guild_ids)
        had = sum(1 for g in guild_ids if g in self._cache or g in self._removed or g in self._lessons)
        for guild_id in guild_ids:
            self._cache.pop(guild_id, None)
            self._removed.pop(guild_id, None)
            self._lessons.pop(guild_id, None)
        return had

    def _cache_settings(self, guild_id: int, settings: GuildSettings) -> None:
        if settings == DEFAULTS:
            self._cache.pop(guild_id, None)
        else:
            self._cache[guild_id] = settings

    def _cache_lessons(self, guild_id: int, lessons: Lessons) -> None:
        if lessons:
            self._lessons[guild_id] = lessons
        else:
            self._lessons.pop(guild_id, None)

    def _replace_cache(
        self, settings: dict[int, GuildSettings], removed: dict[int, float], lessons: dict[int, Lessons]
    ) -> None:
        self._cache, self._removed, self._lessons = settings, removed, lessons


def lesson_values(guild_id: int, entry: TaughtAnswer) -> tuple[Any, ...]:
    """A taught answer's column values: guild_id, topic, questions, answer, taught_by, taught_at."""
    questions = "\n".join(entry.asks)
    return (guild_id, entry.topic, questions, entry.answer, entry.taught_by, entry.taught_at.timestamp())


def lessons_of(rows: Iterable[Sequence[Any]]) -> dict[int, Lessons]:
    """Every server's taught answers from their rows (in `lesson_values` order), oldest first."""
    entries: dict[int, list[TaughtAnswer]] = {}
    for guild_id, topic, questions, answer, taught_by, taught_at in sorted(rows, key=lambda r: (r[5], r[1])):
        asks = tuple(questions.split("\n"))
        when = datetime.fromtimestamp(taught_at, UTC)
        entries.setdefault(guild_id, []).append(TaughtAnswer(topic, asks, answer, taught_by, when))
    return {guild_id: Lessons(tuple(each)) for guild_id, each in entries.items()}


def ballot_values(ballot: Ballot) -> tuple[Any, ...]:
    """A vote's column values: message_id, user_id, guild_id, kind, answer, vote, voted_at."""
    vote = "up" if ballot.up else "down"
    return (
        ballot.message_id,
        ballot.user_id,
        ballot.guild_id,
        ballot.kind,
        ballot.key,
        vote,
        ballot.voted_at.timestamp(),
    )


def retain_cutoffs(questions: Iterable[UnansweredQuestion]) -> list[tuple[int | None, float]]:
    """For each server of `questions`: (server, the Unix time before which its questions
    are past `MAX_AGE`), as of its newest question among them — the rule's parameters."""
    newest: dict[int | None, float] = {}
    for q in questions:
        newest[q.guild_id] = max(newest.get(q.guild_id, 0.0), q.asked_at.timestamp())
    return [(guild_id, asked_at - MAX_AGE.total_seconds()) for guild_id, asked_at in newest.items()]


def question_of(guild_id: int, text: str, asked_at: float) -> UnansweredQuestion:
    """An unanswered question from its row (times are stored as Unix time)."""
    return UnansweredQuestion(guild_id, text, datetime.fromtimestamp(asked_at, UTC))


def ballot_of(
    message_id: int, user_id: int, guild_id: int | None, kind: str, answer: str, vote: str, voted_at: float
) -> Ballot:
    """A vote from its row, in `ballot_values` order."""
    return Ballot(
        message_id, user_id, guild_id, kind, answer, vote == "up", datetime.fromtimestamp(voted_at, UTC)
    )


def _migrating(where: str, version: int, pending: Sequence[Migration]) -> str:
    """The one log line of a migration: a new database's, or from which version to which, by
    which files."""
    if version == 0:
        return f"Creating the settings schema in {where} (schema version {SCHEMA_VERSION})"
    files = ", ".join(m.name.removesuffix(".sql") for m in pending)
    return f"Migrating {where} from schema version {version} to {SCHEMA_VERSION} ({files})"


def reload_now(on_reload: OnReload) -> None:
    """Run a reload another process asked for; its failure is logged, and following goes on."""
    try:
        on_reload()
    except Exception:
        log.exception("Reloading the knowledge base (asked by another process) failed")


def _nothing() -> None:
    pass


def _log_orphaned_failure(write: asyncio.Future[Any]) -> None:
    """Mark a shielded write's failure as seen: its caller may have been cancelled meanwhile."""
    if not write.cancelled() and write.exception() is not None:
        log.debug("settings write failed: %s", write.exception())
