"""`python -m bot run` and `sync`: the process around the bot — logging, the token check, the
Discord target, the settings store, the metrics server, signals — and its exit codes.

`versus` makes a bot as `run` does — `Versus` with every cog (`cogs.extension_names`) — and
`_run` wires it: the engine and the store first, then the bot, and `/metrics` beside it when
configured; once logged in, one line says what runs (bot/cli/startup.py). Every failure a
start can meet becomes one log line and an exit code (bot/ops/exits.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord.http import Route

import cogs
from bot.cli.startup import http_address, startup_line
from bot.core.knowledge import KnowledgeError
from bot.discord.client import Versus, publish
from bot.discord.target import point_discord_at
from bot.ops.config import Config, ConfigError, load_engine
from bot.ops.exits import (
    EXIT_BAD_CONFIG,
    EXIT_BAD_KNOWLEDGE,
    EXIT_BAD_STORE,
    EXIT_DISCORD_REFUSED,
    EXIT_DISCORD_UNREACHABLE,
    EXIT_INTENT_REFUSED,
    EXIT_OK,
)
from bot.ops.logs import configure_logging
from bot.ops.metrics import Metrics
from bot.storage import detached_store, open_store
from bot.storage.base import ShardConflict, StoreError

if TYPE_CHECKING:
    from bot.ops.metrics_server import MetricsServer

log = logging.getLogger("versus")


def run_bot(config: Config) -> int:
    """Connect to Discord and run until stopped; returns the process exit code."""
    return _launch(config, _run(config))


def sync_commands(config: Config, guild_id: int | None = None) -> int:
    """Publish the slash commands (globally, or to one server) and exit."""
    return _launch(config, _sync(config, guild_id))


def _launch(config: Config, main: Coroutine[Any, Any, int]) -> int:
    """Logging, the token check and the API target, then run `main`; failures become one line."""
    configure_logging(config.log_level, config.log_format)
    if config.env_file:
        log.info("Configuration: the environment and %s (its values are not logged).", config.env_file)
    else:
        log.info("Configuration: the environment only (no .env in %s).", Path.cwd())
    if not config.token:
        main.close()
        log.error("DISCORD_TOKEN is not set: put the bot token in the environment or in .env.")
        return EXIT_BAD_CONFIG
    point_discord_at(config.api_base, config.gateway_url)
    return asyncio.run(_exit_code_of(main))


async def _exit_code_of(main: Awaitable[int]) -> int:
    try:
        return await main
    except discord.LoginFailure:
        log.error("Discord rejected the token in DISCORD_TOKEN: copy a fresh one from the developer portal.")
        return EXIT_BAD_CONFIG
    except discord.PrivilegedIntentsRequired:
        log.error(
            "Discord refused the message-content intent: enable 'Message Content Intent' on the "
            "Bot page of the developer portal, or set VERSUS_MESSAGE_CONTENT=false."
        )
        return EXIT_INTENT_REFUSED
    except KnowledgeError as exc:
        log.error("Invalid knowledge base: %s", exc)
        return EXIT_BAD_KNOWLEDGE
    except StoreError as exc:
        log.error("%s", exc)
        return EXIT_BAD_STORE
    except discord.Forbidden as exc:
        log.error("Discord refused (%s): invite the bot with the applications.commands scope.", exc.text)
        return EXIT_DISCORD_REFUSED
    except (ConfigError, ShardConflict) as exc:
        log.error("%s", exc)
        return EXIT_BAD_CONFIG
    except aiohttp.ClientConnectionError as exc:  # at login: once connected, discord.py reconnects
        log.error(
            "Cannot reach Discord at %s (%s): check the network, or DISCORD_API_BASE.",
            Route.BASE,
            exc.__cause__ or exc,
        )
        return EXIT_DISCORD_UNREACHABLE


def versus(config: Config, **parts: Any) -> Versus:
    """A Versus with every cog, from `parts` (engine, store, metrics, discord.py options)."""
    return Versus(config, extensions=cogs.extension_names(), **parts)


async def _run(config: Config) -> int:
    engine = load_engine(config)
    main = asyncio.current_task()
    assert main is not None  # run by asyncio.run
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Cancelling (not just closing) also interrupts discord.py's reconnect back-off.
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still works
            asyncio.get_running_loop().add_signal_handler(sig, main.cancel)
    # All close on the way out, cancelled or not: the metrics server, the bot, then the store.
    async with (
        await open_store(config.db_path) as store,
        versus(config, engine=engine, store=store, metrics=Metrics()) as bot,
        serve_metrics(bot) as metrics_server,
    ):
        await store.claim_shards(config.shard_count, config.shard_ids)
        announcing: asyncio.Task[None] | None = None
        try:
            await bot.login(config.token or "")
            # Beside connecting, not before it: asking Discord for the commands is a round trip.
            announcing = asyncio.create_task(_announce(bot, metrics_address(metrics_server)))
            await bot.connect()
        except asyncio.CancelledError:
            log.info("Stopping on a signal.")
        finally:
            if announcing is not None:
                announcing.cancel()
    return bot.exit_code


async def _announce(bot: Versus, metrics: str | None) -> None:
    log.info("%s", await startup_line(bot, metrics))


def metrics_address(server: MetricsServer | None) -> str | None:
    """Where `server` serves `/metrics` (None: not serving)."""
    return None if server is None else http_address(server.host, server.port)


@contextlib.asynccontextmanager
async def serve_metrics(bot: Versus) -> AsyncIterator[MetricsServer | None]:
    """`/metrics` and `/healthz` of `bot` where VERSUS_METRICS_PORT says, for as long as the
    block runs (None: not configured). A port that cannot be bound is a ConfigError."""
    where = bot.config.metrics
    if where is None:
        yield None
        return
    from bot.ops.metrics_server import MetricsServer  # loaded only for metrics: see its docstring

    server = MetricsServer(
        bot.metrics, bot.health, port=where.port, host=where.host, on_scrape=bot.refresh_shard_metrics
    )
    try:
        await server.__aenter__()
    except OSError as exc:
        raise ConfigError(
            f"Cannot serve metrics on {where.host}:{where.port} (VERSUS_METRICS_PORT, VERSUS_METRICS_HOST): "
            f"{exc.strerror or exc}"
        ) from None
    try:
        yield server
    finally:
        await server.__aexit__(None, None, None)


async def _sync(config: Config, guild_id: int | None) -> int:
    """Publishing needs the commands, not the settings: the database is never opened."""
    bot = versus(config, engine=load_engine(config), store=detached_store(config.db_path), metrics=Metrics())
    async with bot:
        await bot.login(config.token or "")
        synced = await publish(bot, discord.Object(guild_id) if guild_id else None)
    where = f"to server {guild_id}" if guild_id else "globally"
    print(f"Published {len(synced)} slash commands {where}.")
    return EXIT_OK
