"""Operator metrics and health: Prometheus counters for what Versus serves, and a small HTTP
server exposing them (`/metrics`) beside a health check (`/healthz`).

Nothing here knows Discord. The bot records events through `Metrics` (one line per call
site) and hands `MetricsServer` two callables: `health`, which says whether every shard is
connected and the store answers, and `on_scrape`, which refreshes the per-shard gauges just
before Prometheus reads them. Each `Metrics` owns its own registry, so several bots (or
tests) in one process never share a counter.

The server is off unless `VERSUS_METRICS_PORT` is set; `parse_metrics_env` reads it and
`VERSUS_METRICS_HOST` (default 127.0.0.1: metrics are not published beyond the machine
unless the operator says so).
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import logging
import math
import re
from bisect import bisect_left
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, get_args

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.utils import floatToGoString

from bot.answer import AnswerKind, clip
from bot.gaps import GAP_KINDS

log = logging.getLogger("versus.metrics")

# How a question came in: a slash command, a prefix command, a mention, anything in a DM, the
# "Ask Versus" message menu, an opted-in channel, or a "did you mean" button.
Entry = Literal["slash", "prefix", "mention", "dm", "context_menu", "channel", "button"]
ENTRIES: tuple[Entry, ...] = get_args(Entry)
Vote = Literal["up", "down"]
# An answer takes 50 µs–2 ms typically (README: p50 55 µs, p99 2.3 ms at 100× knowledge).
LATENCY_BUCKETS = (0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05)
DEFAULT_HOST = "127.0.0.1"
HEALTH_TIMEOUT = 5.0  # seconds: a store that takes longer is not answering
REASON_LIMIT = 200  # characters of a 503's reason
_HOSTNAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")


class Metrics:
    """Every metric Versus exports, registered in a registry of its own.

    `answered(kind, entry, seconds)`: one answer sent, `seconds` after the question came in
    (a gap counts as unanswered too) — the tally's own method, called on every message."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        answers = AnswerTally()
        self.registry.register(answers)
        self.answered: Callable[[AnswerKind, Entry, float], None] = answers.count
        self._gateway_latency = Gauge(
            "versus_gateway_latency_seconds",
            "Gateway heartbeat latency per shard (+Inf before its first heartbeat).",
            ["shard"],
            registry=self.registry,
        )
        self._guilds = Gauge("versus_guilds", "Servers per shard.", ["shard"], registry=self.registry)
        self._store_errors = Counter(
            "versus_store_errors", "Settings-store operations that failed.", registry=self.registry
        )
        self._feedback = Counter(
            "versus_feedback",
            "Feedback votes on answers, by kind of answer and vote.",
            ["kind", "vote"],
            registry=self.registry,
        )

    def store_failed(self) -> None:
        self._store_errors.inc()

    def voted(self, kind: AnswerKind, vote: Vote) -> None:
        self._feedback.labels(kind=kind, vote=vote).inc()

    def set_shards(self, shards: Mapping[int, tuple[float, int]]) -> None:
        """Per shard id: (gateway latency in seconds, number of servers). Shards no longer
        listed are dropped, so a scrape never shows a stale shard."""
        self._gateway_latency.clear()
        self._guilds.clear()
        for shard_id, (latency, guilds) in shards.items():
            self._gateway_latency.labels(shard=str(shard_id)).set(latency)
            self._guilds.labels(shard=str(shard_id)).set(guilds)

    def scrape(self) -> bytes:
        """The registry in Prometheus text format."""
        return generate_latest(self.registry)


