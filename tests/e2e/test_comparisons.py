"""Several comparisons, each a scope: a server picks its comparison (`settings comparison`),
its default library is checked against it, autocomplete lists only the comparison in scope,
and a server whose comparison file is gone falls back to the default, saying so.

Tests marked ENGINE need the engine to honour `Scope.server_comparison` and `Scope.comparison`
and to read a `comparison:key` argument (the lead's half of issue 9)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.core.query import Scope
from bot.core.settings import GuildSettings, LibraryRef
from bot.discord.client import Versus
from tests.conftest import PINNED_FILE
from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import (
    SECOND_ID,
    SECOND_TITLE,
    admin_says,
    admin_slash,
    all_text,
    assert_clean,
    embed_title,
)

FIRST_ID = "keras-vs-mxnet"
FIRST_TITLE = "Keras vs. MXNet: Deep Learning Libraries"


@pytest.fixture
async def versus(emu: DiscordEmulator, start_versus, two_comparisons: Path) -> AsyncIterator[Versus]:
    async with start_versus(knowledge_path=two_comparisons) as bot:
        yield bot
    assert_clean(emu)


def values(choices: list[dict]) -> list[str]:
    return [choice["value"] for choice in choices]


# --- settings comparison ----------------------------------------------------------------


async def test_admin_sets_the_comparison_by_slash_and_by_prefix(emu, versus):
    reply = await admin_slash(emu, ("settings", "comparison"), {"comparison": SECOND_ID})
    assert reply == f"Comparison set to {SECOND_TITLE}."
    assert versus.store.cached(emu.ids.guild).comparison == SECOND_ID
    assert versus.scope_for(discord.Object(emu.ids.guild)) == Scope(server_comparison=SECOND_ID)
    assert "(the default)" in await admin_says(emu, "!settings comparison default")
    assert versus.store.cached(emu.ids.guild).comparison is None
    assert "Comparison set to" in await admin_says(emu, f"!settings comparison {SECOND_TITLE.upper()}")
    assert versus.store.cached(emu.ids.guild).comparison == SECOND_ID


async def test_member_cannot_set_the_comparison(emu, versus):
    await emu.send_message(author="member", content=f"!settings comparison {SECOND_ID}")
    assert "Manage Server" in (await emu.next_output()).content
    await emu.invoke_slash(
        ("settings", "comparison"), {"comparison": SECOND_ID}, user="member", override_permissions=True
    )
    out = await emu.next_output()
    assert out.ephemeral and "Manage Server" in out.content
    assert versus.store.cached(emu.ids.guild).comparison is None


async def test_unknown_comparison_is_refused_with_the_loaded_ones(emu, versus):
    reply = await admin_says(emu, "!settings comparison <@123> @everyone")
    assert f"`{FIRST_ID}` ({FIRST_TITLE})" in reply and f"`{SECOND_ID}` ({SECOND_TITLE})" in reply
    assert "<@123>" not in reply and "@everyone" not in reply
    assert versus.store.cached(emu.ids.guild).comparison is None


async def test_comparison_autocomplete_shows_titles(emu, versus):
    path = ("settings", "comparison")
    every = await emu.autocomplete(path, {"comparison": ""}, focused="comparison", user="admin")
    assert [(c["name"], c["value"]) for c in every] == [
        (FIRST_TITLE, FIRST_ID),
        (SECOND_TITLE, SECOND_ID),
        (f"default ({FIRST_TITLE})", "default"),
    ]
    typed = await emu.autocomplete(path, {"comparison": "pytorch"}, focused="comparison", user="admin")
    assert values(typed) == [SECOND_ID]


# --- the default library belongs to the server's comparison -----------------------------


async def test_default_library_is_checked_against_the_servers_comparison(emu, versus):
    await admin_says(emu, f"!settings comparison {SECOND_ID}")
    refused = await admin_says(emu, "!settings default-library keras")
    assert "must be one of: PyTorch, JAX, or none" in refused
    assert versus.store.cached(emu.ids.guild).default_library is None
    assert "Default library set to PyTorch" in await admin_says(emu, "!settings default-library pytorh")
    assert versus.store.cached(emu.ids.guild).default_library == LibraryRef("torch", SECOND_ID)
    await emu.invoke_slash(("settings", "default-library"), {"library": f"{FIRST_ID}:keras"}, user="admin")
    refused = await emu.next_output()
    assert refused.ephemeral and "belongs to another comparison" in refused.content
    chosen = await admin_slash(emu, ("settings", "default-library"), {"library": f"{SECOND_ID}:jax"})
    assert chosen == "Default library set to JAX."
    scope = versus.scope_for(discord.Object(emu.ids.guild))
    assert scope == Scope(server_comparison=SECOND_ID, default_library="jax")


async def test_default_library_autocomplete_lists_the_servers_comparison(emu, versus):
    await admin_says(emu, f"!settings comparison {SECOND_ID}")
    choices = await emu.autocomplete(
        ("settings", "default-library"), {"library": ""}, focused="library", user="admin"
    )
    assert values(choices) == [f"{SECOND_ID}:torch", f"{SECOND_ID}:jax", "none"]


async def test_changing_the_comparison_clears_a_default_library_of_another(emu, versus):
    await admin_says(emu, "!settings default-library mxnet")
    reply = await admin_says(emu, f"!settings comparison {SECOND_ID}")
    assert f"`{FIRST_ID}:mxnet` belongs to another comparison, so it was cleared" in reply
    assert versus.store.cached(emu.ids.guild) == GuildSettings(comparison=SECOND_ID)


# --- answers: autocomplete and the comparison option ------------------------------------


async def test_library_autocomplete_follows_the_comparison_in_scope(emu, versus):
    server = await emu.autocomplete("pros", {"library": ""}, focused="library")
    assert values(server) == [f"{FIRST_ID}:keras", f"{FIRST_ID}:mxnet"]
    chosen = await emu.autocomplete("pros", {"library": "", "comparison": SECOND_ID}, focused="library")
    assert values(chosen) == [f"{SECOND_ID}:torch", f"{SECOND_ID}:jax"]
    await admin_says(emu, f"!settings comparison {SECOND_ID}")
    assert values(await emu.autocomplete("about", {"library": "j"}, focused="library")) == [
        f"{SECOND_ID}:jax"
    ]


async def test_aspect_autocomplete_values_are_distinct_and_reachable(emu, versus):
    """Both files name their aspects alike; each list holds one comparison's, once each."""
    for options in ({"aspect": ""}, {"aspect": "", "comparison": SECOND_ID}):
        choices = await emu.autocomplete("compare", options, focused="aspect")
        wanted = options.get("comparison", FIRST_ID)
        assert len(set(values(choices))) == len(choices) == 4
        assert all(value.startswith(f"{wanted}:") for value in values(choices))


