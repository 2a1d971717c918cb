"""Discord-side helpers every cog shares: the command context, permission checks and
autocomplete sources.

`VersusContext` knows the server's settings (from the store's cache) and sends an engine
`Answer` the way the server wants it: embed or text, public or ephemeral.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answer import CONTENT_LIMIT, Answer, clip
from bot.discord_render import message_parts
from bot.matching import EntityKind
from bot.settings import GuildSettings, Style, Visibility

MAX_CHOICE_NAME = 100


class NotServerManager(commands.CheckFailure):
    """The member lacks Manage Server."""


class VersusContext(commands.Context):
    @property
    def settings(self) -> GuildSettings:
        return self.bot.settings_for(self.guild)

    @property
    def use_embeds(self) -> bool:
        """Embeds unless the server chose text or the bot may not embed links here."""
        return self.settings.style is Style.EMBED and self.bot_permissions.embed_links

    async def send_answer(self, answer: Answer) -> discord.Message | None:
        """Send an engine answer in the server's style and visibility."""
        private = self.settings.visibility is Visibility.PRIVATE
        return await self.send(**message_parts(answer, as_embed=self.use_embeds), ephemeral=private)

    async def tell(self, text: str) -> discord.Message | None:
        """A short message to the invoker: ephemeral for slash commands, a reply otherwise."""
        return await self.reply(clip(text, CONTENT_LIMIT), ephemeral=True)


async def require_server_manager(ctx: VersusContext) -> bool:
    """Only members with Manage Server, only in servers — for prefix and slash alike.

    `default_permissions` merely hides a slash command; this check is what enforces it.
    """
    if ctx.guild is None:
        raise commands.NoPrivateMessage("Settings belong to a server: use this command in one.")
    if not ctx.permissions.manage_guild:
        raise NotServerManager("You need the **Manage Server** permission to change Versus's settings.")
    return True


# Autocomplete ---------------------------------------------------------------------------------


def _choices(
    interaction: discord.Interaction, current: str, kind: EntityKind
) -> list[app_commands.Choice[str]]:
    engine = interaction.client.engine  # type: ignore[attr-defined]
    return [
        app_commands.Choice(name=entity.name[:MAX_CHOICE_NAME], value=entity.key)
        for entity in engine.matcher.complete(current, kind)
    ]


async def aspect_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return _choices(interaction, current, EntityKind.ASPECT)


async def library_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return _choices(interaction, current, EntityKind.LIBRARY)
