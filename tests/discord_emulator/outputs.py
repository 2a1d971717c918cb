"""What the bot made visible, normalised for assertions, and the queue tests await it on.

Every message the bot sends, every interaction callback, follow-up, edit, deletion,
reaction and thread it starts becomes one `Output`. Outputs arrive through an
`asyncio.Queue` (event-driven, never polled); an autocomplete the driver is waiting for goes
straight to its waiter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .payloads import EPHEMERAL_FLAG

OutputKind = Literal[
    "message",  # POST /channels/{id}/messages
    "interaction_response",  # callback type 4 (or 7, update of a component's message)
    "defer",  # callback type 5 (or 6)
    "followup",  # POST /webhooks/{app}/{token}
    "edit",  # PATCH of a channel message, @original or a follow-up
    "delete",  # DELETE of a channel message, @original or a follow-up
    "autocomplete",  # callback type 8
    "modal",  # callback type 9
    "reaction",  # PUT /channels/{id}/messages/{mid}/reactions/{emoji}/@me
    "thread",  # POST /channels/{id}(/messages/{mid})/threads: channel_id is the new thread's
]


@dataclass(frozen=True)
class Output:
    """One thing the bot did that a user could see.

    `content` and `embeds` describe the message as it stands after the request (for an edit,
    the edited message); `payload` is the request body exactly as discord.py sent it.
    """

    kind: OutputKind
    channel_id: int | None
    content: str | None = None
    embeds: tuple[dict[str, Any], ...] = ()
    ephemeral: bool = False
    allowed_mentions: dict[str, Any] | None = None
    choices: tuple[dict[str, Any], ...] = ()
    interaction_id: int | None = None
    message_id: int | None = None
    message_reference: dict[str, Any] | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Content, embed titles, descriptions, field names and values, footers: all the
        words a user reads, newline-joined (handy for "the answer mentions X" checks)."""
        parts = [self.content or ""]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            for embed_field in embed.get("fields", []):
                parts += [embed_field.get("name", ""), embed_field.get("value", "")]
            parts.append(embed.get("footer", {}).get("text", ""))
        return "\n".join(part for part in parts if part)


def message_output(
    kind: OutputKind,
    message: Mapping[str, Any],
    body: Mapping[str, Any],
    *,
    interaction_id: int | None = None,
) -> Output:
    """An Output for a request that created or changed `message` (its resulting state)."""
    return Output(
        kind=kind,
        channel_id=int(message["channel_id"]),
        content=message["content"],
        embeds=tuple(message["embeds"]),
        ephemeral=bool(message["flags"] & EPHEMERAL_FLAG),
        allowed_mentions=body.get("allowed_mentions"),
        interaction_id=interaction_id,
        message_id=int(message["id"]),
        message_reference=body.get("message_reference"),
        payload=dict(body),
    )


class OutputRouter:
    """Collects outputs: a history list, a FIFO queue, and per-interaction claims."""

    def __init__(self) -> None:
        self.history: list[Output] = []
        self._queue: asyncio.Queue[Output] = asyncio.Queue()
        self._claims: dict[int, asyncio.Future[Output]] = {}

    def emit(self, output: Output) -> None:
        """Record an output and hand it to its claimant or to the queue."""
        self.history.append(output)
        claim = self._claims.pop(output.interaction_id, None) if output.interaction_id else None
        if claim is not None and not claim.done():
            claim.set_result(output)
        else:
            self._queue.put_nowait(output)

    def claim(self, interaction_id: int) -> asyncio.Future[Output]:
        """A future for the next output of this interaction, which then skips the queue."""
        future: asyncio.Future[Output] = asyncio.get_running_loop().create_future()
        self._claims[interaction_id] = future
        return future

    def release(self, interaction_id: int) -> None:
        """Drop a claim that is no longer awaited."""
        self._claims.pop(interaction_id, None)

    async def next(self, timeout: float) -> Output:
        """The next output; TimeoutError if none comes within `timeout` seconds."""
        async with asyncio.timeout(timeout):
            return await self._queue.get()
