"""The command surface, checked without connecting: every extension loads once, every name
a user can type (prefix, alias or slash) runs one command only — a check shown to catch the
clashes discord.py itself lets through — every slash parameter is described, and every answer
command can be run the way the bot runs its prefix form (again a check shown to catch what
discord.py lets through)."""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.cli.run import versus as wired_versus
from bot.core.commands import ANSWER_COMMANDS as TABLE
from bot.core.engine import Engine
from bot.core.knowledge import load_knowledge
from bot.core.render import to_text
from bot.discord.context import DIRECT_TEXT, answer_command, hybrid_command
from bot.ops.config import Config, load_engine
from bot.ops.metrics import Metrics
from bot.storage import open_store
from cogs import extension_names
from tests.conftest import PINNED_FILE

AppCommand = app_commands.Command | app_commands.Group

EXPECTED = {command.name for command in TABLE} | {"ask", "settings", "gaps", "teach", "taught"}
OWNER_ONLY = {"sync", "reload"}
MESSAGE_MENUS = {"Ask Versus"}  # right-click a message → Apps


@pytest.fixture
async def bot(tmp_path: Path):
    config = Config(db_path=tmp_path / "versus.sqlite3", knowledge_path=PINNED_FILE)
    async with await open_store(config.db_path) as store:
        versus = wired_versus(config, engine=load_engine(config), store=store, metrics=Metrics())
        await versus.setup_hook()
        yield versus


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_knowledge(PINNED_FILE))


def walk_slash(commands: Iterable[AppCommand], *, groups: bool = False) -> Iterator[AppCommand]:
    """Every slash command, subcommands included; groups too when `groups`."""
    for command in commands:
        if isinstance(command, app_commands.Group):
            if groups:
                yield command
            yield from walk_slash(command.commands, groups=groups)
        else:
            yield command


async def test_every_extension_loads_and_owns_one_area(bot):
    assert sorted(bot.extensions) == sorted(extension_names())
    assert len(bot.cogs) == len(extension_names())


async def test_prefix_and_slash_surfaces_match_the_design(bot):
    prefix_names = {command.name for command in bot.commands}
    assert prefix_names == EXPECTED | OWNER_ONLY
    slash_names = {command.name for command in bot.tree.get_commands(type=discord.AppCommandType.chat_input)}
    assert slash_names == EXPECTED, "owner tools stay out of members' slash lists"
    menus = {command.name for command in bot.tree.get_commands(type=discord.AppCommandType.message)}
    assert menus == MESSAGE_MENUS


def typed_names(bot: commands.Bot) -> dict[str, set[str]]:
    """Every command name a user can type — prefix names and aliases, slash names, with
    their parents (`settings prefix`), lower-cased (commands forgive capitals) — and which
    commands each runs: a prefix or hybrid command by its qualified name, a slash-only one
    as `/name`. A hybrid's prefix and slash forms are one command."""
    runs: dict[str, set[str]] = defaultdict(set)
    hybrid_of: dict[int, str] = {}
    for command in bot.walk_commands():
        app_command = getattr(command, "app_command", None)
        if app_command is not None:
            hybrid_of[id(app_command)] = command.qualified_name
        for name in (command.name, *command.aliases):
            runs[f"{command.full_parent_name} {name}".strip().lower()].add(command.qualified_name)
    for app_command in walk_slash(bot.tree.get_commands(type=discord.AppCommandType.chat_input), groups=True):
        owner = hybrid_of.get(id(app_command), f"/{app_command.qualified_name}")
        runs[app_command.qualified_name.lower()].add(owner)
    return runs


def name_clashes(bot: commands.Bot) -> dict[str, set[str]]:
    """Typed names that run more than one command (`!sync` one, `/sync` another)."""
    return {name: owners for name, owners in typed_names(bot).items() if len(owners) > 1}


async def test_every_typed_name_runs_one_command(bot):
    assert name_clashes(bot) == {}
    assert {"compare", "pros", "settings prefix", "sync"} <= set(typed_names(bot))


class Clashing(commands.Cog):
    """A surface discord.py accepts, yet where one typed name runs two commands."""

    @app_commands.command(name="sync", description="Not the owner's sync")
    async def slash_sync(self, interaction: discord.Interaction) -> None:
        """`/sync` beside the owner's prefix-only `!sync`."""

    @commands.command(name="tally", aliases=["stats-board"])
    async def tally(self, ctx: commands.Context) -> None:
        """`!tally`, also typed `!stats-board`…"""

    @app_commands.command(name="stats-board", description="…and a slash command its alias names")
    async def stats_board(self, interaction: discord.Interaction) -> None:
        """`/stats-board` runs this; `!stats-board` runs `tally`."""


async def test_the_check_reports_names_that_run_two_commands(bot):
    await bot.add_cog(Clashing())  # discord.py registers all of it without a word
    assert name_clashes(bot) == {
        "sync": {"sync", "/sync"},
        "stats-board": {"tally", "/stats-board"},
    }


async def test_every_slash_command_and_parameter_is_described(bot):
    for command in walk_slash(bot.tree.get_commands(type=discord.AppCommandType.chat_input)):
        assert 0 < len(command.description) <= 100, command.qualified_name
        for parameter in command.parameters:
            assert parameter.description and parameter.description != "…", (
                command.qualified_name,
                parameter.name,
            )
            assert len(parameter.description) <= 100


