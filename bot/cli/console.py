"""The interactive console: the bot's grammar at a terminal prompt.

Same engine, same answers as Discord; `help` lists what can be asked and `quit` leaves; a
"why?" with nothing before it is told so (bot/cli/ask.py).
Readline gives history (kept in ~/.versus_history) where the platform has it.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from types import ModuleType
from typing import TextIO

from bot.cli.ask import respond
from bot.core.engine import Engine
from bot.core.query import ANYWHERE, Query, Scope

PROMPT = "versus> "
EXPLAIN = "explain"  # `explain which is faster?`: how the line is read, for knowledge authors
QUIT_WORDS = frozenset({"quit", "exit", ":q", "bye"})
HISTORY_FILE = Path.home() / ".versus_history"


def _enable_history() -> None:
    try:
        import readline
    except ImportError:  # Windows without pyreadline: the console still works
        return
    import atexit

    with contextlib.suppress(OSError):
        readline.read_history_file(HISTORY_FILE)
    readline.set_history_length(1000)
    atexit.register(_save_history, readline)


def _save_history(readline_module: ModuleType) -> None:
    with contextlib.suppress(OSError):
        readline_module.write_history_file(HISTORY_FILE)


def run_console(
    engine: Engine, scope: Scope = ANYWHERE, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    """Answer lines until `quit` or end of input; `explain …` shows how a line is read."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin is sys.stdin and sys.stdin.isatty()
    if interactive:
        _enable_history()
    comparison = engine.kb.comparison(scope.comparison) if scope.comparison else engine.default
    print(f"Versus — {comparison.title}. Type 'help' for commands, 'quit' to leave.", file=stdout)
    context: Query | None = None  # the session's last question, for follow-ups
    while True:
        try:
            line = input(PROMPT) if interactive else _read(stdin, stdout)
        except (EOFError, KeyboardInterrupt):
            print(file=stdout)
            return 0
        if line.strip().lower() in QUIT_WORDS:
            return 0
        command, _, rest = line.strip().partition(" ")
        if command.lower() == EXPLAIN and rest.strip():
            print(explanation(engine, rest, scope, context) + "\n", file=stdout)
        elif line.strip():
            answer, remember = respond(engine, line, scope, context)
            context = remember or context
            print(answer + "\n", file=stdout)


def explanation(engine: Engine, text: str, scope: Scope, context: Query | None = None) -> str:
    """How the engine reads `text`, for knowledge authors: comparison, rule, resolved query."""
    understood = engine.explain(text, scope, context)
    query = understood.query
    lines = [
        f"comparison: {query.comparison} ({understood.chosen_by})",
        f"rule:       {understood.rule}",
        f"intent:     {query.intent}",
    ]
    resolved = {
        "libraries": ", ".join(query.libraries),
        "aspects": ", ".join(query.aspects),
        "facts": ", ".join(f"{f.library}: {f.topic}" for f in query.facts),
        "items": ", ".join(f"{key}: {item.title}" for key, item in query.items),
        "recommended": query.recommended or "",
        "metrics": ", ".join(query.metrics),
        "unknown": f"{query.unknown} ({query.unknown_kind})" if query.unknown else "",
        "suggestions": ", ".join(query.suggestions),
    }
    lines += [f"{name + ':':<11} {value}" for name, value in resolved.items() if value]
    if not understood.rule.startswith("command"):
        lines += engine.scores(text, scope, context)
    return "\n".join(lines)


def _read(stdin: TextIO, stdout: TextIO) -> str:
    stdout.write(PROMPT)
    stdout.flush()
    line: str = stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")
