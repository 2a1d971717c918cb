"""Teaching Versus in Discord: the form (a modal) a member fills in to teach an answer, and
the "Teach" buttons of the `/gaps` report that open it on an unanswered topic.

A button carries its topic (`versus:teach:<topic key>`), not the report: a click, even after
a restart, reads the server's current report and opens the form with that topic's wordings
as the ways of asking. Only members who may teach (`may_teach`) get the form; saving goes
through the store (`SettingsStore.teach`), which every process sharing the database follows.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any, cast

import discord

from bot.core.answer import clip, echo
from bot.core.gaps import Gap, topic_key
from bot.core.taught import MAX_ANSWER, MAX_ASK, MAX_ASKS, MAX_ENTRIES, TeachError, lesson, parse_asks
from bot.discord.client import Versus
from bot.discord.context import may_teach, not_a_teacher
from bot.ops.reports import gap_report
from bot.storage.base import StoreError

log = logging.getLogger("versus")

PREFIX = "versus:teach:"
CUSTOM_ID_LIMIT = 100  # Discord's
BUTTONS_PER_ROW = 5
ASKS_LABEL = "Ways of asking (one per line)"
ANSWER_LABEL = "The answer"
NOT_SAVED = "I couldn't save that answer: the settings database has a problem. Please try again later."
GONE = "That topic is no longer in the report (taught already, or its questions expired)."


async def save_lesson(bot: Versus, guild_id: int, asks: tuple[str, ...], answer: str, user_id: int) -> str:
    """Teach a server an answer; what to tell the member (saved, or why not)."""
    try:
        entry = lesson(asks, answer, user_id, datetime.now(UTC))
        lessons = await bot.store.teach(guild_id, [entry])
    except TeachError as exc:
        return f"Not saved: {exc}"
    except StoreError as exc:
        log.warning("Could not save a taught answer for server %s: %s", guild_id, exc)
        return NOT_SAVED
    return (
        f"Taught ({len(lessons)} of at most {MAX_ENTRIES} in this server). Questions like "
        f"“{echo(entry.asks[0])}” now get your answer, under “Answer from this server's staff”."
    )


class TeachForm(discord.ui.Modal, title="Teach Versus an answer"):
    """Ways of asking (prefilled from a `/gaps` topic) and the answer."""

    def __init__(self, bot: Versus, asks: tuple[str, ...] = ()) -> None:
        super().__init__(timeout=900, custom_id="versus:teach-form")
        self.bot = bot
        self.asks: discord.ui.TextInput[TeachForm] = discord.ui.TextInput(
            label=ASKS_LABEL,
            style=discord.TextStyle.paragraph,
            default="\n".join(clip(ask, MAX_ASK) for ask in asks[:MAX_ASKS]) or None,
            placeholder="does it run on a phone?\nmobile support",
            max_length=MAX_ASKS * (MAX_ASK + 1),
        )
        self.answer: discord.ui.TextInput[TeachForm] = discord.ui.TextInput(
            label=ANSWER_LABEL, style=discord.TextStyle.paragraph, max_length=MAX_ANSWER
        )
        self.add_item(self.asks)
        self.add_item(self.answer)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        guild = interaction.guild
        assert guild is not None  # opened only in a server
        settings = self.bot.settings_for(guild)
        if not may_teach(interaction.user, interaction.permissions, settings):  # lost it meanwhile
            await interaction.response.send_message(str(not_a_teacher(settings)), ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        said = await save_lesson(
            self.bot, guild.id, parse_asks(self.asks.value), self.answer.value, interaction.user.id
        )
        await interaction.followup.send(said, ephemeral=True)


def teach_custom_id(gap: Gap) -> str:
    """A topic's "Teach" button id: its topic key, as much as fits."""
    return (PREFIX + topic_key(gap.example))[:CUSTOM_ID_LIMIT]


def teach_buttons(gaps: tuple[Gap, ...], shown: int) -> discord.ui.View | None:
    """ "Teach 1" … "Teach N" under a report listing these topics (None: no topic)."""
    if not gaps:
        return None
    view = discord.ui.View(timeout=None)
    for number, gap in enumerate(gaps[:shown], 1):
        view.add_item(
            discord.ui.Button(
                label=f"Teach {number}",
                style=discord.ButtonStyle.secondary,
                custom_id=teach_custom_id(gap),
                row=(number - 1) // BUTTONS_PER_ROW,
            )
        )
    return view


class TeachTopic(discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.escape(PREFIX) + r"(?P<key>.*)"):
    """A "Teach" button of a `/gaps` report, clicked (whenever it was sent)."""

    def __init__(self, key: str) -> None:
        super().__init__(discord.ui.Button(label="Teach", custom_id=(PREFIX + key)[:CUSTOM_ID_LIMIT]))
        self.key = key

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]
    ) -> TeachTopic:
        return cls(match["key"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot, guild = cast(Versus, interaction.client), interaction.guild
        if guild is None:
            return  # the report with buttons is only shown in a server
        settings = bot.settings_for(guild)
        if not may_teach(interaction.user, interaction.permissions, settings):
            await interaction.response.send_message(str(not_a_teacher(settings)), ephemeral=True)
            return
        try:
            report = await gap_report(bot.store, guild.id, datetime.now(UTC))
        except StoreError:
            await interaction.response.send_message(NOT_SAVED, ephemeral=True)
            return
        gap = next((g for g in report.gaps if teach_custom_id(g) == self.item.custom_id), None)
        if gap is None:
            await interaction.response.send_message(GONE, ephemeral=True)
            return
        await interaction.response.send_modal(TeachForm(bot, gap.texts))
