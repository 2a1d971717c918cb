"""Per-server settings for admins (Manage Server): prefix, comparison, default library, where
free-form questions are answered, reply visibility, style, whether unanswered questions are
kept for `/gaps`, threads, the forum confidence, the teaching role and answer length.

Subcommand names, descriptions, option names and choices come from the registry in
bot/core/settings.py. A setting whose parser is all it needs gets its subcommand from
`value_command`; the comparison and the default library are checked against the loaded
knowledge, and channels have their own subcommands.

Every subcommand runs behind one check that serves the prefix and the slash form alike.
Changes are acknowledged only after the store has committed them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import FIELD_VALUE_LIMIT, clip, echo
from bot.core.edits import (
    DEFAULT_COMPARISON,
    NO_LIBRARY,
    Edit,
    comparison_edit,
    library_edit,
    value_edit,
)
from bot.core.matching import MAX_CHOICES
from bot.core.settings import (
    BY_NAME,
    CHOICE_HELP,
    SETTINGS,
    Freeform,
    GuildSettings,
    Setting,
    SettingError,
    describe,
)
from bot.discord.client import Versus
from bot.discord.context import (
    MAX_CHOICE_NAME,
    UNMETERED_FOR_MANAGERS,
    CommandDecorator,
    VersusContext,
    comparison_choices,
    hybrid_group,
    library_autocomplete,
    require_server_manager,
    subcommand,
    subgroup,
)

COMPARISON = BY_NAME["comparison"]
DEFAULT_LIBRARY = BY_NAME["default_library"]
CHANNELS = BY_NAME["freeform_channels"]
# Checked against the loaded knowledge, or changed one item at a time: subcommands of their own.
BESPOKE = frozenset({COMPARISON.name, DEFAULT_LIBRARY.name, CHANNELS.name})
VALUE_SETTINGS = tuple(spec for spec in SETTINGS if spec.command and spec.name not in BESPOKE)

SENT_BY_DM = "I've sent you this server's settings in a direct message."
FORUM_OPTED_IN = (
    " A new post is answered when I am at least as sure as `settings forum-confidence` (else"
    " kept for /gaps); later messages in it when someone mentions me."
)
THREADS_NOT_OPTED_IN = (
    "Threads and forum posts can't be opted in on their own: opt in their parent channel, "
    "and its threads and posts are answered too."
)

Autocomplete = Callable[[discord.Interaction, str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]


def _choice_autocomplete(kind: type[StrEnum]) -> Autocomplete:
    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(
                name=clip(f"{value} — {CHOICE_HELP[value]}", MAX_CHOICE_NAME), value=str(value)
            )
            for value in kind
            if value.startswith(current.strip().lower())
        ]

    return complete


def _with_last(
    choices: list[app_commands.Choice[str]], last: app_commands.Choice[str], current: str
) -> list[app_commands.Choice[str]]:
    """`choices` and, when it was typed or nothing else matches, `last` (e.g. "none")."""
    offer = last.value.startswith(current.strip().lower()) or not choices
    return [*choices[: MAX_CHOICES - 1], last] if offer else choices


async def _default_library_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    none = app_commands.Choice(name="none (answer for every library)", value=NO_LIBRARY)
    return _with_last(await library_autocomplete(interaction, current), none, current)


async def _comparison_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    bot = cast(Versus, interaction.client)
    title = f"default ({bot.default_comparison.title})"
    default = app_commands.Choice(name=clip(title, MAX_CHOICE_NAME), value=DEFAULT_COMPARISON[0])
    return _with_last(comparison_choices(bot.engine.kb, current), default, current)


async def _save(
    ctx: VersusContext, edit: Edit, besides: Callable[[GuildSettings], str] = lambda _: ""
) -> None:
    """Save a checked change and say it is done, with what `besides` says of the settings
    after it."""
    assert ctx.guild is not None  # require_server_manager
    await ctx.defer(ephemeral=True)  # the write may outlast Discord's 3-second window
    after = await ctx.host.store.modify(ctx.guild.id, edit.change)
    await ctx.tell(edit.done + besides(after))


def _as_text(embed: discord.Embed) -> str:
    return "\n".join(f"{f.name}: {f.value}" for f in embed.fields)


async def _sent_privately(ctx: VersusContext, parts: dict[str, Any]) -> bool:
    """Settings asked for by prefix go to the admin's DMs (a prefix command has no private
    reply); False if their DMs are closed, so the channel gets them instead."""
    try:
        await ctx.author.send(**parts)
    except discord.Forbidden:
        return False
    return True


def _typed_subcommand(ctx: VersusContext) -> str | None:
    """The word after a group's name in a prefix command (`!settings prefx ?` → prefx)."""
    typed = ctx.view.read_rest().split(maxsplit=1) if ctx.interaction is None else []
    return typed[0] if typed else None


