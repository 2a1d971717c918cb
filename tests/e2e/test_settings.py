"""Per-server settings: admins change them, members are refused (prefix and slash), and
changes take effect on the next message and survive a restart."""

from __future__ import annotations

import pytest

from bot.core.settings import SETTINGS
from tests.conftest import HELP, HELP_TITLE
from tests.e2e.conftest import admin_says, admin_slash, assert_clean, embed_title


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("!settings prefix ?", "prefix", "?"),
        ("!settings default-library mx net", "default_library", "keras-vs-mxnet:mxnet"),
        ("!settings freeform channels", "freeform", "channels"),
        ("!settings visibility private", "visibility", "private"),
        ("!settings style text", "style", "text"),
        ("!settings answer-length full", "answer_length", "full"),
    ],
)
async def test_admin_changes_each_setting_by_prefix(emu, versus, text, field, value):
    reply = await admin_says(emu, text)
    assert "set" in reply.lower() or ":" in reply
    assert str(getattr(versus.store.cached(emu.ids.guild), field)) == value


@pytest.mark.parametrize(
    ("path", "options", "field", "value"),
    [
        (("settings", "prefix"), {"prefix": "$$"}, "prefix", "$$"),
        (("settings", "default-library"), {"library": "keras"}, "default_library", "keras-vs-mxnet:keras"),
        (("settings", "freeform"), {"mode": "off"}, "freeform", "off"),
        (("settings", "visibility"), {"mode": "private"}, "visibility", "private"),
        (("settings", "style"), {"mode": "text"}, "style", "text"),
        (("settings", "answer-length"), {"length": "full"}, "answer_length", "full"),
    ],
)
async def test_admin_changes_each_setting_by_slash(emu, versus, path, options, field, value):
    await admin_slash(emu, path, options)
    assert str(getattr(versus.store.cached(emu.ids.guild), field)) == value


async def test_full_answers_say_every_sentence_of_the_reasons(emu, versus):
    dropped = "automatic differentiation"  # the second sentence of MXNet's reason
    await emu.send_message(content="!compare ease of use")
    assert dropped not in str((await emu.next_output()).embeds)
    await admin_says(emu, "!settings answer-length full")
    await emu.send_message(content="!compare ease of use")
    assert dropped in str((await emu.next_output()).embeds)
    await emu.send_message(content="compare them on ease of use", mention_bot=True)
    assert dropped in str((await emu.next_output()).embeds), "free-form answers too"


async def test_channel_opt_in_and_out(emu, versus):
    channel = emu.ids.channels["opted-in"]
    assert "opted in" in await admin_says(emu, f"!settings channel add <#{channel}>")
    assert channel in versus.store.cached(emu.ids.guild).freeform_channels
    await admin_slash(emu, ("settings", "channel", "remove"), {"channel": channel})
    assert channel not in versus.store.cached(emu.ids.guild).freeform_channels


async def test_a_forum_is_opted_in_like_a_channel(emu, versus):
    """A forum's posts are threads of it: opting the forum in is what makes them answered."""
    forum = emu.ids.channels["help-forum"]
    reply = await admin_says(emu, f"!settings channel add <#{forum}>")
    assert reply.startswith(f"<#{forum}> opted in. A new post is answered when I am at least as sure as")
    assert "can't answer" not in reply
    assert forum in versus.store.cached(emu.ids.guild).freeform_channels
    await admin_slash(emu, ("settings", "channel", "remove"), {"channel": str(forum)})
    assert "opted in" in await admin_slash(emu, ("settings", "channel", "add"), {"channel": forum})
    assert forum in versus.store.cached(emu.ids.guild).freeform_channels


async def test_show_and_reset(emu, versus):
    await admin_says(emu, "!settings style text")
    await emu.send_message(author="admin", content="!settings")
    shown = await emu.next_output()  # privately, in the admin's DMs (a prefix command has no ephemeral reply)
    assert shown.channel_id == emu.channel_id("dm", user="admin")
    assert "text" in shown.content  # a text-style server sees its settings as text
    note = await emu.next_output()
    assert note.channel_id == emu.ids.channels["general"] and "direct message" in note.content
    assert "defaults" in await admin_says(emu, "!settings reset")
    await emu.invoke_slash(("settings", "show"), {}, user="admin")
    out = await emu.next_output()
    assert out.ephemeral and embed_title(out).startswith("Versus settings")


@pytest.mark.parametrize(
    "text", ["!settings prefix ?", "!settings reset", "!settings style text", "!settings"]
)
async def test_member_is_refused_by_prefix(emu, versus, text):
    await emu.send_message(author="member", content=text)
    out = await emu.next_output()
    assert "Manage Server" in out.content
    assert versus.store.cached(emu.ids.guild).prefix is None


async def test_member_is_refused_by_slash_even_if_discord_offers_it(emu, versus):
    """default_permissions only hides the command; servers can re-enable it for anyone."""
    await emu.invoke_slash(("settings", "style"), {"mode": "text"}, user="member", override_permissions=True)
    out = await emu.next_output()
    assert out.ephemeral and "Manage Server" in out.content
    assert str(versus.store.cached(emu.ids.guild).style) == "embed"


async def test_settings_refused_in_dms(emu, versus):
    await emu.send_dm(author="admin", content="!settings prefix ?")
    out = await emu.next_output()
    assert "server" in out.content.lower()


