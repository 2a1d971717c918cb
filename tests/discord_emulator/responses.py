"""HTTP plumbing shared by the REST routes: Discord error bodies, exact JSON responses,
request bodies (JSON or multipart with files), and injected faults.

discord.py parses a body as JSON only when Content-Type is exactly `application/json`
(aiohttp's `json_response` would add `; charset=utf-8`), so every response is built here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from .gateway import dumps
from .payloads import JSON
from .snowflake import new_snowflake
from .validation import Errors

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
RouteTable = dict[tuple[str, str], Handler]  # (method, discord.py route template) → handler


class ApiError(Exception):
    """Raised by a handler to answer with a Discord error body."""

    def __init__(self, status: int, code: int, message: str, errors: Errors | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.errors = status, code, errors


def form_error(errors: Errors) -> ApiError:
    """400 Invalid Form Body (50035) with Discord's nested `errors`."""
    return ApiError(400, 50035, "Invalid Form Body", errors)


def missing_permissions() -> ApiError:
    """403 Missing Permissions (50013)."""
    return ApiError(403, 50013, "Missing Permissions")


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    """A JSON response whose Content-Type is exactly `application/json`."""
    return web.Response(
        body=dumps(data).encode(), status=status, content_type="application/json", headers=headers
    )


def no_content() -> web.Response:
    """204 No Content."""
    return web.Response(status=204)


def error_response(error: ApiError) -> web.Response:
    """Discord's error body: message, code and (for form errors) errors."""
    body: JSON = {"message": str(error), "code": error.code}
    if error.errors:
        body["errors"] = error.errors
    return json_response(body, error.status)


def query_flag(request: web.Request, name: str) -> bool:
    """Whether a boolean query parameter (`wait`, `with_response`) is set."""
    return request.query.get(name, "").lower() in ("1", "true")


@dataclass(frozen=True)
class Fault:
    """An error the emulator answers instead of handling a request."""

    status: int
    retry_after: float = 0.0
    is_global: bool = False


def fault_response(fault: Fault) -> web.Response:
    """The response for an injected fault; a 429 carries what discord.py needs to retry."""
    if fault.status != 429:
        return json_response({"message": f"{fault.status}: Injected error", "code": 0}, fault.status)
    headers = {
        "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
        "Retry-After": str(max(1, math.ceil(fault.retry_after))),
        "X-RateLimit-Scope": "global" if fault.is_global else "user",
    }
    if fault.is_global:
        headers["X-RateLimit-Global"] = "true"
    body = {
        "message": "You are being rate limited.",
        "retry_after": fault.retry_after,
        "global": fault.is_global,
    }
    return json_response(body, 429, headers)


UPLOADED: dict[str, bytes] = {}
"""What the bot uploaded, by attachment URL: what Discord's CDN would serve (tests read it)."""


async def read_body(request: web.Request) -> Any:
    """A JSON body, or the `payload_json` of a multipart body with its files as attachments."""
    if request.content_type.startswith("multipart/"):
        form: MultiDictProxy[Any] = await request.post()
        body = json.loads(form.get("payload_json", "{}"))
        files = [value for value in form.values() if isinstance(value, web.FileField)]
        body["attachments"] = [_attachment(file) for file in files]
        if isinstance(body.get("data"), dict):  # an interaction callback: the message is in `data`
            body["data"]["attachments"] = body["attachments"]
        return body
    if not request.body_exists:
        return {}
    try:
        return await request.json()
    except ValueError as exc:
        raise ApiError(400, 50109, "The request body contains invalid JSON.") from exc


def _attachment(file: web.FileField) -> JSON:
    attachment_id = new_snowflake()
    url = f"https://cdn.discordapp.com/attachments/{attachment_id}/{file.filename}"
    content = file.file.read()
    UPLOADED[url] = content
    return {
        "id": str(attachment_id),
        "filename": file.filename,
        "size": len(content),
        "url": url,
        "proxy_url": url,
        "content_type": file.content_type,
    }
