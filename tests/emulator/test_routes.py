"""The REST side on its own, with a plain aiohttp client: routes, auth, errors, limits."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.discord_emulator import DiscordEmulator

Json = Any


@pytest.fixture
async def http(emu: DiscordEmulator) -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bot {emu.token}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        yield session


async def call(
    http: aiohttp.ClientSession, emu: DiscordEmulator, method: str, path: str, body: Json = None
) -> tuple[int, Json]:
    async with http.request(method, emu.api_base + path, json=body) as response:
        if response.status == 204:
            return 204, None
        assert response.headers["Content-Type"] == "application/json"
        return response.status, await response.json()


def test_listens_on_loopback_only(emu: DiscordEmulator) -> None:
    assert emu.api_base.startswith("http://127.0.0.1:")
    assert emu.gateway_url.startswith("ws://127.0.0.1:")


async def test_unknown_routes_answer_404_json_and_are_recorded(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    assert await call(http, emu, "GET", "/no/such/route") == (404, {"message": "404: Not Found", "code": 0})
    assert (await call(http, emu, "DELETE", "/users/@me"))[0] == 404  # known path, unknown method
    assert emu.unknown_routes == ["GET /api/v10/no/such/route", "DELETE /api/v10/users/@me"]
    emu.unknown_routes.clear()


async def test_wrong_token_is_401_but_interaction_routes_need_none(emu: DiscordEmulator) -> None:
    async with aiohttp.ClientSession(headers={"Authorization": "Bot nope"}) as http:
        assert await call(http, emu, "GET", "/users/@me") == (
            401,
            {"message": "401: Unauthorized", "code": 0},
        )
        status, body = await call(http, emu, "POST", "/interactions/1/abc/callback", {"type": 4})
    assert (status, body["code"]) == (404, 10062)


async def test_identity_routes(emu: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    assert (await call(http, emu, "GET", "/users/@me"))[1]["id"] == str(emu.ids.bot)
    app = (await call(http, emu, "GET", "/oauth2/applications/@me"))[1]
    assert (app["id"], app["owner"]["id"]) == (str(emu.ids.application), str(emu.ids.owner))
    assert (await call(http, emu, "GET", "/gateway/bot"))[1]["url"] == emu.gateway_url
    dm = (await call(http, emu, "POST", "/users/@me/channels", {"recipient_id": str(emu.ids.member)}))[1]
    assert (int(dm["id"]), dm["type"]) == (emu.channel_id("dm", user="member"), 1)


async def test_bot_sends_only_where_it_may(emu: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    channels = emu.ids.channels
    embed = {"content": "x", "embeds": [{"title": "t"}]}
    sent = await call(http, emu, "POST", f"/channels/{channels['general']}/messages", embed)
    assert sent[0] == 200
    refused = await call(http, emu, "POST", f"/channels/{channels['no-embeds']}/messages", embed)
    assert (refused[0], refused[1]["code"]) == (403, 50013)
    assert (await call(http, emu, "POST", f"/channels/{channels['locked']}/messages", {"content": "x"}))[
        0
    ] == 200
    unknown = await call(http, emu, "POST", "/channels/1/messages", {"content": "x"})
    assert (unknown[0], unknown[1]["code"]) == (404, 10003)
    bot_dm = emu.channel_id("dm", user="other_bot")
    assert (await call(http, emu, "POST", f"/channels/{bot_dm}/messages", {"content": "x"}))[1][
        "code"
    ] == 50007
    assert [o.kind for o in emu.outputs] == ["message", "message"]


async def test_message_limits_are_form_errors(emu: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    path = f"/channels/{emu.ids.channels['general']}/messages"
    too_long = await call(http, emu, "POST", path, {"content": "x" * 2001})
    assert (too_long[0], too_long[1]["code"], list(too_long[1]["errors"])) == (400, 50035, ["content"])
    big_title = await call(http, emu, "POST", path, {"embeds": [{"title": "t" * 257}]})
    assert big_title[1]["errors"] == {
        "embeds": {
            "0": {
                "title": {
                    "_errors": [
                        {"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 256 or fewer in length."}
                    ]
                }
            }
        }
    }
    assert (await call(http, emu, "POST", path, {"content": ""}))[1]["code"] == 50035
    assert emu.outputs == []


async def test_edit_and_delete_own_messages(emu: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    channel = emu.ids.channels["general"]
    sent = (await call(http, emu, "POST", f"/channels/{channel}/messages", {"content": "one"}))[1]
    path = f"/channels/{channel}/messages/{sent['id']}"
    edited = (await call(http, emu, "PATCH", path, {"content": "two"}))[1]
    assert (edited["content"], edited["edited_timestamp"] is not None) == ("two", True)
    users_message = await emu.send_message(content="mine")
    refused = await call(
        http, emu, "PATCH", f"/channels/{channel}/messages/{users_message}", {"content": "x"}
    )
    assert refused[1]["code"] == 50005
    assert (await call(http, emu, "DELETE", path))[0] == 204
    assert (await call(http, emu, "GET", path))[1]["code"] == 10008
    assert [o.kind for o in emu.outputs] == ["message", "edit", "delete"]


async def test_files_are_sent_as_multipart(emu: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    form = aiohttp.FormData()
    payload = {"content": "see file", "attachments": [{"id": 0, "filename": "a.txt"}]}
    form.add_field("payload_json", json.dumps(payload), content_type="application/json")
    form.add_field("files[0]", b"hello", filename="a.txt", content_type="text/plain")
    url = f"{emu.api_base}/channels/{emu.ids.channels['general']}/messages"
    async with http.post(url, data=form) as response:
        message = await response.json()
    assert [(a["filename"], a["size"]) for a in message["attachments"]] == [("a.txt", 5)]


async def test_command_sync_keeps_ids_and_bumps_versions(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    path = f"/applications/{emu.ids.application}/commands"
    first = (await call(http, emu, "PUT", path, [command("alpha"), command("beta")]))[1]
    second = (await call(http, emu, "PUT", path, [command("alpha")]))[1]
    assert second[0]["id"] == first[0]["id"] and second[0]["version"] != first[0]["version"]
    assert [c["name"] for c in (await call(http, emu, "GET", path))[1]] == ["alpha"]
    assert [c["name"] for c in emu.synced_commands()] == ["alpha"]
    bad = await call(http, emu, "PUT", path, [command("Bad Name")])
    assert (bad[0], list(bad[1]["errors"]["0"])) == (400, ["name"])
    no_description = await call(http, emu, "PUT", path, [{"name": "x", "description": ""}])
    assert list(no_description[1]["errors"]["0"]) == ["description"]
    alpha = f"{path}/{first[0]['id']}"
    renamed = (await call(http, emu, "PATCH", alpha, {"name": "alef"}))[1]
    assert (renamed["id"], renamed["name"]) == (first[0]["id"], "alef")
    guild_path = f"/applications/{emu.ids.application}/guilds/{emu.ids.guild}/commands"
    guild_command = (await call(http, emu, "POST", guild_path, command("gamma")))[1]
    assert guild_command["guild_id"] == str(emu.ids.guild)
    assert (await call(http, emu, "DELETE", f"{guild_path}/{guild_command['id']}"))[0] == 204
    assert emu.synced_commands(emu.ids.guild) == []


def command(name: str) -> dict[str, Any]:
    return {"name": name, "description": f"The {name} command", "type": 1, "options": []}


async def test_interaction_callbacks_follow_ups_and_original(
    emu: DiscordEmulator, http: aiohttp.ClientSession
) -> None:
    handle = await emu.invoke_slash("anything", unsynced=True)
    callback = f"/interactions/{handle.id}/{handle.token}/callback?with_response=1"
    status, body = await call(
        http, emu, "POST", callback, {"type": 4, "data": {"content": "hi", "flags": 64}}
    )
    assert status == 200
    assert (body["resource"]["message"]["content"], body["interaction"]["response_message_ephemeral"]) == (
        "hi",
        True,
    )
    again = await call(http, emu, "POST", callback, {"type": 4, "data": {"content": "hi"}})
    assert (again[0], again[1]["code"]) == (400, 40060)
    webhook = f"/webhooks/{emu.ids.application}/{handle.token}"
    followup = (await call(http, emu, "POST", webhook + "?wait=1", {"content": "more"}))[1]
    assert (await call(http, emu, "GET", webhook + "/messages/@original"))[1]["content"] == "hi"
    assert (await call(http, emu, "PATCH", webhook + "/messages/@original", {"content": "edited"}))[0] == 200
    assert (await call(http, emu, "DELETE", f"{webhook}/messages/{followup['id']}"))[0] == 204
    kinds = [(o.kind, o.content) for o in emu.outputs]
    assert kinds == [
        ("interaction_response", "hi"),
        ("followup", "more"),
        ("edit", "edited"),
        ("delete", None),
    ]


async def test_autocomplete_choices_are_limited(emu: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    handle = await emu.invoke_slash("anything", unsynced=True)
    choices = [{"name": str(n), "value": str(n)} for n in range(26)]
    callback = f"/interactions/{handle.id}/{handle.token}/callback"
    assert (await call(http, emu, "POST", callback, {"type": 8, "data": {"choices": choices}}))[0] == 400


async def test_interaction_expires_unanswered() -> None:
    async with DiscordEmulator(interaction_timeout=0.0) as emu, aiohttp.ClientSession() as http:
        handle = await emu.invoke_slash("anything", unsynced=True)
        url = f"{emu.api_base}/interactions/{handle.id}/{handle.token}/callback"
        async with http.post(url, json={"type": 5}) as response:
            assert (response.status, (await response.json())["code"]) == (404, 10062)


async def test_injected_faults(emu: DiscordEmulator, http: aiohttp.ClientSession) -> None:
    emu.inject_error("GET", "/users/@me", status=429, retry_after=0.25, times=2)
    for _ in range(2):
        async with http.get(emu.api_base + "/users/@me") as response:
            assert response.status == 429 and response.headers["Via"]
            assert (await response.json())["retry_after"] == 0.25
    assert (await call(http, emu, "GET", "/users/@me"))[0] == 200
    with pytest.raises(ValueError, match="no route"):
        emu.inject_error("GET", "/users/{id}/nothing", status=500)
