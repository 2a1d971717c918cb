"""Log lines as a log collector reads them: with `VERSUS_LOG_FORMAT=json` every line of the
stream is one JSON object, tracebacks and multi-line messages included; with `text`,
discord.py's usual lines."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import discord.utils
import pytest

from bot.ops.logs import JsonFormatter, configure_logging, parse_log_format


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, restored after the test (configure_logging changes it)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:], root.level = handlers, level


def lines_of(stream: io.StringIO) -> list[dict[str, object]]:
    text = stream.getvalue()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]  # raises on anything but JSON


def test_json_lines_carry_time_level_logger_message_and_extras(root_logger):
    stream = io.StringIO()
    configure_logging("INFO", "json", stream)
    before = datetime.now(UTC)
    logging.getLogger("versus.store").warning(
        "Slow write to %s", "guild 42", extra={"guild_id": 42, "ms": 812.5, "level": "spoofed"}
    )
    logging.getLogger("versus").debug("not at INFO")
    (line,) = lines_of(stream)
    assert list(line)[:4] == ["time", "level", "logger", "message"]
    assert {k: line[k] for k in ("level", "logger", "message", "guild_id", "ms")} == {
        "level": "WARNING",
        "logger": "versus.store",
        "message": "Slow write to guild 42",
        "guild_id": 42,
        "ms": 812.5,
    }
    assert isinstance(line["time"], str) and line["time"].endswith("+00:00")
    assert abs(datetime.fromisoformat(line["time"]) - before) < timedelta(seconds=5)
    assert "exception" not in line and "args" not in line and "msecs" not in line


def test_an_exception_is_in_its_line_and_nothing_else_is_on_the_stream(root_logger):
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream)
    log = logging.getLogger("versus")
    try:
        raise KeyError("guild 42\nsecond line")
    except KeyError:
        log.exception("Command failed:\nsee below")
    log.info("after", extra={"when": datetime(2026, 12, 1, tzinfo=UTC)})  # not JSON: written as text
    failed, after = lines_of(stream)
    assert failed["message"] == "Command failed:\nsee below"  # newlines kept, inside one line
    assert failed["level"] == "ERROR"
    assert "Traceback (most recent call last)" in failed["exception"]
    assert "KeyError: 'guild 42\\nsecond line'" in failed["exception"]
    assert after["when"] == "2026-12-01 00:00:00+00:00"


def test_non_ascii_and_control_characters_stay_on_one_line():
    record = logging.makeLogRecord(
        {"name": "versus", "levelname": "INFO", "msg": "héllo\u2028world\r\n\x1b[31m@everyone"}
    )
    line = JsonFormatter().format(record)
    assert "\n" not in line and "\r" not in line and "\u2028" not in line and "\x1b" not in line
    assert json.loads(line)["message"] == "héllo\u2028world\r\n\x1b[31m@everyone"


def test_text_is_discord_pys_usual_line(root_logger):
    stream = io.StringIO()
    configure_logging("info", "text", stream)
    logging.getLogger("versus").info("Ready")
    # discord.py colours its lines (and drops the brackets) on a terminal.
    plain = re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue())
    assert re.fullmatch(r"\[?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]? \[?INFO {4}\]? versus:? Ready\n", plain), plain


def test_configuring_again_replaces_the_handler_instead_of_doubling_lines(root_logger):
    first, second = io.StringIO(), io.StringIO()
    configure_logging("INFO", "text", first)
    configure_logging("INFO", "json", second)
    logging.getLogger("versus").info("once")
    assert first.getvalue() == ""
    assert [line["message"] for line in lines_of(second)] == ["once"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


ANSI = "\x1b["


def test_text_is_plain_off_a_terminal_even_in_a_container(root_logger, monkeypatch):
    """discord.py colours whatever it writes inside a container: piped logs got ANSI codes."""
    monkeypatch.setattr(discord.utils, "is_docker", lambda: True)
    piped = io.StringIO()
    configure_logging("INFO", "text", piped)
    logging.getLogger("versus").info("Ready")
    assert ANSI not in piped.getvalue()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO     versus Ready\n", piped.getvalue())


def test_text_is_coloured_on_a_terminal_unless_no_color_is_set(root_logger, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = Terminal()
    configure_logging("INFO", "text", terminal)
    logging.getLogger("versus").info("Ready")
    assert ANSI in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    configure_logging("INFO", "text", plain)
    logging.getLogger("versus").info("Ready")
    assert plain.getvalue() and ANSI not in plain.getvalue()


@pytest.mark.parametrize(("raw", "fmt"), [(None, "text"), ("", "text"), ("json", "json"), (" JSON ", "json")])
def test_log_format_env(raw, fmt):
    assert parse_log_format(raw) == fmt


def test_an_unknown_log_format_says_what_is_allowed():
    with pytest.raises(ValueError) as caught:
        parse_log_format("logfmt")
    assert str(caught.value) == "VERSUS_LOG_FORMAT must be text or json, not 'logfmt'"
