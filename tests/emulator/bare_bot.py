"""A bare discord.py bot using each feature the emulator must support (no Versus code)."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

ASPECTS = ("performance", "scalability", "ease of use", "ecosystem")


class BareBot(commands.Bot):
    """Prefix `!` or a mention; records every message it sees in `seen`."""

    def __init__(self, *, message_content: bool = True, members: bool = False, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        intents.members = members
        super().__init__(
            command_prefix=commands.when_mentioned_or("!"),
            intents=intents,
            guild_ready_timeout=0.05,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            **options,
        )
        self.seen: list[discord.Message] = []

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5 s pause before re-identifying (discord.py's default)."""

    async def setup_hook(self) -> None:
        await self.add_cog(Features())

    async def on_message(self, message: discord.Message) -> None:
        self.seen.append(message)
        await self.process_commands(message)

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        await self.process_commands(after)

    async def on_command_error(self, ctx: commands.Context[BareBot], error: Exception) -> None:
        if isinstance(error, commands.CommandNotFound):
            return
        if isinstance(error, commands.CheckFailure):
            await ctx.send(f"refused: {type(error).__name__}", ephemeral=True)
        else:
            await super().on_command_error(ctx, error)


class Features(commands.Cog):
    """One command per feature."""

    @commands.command()
    async def ping(self, ctx: commands.Context[BareBot]) -> None:
        await ctx.send("pong")

    @commands.command()
    async def echo(self, ctx: commands.Context[BareBot], *, text: str) -> None:
        await ctx.reply(text)

    @commands.hybrid_command(description="Compare the two libraries on one aspect")
    @app_commands.describe(aspect="What to compare")
    async def compare(self, ctx: commands.Context[BareBot], aspect: str) -> None:
        await ctx.send(embed=discord.Embed(title=f"Compare: {aspect}", description="Both are fine."))

    @compare.autocomplete("aspect")
    async def aspect_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=a, value=a) for a in ASPECTS if current.lower() in a]

    @commands.hybrid_command(description="A reply only you can see")
    async def secret(self, ctx: commands.Context[BareBot]) -> None:
        await ctx.send("only you can see this", ephemeral=True)

    @app_commands.command(description="Think first, then answer")
    async def slow(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done thinking")

    @app_commands.command(description="Only for server managers")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def audit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("audited", ephemeral=True)

    @commands.hybrid_group(description="Server settings", fallback="show")
    async def settings(self, ctx: commands.Context[BareBot]) -> None:
        await ctx.send("settings: defaults")

    @settings.command(name="prefix", description="Change the command prefix")
    @app_commands.describe(value="The new prefix")
    @commands.has_guild_permissions(manage_guild=True)
    async def settings_prefix(self, ctx: commands.Context[BareBot], value: str) -> None:
        await ctx.send(f"prefix set to {value}")

    @commands.command()
    @commands.is_owner()
    async def owneronly(self, ctx: commands.Context[BareBot]) -> None:
        await ctx.send("hello, owner")

    @commands.command()
    async def dmme(self, ctx: commands.Context[BareBot]) -> None:
        await ctx.author.send("hello in your DMs")

    @commands.command()
    @commands.bot_has_permissions(embed_links=True)
    async def card(self, ctx: commands.Context[BareBot]) -> None:
        await ctx.send(embed=discord.Embed(title="A card"))
