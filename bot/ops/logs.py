"""Log output: discord.py's usual text lines, or one JSON object per line for log collectors
(`VERSUS_LOG_FORMAT=json`).

Text is coloured only on a terminal (and never with `NO_COLOR` set): discord.py colours
whenever it finds itself in a container, so piped or collected logs would carry ANSI codes.
Versus is text-only, so discord.py's warnings that voice libraries are missing are not logged.

A JSON line holds `time` (ISO 8601, UTC), `level`, `logger`, `message`, `exception` (the
traceback) when there is one, then every field passed with `extra=` (one named like a
standard field is left out rather than hide it). A message with newlines
stays on one line, and anything that is not JSON (an object in `extra`) is written as text.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any, Literal, TextIO, get_args

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = get_args(LogFormat)
# What every LogRecord carries; whatever else is on a record came from `extra=`.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# discord.py's coloured line without its colours: the layout a container's logs always had.
PLAIN_FORMATTER = logging.Formatter("%(asctime)s %(levelname)-8s %(name)s %(message)s", "%Y-%m-%d %H:%M:%S")


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS:
                entry.setdefault(key, value)  # an extra never hides a standard field
        return json.dumps(entry, default=str)  # ASCII: valid JSON whatever the stream's encoding


class _VersusHandler(logging.StreamHandler[TextIO]):
    """The handler `configure_logging` installs, so a second call replaces it."""


def parse_log_format(raw: str | None) -> LogFormat:
    """`VERSUS_LOG_FORMAT` as read from the environment (unset: text). Raises ValueError."""
    value = (raw or "text").strip().lower()
    for log_format in LOG_FORMATS:
        if value == log_format:
            return log_format
    raise ValueError(f"VERSUS_LOG_FORMAT must be text or json, not {raw!r}")


def configure_logging(level: str, fmt: LogFormat, stream: TextIO | None = None) -> None:
    """Send every logger's records at `level` and above (a name: "INFO"; KeyError if none)
    to `stream` (stderr), as text or JSON lines, replacing what an earlier call installed."""
    import discord  # here: reading the configuration (parse_log_format) must not load discord

    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _VersusHandler)]:
        root.removeHandler(handler)
    levelno = logging.getLevelNamesMapping()[level.upper()]
    handler = _VersusHandler(stream or sys.stderr)
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice: nothing to warn of
    if fmt == "json":
        discord.utils.setup_logging(handler=handler, formatter=JsonFormatter(), level=levelno)
    elif _wants_colour(handler.stream):  # discord.py's own coloured lines
        discord.utils.setup_logging(handler=handler, level=levelno)
    else:
        discord.utils.setup_logging(handler=handler, formatter=PLAIN_FORMATTER, level=levelno)


def _wants_colour(stream: TextIO) -> bool:
    """A terminal, and no `NO_COLOR` (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")
