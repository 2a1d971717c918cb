"""The operators' commands as an operator runs them (`python -m bot db …`, `settings`):
subprocesses against a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import pty
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.gaps import Ballot, UnansweredQuestion
from bot.core.settings import GuildSettings
from bot.core.taught import lesson
from bot.storage import open_store
from bot.storage.base import SCHEMA_VERSION
from tests.conftest import KNOWLEDGE_DIR, ROOT, SHIPPED_ID
from tests.postgres import PostgresServer
from tests.test_store_schema import sqlite_database_at

GUILD = 4242


def versus(*args: str, db: str | Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` with VERSUS_DB `db`, the test knowledge and `environment`."""
    env = {
        "PATH": "/usr/bin:/bin",
        "VERSUS_DB": str(db),
        "VERSUS_KNOWLEDGE": str(KNOWLEDGE_DIR),
        "VERSUS_COMPARISON": SHIPPED_ID,
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )


async def seed(target: str, servers: int) -> None:
    """`servers` servers with settings, one of them marked removed; in the first two, an
    unanswered question each and a vote each (one of them in a DM); in the first, a taught
    answer."""
    settings = {
        g: GuildSettings(prefix="?", freeform_channels=frozenset({g * 10})) for g in range(1, servers + 1)
    }
    now = datetime.now(UTC)
    async with await open_store(target) as store:
        await store.import_servers(settings, {1: 1_700_000_000.0})
        for guild in (1, 2):
            store.keep_unanswered(UnansweredQuestion(guild, f"does mxnet run on tpu {guild}?", now))
        await store.cast(Ballot(100, 7, 1, "pros", "Pros: Keras", False, now - timedelta(hours=1)))
        await store.cast(Ballot(101, 7, None, "stats", "Stats", True, now))
        await store.teach(1, [lesson(["is mxnet on conda?"], "Yes: conda-forge.", 7, now)])


async def test_copy_sqlite_to_postgres_and_back_is_idempotent(tmp_path: Path, postgres_url: str) -> None:
    source, back = tmp_path / "versus.sqlite3", tmp_path / "back.sqlite3"
    await seed(str(source), 30)
    for _ in range(2):
        done = versus("db", "copy", str(source), postgres_url, db=source)
        assert done.returncode == 0, done.stderr
        copied = "Copied 30 server(s) (30 opted-in channel(s), 1 removal mark(s)), 2 unanswered question(s)"
        assert f"{copied}, 2 vote(s) and 1 taught answer(s)" in done.stdout
        assert "now holds 30 server(s), 2 unanswered question(s) and 2 vote(s)." in done.stdout
    assert versus("db", "copy", postgres_url, str(back), db=source).returncode == 0
    async with await open_store(source) as a, await open_store(back) as b:
        assert dict(a.servers()) == dict(b.servers()) and dict(a.removed()) == dict(b.removed())
        assert await a.feedback() == await b.feedback(), "questions and votes, times to the microsecond"
        assert a.lessons(1) == b.lessons(1) and len(b.lessons(1)) == 1
    checked = versus("db", "check", db=postgres_url)
    assert checked.returncode == 0 and f"schema version {SCHEMA_VERSION}; 30 server(s)" in checked.stdout
    assert "2 unanswered question(s) and 2 vote(s) kept." in checked.stdout
    assert postgres_url.split(":")[2].split("@")[0] not in checked.stdout, "the password is never printed"


def test_a_mistyped_database_path_is_refused_not_created(tmp_path: Path, postgres_url: str) -> None:
    missing = tmp_path / "data" / "versos.sqlite3"
    for args, db in (
        (("db", "copy", str(missing), postgres_url), postgres_url),
        (("db", "check"), missing),
        (("db", "purge", "--guild", "1", "--yes"), missing),
        (("gaps",), missing),
        (("settings", "--guild", "1"), missing),  # showing; changing one creates the file
    ):
        refused = versus(*args, db=db)
        assert refused.returncode == 4, (args, refused.stdout)
        assert refused.stderr == f"error: There is no settings database at {missing}: check the path, " + (
            "or create it with `python -m bot db init` (`python -m bot run` also creates it at its "
            "first start).\n"
        )
    assert not missing.parent.exists(), "neither the file nor its folder is created"


