"""Shared fixtures: the shipped knowledge base, an engine over it, and a way to write
variants of the knowledge file for validation tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.engine import Engine
from bot.knowledge import KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
SHIPPED_FILE = KNOWLEDGE_DIR / "keras-vs-mxnet.yaml"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)


@pytest.fixture
def knowledge_variant(tmp_path: Path) -> Callable[[Callable[[dict], None]], Path]:
    """Write the shipped knowledge file, changed by `mutate`, into a fresh folder."""

    def write(mutate: Callable[[dict], None], name: str = "variant.yaml") -> Path:
        data = yaml.safe_load(SHIPPED_FILE.read_text(encoding="utf-8"))
        mutate(data)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return write
