"""Permission resolution (pure function) and the fixture's channels."""

from __future__ import annotations

import pytest

from tests.discord_emulator import (
    ALL_PERMISSIONS,
    DiscordEmulator,
    Overwrite,
    OverwriteType,
    Permission,
    resolve_permissions,
)

GUILD, OWNER, MEMBER, ROLE_A, ROLE_B = 100, 1, 2, 10, 11
BASE = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES | Permission.EMBED_LINKS
ROLES = {GUILD: int(BASE), ROLE_A: int(Permission.MANAGE_MESSAGES), ROLE_B: 0}


def resolve(
    roles: tuple[int, ...] = (),
    overwrites: list[Overwrite] | None = None,
    *,
    member: int = MEMBER,
    role_permissions: dict[int, int] | None = None,
) -> int:
    return resolve_permissions(
        guild_id=GUILD,
        owner_id=OWNER,
        role_permissions=ROLES if role_permissions is None else role_permissions,
        member_id=member,
        member_role_ids=roles,
        overwrites=overwrites,
    )


def role(role_id: int, allow: int = 0, deny: int = 0) -> Overwrite:
    return Overwrite(role_id, OverwriteType.ROLE, int(allow), int(deny))


def member(member_id: int, allow: int = 0, deny: int = 0) -> Overwrite:
    return Overwrite(member_id, OverwriteType.MEMBER, int(allow), int(deny))


def test_guild_permissions_are_everyone_plus_roles() -> None:
    assert resolve() == BASE
    assert resolve((ROLE_A,)) == BASE | Permission.MANAGE_MESSAGES


def test_owner_has_everything_even_when_denied() -> None:
    denied = [member(OWNER, deny=Permission.VIEW_CHANNEL)]
    assert resolve(overwrites=denied, member=OWNER) == ALL_PERMISSIONS


def test_administrator_ignores_overwrites() -> None:
    roles = {**ROLES, ROLE_B: int(Permission.ADMINISTRATOR)}
    denied = [role(GUILD, deny=Permission.VIEW_CHANNEL)]
    assert resolve((ROLE_B,), denied, role_permissions=roles) == ALL_PERMISSIONS


def test_everyone_overwrite_then_role_overwrite_allows_back() -> None:
    locked = [role(GUILD, deny=Permission.SEND_MESSAGES), role(ROLE_A, allow=Permission.SEND_MESSAGES)]
    assert not resolve((), locked) & Permission.SEND_MESSAGES
    assert resolve((ROLE_A,), locked) & Permission.SEND_MESSAGES


def test_role_overwrites_combine_with_allow_winning() -> None:
    overwrites = [role(ROLE_A, deny=Permission.EMBED_LINKS), role(ROLE_B, allow=Permission.EMBED_LINKS)]
    assert not resolve((ROLE_A,), overwrites) & Permission.EMBED_LINKS
    assert resolve((ROLE_A, ROLE_B), overwrites) & Permission.EMBED_LINKS


def test_member_overwrite_is_applied_last() -> None:
    overwrites = [member(MEMBER, deny=Permission.EMBED_LINKS), role(ROLE_A, allow=Permission.EMBED_LINKS)]
    assert not resolve((ROLE_A,), overwrites) & Permission.EMBED_LINKS
    regained = [role(GUILD, deny=Permission.SEND_MESSAGES), member(MEMBER, allow=Permission.SEND_MESSAGES)]
    assert resolve((), regained) & Permission.SEND_MESSAGES


def test_everyone_overwrite_applies_wherever_it_is_listed() -> None:
    overwrites = [role(ROLE_A, allow=Permission.ATTACH_FILES), role(GUILD, deny=Permission.EMBED_LINKS)]
    expected = BASE & ~Permission.EMBED_LINKS | Permission.MANAGE_MESSAGES | Permission.ATTACH_FILES
    assert resolve((ROLE_A,), overwrites) == expected


def test_without_view_channel_nothing_is_left() -> None:
    assert resolve((ROLE_A,), [role(GUILD, deny=Permission.VIEW_CHANNEL)]) == 0


def test_without_send_messages_embeds_go_too() -> None:
    permissions = resolve((), [role(GUILD, deny=Permission.SEND_MESSAGES)])
    assert permissions == Permission.VIEW_CHANNEL


@pytest.mark.parametrize(
    ("user", "channel", "granted", "denied"),
    [
        ("bot", "general", Permission.SEND_MESSAGES | Permission.EMBED_LINKS, 0),
        ("bot", "no-embeds", Permission.SEND_MESSAGES, Permission.EMBED_LINKS),
        ("bot", "locked", Permission.SEND_MESSAGES | Permission.EMBED_LINKS, 0),
        ("member", "locked", Permission.VIEW_CHANNEL, Permission.SEND_MESSAGES),
        ("member", "general", Permission.SEND_MESSAGES, Permission.MANAGE_GUILD),
        ("admin", "general", Permission.MANAGE_GUILD, Permission.ADMINISTRATOR),
        ("admin2", "locked", Permission.ADMINISTRATOR | Permission.SEND_MESSAGES, 0),
        ("owner", "no-embeds", Permission.ADMINISTRATOR, 0),
    ],
)
def test_fixture_channels(user: str, channel: str, granted: int, denied: int) -> None:
    permissions = DiscordEmulator().permissions_for(user, channel)
    assert permissions & granted == granted
    assert not permissions & denied