# Answer commands ------------------------------------------------------------------------------
# `Versus.run_command` runs an answer command's prefix form itself: the rate check, then
# `callback(cog, ctx, **{extras[DIRECT_TEXT]: rest of the message or None})`. Whatever
# discord.py's invoke would add on top — checks, cog_check, cooldowns, argument parsing — is
# skipped, so an answer command must need none of it, or its prefix form would quietly differ
# from its slash form (where discord.py does run them).

ANSWER_COMMANDS = {command.name for command in TABLE}
KEYWORD_ONLY = inspect.Parameter.KEYWORD_ONLY


async def test_every_answer_command_of_the_table_is_a_command_as_the_table_says(bot):
    """A new entry in bot/core/commands.py without its method in cogs/comparison.py fails here."""
    direct = {c.name: c for c in bot.commands if DIRECT_TEXT in c.extras}
    assert set(direct) == ANSWER_COMMANDS
    for entry in TABLE:
        command = direct[entry.name]
        assert command.description == entry.describe()
        argument = entry.argument.value if entry.argument else None
        assert command.extras[DIRECT_TEXT] == (argument or "comparison")
        options = [p.name for p in command.app_command.parameters]
        assert options == [name for name in (argument, "comparison") if name]


def test_help_lists_every_answer_command_with_its_usage(engine):
    shown = to_text(engine.run("help"), markdown=False)
    for entry in TABLE:
        assert f"{entry.usage} — " in shown


def direct_text_problems(bot: commands.Bot) -> dict[str, set[str]]:
    """What `run_command` would skip or get wrong, per command carrying DIRECT_TEXT."""
    problems: dict[str, set[str]] = {}
    for command in bot.walk_commands():
        name = command.extras.get(DIRECT_TEXT)
        if name is None:
            continue
        found: set[str] = set()
        if command.checks:
            found.add("checks of its own")
        if command.cog is None:
            found.add("no cog")  # run_command passes `command.cog` as the callback's self
        elif type(command.cog).cog_check is not commands.Cog.cog_check:
            found.add("cog_check")
        if command.cooldown is not None:
            found.add("cooldown")
        if isinstance(command, commands.Group):
            found.add("group")
        parameters = list(inspect.signature(command.callback).parameters.values())
        keyword_only = [p for p in parameters if p.kind is KEYWORD_ONLY]
        if not keyword_only or keyword_only[0].name != name:
            found.add("not the first keyword-only parameter")
        elif keyword_only[0].default is not None:
            found.add("not optional")
        if [p.name for p in parameters if p.kind is not KEYWORD_ONLY] != ["self", "ctx"]:
            found.add("more than self and ctx before it")
        if any(p.default is inspect.Parameter.empty for p in keyword_only[1:]):
            found.add("another keyword-only parameter is required")
        if found:
            problems[command.qualified_name] = found
    return problems


async def test_answer_commands_run_as_the_bot_runs_their_prefix_form(bot):
    direct = {c.qualified_name for c in bot.walk_commands() if DIRECT_TEXT in c.extras}
    assert direct >= ANSWER_COMMANDS, "the answer commands are run straight from on_message"
    assert direct_text_problems(bot) == {}


async def test_the_only_global_check_is_the_rate_that_run_command_applies_itself(bot):
    """Global checks would be skipped too: `run_command` applies the one it knows of."""
    assert bot._checks == []
    assert bot._check_once == [bot._within_command_rate]


class Guarded(commands.Cog):
    """A cog with a check on every command: discord.py runs it, `run_command` would not."""

    async def cog_check(self, ctx: commands.Context) -> bool:
        return False

    @answer_command(name="guarded-answer")
    async def guarded(self, ctx: commands.Context, *, text: str | None = None) -> None:
        """Fine on its own."""


class Miswired(commands.Cog):
    """Answer commands discord.py registers without a word, each unfit for `run_command`."""

    @answer_command(name="checked-answer")
    @commands.check(lambda ctx: False)
    async def checked(self, ctx: commands.Context, *, text: str | None = None) -> None:
        """A check of its own."""

    @answer_command(name="required-answer")
    async def required(self, ctx: commands.Context, *, text: str) -> None:
        """Its text is required: `!required-answer` alone would pass None."""

    @hybrid_command(name="misnamed-answer", extras={DIRECT_TEXT: "comparison"})
    async def misnamed(
        self, ctx: commands.Context, *, text: str | None = None, comparison: str | None = None
    ) -> None:
        """The text would land in the second keyword-only parameter."""

    @answer_command(name="positional-answer")
    async def positional(self, ctx: commands.Context, mode: str, *, text: str | None = None) -> None:
        """A positional parameter `run_command` never fills."""


async def test_the_check_reports_answer_commands_run_command_would_get_wrong(bot):
    for cog in (Guarded(), Miswired()):
        await bot.add_cog(cog)  # discord.py accepts all of it
    assert direct_text_problems(bot) == {
        "guarded-answer": {"cog_check"},
        "checked-answer": {"checks of its own"},
        "required-answer": {"not optional"},
        "misnamed-answer": {"not the first keyword-only parameter"},
        "positional-answer": {"more than self and ctx before it"},
    }