async def test_comparison_option_autocompletes_titles(emu, versus):
    choices = await emu.autocomplete("compare", {"comparison": "jax"}, focused="comparison")
    assert choices == [{"name": SECOND_TITLE, "value": SECOND_ID}]


async def test_unknown_comparison_option_is_refused_privately(emu, versus):
    await emu.invoke_slash("stats", {"comparison": "<@&1> nope"})
    out = await emu.next_output()
    assert out.ephemeral and "There is no such comparison" in out.content and SECOND_ID in out.content
    assert "<@&1>" not in out.content


async def test_prefix_help_ignores_extra_words(emu, versus):
    await emu.send_message(content="!help me please")
    assert embed_title(await emu.next_output()) == "Versus — help"


async def test_the_servers_comparison_answers(emu, versus):
    """ENGINE: the server's comparison answers questions that name no library."""
    await admin_says(emu, f"!settings comparison {SECOND_ID}")
    await emu.send_message(content="!compare performance")
    assert embed_title(await emu.next_output()) == "Performance: PyTorch vs. JAX"


async def test_the_comparison_option_answers(emu, versus):
    """ENGINE: the slash option picks the comparison."""
    await emu.invoke_slash("compare", {"aspect": f"{SECOND_ID}:performance", "comparison": SECOND_ID})
    assert embed_title(await emu.next_output()) == "Performance: PyTorch vs. JAX"