async def test_purge_deletes_one_server_at_once(tmp_path: Path) -> None:
    db = tmp_path / "versus.sqlite3"
    await seed(str(db), 3)
    done = versus("db", "purge", "--guild", "2", "--yes", db=db)
    assert done.returncode == 0 and "Deleted everything stored for server 2" in done.stdout
    async with await open_store(db) as store:
        assert set(store.servers()) == {1, 3}
    assert "Nothing stored" in versus("db", "purge", "--guild", "2", "--yes", db=db).stdout


async def test_purge_without_yes_or_a_terminal_is_refused_and_deletes_nothing(
    tmp_path: Path, postgres_url: str
) -> None:
    for db in (str(tmp_path / "versus.sqlite3"), postgres_url):
        await seed(db, 3)
        refused = versus("db", "purge", "--guild", "2", db=db)
        assert refused.returncode == 2 and refused.stdout == ""
        where = db.replace(db.split(":")[2].split("@")[0], "***") if db == postgres_url else db
        assert refused.stderr == (
            f"error: db purge deletes everything stored for server 2 in {where}, for good: add --yes "
            "to confirm (there is no terminal to ask on).\n"
        )
        async with await open_store(db) as store:
            assert set(store.servers()) == {1, 2, 3}


def purge_at_a_terminal(db: Path, answer: str) -> subprocess.CompletedProcess[str]:
    """`db purge --guild 2` with its input a terminal on which the operator types `answer`."""
    operator, terminal = pty.openpty()
    try:
        os.write(operator, f"{answer}\n".encode())
        return subprocess.run(
            [sys.executable, "-m", "bot", "db", "purge", "--guild", "2"],
            stdin=terminal,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "VERSUS_DB": str(db)},
            timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(operator)


async def test_purge_at_a_terminal_asks_first(tmp_path: Path) -> None:
    db = tmp_path / "versus.sqlite3"
    await seed(str(db), 3)
    question = (
        f"Delete everything stored for server 2 in {db} — its settings, opted-in channels, "
        "unanswered questions, votes and taught answers? This cannot be undone. [y/N] "
    )
    for answer in ("", "n", "no thanks"):
        kept = purge_at_a_terminal(db, answer)
        assert kept.returncode == 2 and kept.stderr == f"{question}Nothing deleted.\n" and kept.stdout == ""
    async with await open_store(db) as store:
        assert set(store.servers()) == {1, 2, 3}
    deleted = purge_at_a_terminal(db, "y")
    assert deleted.returncode == 0 and deleted.stderr == question
    assert deleted.stdout == "Deleted everything stored for server 2.\n"
    async with await open_store(db) as store:
        assert set(store.servers()) == {1, 3}


def test_db_init_lets_settings_and_gaps_work_before_the_first_start(tmp_path: Path) -> None:
    db = tmp_path / "data" / "versus.sqlite3"
    assert versus("settings", "--guild", str(GUILD), db=db).returncode == 4, "no database yet"
    created = versus("db", "init", db=db)
    assert (created.returncode, created.stderr) == (0, "")
    assert created.stdout == (
        f"Created the settings database {db} (schema version {SCHEMA_VERSION}). "
        "`settings --guild` and `gaps` can use it, and `run` will.\n"
    )
    shown = versus("settings", "--guild", str(GUILD), db=db)
    assert shown.returncode == 0 and "Prefix: `!` (default)" in shown.stdout
    gaps = versus("gaps", db=db)
    assert gaps.returncode == 0 and gaps.stderr == ""
    again = versus("db", "init", db=db)
    assert again.returncode == 0
    assert again.stdout.startswith(f"{db} is already at schema version {SCHEMA_VERSION}: nothing changed.")


