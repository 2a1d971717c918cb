"""The REST API (v10): the aiohttp application, its middleware, and the user, guild, channel
and message routes (commands and interactions have their own modules).

Route templates are discord.py's own (`/channels/{channel_id}/messages`, ...), so a test
names a route for error injection exactly as discord.py's `Route` does. Errors use Discord's
codes: 401 for a wrong token, 403 50001/50013 where the bot lacks a permission in the
channel (resolved as Discord does; a reply also needs Read Message History; in a thread,
Send Messages in Threads replaces Send Messages, with the parent's overwrites), 404 10003/10008
for unknown channels and messages, 400 50035 for form errors. With `channel_rate_limit`, a
message over Discord's 5 per 5 s in a channel is refused with 429 (see `ratelimit.py`). Requests under
`/interactions/` and `/webhooks/{id}/{token}` need no token, as on Discord. Unknown routes
answer 404 and are recorded.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from aiohttp import web

from .command_routes import CommandRoutes
from .effects import SUPPRESS_EMBEDS, MessageEffects
from .gateway import Gateway
from .interaction_routes import InteractionRoutes
from .outputs import Output, OutputRouter
from .payloads import (
    JSON,
    REPLY_MESSAGE,
    channel_payload,
    dm_channel_payload,
    guild_payload,
    member_payload,
    role_payload,
    self_user_payload,
    thread_payload,
    user_payload,
)
from .permissions import Permission
from .ratelimit import ChannelRateLimit
from .responses import (
    ApiError,
    Fault,
    Handler,
    RouteTable,
    error_response,
    fault_response,
    form_error,
    json_response,
    missing_permissions,
    no_content,
    read_body,
)
from .store import Store
from .thread_routes import ThreadRoutes
from .validation import message_errors
from .world import FORUM_CHANNEL, Guild, World

_log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
_TOKENLESS_ROUTES = ("/interactions/", "/webhooks/{webhook_id}/{webhook_token}")
_SUPPRESS_NOTIFICATIONS = 1 << 12
_CONTENT_INTENT_LIMITED, _MEMBERS_INTENT_LIMITED = 1 << 19, 1 << 15
_MESSAGE = "/channels/{channel_id}/messages/{message_id}"


@dataclass(frozen=True)
class RequestRecord:
    """One REST request: method, route template, concrete path and the status answered."""

    method: str
    route: str
    path: str
    status: int


class RestApi:
    """The aiohttp application: `/api/v10`, the gateway route, and a catch-all."""

    def __init__(
        self,
        store: Store,
        gateway: Gateway,
        outputs: OutputRouter,
        *,
        token: str,
        interaction_timeout: float,
        refuse_message_content: bool,
        channel_rate_limit: bool = False,
    ) -> None:
        self.requests: list[RequestRecord] = []
        self.unknown_routes: list[str] = []
        self.gateway_url = ""
        self._store = store
        self._gateway = gateway
        self._outputs = outputs
        self._effects = MessageEffects(store, gateway, outputs)
        self._authorization = f"Bot {token}"
        self._app_flags = _MEMBERS_INTENT_LIMITED | (0 if refuse_message_content else _CONTENT_INTENT_LIMITED)
        self._faults: dict[tuple[str, str], deque[Fault]] = {}
        self._rate_limit = ChannelRateLimit() if channel_rate_limit else None
        self.component_messages: dict[int, int] = {}  # a button click's interaction → its message
        interactions = InteractionRoutes(
            store,
            self._effects,
            outputs,
            interaction_timeout=interaction_timeout,
            component_messages=self.component_messages,
        )
        threads = ThreadRoutes(store, gateway, self._effects, outputs, self._require)
        self._routes = (
            self._route_table() | CommandRoutes(store).routes() | interactions.routes() | threads.routes()
        )

    @property
    def _world(self) -> World:
        """The world as it stands (the driver may have changed it since the start)."""
        return self._store.world

    # -- application, middleware, fault injection ----------------------------------------

    def build_app(self) -> web.Application:
        """The application: API routes, the gateway, and a catch-all for unknown routes."""
        app = web.Application(middlewares=[self._middleware])
        for (method, template), handler in self._routes.items():
            app.router.add_route(method, API_PREFIX + template, handler)
        app.router.add_route("GET", "/gateway", self._gateway.handle)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        return app

    def inject(self, method: str, route: str, fault: Fault, times: int) -> None:
        """Answer the next `times` requests to `method route` with `fault`."""
        key = (method.upper(), route)
        if key not in self._routes:
            raise ValueError(f"the emulator has no route {method} {route}")
        self._faults.setdefault(key, deque()).extend([fault] * times)

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        resource = request.match_info.route.resource
        canonical = resource.canonical if resource is not None else ""
        if not canonical.startswith(API_PREFIX):
            return await handler(request)
        route = canonical.removeprefix(API_PREFIX)
        try:
            response = self._intercept(request, route) or await handler(request)
        except ApiError as error:
            response = error_response(error)
        self.requests.append(RequestRecord(request.method, route, request.path, response.status))
        return response

    def _intercept(self, request: web.Request, route: str) -> web.Response | None:
        authorized = request.headers.get("Authorization") == self._authorization
        if not authorized and not route.startswith(_TOKENLESS_ROUTES):
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        faults = self._faults.get((request.method, route))
        return fault_response(faults.popleft()) if faults else None

    async def _unknown(self, request: web.Request) -> web.Response:
        self.unknown_routes.append(f"{request.method} {request.path}")
        _log.warning("unknown route %s %s", request.method, request.path)
        return json_response({"message": "404: Not Found", "code": 0}, 404)

    def _route_table(self) -> RouteTable:
        return {
            ("GET", "/users/@me"): self.get_me,
            ("POST", "/users/@me/channels"): self.create_dm,
            ("GET", "/users/{user_id}"): self.get_user,
            ("GET", "/oauth2/applications/@me"): self.get_application,
            ("GET", "/applications/@me"): self.get_application,
            ("GET", "/gateway"): self.get_gateway,
            ("GET", "/gateway/bot"): self.get_gateway,
            ("GET", "/guilds/{guild_id}"): self.get_guild,
            ("GET", "/guilds/{guild_id}/channels"): self.get_guild_channels,
            ("GET", "/guilds/{guild_id}/roles"): self.get_guild_roles,
            ("GET", "/guilds/{guild_id}/members/{user_id}"): self.get_member,
            ("GET", "/channels/{channel_id}"): self.get_channel,
            ("GET", "/channels/{channel_id}/messages"): self.get_messages,
            ("POST", "/channels/{channel_id}/messages"): self.create_message,
            ("GET", _MESSAGE): self.get_message,
            ("PATCH", _MESSAGE): self.edit_message,
            ("DELETE", _MESSAGE): self.delete_message,
            ("PUT", _MESSAGE + "/reactions/{emoji}/@me"): self.add_reaction,
            ("POST", "/channels/{channel_id}/typing"): self.typing,
        }

    # -- users, application, gateway, guilds ---------------------------------------------

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response(self_user_payload(self._world.bot))

    async def get_user(self, request: web.Request) -> web.Response:
        user = self._world.user_by_id(int(request.match_info["user_id"]))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return json_response(user_payload(user))

    async def create_dm(self, request: web.Request) -> web.Response:
        body = await read_body(request)
        user = self._world.user_by_id(int(body.get("recipient_id", 0)))
        if user is None:
            unknown = {"_errors": [{"code": "USER_NOT_FOUND", "message": "Unknown user"}]}
            raise form_error({"recipient_id": unknown})
        return json_response(dm_channel_payload(self._store.dm_channel(user), user))

    async def get_application(self, request: web.Request) -> web.Response:
        bot, owner = self._world.bot, self._world.users["owner"]
        return json_response(
            {
                "id": str(bot.id),
                "name": bot.global_name,
                "icon": None,
                "description": "",
                "summary": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "owner": user_payload(owner),
                "team": None,
                "bot": user_payload(bot),
                "flags": self._app_flags,
                "tags": [],
                "redirect_uris": [],
                "rpc_origins": [],
                "interactions_endpoint_url": None,
                "approximate_guild_count": len(self._world.guilds),
                "integration_types_config": {"0": {}},
            }
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1}
        return json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    def _guild(self, request: web.Request) -> Guild:
        guild = self._world.guild(int(request.match_info["guild_id"]))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild

    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        counts = {"approximate_member_count": len(guild.members), "approximate_presence_count": 0}
        return json_response(guild_payload(guild) | counts)

    async def get_guild_channels(self, request: web.Request) -> web.Response:
        return json_response([channel_payload(c) for c in self._guild(request).channels])

    async def get_guild_roles(self, request: web.Request) -> web.Response:
        return json_response([role_payload(r) for r in self._guild(request).roles])

    async def get_member(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        member = guild.member(int(request.match_info["user_id"]))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return json_response(member_payload(member, self._world.user(member.user_id)))

    # -- channels and messages -----------------------------------------------------------

    def _bot_permissions(self, channel_id: int) -> int | None:
        """The bot's permissions in a guild channel; None for a DM; 404 if neither."""
        if self._store.dm_recipient(channel_id) is not None:
            return None
        place = self._world.guild_channel(channel_id)
        if place is None:
            raise ApiError(404, 10003, "Unknown Channel")
        permissions = place[0].permissions_for(self._world.bot.id, channel_id)
        if not permissions & Permission.VIEW_CHANNEL:
            raise ApiError(403, 50001, "Missing Access")
        return permissions

    def _require(self, channel_id: int, needed: int) -> None:
        permissions = self._bot_permissions(channel_id)
        if permissions is not None and permissions & needed != needed:
            raise missing_permissions()

    def _channel_message(self, request: web.Request) -> JSON:
        channel_id = int(request.match_info["channel_id"])
        self._bot_permissions(channel_id)
        message = self._store.messages.get(int(request.match_info["message_id"]))
        if message is None or int(message["channel_id"]) != channel_id:
            raise ApiError(404, 10008, "Unknown Message")
        return message

    async def get_channel(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        recipient = self._store.dm_recipient(channel_id)
        if recipient is not None:
            return json_response(dm_channel_payload(channel_id, recipient))
        place = self._world.guild_channel(channel_id)
        if place is None:
            raise ApiError(404, 10003, "Unknown Channel")
        if place[1].is_thread:
            count = self._store.thread_message_count(channel_id)
            return json_response(thread_payload(place[1], message_count=count))
        return json_response(channel_payload(place[1]))

    async def get_messages(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        self._require(channel_id, Permission.READ_MESSAGE_HISTORY)
        messages = self._store.history(channel_id)
        if "before" in request.query:
            messages = [m for m in messages if int(m["id"]) < int(request.query["before"])]
        if "after" in request.query:
            messages = [m for m in messages if int(m["id"]) > int(request.query["after"])]
        return json_response(messages[: int(request.query.get("limit", 50))])

    async def get_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        self._require(int(message["channel_id"]), Permission.READ_MESSAGE_HISTORY)
        return json_response(message)

    async def create_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel_id"])
        if self._rate_limit is None:
            return await self._create_message(request, channel_id)
        verdict = self._rate_limit.take(channel_id)
        if verdict.allowed:
            response = await self._create_message(request, channel_id)
        else:
            response = fault_response(Fault(429, verdict.retry_after))
        response.headers.update(verdict.headers)
        return response

    async def _create_message(self, request: web.Request, channel_id: int) -> web.Response:
        body = await read_body(request)
        recipient = self._store.dm_recipient(channel_id)
        if recipient is not None and recipient.bot:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        self._require(channel_id, self._send_permissions(channel_id, body))
        errors = message_errors(body, creating=True)
        if errors:
            raise form_error(errors)
        message = self._store.compose(
            channel_id=channel_id,
            author=self._world.bot,
            content=body.get("content") or "",
            embeds=body.get("embeds") or [],
            flags=(body.get("flags") or 0) & (SUPPRESS_EMBEDS | _SUPPRESS_NOTIFICATIONS),
            extra={"components": body.get("components") or [], "attachments": body.get("attachments") or []},
        )
        if body.get("message_reference"):
            self._attach_reference(message, channel_id, body["message_reference"])
        return json_response(self._effects.created(message, "message", body))

    def _send_permissions(self, channel_id: int, body: JSON) -> int:
        """What sending `body` needs: in a thread, Send Messages in Threads instead of Send
        Messages; a forum channel takes posts (threads), not messages (400 50008)."""
        needed = _send_permissions(body)
        place = self._world.guild_channel(channel_id)
        if place is not None and place[1].kind == FORUM_CHANNEL:
            raise ApiError(400, 50008, "Cannot send messages in a non-text channel")
        if place is not None and place[1].is_thread:
            needed = needed & ~int(Permission.SEND_MESSAGES) | Permission.SEND_MESSAGES_IN_THREADS
        return int(needed)

    def _attach_reference(self, message: JSON, channel_id: int, reference: JSON) -> None:
        self._require(channel_id, Permission.READ_MESSAGE_HISTORY)
        referenced = self._store.messages.get(int(reference.get("message_id", 0)))
        if referenced is None:
            if reference.get("fail_if_not_exists", True):
                unknown = {"_errors": [{"code": "REPLIES_UNKNOWN_MESSAGE", "message": "Unknown message"}]}
                raise form_error({"message_reference": unknown})
            return
        message["type"] = REPLY_MESSAGE
        message["message_reference"] = {
            "type": 0,
            "message_id": referenced["id"],
            "channel_id": referenced["channel_id"],
            **({"guild_id": referenced["guild_id"]} if "guild_id" in referenced else {}),
        }
        message["referenced_message"] = {k: v for k, v in referenced.items() if k != "referenced_message"}

    async def edit_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        if int(message["author"]["id"]) != self._world.bot.id:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        body = await read_body(request)
        if body.get("embeds"):
            self._require(int(message["channel_id"]), Permission.EMBED_LINKS)
        return json_response(self._effects.edited(message, body, "edit"))

    async def delete_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        if int(message["author"]["id"]) != self._world.bot.id:
            self._require(int(message["channel_id"]), Permission.MANAGE_MESSAGES)
        self._effects.deleted(message)
        return no_content()

    async def add_reaction(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        channel_id = int(message["channel_id"])
        self._require(channel_id, Permission.ADD_REACTIONS | Permission.READ_MESSAGE_HISTORY)
        emoji = request.match_info["emoji"]
        self._outputs.emit(Output("reaction", channel_id, content=emoji, message_id=int(message["id"])))
        return no_content()

    async def typing(self, request: web.Request) -> web.Response:
        self._require(int(request.match_info["channel_id"]), Permission.SEND_MESSAGES)
        return no_content()


def _send_permissions(body: JSON) -> int:
    needed = Permission.SEND_MESSAGES
    if body.get("embeds"):
        needed |= Permission.EMBED_LINKS
    if body.get("attachments"):
        needed |= Permission.ATTACH_FILES
    return int(needed)
