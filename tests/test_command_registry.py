"""The command surface, checked without connecting: every extension loads once, names are
unique across prefix and slash forms, and every slash parameter is described."""

from __future__ import annotations

from pathlib import Path

import pytest
from discord import app_commands

from bot.client import Versus, extension_names
from bot.config import Config
from tests.conftest import KNOWLEDGE_DIR

EXPECTED = {"compare", "pros", "cons", "about", "stats", "ask", "help", "settings"}
OWNER_ONLY = {"sync", "reload"}


@pytest.fixture
async def bot(tmp_path: Path):
    versus = Versus(Config(db_path=tmp_path / "versus.sqlite3", knowledge_path=KNOWLEDGE_DIR))
    await versus.setup_hook()
    yield versus
    await versus.store.close()


async def test_every_extension_loads_and_owns_one_area(bot):
    assert sorted(bot.extensions) == sorted(extension_names())
    assert len(bot.cogs) == len(extension_names())


async def test_prefix_and_slash_surfaces_match_the_design(bot):
    prefix_names = {command.name for command in bot.commands}
    assert prefix_names == EXPECTED | OWNER_ONLY
    slash_names = {command.name for command in bot.tree.get_commands()}
    assert slash_names == EXPECTED, "owner tools stay out of members' slash lists"


async def test_names_and_aliases_are_unique(bot):
    seen: list[str] = []
    for command in bot.walk_commands():
        seen += [command.qualified_name] + [
            f"{command.full_parent_name} {a}".strip() for a in command.aliases
        ]
    assert len(seen) == len(set(seen))


async def test_every_slash_command_and_parameter_is_described(bot):
    def walk(commands):
        for command in commands:
            if isinstance(command, app_commands.Group):
                yield from walk(command.commands)
            else:
                yield command

    for command in walk(bot.tree.get_commands()):
        assert 0 < len(command.description) <= 100, command.qualified_name
        for parameter in command.parameters:
            assert parameter.description and parameter.description != "…", (
                command.qualified_name,
                parameter.name,
            )
            assert len(parameter.description) <= 100
