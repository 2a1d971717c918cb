"""Comparison answers: the answer commands of bot/core/commands.py — compare, pros, cons,
about, stats and help.

Each command hands its argument to the engine and sends the answer; the engine does all
the understanding, so `/compare speed` and `!compare speed` answer exactly like the console.
Each answer is remembered as the asker's conversation, for follow-up questions. A command's
name, usage, description and the options of its slash form come from its entry in the table
(`answers`); its method here only names its parameters.

Their slash forms run as the bot runs their prefix forms (`AnswerSlashCommand`), and also
take an optional `comparison`. Prefix commands read the rest of the
message as their one argument (`!compare ease of use`), so the comparison option, a second
keyword-only parameter, is never filled by them; their `usage` leaves it out.
"""

from __future__ import annotations

import time
from typing import Any

from discord import app_commands
from discord.ext import commands

from bot.core.commands import BY_NAME
from bot.core.matching import EntityKind
from bot.discord.client import Versus, direct_slash
from bot.discord.context import (
    COMPARISON_OPTION,
    CommandDecorator,
    CommandMethod,
    VersusContext,
    answer_command,
    aspect_autocomplete,
    comparison_autocomplete,
    library_autocomplete,
)
from bot.discord.suggestions import suggestions_for

OPTIONS = {
    EntityKind.ASPECT: "What to compare on (suggestions as you type); empty: every rating",
    EntityKind.LIBRARY: (
        "Which library (suggestions as you type); empty: the server's default, or every library"
    ),
}
AUTOCOMPLETE = {EntityKind.ASPECT: aspect_autocomplete, EntityKind.LIBRARY: library_autocomplete}


def answers(name: str) -> CommandDecorator:
    """The answer command `name` as bot/core/commands.py declares it: its usage and
    description, and its slash options (the argument, then `comparison`) described and
    autocompleted."""
    command = BY_NAME[name]
    descriptions: dict[str, Any] = {"comparison": COMPARISON_OPTION}
    completions: dict[str, Any] = {"comparison": comparison_autocomplete}
    if command.argument is not None:
        descriptions[command.argument.value] = OPTIONS[command.argument]
        completions[command.argument.value] = AUTOCOMPLETE[command.argument]

    def decorate(method: CommandMethod) -> commands.HybridCommand[Any, ..., None]:
        described = app_commands.autocomplete(**completions)(app_commands.describe(**descriptions)(method))
        usage = f"[{command.argument.value}]" if command.argument else ""
        return direct_slash(answer_command(name=name, usage=usage, description=command.describe())(described))

    return decorate


class ComparisonAnswers(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def _answer(self, ctx: VersusContext, argument: str | None, comparison: str | None) -> None:
        assert ctx.command is not None  # run as a command
        command = BY_NAME[ctx.command.name]
        # A stale slash-command schema can deliver a number where text is expected.
        text = "" if argument is None else str(argument)
        scope = ctx.scope_with(None if comparison is None else str(comparison))
        started = time.perf_counter()
        engine = self.bot.engine
        query, answer = engine.command(command.intent, text, scope, ctx.presentation)
        asked = f"{command.name} {text}".strip()
        suggestions = suggestions_for(engine, scope, asked, answer, query.unknown)
        # A command starts a conversation too: `!pros keras`, then `@Versus and mxnet?`.
        remember = query if query.resolved else None
        seconds = time.perf_counter() - started
        await ctx.send_answer(answer, suggestions, question=asked, remember=remember, seconds=seconds)

    @answers("compare")
    async def compare(
        self, ctx: VersusContext, *, aspect: str | None = None, comparison: str | None = None
    ) -> None:
        await self._answer(ctx, aspect, comparison)

    @answers("pros")
    async def pros(
        self, ctx: VersusContext, *, library: str | None = None, comparison: str | None = None
    ) -> None:
        await self._answer(ctx, library, comparison)

    @answers("cons")
    async def cons(
        self, ctx: VersusContext, *, library: str | None = None, comparison: str | None = None
    ) -> None:
        await self._answer(ctx, library, comparison)

    @answers("about")
    async def about(
        self, ctx: VersusContext, *, library: str | None = None, comparison: str | None = None
    ) -> None:
        await self._answer(ctx, library, comparison)

    @answers("stats")
    async def stats(
        self, ctx: VersusContext, *, library: str | None = None, comparison: str | None = None
    ) -> None:
        await self._answer(ctx, library, comparison)

    # Without an argument of its own, `help` would read a prefix command's rest as the
    # comparison; `!help me` ignores those words.
    @answers("help")
    async def help_command(self, ctx: VersusContext, *, comparison: str | None = None) -> None:
        await self._answer(ctx, None, comparison if ctx.interaction is not None else None)


async def setup(bot: Versus) -> None:
    await bot.add_cog(ComparisonAnswers(bot))
