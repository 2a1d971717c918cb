"""A second floor for the end-to-end benchmarks: a bare discord.py bot that sends, for each
message of the benchmark corpus, byte for byte the reply Versus sends — worked out once at
start-up, outside the measured loop: the same content and embed, and on answers to free-form
questions the same 👍/👎 buttons (one view per answer, built on first use). It runs on the
same discord.py bot class as Versus (an AutoShardedBot without commands). Versus's CPU per
message minus this bot's is the work that is Versus's own (understanding, rendering,
prefixes, checks, cooldowns), with discord.py's cost of sending the same payload taken out.
`bench.e2e` checks that the two bots' requests are identical.

Run as `python -m bench.same_payload_bot` with the Discord environment Versus gets, plus
VERSUS_BENCH_TRIPS (the corpus size the benchmark sends).
"""

from __future__ import annotations

import os
from typing import Any

import discord
from discord.ext import commands

from bench.corpus import build_corpus
from bot.answer import Answer
from bot.discord_feedback import feedback_view
from bot.discord_render import message_parts
from bot.discord_target import point_discord_at
from bot.engine import COMMAND_PREFIXES, COMMANDS, Engine
from bot.knowledge import load_knowledge

CORPUS_SEED = 11  # the seed bench.e2e builds its corpus with


def answers(count: int) -> dict[str, Answer]:
    """What Versus answers to each corpus question, by the text this bot receives."""
    engine = Engine(load_knowledge(os.environ.get("VERSUS_KNOWLEDGE", "knowledge")))
    corpus = build_corpus(engine.kb, count, seed=CORPUS_SEED)
    return {question.lstrip("".join(COMMAND_PREFIXES)): engine.ask(question) for question in corpus}


def is_command(text: str) -> bool:
    """Whether Versus answers `text` as a command (no 👍/👎) rather than a question."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0].lower() in COMMANDS


def main() -> None:
    point_discord_at(os.environ.get("DISCORD_API_BASE"), os.environ.get("DISCORD_GATEWAY_URL"))
    known = answers(int(os.environ.get("VERSUS_BENCH_TRIPS", "100")))
    replies: dict[str, dict[str, Any]] = {}
    intents = discord.Intents.default()
    intents.message_content = True
    # The discord.py classes and options Versus runs on, so that the difference is Versus's code.
    client = commands.AutoShardedBot(
        command_prefix=COMMAND_PREFIXES[0],
        intents=intents,
        allowed_mentions=discord.AllowedMentions.none(),
        help_command=None,
        chunk_guilds_at_startup=False,
    )

    def reply_to(text: str) -> dict[str, Any] | None:
        if text not in replies and text in known:  # views need the running loop: built on first use
            answer = known[text]
            view = None if is_command(text) else feedback_view(answer)
            replies[text] = message_parts(answer, as_embed=True) | {"view": view}
        return replies.get(text)

    @client.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot or client.user is None:
            return
        parts = reply_to(message.content.removeprefix(f"<@{client.user.id}>").strip().removeprefix("!"))
        if parts is not None:
            await message.channel.send(**parts)

    client.run(os.environ["DISCORD_TOKEN"], log_handler=None)


if __name__ == "__main__":
    main()
