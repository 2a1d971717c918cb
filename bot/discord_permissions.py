"""The bot's own permissions per channel, worked out once and kept until something that can
change them happens.

discord.py works them out from the server's roles, the bot's roles and the channel's
overwrites on every call: tens of microseconds, more than answering a known question, and
Versus needs them before every message it sends (may it send here? reply? embed?). Kept per
channel, they are all dropped whenever discord.py applies a gateway event that can change
one of those inputs (`CHANGING_EVENTS`; `Versus` listens to them): both views change at the
same moment. A timed-out bot's permissions are never kept: a timeout ends without an event.
"""

from __future__ import annotations

import discord

CAPACITY = 50_000  # channels; past it, everything is dropped and worked out again
# discord.py events after which permissions may differ: roles, channels and threads, the
# server (its owner), the bot's member (roles, timeout), servers arriving or coming back.
CHANGING_EVENTS = (
    "guild_role_create",
    "guild_role_update",
    "guild_role_delete",
    "guild_channel_update",
    "thread_update",
    "guild_update",
    "member_update",
    "guild_join",
    "guild_available",
    "ready",
)


class BotPermissions:
    """The bot's permissions in guild channels, by channel id."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._by_channel: dict[int, discord.Permissions] = {}

    def __len__(self) -> int:
        return len(self._by_channel)

    def in_channel(
        self, channel: discord.abc.GuildChannel | discord.Thread, me: discord.Member
    ) -> discord.Permissions:
        """`channel.permissions_for(me)`, from memory when nothing changed since. Shared: read only."""
        permissions = self._by_channel.get(channel.id)
        if permissions is None:
            permissions = channel.permissions_for(me)
            if me.timed_out_until is None:
                if len(self._by_channel) >= self.capacity:
                    self._by_channel.clear()
                self._by_channel[channel.id] = permissions
        return permissions

    def forget(self) -> None:
        """Something that can change permissions happened: work them all out again."""
        self._by_channel.clear()
