"""Interaction callbacks and the interaction webhook (follow-ups, `@original`), as Discord:

- a callback is accepted once (then 400 40060), only within `interaction_timeout` seconds
  of the interaction (then 404 10062), and only of a type that fits the interaction;
- `?with_response=1` (which discord.py always sends) answers with the callback resource,
  `resource.message` included when a message was created;
- a defer creates a "thinking" message that the first follow-up (or an edit of @original)
  fills in, keeping the defer's ephemerality;
- ephemeral messages are never dispatched on the gateway;
- a button click (a component interaction) may also be answered with 6 (acknowledge, change
  nothing yet) or 7 (update the message the button is on); its `@original` is that message.
"""

from __future__ import annotations

import time

from aiohttp import web

from .effects import MessageEffects
from .interactions import AUTOCOMPLETE, MESSAGE_COMPONENT
from .outputs import Output, OutputKind, OutputRouter
from .payloads import CHAT_INPUT_COMMAND_MESSAGE, EPHEMERAL_FLAG, JSON, LOADING_FLAG, user_payload
from .responses import (
    ApiError,
    RouteTable,
    form_error,
    json_response,
    no_content,
    query_flag,
    read_body,
)
from .store import InteractionRecord, Store
from .validation import choices_errors, message_errors

MESSAGE_RESPONSE, DEFERRED_RESPONSE, AUTOCOMPLETE_RESULT, MODAL = 4, 5, 8, 9
DEFERRED_UPDATE, UPDATE_MESSAGE = 6, 7  # component interactions only
_ANSWERED = (MESSAGE_RESPONSE, DEFERRED_RESPONSE, DEFERRED_UPDATE, UPDATE_MESSAGE)
_SENDABLE_FLAGS = EPHEMERAL_FLAG | 1 << 2 | 1 << 12  # ephemeral, suppress embeds / notifications
_WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"


