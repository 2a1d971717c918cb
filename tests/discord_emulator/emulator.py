"""`DiscordEmulator`: the loopback server and the driver API tests use to play the users."""

from __future__ import annotations

import asyncio
import base64
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web

from .gateway import Gateway, Session
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    CONTEXT_BOT_DM,
    CONTEXT_GUILD,
    MESSAGE_COMPONENT,
    MESSAGE_MENU,
    MODAL_SUBMIT,
    Place,
    command_data,
    component_data,
    dm_place,
    guild_place,
    interaction_payload,
    message_command_data,
    modal_inputs,
    modal_submit_data,
    raw_command_data,
)
from .outputs import Output, OutputRouter
from .payloads import DEFAULT_MESSAGE, JSON, REPLY_MESSAGE
from .permissions import Overwrite, OverwriteType, Permission
from .responses import Fault
from .rest import API_PREFIX, RequestRecord, RestApi
from .snowflake import new_snowflake
from .store import InteractionRecord, Store
from .thread_routes import attach_thread
from .world import FORUM_CHANNEL, Channel, FixtureIds, Guild, Role, User, World, build_world

UserRef = str | int  # a fixture key ("member") or a user id
ChannelRef = str | int  # a main-guild channel name ("general"), "dm", or a channel id
RoleRef = str | int  # a main-guild role key ("bot", "everyone", "moderators", "admin") or a role id
CommandRef = str | Sequence[str]  # "compare", or a subcommand path ("settings", "prefix")


@dataclass(frozen=True)
class InteractionHandle:
    """An interaction the driver sent."""

    id: int
    token: str
    channel_id: int


@dataclass(frozen=True)
class _Invocation:
    """What a user does in Discord's command picker."""

    command: CommandRef
    options: Mapping[str, Any]
    user: UserRef
    channel: ChannelRef
    locale: str
    unsynced: bool
    override_permissions: bool
    focused: str | None = None


