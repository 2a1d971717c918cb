"""Shared fixtures. Unit tests own their data: they load the comparisons pinned in
`tests/data/comparisons/` (a copy of the shipped keras-vs-mxnet file and a second
comparison whose aspects share its names), never the shipped `knowledge/` folder, which
only the tests of the shipped file read (tests/test_shipped_knowledge.py)."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import yaml

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase, load_knowledge
from tests.postgres import postgres_server, postgres_url  # noqa: F401  (fixtures for every test)

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "tests" / "data"
FIXTURE_DIR = DATA_DIR / "comparisons"  # every fixture comparison: one knowledge folder
PINNED_FILE = FIXTURE_DIR / "keras-vs-mxnet.yaml"  # the shipped file, as pinned for the tests
SECOND_FILE = FIXTURE_DIR / "postgresql-vs-mysql.yaml"  # shares the pinned file's aspect names
QUESTIONS_DIR = DATA_DIR / "questions"  # one regression set per fixture comparison, same name

# The shipped knowledge: only for tests about it and for running the real bot.
# VERSUS_TEST_KNOWLEDGE: a copy of it with other comparisons beside (tests/test_added_comparison.py).
KNOWLEDGE_DIR = Path(os.environ.get("VERSUS_TEST_KNOWLEDGE") or ROOT / "knowledge")
SHIPPED_FILE = KNOWLEDGE_DIR / "keras-vs-mxnet.yaml"
SHIPPED_ID = "keras-vs-mxnet"  # what tests of the shipped knowledge answer from (VERSUS_COMPARISON)

# "Billion laughs": 342 bytes of YAML standing for 9^9 strings, if its aliases were followed.
BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)

# What Versus surely answers, and what that answer shows: the probe of "no reply" checks
# (`emu.expect_no_output_before("!" + HELP, shows=HELP_TITLE)`).
HELP, HELP_TITLE = "help", "Versus — help"


@cache
def engine_over(path: Path) -> Engine:
    """One engine per knowledge file or folder, built once per test session."""
    return Engine(load_knowledge(path))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The pinned keras-vs-mxnet comparison alone."""
    return engine_over(PINNED_FILE).kb


@pytest.fixture(scope="session")
def engine() -> Engine:
    return engine_over(PINNED_FILE)


@pytest.fixture
def knowledge_variant(tmp_path: Path) -> Callable[..., Path]:
    """Write the pinned knowledge file, changed by `mutate`, into a fresh folder."""

    def write(mutate: Callable[[dict], None], name: str = "variant.yaml") -> Path:
        data = yaml.safe_load(PINNED_FILE.read_text(encoding="utf-8"))
        mutate(data)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """VERSUS_DB for one engine (a real SQLite file, a real PostgreSQL database), empty: the
    store's tests run once on each."""
    if request.param == "sqlite":
        return str(tmp_path / "versus.sqlite3")
    return str(request.getfixturevalue("postgres_url"))
