"""Every command, prefix and slash form, answered through the real discord.py client."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.knowledge import load_knowledge
from tests.conftest import HELP, HELP_TITLE, KNOWLEDGE_DIR, SHIPPED_ID
from tests.e2e.conftest import all_text, bot_environment, embed_title, spawn_versus

COMPARISON = load_knowledge(KNOWLEDGE_DIR).comparison(SHIPPED_ID)
KERAS, MXNET = COMPARISON.libraries
PERFORMANCE = COMPARISON.aspect("performance")

# (prefix text, slash name, slash options, expected embed title)
COMMANDS = [
    ("!compare speed", "compare", {"aspect": "performance"}, "Performance: Keras vs. MXNet"),
    ("!compare", "compare", {}, COMPARISON.title),
    ("!pros mxnt", "pros", {"library": "mxnet"}, "Pros: MXNet"),
    ("!cons keras", "cons", {"library": "keras"}, "Cons: Keras"),
    ("!about MXNet", "about", {"library": "mxnet"}, "About MXNet"),
    ("!stats", "stats", {}, "Statistics: Keras and MXNet"),
    ("!help", "help", {}, "Versus — help"),
    (
        "!ask which is better for beginners?",
        "ask",
        {"question": "which is better for beginners?"},
        "Recommendation: Keras",
    ),
]


@pytest.mark.parametrize(("text", "expected"), [(c[0], c[3]) for c in COMMANDS], ids=[c[0] for c in COMMANDS])
async def test_prefix_commands(emu, versus, text, expected):
    await emu.send_message(channel="general", author="member", content=text)
    out = await emu.next_output()
    assert out.kind == "message" and embed_title(out) == expected
    assert out.channel_id == emu.ids.channels["general"]


@pytest.mark.parametrize(
    ("name", "options", "expected"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS]
)
async def test_slash_commands(emu, versus, name, options, expected):
    await emu.invoke_slash(name, options, user="member", channel="general")
    out = await emu.next_output()
    assert out.kind == "interaction_response" and not out.ephemeral
    assert embed_title(out) == expected


async def test_compare_embed_has_ratings_with_bars_and_source_footer(emu, versus):
    await emu.invoke_slash("compare", {"aspect": "performance"})
    embed = (await emu.next_output()).embeds[0]
    names = [field["name"] for field in embed["fields"]]
    assert names[0].startswith(f"Keras — {PERFORMANCE.ratings['keras']} ▰")
    assert names[1].startswith(f"MXNet — {PERFORMANCE.ratings['mxnet']} ▰")
    assert embed["footer"]["text"].endswith(PERFORMANCE.section)


async def test_ease_of_use_embed_carries_the_contradiction_note(emu, versus):
    await emu.send_message(content="!compare ease of use")
    assert "contradicts itself" in all_text(await emu.next_output())


@pytest.mark.parametrize(
    ("command", "focused", "typed", "first"),
    [
        ("compare", "aspect", "perf", "performance"),
        ("compare", "aspect", "scal", "scalability"),
        ("pros", "library", "mx", "mxnet"),
        ("cons", "library", "ker", "keras"),
        ("about", "library", "", "keras"),
    ],
)
async def test_autocomplete_ranks_names_and_aliases(emu, versus, command, focused, typed, first):
    choices = await emu.autocomplete(command, {focused: typed}, focused=focused)
    assert choices and choices[0]["value"] == f"{COMPARISON.id}:{first}"
    assert len(choices) <= 25 and all(len(c["name"]) <= 100 for c in choices)


async def test_autocomplete_empty_lists_every_aspect(emu, versus):
    choices = await emu.autocomplete("compare", {"aspect": ""}, focused="aspect")
    assert [c["value"] for c in choices] == [f"{COMPARISON.id}:{a.key}" for a in COMPARISON.aspects]


async def test_a_chosen_autocomplete_value_answers(emu, versus):
    """Engine contract: an argument `comparison:key` names that comparison's entity."""
    [choice] = await emu.autocomplete("pros", {"library": "mxnt"}, focused="library")
    await emu.invoke_slash("pros", {"library": choice["value"]})
    assert embed_title(await emu.next_output()) == "Pros: MXNet"


async def test_unknown_library_is_refused_honestly(emu, versus):
    await emu.send_message(content="!pros pytorch")
    out = await emu.next_output()
    assert embed_title(out) == "Not in my knowledge base"
    assert "Keras" in all_text(out) and "Limited flexibility" not in all_text(out)


async def test_channel_without_embed_links_gets_plain_text(emu, versus):
    await emu.send_message(channel="no-embeds", content="!cons mxnet")
    out = await emu.next_output()
    assert not out.embeds and "Steeper learning curve" in out.content


async def test_mentions_in_arguments_cannot_ping(emu, versus):
    await emu.send_message(content="!pros @everyone <@&1> <@1>")
    out = await emu.next_output()
    assert "@everyone" not in all_text(out)


async def test_messages_from_bots_are_ignored(emu, versus):
    await emu.send_message(author="other_bot", content="!pros keras")
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)


async def test_unknown_prefix_command_is_ignored(emu, versus):
    await emu.send_message(content="!dance")
    await emu.expect_no_output_before(f"!{HELP}", shows=HELP_TITLE)


async def test_unknown_slash_command_gets_a_private_hint(emu, versus):
    await emu.invoke_slash("retired-command", {}, unsynced=True)
    out = await emu.next_output()
    assert out.ephemeral and "out of date" in out.content


async def test_commands_forgive_capitals_and_a_space_after_the_prefix(emu, versus):
    await emu.send_message(content="!Pros keras")
    assert embed_title(await emu.next_output()) == "Pros: Keras"
    await emu.send_message(content="! cons keras")
    assert embed_title(await emu.next_output()) == "Cons: Keras"


async def test_sync_from_the_shell_publishes_without_opening_the_database(emu, tmp_path):
    db_path = tmp_path / "never" / "versus.sqlite3"
    process = await spawn_versus(
        bot_environment(emu, db_path), "sync", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    assert "Published" in stdout.decode() and "globally" in stdout.decode()
    assert {c["name"] for c in emu.synced_commands()} >= {"compare", "settings"}
    assert not db_path.parent.exists(), "sync needs no settings"
