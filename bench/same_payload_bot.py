"""A second floor for the end-to-end benchmarks: a bare discord.py bot that sends, for each
message of the benchmark corpus, byte for byte the reply Versus sends — computed once at
start-up, outside the measured loop. Versus's CPU per message minus this bot's is the work
that is Versus's own (understanding, rendering, prefixes, checks, cooldowns), with
discord.py's cost of sending the same payload taken out.

Run as `python -m bench.same_payload_bot` with the Discord environment Versus gets, plus
VERSUS_BENCH_TRIPS (the corpus size the benchmark sends).
"""

from __future__ import annotations

import os
from typing import Any

import discord

from bench.corpus import build_corpus
from bot.discord_render import message_parts
from bot.discord_target import point_discord_at
from bot.engine import Engine
from bot.knowledge import load_knowledge

CORPUS_SEED = 11  # the seed bench.e2e builds its corpus with


def replies(count: int) -> dict[str, dict[str, Any]]:
    """What Versus answers to each corpus question, as `send` keyword arguments."""
    engine = Engine(load_knowledge(os.environ.get("VERSUS_KNOWLEDGE", "knowledge")))
    corpus = build_corpus(engine.kb, count, seed=CORPUS_SEED)
    return {question.lstrip("!/"): message_parts(engine.ask(question), as_embed=True) for question in corpus}


def main() -> None:
    point_discord_at(os.environ.get("DISCORD_API_BASE"), os.environ.get("DISCORD_GATEWAY_URL"))
    answers = replies(int(os.environ.get("VERSUS_BENCH_TRIPS", "100")))
    intents = discord.Intents.default()
    intents.message_content = True
    client = discord.Client(intents=intents, allowed_mentions=discord.AllowedMentions.none())

    @client.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot or client.user is None:
            return
        text = message.content.removeprefix(f"<@{client.user.id}>").strip().removeprefix("!")
        parts = answers.get(text)
        if parts is not None:
            await message.channel.send(**parts)

    client.run(os.environ["DISCORD_TOKEN"], log_handler=None)


if __name__ == "__main__":
    main()
