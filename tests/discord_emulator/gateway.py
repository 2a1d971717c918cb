"""The gateway websocket: sessions, sharding, intents, resume and the driver's op 7 / op 9.

A connection gets HELLO, then IDENTIFY → READY + one GUILD_CREATE per guild of its shard,
or RESUME → the dispatches it missed + RESUMED. Every dispatch is kept (bounded) per session
so a resume can replay it. Frames leave each connection in order through one writer task,
zlib-stream compressed (each ending in 00 00 ff ff) when the client asked for it.

Intents are honoured as Discord does: no GUILD_CREATE without GUILDS, no guild messages
without GUILD_MESSAGES, no DMs without DIRECT_MESSAGES, and without MESSAGE_CONTENT a
message's content, embeds, attachments and components are blanked unless it is a DM, the bot
wrote it, or it mentions the bot. A refused privileged intent closes the socket with 4014.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
import logging
import secrets
import zlib
from collections import deque
from collections.abc import Iterable
from typing import Any

from aiohttp import WSMsgType, web

from .payloads import (
    JSON,
    channel_payload,
    guild_create_payload,
    member_payload,
    role_payload,
    self_user_payload,
    thread_payload,
)
from .permissions import ALL_PERMISSIONS, Overwrite, OverwriteType
from .snowflake import shard_for
from .store import Store
from .tally import Tally
from .world import PUBLIC_THREAD, Channel, Guild, Role, World

_log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_MS = 41_250
REPLAY_LIMIT = 2_000
_ALL_INTENTS = (1 << 26) - 1


class Intent(enum.IntFlag):
    """Gateway intents the emulator honours (Discord's bits)."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15


class Opcode(enum.IntEnum):
    """Gateway opcodes."""

    DISPATCH = 0
    HEARTBEAT = 1
    IDENTIFY = 2
    PRESENCE_UPDATE = 3
    VOICE_STATE_UPDATE = 4
    RESUME = 6
    RECONNECT = 7
    REQUEST_GUILD_MEMBERS = 8
    INVALID_SESSION = 9
    HELLO = 10
    HEARTBEAT_ACK = 11


class CloseCode(enum.IntEnum):
    """Gateway close codes the emulator sends."""

    UNKNOWN_OPCODE = 4001
    DECODE_ERROR = 4002
    NOT_AUTHENTICATED = 4003
    AUTHENTICATION_FAILED = 4004
    ALREADY_AUTHENTICATED = 4005
    INVALID_SHARD = 4010
    INVALID_INTENTS = 4013
    DISALLOWED_INTENTS = 4014


def dumps(data: Any) -> str:
    """Compact JSON."""
    return json.dumps(data, separators=(",", ":"))


def _op(op: Opcode, data: Any) -> str:
    return dumps({"op": int(op), "d": data, "s": None, "t": None})


class Connection:
    """One websocket; frames are written in order by a single writer task."""

    def __init__(self, ws: web.WebSocketResponse, *, compress: bool) -> None:
        self.ws = ws
        self._compressor = zlib.compressobj() if compress else None
        self._frames: asyncio.Queue[str | None] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write())

    def send(self, frame: str) -> None:
        """Queue a frame (never blocks; order is preserved)."""
        self._frames.put_nowait(frame)

    async def close(self, code: int, reason: str) -> None:
        """Write every queued frame, then close the socket with `code`."""
        await self.stop()
        await self.ws.close(code=code, message=reason.encode())

    async def stop(self) -> None:
        """Write every queued frame and end the writer task."""
        self._frames.put_nowait(None)
        await self._writer

    async def _write(self) -> None:
        while (frame := await self._frames.get()) is not None:
            try:
                if self._compressor is None:
                    await self.ws.send_str(frame)
                else:
                    data = self._compressor.compress(frame.encode())
                    await self.ws.send_bytes(data + self._compressor.flush(zlib.Z_SYNC_FLUSH))
            except ConnectionError:
                _log.debug("dropping a frame for a closed socket")


