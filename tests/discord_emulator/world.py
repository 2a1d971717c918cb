"""The emulated world: users, one fully populated guild (plus optional bare ones), permissions.

The main guild is what the bot's tests need:

- users: `owner` (owns the guild), `admin` (role "Admin": Manage Server), `admin2` (role
  "Moderators": Administrator), `member` (no role), `other_bot` (another bot account),
  and `bot` (the bot under test, whose managed role "Versus" grants Send Messages, Embed
  Links, Read Message History and friends);
- channels: `general` (no overwrites), `no-embeds` (Embed Links denied to the bot's role),
  `opted-in` (no overwrites, for opt-in tests), `locked` (Send Messages denied to
  @everyone, allowed to the bot's role), and `help-forum`, a forum channel.

Threads (started from a message, or forum posts) are `Channel`s of kind PUBLIC_THREAD with a
`parent_id`, kept in their guild's `threads`; they resolve permissions with their parent's
overwrites, as on Discord.

Extra members (for load tests) are a crowd of role-less main-guild members, the `n`-th
(from 0) with fixture key `crowd_user(n)` ("user07") and a channel of their own named
`crowd_channel(n)` ("room-07", no overwrites).

Extra guilds (for sharding tests) hold the owner, the bot and a `general` channel; their ids
are one millisecond apart so that consecutive guilds fall on different shards.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass

from .permissions import Overwrite, OverwriteType, Permission, resolve_permissions
from .snowflake import new_snowflake, snowflake_at

EVERYONE_PERMISSIONS = int(
    Permission.CREATE_INSTANT_INVITE
    | Permission.ADD_REACTIONS
    | Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.CHANGE_NICKNAME
    | Permission.USE_APPLICATION_COMMANDS
)
BOT_ROLE_PERMISSIONS = int(
    Permission.VIEW_CHANNEL
    | Permission.SEND_MESSAGES
    | Permission.SEND_MESSAGES_IN_THREADS
    | Permission.CREATE_PUBLIC_THREADS
    | Permission.EMBED_LINKS
    | Permission.ATTACH_FILES
    | Permission.READ_MESSAGE_HISTORY
    | Permission.ADD_REACTIONS
    | Permission.USE_EXTERNAL_EMOJIS
    | Permission.USE_APPLICATION_COMMANDS
)
JOINED_AT = "2024-01-15T12:00:00.000000+00:00"


@dataclass(frozen=True)
class User:
    """A Discord account."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False


@dataclass(frozen=True)
class Role:
    """A guild role; `bot_id` is set for a bot's managed integration role."""

    id: int
    name: str
    permissions: int
    position: int
    bot_id: int | None = None


TEXT_CHANNEL, PUBLIC_THREAD, FORUM_CHANNEL = 0, 11, 15  # Discord's channel types


@dataclass(frozen=True)
class Channel:
    """A guild channel: a text channel unless `kind` says otherwise (Discord's channel type).

    A thread (PUBLIC_THREAD) has a `parent_id` (the channel it is in) and an `owner_id` (who
    started it); its own `overwrites` are unused: its parent's apply."""

    id: int
    name: str
    guild_id: int
    position: int
    overwrites: tuple[Overwrite, ...] = ()
    topic: str | None = None
    kind: int = TEXT_CHANNEL
    parent_id: int | None = None
    owner_id: int | None = None
    auto_archive_duration: int = 1440

    @property
    def is_thread(self) -> bool:
        """Whether this is a thread (of a text or forum channel)."""
        return self.parent_id is not None


@dataclass(frozen=True)
class Member:
    """A user's membership of a guild."""

    user_id: int
    role_ids: tuple[int, ...] = ()
    joined_at: str = JOINED_AT


