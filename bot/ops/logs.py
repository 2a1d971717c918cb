"""Log output: discord.py's usual text lines, or one JSON object per line for log collectors
(`VERSUS_LOG_FORMAT=json`).

A JSON line holds `time` (ISO 8601, UTC), `level`, `logger`, `message`, `exception` (the
traceback) when there is one, then every field passed with `extra=` (one named like a
standard field is left out rather than hide it). A message with newlines
stays on one line, and anything that is not JSON (an object in `extra`) is written as text.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, Literal, TextIO, get_args

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = get_args(LogFormat)
# What every LogRecord carries; whatever else is on a record came from `extra=`.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


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
    import discord.utils  # here: reading the configuration (parse_log_format) must not load discord

    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _VersusHandler)]:
        root.removeHandler(handler)
    levelno = logging.getLevelNamesMapping()[level.upper()]
    handler = _VersusHandler(stream or sys.stderr)
    if fmt == "json":
        discord.utils.setup_logging(handler=handler, formatter=JsonFormatter(), level=levelno)
    else:  # discord.py's own: coloured on a terminal
        discord.utils.setup_logging(handler=handler, level=levelno)
