"""JSON shapes of Discord objects (API v10), built from the world's frozen data.

Ids are strings and permission bits are strings, as Discord sends them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .snowflake import snowflake_unix_ms
from .world import Channel, Guild, Member, Role, User, World

JSON = dict[str, Any]

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")

# Message types and flags discord.py looks at.
DEFAULT_MESSAGE = 0
REPLY_MESSAGE = 19
CHAT_INPUT_COMMAND_MESSAGE = 20
EPHEMERAL_FLAG = 1 << 6
LOADING_FLAG = 1 << 7


def iso_timestamp(snowflake: int) -> str:
    """The ISO 8601 timestamp Discord gives an object with this id."""
    seconds = snowflake_unix_ms(snowflake) / 1000
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).isoformat()


def now_iso() -> str:
    """The current time in Discord's timestamp format."""
    return datetime.datetime.now(datetime.UTC).isoformat()


def user_payload(user: User) -> JSON:
    """A user object."""
    data: JSON = {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": None,
        "public_flags": 0,
    }
    if user.bot:
        data["bot"] = True
    return data


def self_user_payload(user: User) -> JSON:
    """The bot's own user object (`GET /users/@me`, READY)."""
    return {
        **user_payload(user),
        "verified": True,
        "mfa_enabled": False,
        "flags": 0,
        "email": None,
        "locale": "en-US",
    }


def member_payload(member: Member, user: User | None, permissions: int | None = None) -> JSON:
    """A guild member object; `user` is omitted where Discord omits it (message authors)."""
    data: JSON = {
        "roles": [str(role_id) for role_id in member.role_ids],
        "joined_at": member.joined_at,
        "nick": None,
        "avatar": None,
        "banner": None,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if user is not None:
        data["user"] = user_payload(user)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def role_payload(role: Role) -> JSON:
    """A role object."""
    data: JSON = {
        "id": str(role.id),
        "name": role.name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": role.position,
        "permissions": str(role.permissions),
        "managed": role.bot_id is not None,
        "mentionable": False,
        "flags": 0,
    }
    if role.bot_id is not None:
        data["tags"] = {"bot_id": str(role.bot_id)}
    return data


def channel_payload(channel: Channel) -> JSON:
    """A guild channel object, permission overwrites included."""
    return {
        "id": str(channel.id),
        "type": channel.kind,
        "guild_id": str(channel.guild_id),
        "name": channel.name,
        "position": channel.position,
        "permission_overwrites": [
            {
                "id": str(o.id),
                "type": int(o.type),
                "allow": str(o.allow),
                "deny": str(o.deny),
            }
            for o in channel.overwrites
        ],
        "topic": channel.topic,
        "nsfw": False,
        "parent_id": None,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "flags": 0,
    }


def thread_payload(thread: Channel, *, message_count: int = 0, newly_created: bool = False) -> JSON:
    """A thread channel object (type 11); `message_count` excludes a forum post's starter
    message, as on Discord; `newly_created` marks the THREAD_CREATE of a new thread."""
    created = iso_timestamp(thread.id)
    data: JSON = {
        "id": str(thread.id),
        "type": thread.kind,
        "guild_id": str(thread.guild_id),
        "parent_id": str(thread.parent_id),
        "owner_id": str(thread.owner_id),
        "name": thread.name,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
        "message_count": message_count,
        "total_message_sent": message_count,
        "member_count": 1,
        "applied_tags": [],
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": thread.auto_archive_duration,
            "archive_timestamp": created,
            "locked": False,
            "create_timestamp": created,
        },
    }
    if newly_created:
        data["newly_created"] = True
    return data


def dm_channel_payload(channel_id: int, recipient: User) -> JSON:
    """A DM channel object."""
    return {
        "id": str(channel_id),
        "type": 1,
        "last_message_id": None,
        "flags": 0,
        "recipients": [user_payload(recipient)],
    }


def guild_payload(guild: Guild) -> JSON:
    """A guild object without its gateway-only fields (`GET /guilds/{id}`)."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "system_channel_id": str(guild.channels[0].id),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "features": [],
        "roles": [role_payload(role) for role in guild.roles],
        "emojis": [],
        "stickers": [],
    }


def guild_create_payload(guild: Guild, world: World, *, with_all_members: bool) -> JSON:
    """GUILD_CREATE data. Without GUILD_MEMBERS Discord sends only the bot's own member
    (but the true `member_count`); with it, every member, so discord.py sees the guild as
    chunked and asks for nothing more."""
    members = guild.members
    if not with_all_members:
        members = tuple(m for m in members if m.user_id == world.bot.id)
    return {
        **guild_payload(guild),
        "unavailable": False,
        "joined_at": guild.members[-1].joined_at,
        "large": False,
        "member_count": len(guild.members),
        "members": [member_payload(m, world.user(m.user_id)) for m in members],
        "channels": [channel_payload(channel) for channel in guild.channels],
        "threads": [thread_payload(thread) for thread in guild.threads],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def mentions_payload(content: str, world: World, guild: Guild | None) -> tuple[list[JSON], list[str]]:
    """The `mentions` (users, with their member when in a guild) and `mention_roles` of a
    message's content."""
    users: list[JSON] = []
    for user_id in dict.fromkeys(int(m) for m in USER_MENTION.findall(content)):
        user = world.user_by_id(user_id)
        if user is None:
            continue
        entry = user_payload(user)
        member = guild.member(user_id) if guild else None
        if member is not None:
            entry["member"] = member_payload(member, None)
        users.append(entry)
    roles = list(dict.fromkeys(ROLE_MENTION.findall(content))) if guild else []
    return users, roles


def message_payload(
    *,
    message_id: int,
    channel_id: int,
    author: User,
    content: str,
    embeds: Iterable[JSON] = (),
    mentions: Iterable[JSON] = (),
    mention_roles: Iterable[str] = (),
    message_type: int = DEFAULT_MESSAGE,
    flags: int = 0,
    extra: Mapping[str, Any] | None = None,
) -> JSON:
    """A message object as REST returns it (the gateway adds `guild_id` and `member`)."""
    data: JSON = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": user_payload(author),
        "content": content,
        "timestamp": iso_timestamp(message_id),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": list(mentions),
        "mention_roles": list(mention_roles),
        "attachments": [],
        "embeds": list(embeds),
        "components": [],
        "pinned": False,
        "type": message_type,
        "flags": flags,
    }
    if extra:
        data.update(extra)
    return data
