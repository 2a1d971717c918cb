"""Thread routes: start a public thread from a message, start one without (in a text
channel), or post in a forum (a thread with its starter message).

As on Discord: a thread started from a message takes the message's id, and a forum post's
starter message has its thread's id; the bot needs Create Public Threads in the parent
channel to start a thread there (Send Messages for a forum post), the message gets a `thread`
field, and THREAD_CREATE (then the starter's MESSAGE_CREATE) goes out on the gateway. Each
new thread is reported as an Output of kind "thread" (its channel is the thread, its content
the thread's name); a forum post's starter message then as a "message" output.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from .effects import MessageEffects
from .gateway import Gateway
from .outputs import Output, OutputRouter
from .payloads import JSON, thread_payload
from .permissions import Permission
from .responses import ApiError, RouteTable, form_error, json_response, read_body
from .snowflake import new_snowflake
from .store import Store
from .validation import message_errors
from .world import FORUM_CHANNEL, PUBLIC_THREAD, TEXT_CHANNEL, Channel, World

HAS_THREAD_FLAG = 1 << 5
THREAD_NAME_LIMIT = 100
ARCHIVE_DURATIONS = (60, 1440, 4320, 10080)

Require = Callable[[int, int], None]  # (channel id, permission bits) → 403 unless the bot has them


def attach_thread(message: JSON, thread: Channel) -> None:
    """Mark a stored message as the start of `thread`, as Discord does (`thread`, HAS_THREAD)."""
    message["thread"] = thread_payload(thread)
    message["flags"] |= HAS_THREAD_FLAG


def _name_errors(body: JSON) -> dict[str, object]:
    """Form errors of a thread's `name` (1-100 characters) and `auto_archive_duration`."""
    errors: dict[str, object] = {}
    name = body.get("name") or ""
    if not 1 <= len(name) <= THREAD_NAME_LIMIT:
        message = f"Must be between 1 and {THREAD_NAME_LIMIT} in length."
        errors["name"] = {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": message}]}
    duration = body.get("auto_archive_duration")
    if duration is not None and duration not in ARCHIVE_DURATIONS:
        choices = {
            "_errors": [
                {"code": "BASE_TYPE_CHOICES", "message": "Value must be one of 60, 1440, 4320, 10080."}
            ]
        }
        errors["auto_archive_duration"] = choices
    return errors


class ThreadRoutes:
    """Handlers for `/channels/{channel}/messages/{message}/threads` and `/channels/{channel}/threads`."""

    def __init__(
        self, store: Store, gateway: Gateway, effects: MessageEffects, outputs: OutputRouter, require: Require
    ) -> None:
        self._store = store
        self._gateway = gateway
        self._effects = effects
        self._outputs = outputs
        self._require = require

    @property
    def _world(self) -> World:
        return self._store.world

    def routes(self) -> RouteTable:
        """This handler set's part of the route table."""
        return {
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads"): self.start_from_message,
            ("POST", "/channels/{channel_id}/threads"): self.start_thread,
        }

    def _parent(self, channel_id: int, needed: int) -> Channel:
        """The channel a thread is started in, once the bot may (404 / 403 / 400 otherwise)."""
        self._require(channel_id, needed)
        place = self._world.guild_channel(channel_id)
        if place is None:  # a DM
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        if place[1].kind not in (TEXT_CHANNEL, FORUM_CHANNEL):
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        return place[1]

    def _start(self, parent: Channel, thread_id: int, body: JSON) -> Channel:
        """Validate the name, start the thread (THREAD_CREATE) and report it."""
        errors = _name_errors(body)
        if errors:
            raise form_error(errors)
        thread = self._gateway.start_thread(
            parent.id,
            thread_id=thread_id,
            name=body["name"],
            owner_id=self._world.bot.id,
            auto_archive_duration=body.get("auto_archive_duration") or 1440,
        )
        self._outputs.emit(Output("thread", thread.id, content=thread.name, payload=dict(body)))
        return thread

    async def start_from_message(self, request: web.Request) -> web.Response:
        """Start a public thread from a message (the thread takes the message's id)."""
        channel_id = int(request.match_info["channel_id"])
        parent = self._parent(channel_id, Permission.CREATE_PUBLIC_THREADS)
        if parent.kind == FORUM_CHANNEL:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        message = self._store.messages.get(int(request.match_info["message_id"]))
        if message is None or int(message["channel_id"]) != channel_id:
            raise ApiError(404, 10008, "Unknown Message")
        if "thread" in message:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        thread = self._start(parent, int(message["id"]), await read_body(request))
        attach_thread(message, thread)
        return json_response(thread_payload(thread), 201)

    async def start_thread(self, request: web.Request) -> web.Response:
        """A forum post (a thread with its starter message), or a thread without a message
        in a text channel (type 11 only)."""
        channel_id = int(request.match_info["channel_id"])
        body = await read_body(request)
        place = self._world.guild_channel(channel_id)
        if place is not None and place[1].kind == FORUM_CHANNEL:
            return await self._forum_post(channel_id, body)
        if body.get("type", PUBLIC_THREAD) != PUBLIC_THREAD:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        parent = self._parent(channel_id, Permission.CREATE_PUBLIC_THREADS)
        return json_response(thread_payload(self._start(parent, new_snowflake(), body)), 201)

    async def _forum_post(self, forum_id: int, body: JSON) -> web.Response:
        parent = self._parent(forum_id, Permission.SEND_MESSAGES)
        starter = body.get("message")
        if not isinstance(starter, dict):
            required = {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}
            raise form_error({"message": required})
        errors = message_errors(starter, creating=True)
        if errors:
            raise form_error({"message": errors})
        thread = self._start(parent, new_snowflake(), body)
        message = self._store.compose(
            channel_id=thread.id,
            author=self._world.bot,
            content=starter.get("content") or "",
            embeds=starter.get("embeds") or [],
            extra={"components": starter.get("components") or []},
            message_id=thread.id,
        )
        self._effects.created(message, "message", starter)
        return json_response(thread_payload(thread) | {"message": message}, 201)