async def test_edited_message_goes_through_the_same_check(emu, versus):
    message_id = await emu.send_message(author="member", content="hello there")
    await emu.edit_message(message_id, "!settings prefix ?")
    out = await emu.next_output()
    assert "Manage Server" in out.content
    assert versus.store.cached(emu.ids.guild).prefix is None


@pytest.mark.parametrize("value", ["@everyone", "<@123>", "toolongprefix", "a b", "\u200b"])
async def test_hostile_prefix_is_refused_with_the_rule(emu, versus, value):
    reply = await admin_says(emu, f"!settings prefix {value}")
    assert "1 to 5 visible characters" in reply
    assert "@everyone" not in reply
    assert versus.store.cached(emu.ids.guild).prefix is None


async def test_bad_choice_says_what_is_allowed(emu, versus):
    assert "public, private" in await admin_says(emu, "!settings visibility loud")


async def test_unknown_default_library_is_refused(emu, versus):
    assert "Keras, MXNet" in await admin_says(emu, "!settings default-library caffe")


async def test_default_library_autocomplete_offers_none(emu, versus):
    choices = await emu.autocomplete(
        ("settings", "default-library"), {"library": ""}, focused="library", user="admin"
    )
    assert [c["value"] for c in choices] == ["keras-vs-mxnet:keras", "keras-vs-mxnet:mxnet", "none"]


async def test_prefix_change_takes_effect_on_the_next_message(emu, versus):
    await admin_says(emu, "!settings prefix ?")
    await emu.send_message(content="!pros keras")
    await emu.expect_no_output_before(f"?{HELP}", shows=HELP_TITLE)
    await emu.send_message(content="?pros keras")
    assert embed_title(await emu.next_output()) == "Pros: Keras"


async def test_default_library_applies_to_pros_without_argument(emu, versus):
    await admin_says(emu, "!settings default-library mxnet")
    await emu.invoke_slash("pros", {})
    assert embed_title(await emu.next_output()) == "Pros: MXNet"


async def test_private_visibility_makes_slash_answers_ephemeral(emu, versus):
    await admin_says(emu, "!settings visibility private")
    await emu.invoke_slash("compare", {"aspect": "ecosystem"})
    out = await emu.next_output()
    assert out.ephemeral and embed_title(out).startswith("Ecosystem")


async def test_text_style_sends_plain_text(emu, versus):
    await admin_says(emu, "!settings style text")
    await emu.send_message(content="!compare ecosystem")
    out = await emu.next_output()
    assert not out.embeds and "Extensive" in out.content and len(out.content) <= 2000


async def test_settings_survive_a_restart_on_the_same_database(emu, start_versus):
    async with start_versus():
        await admin_says(emu, "!settings prefix ?")
        await admin_says(emu, "?settings style text")
    async with start_versus() as bot:
        assert bot.store.cached(emu.ids.guild).prefix == "?"
        await emu.send_message(content="?stats")
        out = await emu.next_output()
        assert not out.embeds and "64%" in out.content
    assert_clean(emu)


async def test_mistyped_subcommand_lists_the_real_ones(emu, versus):
    reply = await admin_says(emu, "!settings prefx ?")
    assert "There is no `settings prefx`" in reply and "prefix" in reply
    assert versus.store.cached(emu.ids.guild).prefix is None


def _synced_settings(emu) -> dict[str, dict]:
    [group] = [c for c in emu.synced_commands() if c["name"] == "settings"]
    return {option["name"]: option for option in group["options"]}


@pytest.mark.parametrize("spec", [s for s in SETTINGS if s.command], ids=lambda s: s.name)
async def test_each_settings_subcommand_is_described_by_the_registry(emu, versus, spec):
    """What Discord shows admins for `/settings <name>` is the registry's entry."""
    subcommand = _synced_settings(emu)[spec.command]
    assert subcommand["description"] == spec.summary
    [option] = subcommand["options"]
    assert (option["name"], option["description"]) == (spec.option, spec.description)
    if spec.choices is not None:
        choices = await emu.autocomplete(
            ("settings", spec.command), {spec.option: ""}, focused=spec.option, user="admin"
        )
        assert [c["value"] for c in choices] == [str(value) for value in spec.choices]


async def test_every_setting_is_shown(emu, versus):
    await emu.invoke_slash(("settings", "show"), {}, user="admin")
    fields = (await emu.next_output()).embeds[0]["fields"]
    assert [f["name"] for f in fields] == [s.label for s in SETTINGS]


async def test_an_admin_configuring_a_server_is_never_told_to_wait(emu, start_versus):
    """Setting changes by members who may manage the server don't count toward the command
    limit (3 per 30 s here): an admin goes through a dozen of them, by prefix and slash, and
    the limit still holds for their other commands and for members."""
    async with start_versus(command_rate=(3, 30.0)):
        for style in ("text", "embed") * 3:
            assert (await admin_says(emu, f"!settings style {style}")).startswith("Style: ")
        for mode in ("private", "public") * 3:
            reply = await admin_slash(emu, ("settings", "visibility"), {"mode": mode})
            assert reply.startswith("Visibility: ")
        for _ in range(3):
            await emu.send_message(author="admin", content="!pros keras")
            assert embed_title(await emu.next_output()) == "Pros: Keras"
        await emu.send_message(author="admin", content="!pros keras")
        assert "faster than I can keep up" in (await emu.next_output()).content
        for _ in range(3):
            await emu.send_message(content="!settings style text")
            assert "Manage Server" in (await emu.next_output()).content
        await emu.send_message(content="!settings style text")
        assert "faster than I can keep up" in (await emu.next_output()).content
    assert_clean(emu)
