"""Per-server settings as rows (guild_id, name, value): how both engines keep the registry.

A server has one row of `guild_settings` per setting it changed from the default: the
setting's name and its value as the setting serialises it (NULL: None), read back through
the setting's own parser (bot/core/settings.py; Red-DiscordBot's `Config.register_guild` is
the model). So a new setting is one new field of `GuildSettings`: no migration, no column,
nothing here. The opted-in channels are the exception: a set changed one channel at a time,
they keep a table of their own (`freeform_channels`, one row per channel).

A row whose name this Versus does not know (a setting since removed, or one a newer Versus
sharing the database added) is ignored, and kept: only a reset or a purge deletes it. A
value its setting's parser refuses gives that setting's default, with a warning.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.settings import BY_NAME, DEFAULTS, SETTINGS, Gaps, GuildSettings, Setting, SettingError

log = logging.getLogger(__name__)

CHANNELS = "freeform_channels"  # the setting with a table of its own
ROW_SETTINGS = tuple(spec for spec in SETTINGS if spec.name != CHANNELS)
ROW_NAMES = tuple(spec.name for spec in ROW_SETTINGS)
_KNOWN = frozenset(ROW_NAMES)

Value = str | None
"""A setting as its row holds it."""


@dataclass(frozen=True)
class ServerRows:
    """One server's settings as the engines write them, replacing what it had."""

    guild_id: int
    values: tuple[tuple[str, Value], ...]  # (name, value) of each setting off its default
    channels: tuple[int, ...]  # the opted-in channels, in order
    keeps_questions: bool  # False: `gaps` is off, and the questions kept go in the same commit
    reset: bool = False  # its rows of every name go, those this Versus does not know too


def rows_of(guild_id: int, settings: GuildSettings, *, reset: bool = False) -> ServerRows:
    """What the engines write for a server's settings."""
    values = tuple(
        (spec.name, _stored(spec, value))
        for spec in ROW_SETTINGS
        if (value := getattr(settings, spec.name)) != spec.default
    )
    channels = tuple(sorted(settings.freeform_channels))
    return ServerRows(guild_id, values, channels, settings.gaps is not Gaps.OFF, reset)


def _stored(spec: Setting, value: Any) -> Value:
    """A setting's value as its row holds it."""
    return None if value is None else spec.serialise(value)


def servers_of(
    rows: Iterable[tuple[int, str, Value]], channels: Iterable[tuple[int, int]], where: str
) -> dict[int, GuildSettings]:
    """The settings of every server with rows (guild_id, name, value) or opted-in channels
    (guild_id, channel_id), but those that come out as the defaults. `where` names the
    database in warnings."""
    values: defaultdict[int, dict[str, Any]] = defaultdict(dict)
    for guild_id, name, value in rows:
        if name in _KNOWN:
            values[guild_id][name] = value
    opted_in: defaultdict[int, set[int]] = defaultdict(set)
    for guild_id, channel_id in channels:
        opted_in[guild_id].add(channel_id)
    for guild_id, channel_ids in opted_in.items():
        values[guild_id][CHANNELS] = frozenset(channel_ids)
    servers = {guild_id: settings_of(guild_id, found, where) for guild_id, found in values.items()}
    return {guild_id: settings for guild_id, settings in servers.items() if settings != DEFAULTS}


def settings_of(guild_id: int, values: Mapping[str, Any], where: str) -> GuildSettings:
    """A server's settings from its stored values by name; each refused one (logged) is
    left at its default."""
    try:
        return GuildSettings(**values)
    except SettingError:  # rare: find which, one by one
        return GuildSettings(**_accepted(guild_id, values, where))


def _accepted(guild_id: int, values: Mapping[str, Any], where: str) -> dict[str, Any]:
    accepted = {}
    for name, value in values.items():
        try:
            accepted[name] = BY_NAME[name].parse(value)
        except SettingError as exc:
            log.warning(
                "%s holds an invalid %s for server %s (%s); using the default until an admin changes it",
                where,
                name,
                guild_id,
                exc,
            )
    return accepted