# --- a comparison file that is gone, and restarts ---------------------------------------


async def test_a_server_whose_comparison_is_gone_falls_back_and_says_so(
    emu, start_versus, two_comparisons, caplog
):
    async with start_versus(knowledge_path=two_comparisons):
        await admin_says(emu, f"!settings comparison {SECOND_ID}")
    (two_comparisons / f"{SECOND_ID}.yaml").unlink()
    with caplog.at_level(logging.WARNING, logger="versus"):
        async with start_versus(knowledge_path=two_comparisons) as bot:
            lines = [r.getMessage() for r in caplog.records if SECOND_ID in r.getMessage()]
            assert len(lines) == 1 and "1 server(s)" in lines[0] and repr(FIRST_ID) in lines[0]
            assert bot.store.cached(emu.ids.guild).comparison == SECOND_ID, "kept for its return"
            await emu.invoke_slash(("settings", "show"), {}, user="admin")
            shown = all_text(await emu.next_output())
            assert f"`{SECOND_ID}` (not loaded; using {FIRST_TITLE})" in shown
            await emu.send_message(content="!pros mxnet")
            assert embed_title(await emu.next_output()) == "Pros: MXNet"
    assert_clean(emu)


async def test_reload_reports_a_comparison_that_went_away(emu, start_versus, two_comparisons, caplog):
    async with start_versus(knowledge_path=two_comparisons):
        await admin_says(emu, f"!settings comparison {SECOND_ID}")
        (two_comparisons / f"{SECOND_ID}.yaml").unlink()
        with caplog.at_level(logging.WARNING, logger="versus"):
            await emu.send_message(author="owner", content="!reload")
            assert "reloaded" in (await emu.next_output()).content
        assert [r for r in caplog.records if SECOND_ID in r.getMessage()]
    assert_clean(emu)


async def test_comparison_and_library_survive_a_restart(emu, start_versus, two_comparisons):
    async with start_versus(knowledge_path=two_comparisons):
        await admin_says(emu, f"!settings comparison {SECOND_ID}")
        await admin_says(emu, "!settings default-library jax")
    async with start_versus(knowledge_path=two_comparisons) as bot:
        expected = GuildSettings(comparison=SECOND_ID, default_library=f"{SECOND_ID}:jax")
        assert bot.store.cached(emu.ids.guild) == expected
        await emu.invoke_slash(("settings", "show"), {}, user="admin")
        shown = all_text(await emu.next_output())
        assert f"{SECOND_TITLE} (`{SECOND_ID}`)" in shown and "Default library JAX" in shown
    assert_clean(emu)


async def test_the_bots_default_comparison_comes_from_versus_comparison(emu, start_versus, two_comparisons):
    async with start_versus(knowledge_path=two_comparisons, default_comparison=SECOND_ID) as bot:
        assert bot.scope_for(discord.Object(emu.ids.guild)) == Scope(server_comparison=SECOND_ID)
        await emu.invoke_slash(("settings", "show"), {}, user="admin")
        assert f"{SECOND_TITLE} (the bot's default)" in all_text(await emu.next_output())
        assert "Default library set to JAX" in await admin_says(emu, "!settings default-library jax")
    assert_clean(emu)


def test_the_fixture_shares_aspect_names(two_comparisons):
    first, second = (
        p.read_text(encoding="utf-8") for p in (PINNED_FILE, two_comparisons / f"{SECOND_ID}.yaml")
    )
    assert "name: Performance" in first and "name: Performance" in second
