"""A real PostgreSQL server for the tests, started from the machine's own binaries.

`initdb` and `pg_ctl` (from /usr/lib/postgresql/*/bin or PATH) build a cluster in a
temporary folder, listening on 127.0.0.1 on a free port, with password authentication.
PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
One server per test session (per xdist worker); each test gets a database of its own.

Without the binaries the PostgreSQL tests skip, saying why — except under CI (`CI=true`),
where they fail: `make test` installs the server where it can.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from bot.storage.base import SettingsStore, ShardConflict

USER = "versus"
SYSTEM_USER = "postgres"  # who runs the server when the tests run as root
MISSING = "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    initdb = found[0] if found else shutil.which("initdb")
    return Path(initdb).parent if initdb and (Path(initdb).parent / "pg_ctl").exists() else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """One cluster in `folder`; `start()` and `stop()` as an operator would."""

    binaries: Path
    folder: Path
    port: int
    password: str

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", *, password: str | None = None) -> str:
        return f"postgresql://{USER}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        argv = [str(self.binaries / command[0]), *command[1:]]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", SYSTEM_USER, "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            log = (self.folder / "server.log").read_text() if (self.folder / "server.log").exists() else ""
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}{log[-2000:]}")

    def init(self) -> None:
        password_file = self.folder / "password"
        password_file.write_text(self.password)
        if os.geteuid() == 0:
            account = pwd.getpwnam(SYSTEM_USER)
            for path in (self.folder, password_file):
                os.chown(path, account.pw_uid, account.pw_gid)
        self.folder.chmod(0o700)
        self._run(
            "initdb", "-D", str(self.data), "-U", USER, f"--pwfile={password_file}",
            "--auth=scram-sha-256", "-E", "UTF8", "--no-sync", "--locale=C",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=200"
        )
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    async def new_database(self) -> str:
        """A fresh empty database; its URL."""
        name = f"t_{secrets.token_hex(6)}"
        connection = await asyncpg.connect(self.url())
        try:
            await connection.execute(f"CREATE DATABASE {name}")
        finally:
            await connection.close()
        return self.url(name)


@contextmanager
def running_server(binaries: Path) -> Iterator[PostgresServer]:
    """A new cluster from `binaries`, running until the block ends, then deleted."""
    folder = Path(tempfile.mkdtemp(prefix="versus-pg-"))
    server = PostgresServer(binaries, folder, _free_port(), f"pw-{secrets.token_hex(12)}")
    try:
        server.init()
        server.start()
        yield server
        server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def start_server() -> Iterator[PostgresServer]:
    """A running server until the generator ends; skips (fails under CI) without binaries."""
    binaries = server_binaries()
    if binaries is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    with running_server(binaries) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's server (one per xdist worker)."""
    yield from start_server()


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """The URL of a fresh database on the session's server."""
    yield await postgres_server.new_database()


async def cut_shard_claim(url: str, pid: int) -> None:
    """End the connection holding process `pid`'s shard claim (as an administrator, or a
    firewall dropping it, would): its locks are free for anyone."""
    connection = await asyncpg.connect(url)
    try:
        ended = await connection.fetchval(
            """SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE application_name LIKE $1 AND datname = current_database()""",
            f"versus pid {pid} on %",
        )
    finally:
        await connection.close()
    assert ended == 1, f"{ended} connections claimed shards for process {pid}"


async def take_shards(
    url: str, pid: int, newcomer: SettingsStore, count: int, ids: tuple[int, ...] | None
) -> None:
    """`newcomer` claims the shards process `pid` holds, its claim cut first (see
    `cut_shard_claim`) — again should `pid` take them back first, at one of its looks."""
    for _ in range(5):
        await cut_shard_claim(url, pid)
        try:
            await newcomer.claim_shards(count, ids)
            return
        except ShardConflict:
            continue
    raise AssertionError(f"process {pid} took its shards back every time")
