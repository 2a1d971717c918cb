"""`/gaps` as a server admin uses it: what members asked that Versus could not answer, grouped
into topics with counts and an example, kept as text only; refused to members; off with a
setting; and `python -m bot gaps` for knowledge authors, across servers."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing

from cogs.admin import SENT_BY_DM
from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import admin_says, all_text, assert_clean, bot_environment, spawn_versus

# Three wordings of one missing topic, and an unknown library, asked in every way there is.
TPU = ("does mxnet support tpus?", "Does MXNet support TPUs", "can mxnet run on a tpu?")


async def ask_unanswerable(emu: DiscordEmulator) -> None:
    """Members ask what the knowledge base lacks (and one thing it has), by mention, by slash
    command, by prefix command, in a DM; each gets its answer."""
    await emu.send_message(content=TPU[0], mention_bot=True)
    await emu.invoke_slash("ask", {"question": TPU[1]}, user="admin2")
    await emu.send_message(author="owner", content=TPU[2], mention_bot=True)
    await emu.send_message(content="!pros pytorch")
    await emu.send_message(content="who develops mxnet?", mention_bot=True)  # answered: not a gap
    await emu.send_dm(content="does keras run on a tpu?")  # a DM: no server keeps it
    for _ in range(6):
        await emu.next_output()


async def slash_gaps(emu: DiscordEmulator, user: str = "admin") -> str:
    """`/gaps`: deferred privately, then the report privately."""
    await emu.invoke_slash("gaps", {}, user=user)
    defer = await emu.next_output()
    assert defer.kind == "defer" and defer.ephemeral
    out = await emu.next_output()
    assert out.kind == "followup" and out.ephemeral
    return out.content or ""


async def test_gaps_groups_what_members_could_not_get_answered(emu, versus):
    await ask_unanswerable(emu)
    report = await slash_gaps(emu)
    lines = report.splitlines()
    assert lines[0].startswith("**Most asked unanswered topics**")
    assert (
        lines[1].startswith("1. **3×**") and "mxnet" in lines[1].lower() and "+2 other wordings" in lines[1]
    )
    assert lines[2].startswith("2. **1×**") and "pros pytorch" in lines[2]
    assert "who develops" not in report and "keras run" not in report
    assert "No 👎 on any answer." in report
    assert_clean(emu)


async def test_only_the_text_is_kept_never_who_asked(emu, versus, db_path):
    await ask_unanswerable(emu)
    await slash_gaps(emu)  # by then every question is written: a read writes those waiting first
    with closing(sqlite3.connect(db_path)) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(unanswered_questions)")}
        rows = db.execute("SELECT guild_id, text FROM unanswered_questions ORDER BY id").fetchall()
    assert columns == {"id", "guild_id", "text", "asked_at"}
    assert sorted(text for _, text in rows) == sorted([*TPU, "pros pytorch"])
    assert {guild for guild, _ in rows} == {emu.ids.guild}


async def test_members_are_refused_gaps_by_slash_and_prefix(emu, versus):
    await emu.invoke_slash("gaps", {}, user="member", override_permissions=True)
    out = await emu.next_output()
    assert out.ephemeral and "Manage Server" in out.content
    await emu.send_message(content="!gaps")
    assert "Manage Server" in (await emu.next_output()).content
    await emu.send_dm(content="!gaps")
    assert "use it in that server" in (await emu.next_output()).content


async def test_by_prefix_the_report_goes_to_the_admins_dms(emu, versus):
    await emu.send_message(content=TPU[0], mention_bot=True)
    await emu.next_output()
    await emu.send_message(author="admin", content="!gaps")
    first, second = await emu.next_output(), await emu.next_output()
    dm = emu.channel_id("dm", user="admin")
    report, note = (first, second) if first.channel_id == dm else (second, first)
    assert report.channel_id == dm and "Most asked unanswered topics" in report.content
    assert note.channel_id == emu.ids.channels["general"] and note.content == SENT_BY_DM


async def test_with_gaps_off_nothing_is_kept_and_what_was_kept_is_gone(emu, versus):
    await emu.send_message(content=TPU[0], mention_bot=True)
    await emu.next_output()
    assert "1×" in await slash_gaps(emu)
    assert "Unanswered questions: off" in await admin_says(emu, "!settings gaps off")
    await emu.send_message(content=TPU[1], mention_bot=True)
    assert "Not covered" in all_text(await emu.next_output())
    assert "No unanswered questions in the last 30 days." in await slash_gaps(emu)
    await admin_says(emu, "!settings gaps on")
    await emu.send_message(content=TPU[2], mention_bot=True)
    await emu.next_output()
    assert "1. **1×**" in await slash_gaps(emu)


async def test_the_cli_prints_every_servers_gaps(emu, versus, db_path, tmp_path):
    await ask_unanswerable(emu)
    await slash_gaps(emu)
    env = bot_environment(emu, db_path)
    runs = {("gaps",): "3×", ("gaps", "--guild", str(emu.ids.guild)): "3×", ("gaps", "--guild", "1"): "none"}
    for args, shows in runs.items():
        process = await spawn_versus(
            env, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, stderr.decode()
        text = stdout.decode()
        assert text.startswith("Unanswered topics (last 30 days)") and shows in text
        assert "Answers with the most 👎" in text
