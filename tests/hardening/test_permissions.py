"""Guarantee 2 — permission bypass attempts, end to end through the emulator.

Already in tests/e2e/test_settings.py and test_owner.py (not repeated): a member changing
prefix/reset/style/show by prefix, `/settings style` with the permission override, an admin's
`!settings` in a DM, an edit into `!settings prefix`, `!sync`/`!reload` from an admin, and the
prefixes @everyone, <@123>, a 13-character word, "a b" and a zero-width space by prefix.

Added here: every other settings subcommand by slash, members in DMs (prefix and slash),
edits into other routes (mention prefix, reset, channel opt-in), owner tools by mention, DM,
edit and slash, slash invocations with options missing or of the wrong type (as a client
with a stale command list sends them), and hostile prefixes by slash and by prefix.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.core.settings import GuildSettings
from cogs.errors import APOLOGY
from tests.discord_emulator import DiscordEmulator, Output
from tests.e2e.conftest import embed_title

MANAGE_SERVER = "Manage Server"
PREFIX_RULE = "1 to 5 visible characters"


def stored(db_path: Path) -> list[tuple]:
    """Every settings row in the database file, read as another process would."""
    with closing(sqlite3.connect(db_path)) as db:
        rows = db.execute("SELECT * FROM guild_settings ORDER BY guild_id").fetchall()
        return rows + db.execute("SELECT * FROM freeform_channels ORDER BY 1, 2").fetchall()


async def said(emu: DiscordEmulator, content: str, *, author: str = "admin", channel: str = "general") -> str:
    """A user posts `content`; the text of the bot's next output."""
    await emu.send_message(channel=channel, author=author, content=content)
    return (await emu.next_output()).content or ""


async def private_reply(emu: DiscordEmulator) -> Output:
    """The bot's answer to an interaction, which must be its callback and ephemeral."""
    out = await emu.next_output()
    assert out.kind == "interaction_response" and out.ephemeral, out
    return out


@pytest.fixture
async def configured(emu, versus) -> GuildSettings:
    """An admin has changed some settings, so a member's reset or opt-out would show."""
    for command in ("!settings prefix ?", "?settings default-library keras", "?settings freeform channels"):
        await said(emu, command)
    await said(emu, f"?settings channel add <#{emu.ids.channels['opted-in']}>")
    settings = versus.store.cached(emu.ids.guild)
    assert settings.prefix == "?" and settings.freeform_channels == {emu.ids.channels["opted-in"]}
    return settings


# --- members ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "options"),
    [
        (("settings", "show"), {}),
        (("settings", "prefix"), {"prefix": "$"}),
        (("settings", "default-library"), {"library": "mxnet"}),
        (("settings", "freeform"), {"mode": "off"}),
        (("settings", "visibility"), {"mode": "private"}),
        (("settings", "reset"), {}),
        (("settings", "channel", "add"), {"channel": "general"}),
        (("settings", "channel", "remove"), {"channel": "opted-in"}),
        (("settings", "channel", "list"), {}),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, tuple) else None,
)
async def test_member_is_refused_every_settings_subcommand_by_slash(emu, versus, configured, path, options):
    """A server's Integrations override can offer /settings to anyone; the bot still refuses."""
    rows = stored(versus.config.db_path)
    await emu.invoke_slash(path, options, user="member", override_permissions=True)
    assert MANAGE_SERVER in (await private_reply(emu)).content
    assert versus.store.cached(emu.ids.guild) == configured
    assert stored(versus.config.db_path) == rows


async def test_member_is_refused_settings_in_a_dm_by_prefix(emu, versus):
    assert "server" in await said(emu, "!settings style text", author="member", channel="dm")
    assert stored(versus.config.db_path) == []


async def test_settings_are_not_offered_in_dms_and_a_forged_dm_invocation_is_refused(emu, versus):
    with pytest.raises(PermissionError):
        await emu.invoke_slash(("settings", "style"), {"mode": "text"}, user="admin", channel="dm")
    mode = {"name": "mode", "type": 3, "value": "text"}
    await emu.invoke_raw_slash(("settings", "style"), [mode], user="admin", channel="dm")
    assert "server" in (await private_reply(emu)).content
    assert stored(versus.config.db_path) == []


@pytest.mark.parametrize(
    "edited",
    ["?settings reset", "<@{bot}> settings freeform off", "?settings channel remove <#{opted_in}>"],
)
async def test_a_members_edit_into_a_settings_command_is_refused(emu, versus, configured, edited):
    message_id = await emu.send_message(author="member", content="?stats")
    assert embed_title(await emu.next_output()).startswith("Statistics")
    content = edited.format(bot=emu.ids.bot, opted_in=emu.ids.channels["opted-in"])
    await emu.edit_message(message_id, content)
    assert MANAGE_SERVER in (await emu.next_output()).content
    assert versus.store.cached(emu.ids.guild) == configured


