"""The emulator's mutable state: the world as it stands, messages, DM channels, synced
commands, open interactions.

The world is a frozen snapshot that the driver's changes (a channel deleted or edited, a role
edited, a guild gone or back) replace as a whole, here only: the gateway announces from it and
REST serves and enforces permissions from it, so both always agree.

Messages are kept in their gateway shape (with `guild_id` and the author's `member` in
guilds), which REST also returns; discord.py accepts the extra keys. Only the most recent
MESSAGE_LIMIT messages and INTERACTION_LIMIT interactions are kept.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .interactions import Place
from .payloads import (
    EPHEMERAL_FLAG,
    JSON,
    member_payload,
    mentions_payload,
    message_payload,
    now_iso,
)
from .snowflake import new_snowflake
from .world import User, World

# Bounds that keep long benchmark runs flat in memory; older entries are forgotten.
MESSAGE_LIMIT = 10_000
INTERACTION_LIMIT = 1_000

COMMAND_KEYS = (
    "name",
    "name_localizations",
    "description",
    "description_localizations",
    "options",
    "default_member_permissions",
    "dm_permission",
    "nsfw",
    "contexts",
    "integration_types",
    "type",
)
_EMPTY: Mapping[str, Any] = {"content": "", "embeds": [], "components": [], "attachments": []}


@dataclass
class InteractionRecord:
    """An interaction the driver sent, and how the bot has answered it so far."""

    id: int
    token: str
    interaction_type: int
    place: Place
    created: float = field(default_factory=time.monotonic)
    response_type: int | None = None
    original_id: int | None = None
    loading: bool = False
    followup_ids: set[int] = field(default_factory=set)

    @property
    def channel_id(self) -> int:
        """The channel the interaction happened in."""
        return int(self.place.channel["id"])


class Store:
    """Everything the emulator remembers between requests."""

    def __init__(self, world: World) -> None:
        self.world = world  # replaced (never changed in place) by the gateway's driver methods
        self.messages: dict[int, JSON] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self._dm_by_user: dict[int, int] = {}
        self._dm_user_by_channel: dict[int, User] = {}
        self._commands: dict[int | None, dict[tuple[str, int], JSON]] = {}

    # -- messages ------------------------------------------------------------------------

    def compose(
        self,
        *,
        channel_id: int,
        author: User,
        content: str,
        embeds: Iterable[JSON] = (),
        message_type: int = 0,
        flags: int = 0,
        extra: Mapping[str, Any] | None = None,
        message_id: int | None = None,
    ) -> JSON:
        """A new message (not yet stored) with mentions, guild id and author member; a fresh
        id unless `message_id` (a forum post's starter message has its thread's id)."""
        place = self.world.guild_channel(channel_id)
        guild = place[0] if place else None
        mentions, mention_roles = mentions_payload(content, self.world, guild)
        message = message_payload(
            message_id=new_snowflake() if message_id is None else message_id,
            channel_id=channel_id,
            author=author,
            content=content,
            embeds=embeds,
            mentions=mentions,
            mention_roles=mention_roles,
            message_type=message_type,
            flags=flags,
            extra=extra,
        )
        member = guild.member(author.id) if guild else None
        if guild is not None:
            message["guild_id"] = str(guild.id)
        if member is not None:
            message["member"] = member_payload(member, None)
        return message

    def add(self, message: JSON) -> JSON:
        """Remember a message (the oldest is forgotten past MESSAGE_LIMIT); returns it."""
        self.messages[int(message["id"])] = message
        if len(self.messages) > MESSAGE_LIMIT:
            del self.messages[next(iter(self.messages))]
        return message

    def edit(self, message_id: int, changes: Mapping[str, Any], *, mark_edited: bool = True) -> JSON:
        """Apply an edit's fields to a stored message (content also refreshes mentions)."""
        message = self.messages[message_id]
        for key in ("content", "embeds", "components", "attachments"):
            if key in changes:  # null clears the field, as on Discord
                message[key] = changes[key] if changes[key] is not None else _EMPTY[key]
        if "content" in changes:
            guild = self.world.guild_channel(int(message["channel_id"]))
            mentions, roles = mentions_payload(message["content"], self.world, guild and guild[0])
            message["mentions"], message["mention_roles"] = mentions, roles
        if mark_edited:
            message["edited_timestamp"] = now_iso()
        return message

    def history(self, channel_id: int) -> list[JSON]:
        """A channel's visible messages, newest first."""
        return [
            m
            for m in reversed(self.messages.values())
            if int(m["channel_id"]) == channel_id and not m["flags"] & EPHEMERAL_FLAG
        ]

    def thread_message_count(self, thread_id: int) -> int:
        """How many messages a thread holds, its starter message (same id) not counted."""
        return sum(1 for m in self.history(thread_id) if int(m["id"]) != thread_id)

    # -- DM channels ---------------------------------------------------------------------

    def dm_channel(self, user: User) -> int:
        """The id of the bot's DM channel with a user (created on first use)."""
        if user.id not in self._dm_by_user:
            channel_id = new_snowflake()
            self._dm_by_user[user.id] = channel_id
            self._dm_user_by_channel[channel_id] = user
        return self._dm_by_user[user.id]

    def dm_recipient(self, channel_id: int) -> User | None:
        """The user on the other side of a DM channel, or None if it is not one."""
        return self._dm_user_by_channel.get(channel_id)

    # -- application commands ------------------------------------------------------------

    def commands(self, guild_id: int | None) -> list[JSON]:
        """The commands synced globally (None) or to one guild."""
        return list(self._commands.get(guild_id, {}).values())

    def overwrite_commands(self, guild_id: int | None, definitions: Iterable[JSON]) -> list[JSON]:
        """Bulk overwrite: same name and type keep their id; the rest are new or dropped."""
        old = self._commands.get(guild_id, {})
        new: dict[tuple[str, int], JSON] = {}
        for definition in definitions:
            key = (definition["name"], definition.get("type", 1))
            new[key] = self._command(guild_id, definition, old.get(key))
        self._commands[guild_id] = new
        return list(new.values())

    def upsert_command(self, guild_id: int | None, definition: JSON) -> JSON:
        """Create a command, or update the one with the same name and type."""
        scope = self._commands.setdefault(guild_id, {})
        key = (definition["name"], definition.get("type", 1))
        scope[key] = self._command(guild_id, definition, scope.get(key))
        return scope[key]

    def command_by_id(self, guild_id: int | None, command_id: int) -> JSON | None:
        """A synced command by id, or None."""
        return next((c for c in self.commands(guild_id) if int(c["id"]) == command_id), None)

    def edit_command(self, guild_id: int | None, command: JSON, changes: JSON) -> JSON:
        """Apply changes to a synced command, keeping its id."""
        scope = self._commands[guild_id]
        del scope[(command["name"], command["type"])]
        edited = self._command(guild_id, command | changes, command)
        scope[(edited["name"], edited["type"])] = edited
        return edited

    def delete_command(self, guild_id: int | None, command: JSON) -> None:
        """Forget a synced command."""
        del self._commands[guild_id][(command["name"], command["type"])]

    def find_command(self, name: str, guild_id: int | None) -> JSON | None:
        """The chat-input command a user would pick: the guild's first, then the global."""
        for scope in (guild_id, None) if guild_id is not None else (None,):
            command = self._commands.get(scope, {}).get((name, 1))
            if command is not None:
                return command
        return None

    def _command(self, guild_id: int | None, definition: JSON, previous: JSON | None) -> JSON:
        command: JSON = {key: definition[key] for key in COMMAND_KEYS if key in definition}
        command.setdefault("type", 1)
        command.setdefault("description", "")
        command.setdefault("options", [])
        command.setdefault("default_member_permissions", None)
        command.setdefault("nsfw", False)
        command |= {
            "id": previous["id"] if previous else str(new_snowflake()),
            "application_id": str(self.world.bot.id),
            "version": str(new_snowflake()),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command

    # -- interactions --------------------------------------------------------------------

    def open_interaction(self, interaction_type: int, place: Place) -> InteractionRecord:
        """Register a new interaction with a fresh snowflake id and token."""
        record = InteractionRecord(
            id=new_snowflake(),
            token=f"aW50ZXJhY3Rpb24.{secrets.token_urlsafe(48)}",
            interaction_type=interaction_type,
            place=place,
        )
        self.interactions[record.token] = record
        if len(self.interactions) > INTERACTION_LIMIT:
            del self.interactions[next(iter(self.interactions))]
        return record
