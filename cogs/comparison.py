"""Comparison answers: compare, pros, cons, about, stats and help.

Each command hands its argument to the engine and sends the answer; the engine does all
the understanding, so `/compare speed` and `!compare speed` answer exactly like the console.
"""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.client import Versus
from bot.context import VersusContext, aspect_autocomplete, library_autocomplete
from bot.query import Scope


class ComparisonAnswers(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def _answer(self, ctx: VersusContext, command: str, argument: str | None = None) -> None:
        # A stale slash-command schema can deliver a number where text is expected.
        text = None if argument is None else str(argument)
        answer = self.bot.engine.run(command, text, scope=Scope(default_library=ctx.settings.default_library))
        await ctx.send_answer(answer)

    @commands.hybrid_command()
    @app_commands.describe(aspect="What to compare on (suggestions as you type); empty: every rating")
    @app_commands.autocomplete(aspect=aspect_autocomplete)
    async def compare(self, ctx: VersusContext, *, aspect: str | None = None) -> None:
        """The libraries side by side on one aspect, or the whole ratings table."""
        await self._answer(ctx, "compare", aspect)

    @commands.hybrid_command()
    @app_commands.describe(library="Which library; empty: the server's default, or every library")
    @app_commands.autocomplete(library=library_autocomplete)
    async def pros(self, ctx: VersusContext, *, library: str | None = None) -> None:
        """What the article lists as a library's strengths."""
        await self._answer(ctx, "pros", library)

    @commands.hybrid_command()
    @app_commands.describe(library="Which library; empty: the server's default, or every library")
    @app_commands.autocomplete(library=library_autocomplete)
    async def cons(self, ctx: VersusContext, *, library: str | None = None) -> None:
        """What the article lists as a library's weaknesses."""
        await self._answer(ctx, "cons", library)

    @commands.hybrid_command()
    @app_commands.describe(library="Which library; empty: the server's default, or every library")
    @app_commands.autocomplete(library=library_autocomplete)
    async def about(self, ctx: VersusContext, *, library: str | None = None) -> None:
        """What a library is: overview, ratings, pros and cons."""
        await self._answer(ctx, "about", library)

    @commands.hybrid_command()
    async def stats(self, ctx: VersusContext) -> None:
        """The article's statistics on each library."""
        await self._answer(ctx, "stats")

    @commands.hybrid_command(name="help")
    async def help_command(self, ctx: VersusContext) -> None:
        """What Versus can do, with examples."""
        await self._answer(ctx, "help")


async def setup(bot: Versus) -> None:
    await bot.add_cog(ComparisonAnswers(bot))
