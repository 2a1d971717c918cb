"""Command line: `python -m bot [--version] [run|console|ask|check|draft|sync|db|settings|gaps|taught]`.

With no sub-command, Versus connects to Discord when DISCORD_TOKEN is set and otherwise
opens the interactive console.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from bot import __version__
from bot.cli.ask import answer_lines, respond
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from bot.core.query import Scope
from bot.ops.config import Config, ConfigError, load_engine
from bot.ops.exits import EXIT_BAD_CONFIG, EXIT_BAD_KNOWLEDGE, EXIT_OK, EXIT_REFUSED


def _load(path: Path) -> KnowledgeBase:
    try:
        return load_knowledge(path)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_KNOWLEDGE) from None


def _configured_engine(config: Config, knowledge: Path | None = None) -> Engine:
    """`load_engine`, its refusals one line on stderr and the exit code `run` gives them."""
    try:
        return load_engine(config, knowledge)
    except KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_KNOWLEDGE) from None
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_CONFIG) from None


def _engine(args: argparse.Namespace, config: Config) -> Engine:
    """The engine over `--knowledge` (or VERSUS_KNOWLEDGE) answering, by default, from
    VERSUS_COMPARISON as `run` does; an unknown `--comparison` or VERSUS_COMPARISON is refused
    naming the loaded ones."""
    engine = _configured_engine(config, args.knowledge)
    if args.comparison and args.comparison not in engine.indexes:
        known = ", ".join(engine.indexes)
        print(
            f"error: --comparison: no comparison {args.comparison!r} is loaded (loaded: {known})",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_BAD_CONFIG)
    return engine


def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    """One question's answer (or how it is read); with --jsonl, one per stdin line (exit 2
    when a line was malformed: it got an error object)."""
    question = " ".join(args.question)
    if not args.jsonl and not question.strip():
        args.usage_error("give a QUESTION, or --jsonl to read questions from stdin")
    engine = _engine(args, config)
    scope = Scope(comparison=args.comparison)
    if args.jsonl:
        return EXIT_REFUSED if answer_lines(engine, scope, sys.stdin, sys.stdout) else EXIT_OK
    if args.explain:
        from bot.cli.console import explanation

        print(explanation(engine, question, scope))
        return EXIT_OK
    print(respond(engine, question, scope, context=None)[0])
    return EXIT_OK


def cmd_console(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.console import run_console

    return run_console(_engine(args, config), Scope(comparison=args.comparison))


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    from bot.core import review

    kb = _load(args.path or config.knowledge_path)
    print(f"{len(kb.comparisons)} comparison(s) loaded: {', '.join(c.id for c in kb.comparisons)}")
    for c in kb.comparisons:
        facts = sum(len(lib.facts) + len(lib.pros) + len(lib.cons) for lib in c.libraries)
        print(f"{c.path}: OK — {c.id}: {c.title}")
        print(f"  libraries: {', '.join(lib.name for lib in c.libraries)}")
        print(f"  aspects:   {', '.join(a.name for a in c.aspects)}")
        print(
            f"  facts: {facts} (facts, pros, cons); statistics: {len(c.statistics.items)}; "
            f"recommendations: {len(c.conclusion.recommendations)}; "
            f"later notes: {len(c.later_notes)}"
        )
        for warning in review.warnings(c):
            print(f"  warning: {warning}")
    return 0


def cmd_draft(args: argparse.Namespace, config: Config) -> int:
    """Draft a knowledge file from an article: to --output (never over an existing file
    unless --force), else to stdout; what could not be placed or ranked goes to stderr."""
    from bot.core.draft import draft_file, to_yaml

    article: Path = args.article
    if not article.is_file():
        print(f"error: {article}: no such file", file=sys.stderr)
        return EXIT_BAD_CONFIG
    output: Path | None = args.output
    if output is not None and output.exists() and not args.force:
        print(
            f"error: {output} exists: choose another --output, or add --force to replace it", file=sys.stderr
        )
        return EXIT_BAD_CONFIG
    drafted = draft_file(article, comparison_id=args.id)
    notes = [f"warning: {w}" for w in drafted.warnings] + [f"not placed: {s}" for s in drafted.unplaced]
    text = to_yaml(drafted.data, notes=notes)
    for note in notes:
        print(note, file=sys.stderr)
    if output is None:
        sys.stdout.write(text)
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    comparison = _load(output).default
    print(
        f"Drafted {output}: {comparison.id} — {len(comparison.libraries)} libraries, "
        f"{len(comparison.aspects)} aspects, {len(comparison.statistics.items)} figures, "
        f"{len(comparison.conclusion.recommendations)} recommendations; "
        f"{len(drafted.warnings)} warning(s), {len(drafted.unplaced)} sentence(s) not placed. "
        f"Review it, then `python -m bot check`."
    )
    return 0


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.run import run_bot

    return run_bot(config)


def cmd_sync(args: argparse.Namespace, config: Config) -> int:
    from bot.cli.run import sync_commands

    return sync_commands(config, guild_id=args.guild)


def cmd_db_check(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations

    return operations.run(operations.check(str(config.db_path)))


def cmd_db_copy(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations

    return operations.run(operations.copy(args.source, args.destination))


def cmd_db_init(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations

    return operations.run(operations.init(str(config.db_path)))


def cmd_db_purge(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations

    target = str(config.db_path)
    if not args.yes and not operations.purge_confirmed(target, args.guild, sys.stdin):
        return EXIT_REFUSED
    return operations.run(operations.purge(target, args.guild))


def cmd_settings(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations

    if (args.key is None) != (args.value is None):
        print("error: give both KEY and VALUE to change a setting, or neither to show them", file=sys.stderr)
        return EXIT_BAD_CONFIG
    engine = _configured_engine(config)
    return operations.run(operations.settings(config, engine, args.guild, args.key, args.value))


def cmd_gaps(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations
    from bot.ops.reports import print_gaps

    return operations.run(print_gaps(str(config.db_path), args.guild))


def cmd_taught_export(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations

    return operations.run(operations.export_taught(str(config.db_path), args.guild))


def cmd_taught_import(args: argparse.Namespace, config: Config) -> int:
    from bot.cli import operations

    if args.file == "-":
        return operations.run(operations.import_taught(str(config.db_path), args.guild, sys.stdin))
    try:
        with open(args.file, encoding="utf-8") as source:
            return operations.run(operations.import_taught(str(config.db_path), args.guild, source))
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_CONFIG


def cmd_default(args: argparse.Namespace, config: Config) -> int:
    if config.token:
        return cmd_run(args, config)
    print(
        "DISCORD_TOKEN is not set: starting the console. "
        "(Set DISCORD_TOKEN in the environment or .env to connect to Discord.)",
        file=sys.stderr,
    )
    args.knowledge = None
    args.comparison = None
    return cmd_console(args, config)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Versus: answers questions about a technology comparison. "
        "Without a command: Discord if DISCORD_TOKEN is set, else the console.",
    )
    parser.add_argument("--version", action="store_true", help="print the version of Versus and exit")
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
    ask.add_argument(
        "--explain",
        action="store_true",
        help="print how the question is read (comparison, rule, resolved query) instead of the answer",
    )
    _scope_options(ask)
    ask.set_defaults(handler=cmd_ask, usage_error=ask.error)

    console = sub.add_parser(
        "console",
        help="interactive prompt with the bot's grammar",
        description="Ask questions interactively; 'help' lists commands, 'quit' exits.",
    )
    _scope_options(console)
    console.set_defaults(handler=cmd_console)

    check = sub.add_parser(
        "check",
        help="validate knowledge files and summarise them",
        description="Validate knowledge files; exit 1 with file, line and field on error.",
    )
    check.add_argument("path", nargs="?", type=Path, help="file or folder (default: VERSUS_KNOWLEDGE)")
    check.set_defaults(handler=cmd_check)

    drafting = sub.add_parser(
        "draft",
        help="draft a knowledge file from a comparison article (markdown)",
        description=(
            "Read a markdown comparison article and write a knowledge file that `check` accepts: "
            "libraries, aspects and ratings, facts, pros and cons, figures, recommendations."
        ),
    )
    drafting.add_argument("article", type=Path, help="the article (.md)")
    drafting.add_argument("--output", "-o", type=Path, help="where to write it (default: stdout)")
    drafting.add_argument("--id", help="the comparison's id (default: from the article's file name)")
    drafting.add_argument("--force", action="store_true", help="replace --output if it exists")
    drafting.set_defaults(handler=cmd_draft)

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
    _db_commands(sub)

    settings = sub.add_parser(
        "settings",
        help="show or change one server's settings in VERSUS_DB",
        description="Show one server's settings, or change one (validated as the Discord command "
        "validates it). Running bots pick the change up: at once on PostgreSQL, within seconds on SQLite.",
    )
    settings.add_argument("--guild", type=int, required=True, help="the server's id")
    settings.add_argument(
        "key", nargs="?", metavar="KEY", help="prefix, comparison, default-library, freeform, …"
    )
    settings.add_argument("value", nargs="?", metavar="VALUE", help="the new value")
    settings.set_defaults(handler=cmd_settings)

    gaps = sub.add_parser(
        "gaps",
        help="what members asked that Versus could not answer, and the answers they voted down",
        description="The last 30 days' unanswered questions in VERSUS_DB, grouped into topics, "
        "and the answers with the most 👎: across every server, or one with --guild.",
    )
    gaps.add_argument("--guild", type=int, help="one server's id (default: every server)")
    gaps.set_defaults(handler=cmd_gaps)
    _taught_commands(sub)
    return parser


def _taught_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    taught = sub.add_parser(
        "taught",
        help="export or import one server's taught answers (YAML)",
        description="The answers a server's staff taught with /teach, as the YAML file "
        "/taught export gives. Running bots pick an import up: at once on PostgreSQL, within "
        "seconds on SQLite.",
    )
    tools = taught.add_subparsers(title="commands", metavar="COMMAND", required=True)
    export = tools.add_parser("export", help="print one server's taught answers as YAML")
    export.add_argument("--guild", type=int, required=True, help="the server's id")
    export.set_defaults(handler=cmd_taught_export)
    imported = tools.add_parser(
        "import",
        help="teach one server the answers of a YAML file",
        description="Each entry replaces the server's entry asked the same way; a malformed "
        "entry, or more than 500 in all, is refused and nothing is written. Exit 2 then.",
    )
    imported.add_argument("--guild", type=int, required=True, help="the server's id")
    imported.add_argument("file", metavar="FILE", help="the YAML file (- for standard input)")
    imported.set_defaults(handler=cmd_taught_import)


def _db_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = sub.add_parser(
        "db",
        help="create, check, copy or purge the settings database (VERSUS_DB)",
        description="Operators' tools for the settings database. Exit 4 when it is unusable.",
    )
    tools = db.add_subparsers(title="commands", metavar="COMMAND", required=True)
    init = tools.add_parser(
        "init",
        help="create the database, or migrate it to this version's schema, without starting",
        description="Create the settings database VERSUS_DB names (a SQLite file, its folder "
        "too; or the tables in a PostgreSQL database), or migrate it to this version's schema. "
        "Running it again changes nothing. Then `settings --guild` and `gaps` work before the "
        "first `run`.",
    )
    init.set_defaults(handler=cmd_db_init)
    check = tools.add_parser("check", help="reachable? schema version, servers, questions and votes stored")
    check.set_defaults(handler=cmd_db_check)
    copy = tools.add_parser(
        "copy",
        help="copy everything from SRC to DST (SQLite ↔ PostgreSQL)",
        description="Copy every server's settings and removal mark, the unanswered questions "
        "and votes /gaps reports, and the answers servers' staff taught; running it again "
        "changes nothing. SRC and DST are file paths or postgresql:// URLs; SRC must exist, DST "
        "is created if needed.",
    )
    copy.add_argument("source", metavar="SRC")
    copy.add_argument("destination", metavar="DST")
    copy.set_defaults(handler=cmd_db_copy)
    purge = tools.add_parser(
        "purge",
        help="delete everything stored for one server, now",
        description="Delete one server's settings, opted-in channels, unanswered questions, "
        "votes and taught answers at once. Asks to confirm on a terminal; elsewhere (a script, "
        "a pipe) it needs --yes.",
    )
    purge.add_argument("--guild", type=int, required=True, help="the server's id")
    purge.add_argument("--yes", action="store_true", help="delete without asking (scripts)")
    purge.set_defaults(handler=cmd_db_purge)


def _scope_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--knowledge", type=Path, help="knowledge file or folder (default: VERSUS_KNOWLEDGE)")
    parser.add_argument(
        "--comparison", metavar="ID", help="answer from this comparison (default: the one a question names)"
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.version:
        print(f"Versus {__version__}")
        return EXIT_OK
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    handler: Callable[[argparse.Namespace, Config], int] = args.handler
    try:
        return handler(args, config)
    except BrokenPipeError:  # `python -m bot ask … | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
