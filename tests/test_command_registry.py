"""The command surface, checked without connecting: every extension loads once, every name
a user can type (prefix, alias or slash) runs one command only — a check shown to catch the
clashes discord.py itself lets through — and every slash parameter is described."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.client import Versus, extension_names, load_engine
from bot.config import Config
from bot.metrics import Metrics
from bot.store import SettingsStore
from tests.conftest import PINNED_FILE

AppCommand = app_commands.Command | app_commands.Group

EXPECTED = {"compare", "pros", "cons", "about", "stats", "ask", "help", "settings", "gaps"}
OWNER_ONLY = {"sync", "reload"}
MESSAGE_MENUS = {"Ask Versus"}  # right-click a message → Apps


@pytest.fixture
async def bot(tmp_path: Path):
    config = Config(db_path=tmp_path / "versus.sqlite3", knowledge_path=PINNED_FILE)
    async with await SettingsStore.open(config.db_path) as store:
        versus = Versus(config, engine=load_engine(config), store=store, metrics=Metrics())
        await versus.setup_hook()
        yield versus


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
