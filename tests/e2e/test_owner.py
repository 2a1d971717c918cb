"""Owner tools: sync and reload, refused to everyone else."""

from __future__ import annotations

import shutil
import time

from bot.discord import client
from tests.conftest import BILLION_LAUGHS, SHIPPED_FILE
from tests.e2e.conftest import assert_clean, embed_title


async def test_owner_syncs_globally_and_to_one_server(emu, versus):
    await emu.send_message(author="owner", content="!sync")
    assert "globally" in (await emu.next_output()).content
    await emu.send_message(author="owner", content="!sync here")
    assert "Published" in (await emu.next_output()).content
    names = {c["name"] for c in emu.synced_commands(guild=emu.ids.guild)}
    assert {"compare", "pros", "cons", "about", "stats", "ask", "help", "settings"} <= names


async def test_extra_owner_from_config_may_sync(emu, versus):
    await emu.send_message(author="admin2", content="!sync")
    assert "Published" in (await emu.next_output()).content


async def test_admin_is_not_an_owner(emu, versus):
    await emu.send_message(author="admin", content="!sync")
    assert "owner" in (await emu.next_output()).content
    await emu.send_message(author="admin", content="!reload")
    assert "owner" in (await emu.next_output()).content


async def test_reload_keeps_the_old_knowledge_when_the_new_is_invalid(emu, start_versus, tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    live = folder / SHIPPED_FILE.name
    shutil.copy(SHIPPED_FILE, live)
    async with start_versus(knowledge_path=folder):
        live.write_text(SHIPPED_FILE.read_text().replace("mxnet: Very High}", "mxnet: Stellar}"))
        await emu.send_message(author="owner", content="!reload")
        told = (await emu.next_output()).content
        assert "Kept the current knowledge base" in told and "aspects[0].ratings.mxnet" in told
        await emu.send_message(content="!compare speed")
        assert "Very High" in str((await emu.next_output()).embeds)
        shutil.copy(SHIPPED_FILE, live)
        await emu.send_message(author="owner", content="!reload")
        assert "reloaded" in (await emu.next_output()).content
        await emu.send_message(content="!stats")
        assert embed_title(await emu.next_output()).startswith("Statistics")
    assert_clean(emu)


async def test_sync_clear_removes_the_servers_copy_only(emu, versus):
    await emu.send_message(author="owner", content="!sync here")
    await emu.next_output()
    assert emu.synced_commands(guild=emu.ids.guild)
    await emu.send_message(author="owner", content="!sync clear")
    assert "Removed" in (await emu.next_output()).content
    assert emu.synced_commands(guild=emu.ids.guild) == []
    assert {c["name"] for c in emu.synced_commands()} >= {"compare", "settings"}


async def test_sync_with_an_unknown_scope_says_which_exist(emu, versus):
    await emu.send_message(author="owner", content="!sync everywhere")
    assert "global, here, clear" in (await emu.next_output()).content


async def test_answers_go_on_while_a_reload_reads_the_files(emu, start_versus, monkeypatch):
    """The files are read and indexed off the event loop: a question asked during a slow
    reload is answered before the reload is done."""
    real = client.load_engine

    def slow(config):
        time.sleep(1.5)  # a large knowledge folder on a slow disk
        return real(config)

    monkeypatch.setattr(client, "load_engine", slow)
    async with start_versus():
        await emu.send_message(author="owner", content="!reload")
        await emu.send_message(content="!stats")
        first = await emu.next_output()
        assert embed_title(first).startswith("Statistics"), "answered while the reload runs"
        assert "reloaded" in (await emu.next_output(timeout=10)).content


async def test_a_knowledge_bomb_is_refused_at_once_and_the_old_knowledge_kept(emu, start_versus, tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    live = folder / SHIPPED_FILE.name
    shutil.copy(SHIPPED_FILE, live)
    async with start_versus(knowledge_path=folder):
        (folder / "bomb.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
        await emu.send_message(author="owner", content="!reload")
        told = (await emu.next_output(timeout=5)).content
        assert "Kept the current knowledge base" in told and "anchors and aliases" in told
        await emu.send_message(content="!compare speed")
        assert "Very High" in str((await emu.next_output()).embeds)
    assert_clean(emu)