def test_db_init_migrates_an_older_database(tmp_path: Path) -> None:
    db = tmp_path / "versus.sqlite3"
    sqlite_database_at(db, SCHEMA_VERSION - 1)
    migrated = versus("db", "init", db=db)
    assert migrated.returncode == 0
    assert migrated.stdout.startswith(
        f"Migrated {db} from schema version {SCHEMA_VERSION - 1} to {SCHEMA_VERSION}."
    )
    assert versus("db", "check", db=db).stdout.startswith(
        f"{db}: reachable, schema version {SCHEMA_VERSION};"
    )


def test_db_init_sets_up_a_postgresql_database_without_showing_its_password(postgres_url: str) -> None:
    password = postgres_url.split(":")[2].split("@")[0]
    masked = postgres_url.replace(password, "***")
    created = versus("db", "init", db=postgres_url)
    assert created.returncode == 0
    assert created.stdout.startswith(
        f"Created the settings database {masked} (schema version {SCHEMA_VERSION})."
    )
    again = versus("db", "init", db=postgres_url)
    assert again.stdout.startswith(
        f"{masked} is already at schema version {SCHEMA_VERSION}: nothing changed."
    )
    assert password not in created.stdout + created.stderr + again.stdout + again.stderr


def test_settings_are_validated_like_the_command(tmp_path: Path) -> None:
    db = tmp_path / "versus.sqlite3"
    changed = versus("settings", "--guild", str(GUILD), "default-library", "mxnt", db=db)
    assert changed.returncode == 0 and "Default library set to MXNet." in changed.stdout
    refused = versus("settings", "--guild", str(GUILD), "prefix", "a b", db=db)
    assert refused.returncode == 2 and "prefix can't contain spaces" in refused.stderr
    unknown = versus("settings", "--guild", str(GUILD), "colour", "red", db=db)
    assert unknown.returncode == 2 and "There is no setting 'colour'" in unknown.stderr
    shown = versus("settings", "--guild", str(GUILD), db=db)
    assert "Default library: MXNet" in shown.stdout and "Prefix: `!` (default)" in shown.stdout


def test_an_unusable_database_is_one_line_and_exit_4(postgres_server: PostgresServer) -> None:
    refused = versus("db", "check", db=postgres_server.url(password="hunter2-wrong"))
    assert refused.returncode == 4 and refused.stderr.count("\n") == 1
    assert "refused the user name or password" in refused.stderr and "hunter2" not in refused.stderr
    other = versus("db", "check", db="mysql://root:hunter2@db/versus")
    assert other.returncode == 4 and "hunter2" not in other.stderr


def test_run_stops_with_exit_4_on_an_unusable_database(postgres_server: PostgresServer) -> None:
    for db in (postgres_server.url(password="hunter2-wrong"), "mysql://root:hunter2@db/versus"):
        done = versus("run", db=db, DISCORD_TOKEN="a.b.c")
        errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
        assert done.returncode == 4 and len(errors) == 1 and "hunter2" not in done.stderr


async def test_run_refuses_a_shard_another_process_runs(postgres_url: str) -> None:
    """Before it says anything to Discord: the token here would be refused, and discord.com
    is out of reach (that would be exit 2 with another message, or 6)."""
    async with await open_store(postgres_url) as other:
        await other.claim_shards(2, (1,))
        shards = {"VERSUS_SHARD_COUNT": "2", "VERSUS_SHARD_IDS": "0,1"}
        done = await asyncio.to_thread(versus, "run", db=postgres_url, DISCORD_TOKEN="a.b.c", **shards)
    errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
    assert done.returncode == 2 and len(errors) == 1, done.stderr
    assert "Shard 1 is already run by another process (versus pid" in errors[0]
    assert "logging in" not in done.stderr
