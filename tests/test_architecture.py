"""The layout holds the architecture: imports run one way, from the cogs and the command line
down to the core, and never in a circle.

Layers, lowest first (a module may import its own layer and those below it):

    bot.core      knowledge, reading, composing, rendering: pure, no Discord, no database
    bot.storage   the settings store and its engines
    bot.ops       configuration, logs, metrics and health, reports
    bot.discord   the bot, its context, permissions, embeds, buttons
    cogs          one cog per thing users do
    bot.cli       `python -m bot`: run, console, ask, check, operators' commands

Every import counts: at the top of a module, inside a function, or for type checking only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

LAYERS = ("bot.core", "bot.storage", "bot.ops", "bot.discord", "cogs", "bot.cli")
# Libraries that tie a module to Discord, a database or a server: never in the core.
IMPURE = ("discord", "aiosqlite", "asyncpg", "aiohttp", "prometheus_client")
DATABASE_DRIVERS = ("aiosqlite", "asyncpg")
ENTRY = "bot.__main__"  # `python -m bot`: above everything


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for folder in ("bot", "cogs") for p in sorted((ROOT / folder).rglob("*.py"))}


def imports_of(source: str, name: str, is_package: bool) -> Iterator[str]:
    """Every module `source` imports (as written: `from bot.core import text` gives both
    `bot.core` and `bot.core.text`), relative imports resolved."""
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(sources: dict[str, str], packages: frozenset[str]) -> dict[str, set[str]]:
    """Module → the modules it imports: of the project, by their own name; outside it, by the
    top-level package (`discord`, `asyncpg`)."""
    graph: dict[str, set[str]] = {}
    for name, source in sources.items():
        targets: set[str] = set()
        for imported in imports_of(source, name, name in packages):
            if imported in sources:
                targets.add(imported)
            elif imported.split(".")[0] not in ("bot", "cogs"):
                targets.add(imported.split(".")[0])
        targets.discard(name)
        graph[name] = targets
    return graph


def layer_of(module: str) -> int | None:
    """The index of a module's layer in LAYERS (None: the entry point, or a package face)."""
    found = [i for i, layer in enumerate(LAYERS) if module == layer or module.startswith(layer + ".")]
    return found[0] if found else None


def layering_problems(graph: dict[str, set[str]]) -> list[str]:
    """Each import that runs upward, and each impure import of the core."""
    problems = []
    for module, targets in sorted(graph.items()):
        own = layer_of(module)
        for target in sorted(targets):
            if own == 0 and target in IMPURE:
                problems.append(f"{module} imports {target}: the core is pure")
            if target in DATABASE_DRIVERS and not module.startswith("bot.storage"):
                problems.append(f"{module} imports {target}: only bot.storage talks to a database")
            theirs = layer_of(target)
            if own is not None and theirs is not None and theirs > own:
                problems.append(f"{module} imports {target}: {LAYERS[theirs]} is above {LAYERS[own]}")
            if target == ENTRY:
                problems.append(f"{module} imports {ENTRY}: nothing imports the entry point")
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles (strongly connected components of more than one module), Tarjan's way."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph.get(module, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def project_graph(**planted: str) -> dict[str, set[str]]:
    """The project's import graph; `planted`: module → a line added to its source."""
    modules = project_modules()
    sources = {name: path.read_text(encoding="utf-8") for name, path in modules.items()}
    for name, line in planted.items():
        sources[name] += "\n" + line + "\n"
    packages = frozenset(name for name, path in modules.items() if path.name == "__init__.py")
    return import_graph(sources, packages)


def test_imports_run_one_way_and_the_core_is_pure():
    assert layering_problems(project_graph()) == []


def test_there_is_no_import_cycle():
    assert cycles(project_graph()) == []


def test_every_module_has_a_layer():
    unplaced = [m for m in project_modules() if layer_of(m) is None and m not in {"bot", ENTRY}]
    assert unplaced == []


@pytest.mark.parametrize(
    ("module", "line", "problem"),
    [
        ("bot.core.text", "import discord", "bot.core.text imports discord: the core is pure"),
        ("bot.core.query", "import asyncpg", "bot.core.query imports asyncpg: the core is pure"),
        (
            "bot.core.engine",
            "from bot.storage.base import SettingsStore",
            "bot.core.engine imports bot.storage.base: bot.storage is above bot.core",
        ),
        (
            "bot.discord.embeds",
            "import aiosqlite",
            "bot.discord.embeds imports aiosqlite: only bot.storage talks to a database",
        ),
        (
            "bot.ops.logs",
            "def later():\n    from cogs.errors import APOLOGY",
            "bot.ops.logs imports cogs.errors: cogs is above bot.ops",
        ),
    ],
)
def test_a_planted_upward_or_impure_import_is_caught(module, line, problem):
    assert problem in layering_problems(project_graph(**{module: line}))


def test_a_planted_cycle_is_caught():
    graph = project_graph(**{"bot.core.text": "if False:\n    from bot.core.knowledge import Comparison"})
    assert ["bot.core.knowledge", "bot.core.text"] in cycles(graph)
