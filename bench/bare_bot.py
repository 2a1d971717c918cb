"""The floor for the end-to-end benchmarks: a bare discord.py bot that answers `!ping`
with `pong` and does nothing else. Run as `python -m bench.bare_bot` with the same
DISCORD_TOKEN / DISCORD_API_BASE / DISCORD_GATEWAY_URL as Versus."""

from __future__ import annotations

import os

import discord
from discord.ext import commands

from bench.run_bot import run_until_stopped
from bot.discord.target import point_discord_at


def main() -> None:
    point_discord_at(os.environ.get("DISCORD_API_BASE"), os.environ.get("DISCORD_GATEWAY_URL"))
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    @bot.command()
    async def ping(ctx: commands.Context) -> None:
        await ctx.send("pong")

    run_until_stopped(bot)


if __name__ == "__main__":
    main()
