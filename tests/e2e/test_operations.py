"""What an operator sees: `/metrics` scraped over HTTP while members ask the real bot in
every way there is, `/healthz` as a probe reads it (up, then down when Discord's gateway goes
away or the settings store is gone), and `python -m bot run` writing JSON log lines."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
from collections import Counter

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.cli.run import serve_metrics
from bot.ops.config import ConfigError
from bot.ops.metrics import MetricsConfig
from bot.ops.metrics_server import MetricsServer
from cogs.questions import ASK_VERSUS
from tests.discord_emulator import DiscordEmulator
from tests.e2e.conftest import all_text, assert_clean, bot_environment, embed_title, spawn_versus

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
ANY_PORT = MetricsConfig(port=0)  # the server binds a free port and says which


async def get(port: int, path: str) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.text()


async def scrape(port: int) -> Samples:
    """Every sample of `/metrics`, parsed as Prometheus parses it."""
    status, body = await get(port, "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def answers_by(samples: Samples) -> Counter[tuple[str, str]]:
    """`versus_answers_total` as (entry, kind) → count."""
    counts: Counter[tuple[str, str]] = Counter()
    for (name, labels), value in samples.items():
        if name == "versus_answers_total":
            found = dict(labels)
            counts[found["entry"], found["kind"]] = int(value)
    return counts


async def opt_in(emu: DiscordEmulator, channel: str) -> None:
    for command in ("!settings freeform channels", f"!settings channel add <#{emu.ids.channels[channel]}>"):
        await emu.send_message(author="admin", content=command)
        await emu.next_output()


async def test_metrics_count_every_answer_by_kind_and_entry_as_served(emu, start_versus):
    async with start_versus(metrics=ANY_PORT) as bot, serve_metrics(bot) as server:
        assert isinstance(server, MetricsServer)
        await opt_in(emu, "opted-in")  # two settings confirmations: not answers
        await emu.send_message(content="!pros keras")
        assert embed_title(await emu.next_output()) == "Pros: Keras"
        await emu.send_message(author="admin2", content="!compare speed")
        assert embed_title(await emu.next_output()).startswith("Performance")
        await emu.send_message(author="owner", content="stats", mention_bot=True)
        assert embed_title(await emu.next_output()).startswith("Statistics")
        await emu.invoke_slash("about", {"library": "keras"})
        assert embed_title(await emu.next_output()) == "About Keras"
        await emu.send_message(author="admin", content="which is better for beginners?", mention_bot=True)
        assert embed_title(await emu.next_output()) == "Recommendation: Keras"
        await emu.send_message(author="admin2", content="does mxnet support tpus?", mention_bot=True)
        assert "not" in all_text(await emu.next_output()).lower()
        await emu.send_dm(content="pros mxnet")
        assert embed_title(await emu.next_output()) == "Pros: MXNet"
        question = await emu.send_message(author="admin", content="who develops mxnet?")  # not to the bot
        await emu.invoke_message_command(ASK_VERSUS, question)
        assert "AWS" in all_text(await emu.next_output())
        await emu.send_message(channel="opted-in", author="owner", content="who develops mxnet")
        assert "AWS" in all_text(await emu.next_output())
        await emu.send_message(channel="opted-in", content="anyone up for lunch?")  # chatter: no answer
        await emu.send_message(channel="opted-in", author="admin", content="!pros mxnet2000")
        out = await emu.next_output()
        assert "Not in my knowledge base" in out.text and out.message_id is not None
        await emu.click_button(out.message_id, "MXNet", user="admin")
        assert embed_title(await emu.next_output()) == "Pros: MXNet"

        samples = await scrape(server.port)

    assert answers_by(samples) == {
        ("prefix", "pros"): 1,
        ("prefix", "comparison"): 1,
        ("mention", "stats"): 1,
        ("slash", "about"): 1,
        ("mention", "recommendation"): 1,
        ("mention", "not_covered"): 1,
        ("dm", "pros"): 1,
        ("context_menu", "fact"): 1,
        ("channel", "fact"): 1,
        ("prefix", "not_found"): 1,
        ("button", "pros"): 1,
    }
    assert samples["versus_unanswered_total", ()] == 2
    assert samples["versus_answer_seconds_count", ()] == 11
    assert 0 < samples["versus_answer_seconds_sum", ()] < 1
    assert samples["versus_store_errors_total", ()] == 0
    assert samples["versus_guilds", (("shard", "0"),)] == len(emu.world.guilds)
    assert ("versus_gateway_latency_seconds", (("shard", "0"),)) in samples
    assert_clean(emu)


async def test_healthz_is_ok_while_connected_and_503_once_the_gateway_is_gone(emu, start_versus):
    async with start_versus(metrics=ANY_PORT) as bot, serve_metrics(bot) as server:
        assert server is not None
        assert await get(server.port, "/healthz") == (200, "ok\n")
        disconnected = asyncio.ensure_future(bot.wait_for("shard_disconnect", timeout=10))
        await asyncio.sleep(0)  # the waiter is registered before the gateway goes
        await emu.stop()  # Discord is gone: every reconnect attempt is refused
        assert await disconnected == 0
        status, reason = await get(server.port, "/healthz")
        assert status == 503 and "shard 0 not connected" in reason


async def test_a_closed_store_is_unhealthy_and_failed_writes_are_counted(emu, start_versus):
    async with start_versus(metrics=ANY_PORT) as bot, serve_metrics(bot) as server:
        assert server is not None
        await bot.store.close()
        status, reason = await get(server.port, "/healthz")
        assert status == 503 and "settings store" in reason
        await emu.send_message(author="admin", content="!settings prefix ?")
        assert "couldn't save that" in (await emu.next_output()).text
        assert (await scrape(server.port))["versus_store_errors_total", ()] == 1
        # An unanswered question is written a moment later: its failure is counted then.
        bot.store.unanswered_seconds = 0.05
        await emu.send_message(content="does mxnet support tpus?", mention_bot=True)
        assert "doesn't cover" in (await emu.next_output()).text  # the member has their answer
        for _ in range(100):
            if (await scrape(server.port))["versus_store_errors_total", ()] == 2:
                break
            await asyncio.sleep(0.05)
        assert (await scrape(server.port))["versus_store_errors_total", ()] == 2


async def test_metrics_are_off_unless_configured(emu, versus):
    async with serve_metrics(versus) as server:
        assert server is None


async def test_a_port_in_use_is_a_configuration_error(emu, start_versus):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with start_versus(metrics=MetricsConfig(port=port)) as bot:
            with pytest.raises(ConfigError, match=f"127.0.0.1:{port} .*VERSUS_METRICS_PORT"):
                async with serve_metrics(bot):
                    pass


# --- `python -m bot run` as operators run it -------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_json_logs_are_one_object_per_line_without_the_token_and_metrics_are_served(emu, tmp_path):
    port = free_port()
    env = bot_environment(
        emu,
        tmp_path / "versus.sqlite3",
        VERSUS_LOG_LEVEL="DEBUG",  # discord.py's chattiest: payloads, reconnects
        VERSUS_LOG_FORMAT="json",
        VERSUS_METRICS_PORT=str(port),
    )
    process = await spawn_versus(env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await emu.wait_ready_sent(timeout=20)
        await emu.send_message(content="!compare speed")
        assert embed_title(await emu.next_output(timeout=20)).startswith("Performance")
        await emu.request_reconnect()  # RESUME carries the token
        assert await get(port, "/healthz") == (200, "ok\n")
        samples = await scrape(port)
        assert samples["versus_answers_total", (("entry", "prefix"), ("kind", "comparison"))] == 1
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0
    lines = stderr.decode().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is JSON
    assert all(isinstance(e, dict) and {"time", "level", "logger", "message"} <= e.keys() for e in entries)
    assert {"DEBUG", "INFO"} <= {e["level"] for e in entries}
    assert any(f"127.0.0.1:{port}" in e["message"] for e in entries)
    text = stdout.decode() + stderr.decode()
    assert emu.token not in text and emu.token.rsplit(".", 1)[-1] not in text
