"""Metrics and health as an operator sees them: scraped over real HTTP on 127.0.0.1, parsed
as Prometheus parses them; `/healthz` as a load balancer or an orchestrator probes it; and
the two environment variables that turn it on."""

from __future__ import annotations

import asyncio
import errno
import logging
import math
import socket
import subprocess
import sys

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.core.answer import AnswerKind
from bot.ops.metrics import LATENCY_BUCKETS, Health, Metrics, MetricsConfig, parse_metrics_env
from bot.ops.metrics_server import AcceptErrors, MetricsServer, exposition
from tests.conftest import ROOT

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def healthy() -> Health:
    return Health()


async def get(server: MetricsServer, path: str) -> tuple[int, str, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{server.port}{path}") as response,
    ):
        return response.status, response.headers["Content-Type"], await response.text()


async def scrape(server: MetricsServer) -> Samples:
    status, content_type, body = await get(server, "/metrics")
    assert status == 200 and content_type.startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


async def test_a_scrape_counts_what_was_served():
    metrics = Metrics()
    metrics.answered(AnswerKind.PROS, "slash", 0.00006)
    metrics.answered(AnswerKind.PROS, "slash", 0.0002)
    metrics.answered(AnswerKind.PROS, "prefix", 0.0004)
    metrics.answered(AnswerKind.NOT_COVERED, "mention", 0.003)
    metrics.answered(AnswerKind.NOT_FOUND, "dm", 0.00005)
    metrics.answered(AnswerKind.OFF_TOPIC, "channel", 0.00005)  # not a gap: not unanswered
    metrics.store_failed()
    metrics.voted(AnswerKind.COMPARISON, "down")
    metrics.voted(AnswerKind.COMPARISON, "down")
    metrics.voted(AnswerKind.COMPARISON, "up")
    async with MetricsServer(metrics, healthy, port=0) as server:
        samples = await scrape(server)
    assert samples[("versus_answers_total", (("entry", "slash"), ("kind", "pros")))] == 2
    assert samples[("versus_answers_total", (("entry", "prefix"), ("kind", "pros")))] == 1
    assert samples[("versus_answers_total", (("entry", "mention"), ("kind", "not_covered")))] == 1
    assert samples[("versus_unanswered_total", ())] == 2
    assert samples[("versus_store_errors_total", ())] == 1
    assert samples[("versus_feedback_total", (("kind", "comparison"), ("vote", "down")))] == 2
    assert samples[("versus_feedback_total", (("kind", "comparison"), ("vote", "up")))] == 1
    assert samples[("versus_answer_seconds_count", ())] == 6
    assert samples[("versus_answer_seconds_bucket", (("le", "5e-05"),))] == 2  # the 50 µs answers
    assert samples[("versus_answer_seconds_bucket", (("le", "0.00025"),))] == 4
    assert samples[("versus_answer_seconds_bucket", (("le", "0.005"),))] == 6
    assert math.isclose(samples[("versus_answer_seconds_sum", ())], 0.00376)


def test_latency_buckets_span_50_microseconds_to_50_milliseconds():
    assert LATENCY_BUCKETS[0] == 0.00005 and LATENCY_BUCKETS[-1] == 0.05
    assert list(LATENCY_BUCKETS) == sorted(set(LATENCY_BUCKETS))


def test_an_unknown_entry_point_is_refused_not_a_new_series():
    metrics = Metrics()
    with pytest.raises(ValueError, match="context_menu"):
        metrics.answered(AnswerKind.PROS, "slashh", 0.001)  # type: ignore[arg-type]
    assert b"slashh" not in exposition(metrics)


def test_two_bots_in_one_process_count_apart():
    first, second = Metrics(), Metrics()
    first.store_failed()
    assert b"versus_store_errors_total 1.0" in exposition(first)
    assert b"versus_store_errors_total 0.0" in exposition(second)


async def test_shard_gauges_are_refreshed_at_each_scrape_and_gone_shards_dropped():
    metrics = Metrics()
    shards = {0: (0.042, 120), 1: (0.051, 98)}
    async with MetricsServer(
        metrics, healthy, port=0, on_scrape=lambda: metrics.set_shards(shards)
    ) as server:
        samples = await scrape(server)
        assert samples[("versus_gateway_latency_seconds", (("shard", "0"),))] == 0.042
        assert samples[("versus_guilds", (("shard", "1"),))] == 98
        shards = {0: (0.03, 121)}  # shard 1 moved to another process
        samples = await scrape(server)
    assert samples[("versus_guilds", (("shard", "0"),))] == 121
    assert ("versus_guilds", (("shard", "1"),)) not in samples
    assert ("versus_gateway_latency_seconds", (("shard", "1"),)) not in samples


