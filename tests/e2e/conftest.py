"""End-to-end fixtures: the real Versus bot (real discord.py client, real SQLite file) connected
to the loopback Discord emulator. Every test checks, at teardown, that the bot called no route
the emulator does not know and that nothing it sent could ping anyone."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.discord.client import Versus, publish
from bot.ops.config import Config, load_engine
from bot.ops.metrics import Metrics
from bot.storage import open_store
from cogs import extension_names
from tests.conftest import KNOWLEDGE_DIR, PINNED_FILE, ROOT, SHIPPED_ID
from tests.discord_emulator import DiscordEmulator, Output, running_bot

OWNER_EXTRA = "admin2"  # a second owner, given through VERSUS_OWNER_IDS


class FastVersus(Versus):
    """Versus as shipped, minus discord.py's 5-second pause before re-identifying."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


@pytest.fixture
async def emu() -> AsyncIterator[DiscordEmulator]:
    async with DiscordEmulator() as emulator:
        yield emulator


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "versus.sqlite3"


@pytest.fixture
def make_config(emu: DiscordEmulator, db_path: Path) -> Callable[..., Config]:
    def make(**overrides) -> Config:
        values = {
            "token": emu.token,
            "db_path": db_path,
            "knowledge_path": KNOWLEDGE_DIR,
            "default_comparison": SHIPPED_ID,
            "owner_ids": frozenset({emu.ids.admin2}),
            "api_base": emu.api_base,
            "gateway_url": emu.gateway_url,
        } | overrides
        return Config(**values)

    return make


@asynccontextmanager
async def running_versus(
    emu: DiscordEmulator, config: Config, *, sync: bool = False
) -> AsyncIterator[Versus]:
    """A Versus wired as `python -m bot run` wires it — engine and store first, then the bot —
    running against `emu` (slash commands published if `sync`); the store closes after the bot."""
    engine = load_engine(config)
    async with await open_store(config.db_path) as store:
        bot = FastVersus(
            config,
            engine=engine,
            store=store,
            metrics=Metrics(),
            extensions=extension_names(),
            guild_ready_timeout=0.05,
        )
        async with running_bot(emu, bot):
            if sync:
                await publish(bot, None)
            yield bot


@asynccontextmanager
async def two_shards(emu: DiscordEmulator, config: Config) -> AsyncIterator[tuple[Versus, Versus]]:
    """Shards 0 and 1 of 2, each its own Versus (as two processes would run them) on `emu`."""
    config = replace(
        config, token=emu.token, api_base=emu.api_base, gateway_url=emu.gateway_url, shard_count=2
    )
    async with (
        running_versus(emu, replace(config, shard_ids=(0,))) as first,
        running_versus(emu, replace(config, shard_ids=(1,))) as second,
    ):
        yield first, second


@pytest.fixture
def start_versus(emu: DiscordEmulator, make_config) -> Callable[..., AbstractAsyncContextManager[Versus]]:
    """`async with start_versus(**config) as bot:` runs a Versus with slash commands synced."""

    def start(**overrides) -> AbstractAsyncContextManager[Versus]:
        return running_versus(emu, make_config(**overrides), sync=True)

    return start


@pytest.fixture
async def versus(emu: DiscordEmulator, start_versus) -> AsyncIterator[Versus]:
    async with start_versus() as bot:
        yield bot
    assert_clean(emu)


def bot_environment(emu: DiscordEmulator, db_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a `python -m bot run` process talking to `emu`, settings in `db_path`."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "VERSUS_"))}
    return (
        keep
        | {
            "DISCORD_TOKEN": emu.token,
            "DISCORD_API_BASE": emu.api_base,
            "DISCORD_GATEWAY_URL": emu.gateway_url,
            "VERSUS_DB": str(db_path),
            "VERSUS_KNOWLEDGE": str(KNOWLEDGE_DIR),
            "VERSUS_COMPARISON": SHIPPED_ID,
            "VERSUS_LOG_LEVEL": "WARNING",
        }
        | extra
    )


async def spawn_versus(env: dict[str, str], *args: str, **streams) -> asyncio.subprocess.Process:
    """`python -m bot ARGS` (default `run`) as its own process, from the repository root."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *(args or ("run",)), cwd=ROOT, env=env, **streams
    )


def assert_clean(emu: DiscordEmulator) -> None:
    assert emu.unknown_routes == [], "the bot called routes the emulator does not implement"
    for output in emu.outputs:
        assert_cannot_ping(output)


def assert_cannot_ping(output: Output) -> None:
    if output.kind in {"message", "interaction_response", "followup", "edit"}:
        mentions = output.allowed_mentions or {}
        assert mentions.get("parse") == [] and not mentions.get("users") and not mentions.get("roles"), output


async def admin_says(emu: DiscordEmulator, text: str, channel: str = "general") -> str:
    """An admin's prefix command in a server; the bot's reply."""
    await emu.send_message(channel=channel, author="admin", content=text)
    out = await emu.next_output()
    return out.content or ""


async def admin_slash(emu: DiscordEmulator, path: tuple[str, ...], options: dict) -> str:
    """An admin's settings slash command: deferred privately, then confirmed privately."""
    await emu.invoke_slash(path, options, user="admin")
    defer = await emu.next_output()
    assert defer.kind == "defer" and defer.ephemeral
    out = await emu.next_output()
    assert out.kind == "followup" and out.ephemeral
    return out.content or ""


def embed_title(output: Output) -> str:
    assert output.embeds, f"expected an embed, got {output.kind}: {output.content!r}"
    return output.embeds[0]["title"]


def all_text(output: Output) -> str:
    """Everything a user reads in an output: content and every part of every embed."""
    parts = [output.content or ""]
    for embed in output.embeds:
        parts += [
            embed.get("title", ""),
            embed.get("description", ""),
            embed.get("footer", {}).get("text", ""),
        ]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


SECOND_ID = "torch-vs-jax"
SECOND_TITLE = "PyTorch vs. JAX (test fixture)"


def write_second_comparison(folder: Path) -> Path:
    """A second comparison beside the shipped one: the same aspects under the same names, two
    libraries of its own (PyTorch, JAX) whose keys and aliases collide with nothing."""
    text = re.sub(r"\bkeras\b", "torch", PINNED_FILE.read_text(encoding="utf-8"))
    data = yaml.safe_load(re.sub(r"\bmxnet\b", "jax", text))
    data.update(id=SECOND_ID, title=SECOND_TITLE)
    first, second = data["libraries"]
    first.update(name="PyTorch", aliases=["pytorch", "torch", "py torch"])
    second.update(name="JAX", aliases=["jax", "google jax"])
    path = folder / f"{SECOND_ID}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def two_comparisons(tmp_path: Path) -> Path:
    """A knowledge folder with the shipped comparison (the default: its file sorts first) and
    the second one."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    shutil.copy(PINNED_FILE, folder / PINNED_FILE.name)
    write_second_comparison(folder)
    return folder
