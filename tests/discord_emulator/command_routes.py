"""Application command routes (global and per guild): bulk overwrite (what `tree.sync()`
sends), single create/get/edit/delete, and list. Ids survive a re-sync of the same name and
type, every write gets a new `version`, and definitions are validated as Discord does."""

from __future__ import annotations

from aiohttp import web

from .payloads import JSON
from .responses import ApiError, RouteTable, form_error, json_response, no_content, read_body
from .store import Store
from .validation import command_errors
from .world import World

_GLOBAL = "/applications/{application_id}/commands"
_GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"


class CommandRoutes:
    """Handlers for `/applications/{application}/(guilds/{guild}/)commands`."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def _world(self) -> World:
        return self._store.world

    def routes(self) -> RouteTable:
        """This handler set's part of the route table."""
        table: RouteTable = {}
        for scope in (_GLOBAL, _GUILD):
            table |= {
                ("GET", scope): self.list_commands,
                ("PUT", scope): self.overwrite_commands,
                ("POST", scope): self.create_command,
                ("GET", scope + "/{command_id}"): self.get_command,
                ("PATCH", scope + "/{command_id}"): self.edit_command,
                ("DELETE", scope + "/{command_id}"): self.delete_command,
            }
        return table

    def _scope(self, request: web.Request) -> int | None:
        if int(request.match_info["application_id"]) != self._world.bot.id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" not in request.match_info:
            return None
        guild = self._world.guild(int(request.match_info["guild_id"]))
        if guild is None:
            raise ApiError(403, 50001, "Missing Access")
        return guild.id

    def _command(self, request: web.Request) -> tuple[int | None, JSON]:
        scope = self._scope(request)
        command = self._store.command_by_id(scope, int(request.match_info["command_id"]))
        if command is None:
            raise ApiError(404, 10063, "Unknown application command")
        return scope, command

    async def list_commands(self, request: web.Request) -> web.Response:
        return json_response(self._store.commands(self._scope(request)))

    async def overwrite_commands(self, request: web.Request) -> web.Response:
        scope = self._scope(request)
        definitions = await read_body(request)
        errors = {str(i): e for i, d in enumerate(definitions) if (e := command_errors(d))}
        if errors:
            raise form_error(errors)
        keys = [(d["name"], d.get("type", 1)) for d in definitions]
        if len(set(keys)) != len(keys):
            raise ApiError(400, 50035, "Invalid Form Body: duplicate command names")
        return json_response(self._store.overwrite_commands(scope, definitions))

    async def create_command(self, request: web.Request) -> web.Response:
        scope = self._scope(request)
        definition = await read_body(request)
        errors = command_errors(definition)
        if errors:
            raise form_error(errors)
        existed = self._store.find_command(definition["name"], scope) is not None
        return json_response(self._store.upsert_command(scope, definition), 200 if existed else 201)

    async def get_command(self, request: web.Request) -> web.Response:
        return json_response(self._command(request)[1])

    async def edit_command(self, request: web.Request) -> web.Response:
        scope, command = self._command(request)
        changes = await read_body(request)
        errors = command_errors(command | changes)
        if errors:
            raise form_error(errors)
        return json_response(self._store.edit_command(scope, command, changes))

    async def delete_command(self, request: web.Request) -> web.Response:
        scope, command = self._command(request)
        self._store.delete_command(scope, command)
        return no_content()