class Session:
    """A gateway session: identity, shard, intents, sequence and the replay buffer."""

    def __init__(self, *, intents: int, shard_id: int, shard_count: int) -> None:
        self.id = secrets.token_hex(16)
        self.intents = intents
        self.shard_id = shard_id
        self.shard_count = shard_count
        self.seq = 0
        self.connection: Connection | None = None
        self._sent: deque[tuple[int, str]] = deque(maxlen=REPLAY_LIMIT)

    def has(self, intent: Intent) -> bool:
        """Whether the session identified with this intent."""
        return bool(self.intents & intent)

    def receives(self, guild_id: int | None) -> bool:
        """Whether this shard gets a guild's events (DMs go to shard 0)."""
        if guild_id is None:
            return self.shard_id == 0
        return shard_for(guild_id, self.shard_count) == self.shard_id

    def dispatch(self, event: str, data_json: str) -> None:
        """Send a dispatch whose `d` is already JSON text (kept for replay)."""
        self.seq += 1
        frame = f'{{"op":0,"t":"{event}","s":{self.seq},"d":{data_json}}}'
        self._sent.append((self.seq, frame))
        if self.connection is not None:
            self.connection.send(frame)

    def can_resume_from(self, seq: int) -> bool:
        """Whether every dispatch after `seq` is still in the replay buffer."""
        return not self._sent or self._sent[0][0] <= seq + 1

    def sent_after(self, seq: int) -> list[str]:
        """The dispatch frames with a sequence number above `seq`."""
        return [frame for number, frame in self._sent if number > seq]


def shows_content(message: JSON, session: Session, bot_id: int) -> bool:
    """Whether this session may see the message's content under the MESSAGE_CONTENT rules."""
    return (
        session.has(Intent.MESSAGE_CONTENT)
        or "guild_id" not in message
        or int(message["author"]["id"]) == bot_id
        or any(int(user["id"]) == bot_id for user in message.get("mentions", ()))
    )


def blank_content(message: JSON) -> JSON:
    """The message as a session without MESSAGE_CONTENT sees it."""
    return {**message, "content": "", "embeds": [], "attachments": [], "components": []}


