"""Serving Versus's metrics: `Metrics` in Prometheus' text format (`exposition`), and the
HTTP server with `/metrics` and `/healthz` (`MetricsServer`).

When the process runs out of file descriptors, asyncio reports every failed accept on the
port with a traceback (over 1,000 in 15 s); `AcceptErrors` makes that one line a minute.

Imported only when VERSUS_METRICS_PORT is set, or on a scrape: prometheus-client and
aiohttp's web server take about 70 ms to import, a fifth of Versus's start-up beyond
discord.py's own.
"""

from __future__ import annotations

import asyncio
import errno
import itertools
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric

from bot.core.answer import clip
from bot.ops.metrics import DEFAULT_HOST, LATENCY_BUCKETS, Health, HealthCheck, Metrics

log = logging.getLogger("versus.metrics")

HEALTH_TIMEOUT = 5.0  # seconds: a store that takes longer is not answering
REASON_LIMIT = 200  # characters of a 503's reason
ACCEPT_ERROR_SECONDS = 60.0  # a port that cannot accept connections is logged this often at most
# What asyncio's accept loop reports to the loop's exception handler (and retries a second later).
OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
ACCEPT_RETRY_SECONDS = 1.0  # asyncio's wait before accepting again after such a failure


def exposition(metrics: Metrics) -> bytes:
    """`metrics` in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Families(metrics))
    return generate_latest(registry)


def _bucket_bound(bound: float) -> str:
    """A histogram bucket's bound as Prometheus writes it (`le="5e-05"`, `le="+Inf"`)."""
    return "+Inf" if math.isinf(bound) else repr(bound)


class _Families:
    """A prometheus-client collector reading a `Metrics` when scraped."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        metrics, tally = self.metrics, self.metrics.answers
        yield _labelled_counter(
            "versus_answers",
            "Answers sent, by kind of answer and by how the question came in.",
            ["kind", "entry"],
            tally.answers.items(),
        )
        yield CounterMetricFamily(
            "versus_unanswered",
            "Questions answered with 'not in my knowledge' (the gaps admins see).",
            value=tally.unanswered,
        )
        cumulative = list(itertools.accumulate(tally.latency_buckets))
        yield HistogramMetricFamily(
            "versus_answer_seconds",
            "Time to understand a question and compose its answer (Discord round trips excluded).",
            buckets=[
                (_bucket_bound(bound), count)
                for bound, count in zip((*LATENCY_BUCKETS, math.inf), cumulative, strict=True)
            ],
            sum_value=tally.latency_sum,
        )
        yield CounterMetricFamily(
            "versus_store_errors", "Settings-store operations that failed.", value=metrics.store_errors
        )
        yield CounterMetricFamily(
            "versus_dropped_messages",
            "Messages dropped after waiting too long for a channel busier than Discord lets through.",
            value=metrics.dropped,
        )
        yield _labelled_counter(
            "versus_feedback",
            "Feedback votes on answers, by kind of answer and vote.",
            ["kind", "vote"],
            metrics.votes.items(),
        )
        latency = GaugeMetricFamily(
            "versus_gateway_latency_seconds",
            "Gateway heartbeat latency per shard (+Inf before its first heartbeat).",
            labels=["shard"],
        )
        guilds = GaugeMetricFamily("versus_guilds", "Servers per shard.", labels=["shard"])
        for shard_id, (seconds, servers) in metrics.shards.items():
            latency.add_metric([str(shard_id)], seconds)
            guilds.add_metric([str(shard_id)], servers)
        yield latency
        yield guilds


def _labelled_counter(
    name: str, documentation: str, labels: list[str], counts: Iterable[tuple[tuple[str, ...], int]]
) -> CounterMetricFamily:
    """A counter with one sample per label values (in the order of `labels`) and count."""
    family = CounterMetricFamily(name, documentation, labels=labels)
    for values, count in counts:
        family.add_metric(list(values), count)
    return family


class AcceptErrors:
    """An event-loop exception handler: the failed accepts on `port` for want of file
    descriptors or memory, logged once per `every` seconds with how many there were; anything
    else goes on to `previous` (asyncio's default handler if None)."""

    def __init__(
        self,
        port: int,
        previous: Callable[[asyncio.AbstractEventLoop, dict[str, Any]], object] | None,
        *,
        every: float = ACCEPT_ERROR_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.port = port
        self.previous = previous
        self._every = every
        self._clock = clock
        self._logged_at: float | None = None
        self._unlogged = 0  # failed accepts since the last line

    @property
    def failing(self) -> bool:
        """Whether an accept has failed on the port (asyncio may still retry it)."""
        return self._logged_at is not None

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        if self.failing and "_start_serving" in repr(context.get("handle")):
            # asyncio's retry of a failed accept, due after the server was closed: nothing to say.
            log.debug("A retry of accepting on the closed metrics port failed: %s", error)
            return
        if not (isinstance(error, OSError) and self._on_port(context) and error.errno in OUT_OF_RESOURCES):
            self._pass_on(loop, context)
            return
        self._unlogged += 1
        now = self._clock()
        if self._logged_at is not None and now - self._logged_at < self._every:
            return
        repeated = "" if self._logged_at is None else f" ({self._unlogged} times since the last such line)"
        log.error(
            "The metrics port %d cannot accept connections%s: %s. Raise the process's open-file "
            "limit (ulimit -n), or find what holds its file descriptors. (Logged once a minute at most.)",
            self.port,
            repeated,
            error.strerror,
        )
        self._logged_at, self._unlogged = now, 0

    def _on_port(self, context: dict[str, Any]) -> bool:
        listening = context.get("socket")
        if listening is None:
            return False
        try:
            return bool(listening.getsockname()[1] == self.port)
        except (OSError, IndexError, TypeError):  # closed, or not an internet socket
            return False

    def _pass_on(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if self.previous is None:
            loop.default_exception_handler(context)
        else:
            self.previous(loop, context)


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
        self.port = self._runner.addresses[0][1]  # the start-up line says where (bot/cli/startup.py)
        loop = asyncio.get_running_loop()
        self._accept_errors = AcceptErrors(self.port, loop.get_exception_handler())
        loop.set_exception_handler(self._accept_errors)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._runner.cleanup()
        if self._accept_errors.failing:  # asyncio retries a failed accept, closed server or not
            await asyncio.sleep(ACCEPT_RETRY_SECONDS)
        asyncio.get_running_loop().set_exception_handler(self._accept_errors.previous)

    async def _serve_metrics(self, request: web.Request) -> web.Response:
        if self._on_scrape is not None:
            try:
                self._on_scrape()
            except Exception:  # stale shard gauges beat no metrics at all
                log.exception("Refreshing the shard metrics failed")
        return web.Response(body=exposition(self.metrics), headers={"Content-Type": CONTENT_TYPE_LATEST})

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
