"""What follows when the bot creates, edits or deletes a message: it is stored, dispatched on
the gateway as Discord does (never for ephemeral messages), and reported as an Output."""

from __future__ import annotations

from .gateway import Gateway
from .outputs import Output, OutputKind, OutputRouter, message_output
from .payloads import EPHEMERAL_FLAG, JSON
from .responses import form_error
from .store import Store
from .validation import message_errors

SUPPRESS_EMBEDS = 1 << 2


def _ephemeral(message: JSON) -> bool:
    return bool(message["flags"] & EPHEMERAL_FLAG)


class MessageEffects:
    """Applies a bot's message changes to the store, the gateway and the outputs."""

    def __init__(self, store: Store, gateway: Gateway, outputs: OutputRouter) -> None:
        self._store = store
        self._gateway = gateway
        self._outputs = outputs

    def created(
        self, message: JSON, kind: OutputKind, sent: JSON, *, interaction_id: int | None = None
    ) -> JSON:
        """A new message: store it, send MESSAGE_CREATE, report it."""
        self._store.add(message)
        if not _ephemeral(message):
            self._gateway.publish_message("MESSAGE_CREATE", message)
        self._outputs.emit(message_output(kind, message, sent, interaction_id=interaction_id))
        return message

    def edited(
        self,
        message: JSON,
        body: JSON,
        kind: OutputKind,
        *,
        interaction_id: int | None = None,
        mark_edited: bool = True,
    ) -> JSON:
        """Apply an edit body (400 if it breaks a limit), send MESSAGE_UPDATE, report it."""
        errors = message_errors(body, creating=False)
        if errors:
            raise form_error(errors)
        self._store.edit(int(message["id"]), body, mark_edited=mark_edited)
        if "flags" in body:
            suppress = (body["flags"] or 0) & SUPPRESS_EMBEDS
            message["flags"] = (message["flags"] & ~SUPPRESS_EMBEDS) | suppress
        if not _ephemeral(message):
            self._gateway.publish_message("MESSAGE_UPDATE", message)
        self._outputs.emit(message_output(kind, message, body, interaction_id=interaction_id))
        return message

    def deleted(self, message: JSON, *, interaction_id: int | None = None) -> None:
        """Forget a message, send MESSAGE_DELETE, report it."""
        del self._store.messages[int(message["id"])]
        if not _ephemeral(message):
            keys = ("id", "channel_id", "guild_id")
            self._gateway.publish_deletion({k: message[k] for k in keys if k in message})
        output = Output(
            kind="delete",
            channel_id=int(message["channel_id"]),
            ephemeral=_ephemeral(message),
            interaction_id=interaction_id,
            message_id=int(message["id"]),
        )
        self._outputs.emit(output)