def _no_such_subcommand(group: commands.HybridGroup[Any, ..., Any], typed: str) -> str:
    names = ", ".join(sorted(command.name for command in group.commands))
    return f"There is no `{group.qualified_name} {echo(typed)}`. Subcommands: {names}."


def setting_command(group: commands.HybridGroup[Any, ..., Any], spec: Setting) -> CommandDecorator:
    """The subcommand `settings <command>` of `spec`, described as the registry says."""
    assert spec.command is not None, f"{spec.name} has no subcommand of its own"
    return subcommand(group, name=spec.command, description=spec.summary)


def value_command(
    group: commands.HybridGroup[Any, ..., Any], spec: Setting
) -> commands.HybridCommand[Any, ..., None]:
    """`settings <command> <value>` for a setting whose parser is all it needs."""

    async def set_value(
        self: commands.Cog,
        ctx: VersusContext,
        *,
        value: str = commands.parameter(displayed_name=spec.option),
    ) -> None:
        await _save(ctx, value_edit(spec, value))

    # A method of the cog, as discord.py tells them apart (and the cog's attribute name).
    set_value.__name__ = f"set_{spec.name}"
    set_value.__qualname__ = f"Settings.{set_value.__name__}"
    callback = app_commands.rename(value=spec.option)(
        app_commands.describe(value=spec.description)(set_value)
    )
    if spec.choices is not None:
        callback = app_commands.autocomplete(value=_choice_autocomplete(spec.choices))(callback)
    return setting_command(group, spec)(callback)


def _cannot_write_warning(channel: discord.TextChannel | discord.ForumChannel) -> str:
    """A warning when the bot may not answer in an opted-in channel, naming what it lacks (in
    a forum it answers inside posts, which takes Send Messages in Threads)."""
    mine = channel.permissions_for(channel.guild.me)
    sending = (
        ("Send Messages in Threads", mine.send_messages_in_threads)
        if isinstance(channel, discord.ForumChannel)
        else ("Send Messages", mine.send_messages)
    )
    missing = [name for name, granted in (("View Channel", mine.view_channel), sending) if not granted]
    if not missing:
        return ""
    return f" ⚠️ But I can't answer there: I lack {' and '.join(missing)} in that channel."


_CHANNEL_REF = re.compile(r"^\s*(?:<#(\d+)>|(\d+))\s*$")


def _channel_id(guild: discord.Guild, typed: str) -> int | None:
    """The channel an admin means: `<#id>`, a bare id (of a deleted channel too), or a name."""
    match = _CHANNEL_REF.match(typed)
    if match:
        return int(match.group(1) or match.group(2))
    named = discord.utils.get(guild.channels, name=typed.strip().lstrip("#"))
    return named.id if named else None


async def _opted_in_autocomplete(
    interaction: discord.Interaction[Versus], current: str
) -> list[app_commands.Choice[str]]:
    """The opted-in channels, by name, or by id for a channel that no longer exists."""
    guild = interaction.guild
    if guild is None:
        return []
    channels = interaction.client.settings_for(guild).freeform_channels
    choices = []
    for channel_id in sorted(channels):
        found = guild.get_channel(channel_id)
        name = f"#{found.name}" if found else f"deleted channel {channel_id}"
        if current.strip().lstrip("#").lower() in name.lower():
            choices.append(app_commands.Choice(name=name[:MAX_CHOICE_NAME], value=str(channel_id)))
    return choices[:MAX_CHOICES]


