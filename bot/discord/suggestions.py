""" "Did you mean" as buttons: the suggestions of an honest "not in my knowledge" answer, each
a button that asks the suggested question when the asker clicks it: the click is dispatched
as the `suggestion_chosen` event (answered by cogs/questions.py).

An unknown name (`!pros pytorch`, "pros of caffe") is suggested as the same question with the
name replaced (`pros MXNet`); a question the source does not cover suggests the closest
things it has, as questions of their own. A suggestion becomes a button only if its question
gets a real answer. Anyone else who clicks is told privately that the buttons are the
asker's. The buttons live in memory: after `SUGGESTION_SECONDS` (or a restart) they expire,
and are removed from the message. Buttons of the same message that are not suggestions
(👍/👎, answered by bot/discord/feedback.py) stay, and their clicks are left to their handler.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import discord

from bot.core.answer import Answer, AnswerKind, clip
from bot.core.engine import Engine
from bot.core.query import Scope

SUGGESTION_SECONDS = 180.0  # well inside the 15 minutes an interaction's answer can be edited
MAX_BUTTONS = 5
LABEL_LIMIT = 80
SUGGESTION_CHOSEN = "suggestion_chosen"  # the event a click dispatches: (interaction, question)
SUGGESTION_PREFIX = "versus:suggest:"  # a suggestion button's custom_id: this and a random token
TOKEN_BYTES = 8
EXPIRED = "Those suggestions have expired (they last 3 minutes, and not across a restart): ask me again."
NOT_YOURS = "These buttons belong to whoever asked; ask me yourself to get your own."

OFFERED = (AnswerKind.NOT_FOUND, AnswerKind.NOT_COVERED)  # honest "not known" answers, not off-topic


@dataclass(frozen=True)
class Suggestion:
    label: str
    question: str


def suggestions_for(
    engine: Engine, scope: Scope, question: str, answer: Answer, unknown: str | None
) -> tuple[Suggestion, ...]:
    """The runnable suggestions of an answer that has some (at most MAX_BUTTONS); `unknown`:
    the words of `question` that named nothing known (for NOT_FOUND answers)."""
    if answer.kind not in OFFERED or not answer.suggestions:
        return ()
    unknown = unknown if answer.kind is AnswerKind.NOT_FOUND else None
    found = []
    for name in answer.suggestions:
        asked = _replaced(question, unknown, name) if unknown else name
        if asked is not None and engine.ask(asked, scope=scope).found:
            found.append(Suggestion(clip(name, LABEL_LIMIT), asked))
    return tuple(found[:MAX_BUTTONS])


def _replaced(question: str, unknown: str, name: str) -> str | None:
    """`question` with the unknown words (in any case) replaced by `name`; None if absent."""
    replaced, count = re.subn(re.escape(unknown.strip()), lambda _: name, question, count=1, flags=re.I)
    return replaced if count else None


class SuggestionButtons(discord.ui.View):
    """One button per suggestion; only the asker's clicks ask. `lasting`:
    other buttons of the message, handled elsewhere, that stay when the suggestions expire.
    `alive`: the bot's custom_ids of suggestion buttons that still work, which this view's
    join while it lasts; a click on any other (expired, or from before a restart) is told so
    (`ExpiredSuggestion`)."""

    def __init__(
        self,
        asker_id: int,
        suggestions: tuple[Suggestion, ...],
        *,
        timeout: float,
        alive: set[str],
        lasting: Sequence[discord.ui.Button[Any]] = (),
    ) -> None:
        super().__init__(timeout=timeout)
        self.asker_id = asker_id
        self._alive = alive
        self.message: discord.Message | None = None  # set once sent, to remove the buttons later
        for suggestion in suggestions:
            suggested = _SuggestionButton(suggestion)
            alive.add(suggested.custom_id or "")
            self.add_item(suggested)
        self._lasting = tuple(lasting)
        for button in self._lasting:
            self.add_item(button)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if any(button.custom_id == _clicked(interaction) for button in self._lasting):
            return False  # not a suggestion: answered by its own handler
        if interaction.user.id == self.asker_id:
            return True
        await interaction.response.send_message(NOT_YOURS, ephemeral=True)
        return False

    def stop(self) -> None:
        self._alive.difference_update(
            item.custom_id for item in self.children if isinstance(item, _SuggestionButton)
        )
        super().stop()

    async def on_timeout(self) -> None:
        """Expired: the suggestions are taken off the message, lasting buttons stay (gone
        already: nothing to do)."""
        self.stop()
        if self.message is not None:
            self.clear_items()
            for button in self._lasting:
                self.add_item(button)
            # This view has stopped: editing with it shows its buttons without keeping it.
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(
                    view=self if self._lasting else None, allowed_mentions=discord.AllowedMentions.none()
                )


def _clicked(interaction: discord.Interaction[Any]) -> str | None:
    """The custom_id of the component an interaction clicked."""
    data: dict[str, Any] = dict(interaction.data or {})
    return cast(str | None, data.get("custom_id"))


class Suggestions(Protocol):
    """What an expired suggestion needs of the bot: the suggestion buttons that still work."""

    live_suggestions: set[str]


class ExpiredSuggestion(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=SUGGESTION_PREFIX + r"(?P<token>[0-9a-f]+)"
):
    """Any click on a suggestion button, whenever it was sent: one no live view answers
    (expired, or from before a restart) is told so, privately, rather than left to fail.
    discord.py dispatches it beside the live view of the button, if there is one."""

    def __init__(self, token: str) -> None:
        super().__init__(discord.ui.Button(label=token, custom_id=f"{SUGGESTION_PREFIX}{token}"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> ExpiredSuggestion:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if self.custom_id not in cast(Suggestions, interaction.client).live_suggestions:
            await interaction.response.send_message(EXPIRED, ephemeral=True)


class _SuggestionButton(discord.ui.Button["SuggestionButtons"]):
    def __init__(self, suggestion: Suggestion) -> None:
        super().__init__(
            label=suggestion.label,
            style=discord.ButtonStyle.secondary,
            custom_id=f"{SUGGESTION_PREFIX}{secrets.token_hex(TOKEN_BYTES)}",
        )
        self.question = suggestion.question

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        interaction.client.dispatch(SUGGESTION_CHOSEN, interaction, self.question)
