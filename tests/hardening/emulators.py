"""What the hardening tests need beyond the shared emulator, without changing it.

`HardeningEmulator` is a `DiscordEmulator` that can

- hold a crowd of extra members, each with a channel of their own (the stock world has four
  human users; a flood needs fifty), and
- send a slash command exactly as a client with a stale command list would: options missing
  or of another type than the synced schema says. `DiscordEmulator.invoke_slash` builds
  options from the schema and refuses both, as Discord's client does.

Both reach into the emulator's internals (`_place`, `_store`, `_gateway`, the world builder);
they are kept here so that a change there breaks one file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any
from unittest import mock

from tests.discord_emulator import DiscordEmulator, InteractionHandle, World
from tests.discord_emulator import emulator as emulator_module
from tests.discord_emulator import world as world_module
from tests.discord_emulator.interactions import APPLICATION_COMMAND, interaction_payload
from tests.discord_emulator.snowflake import new_snowflake

JSON = dict[str, Any]


def crowd_user(number: int) -> str:
    """The fixture key of the crowd's `number`-th member."""
    return f"user{number:02d}"


def crowd_channel(number: int) -> str:
    """The name of the crowd's `number`-th member's own channel."""
    return f"room-{number:02d}"


def _with_crowd(world: World, crowd: int) -> World:
    """`world` plus `crowd` role-less members of the main guild, each with a channel."""
    guild = world.main_guild
    users = {
        crowd_user(n): world_module.User(new_snowflake(), crowd_user(n), f"Crowd Member {n}")
        for n in range(crowd)
    }
    channels = tuple(
        world_module.Channel(new_snowflake(), crowd_channel(n), guild.id, len(guild.channels) + n)
        for n in range(crowd)
    )
    members = tuple(world_module.Member(user.id) for user in users.values())
    crowded = dataclasses.replace(guild, channels=guild.channels + channels, members=guild.members + members)
    return World(users={**world.users, **users}, guilds=(crowded, *world.guilds[1:]))


class HardeningEmulator(DiscordEmulator):
    """A `DiscordEmulator` with an optional crowd and forged slash invocations."""

    def __init__(self, *, crowd: int = 0, **options: Any) -> None:
        def build(**kwargs: Any) -> World:
            return _with_crowd(world_module.build_world(**kwargs), crowd)

        with mock.patch.object(emulator_module, "build_world", build):
            super().__init__(**options)

    async def invoke_raw_slash(
        self,
        path: Sequence[str],
        options: list[JSON],
        *,
        user: str = "admin",
        channel: str = "general",
    ) -> InteractionHandle:
        """Run a synced slash command (or subcommand `path`) with `options` sent verbatim:
        `[]` leaves out required options, `{"type": 4, ...}` sends an integer for a string."""
        place = self._place(self.user(user), channel)
        guild_id = place.guild.id if place.guild else None
        definition = self._store.find_command(path[0], guild_id)
        if definition is None:
            raise LookupError(f"the bot has not synced /{path[0]}")
        schema, chain = definition, []
        for name in path[1:]:
            schema = next(o for o in schema["options"] if o["name"] == name)
            chain.append((name, schema["type"]))
        for name, option_type in reversed(chain):
            options = [{"name": name, "type": option_type, "options": options}]
        data = {"id": definition["id"], "name": definition["name"], "type": 1, "options": options}
        record = self._store.open_interaction(APPLICATION_COMMAND, place)
        payload = interaction_payload(
            interaction_id=record.id,
            token=record.token,
            interaction_type=APPLICATION_COMMAND,
            data=data,
            world=self.world,
            place=place,
            locale="en-US",
        )
        self._gateway.publish("INTERACTION_CREATE", payload, guild_id=guild_id)
        return InteractionHandle(record.id, record.token, record.channel_id)
