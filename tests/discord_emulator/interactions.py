"""INTERACTION_CREATE payloads for slash commands, autocomplete, message context menus and
message components (button clicks); slash options are typed from the synced schema.

The driver names a command (and a subcommand path) and gives option values as Python
values; the command the bot synced decides each option's type. Users, channels and roles may
be given by fixture key ("admin", "general") or id; they are sent as ids with a `resolved`
section, as Discord does. `raw_command_data` instead sends the leaf options exactly as given,
as a client with a stale command list would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .payloads import (
    JSON,
    channel_payload,
    dm_channel_payload,
    member_payload,
    role_payload,
    user_payload,
)
from .permissions import DM_PERMISSIONS
from .world import Guild, User, World

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5
TEXT_INPUT, LABEL = 4, 18  # component types
CHAT_INPUT, MESSAGE_MENU = 1, 3  # application command types
CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10
_CONVERTERS = {STRING: str, INTEGER: int, BOOLEAN: bool, NUMBER: float}


@dataclass(frozen=True)
class Place:
    """Where an interaction happens: a guild channel, or the user's DM with the bot."""

    user: User
    guild: Guild | None
    channel: JSON


class _Resolver:
    """Turns fixture keys into ids and collects the `resolved` section."""

    def __init__(self, world: World, place: Place) -> None:
        self.world = world
        self.place = place
        self.resolved: dict[str, dict[str, JSON]] = {}

    def value(self, option_type: int, value: Any) -> Any:
        if option_type in _CONVERTERS:
            return _CONVERTERS[option_type](value)
        if option_type == USER:
            return self._user(value)
        if option_type == CHANNEL:
            return self._channel(value)
        if option_type == ROLE:
            return self._role(value)
        if option_type == MENTIONABLE:
            return self._user(value) if self._is_user(value) else self._role(value)
        raise ValueError(f"option type {option_type} is not supported by the emulator")

    def _add(self, section: str, object_id: int, data: JSON) -> str:
        self.resolved.setdefault(section, {})[str(object_id)] = data
        return str(object_id)

    def _user(self, ref: str | int) -> str:
        user = self.world.user(ref)
        guild = self.place.guild
        member = guild.member(user.id) if guild else None
        if guild is not None and member is not None:
            permissions = guild.permissions_for(user.id, int(self.place.channel["id"]))
            self._add("members", user.id, member_payload(member, None, permissions))
        return self._add("users", user.id, user_payload(user))

    def _channel(self, ref: str | int) -> str:
        guild = self.place.guild
        if guild is None:
            raise ValueError("channel options need a guild interaction")
        channel = guild.channel_named(ref) if isinstance(ref, str) else guild.channel(ref)
        if channel is None:
            raise KeyError(f"no channel {ref!r} in {guild.name!r}")
        permissions = guild.permissions_for(self.place.user.id, channel.id)
        return self._add(
            "channels", channel.id, {**channel_payload(channel), "permissions": str(permissions)}
        )

    def _is_user(self, ref: str | int) -> bool:
        if isinstance(ref, str):
            return ref in self.world.users
        return self.world.user_by_id(ref) is not None

    def _role(self, ref: str | int) -> str:
        guild = self.place.guild
        if guild is None:
            raise ValueError("role options need a guild interaction")
        if isinstance(ref, str) and ref in self.world.ids.roles and guild is self.world.main_guild:
            ref = self.world.ids.roles[ref]
        role = next((r for r in guild.roles if ref in (r.id, r.name)), None)
        if role is None:
            raise KeyError(f"no role {ref!r} in {guild.name!r}")
        return self._add("roles", role.id, role_payload(role))


def command_data(
    command: JSON,
    path: Sequence[str],
    values: Mapping[str, Any],
    *,
    world: World,
    place: Place,
    focused: str | None = None,
) -> JSON:
    """The `data` of an application-command (or autocomplete) interaction.

    `command` is the command as the bot synced it (or a bare {"id", "name"} for a command
    the bot never synced, whose option types are then inferred from the Python values).
    """
    schema, chain = _walk(command, path[1:])
    resolver = _Resolver(world, place)
    data = _data(command, chain, _leaf_options(schema, values, resolver, focused))
    if resolver.resolved:
        data["resolved"] = resolver.resolved
    return data


def message_command_data(command: JSON, message: JSON) -> JSON:
    """The `data` of a message context-menu interaction: the target message travels in
    `resolved.messages` (its content included, whatever the bot's intents)."""
    data: JSON = {
        "id": command["id"],
        "name": command["name"],
        "type": MESSAGE_MENU,
        "target_id": message["id"],
        "resolved": {"messages": {message["id"]: message}},
    }
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data


def component_data(custom_id: str, component_type: int) -> JSON:
    """The `data` of a message-component interaction (a button click)."""
    return {"custom_id": custom_id, "component_type": component_type}


def modal_inputs(modal: JSON) -> list[JSON]:
    """A modal's text inputs, each with its label: in action rows (the input holds its label)
    or in label components (the label holds the input)."""
    inputs = []
    for component in modal.get("components") or ():
        if component.get("type") == LABEL and (component.get("component") or {}).get("type") == TEXT_INPUT:
            inputs.append({**component["component"], "label": component.get("label", "")})
        for inner in component.get("components") or ():
            if inner.get("type") == TEXT_INPUT:
                inputs.append(inner)
    return inputs