class Settings(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot

    async def cog_check(self, ctx: VersusContext) -> bool:  # type: ignore[override]  # every context is one
        return await require_server_manager(ctx)

    @hybrid_group(name="settings", fallback="show", extras={UNMETERED_FOR_MANAGERS: True})
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def settings(self, ctx: VersusContext) -> None:
        """Show this server's Versus settings."""
        assert ctx.guild is not None
        typed = _typed_subcommand(ctx)
        if typed is not None and typed.lower() != "show":  # `!settings prefx ?` must not silently show
            await ctx.tell(_no_such_subcommand(self.settings, typed))
            return
        embed = discord.Embed(title=f"Versus settings for {ctx.guild.name}", colour=discord.Colour.teal())
        rows = describe(
            ctx.settings,
            default_prefix=self.bot.config.prefix,
            answering=self.bot.answering_comparison(ctx.guild),
        )
        for label, value in rows:
            embed.add_field(name=label, value=clip(value, FIELD_VALUE_LIMIT), inline=False)
        parts: dict[str, Any] = {"embed": embed} if ctx.use_embeds else {"content": _as_text(embed)}
        if ctx.interaction is None and await _sent_privately(ctx, parts):
            await ctx.tell(SENT_BY_DM)
        else:
            await ctx.tell(parts.get("content"), embed=parts.get("embed"))

    # Every setting whose parser is all it needs: its subcommand, made from the registry. A
    # class body is a namespace: each becomes an attribute of the cog, as discord.py wants.
    for _spec in VALUE_SETTINGS:
        vars()[f"set_{_spec.name}"] = value_command(settings, _spec)
    del _spec

    @setting_command(settings, COMPARISON)
    @app_commands.describe(comparison=COMPARISON.description)
    @app_commands.autocomplete(comparison=_comparison_autocomplete)
    async def set_comparison(self, ctx: VersusContext, *, comparison: str) -> None:
        before = ctx.settings.default_library

        def cleared(after: GuildSettings) -> str:
            if before is None or after.default_library is not None:
                return ""
            return f" The default library `{before}` belongs to another comparison, so it was cleared."

        await _save(ctx, comparison_edit(self.bot.engine, comparison), cleared)

    @setting_command(settings, DEFAULT_LIBRARY)
    @app_commands.describe(library=DEFAULT_LIBRARY.description)
    @app_commands.autocomplete(library=_default_library_autocomplete)
    async def set_default_library(self, ctx: VersusContext, *, library: str) -> None:
        answering = self.bot.answering_comparison(ctx.guild)
        await _save(ctx, library_edit(self.bot.engine, answering, library))

    @subgroup(settings, name="channel", fallback="list")
    async def channel(self, ctx: VersusContext) -> None:
        """List the channels opted in to free-form answers."""
        typed = _typed_subcommand(ctx)
        if typed is not None and typed.lower() != "list":  # `!settings channel ad #x` must not list
            await ctx.tell(_no_such_subcommand(self.channel, typed))
            return
        channels = ", ".join(f"<#{c}>" for c in sorted(ctx.settings.freeform_channels)) or "none"
        await ctx.tell(f"Opted-in channels: {channels}")

    @subcommand(channel, name="add")
    @app_commands.describe(channel=CHANNELS.description)
    async def channel_add(
        self, ctx: VersusContext, channel: discord.TextChannel | discord.ForumChannel | discord.Thread
    ) -> None:
        """Opt a channel or a forum in to free-form answers."""
        assert ctx.guild is not None
        if isinstance(channel, discord.Thread):
            raise SettingError(THREADS_NOT_OPTED_IN)
        await ctx.defer(ephemeral=True)
        settings = await self.bot.store.add_freeform_channel(ctx.guild.id, channel.id)
        what = FORUM_OPTED_IN if isinstance(channel, discord.ForumChannel) else ""
        hint = (
            "" if settings.freeform is Freeform.CHANNELS else " Turn it on with `settings freeform channels`."
        )
        await ctx.tell(f"{channel.mention} opted in.{what}{hint}{_cannot_write_warning(channel)}")

    @subcommand(channel, name="remove")
    @app_commands.describe(channel="The channel to opt out: #channel, or its id (a deleted channel's too)")
    @app_commands.autocomplete(channel=_opted_in_autocomplete)
    async def channel_remove(self, ctx: VersusContext, *, channel: str) -> None:
        """Opt a channel out of free-form answers (by mention, name or id)."""
        assert ctx.guild is not None
        opted_in = ctx.settings.freeform_channels
        channel_id = _channel_id(ctx.guild, str(channel))
        if channel_id is None or channel_id not in opted_in:
            listed = ", ".join(f"<#{c}> ({c})" for c in sorted(opted_in)) or "none"
            await ctx.tell(f"That channel is not opted in. Opted in: {clip(listed, FIELD_VALUE_LIMIT)}")
            return
        await ctx.defer(ephemeral=True)
        await self.bot.store.remove_freeform_channel(ctx.guild.id, channel_id)
        await ctx.tell(f"<#{channel_id}> ({channel_id}) opted out.")

    @subcommand(settings, name="reset")
    async def reset(self, ctx: VersusContext) -> None:
        """Put every setting back to its default."""
        assert ctx.guild is not None
        await ctx.defer(ephemeral=True)
        await self.bot.store.reset(ctx.guild.id)
        await ctx.tell("All settings are back to their defaults.")


async def setup(bot: Versus) -> None:
    await bot.add_cog(Settings(bot))
