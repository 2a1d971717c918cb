"""Operator metrics and health: what Versus counts for Prometheus, and what health means.

Nothing here knows Discord, Prometheus or HTTP. The bot records events through `Metrics`
(one line per call site; plain numbers: counting costs a few additions) and says whether it
is healthy with a `Health`. `bot.ops.metrics_server` turns the numbers into Prometheus' text
format and serves them (`/metrics`) beside a health check (`/healthz`); it is imported only
when the server runs, as prometheus-client and aiohttp's web server take
longer to import than all of Versus's own modules. Each `Metrics` counts on its own, so
several bots (or tests) in one process never share a counter.

The server is off unless `VERSUS_METRICS_PORT` is set; `parse_metrics_env` reads it and
`VERSUS_METRICS_HOST` (default 127.0.0.1: metrics are not published beyond the machine
unless the operator says so).
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_left
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from bot.core.answer import AnswerKind
from bot.core.gaps import GAP_KINDS

# How a question came in: a slash command, a prefix command, a mention, anything in a DM, the
# "Ask Versus" message menu, an opted-in channel, or a "did you mean" button.
Entry = Literal["slash", "prefix", "mention", "dm", "context_menu", "channel", "button"]
ENTRIES: tuple[Entry, ...] = get_args(Entry)
Vote = Literal["up", "down"]
# An answer takes 50 µs–2 ms typically (README: p50 55 µs, p99 2.3 ms at 100× knowledge).
LATENCY_BUCKETS = (0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05)
DEFAULT_HOST = "127.0.0.1"
_HOSTNAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")


class Metrics:
    """Every number Versus exports (see `bot.ops.metrics_server` for their names and help).

    `answered(kind, entry, seconds)`: one answer sent, `seconds` after the question came in
    (a gap counts as unanswered too) — the tally's own method, called on every message."""

    def __init__(self) -> None:
        self.answers = AnswerTally()
        self.answered: Callable[[AnswerKind, Entry, float], None] = self.answers.count
        self.store_errors = 0  # settings-store operations that failed
        self.dropped = 0  # messages that waited too long for a busy channel (bot/discord/guards.py)
        self.votes: dict[tuple[AnswerKind, Vote], int] = {}  # feedback votes by kind of answer
        self.shards: dict[int, tuple[float, int]] = {}  # shard id → (gateway latency, servers)

    def store_failed(self) -> None:
        self.store_errors += 1

    def message_dropped(self) -> None:
        self.dropped += 1

    def voted(self, kind: AnswerKind, vote: Vote) -> None:
        self.votes[kind, vote] = self.votes.get((kind, vote), 0) + 1

    def set_shards(self, shards: Mapping[int, tuple[float, int]]) -> None:
        """Per shard id: (gateway latency in seconds, number of servers). Shards no longer
        listed are dropped, so a scrape never shows a stale shard."""
        self.shards = dict(shards)


class AnswerTally:
    """The answer metrics as plain numbers (a prometheus_client counter and histogram take a
    lock per update, more than the rest of the bookkeeping of a message)."""

    def __init__(self) -> None:
        self.answers: dict[tuple[AnswerKind, Entry], int] = {}  # (kind, entry) → answers
        self.unanswered = 0
        self.latency_buckets = [0] * (len(LATENCY_BUCKETS) + 1)  # the last one: above them all
        self.latency_sum = 0.0

    def count(self, kind: AnswerKind, entry: Entry, seconds: float) -> None:
        key = (kind, entry)
        try:
            self.answers[key] += 1
        except KeyError:
            if entry not in ENTRIES:  # a typo at a call site must not mint a series
                raise ValueError(f"unknown entry point {entry!r}: one of {', '.join(ENTRIES)}") from None
            self.answers[key] = 1
        self.latency_buckets[bisect_left(LATENCY_BUCKETS, seconds)] += 1
        self.latency_sum += seconds
        if kind in GAP_KINDS:
            self.unanswered += 1


@dataclass(frozen=True)
class Health:
    """What is wrong, if anything: no problems means healthy."""

    problems: tuple[str, ...] = ()

    @property
    def healthy(self) -> bool:
        return not self.problems


HealthCheck = Callable[[], Awaitable[Health]]


@dataclass(frozen=True)
class MetricsConfig:
    port: int
    host: str = DEFAULT_HOST


def parse_metrics_env(port: str | None, host: str | None) -> MetricsConfig | None:
    """`VERSUS_METRICS_PORT` and `VERSUS_METRICS_HOST` as read from the environment: None
    (metrics off) when no port is set. Raises ValueError naming the variable at fault."""
    port, host = (port or "").strip(), (host or "").strip()
    if not port:
        if host:
            raise ValueError(
                "VERSUS_METRICS_HOST is set but VERSUS_METRICS_PORT is not: set both, or neither"
            )
        return None
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ValueError(f"VERSUS_METRICS_PORT must be a port number from 1 to 65535, not {port!r}")
    if host and not _is_host(host):
        raise ValueError(
            f"VERSUS_METRICS_HOST must be an IP address (like 127.0.0.1 or ::1) or a host name, not {host!r}"
        )
    return MetricsConfig(int(port), host or DEFAULT_HOST)


def _is_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return len(host) <= 253 and _HOSTNAME.fullmatch(host) is not None
    return True