@dataclass(frozen=True)
class Guild:
    """A guild with its roles (the first is @everyone), channels and members."""

    id: int
    name: str
    owner_id: int
    roles: tuple[Role, ...]
    channels: tuple[Channel, ...]
    members: tuple[Member, ...]
    threads: tuple[Channel, ...] = ()

    @functools.cached_property
    def role_permissions(self) -> Mapping[int, int]:
        """Role id → permission bits, @everyone included."""
        return {role.id: role.permissions for role in self.roles}

    @functools.cached_property
    def _members_by_id(self) -> Mapping[int, Member]:
        return {member.user_id: member for member in self.members}

    @functools.cached_property
    def _channels_by_id(self) -> Mapping[int, Channel]:
        return {channel.id: channel for channel in (*self.channels, *self.threads)}

    def member(self, user_id: int) -> Member | None:
        """The member for a user id, or None if the user is not in this guild."""
        return self._members_by_id.get(user_id)

    def channel(self, channel_id: int) -> Channel | None:
        """The channel (or thread) with this id, or None."""
        return self._channels_by_id.get(channel_id)

    def role(self, role_id: int) -> Role | None:
        """The role with this id (@everyone's is the guild's id), or None."""
        return next((role for role in self.roles if role.id == role_id), None)

    def channel_named(self, name: str) -> Channel:
        """The channel with this name (KeyError if there is none)."""
        for channel in self.channels:
            if channel.name == name:
                return channel
        raise KeyError(f"guild {self.name!r} has no channel {name!r}")

    def permissions_for(self, user_id: int, channel_id: int | None = None) -> int:
        """A member's permissions in the guild, or in one of its channels."""
        member = self.member(user_id)
        if member is None:
            return 0
        channel = None if channel_id is None else self._channels_by_id[channel_id]
        if channel is not None and channel.parent_id is not None:
            channel = self._channels_by_id[channel.parent_id]  # a thread: its parent's overwrites
        return resolve_permissions(
            guild_id=self.id,
            owner_id=self.owner_id,
            role_permissions=self.role_permissions,
            member_id=user_id,
            member_role_ids=frozenset(member.role_ids),
            overwrites=None if channel is None else channel.overwrites,
        )


@dataclass(frozen=True)
class FixtureIds:
    """Every id a test needs, by role in the fixture."""

    bot: int
    application: int
    owner: int
    admin: int
    admin2: int
    member: int
    other_bot: int
    guild: int
    extra_guilds: tuple[int, ...]
    roles: Mapping[str, int]
    channels: Mapping[str, int]