async def test_a_failing_shard_refresh_still_serves_the_counters(caplog):
    def broken() -> None:
        raise RuntimeError("no shards yet")

    metrics = Metrics()
    metrics.store_failed()
    async with MetricsServer(metrics, healthy, port=0, on_scrape=broken) as server:
        samples = await scrape(server)
    assert samples[("versus_store_errors_total", ())] == 1
    assert "Refreshing the shard metrics failed" in caplog.text


async def test_healthz_says_ok_then_503_with_the_reason():
    problems: tuple[str, ...] = ()

    async def check() -> Health:
        return Health(problems)

    async with MetricsServer(Metrics(), check, port=0) as server:
        assert await get(server, "/healthz") == (200, "text/plain; charset=utf-8", "ok\n")
        problems = ("shard 1 disconnected", "store: database is locked")
        status, _, body = await get(server, "/healthz")
    assert status == 503
    assert body == "shard 1 disconnected; store: database is locked\n"


async def test_healthz_is_503_when_the_check_raises(caplog):
    async def check() -> Health:
        raise ConnectionError("store unreachable")

    async with MetricsServer(Metrics(), check, port=0) as server:
        status, _, body = await get(server, "/healthz")
    assert (status, body) == (503, "health check failed: ConnectionError: store unreachable\n")
    assert "The health check failed" in caplog.text


async def test_healthz_is_503_when_the_check_hangs():
    async def check() -> Health:
        await asyncio.sleep(60)
        return Health()

    async with MetricsServer(Metrics(), check, port=0, health_timeout=0.2) as server:
        status, _, body = await get(server, "/healthz")
    assert (status, body) == (503, "health check timed out after 0.2 s\n")


async def test_the_reason_is_kept_short():
    async def check() -> Health:
        return Health(tuple(f"shard {i} disconnected" for i in range(100)))

    async with MetricsServer(Metrics(), check, port=0) as server:
        status, _, body = await get(server, "/healthz")
    assert status == 503 and len(body) <= 201 and body.startswith("shard 0 disconnected; shard 1")


async def test_the_server_binds_loopback_and_stops_with_the_block():
    async with MetricsServer(Metrics(), healthy, port=0) as server:
        assert server.host == "127.0.0.1" and server.port > 0
        assert (await get(server, "/nothing"))[0] == 404
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(server, "/healthz")


async def test_a_port_in_use_is_an_error_not_a_silent_server():
    async with MetricsServer(Metrics(), healthy, port=0) as first:
        with pytest.raises(OSError):
            async with MetricsServer(Metrics(), healthy, port=first.port):
                pass


@pytest.mark.parametrize(
    ("port", "host", "config"),
    [
        (None, None, None),
        ("", "", None),
        ("9108", None, MetricsConfig(9108, "127.0.0.1")),
        (" 9108 ", "0.0.0.0", MetricsConfig(9108, "0.0.0.0")),
        ("65535", "::1", MetricsConfig(65535, "::1")),
        ("1", "metrics.internal", MetricsConfig(1, "metrics.internal")),
    ],
)
def test_metrics_env(port, host, config):
    assert parse_metrics_env(port, host) == config


PORT_RANGE = "VERSUS_METRICS_PORT must be a port number from 1 to 65535, not "
HOST_FORM = "VERSUS_METRICS_HOST must be an IP address (like 127.0.0.1 or ::1) or a host name, not "


@pytest.mark.parametrize(
    ("port", "host", "says"),
    [
        ("0", None, PORT_RANGE + "'0'"),
        ("65536", None, PORT_RANGE + "'65536'"),
        ("-1", None, PORT_RANGE + "'-1'"),
        ("http", None, PORT_RANGE + "'http'"),
        ("9108", "http://0.0.0.0", HOST_FORM + "'http://0.0.0.0'"),
        ("9108", "bad host", HOST_FORM + "'bad host'"),
        ("9108", "-dash.example", HOST_FORM + "'-dash.example'"),
        (None, "0.0.0.0", "VERSUS_METRICS_HOST is set but VERSUS_METRICS_PORT is not: set both, or neither"),
    ],
)
def test_metrics_env_errors_name_the_variable_and_the_value(port, host, says):
    with pytest.raises(ValueError) as caught:
        parse_metrics_env(port, host)
    assert str(caught.value) == says


