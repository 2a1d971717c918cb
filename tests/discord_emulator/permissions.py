"""Discord permission bits and permission resolution, exactly as Discord computes them.

`resolve_permissions` is a pure function of primitive data so it can be tested on its own
and checked against discord.py's `GuildChannel.permissions_for`:

1. the guild owner has every permission;
2. base = @everyone role permissions | permissions of each of the member's roles;
3. ADMINISTRATOR in the base → every permission (channel overwrites are ignored);
4. in a channel: apply the @everyone overwrite, then all of the member's role overwrites
   together (deny first, then allow), then the member's own overwrite;
5. implicit rules: without VIEW_CHANNEL nothing is left; without SEND_MESSAGES the
   permissions that only make sense when sending (TTS, @everyone, embeds, files) go too.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass


class Permission(enum.IntFlag):
    """The permission bits the emulator's fixture and checks use (Discord's values)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_TTS_MESSAGES = 1 << 12
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CHANGE_NICKNAME = 1 << 26
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    CREATE_PUBLIC_THREADS = 1 << 35
    SEND_MESSAGES_IN_THREADS = 1 << 38


# Every permission Discord defines (what an owner or administrator gets).
ALL_PERMISSIONS = 0x1F_7FFF_FFFF_FFFF

# What an app gets in a DM with a user (Discord's `app_permissions` there).
DM_PERMISSIONS = int(
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.ADD_REACTIONS
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.MENTION_EVERYONE
    | Permission.USE_APPLICATION_COMMANDS
)

_NEEDS_SEND = int(
    Permission.SEND_TTS_MESSAGES
    | Permission.MENTION_EVERYONE
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
)


class OverwriteType(enum.IntEnum):
    """Whom a channel permission overwrite targets."""

    ROLE = 0
    MEMBER = 1


@dataclass(frozen=True)
class Overwrite:
    """A channel permission overwrite: bits to allow and to deny for a role or a member."""

    id: int
    type: OverwriteType
    allow: int = 0
    deny: int = 0


def resolve_permissions(
    *,
    guild_id: int,
    owner_id: int,
    role_permissions: Mapping[int, int],
    member_id: int,
    member_role_ids: Collection[int],
    overwrites: Sequence[Overwrite] | None = None,
) -> int:
    """A member's permissions in a guild (`overwrites=None`) or in a channel.

    `role_permissions` maps every role id of the guild, including @everyone (whose id is
    the guild id), to its permission bits.
    """
    if member_id == owner_id:
        return ALL_PERMISSIONS
    base = role_permissions.get(guild_id, 0)
    for role_id in member_role_ids:
        base |= role_permissions.get(role_id, 0)
    if base & Permission.ADMINISTRATOR:
        return ALL_PERMISSIONS
    if overwrites is None:
        return base
    return _implicit(_apply_overwrites(base, guild_id, member_id, member_role_ids, overwrites))


def _apply_overwrites(
    base: int,
    guild_id: int,
    member_id: int,
    member_role_ids: Collection[int],
    overwrites: Sequence[Overwrite],
) -> int:
    roles = [o for o in overwrites if o.type is OverwriteType.ROLE]
    for everyone in (o for o in roles if o.id == guild_id):
        base = (base & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for overwrite in roles:
        if overwrite.id != guild_id and overwrite.id in member_role_ids:
            allow |= overwrite.allow
            deny |= overwrite.deny
    base = (base & ~deny) | allow
    for own in (o for o in overwrites if o.type is OverwriteType.MEMBER and o.id == member_id):
        base = (base & ~own.deny) | own.allow
    return base


def _implicit(permissions: int) -> int:
    if not permissions & Permission.VIEW_CHANNEL:
        return 0
    if not permissions & Permission.SEND_MESSAGES:
        return permissions & ~_NEEDS_SEND
    return permissions
