"""👍/👎 under answers to free-form questions: anyone who sees an answer may vote on it once.

The buttons are persistent: everything a click needs is in its `custom_id`
(`versus:vote:<up|down>:<kind>:<key>`, the key being the answer's title), and `VoteButton`
— a discord.py `DynamicItem`, registered when the bot starts (cogs/admin.py) — turns any
click on such a button back into a vote, on messages sent before a restart too. Nothing is
kept in memory per message.

A vote is stored with the voter's id only so that a second vote by the same member on the
same answer is ignored (and said so, privately); it is counted in the metrics by kind of
answer. The 👎 per answer are what `/gaps` lists.

Beside "did you mean" buttons (bot/discord/suggestions.py), which live in memory, the vote
buttons are sent as plain buttons with the same `custom_id`s (`plain_vote_buttons`): a view
that holds a `DynamicItem` would unregister it for every message when it expires.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Protocol, cast

import discord

from bot.core.answer import Answer, AnswerKind
from bot.core.gaps import Ballot
from bot.ops.metrics import Metrics, Vote
from bot.storage.base import SettingsStore, StoreError

log = logging.getLogger("versus")

PREFIX = "versus:vote:"
CUSTOM_ID_LIMIT = 100  # Discord's
VOTE_ROW = 1  # below a row of "did you mean" buttons
LABELS: dict[Vote, str] = {"up": "👍", "down": "👎"}
THANKS = "Thanks — your {label} is counted."
ALREADY = "You already voted on this answer; a member's first vote is the one that counts."
NOT_SAVED = "I couldn't save your vote: the settings database has a problem. Please try again later."
# No feedback on what is no answer about the comparison: small talk ("thanks" → "You're
# welcome") and the help.
WITHOUT_FEEDBACK = frozenset(
    {AnswerKind.CHAT, AnswerKind.HELP, AnswerKind.TAUGHT}
)  # taught: the staff's own words


class BallotBox(Protocol):
    """What a vote needs of the bot it is cast with: where votes are kept and counted."""

    store: SettingsStore
    metrics: Metrics


def custom_id(vote: Vote, kind: AnswerKind, key: str) -> str:
    """A vote button's id: the vote, the kind of answer and as much of its key as fits."""
    head = f"{PREFIX}{vote}:{kind.value}:"
    return head + " ".join(key.split())[: CUSTOM_ID_LIMIT - len(head)]


def plain_vote_buttons(answer: Answer) -> tuple[discord.ui.Button[Any], ...]:
    """👍 and 👎 for this answer as plain buttons (rendered only: `VoteButton` answers their
    clicks); none for small talk."""
    if answer.kind in WITHOUT_FEEDBACK:
        return ()
    return tuple(_button(vote, answer.kind, answer.title) for vote in LABELS)


def _button(vote: Vote, kind: AnswerKind, key: str) -> discord.ui.Button[Any]:
    return discord.ui.Button(
        label=LABELS[vote],
        style=discord.ButtonStyle.secondary,
        custom_id=custom_id(vote, kind, key),
        row=VOTE_ROW,
    )


def feedback_view(answer: Answer) -> discord.ui.View | None:
    """A view of the two vote buttons, kept nowhere (every item is dynamic); None for small
    talk."""
    if answer.kind in WITHOUT_FEEDBACK:
        return None
    view = discord.ui.View(timeout=None)
    for vote in LABELS:
        view.add_item(VoteButton(vote, answer.kind, answer.title))
    return view


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=PREFIX + r"(?P<vote>up|down):(?P<kind>[a-z_]+):(?P<key>.*)",
):
    """A click on a vote button, whenever the message was sent."""

    def __init__(self, vote: Vote, kind: AnswerKind, key: str) -> None:
        super().__init__(_button(vote, kind, key))
        self.vote: Vote = vote
        self.kind = kind
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> VoteButton:
        # An unknown kind (a forged or outdated button) raises: discord.py logs it and ignores the click.
        return cls(cast(Vote, match["vote"]), AnswerKind(match["kind"]), match["key"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        bot = cast(BallotBox, interaction.client)
        assert interaction.message is not None  # a button is always on a message
        await interaction.response.defer(ephemeral=True, thinking=True)  # the write may be slow
        ballot = Ballot(
            message_id=interaction.message.id,
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            kind=self.kind.value,
            key=self.key,
            up=self.vote == "up",
            voted_at=datetime.now(UTC),
        )
        try:
            counted = await bot.store.cast(ballot)
        except StoreError as exc:
            log.error("Could not save a vote: %s", exc)
            bot.metrics.store_failed()
            await interaction.followup.send(NOT_SAVED, ephemeral=True)
            return
        if counted:
            bot.metrics.voted(self.kind, self.vote)
        await interaction.followup.send(
            THANKS.format(label=LABELS[self.vote]) if counted else ALREADY, ephemeral=True
        )