SERVING_MODULES = {"prometheus_client", "aiohttp.web", "bot.ops.metrics_server"}


def test_a_bot_without_metrics_does_not_load_the_server():
    """prometheus-client and aiohttp's web server are loaded only to serve or scrape: a
    fifth of the start-up time Versus adds to discord.py's is not spent when metrics are off."""
    program = (
        "import importlib, sys, bot.__main__, bot.cli.run, cogs\n"
        "for name in cogs.extension_names(): importlib.import_module(name)\n"
        f"print(sorted(set(sys.modules) & {SERVING_MODULES!r}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert loaded.stdout.strip() == "[]"
    metrics = Metrics()
    metrics.store_failed()
    metrics.message_dropped()
    assert b"versus_store_errors_total 1.0" in exposition(metrics)
    assert b"versus_dropped_messages_total 1.0" in exposition(metrics)


# A metrics server in a process whose file descriptors are all taken (its limit lowered to
# 128 first): every accept fails with EMFILE while connections wait.
OUT_OF_DESCRIPTORS = """
import asyncio, os, resource, sys
from bot.ops.logs import configure_logging
from bot.ops.metrics import Health, Metrics
from bot.ops.metrics_server import MetricsServer

async def healthy():
    return Health()

async def main():
    configure_logging("INFO", "text")
    resource.setrlimit(resource.RLIMIT_NOFILE, (128, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    async with MetricsServer(Metrics(), healthy, port=0) as server:
        print(server.port, flush=True)
        taken = []
        try:
            while True:
                taken.append(open(os.devnull))
        except OSError:
            pass
        await asyncio.sleep(float(sys.argv[1]))
        for file in taken:
            file.close()

asyncio.run(main())
"""


def test_a_port_out_of_file_descriptors_logs_one_line_not_a_traceback_per_accept():
    """asyncio reported each failed accept with a traceback: 1,178 in 15 s on the red team's run."""
    server = subprocess.Popen(
        [sys.executable, "-c", OUT_OF_DESCRIPTORS, "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert server.stdout is not None
    port = int(server.stdout.readline())
    waiting = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    _, log = server.communicate(timeout=30)
    for connection in waiting:
        connection.close()
    assert server.returncode == 0, log
    (line,) = log.splitlines()
    assert line.endswith(
        f" ERROR    versus.metrics The metrics port {port} cannot accept connections: Too many open "
        "files. Raise the process's open-file limit (ulimit -n), or find what holds its file "
        "descriptors. (Logged once a minute at most.)"
    )


def test_failed_accepts_are_logged_once_a_minute_with_how_many(caplog):
    caplog.set_level(logging.ERROR, logger="versus.metrics")
    now = [0.0]
    passed_on: list[dict[str, object]] = []
    loop = asyncio.new_event_loop()
    with socket.socket() as listening, socket.socket() as elsewhere:
        listening.bind(("127.0.0.1", 0))
        elsewhere.bind(("127.0.0.1", 0))
        port = listening.getsockname()[1]
        handler = AcceptErrors(port, lambda _, context: passed_on.append(context), clock=lambda: now[0])
        full = {"message": "socket.accept() out of system resource", "socket": listening}
        for second in range(60):
            now[0] = float(second)
            for _ in range(20):
                handler(loop, full | {"exception": OSError(errno.EMFILE, "Too many open files")})
        other_error = full | {"exception": OSError(errno.ECONNABORTED, "Software caused connection abort")}
        other_port = full | {"socket": elsewhere, "exception": OSError(errno.EMFILE, "Too many open files")}
        handler(loop, other_error)
        handler(loop, other_port)
        now[0] = 60.0
        handler(loop, full | {"exception": OSError(errno.ENFILE, "Too many open files in system")})
    loop.close()
    lines = [record.getMessage() for record in caplog.records]
    assert [line.split(". Raise")[0] for line in lines] == [
        f"The metrics port {port} cannot accept connections: Too many open files",
        f"The metrics port {port} cannot accept connections (1200 times since the last such line): "
        "Too many open files in system",
    ]
    assert passed_on == [other_error, other_port], "anything else goes to the handler there before"
