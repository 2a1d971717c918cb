"""The bot's own permissions per channel, worked out once and kept until something that can
change them happens, with what they let it do with a message there (`ChannelRights`).

discord.py works them out from the server's roles, the bot's roles and the channel's
overwrites on every call: tens of microseconds, more than answering a known question, and
Versus needs them before every message it sends (may it send here? reply? embed?). Kept per
channel, they are all dropped whenever discord.py applies a gateway event that can change
one of those inputs (`CHANGING_EVENTS`; `Versus` listens to them): both views change at the
same moment. A timed-out bot's permissions are never kept: a timeout ends without an event.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class ChannelRights:
    """What the bot's `permissions` in a channel let it do with a message there: `send` one
    (else `lacking` names the permission missing), as a `reply` (Discord refuses replies
    without Read Message History), with an `embed` (Embed Links)."""

    permissions: discord.Permissions
    send: bool
    reply: bool
    embed: bool
    lacking: str

    @classmethod
    def of(cls, permissions: discord.Permissions, *, in_thread: bool) -> ChannelRights:
        needed = "Send Messages in Threads" if in_thread else "Send Messages"
        allowed = permissions.send_messages_in_threads if in_thread else permissions.send_messages
        send = permissions.view_channel and allowed
        return cls(
            permissions,
            send,
            permissions.read_message_history,
            permissions.embed_links,
            "" if send else needed,
        )


class BotPermissions:
    """The bot's rights in guild channels, by channel id."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._by_channel: dict[int, ChannelRights] = {}

    def __len__(self) -> int:
        return len(self._by_channel)

    def in_channel(self, channel: discord.abc.GuildChannel | discord.Thread) -> ChannelRights:
        """What `channel.permissions_for(the bot)` allows, from memory when nothing changed
        since."""
        rights = self._by_channel.get(channel.id)
        if rights is None:
            me = channel.guild.me
            rights = ChannelRights.of(
                channel.permissions_for(me), in_thread=isinstance(channel, discord.Thread)
            )
            if me.timed_out_until is None:
                if len(self._by_channel) >= self.capacity:
                    self._by_channel.clear()
                self._by_channel[channel.id] = rights
        return rights

    def forget(self) -> None:
        """Something that can change permissions happened: work them all out again."""
        self._by_channel.clear()