class Gateway:
    """The gateway endpoint and the live sessions behind it. The world it announces is the
    store's (`Store.world`), which REST also serves: a change made here reaches both."""

    def __init__(self, store: Store, token: str, *, refuse_message_content: bool) -> None:
        self._store = store
        self.resume_url = ""
        self.sessions: dict[str, Session] = {}
        self.identifies: list[JSON] = []
        self.identified = Tally()
        self.readied = Tally()
        self.resumed = Tally()
        self._token = token
        self._refuse_message_content = refuse_message_content
        self._connections: set[Connection] = set()

    @property
    def world(self) -> World:
        """The world as it stands (the store's)."""
        return self._store.world

    @world.setter
    def world(self, world: World) -> None:
        self._store.world = world

    # -- driver side -------------------------------------------------------------------

    def publish(self, event: str, data: JSON, *, guild_id: int | None, intent: Intent | None = None) -> None:
        """Dispatch an event to every session whose shard gets `guild_id` (and, given an
        `intent`, that identified with it)."""
        data_json = dumps(data)
        for session in list(self.sessions.values()):
            if session.receives(guild_id) and (intent is None or session.has(intent)):
                session.dispatch(event, data_json)

    def publish_message(self, event: str, message: JSON) -> None:
        """Dispatch MESSAGE_CREATE / MESSAGE_UPDATE under the message intents' rules."""
        guild_id = int(message["guild_id"]) if "guild_id" in message else None
        intent = Intent.DIRECT_MESSAGES if guild_id is None else Intent.GUILD_MESSAGES
        variants: dict[bool, str] = {}
        for session in list(self.sessions.values()):
            if not session.receives(guild_id) or not session.has(intent):
                continue
            visible = shows_content(message, session, self.world.bot.id)
            if visible not in variants:
                variants[visible] = dumps(message if visible else blank_content(message))
            session.dispatch(event, variants[visible])

    def publish_deletion(self, data: JSON) -> None:
        """Dispatch MESSAGE_DELETE to sessions with the matching message intent."""
        guild_id = int(data["guild_id"]) if "guild_id" in data else None
        intent = Intent.DIRECT_MESSAGES if guild_id is None else Intent.GUILD_MESSAGES
        data_json = dumps(data)
        for session in list(self.sessions.values()):
            if session.receives(guild_id) and session.has(intent):
                session.dispatch("MESSAGE_DELETE", data_json)

    def delete_channel(self, channel_id: int) -> None:
        """A guild channel is deleted: CHANNEL_DELETE to its shard; later sessions never see it."""
        place = self.world.guild_channel(channel_id)
        if place is None:
            raise KeyError(f"no guild channel {channel_id}")
        self.world = self.world.without_channel(channel_id)
        self.publish("CHANNEL_DELETE", channel_payload(place[1]), guild_id=place[0].id)

    def update_channel(self, channel_id: int, *, overwrites: Iterable[Overwrite]) -> Channel:
        """A guild channel's permission overwrites are replaced (REST enforces them from now
        on): CHANNEL_UPDATE with the whole channel to its shard's sessions with GUILDS.

        Returns the channel as it was. KeyError for an unknown channel; ValueError for an
        overwrite that is not an `Overwrite`, targets no role or member of the guild, or
        targets one twice (Discord keys overwrites by id)."""
        place = self.world.guild_channel(channel_id)
        if place is None:
            raise KeyError(f"no guild channel {channel_id}")
        guild, before = place
        after = dataclasses.replace(before, overwrites=_checked_overwrites(guild, overwrites))
        self.world = self.world.with_channel(after)
        self.publish("CHANNEL_UPDATE", channel_payload(after), guild_id=guild.id, intent=Intent.GUILDS)
        return before

    def start_thread(
        self, parent_id: int, *, thread_id: int, name: str, owner_id: int, auto_archive_duration: int = 1440
    ) -> Channel:
        """A public thread is started in a guild channel (from a message, whose id it takes,
        or as a forum post): it joins the world (REST serves and checks it from now on) and
        THREAD_CREATE (`newly_created`) goes to its shard's sessions with GUILDS.

        KeyError if `parent_id` is no guild channel (a thread cannot hold threads)."""
        place = self.world.guild_channel(parent_id)
        if place is None or place[1].is_thread:
            raise KeyError(f"no guild channel {parent_id} to start a thread in")
        guild = place[0]
        thread = Channel(
            thread_id,
            name,
            guild.id,
            0,
            kind=PUBLIC_THREAD,
            parent_id=parent_id,
            owner_id=owner_id,
            auto_archive_duration=auto_archive_duration,
        )
        self.world = self.world.with_thread(thread)
        data = thread_payload(thread, newly_created=True)
        self.publish("THREAD_CREATE", data, guild_id=guild.id, intent=Intent.GUILDS)
        return thread

    def update_role(self, role_id: int, *, permissions: int) -> Role:
        """A role's permission bits are replaced (@everyone's id is its guild's): REST resolves
        permissions with them from now on, and GUILD_ROLE_UPDATE (`{"guild_id", "role"}`) goes
        to its shard's sessions with GUILDS.

        Returns the role as it was. KeyError for an unknown role; ValueError for bits that are
        not an int or not Discord's."""
        guild = self.world.role_guild(role_id)
        if guild is None:
            raise KeyError(f"no role {role_id}")
        if isinstance(permissions, bool) or not isinstance(permissions, int):
            raise ValueError(f"permissions must be an int, not {permissions!r}")
        if permissions < 0 or permissions & ~ALL_PERMISSIONS:
            raise ValueError(f"{permissions:#x} has bits that are no Discord permission")
        before = guild.role(role_id)
        assert before is not None  # role_guild found it there
        after = dataclasses.replace(before, permissions=int(permissions))
        self.world = self.world.with_role(after)
        data = {"guild_id": str(guild.id), "role": role_payload(after)}
        self.publish("GUILD_ROLE_UPDATE", data, guild_id=guild.id, intent=Intent.GUILDS)
        return before

    def remove_guild(self, guild_id: int, *, unavailable: bool = False) -> Guild:
        """GUILD_DELETE: the bot was removed (kicked, banned), or with `unavailable` an outage.

        Removed, the guild is gone from later sessions; returns it for `add_guild`."""
        guild = self.world.guild(guild_id)
        if guild is None:
            raise KeyError(f"no guild {guild_id}")
        data: JSON = {"id": str(guild_id), "unavailable": True} if unavailable else {"id": str(guild_id)}
        if not unavailable:
            self.world = self.world.without_guild(guild_id)
        self.publish("GUILD_DELETE", data, guild_id=guild_id)
        return guild

    def add_guild(self, guild: Guild) -> None:
        """The bot is invited to `guild` again, or it is back after an outage: GUILD_CREATE."""
        if self.world.guild(guild.id) is None:
            self.world = self.world.with_guild(guild)
        for session in list(self.sessions.values()):
            if session.receives(guild.id) and session.has(Intent.GUILDS):
                data = guild_create_payload(
                    guild, self.world, with_all_members=session.has(Intent.GUILD_MEMBERS)
                )
                session.dispatch("GUILD_CREATE", dumps(data))

    def connected(self, shard_id: int | None) -> list[Session]:
        """Sessions with a live connection (of one shard, or all)."""
        return [
            s for s in self.sessions.values() if s.connection is not None and shard_id in (None, s.shard_id)
        ]

    def request_reconnect(self, sessions: Iterable[Session]) -> None:
        """Send op 7 RECONNECT: the client closes and resumes."""
        for session in sessions:
            assert session.connection is not None
            session.connection.send(_op(Opcode.RECONNECT, None))

    def invalidate(self, sessions: Iterable[Session], *, resumable: bool) -> None:
        """Send op 9 INVALID_SESSION; a non-resumable session is forgotten at once."""
        for session in sessions:
            assert session.connection is not None
            session.connection.send(_op(Opcode.INVALID_SESSION, resumable))
            if not resumable:
                del self.sessions[session.id]

    async def close_all(self) -> None:
        """Close every socket (server shutdown)."""
        for connection in list(self._connections):
            await connection.close(1001, "emulator stopping")

    # -- websocket side ----------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """The aiohttp handler of the gateway route."""
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        connection = Connection(ws, compress=request.query.get("compress") == "zlib-stream")
        self._connections.add(connection)
        connection.send(_op(Opcode.HELLO, {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}))
        session: Session | None = None
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    await connection.close(CloseCode.DECODE_ERROR, "Error while decoding payload.")
                    break
                session = await self._receive(connection, session, message.data)
        finally:
            self._connections.discard(connection)
            await connection.stop()
            self._forget_connection(session, connection, ws.close_code)
        return ws

    def _forget_connection(
        self, session: Session | None, connection: Connection, close_code: int | None
    ) -> None:
        if session is None or session.connection is not connection:
            return
        session.connection = None
        if close_code in (1000, 1001):  # a clean close ends the session, as on Discord
            self.sessions.pop(session.id, None)

    async def _receive(self, connection: Connection, session: Session | None, text: str) -> Session | None:
        try:
            payload = json.loads(text)
            op = Opcode(payload["op"])
        except (ValueError, KeyError, TypeError):
            await connection.close(CloseCode.DECODE_ERROR, "Error while decoding payload.")
            return session
        data = payload.get("d")
        if op is Opcode.HEARTBEAT:
            connection.send(_op(Opcode.HEARTBEAT_ACK, None))
        elif op in (Opcode.IDENTIFY, Opcode.RESUME) and session is not None:
            await connection.close(CloseCode.ALREADY_AUTHENTICATED, "Already authenticated.")
        elif op is Opcode.IDENTIFY:
            return await self._identify(connection, data)
        elif op is Opcode.RESUME:
            return self._resume(connection, data)
        elif session is None:
            await connection.close(CloseCode.NOT_AUTHENTICATED, "Not authenticated.")
        elif op is Opcode.REQUEST_GUILD_MEMBERS:
            self._send_members(session, data)
        elif op not in (Opcode.PRESENCE_UPDATE, Opcode.VOICE_STATE_UPDATE):
            await connection.close(CloseCode.UNKNOWN_OPCODE, "Unknown opcode.")
        return session

    async def _identify(self, connection: Connection, data: JSON) -> Session | None:
        self.identifies.append({k: v for k, v in data.items() if k != "token"})
        self.identified.bump()
        shard_id, shard_count = data.get("shard", (0, 1))
        intents = data.get("intents")
        if data.get("token") != self._token:
            await connection.close(CloseCode.AUTHENTICATION_FAILED, "Authentication failed.")
        elif not isinstance(intents, int) or intents & ~_ALL_INTENTS:
            await connection.close(CloseCode.INVALID_INTENTS, "Invalid intent(s).")
        elif self._refuse_message_content and intents & Intent.MESSAGE_CONTENT:
            await connection.close(CloseCode.DISALLOWED_INTENTS, "Disallowed intent(s).")
        elif not 0 <= shard_id < shard_count:
            await connection.close(CloseCode.INVALID_SHARD, "Invalid shard.")
        else:
            return self._start_session(connection, intents, shard_id, shard_count)
        return None

    def _start_session(
        self, connection: Connection, intents: int, shard_id: int, shard_count: int
    ) -> Session:
        session = Session(intents=intents, shard_id=shard_id, shard_count=shard_count)
        session.connection = connection
        self.sessions[session.id] = session
        guilds = [g for g in self.world.guilds if session.receives(g.id)]
        session.dispatch("READY", dumps(self._ready_payload(session, guilds)))
        if session.has(Intent.GUILDS):
            with_members = session.has(Intent.GUILD_MEMBERS)
            for guild in guilds:
                data = guild_create_payload(guild, self.world, with_all_members=with_members)
                session.dispatch("GUILD_CREATE", dumps(data))
        _log.debug("session %s identified (shard %s/%s)", session.id, shard_id, shard_count)
        self.readied.bump()
        return session

    def _ready_payload(self, session: Session, guilds: list[Guild]) -> JSON:
        bot = self.world.bot
        return {
            "v": 10,
            "user": self_user_payload(bot),
            "user_settings": {},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_url,
            "shard": [session.shard_id, session.shard_count],
            "application": {"id": str(bot.id), "flags": 0},
            "_trace": ['["discord-emulator",{"micros":0}]'],
        }

    def _resume(self, connection: Connection, data: JSON) -> Session | None:
        session = self.sessions.get(data.get("session_id", ""))
        seq = data.get("seq") or 0
        if session is None or data.get("token") != self._token or not session.can_resume_from(seq):
            connection.send(_op(Opcode.INVALID_SESSION, False))
            return None
        for frame in session.sent_after(seq):
            connection.send(frame)
        session.connection = connection
        session.dispatch("RESUMED", dumps({"_trace": ['["discord-emulator",{"micros":0}]']}))
        _log.debug("session %s resumed after seq %s", session.id, seq)
        self.resumed.bump()
        return session

    def _send_members(self, session: Session, data: JSON) -> None:
        guild = self.world.guild(int(data["guild_id"]))
        if guild is None or not session.receives(guild.id):
            return
        members = list(guild.members) if session.has(Intent.GUILD_MEMBERS) else []
        wanted = {int(user_id) for user_id in data.get("user_ids") or ()}
        if wanted:
            members = [m for m in members if m.user_id in wanted]
        query = (data.get("query") or "").lower()
        members = [m for m in members if self.world.user(m.user_id).username.startswith(query)]
        if data.get("limit"):
            members = members[: data["limit"]]
        found = {m.user_id for m in members}
        chunk = {
            "guild_id": str(guild.id),
            "members": [member_payload(m, self.world.user(m.user_id)) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(user_id) for user_id in wanted - found],
            "nonce": data.get("nonce"),
        }
        session.dispatch("GUILD_MEMBERS_CHUNK", dumps(chunk))


def _checked_overwrites(guild: Guild, overwrites: Iterable[Overwrite]) -> tuple[Overwrite, ...]:
    """The overwrites with plain int bits, as Discord keeps them; ValueError where Discord
    refuses: a role or member the guild does not have, or two overwrites for one of them."""
    checked: dict[int, Overwrite] = {}
    for overwrite in overwrites:
        if not isinstance(overwrite, Overwrite):
            raise ValueError(f"not an Overwrite: {overwrite!r}")
        kind = OverwriteType(overwrite.type)
        known = guild.role(overwrite.id) if kind is OverwriteType.ROLE else guild.member(overwrite.id)
        if known is None:
            raise ValueError(f"guild {guild.name!r} has no {kind.name.lower()} {overwrite.id}")
        if overwrite.id in checked:
            raise ValueError(f"two overwrites for {overwrite.id}")
        checked[overwrite.id] = Overwrite(overwrite.id, kind, int(overwrite.allow), int(overwrite.deny))
    return tuple(checked.values())
