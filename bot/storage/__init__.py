"""The per-server settings store: one interface (`base`, an abstract base class), two engines
(`sqlite`, `postgres`) and the detached store (`detached`); the settings as rows (`rows`), the
schema's numbered SQL migrations (`schema`, `migrations/`).

`open_store(VERSUS_DB)` picks the engine from the value: a path opens SQLite, a
`postgresql://` or `postgres://` URL opens PostgreSQL, any other scheme is refused.
"""

from __future__ import annotations

import os

from bot.storage.base import PostgresURL, SettingsStore, StoreError, parse_location
from bot.storage.detached import DetachedStore


async def open_store(value: str | os.PathLike[str], *, existing: bool = False) -> SettingsStore:
    """Open (creating or migrating if needed) the database VERSUS_DB names; load every row.
    `existing`: a SQLite file that is not there is refused rather than created (operators'
    commands that only read or delete: a mistyped path must not pass for an empty database)."""
    location = parse_location(value)
    if isinstance(location, PostgresURL):
        from bot.storage.postgres import PostgresStore  # asyncpg: loaded only for PostgreSQL

        return await PostgresStore.connect(location)
    from bot.storage.sqlite import SQLiteStore

    return await SQLiteStore.connect(location, existing=existing)


def detached_store(value: str | os.PathLike[str]) -> SettingsStore:
    """A store that never opens its database: every server has the defaults and writes
    raise StoreError. For work that needs no settings (`python -m bot sync`)."""
    try:
        where = str(parse_location(value))
    except StoreError:  # never opened, so never refused: name the variable, not its value
        where = "VERSUS_DB"
    return DetachedStore(where)
