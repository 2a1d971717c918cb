"""Comparison answers: compare, pros, cons, about, stats and help.

Each command hands its argument to the engine and sends the answer; the engine does all
the understanding, so `/compare speed` and `!compare speed` answer exactly like the console.
Each answer is remembered as the asker's conversation, for follow-up questions.

The slash forms also take an optional `comparison`. Prefix commands read the rest of the
message as their one argument (`!compare ease of use`), so the comparison option, a second
keyword-only parameter, is never filled by them; their `usage` leaves it out.
"""

from __future__ import annotations

import time

from discord import app_commands
from discord.ext import commands

from bot.core.engine import COMMANDS
from bot.discord.client import Versus
from bot.discord.context import (
    COMPARISON_OPTION,
    VersusContext,
    answer_command,
    aspect_autocomplete,
    comparison_autocomplete,
    library_autocomplete,
)
from bot.discord.suggestions import suggestions_for

LIBRARY_OPTION = "Which library (suggestions as you type); empty: the server's default, or every library"


class ComparisonAnswers(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def _answer(
        self, ctx: VersusContext, command: str, argument: str | None = None, comparison: str | None = None
    ) -> None:
        # A stale slash-command schema can deliver a number where text is expected.
        text = "" if argument is None else str(argument)
        scope = ctx.scope_with(None if comparison is None else str(comparison))
        started = time.perf_counter()
        engine = self.bot.engine
        query, answer = engine.command(COMMANDS[command], text, scope)
        asked = f"{command} {text}".strip()
        suggestions = suggestions_for(engine, scope, asked, answer, query.unknown)
        # A command starts a conversation too: `!pros keras`, then `@Versus and mxnet?`.
        remember = query if query.resolved else None
        seconds = time.perf_counter() - started
        await ctx.send_answer(answer, suggestions, question=asked, remember=remember, seconds=seconds)

    @answer_command(usage="[aspect]")
    @app_commands.describe(
        aspect="What to compare on (suggestions as you type); empty: every rating",
        comparison=COMPARISON_OPTION,
    )
    @app_commands.autocomplete(aspect=aspect_autocomplete, comparison=comparison_autocomplete)
    async def compare(
        self, ctx: VersusContext, *, aspect: str | None = None, comparison: str | None = None
    ) -> None:
        """The libraries side by side on one aspect, or the whole ratings table."""
        await self._answer(ctx, "compare", aspect, comparison)

    @answer_command(usage="[library]")
    @app_commands.describe(library=LIBRARY_OPTION, comparison=COMPARISON_OPTION)
    @app_commands.autocomplete(library=library_autocomplete, comparison=comparison_autocomplete)
    async def pros(
        self, ctx: VersusContext, *, library: str | None = None, comparison: str | None = None
    ) -> None:
        """What the article lists as a library's strengths."""
        await self._answer(ctx, "pros", library, comparison)

    @answer_command(usage="[library]")
    @app_commands.describe(library=LIBRARY_OPTION, comparison=COMPARISON_OPTION)
    @app_commands.autocomplete(library=library_autocomplete, comparison=comparison_autocomplete)
    async def cons(
        self, ctx: VersusContext, *, library: str | None = None, comparison: str | None = None
    ) -> None:
        """What the article lists as a library's weaknesses."""
        await self._answer(ctx, "cons", library, comparison)

    @answer_command(usage="[library]")
    @app_commands.describe(library=LIBRARY_OPTION, comparison=COMPARISON_OPTION)
    @app_commands.autocomplete(library=library_autocomplete, comparison=comparison_autocomplete)
    async def about(
        self, ctx: VersusContext, *, library: str | None = None, comparison: str | None = None
    ) -> None:
        """What a library is: overview, ratings, pros and cons."""
        await self._answer(ctx, "about", library, comparison)

    # Without an argument of their own, these would read a prefix command's rest as the
    # comparison; `!help me` and `!stats please` ignore those words, as they always did.
    @answer_command(usage="")
    @app_commands.describe(comparison=COMPARISON_OPTION)
    @app_commands.autocomplete(comparison=comparison_autocomplete)
    async def stats(self, ctx: VersusContext, *, comparison: str | None = None) -> None:
        """The article's statistics on each library."""
        await self._answer(ctx, "stats", None, _slash_only(ctx, comparison))

    @answer_command(name="help", usage="")
    @app_commands.describe(comparison=COMPARISON_OPTION)
    @app_commands.autocomplete(comparison=comparison_autocomplete)
    async def help_command(self, ctx: VersusContext, *, comparison: str | None = None) -> None:
        """What Versus can do, with examples."""
        await self._answer(ctx, "help", None, _slash_only(ctx, comparison))


def _slash_only(ctx: VersusContext, comparison: str | None) -> str | None:
    return comparison if ctx.interaction is not None else None


async def setup(bot: Versus) -> None:
    await bot.add_cog(ComparisonAnswers(bot))