class DiscordEmulator:
    """A Discord API + gateway on 127.0.0.1, with a driver for tests and benchmarks.

    `refuse_message_content` makes IDENTIFY with the MESSAGE_CONTENT intent fail with 4014;
    `extra_guilds` adds bare guilds (for sharding); `extra_members` adds a crowd of role-less
    main-guild members, each with a channel of their own (`crowd_user(n)` in
    `crowd_channel(n)`, for load tests); `interaction_timeout` is how long an interaction
    may go unanswered before its callback is refused (Discord: 3 s); `bot_denied` adds
    main-guild channels (name → permission bits) where an overwrite for the bot's own member
    denies those bits, e.g. `{"muted": Permission.SEND_MESSAGES}`; `channel_rate_limit`
    refuses messages over Discord's 5 per 5 s in a channel with 429, as Discord does (see
    `ratelimit.py`; off by default, as it slows any test that sends more).
    """

    def __init__(
        self,
        *,
        refuse_message_content: bool = False,
        extra_guilds: int = 0,
        extra_members: int = 0,
        interaction_timeout: float = 3.0,
        bot_denied: Mapping[str, int] | None = None,
        channel_rate_limit: bool = False,
    ) -> None:
        built = build_world(extra_guilds=extra_guilds, extra_members=extra_members)
        world = _with_denied_channels(built, bot_denied or {})
        bot_id = base64.b64encode(str(world.bot.id).encode()).decode().rstrip("=")
        self.token = f"{bot_id}.emulator.{secrets.token_urlsafe(27)}"
        self.api_base = ""
        self.gateway_url = ""
        self._ids = world.ids  # the fixture's, whatever the driver changes later
        self._store = Store(world)
        self._outputs = OutputRouter()
        self._gateway = Gateway(self._store, self.token, refuse_message_content=refuse_message_content)
        self._rest = RestApi(
            self._store,
            self._gateway,
            self._outputs,
            token=self.token,
            interaction_timeout=interaction_timeout,
            refuse_message_content=refuse_message_content,
            channel_rate_limit=channel_rate_limit,
        )
        self._runner: web.AppRunner | None = None

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 on a free port; sets `api_base` and `gateway_url`."""
        app = self._rest.build_app()
        app.on_shutdown.append(self._on_shutdown)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.api_base = f"http://{host}:{port}{API_PREFIX}"
        self.gateway_url = f"ws://{host}:{port}/gateway"
        self._gateway.resume_url = self.gateway_url
        self._rest.gateway_url = self.gateway_url

    async def stop(self) -> None:
        """Close every gateway socket and stop listening (close the bot first)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _on_shutdown(self, app: web.Application) -> None:
        await self._gateway.close_all()

    async def __aenter__(self) -> DiscordEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- the fixture -----------------------------------------------------------------------

    @property
    def world(self) -> World:
        """The world as it stands: the fixture, with the driver's changes since (deleted or
        edited channels, edited roles, guilds gone or back). A frozen snapshot: each change
        replaces it."""
        return self._store.world

    @property
    def ids(self) -> FixtureIds:
        """Ids by role: bot, application, owner, admin, admin2, member, other_bot, guild,
        extra_guilds, roles by key, main-guild channels by name (as the fixture was built:
        they stay valid after the driver deletes a channel or removes a guild)."""
        return self._ids

    def user(self, ref: UserRef) -> User:
        """A fixture user by key or id."""
        return self.world.user(ref)

    def channel_id(self, ref: ChannelRef, *, user: UserRef = "member") -> int:
        """A channel id from a main-guild channel name, "dm" (the user's DM), or an id."""
        if ref == "dm":
            return self._store.dm_channel(self.user(user))
        if isinstance(ref, str):
            if ref not in self.ids.channels:
                raise KeyError(f"the fixture guild has no channel {ref!r}")
            return self.ids.channels[ref]
        return ref

    def role(self, ref: RoleRef) -> Role:
        """A role as it stands, by main-guild key ("bot": the bot's managed role "Versus",
        "everyone", "moderators", "admin") or by id (KeyError if unknown)."""
        role_id = self._role_id(ref)
        guild = self.world.role_guild(role_id)
        role = guild.role(role_id) if guild is not None else None
        if role is None:
            raise KeyError(f"no role {ref!r}")
        return role

    def _role_id(self, ref: RoleRef) -> int:
        if isinstance(ref, str):
            if ref not in self.ids.roles:
                raise KeyError(f"no role key {ref!r} (keys: {', '.join(self.ids.roles)})")
            return self.ids.roles[ref]
        return ref

    def permissions_for(self, user: UserRef, channel: ChannelRef) -> int:
        """A user's resolved permissions in a guild channel (Discord's algorithm)."""
        channel_id = self.channel_id(channel)
        place = self.world.guild_channel(channel_id)
        if place is None:
            raise KeyError(f"{channel!r} is not a guild channel")
        return place[0].permissions_for(self.user(user).id, channel_id)

    # -- gateway lifecycle -------------------------------------------------------------------

    async def wait_for_identify(self, count: int = 1, timeout: float = 5.0) -> JSON:
        """The `count`-th IDENTIFY payload received (token removed), once it arrives."""
        await self._gateway.identified.reach(count, timeout)
        return self._gateway.identifies[count - 1]

    async def wait_ready_sent(self, count: int = 1, timeout: float = 5.0) -> None:
        """Return once READY (and the GUILD_CREATEs after it) went out `count` times."""
        await self._gateway.readied.reach(count, timeout)

    @property
    def ready_count(self) -> int:
        """How many READY (+ GUILD_CREATEs) the gateway has sent so far."""
        return self._gateway.readied.count

    def delete_channel(self, channel: ChannelRef) -> None:
        """Delete a channel of the fixture guild (CHANNEL_DELETE to its shard)."""
        self._gateway.delete_channel(self.channel_id(channel))

    def update_channel(self, channel: ChannelRef, *, overwrites: Iterable[Overwrite]) -> Channel:
        """An admin edits a guild channel's permission overwrites: they replace the channel's
        (REST enforces them from now on) and CHANNEL_UPDATE with the whole channel goes to its
        shard. Returns the channel as it was (its `overwrites` put them back).

        KeyError for an unknown channel; ValueError for an overwrite of a role or member the
        guild does not have, or two for one of them."""
        return self._gateway.update_channel(self.channel_id(channel), overwrites=overwrites)

    def update_role(self, role: RoleRef, *, permissions: int) -> Role:
        """An admin edits a role's permissions (a key as for `role`, or an id; "everyone" is
        @everyone): REST resolves permissions with the new bits from now on and
        GUILD_ROLE_UPDATE goes to the guild's shard. Returns the role as it was.

        KeyError for an unknown role; ValueError for bits that are not Discord's."""
        return self._gateway.update_role(self._role_id(role), permissions=permissions)

    def remove_guild(self, guild_id: int, *, unavailable: bool = False) -> Guild:
        """The bot leaves a guild (GUILD_DELETE), or it becomes unavailable (an outage)."""
        return self._gateway.remove_guild(guild_id, unavailable=unavailable)

    def add_guild(self, guild: Guild) -> None:
        """The bot is (re-)invited to a guild, or it is available again (GUILD_CREATE)."""
        self._gateway.add_guild(guild)

    async def request_reconnect(self, *, shard_id: int | None = None, timeout: float = 5.0) -> None:
        """Send op 7 RECONNECT and return once every such session has RESUMED."""
        sessions = self._live_sessions(shard_id)
        target = self._gateway.resumed.count + len(sessions)
        self._gateway.request_reconnect(sessions)
        await self._gateway.resumed.reach(target, timeout)

    async def invalidate_session(
        self, *, resumable: bool, shard_id: int | None = None, timeout: float = 5.0
    ) -> None:
        """Send op 9 INVALID_SESSION; return once the client RESUMED (resumable) or
        IDENTIFIED again and got a new READY (not resumable)."""
        sessions = self._live_sessions(shard_id)
        tally = self._gateway.resumed if resumable else self._gateway.readied
        target = tally.count + len(sessions)
        self._gateway.invalidate(sessions, resumable=resumable)
        await tally.reach(target, timeout)

    def _live_sessions(self, shard_id: int | None) -> list[Session]:
        sessions = self._gateway.connected(shard_id)
        if not sessions:
            raise RuntimeError("no gateway session is connected")
        return sessions

    @property
    def identifies(self) -> list[JSON]:
        """Every IDENTIFY payload received so far (token removed)."""
        return self._gateway.identifies

    # -- playing the users -----------------------------------------------------------------

    async def send_message(
        self,
        channel: ChannelRef = "general",
        author: UserRef = "member",
        content: str = "",
        *,
        mention_bot: bool = False,
        reply_to: int | None = None,
    ) -> int:
        """A user posts a message (MESSAGE_CREATE); returns its id. `mention_bot` prefixes
        the content with `<@BOT_ID> ` (and so puts the bot in `mentions`)."""
        channel_id = self.channel_id(channel, user=author)
        if mention_bot:
            content = f"<@{self.world.bot.id}> {content}"
        extra = self._reply_fields(reply_to) if reply_to is not None else None
        message = self._store.compose(
            channel_id=channel_id,
            author=self.user(author),
            content=content,
            message_type=REPLY_MESSAGE if extra else DEFAULT_MESSAGE,
            extra=extra,
        )
        self._gateway.publish_message("MESSAGE_CREATE", self._store.add(message))
        return int(message["id"])

    async def send_dm(self, author: UserRef = "member", content: str = "") -> int:
        """A user sends the bot a direct message; returns its id."""
        return await self.send_message("dm", author, content)

    async def edit_message(self, message_id: int, content: str) -> None:
        """A user edits their message (MESSAGE_UPDATE with the full edited message)."""
        message = self._store.edit(message_id, {"content": content})
        self._gateway.publish_message("MESSAGE_UPDATE", message)

    async def create_thread(self, from_message_id: int, name: str, *, author: UserRef = "member") -> int:
        """A user starts a public thread from a guild message (THREAD_CREATE); returns the
        thread's id, which is the message's, as on Discord. `send_message(channel=<that id>)`
        then posts in it. ValueError if the message already has a thread."""
        message = self._store.messages[from_message_id]
        if "thread" in message:
            raise ValueError(f"message {from_message_id} already has a thread")
        thread = self._gateway.start_thread(
            int(message["channel_id"]), thread_id=from_message_id, name=name, owner_id=self.user(author).id
        )
        attach_thread(message, thread)
        return thread.id

    async def create_forum_post(
        self, forum: ChannelRef = "help-forum", author: UserRef = "member", *, title: str, content: str
    ) -> tuple[int, int]:
        """A user posts in a forum channel: THREAD_CREATE for the post (a thread named
        `title`), then MESSAGE_CREATE for its starter message, as Discord does. Returns
        (thread id, starter message id): the same id, as on Discord. ValueError if `forum`
        is not a forum channel."""
        forum_id = self.channel_id(forum, user=author)
        place = self.world.guild_channel(forum_id)
        if place is None or place[1].kind != FORUM_CHANNEL:
            raise ValueError(f"{forum!r} is not a forum channel")
        user = self.user(author)
        thread = self._gateway.start_thread(forum_id, thread_id=new_snowflake(), name=title, owner_id=user.id)
        message = self._store.compose(
            channel_id=thread.id, author=user, content=content, message_id=thread.id
        )
        self._gateway.publish_message("MESSAGE_CREATE", self._store.add(message))
        return thread.id, int(message["id"])

    def _reply_fields(self, message_id: int) -> JSON:
        referenced = self._store.messages[message_id]
        keys = ("channel_id", "guild_id")
        reference = {"type": 0, "message_id": referenced["id"]} | {
            k: referenced[k] for k in keys if k in referenced
        }
        return {"message_reference": reference, "referenced_message": referenced}

    async def invoke_slash(
        self,
        command: CommandRef,
        options: Mapping[str, Any] | None = None,
        *,
        user: UserRef = "member",
        channel: ChannelRef = "general",
        locale: str = "en-US",
        unsynced: bool = False,
        override_permissions: bool = False,
    ) -> InteractionHandle:
        """A user runs a slash command the bot synced (guild commands first, then global).

        Raises LookupError if the bot never synced it (pass `unsynced=True` to send it
        anyway, with a fresh id) and PermissionError where Discord would not offer it to
        that user (default_member_permissions, or a guild-only command in a DM), unless
        `override_permissions` (a server's Integrations override lets anyone use it).
        """
        invocation = _Invocation(
            command, options or {}, user, channel, locale, unsynced, override_permissions
        )
        record = self._open(APPLICATION_COMMAND, invocation)
        return InteractionHandle(record.id, record.token, record.channel_id)

    async def invoke_raw_slash(
        self,
        command: CommandRef,
        options: Sequence[JSON],
        *,
        user: UserRef = "member",
        channel: ChannelRef = "general",
        locale: str = "en-US",
    ) -> InteractionHandle:
        """A client with a stale command list runs a synced slash command: the leaf `options`
        go out verbatim (`[]` leaves required ones out; `{"name": "mode", "type": 4, "value": 5}`
        sends an integer where the schema says string), and Discord's offer checks
        (permissions, contexts) are skipped. Raises LookupError if the bot never synced it."""
        path = _path(command)
        place = self._place(self.user(user), channel)
        data = raw_command_data(self._synced(path[0], place), path, options)
        record = self._publish(APPLICATION_COMMAND, data, place, locale)
        return InteractionHandle(record.id, record.token, record.channel_id)

    async def autocomplete(
        self,
        command: CommandRef,
        options: Mapping[str, Any],
        *,
        focused: str,
        user: UserRef = "member",
        channel: ChannelRef = "general",
        locale: str = "en-US",
        override_permissions: bool = False,
        timeout: float = 5.0,
    ) -> list[JSON]:
        """A user types into option `focused`; returns the choices the bot answered
        (that answer does not go through `next_output`). Raises as `invoke_slash` does."""
        invocation = _Invocation(
            command, options, user, channel, locale, False, override_permissions, focused
        )
        record = self._open(AUTOCOMPLETE, invocation)
        answer = self._outputs.claim(record.id)  # before yielding: the bot cannot answer yet
        try:
            async with asyncio.timeout(timeout):
                output = await answer
        finally:
            self._outputs.release(record.id)
        return list(output.choices)

    async def invoke_message_command(
        self, name: str, message_id: int, *, user: UserRef = "member", locale: str = "en-US"
    ) -> InteractionHandle:
        """A user right-clicks a message → Apps → `name` (a message context-menu command the
        bot synced); the message goes along in `resolved`. Raises LookupError if never synced
        and PermissionError where Discord would not offer it."""
        message = self._store.messages[message_id]
        place = self._place(self.user(user), int(message["channel_id"]))
        guild_id = place.guild.id if place.guild else None
        scopes = (guild_id, None) if guild_id is not None else (None,)
        menus = (c for scope in scopes for c in self._store.commands(scope) if c["type"] == MESSAGE_MENU)
        definition = next((c for c in menus if c["name"] == name), None)
        if definition is None:
            raise LookupError(f"the bot has not synced the message command {name!r}")
        if not _offered(definition, place, False):
            raise PermissionError(f"Discord does not offer {name!r} to {place.user.username} there")
        data = message_command_data(definition, message)
        record = self._publish(APPLICATION_COMMAND, data, place, locale)
        return InteractionHandle(record.id, record.token, record.channel_id)

    def buttons(self, message_id: int) -> list[JSON]:
        """The buttons on a message as it stands (every action row's, in order)."""
        message = self._store.messages[message_id]
        return [c for row in message.get("components") or () for c in row.get("components") or ()]

    async def click_button(
        self, message_id: int, label: str, *, user: UserRef = "member", locale: str = "en-US"
    ) -> InteractionHandle:
        """A user clicks the button labelled `label` on a message (a component interaction,
        the message included). Raises LookupError if there is no such button, and
        ValueError if it is disabled (Discord's client cannot click it)."""
        button = next((b for b in self.buttons(message_id) if b.get("label") == label), None)
        if button is None:
            raise LookupError(f"message {message_id} has no button {label!r}")
        if button.get("disabled"):
            raise ValueError(f"the button {label!r} is disabled")
        message = self._store.messages[message_id]
        place = self._place(self.user(user), int(message["channel_id"]))
        data = component_data(button["custom_id"], int(button["type"]))
        record = self._publish(MESSAGE_COMPONENT, data, place, locale, message=message)
        return InteractionHandle(record.id, record.token, record.channel_id)

    def modal_fields(self, modal: Output) -> dict[str, str]:
        """A modal's fields as the user sees them: label → prefilled value."""
        return {field.get("label", ""): field.get("value") or "" for field in modal_inputs(modal.payload)}

    async def submit_modal(
        self, modal: Output, values: Mapping[str, str], *, user: UserRef = "member", locale: str = "en-US"
    ) -> InteractionHandle:
        """A user fills in the modal the bot opened (`modal`, an output of kind "modal") and
        submits it: `values` by field label, the other fields as prefilled. Raises ValueError
        where Discord's client would refuse to submit it."""
        if modal.kind != "modal" or modal.channel_id is None:
            raise ValueError("that output is not a modal")
        data = modal_submit_data(modal.payload, values)
        place = self._place(self.user(user), modal.channel_id)
        record = self._publish(MODAL_SUBMIT, data, place, locale)
        return InteractionHandle(record.id, record.token, record.channel_id)

    def _open(self, interaction_type: int, invocation: _Invocation) -> InteractionRecord:
        path = _path(invocation.command)
        place = self._place(self.user(invocation.user), invocation.channel)
        definition = self._definition(path[0], place, invocation)
        data = command_data(
            definition, path, invocation.options, world=self.world, place=place, focused=invocation.focused
        )
        return self._publish(interaction_type, data, place, invocation.locale)

    def _publish(
        self, interaction_type: int, data: JSON, place: Place, locale: str, *, message: JSON | None = None
    ) -> InteractionRecord:
        """Open an interaction with this `data` (on `message`'s component) and send its
        INTERACTION_CREATE."""
        record = self._store.open_interaction(interaction_type, place)
        if message is not None:
            self._rest.component_messages[record.id] = int(message["id"])
        payload = interaction_payload(
            interaction_id=record.id,
            token=record.token,
            interaction_type=interaction_type,
            data=data,
            world=self.world,
            place=place,
            locale=locale,
            message=message,
        )
        guild_id = place.guild.id if place.guild else None
        self._gateway.publish("INTERACTION_CREATE", payload, guild_id=guild_id)
        return record

    def _place(self, user: User, channel: ChannelRef) -> Place:
        channel_id = self.channel_id(channel, user=user.id)
        if self._store.dm_recipient(channel_id) is not None:
            return dm_place(user, channel_id)
        place = self.world.guild_channel(channel_id)
        if place is None:
            raise KeyError(f"unknown channel {channel!r}")
        return guild_place(user, place[0], channel_id)

    def _definition(self, name: str, place: Place, invocation: _Invocation) -> JSON:
        definition = self._synced(name, place, unsynced=invocation.unsynced)
        if not _offered(definition, place, invocation.override_permissions):
            raise PermissionError(f"Discord does not offer /{name} to {place.user.username} there")
        return definition

    def _synced(self, name: str, place: Place, *, unsynced: bool = False) -> JSON:
        """The command as the bot synced it where `place` is (guild first, then global); if it
        never did, a bare one with a fresh id when `unsynced`, else LookupError."""
        guild = place.guild
        definition = self._store.find_command(name, guild.id if guild else None)
        if definition is not None:
            return definition
        if not unsynced:
            raise LookupError(f"the bot has not synced /{name} where {place.user.username} is")
        return {"id": str(new_snowflake()), "name": name}

    # -- what the bot did --------------------------------------------------------------------

    async def next_output(self, timeout: float = 5.0) -> Output:
        """The next thing the bot made visible (TimeoutError if nothing within `timeout`)."""
        return await self._outputs.next(timeout)

    async def expect_no_output_before(
        self,
        content: str,
        *,
        shows: str,
        channel: ChannelRef = "general",
        author: UserRef = "member",
        mention_bot: bool = False,
        timeout: float = 5.0,
    ) -> Output:
        """The "no reply" check, by ordering instead of waiting: `author` posts `content` in
        `channel` — a message the bot surely answers (`!help`, `!ping`) — and the first thing
        the bot makes visible from now on must be that answer: in that channel, showing
        `shows`, and replying to that message if it replies to one. Anything before it (an
        answer to an earlier message that must get none) fails with AssertionError.

        Choose `content` so that its answer cannot be mistaken for the one that must not
        come (`shows` differs). Returns the answer."""
        message_id = await self.send_message(channel, author, content, mention_bot=mention_bot)
        output = await self.next_output(timeout)
        replied_to = (output.message_reference or {}).get("message_id", message_id)
        if (
            output.channel_id != self.channel_id(channel, user=author)
            or shows not in output.text
            or int(replied_to) != message_id
        ):
            raise AssertionError(f"expected nothing before the answer to {content!r}, got {output}")
        return output

    @property
    def outputs(self) -> list[Output]:
        """Every output so far, in order (including autocomplete answers)."""
        return self._outputs.history

    @property
    def requests(self) -> list[RequestRecord]:
        """Every REST request so far: method, route template, path, status."""
        return self._rest.requests

    @property
    def unknown_routes(self) -> list[str]:
        """Requests to routes the emulator does not implement ("GET /api/v10/...")."""
        return self._rest.unknown_routes

    def synced_commands(self, guild: int | None = None) -> list[JSON]:
        """The commands the bot synced globally (None) or to a guild id."""
        return self._store.commands(guild)

    def inject_error(
        self,
        method: str,
        route: str,
        *,
        status: int,
        retry_after: float = 0.0,
        times: int = 1,
        is_global: bool = False,
    ) -> None:
        """Answer the next `times` requests to a route (discord.py's template, e.g.
        "/channels/{channel_id}/messages") with `status`; a 429 carries `retry_after`."""
        self._rest.inject(method, route, Fault(status, retry_after, is_global), times)


