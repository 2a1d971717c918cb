"""Answers the staff teach, as a server uses them: a gap taught from `/gaps` (its Teach
button, the form) answered on the next question in other words and gone from the report;
`/teach` and `!teach`; members refused; a teaching role; `/taught list|remove|export` and the
export → `python -m bot taught import` round trip; an import reaching the running bot from
another process; forum posts answered only above the server's forum confidence."""

from __future__ import annotations

import asyncio
import sys

import yaml

from bot.core.taught import HEADING
from bot.discord.teaching import ANSWER_LABEL, ASKS_LABEL
from tests.conftest import HELP, HELP_TITLE, KNOWLEDGE_DIR, ROOT
from tests.discord_emulator.responses import UPLOADED
from tests.e2e.conftest import admin_says, all_text, assert_cannot_ping, assert_clean, embed_title, two_shards
from tests.test_store_engines import eventually

PHONE_ANSWER = "Not officially: the #mobile channel's pins list what works."


async def ask(emu, text: str, user: str = "member") -> str:
    """A member mentions Versus with a question; everything the answer says."""
    await emu.send_message(author=user, content=text, mention_bot=True)
    return all_text(await emu.next_output())


async def gaps_report(emu):
    """An admin's `/gaps`: the private report (with its buttons)."""
    await emu.invoke_slash("gaps", {}, user="admin")
    assert (await emu.next_output()).kind == "defer"
    report = await emu.next_output()
    assert report.ephemeral
    return report


async def test_a_gap_taught_from_gaps_is_answered_next_time_and_leaves_the_report(emu, versus):
    assert HEADING not in await ask(emu, "does mxnet run on a phone?")
    report = await gaps_report(emu)
    assert "does mxnet run on a phone" in report.content
    assert [b["label"] for b in emu.buttons(report.message_id)] == ["Teach 1"]

    await emu.click_button(report.message_id, "Teach 1", user="admin")
    form = await emu.next_output()
    assert form.kind == "modal"
    assert emu.modal_fields(form) == {ASKS_LABEL: "does mxnet run on a phone?", ANSWER_LABEL: ""}
    await emu.submit_modal(form, {ANSWER_LABEL: PHONE_ANSWER}, user="admin")
    assert (await emu.next_output()).kind == "defer"
    assert (await emu.next_output()).content.startswith("Taught")

    answer = await ask(emu, "Can MXNet run on phones??", user="admin2")
    assert HEADING in answer and PHONE_ANSWER in answer
    assert "Keras vs. MXNet" not in answer, "never mixed with the article's attribution"
    assert "phone" not in (await gaps_report(emu)).content, "a taught topic leaves the report"
    # The comparison keeps what it answers better.
    assert HEADING not in await ask(emu, "who develops mxnet?")
    assert_clean(emu)


async def test_members_cannot_teach_by_slash_prefix_or_button(emu, versus):
    await ask(emu, "does keras support webgpu?")
    report = await gaps_report(emu)
    await emu.invoke_slash("teach", {}, user="member")
    refused = await emu.next_output()
    assert refused.ephemeral and "Manage Server" in refused.content
    await emu.send_message(content="!teach does keras support webgpu? | yes")
    assert "Manage Server" in (await emu.next_output()).content
    await emu.click_button(report.message_id, "Teach 1", user="member")
    assert "Manage Server" in (await emu.next_output()).content
    assert not versus.store.lessons(emu.ids.guild)
    assert HEADING not in await ask(emu, "does keras support webgpu?")


async def test_a_teaching_role_lets_its_members_teach(emu, versus):
    moderators = emu.ids.roles["moderators"]
    emu.update_role("moderators", permissions=0)  # admin2's only role: no Manage Server now
    refused = await admin_says(emu, "!settings teach-role none")
    assert "none" in refused
    await emu.send_message(author="admin2", content="!teach keras on phones? ; keras mobile | Use TF Lite.")
    assert "Manage Server" in (await emu.next_output()).content
    said = await admin_says(emu, f"!settings teach-role <@&{moderators}>")
    assert f"<@&{moderators}>" in said
    await emu.send_message(author="admin2", content="!teach keras on phones? ; keras mobile | Use TF Lite.")
    assert (await emu.next_output()).content.startswith("Taught")
    assert "Use TF Lite." in await ask(emu, "what about keras mobile")
    await emu.send_message(author="member", content="!teach x | y")
    assert f"<@&{moderators}>" in (await emu.next_output()).content


async def test_a_taught_answer_pings_nobody_and_shows_as_written(emu, versus):
    await admin_says(emu, "!teach who runs this server? | @everyone <@&1> **the mods**, see <#2>")
    await emu.send_message(content="who runs this server", mention_bot=True)
    answer = await emu.next_output()
    assert_cannot_ping(answer)
    assert embed_title(answer) == HEADING and "the mods" in all_text(answer)


