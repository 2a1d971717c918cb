"""Discord's request limits, checked as Discord does: a violation is a 400 "Invalid Form Body"
(code 50035) whose `errors` name the offending field, which discord.py shows in its error.

Checked: message content (2000), embeds (10 per message; title 256, description 4096,
25 fields of name 256 / value 1024, footer 2048, author 256, 6000 in all), empty messages,
message components (5 action rows of at most 5 buttons; labels 80, custom ids 1-100),
autocomplete choices (25, names 1-100, string values up to 100), command definitions (name
pattern, description 1-100, 25 options, 25 choices, required options first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

Errors = dict[str, Any]

CONTENT_LIMIT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELDS_PER_EMBED = 25
FIELD_LIMITS = {"name": 256, "value": 1024}
CHOICES_LIMIT = 25
CHOICE_TEXT_LIMIT = 100
OPTIONS_LIMIT = 25
ROWS_PER_MESSAGE = BUTTONS_PER_ROW = 5
BUTTON_LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100
ACTION_ROW = 1
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def _error(code: str, message: str) -> Errors:
    return {"_errors": [{"code": code, "message": message}]}


def _too_long(limit: int) -> Errors:
    return _error("BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def message_errors(body: Mapping[str, Any], *, creating: bool) -> Errors:
    """Form errors of a message create/edit body (empty when valid)."""
    errors: Errors = {}
    content = body.get("content") or ""
    if len(content) > CONTENT_LIMIT:
        errors["content"] = _too_long(CONTENT_LIMIT)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        errors["embeds"] = _too_long(EMBEDS_PER_MESSAGE)
    embed_errors = {str(i): e for i, embed in enumerate(embeds) if (e := embed_errors_of(embed))}
    if embed_errors:
        errors["embeds"] = embed_errors
    if sum(embed_length(embed) for embed in embeds) > EMBED_TOTAL:
        errors.setdefault("embeds", _too_long(EMBED_TOTAL))
    component_errors = components_errors(body.get("components") or [])
    if component_errors:
        errors["components"] = component_errors
    if creating and not _has_body(body):
        errors["content"] = _error("MESSAGE_EMPTY", "Cannot send an empty message")
    return errors


def components_errors(rows: list[Mapping[str, Any]]) -> Errors:
    """Form errors of a message's action rows of buttons (empty when valid)."""
    if len(rows) > ROWS_PER_MESSAGE:
        return _too_long(ROWS_PER_MESSAGE)
    errors: Errors = {}
    for r, row in enumerate(rows):
        buttons = row.get("components") or []
        if row.get("type") != ACTION_ROW or not 1 <= len(buttons) <= BUTTONS_PER_ROW:
            errors[str(r)] = _error("COMPONENT_LAYOUT_INVALID", "An action row holds 1 to 5 components")
            continue
        for b, button in enumerate(buttons):
            label, custom_id = button.get("label") or "", button.get("custom_id") or ""
            if len(label) > BUTTON_LABEL_LIMIT:
                errors[f"{r}.components.{b}.label"] = _too_long(BUTTON_LABEL_LIMIT)
            if not button.get("url") and not 1 <= len(custom_id) <= CUSTOM_ID_LIMIT:
                errors[f"{r}.components.{b}.custom_id"] = _too_long(CUSTOM_ID_LIMIT)
    return errors


def _has_body(body: Mapping[str, Any]) -> bool:
    keys = ("content", "embeds", "attachments", "components", "sticker_ids", "poll")
    return any(body.get(key) for key in keys)


def embed_errors_of(embed: Mapping[str, Any]) -> Errors:
    """Form errors of one embed."""
    errors: Errors = {}
    for key, limit in EMBED_LIMITS.items():
        if len(embed.get(key) or "") > limit:
            errors[key] = _too_long(limit)
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_PER_EMBED:
        errors["fields"] = _too_long(FIELDS_PER_EMBED)
    field_errors = {}
    for index, field in enumerate(fields):
        bad = {k: _too_long(n) for k, n in FIELD_LIMITS.items() if len(field.get(k) or "") > n}
        bad |= {
            k: _error("BASE_TYPE_REQUIRED", "This field is required")
            for k in FIELD_LIMITS
            if not field.get(k)
        }
        if bad:
            field_errors[str(index)] = bad
    if field_errors:
        errors["fields"] = field_errors
    if len((embed.get("footer") or {}).get("text") or "") > 2048:
        errors["footer"] = {"text": _too_long(2048)}
    if len((embed.get("author") or {}).get("name") or "") > 256:
        errors["author"] = {"name": _too_long(256)}
    return errors


def embed_length(embed: Mapping[str, Any]) -> int:
    """The characters of an embed that count towards Discord's 6000 total."""
    texts = [embed.get("title"), embed.get("description")]
    texts += [(embed.get("footer") or {}).get("text"), (embed.get("author") or {}).get("name")]
    for field in embed.get("fields") or []:
        texts += [field.get("name"), field.get("value")]
    return sum(len(text or "") for text in texts)


def choices_errors(choices: Iterable[Mapping[str, Any]]) -> Errors:
    """Form errors of an autocomplete result's choices."""
    choices = list(choices)
    if len(choices) > CHOICES_LIMIT:
        return {"choices": _too_long(CHOICES_LIMIT)}
    errors = {}
    for index, choice in enumerate(choices):
        bad = {}
        if not 1 <= len(choice.get("name") or "") <= CHOICE_TEXT_LIMIT:
            bad["name"] = _error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        value = choice.get("value")
        if isinstance(value, str) and len(value) > CHOICE_TEXT_LIMIT:
            bad["value"] = _too_long(CHOICE_TEXT_LIMIT)
        if bad:
            errors[str(index)] = bad
    return {"choices": errors} if errors else {}


def command_errors(command: Mapping[str, Any], *, option: bool = False) -> Errors:
    """Form errors of an application command definition (or, recursively, of an option)."""
    errors: Errors = {}
    name = command.get("name") or ""
    if option or command.get("type", 1) == 1:  # chat-input commands and all options
        if not COMMAND_NAME.match(name) or name != name.lower():
            errors["name"] = _error("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        if not 1 <= len(command.get("description") or "") <= 100:
            errors["description"] = _error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
    elif not 1 <= len(name) <= 32:
        errors["name"] = _error("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
    options = command.get("options") or []
    option_errors = {str(i): e for i, o in enumerate(options) if (e := command_errors(o, option=True))}
    if option_errors:
        errors["options"] = option_errors
    if len(options) > OPTIONS_LIMIT:
        errors["options"] = _too_long(OPTIONS_LIMIT)
    required = [bool(o.get("required")) for o in options]
    if required != sorted(required, reverse=True):
        errors["options"] = _error(
            "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
            "Required options must be placed before non-required options",
        )
    if len(command.get("choices") or []) > CHOICES_LIMIT:
        errors["choices"] = _too_long(CHOICES_LIMIT)
    return errors