class AnswerTally:
    """The answer metrics as plain numbers, turned into Prometheus samples only when scraped:
    counting an answer is a few additions (a prometheus_client counter and histogram take a
    lock per update, more than the rest of the bookkeeping of a message)."""

    def __init__(self) -> None:
        self._answers: dict[tuple[AnswerKind, Entry], int] = {}  # (kind, entry) → answers
        self._unanswered = 0
        self._latency_buckets = [0] * (len(LATENCY_BUCKETS) + 1)  # the last one: above them all
        self._latency_sum = 0.0

    def count(self, kind: AnswerKind, entry: Entry, seconds: float) -> None:
        key = (kind, entry)
        try:
            self._answers[key] += 1
        except KeyError:
            if entry not in ENTRIES:  # a typo at a call site must not mint a series
                raise ValueError(f"unknown entry point {entry!r}: one of {', '.join(ENTRIES)}") from None
            self._answers[key] = 1
        self._latency_buckets[bisect_left(LATENCY_BUCKETS, seconds)] += 1
        self._latency_sum += seconds
        if kind in GAP_KINDS:
            self._unanswered += 1

    def collect(self) -> Iterator[Metric]:
        answers = CounterMetricFamily(
            "versus_answers",
            "Answers sent, by kind of answer and by how the question came in.",
            labels=["kind", "entry"],
        )
        for (kind, entry), count in self._answers.items():
            answers.add_metric([kind.value, entry], count)
        yield answers
        yield CounterMetricFamily(
            "versus_unanswered",
            "Questions answered with 'not in my knowledge' (the gaps admins see).",
            value=self._unanswered,
        )
        cumulative = list(itertools.accumulate(self._latency_buckets))
        yield HistogramMetricFamily(
            "versus_answer_seconds",
            "Time to understand a question and compose its answer (Discord round trips excluded).",
            buckets=[
                (floatToGoString(bound), count)
                for bound, count in zip((*LATENCY_BUCKETS, math.inf), cumulative, strict=True)
            ],
            sum_value=self._latency_sum,
        )


@dataclass(frozen=True)
class Health:
    """What is wrong, if anything: no problems means healthy."""

    problems: tuple[str, ...] = ()

    @property
    def healthy(self) -> bool:
        return not self.problems


HealthCheck = Callable[[], Awaitable[Health]]


class MetricsServer:
    """`/metrics` and `/healthz` over HTTP, for as long as the `async with` block runs.

    `port=0` picks a free port; `port` holds the bound one once started.
    """

    def __init__(
        self,
        metrics: Metrics,
        health: HealthCheck,
        *,
        port: int,
        host: str = DEFAULT_HOST,
        on_scrape: Callable[[], None] | None = None,
        health_timeout: float = HEALTH_TIMEOUT,
    ) -> None:
        self.metrics = metrics
        self.port = port
        self.host = host
        self._health = health
        self._on_scrape = on_scrape
        self._health_timeout = health_timeout
        app = web.Application()
        app.router.add_get("/metrics", self._serve_metrics)
        app.router.add_get("/healthz", self._serve_health)
        self._runner = web.AppRunner(app, access_log=None)  # a scrape every few seconds is no news

    async def __aenter__(self) -> MetricsServer:
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except OSError:
            await self._runner.cleanup()
            raise
        self.port = self._runner.addresses[0][1]
        log.info("Serving /metrics and /healthz on http://%s:%d", self.host, self.port)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._runner.cleanup()

    async def _serve_metrics(self, request: web.Request) -> web.Response:
        if self._on_scrape is not None:
            try:
                self._on_scrape()
            except Exception:  # stale shard gauges beat no metrics at all
                log.exception("Refreshing the shard metrics failed")
        return web.Response(body=self.metrics.scrape(), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _serve_health(self, request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(self._health_timeout):
                health = await self._health()
        except TimeoutError:
            health = Health((f"health check timed out after {self._health_timeout:g} s",))
        except Exception as exc:
            log.exception("The health check failed")
            health = Health((f"health check failed: {type(exc).__name__}: {exc}",))
        if health.healthy:
            return web.Response(text="ok\n")
        return web.Response(status=503, text=clip("; ".join(health.problems), REASON_LIMIT) + "\n")


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
