"""The interactive console: the bot's grammar at a terminal prompt.

Same engine, same answers as Discord; `help` lists what can be asked and `quit` leaves.
Readline gives history (kept in ~/.versus_history) where the platform has it.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from bot.engine import Engine
from bot.render import to_text

PROMPT = "versus> "
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


def _save_history(readline_module) -> None:
    with contextlib.suppress(OSError):
        readline_module.write_history_file(HISTORY_FILE)


def run_console(engine: Engine, stdin=None, stdout=None) -> int:
    """Answer lines until `quit` or end of input; returns the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin is sys.stdin and sys.stdin.isatty()
    if interactive:
        _enable_history()
    comparison = engine.kb.default
    print(f"Versus — {comparison.title}. Type 'help' for commands, 'quit' to leave.", file=stdout)
    while True:
        try:
            line = input(PROMPT) if interactive else _read(stdin, stdout)
        except (EOFError, KeyboardInterrupt):
            print(file=stdout)
            return 0
        if line.strip().lower() in QUIT_WORDS:
            return 0
        if line.strip():
            print(to_text(engine.ask(line), markdown=False) + "\n", file=stdout)


def _read(stdin, stdout) -> str:
    stdout.write(PROMPT)
    stdout.flush()
    line = stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")