def modal_submit_data(modal: JSON, values: Mapping[str, str]) -> JSON:
    """The `data` of a modal submitted with `values` by label (the others keep their prefilled
    value); ValueError where Discord's client would not let it be submitted (a required field
    empty, a field too long, an unknown label)."""
    inputs = modal_inputs(modal)
    unknown = set(values) - {i.get("label") for i in inputs}
    if unknown:
        raise ValueError(f"the modal has no field labelled {sorted(unknown)}")
    rows = []
    for field in inputs:
        value = values.get(field.get("label", ""), field.get("value") or "")
        if field.get("required", True) and not value:
            raise ValueError(f"the field {field.get('label')!r} is required")
        if len(value) > field.get("max_length", 4000) or len(value) < field.get("min_length", 0):
            raise ValueError(f"the field {field.get('label')!r} does not take {len(value)} characters")
        rows.append(
            {"type": 1, "components": [{"type": TEXT_INPUT, "custom_id": field["custom_id"], "value": value}]}
        )
    return {"custom_id": modal["custom_id"], "components": rows}


def raw_command_data(command: JSON, path: Sequence[str], options: Sequence[JSON]) -> JSON:
    """The `data` of an application-command interaction whose leaf `options` are sent as
    given: not checked against the synced schema, not typed, no `resolved` section."""
    _, chain = _walk(command, path[1:])
    return _data(command, chain, list(options))


def _data(command: JSON, chain: Sequence[tuple[str, int]], options: list[JSON]) -> JSON:
    """`data` with the leaf `options` nested under the subcommand `chain`."""
    for name, option_type in reversed(chain):
        options = [{"name": name, "type": option_type, "options": options}]
    data: JSON = {"id": command["id"], "name": command["name"], "type": 1, "options": options}
    if command.get("guild_id"):
        data["guild_id"] = command["guild_id"]
    return data


def _walk(command: JSON, subpath: Sequence[str]) -> tuple[list[JSON] | None, list[tuple[str, int]]]:
    schema: list[JSON] | None = command.get("options")
    chain: list[tuple[str, int]] = []
    for name in subpath:
        found = next(
            (o for o in schema or () if o["name"] == name and o["type"] in (1, 2)),
            None,
        )
        if found is None:
            raise LookupError(f"/{command['name']} has no subcommand {name!r}")
        chain.append((name, found["type"]))
        schema = found.get("options", [])
    if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema or ()):
        raise LookupError(f"/{command['name']} needs a subcommand path, e.g. (name, sub)")
    return schema, chain


def _leaf_options(
    schema: list[JSON] | None,
    values: Mapping[str, Any],
    resolver: _Resolver,
    focused: str | None,
) -> list[JSON]:
    by_name = {o["name"]: o for o in schema or ()}
    if schema is not None:
        unknown = set(values) - set(by_name)
        if unknown:
            raise ValueError(f"options {sorted(unknown)} are not in the synced command")
        missing = [n for n, o in by_name.items() if o.get("required") and n not in values]
        if missing and focused is None:
            raise ValueError(f"required options {missing} are missing")
    options = []
    for name, value in values.items():
        option_type = by_name[name]["type"] if name in by_name else _infer_type(value)
        if name == focused:
            options.append({"name": name, "type": option_type, "value": str(value), "focused": True})
        else:
            options.append({"name": name, "type": option_type, "value": resolver.value(option_type, value)})
    return options


def _infer_type(value: Any) -> int:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    return STRING


def interaction_payload(
    *,
    interaction_id: int,
    token: str,
    interaction_type: int,
    data: JSON,
    world: World,
    place: Place,
    locale: str,
    message: JSON | None = None,
) -> JSON:
    """A full INTERACTION_CREATE payload; permissions come from the emulator's resolution;
    `message` is the message whose component was used."""
    guild = place.guild
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(world.bot.id),
        "type": interaction_type,
        "data": data,
        "channel": place.channel,
        "channel_id": place.channel["id"],
        "token": token,
        "version": 1,
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if message is not None:
        payload["message"] = message
    if guild is None:
        payload |= {
            "user": user_payload(place.user),
            "app_permissions": str(DM_PERMISSIONS),
            "context": CONTEXT_BOT_DM,
            "authorizing_integration_owners": {"0": "0"},
        }
        return payload
    channel_id = int(place.channel["id"])
    member = guild.member(place.user.id)
    if member is None:
        raise ValueError(f"{place.user.username} is not a member of {guild.name!r}")
    permissions = guild.permissions_for(place.user.id, channel_id)
    return payload | {
        "guild_id": str(guild.id),
        "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
        "guild_locale": "en-US",
        "member": member_payload(member, place.user, permissions),
        "app_permissions": str(guild.permissions_for(world.bot.id, channel_id)),
        "context": CONTEXT_GUILD,
        "authorizing_integration_owners": {"0": str(guild.id)},
    }


def guild_place(user: User, guild: Guild, channel_id: int) -> Place:
    """A guild channel as an interaction's `channel` (with the user's permissions)."""
    channel = guild.channel(channel_id)
    if channel is None:
        raise KeyError(f"no channel {channel_id} in {guild.name!r}")
    permissions = guild.permissions_for(user.id, channel_id)
    return Place(user, guild, {**channel_payload(channel), "permissions": str(permissions)})


def dm_place(user: User, dm_channel_id: int) -> Place:
    """The user's DM with the bot as an interaction's `channel`."""
    return Place(user, None, {**dm_channel_payload(dm_channel_id, user), "permissions": str(DM_PERMISSIONS)})