@dataclass(frozen=True)
class World:
    """All users (by fixture key) and guilds; `guilds[0]` is the main guild."""

    users: Mapping[str, User]
    guilds: tuple[Guild, ...]

    @property
    def bot(self) -> User:
        """The bot under test (its id is also the application id, as on Discord)."""
        return self.users["bot"]

    @property
    def main_guild(self) -> Guild:
        """The fully populated guild."""
        return self.guilds[0]

    @functools.cached_property
    def _users_by_id(self) -> Mapping[int, User]:
        return {user.id: user for user in self.users.values()}

    @functools.cached_property
    def _channel_index(self) -> Mapping[int, tuple[Guild, Channel]]:
        return {
            channel.id: (guild, channel)
            for guild in self.guilds
            for channel in (*guild.channels, *guild.threads)
        }

    def user(self, ref: str | int) -> User:
        """A user by fixture key ("member") or id (KeyError if unknown)."""
        if isinstance(ref, str):
            return self.users[ref]
        return self._users_by_id[ref]

    def user_by_id(self, user_id: int) -> User | None:
        """A user by id, or None."""
        return self._users_by_id.get(user_id)

    @functools.cached_property
    def _guilds_by_id(self) -> Mapping[int, Guild]:
        return {guild.id: guild for guild in self.guilds}

    def guild(self, guild_id: int) -> Guild | None:
        """A guild by id, or None."""
        return self._guilds_by_id.get(guild_id)

    def without_channel(self, channel_id: int) -> World:
        """This world after a channel is deleted (its threads go with it)."""
        place = self.guild_channel(channel_id)
        if place is None:
            raise KeyError(f"no guild channel {channel_id}")
        guild = place[0]
        kept = tuple(c for c in guild.channels if c.id != channel_id)
        threads = tuple(t for t in guild.threads if channel_id not in (t.id, t.parent_id))
        return self._replacing(guild, dataclasses.replace(guild, channels=kept, threads=threads))

    def with_channel(self, channel: Channel) -> World:
        """This world after a guild channel was edited: `channel` replaces the one with its id."""
        place = self.guild_channel(channel.id)
        if place is None:
            raise KeyError(f"no guild channel {channel.id}")
        guild = place[0]
        channels = tuple(channel if c.id == channel.id else c for c in guild.channels)
        return self._replacing(guild, dataclasses.replace(guild, channels=channels))

    def with_thread(self, thread: Channel) -> World:
        """This world after a thread was started in one of a guild's channels."""
        guild = self.guild(thread.guild_id)
        if guild is None or thread.parent_id is None or guild.channel(thread.parent_id) is None:
            raise KeyError(f"no parent channel {thread.parent_id} for thread {thread.id}")
        return self._replacing(guild, dataclasses.replace(guild, threads=(*guild.threads, thread)))

    def with_role(self, role: Role) -> World:
        """This world after a role was edited: `role` replaces the one with its id."""
        guild = self.role_guild(role.id)
        if guild is None:
            raise KeyError(f"no role {role.id}")
        roles = tuple(role if r.id == role.id else r for r in guild.roles)
        return self._replacing(guild, dataclasses.replace(guild, roles=roles))

    def role_guild(self, role_id: int) -> Guild | None:
        """The guild that has the role with this id (@everyone's id is its guild's), or None."""
        return next((g for g in self.guilds if g.role(role_id) is not None), None)

    def _replacing(self, guild: Guild, changed: Guild) -> World:
        return dataclasses.replace(self, guilds=tuple(changed if g is guild else g for g in self.guilds))

    def without_guild(self, guild_id: int) -> World:
        """This world after the bot left a guild."""
        return dataclasses.replace(self, guilds=tuple(g for g in self.guilds if g.id != guild_id))

    def with_guild(self, guild: Guild) -> World:
        """This world after the bot joined `guild`."""
        return dataclasses.replace(self, guilds=(*self.guilds, guild))

    def guild_channel(self, channel_id: int) -> tuple[Guild, Channel] | None:
        """The guild and channel for a guild channel id, or None."""
        return self._channel_index.get(channel_id)

    @functools.cached_property
    def ids(self) -> FixtureIds:
        """The fixture's ids by role."""
        guild = self.main_guild
        role_keys = ("everyone", "bot", "moderators", "admin")
        return FixtureIds(
            bot=self.bot.id,
            application=self.bot.id,
            owner=self.users["owner"].id,
            admin=self.users["admin"].id,
            admin2=self.users["admin2"].id,
            member=self.users["member"].id,
            other_bot=self.users["other_bot"].id,
            guild=guild.id,
            extra_guilds=tuple(g.id for g in self.guilds[1:]),
            roles={key: role.id for key, role in zip(role_keys, guild.roles, strict=True)},
            channels={channel.name: channel.id for channel in guild.channels},
        )


def crowd_user(number: int) -> str:
    """The fixture key of the `number`-th extra member (from 0), e.g. "user07"."""
    return f"user{number:02d}"


def crowd_channel(number: int) -> str:
    """The name of the `number`-th extra member's own channel, e.g. "room-07"."""
    return f"room-{number:02d}"


