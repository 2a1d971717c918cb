"""Operators' commands on the settings database: `python -m bot db init|check|copy|purge`,
`python -m bot settings --guild ID [KEY VALUE]` and `python -m bot taught import|export
--guild ID`.

Each opens the store VERSUS_DB names (or the ones given), works, prints what it did and
returns an exit code: 0 done, 2 a value refused (as the `settings` command would refuse it)
or a purge not confirmed, 4 the database unusable (one line; a password is never printed).
`db purge` asks first on a terminal; without one it needs `--yes`. A change written here
reaches running bots: at once through NOTIFY on PostgreSQL, within seconds on SQLite
(each bot polls the file's `data_version`).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any, TextIO

import yaml

from bot.core.edits import parse_edit
from bot.core.engine import Engine
from bot.core.settings import (
    SettingError,
    answering_comparison,
    describe,
)
from bot.core.taught import TeachError, as_yaml, from_records
from bot.ops.config import Config
from bot.ops.exits import EXIT_BAD_STORE, EXIT_OK, EXIT_REFUSED
from bot.storage import open_store
from bot.storage.base import SettingsStore, StoreError, parse_location
from bot.storage.schema import SCHEMA_VERSION

YES_WORDS = ("y", "yes")


def run(work: Coroutine[Any, Any, int]) -> int:
    """Run one operation; a StoreError, SettingError or TeachError becomes one line and its
    exit code."""
    try:
        return asyncio.run(work)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_STORE
    except (SettingError, TeachError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED


async def init(target: str) -> int:
    """Create the database `target` names, or migrate it to this version's schema."""
    async with await open_store(target) as store:
        print(_initialised(store))
    return EXIT_OK


def _initialised(store: SettingsStore) -> str:
    found = store.found_schema_version
    if found == 0:
        done = f"Created the settings database {store.where} (schema version {SCHEMA_VERSION})"
    elif found < SCHEMA_VERSION:
        done = f"Migrated {store.where} from schema version {found} to {SCHEMA_VERSION}"
    else:
        done = f"{store.where} is already at schema version {SCHEMA_VERSION}: nothing changed"
    return f"{done}. `settings --guild` and `gaps` can use it, and `run` will."


async def check(target: str) -> int:
    async with await open_store(target, existing=True) as store:
        removed = f" ({len(store.removed())} removed the bot: kept until their grace period ends)"
        questions, votes = await store.feedback_counts()
        print(
            f"{store.where}: reachable, schema version {store.schema_version}; "
            f"{len(store.servers())} server(s) with settings{removed if store.removed() else ''}; "
            f"{questions} unanswered question(s) and {votes} vote(s) kept."
        )
    return EXIT_OK


async def copy(source: str, destination: str) -> int:
    """Everything `source` keeps into `destination`: every server's settings and removal
    mark, and what `/gaps` reports from (unanswered questions, votes). Running it again
    changes nothing; what only `destination` has is kept."""
    async with (
        await open_store(source, existing=True) as src,
        await open_store(destination) as dst,
    ):
        if src.where == dst.where:
            raise StoreError(f"{src.where} is both the source and the destination.")
        servers, removed = dict(src.servers()), dict(src.removed())
        await dst.import_servers(servers, removed)
        feedback = await src.feedback()
        await dst.import_feedback(feedback)
        taught = 0
        for guild_id, lessons in src.every_lessons().items():
            await dst.teach(guild_id, lessons.entries)
            taught += len(lessons)
        channels = sum(len(s.freeform_channels) for s in servers.values())
        print(
            f"Copied {len(servers)} server(s) ({channels} opted-in channel(s), {len(removed)} "
            f"removal mark(s)), {len(feedback.questions)} unanswered question(s), "
            f"{len(feedback.ballots)} vote(s) and {taught} taught answer(s) from {src.where} to "
            f"{dst.where}, which now holds {await _contents(dst)}."
        )
    return EXIT_OK


async def _contents(store: SettingsStore) -> str:
    questions, votes = await store.feedback_counts()
    return f"{len(store.servers())} server(s), {questions} unanswered question(s) and {votes} vote(s)"


def purge_confirmed(target: str, guild_id: int, answers: TextIO) -> bool:
    """Whether the operator at the terminal `answers` reads from confirms the purge (asked on
    stderr); without a terminal, refused with what to add."""
    where = _named(target)
    if not answers.isatty():
        print(
            f"error: db purge deletes everything stored for server {guild_id} in {where}, for good: "
            "add --yes to confirm (there is no terminal to ask on).",
            file=sys.stderr,
        )
        return False
    print(
        f"Delete everything stored for server {guild_id} in {where} — its settings, opted-in "
        "channels, unanswered questions, votes and taught answers? This cannot be undone. [y/N] ",
        end="",
        file=sys.stderr,
        flush=True,
    )
    if answers.readline().strip().lower() in YES_WORDS:
        return True
    print("Nothing deleted.", file=sys.stderr)
    return False


def _named(target: str) -> str:
    """The database as messages name it: a PostgreSQL password hidden."""
    try:
        return str(parse_location(target))
    except StoreError:  # refused once opened; never echo a value that may hold a password
        return "VERSUS_DB"


async def purge(target: str, guild_id: int) -> int:
    async with await open_store(target, existing=True) as store:
        had = await store.purge([guild_id])
    print(
        f"Deleted everything stored for server {guild_id}."
        if had
        else f"Nothing stored for server {guild_id}."
    )
    return EXIT_OK


async def settings(config: Config, engine: Engine, guild_id: int, key: str | None, value: str | None) -> int:
    """Show one server's settings, or change one of them first (validated like the command)."""
    async with await open_store(config.db_path, existing=key is None) as store:
        if key is not None and value is not None:
            answering = answering_comparison(store.cached(guild_id), engine.kb, engine.default)
            edit = parse_edit(engine, answering, key, value)
            await store.modify(guild_id, edit.change)
            print(edit.done)
        current = store.cached(guild_id)
        answering = answering_comparison(current, engine.kb, engine.default)
        for label, shown in describe(current, default_prefix=config.prefix, answering=answering):
            print(f"{label}: {shown}")
    return EXIT_OK


async def export_taught(target: str, guild_id: int) -> int:
    """One server's taught answers as YAML on standard output (as `/taught export` gives them)."""
    async with await open_store(target, existing=True) as store:
        lessons = store.lessons(guild_id)
    sys.stdout.write(as_yaml(lessons))
    return EXIT_OK


async def import_taught(target: str, guild_id: int, source: TextIO) -> int:
    """Teach one server the entries of a YAML file (as exported): each replaces the server's
    entry of its topic; all or nothing (a malformed entry, or more than the server may keep,
    is refused with its number and nothing is written)."""
    entries = from_records(_read_yaml(source), now=datetime.now(UTC))
    async with await open_store(target) as store:
        lessons = await store.teach(guild_id, entries)
    print(f"Taught server {guild_id} {len(entries)} answer(s); it now has {len(lessons)}.")
    return EXIT_OK


def _read_yaml(source: TextIO) -> Any:
    try:
        return yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise TeachError(f"The file is not valid YAML{where}.") from None
