"""Command line: `python -m bot [run|console|ask|check|sync]`.

With no sub-command, Versus connects to Discord when DISCORD_TOKEN is set and otherwise
opens the interactive console.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.config import Config, ConfigError
from bot.engine import Engine
from bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.render import to_text

EXIT_BAD_KNOWLEDGE = 1
EXIT_BAD_CONFIG = 2


def _load(path: Path) -> KnowledgeBase:
    try:
        return load_knowledge(path)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_KNOWLEDGE) from None


def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    engine = Engine(_load(args.knowledge or config.knowledge_path))
    if args.jsonl:
        out = sys.stdout
        for line in sys.stdin:
            question = line.rstrip("\n")
            out.write(
                json.dumps(
                    {"question": question, "answer": to_text(engine.ask(question), markdown=False)},
                    ensure_ascii=False,
                )
                + "\n"
            )
        out.flush()
        return 0
    question = " ".join(args.question)
    print(to_text(engine.ask(question), markdown=False))
    return 0


def cmd_console(args: argparse.Namespace, config: Config) -> int:
    from bot.console import run_console

    return run_console(Engine(_load(args.knowledge or config.knowledge_path)))


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    kb = _load(args.path or config.knowledge_path)
    for c in kb.comparisons:
        facts = sum(len(lib.facts) + len(lib.pros) + len(lib.cons) for lib in c.libraries)
        print(f"{c.path}: OK — {c.title}")
        print(f"  libraries: {', '.join(lib.name for lib in c.libraries)}")
        print(f"  aspects:   {', '.join(a.name for a in c.aspects)}")
        print(
            f"  facts: {facts} (facts, pros, cons); statistics: {len(c.statistics.items)}; "
            f"recommendations: {len(c.conclusion.recommendations)}; "
            f"later notes: {len(c.later_notes)}"
        )
    return 0


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    from bot.client import run_bot

    return run_bot(config)


def cmd_sync(args: argparse.Namespace, config: Config) -> int:
    from bot.client import sync_commands

    return sync_commands(config, guild_id=args.guild)


def cmd_default(args: argparse.Namespace, config: Config) -> int:
    if config.token:
        return cmd_run(args, config)
    print(
        "DISCORD_TOKEN is not set: starting the console. "
        "(Set DISCORD_TOKEN in the environment or .env to connect to Discord.)",
        file=sys.stderr,
    )
    args.knowledge = None
    return cmd_console(args, config)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Versus: answers questions about a technology comparison. "
        "Without a command: Discord if DISCORD_TOKEN is set, else the console.",
    )
    parser.set_defaults(handler=cmd_default)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    ask = sub.add_parser(
        "ask",
        help="answer one question (or --jsonl: one per line on stdin)",
        description="Print the plain-text answer to QUESTION and exit.",
    )
    ask.add_argument("question", nargs="*", help="a command (compare speed) or a question")
    ask.add_argument(
        "--jsonl",
        action="store_true",
        help='read questions from stdin, write {"question", "answer"} JSON lines',
    )
    ask.add_argument("--knowledge", type=Path, help="knowledge file or folder (default: VERSUS_KNOWLEDGE)")
    ask.set_defaults(handler=cmd_ask)

    console = sub.add_parser(
        "console",
        help="interactive prompt with the bot's grammar",
        description="Ask questions interactively; 'help' lists commands, 'quit' exits.",
    )
    console.add_argument("--knowledge", type=Path, help="knowledge file or folder")
    console.set_defaults(handler=cmd_console)

    check = sub.add_parser(
        "check",
        help="validate knowledge files and summarise them",
        description="Validate knowledge files; exit 1 with file, line and field on error.",
    )
    check.add_argument("path", nargs="?", type=Path, help="file or folder (default: VERSUS_KNOWLEDGE)")
    check.set_defaults(handler=cmd_check)

    run = sub.add_parser(
        "run",
        help="connect to Discord with DISCORD_TOKEN",
        description="Run the Discord bot (needs DISCORD_TOKEN).",
    )
    run.set_defaults(handler=cmd_run)

    sync = sub.add_parser(
        "sync",
        help="publish slash commands to Discord and exit",
        description="Publish slash commands globally, or to one server with --guild.",
    )
    sync.add_argument("--guild", type=int, help="server id to publish to (instant) instead of globally")
    sync.set_defaults(handler=cmd_sync)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    try:
        return args.handler(args, config)
    except BrokenPipeError:  # `python -m bot ask … | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