def build_world(*, extra_guilds: int = 0, extra_members: int = 0) -> World:
    """A fresh world with new ids (see the module docstring for what it contains)."""
    users = _fixed_users() | _crowd_users(extra_members)
    now_ms = time.time_ns() // 1_000_000
    guild_ids = [snowflake_at(now_ms + offset) for offset in range(extra_guilds + 1)]
    main = _main_guild(guild_ids[0], users, extra_members)
    extras = tuple(_bare_guild(gid, n, users) for n, gid in enumerate(guild_ids[1:], start=2))
    return World(users=users, guilds=(main, *extras))


def _fixed_users() -> dict[str, User]:
    return {
        "bot": User(new_snowflake(), "versus", "Versus", bot=True),
        "owner": User(new_snowflake(), "owner", "Server Owner"),
        "admin": User(new_snowflake(), "admin", "An Admin"),
        "admin2": User(new_snowflake(), "admin2", "Another Admin"),
        "member": User(new_snowflake(), "member", "A Member"),
        "other_bot": User(new_snowflake(), "otherbot", "Other Bot", bot=True),
    }


def _crowd_users(count: int) -> dict[str, User]:
    return {crowd_user(n): User(new_snowflake(), crowd_user(n), f"Crowd Member {n}") for n in range(count)}


def _main_guild(guild_id: int, users: Mapping[str, User], crowd: int) -> Guild:
    bot = users["bot"]
    everyone = Role(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0)
    bot_role = Role(new_snowflake(), "Versus", BOT_ROLE_PERMISSIONS, 1, bot_id=bot.id)
    moderators = Role(new_snowflake(), "Moderators", int(Permission.ADMINISTRATOR), 2)
    admin = Role(new_snowflake(), "Admin", int(Permission.MANAGE_GUILD), 3)
    no_embeds = Overwrite(bot_role.id, OverwriteType.ROLE, deny=int(Permission.EMBED_LINKS))
    locked = (
        Overwrite(guild_id, OverwriteType.ROLE, deny=int(Permission.SEND_MESSAGES)),
        Overwrite(bot_role.id, OverwriteType.ROLE, allow=int(Permission.SEND_MESSAGES)),
    )
    channels = (
        Channel(new_snowflake(), "general", guild_id, 0, topic="General chat"),
        Channel(new_snowflake(), "no-embeds", guild_id, 1, (no_embeds,)),
        Channel(new_snowflake(), "opted-in", guild_id, 2),
        Channel(new_snowflake(), "locked", guild_id, 3, locked),
        Channel(new_snowflake(), "help-forum", guild_id, 4, kind=FORUM_CHANNEL),
    )
    members = (
        Member(users["owner"].id),
        Member(users["admin"].id, (admin.id,)),
        Member(users["admin2"].id, (moderators.id,)),
        Member(users["member"].id),
        Member(users["other_bot"].id),
        Member(bot.id, (bot_role.id,)),
    )
    return Guild(
        id=guild_id,
        name="Versus Test Server",
        owner_id=users["owner"].id,
        roles=(everyone, bot_role, moderators, admin),
        channels=channels + _crowd_channels(guild_id, len(channels), crowd),
        members=members + tuple(Member(users[crowd_user(n)].id) for n in range(crowd)),
    )


def _crowd_channels(guild_id: int, first_position: int, count: int) -> tuple[Channel, ...]:
    return tuple(
        Channel(new_snowflake(), crowd_channel(n), guild_id, first_position + n) for n in range(count)
    )


def _bare_guild(guild_id: int, number: int, users: Mapping[str, User]) -> Guild:
    bot = users["bot"]
    bot_role = Role(new_snowflake(), "Versus", BOT_ROLE_PERMISSIONS, 1, bot_id=bot.id)
    return Guild(
        id=guild_id,
        name=f"Extra Server {number}",
        owner_id=users["owner"].id,
        roles=(Role(guild_id, "@everyone", EVERYONE_PERMISSIONS, 0), bot_role),
        channels=(Channel(new_snowflake(), "general", guild_id, 0),),
        members=(Member(users["owner"].id), Member(bot.id, (bot_role.id,))),
    )