async def test_slash_teach_list_remove_and_an_export_import_round_trip(emu, versus, db_path, tmp_path):
    await emu.invoke_slash("teach", {}, user="admin")
    form = await emu.next_output()
    await emu.submit_modal(
        form,
        {ASKS_LABEL: "is there a discord for mxnet?\nmxnet community chat", ANSWER_LABEL: "Yes: #mxnet."},
        user="admin",
    )
    await emu.next_output()
    assert (await emu.next_output()).content.startswith("Taught")
    await emu.send_message(author="admin", content="!teach where do i report bugs | On our tracker, #bugs.")
    await emu.next_output()

    await emu.invoke_slash(("taught", "list"), {}, user="admin")
    listed = (await emu.next_output()).content
    assert "is there a discord for mxnet?” (+1 more)" in listed and "where do i report bugs" in listed

    await emu.invoke_slash(("taught", "export"), {}, user="admin")
    exported = await emu.next_output()
    [attachment] = exported.payload["attachments"]
    records = yaml.safe_load(UPLOADED[attachment["url"]])
    assert [r["questions"][0] for r in records] == ["is there a discord for mxnet?", "where do i report bugs"]

    remove = ("taught", "remove")
    choices = await emu.autocomplete(remove, {"question": "bug"}, focused="question", user="admin")
    assert [c["name"] for c in choices] == ["where do i report bugs"]
    await emu.invoke_slash(remove, {"question": choices[0]["value"]}, user="admin")
    await emu.next_output()
    assert "Removed" in (await emu.next_output()).content
    left = versus.store.lessons(emu.ids.guild).entries
    assert [e.asks[0] for e in left] == ["is there a discord for mxnet?"]

    # The file imports into another database, and exports the same.
    file = tmp_path / "taught.yaml"
    file.write_bytes(UPLOADED[attachment["url"]])
    other = tmp_path / "other.sqlite3"
    env = {"PATH": "/usr/bin:/bin", "VERSUS_DB": str(other), "VERSUS_KNOWLEDGE": str(KNOWLEDGE_DIR)}
    guild = str(emu.ids.guild)
    imported = await _cli(env, "taught", "import", "--guild", guild, str(file))
    assert imported == f"Taught server {guild} 2 answer(s); it now has 2.\n"
    assert yaml.safe_load(await _cli(env, "taught", "export", "--guild", guild)) == records


async def test_an_import_reaches_the_running_bot(emu, start_versus, db_path, tmp_path, monkeypatch):
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", 0.2)
    file = tmp_path / "taught.yaml"
    file.write_text('- {questions: ["is mxnet free for companies?"], answer: "Apache 2.0: yes."}\n')
    async with start_versus() as bot:
        env = {"PATH": "/usr/bin:/bin", "VERSUS_DB": str(db_path), "VERSUS_KNOWLEDGE": str(KNOWLEDGE_DIR)}
        await _cli(env, "taught", "import", "--guild", str(emu.ids.guild), str(file))
        await eventually(lambda: bool(bot.store.lessons(emu.ids.guild)))
        assert "Apache 2.0: yes." in await ask(emu, "Is MXNet free for companies?")


async def test_a_taught_answer_reaches_the_other_shard_process(emu, make_config, monkeypatch):
    monkeypatch.setattr("bot.storage.sqlite.FOLLOW_SECONDS", 0.2)
    async with two_shards(emu, make_config()) as bots:
        await emu.send_message(author="admin", content="!teach is mxnet on conda? | Yes: conda-forge.")
        assert (await emu.next_output()).content.startswith("Taught")
        for bot in bots:  # the shard that saved it, and the other process, which follows the database
            await eventually(lambda bot=bot: bool(bot.store.lessons(emu.ids.guild)))


async def test_a_forum_post_is_answered_only_above_the_forum_confidence(emu, versus):
    forum = emu.ids.channels["help-forum"]
    await admin_says(emu, "!settings freeform channels")
    await admin_says(emu, f"!settings channel add <#{forum}>")
    said = await admin_says(emu, "!settings forum-confidence 100%")
    assert "Forum confidence set to 100%" in said
    # Covered, but with words the article never uses: below 100%, so only a gap.
    robot = "is keras quick for my tiny hobby robot"
    await emu.create_forum_post(forum="help-forum", title="Speed", content=robot)
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)
    assert "robot" in (await gaps_report(emu)).content
    await admin_says(emu, "!settings forum-confidence 30")
    post, _ = await emu.create_forum_post(forum="help-forum", title="Speed", content=robot)
    assert (await emu.next_output()).channel_id == post
    assert "percentage from 0 to 100" in await admin_says(emu, "!settings forum-confidence 101")


async def _cli(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    output, errors = await process.communicate()
    assert process.returncode == 0, errors.decode()
    return output.decode()