def _with_denied_channels(world: World, denied: Mapping[str, int]) -> World:
    """`world` with a main-guild channel per entry, denying the bot's member those bits."""
    if not denied:
        return world
    guild = world.main_guild
    added = tuple(
        Channel(
            new_snowflake(),
            name,
            guild.id,
            len(guild.channels) + n,
            (Overwrite(world.bot.id, OverwriteType.MEMBER, deny=int(bits)),),
        )
        for n, (name, bits) in enumerate(denied.items())
    )
    return replace(world, guilds=(replace(guild, channels=guild.channels + added), *world.guilds[1:]))


def _path(command: CommandRef) -> tuple[str, ...]:
    """A command name or subcommand path as a path."""
    return (command,) if isinstance(command, str) else tuple(command)


def _offered(definition: JSON, place: Place, override_permissions: bool) -> bool:
    """Whether Discord shows a synced command to this user in this place: its contexts,
    dm_permission, and (unless overridden) default_member_permissions ("0" = admins only)."""
    contexts = definition.get("contexts")
    guild = place.guild
    if contexts and (CONTEXT_GUILD if guild else CONTEXT_BOT_DM) not in contexts:
        return False
    if guild is None:
        return definition.get("dm_permission") is not False
    required = definition.get("default_member_permissions")
    if required is None or override_permissions:
        return True
    permissions = guild.permissions_for(place.user.id, int(place.channel["id"]))
    if int(required) == 0:
        return bool(permissions & Permission.ADMINISTRATOR)
    return permissions & int(required) == int(required)
