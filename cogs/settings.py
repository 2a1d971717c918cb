"""Per-server settings for admins (Manage Server): prefix, default library, where free-form
questions are answered, reply visibility and style.

Every subcommand runs behind one check that serves the prefix and the slash form alike.
Changes are acknowledged only after the store has committed them.
"""

from __future__ import annotations

from enum import StrEnum

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer import FIELD_VALUE_LIMIT, clip, echo
from bot.client import Versus
from bot.context import MAX_CHOICE_NAME, VersusContext, library_autocomplete, require_server_manager
from bot.matching import MAX_CHOICES, EntityKind
from bot.settings import (
    CHOICE_HELP,
    CHOICE_LABELS,
    Freeform,
    SettingError,
    Style,
    Visibility,
    describe,
    parse_choice,
    parse_prefix,
)

NO_LIBRARY = "none"


def _choice_autocomplete(kind: type):
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(
                name=clip(f"{value} — {CHOICE_HELP[value]}", MAX_CHOICE_NAME), value=str(value)
            )
            for value in kind
            if value.startswith(current.strip().lower())
        ]

    return complete


async def _default_library_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    choices = await library_autocomplete(interaction, current)
    none = app_commands.Choice(name="none (answer for every library)", value=NO_LIBRARY)
    offer_none = NO_LIBRARY.startswith(current.strip().lower()) or not choices
    return [*choices[: MAX_CHOICES - 1], none] if offer_none else choices


class Settings(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def cog_check(self, ctx: VersusContext) -> bool:
        return await require_server_manager(ctx)

    async def _save(self, ctx: VersusContext, done: str, **changes) -> None:
        await ctx.defer(ephemeral=True)  # the write may outlast Discord's 3-second window
        await self.bot.store.update(ctx.guild.id, **changes)
        await ctx.tell(done)

    async def _save_choice(self, ctx: VersusContext, kind: type[StrEnum], field: str, text: str) -> None:
        value = parse_choice(kind, text)
        await self._save(ctx, f"{CHOICE_LABELS[kind]}: {value} — {CHOICE_HELP[value]}.", **{field: value})

    @commands.hybrid_group(name="settings", fallback="show")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def settings(self, ctx: VersusContext) -> None:
        """Show this server's Versus settings."""
        typed = ctx.view.read_rest().split(maxsplit=1) if ctx.interaction is None else []
        if typed and typed[0].lower() != "show":  # `!settings prefx ?` must not silently show
            names = ", ".join(sorted(c.name for c in self.settings.commands))
            await ctx.tell(f"There is no `settings {echo(typed[0])}`. Subcommands: {names}.")
            return
        embed = discord.Embed(title=f"Versus settings for {ctx.guild.name}", colour=discord.Colour.teal())
        for label, value in describe(ctx.settings, default_prefix=self.bot.config.prefix):
            embed.add_field(name=label, value=clip(value, FIELD_VALUE_LIMIT), inline=False)
        if ctx.use_embeds:
            await ctx.reply(embed=embed, ephemeral=True)
        else:
            await ctx.tell("\n".join(f"{f.name}: {f.value}" for f in embed.fields))

    @settings.command(name="prefix")
    @app_commands.describe(prefix="1–5 visible characters, no spaces or mentions")
    async def set_prefix(self, ctx: VersusContext, *, prefix: str) -> None:
        """Set the prefix for text commands in this server."""
        value = parse_prefix(prefix)
        await self._save(ctx, f"Prefix set to `{value}`. Mentioning me works too.", prefix=value)

    @settings.command(name="default-library")
    @app_commands.describe(library="The library pros/cons/about answer for when none is named, or none")
    @app_commands.autocomplete(library=_default_library_autocomplete)
    async def set_default_library(self, ctx: VersusContext, *, library: str) -> None:
        """Set the library pros, cons and about use when none is named."""
        if library.strip().lower() == NO_LIBRARY:
            await self._save(ctx, "No default library: answers cover every library.", default_library=None)
            return
        resolution = self.bot.engine.matcher.resolve(library, EntityKind.LIBRARY)
        if resolution.entity is None:
            known = ", ".join(e.name for e in self.bot.engine.matcher.all_of(EntityKind.LIBRARY))
            raise SettingError(f"The default library must be one of: {known}, or none.")
        entity = resolution.entity
        await self._save(ctx, f"Default library set to {entity.name}.", default_library=entity.key)

    @settings.command(name="freeform")
    @app_commands.describe(mode="mention: when mentioned and in DMs; channels: also opted-in channels; off")
    @app_commands.autocomplete(mode=_choice_autocomplete(Freeform))
    async def set_freeform(self, ctx: VersusContext, mode: str) -> None:
        """Choose where questions in plain words are answered."""
        await self._save_choice(ctx, Freeform, "freeform", mode)

    @settings.group(name="channel", fallback="list")
    async def channel(self, ctx: VersusContext) -> None:
        """List the channels opted in to free-form answers."""
        channels = ", ".join(f"<#{c}>" for c in sorted(ctx.settings.freeform_channels)) or "none"
        await ctx.tell(f"Opted-in channels: {channels}")

    @channel.command(name="add")
    @app_commands.describe(channel="A channel where every message is treated as a question")
    async def channel_add(self, ctx: VersusContext, channel: discord.TextChannel) -> None:
        """Opt a channel in to free-form answers."""
        await ctx.defer(ephemeral=True)
        settings = await self.bot.store.add_freeform_channel(ctx.guild.id, channel.id)
        hint = (
            "" if settings.freeform is Freeform.CHANNELS else " Turn it on with `settings freeform channels`."
        )
        await ctx.tell(f"{channel.mention} opted in.{hint}")

    @channel.command(name="remove")
    @app_commands.describe(channel="The channel to opt out")
    async def channel_remove(self, ctx: VersusContext, channel: discord.TextChannel) -> None:
        """Opt a channel out of free-form answers."""
        await ctx.defer(ephemeral=True)
        await self.bot.store.remove_freeform_channel(ctx.guild.id, channel.id)
        await ctx.tell(f"{channel.mention} opted out.")

    @settings.command(name="visibility")
    @app_commands.describe(mode="public: everyone sees slash answers; private: only the asker")
    @app_commands.autocomplete(mode=_choice_autocomplete(Visibility))
    async def set_visibility(self, ctx: VersusContext, mode: str) -> None:
        """Choose whether slash-command answers are visible to everyone."""
        await self._save_choice(ctx, Visibility, "visibility", mode)

    @settings.command(name="style")
    @app_commands.describe(mode="embed or text")
    @app_commands.autocomplete(mode=_choice_autocomplete(Style))
    async def set_style(self, ctx: VersusContext, mode: str) -> None:
        """Choose embeds or plain text for answers."""
        await self._save_choice(ctx, Style, "style", mode)

    @settings.command(name="reset")
    async def reset(self, ctx: VersusContext) -> None:
        """Put every setting back to its default."""
        await ctx.defer(ephemeral=True)
        await self.bot.store.reset(ctx.guild.id)
        await ctx.tell("All settings are back to their defaults.")


async def setup(bot: Versus) -> None:
    await bot.add_cog(Settings(bot))