class InteractionRoutes:
    """Handlers for `/interactions/...` and `/webhooks/{application}/{token}/...`."""

    def __init__(
        self,
        store: Store,
        effects: MessageEffects,
        outputs: OutputRouter,
        *,
        interaction_timeout: float,
        component_messages: dict[int, int],
    ) -> None:
        self._component_messages = component_messages  # interaction id → the clicked message's id
        self._store = store
        self._bot = store.world.bot
        self._effects = effects
        self._outputs = outputs
        self._timeout = interaction_timeout

    def routes(self) -> RouteTable:
        """This handler set's part of the route table."""
        table: RouteTable = {
            ("POST", "/interactions/{webhook_id}/{webhook_token}/callback"): self.callback,
            ("POST", _WEBHOOK): self.followup,
        }
        for path in (_WEBHOOK + "/messages/@original", _WEBHOOK + "/messages/{message_id}"):
            table |= {(method, path): self.webhook_message for method in ("GET", "PATCH", "DELETE")}
        return table

    # -- the callback ----------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        record = self._unanswered(request)
        body = await read_body(request)
        response_type, data = body.get("type"), body.get("data") or {}
        allowed = {MESSAGE_RESPONSE, DEFERRED_RESPONSE, MODAL}
        if record.interaction_type == AUTOCOMPLETE:
            allowed = {AUTOCOMPLETE_RESULT}
        elif record.interaction_type == MESSAGE_COMPONENT:
            allowed |= {DEFERRED_UPDATE, UPDATE_MESSAGE}
        if response_type not in allowed:
            raise form_error({"type": {"_errors": [{"code": "INVALID", "message": "Invalid type"}]}})
        errors = (
            choices_errors(data.get("choices") or [])
            if response_type == AUTOCOMPLETE_RESULT
            else message_errors(data, creating=response_type == MESSAGE_RESPONSE)
            if response_type != DEFERRED_UPDATE
            else {}
        )
        if errors:
            raise form_error({"data": errors})
        record.response_type = response_type
        resource = self._respond(record, response_type, data)
        if not query_flag(request, "with_response"):
            return no_content()
        return json_response(_callback_response(record, resource))

    def _unanswered(self, request: web.Request) -> InteractionRecord:
        record = self._store.interactions.get(request.match_info["webhook_token"])
        if (
            record is None
            or record.id != int(request.match_info["webhook_id"])
            or time.monotonic() - record.created > self._timeout
        ):
            raise ApiError(404, 10062, "Unknown interaction")
        if record.response_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        return record

    def _respond(self, record: InteractionRecord, response_type: int, data: JSON) -> JSON | None:
        if response_type in (DEFERRED_UPDATE, UPDATE_MESSAGE):
            return self._update(record, response_type, data)
        if response_type in (AUTOCOMPLETE_RESULT, MODAL):
            kind = "autocomplete" if response_type == AUTOCOMPLETE_RESULT else "modal"
            choices = tuple(data.get("choices") or ())
            output = Output(kind, record.channel_id, choices=choices, interaction_id=record.id, payload=data)
            self._outputs.emit(output)
            return None
        flags = (data.get("flags") or 0) & _SENDABLE_FLAGS
        record.loading = response_type == DEFERRED_RESPONSE
        if record.loading:
            flags |= LOADING_FLAG
            data = {k: v for k, v in data.items() if k == "flags"}
        message = self._message(record, data, flags)
        record.original_id = int(message["id"])
        kind = "defer" if record.loading else "interaction_response"
        self._effects.created(message, kind, data, interaction_id=record.id)
        return {"type": response_type, "message": message}

    def _update(self, record: InteractionRecord, response_type: int, data: JSON) -> JSON | None:
        """6: acknowledged, nothing visible yet; 7: the clicked message is edited in place."""
        message = self._store.messages.get(self._component_messages.pop(record.id, 0))
        if message is None:
            raise ApiError(404, 10008, "Unknown Message")
        record.original_id = int(message["id"])
        if response_type == DEFERRED_UPDATE:
            return None
        self._effects.edited(message, data, "interaction_response", interaction_id=record.id)
        return {"type": response_type, "message": message}

    def _message(self, record: InteractionRecord, data: JSON, flags: int) -> JSON:
        owners = {"0": str(record.place.guild.id) if record.place.guild else "0"}
        return self._store.compose(
            channel_id=record.channel_id,
            author=self._bot,
            content=data.get("content") or "",
            embeds=data.get("embeds") or [],
            message_type=CHAT_INPUT_COMMAND_MESSAGE,
            flags=flags,
            extra={
                "webhook_id": str(self._bot.id),
                "application_id": str(self._bot.id),
                "components": data.get("components") or [],
                "interaction_metadata": {
                    "id": str(record.id),
                    "type": record.interaction_type,
                    "user": user_payload(record.place.user),
                    "authorizing_integration_owners": owners,
                },
            },
        )

    # -- the webhook -------------------------------------------------------------------------

    def _answered(self, request: web.Request) -> InteractionRecord:
        record = self._store.interactions.get(request.match_info["webhook_token"])
        if (
            record is None
            or int(request.match_info["webhook_id"]) != self._bot.id
            or record.response_type not in _ANSWERED
        ):
            raise ApiError(404, 10015, "Unknown Webhook")
        return record

    async def followup(self, request: web.Request) -> web.Response:
        record = self._answered(request)
        body = await read_body(request)
        errors = message_errors(body, creating=True)
        if errors:
            raise form_error(errors)
        if record.loading and record.original_id in self._store.messages:
            message = self._fill_in(record, body, "followup")
        else:
            flags = (body.get("flags") or 0) & _SENDABLE_FLAGS
            message = self._effects.created(
                self._message(record, body, flags), "followup", body, interaction_id=record.id
            )
            record.followup_ids.add(int(message["id"]))
        return json_response(message) if query_flag(request, "wait") else no_content()

    def _fill_in(self, record: InteractionRecord, body: JSON, kind: OutputKind) -> JSON:
        """Complete the "thinking" message of a defer with `body`."""
        assert record.original_id is not None
        record.loading = False
        message = self._store.messages[record.original_id]
        message["flags"] &= ~LOADING_FLAG
        return self._effects.edited(message, body, kind, interaction_id=record.id, mark_edited=False)

    async def webhook_message(self, request: web.Request) -> web.Response:
        record = self._answered(request)
        ref = request.match_info.get("message_id", "@original")
        message_id = record.original_id if ref == "@original" else int(ref)
        owned = message_id == record.original_id or message_id in record.followup_ids
        message = self._store.messages.get(message_id or 0)
        if not owned or message is None:
            raise ApiError(404, 10008, "Unknown Message")
        if request.method == "GET":
            return json_response(message)
        if request.method == "DELETE":
            self._effects.deleted(message, interaction_id=record.id)
            return no_content()
        body = await read_body(request)
        if message_id == record.original_id and record.loading:
            return json_response(self._fill_in(record, body, "edit"))
        return json_response(self._effects.edited(message, body, "edit", interaction_id=record.id))


def _callback_response(record: InteractionRecord, resource: JSON | None) -> JSON:
    message = resource["message"] if resource else None
    interaction: JSON = {
        "id": str(record.id),
        "type": record.interaction_type,
        "response_message_loading": record.loading,
        "response_message_ephemeral": bool(message and message["flags"] & EPHEMERAL_FLAG),
    }
    if message is None:
        return {"interaction": interaction}
    interaction["response_message_id"] = message["id"]
    return {"interaction": interaction, "resource": resource}
