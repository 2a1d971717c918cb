"""The schema's migrations: numbered SQL files per engine, in bot/storage/migrations/ENGINE/.

`NNNN_what_it_does.sql` takes a database from schema version NNNN - 1 to NNNN. Both engines
have the same numbers and names, so a version means the same tables on either. The base
class's runner (`SettingsStore._migrate`) applies the pending files in order, in one
transaction; an engine only executes a file's statements. Never edit a released file: add
the next number, for both engines, and raise `SCHEMA_VERSION`.

A new per-server setting needs no migration (bot/storage/rows.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files

SCHEMA_VERSION = 8  # both engines' migrations reach this version
_FILE_NAME = re.compile(r"^(?P<version>\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file of an engine."""

    version: int  # the schema version it takes a database to
    name: str  # the file's name
    script: str  # its SQL: statements separated by semicolons


def migrations(engine: str) -> tuple[Migration, ...]:
    """An engine's migrations in order, 1 to SCHEMA_VERSION; RuntimeError if one is missing,
    misnamed or extra (an installation that lost its package data)."""
    folder = files("bot.storage") / "migrations" / engine
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".sql"))
    steps = tuple(
        Migration(int(match["version"]), name, (folder / name).read_text(encoding="utf-8"))
        for name in names
        if (match := _FILE_NAME.match(name))
    )
    if len(steps) != len(names) or [m.version for m in steps] != list(range(1, SCHEMA_VERSION + 1)):
        raise RuntimeError(
            f"The {engine} migrations of this Versus are incomplete: expected 0001 to "
            f"{SCHEMA_VERSION:04d} in {folder}, found {', '.join(names) or 'none'}. Reinstall Versus."
        )
    return steps