# --- owner tools ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "content"),
    [
        ("general", "<@{bot}> sync"),
        ("general", "!sync here"),
        ("general", "<@{bot}> reload"),
        ("dm", "!sync"),
        ("dm", "!reload"),
    ],
)
async def test_admin_cannot_run_owner_tools_by_mention_or_dm(emu, versus, channel, content):
    engine, synced = versus.engine, emu.synced_commands()
    reply = await said(emu, content.format(bot=emu.ids.bot), channel=channel)
    assert "owner" in reply
    assert versus.engine is engine and emu.synced_commands() == synced
    assert emu.synced_commands(guild=emu.ids.guild) == []


async def test_admin_cannot_run_owner_tools_by_editing_a_message(emu, versus):
    message_id = await emu.send_message(author="admin", content="!stats")
    await emu.next_output()
    await emu.edit_message(message_id, "!sync here")
    assert "owner" in (await emu.next_output()).content
    assert emu.synced_commands(guild=emu.ids.guild) == []


@pytest.mark.parametrize("name", ["sync", "reload"])
async def test_owner_tools_are_not_slash_commands(emu, versus, name):
    """They are never synced; a forged invocation is told the command is out of date."""
    with pytest.raises(LookupError):
        await emu.invoke_slash(name, {}, user="admin")
    synced, engine = emu.synced_commands(), versus.engine
    await emu.invoke_slash(name, {}, user="admin", unsynced=True)
    assert "out of date" in (await private_reply(emu)).content
    assert emu.synced_commands() == synced and versus.engine is engine


# --- stale slash invocations ----------------------------------------------------------------

MISSING = [
    ("settings", "prefix"),
    ("settings", "default-library"),
    ("settings", "freeform"),
    ("settings", "visibility"),
    ("settings", "style"),
    ("settings", "channel", "add"),
    ("ask",),
]
MISSING_IDS = ["-".join(path) for path in MISSING]


@pytest.mark.parametrize("path", MISSING, ids=MISSING_IDS)
async def test_missing_required_option_is_answered_privately_and_changes_nothing(emu, versus, path):
    await emu.invoke_raw_slash(path, [], user="admin")
    await private_reply(emu)
    assert stored(versus.config.db_path) == []
    assert versus.store.cached(emu.ids.guild) == GuildSettings()
    await emu.invoke_slash("stats", {})
    assert embed_title(await emu.next_output()).startswith("Statistics"), "the bot still works"


@pytest.mark.parametrize("path", MISSING, ids=MISSING_IDS)
async def test_missing_required_option_gets_a_clear_reply(emu, versus, path):
    await emu.invoke_raw_slash(path, [], user="admin")
    reply = (await private_reply(emu)).content
    assert reply != APOLOGY
    assert "out of date" in reply or "Missing" in reply


WRONG_TYPES = [
    pytest.param(("settings", "style"), "mode", 4, 5, "Style must be one of", id="style-integer"),
    pytest.param(("settings", "prefix"), "prefix", 4, 5, PREFIX_RULE, id="prefix-integer"),
    pytest.param(("settings", "channel", "add"), "channel", 3, "general", "argument", id="channel-string"),
    pytest.param(("settings", "channel", "add"), "channel", 7, "123", "argument", id="channel-unknown"),
    pytest.param(("compare",), "aspect", 4, 5, "aspect", id="compare-integer"),
    pytest.param(("ask",), "question", 5, True, "", id="ask-boolean"),
]


@pytest.mark.parametrize(("path", "name", "option_type", "value", "expected"), WRONG_TYPES)
async def test_wrongly_typed_option_gets_a_clear_reply_and_changes_nothing(
    emu, versus, path, name, option_type, value, expected
):
    option = {"name": name, "type": option_type, "value": value}
    await emu.invoke_raw_slash(path, [option], user="admin")
    out = await emu.next_output()
    assert out.interaction_id is not None and APOLOGY not in out.text
    assert expected in out.text
    assert stored(versus.config.db_path) == []


# --- hostile prefixes -----------------------------------------------------------------------

HOSTILE_PREFIXES = ["@here", "<@&123>", "<@!123>", "<#123>", "```", "x" * 50, "\u200f!", "!\u202e"]


@pytest.mark.parametrize("value", HOSTILE_PREFIXES)
async def test_hostile_prefix_by_prefix_command_is_refused_and_nothing_stored(emu, versus, value):
    reply = await said(emu, f"!settings prefix {value}")
    assert PREFIX_RULE in reply and value not in reply
    assert stored(versus.config.db_path) == []


async def test_blank_prefix_by_prefix_command_is_refused_with_the_usage(emu, versus):
    assert "Usage: `!settings prefix <prefix>`" in await said(emu, "!settings prefix   ")
    assert stored(versus.config.db_path) == []


@pytest.mark.parametrize("value", [*HOSTILE_PREFIXES, "@everyone", "<@123>", "   ", "\u200b"])
async def test_hostile_prefix_by_slash_is_refused_and_nothing_stored(emu, versus, value):
    await emu.invoke_slash(("settings", "prefix"), {"prefix": value}, user="admin")
    reply = (await private_reply(emu)).content
    assert PREFIX_RULE in reply and (value.strip() == "" or value not in reply)
    assert stored(versus.config.db_path) == []
    assert versus.store.cached(emu.ids.guild).prefix is None
