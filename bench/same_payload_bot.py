"""A second floor for the end-to-end benchmarks: a bare discord.py bot that sends, for each
message of the benchmark corpus, byte for byte the reply Versus sends — worked out once at
start-up, outside the measured loop: the same content and embed; on answers to free-form
questions the same 👍/👎 buttons (one view per answer, built on first use); on "not in my
knowledge" answers the same "did you mean" buttons (a view per message, as Versus sends
them). It runs on the same discord.py bot class as Versus (an AutoShardedBot without
commands). It knows each question's answer asked on its own: Versus reads a follow-up in
its conversation, so bench.e2e checks the payloads on messages from members with no
conversation yet. Versus's CPU per
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
from bench.run_bot import run_until_stopped
from bot.core.answer import Answer
from bot.core.commands import COMMANDS
from bot.core.engine import COMMAND_PREFIXES, Engine
from bot.core.knowledge import load_knowledge
from bot.core.query import ANYWHERE
from bot.discord.embeds import message_parts
from bot.discord.feedback import feedback_view, plain_vote_buttons
from bot.discord.suggestions import SUGGESTION_SECONDS, Suggestion, SuggestionButtons, suggestions_for
from bot.discord.target import point_discord_at

CORPUS_SEED = 11  # the seed bench.e2e builds its corpus with


def answers(count: int) -> dict[str, tuple[Answer, tuple[Suggestion, ...]]]:
    """What Versus answers to each corpus question asked on its own (no conversation before
    it), with its "did you mean" suggestions, by the text this bot receives: a text that
    starts with a command's name is that command (as after Versus's prefix or mention)."""
    engine = Engine(load_knowledge(os.environ.get("VERSUS_KNOWLEDGE", "knowledge")))
    known = {}
    for question in build_corpus(engine.kb, count, seed=CORPUS_SEED):
        text = question.lstrip("".join(COMMAND_PREFIXES))
        if is_command(text):
            name, _, argument = text.partition(" ")
            query, answer = engine.command(COMMANDS[name.lower()], argument.strip())
            asked, unknown = f"{name.lower()} {argument.strip()}".strip(), query.unknown
        else:
            answer, asked, unknown = engine.ask(text), text, engine.understand(text).unknown
        known[text] = (answer, suggestions_for(engine, ANYWHERE, asked, answer, unknown))
    return known


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

    def reply_to(text: str, asker_id: int) -> dict[str, Any] | None:
        if text not in known:
            return None
        answer, suggestions = known[text]
        feedback = not is_command(text)
        if suggestions:  # buttons of their own on every message, as Versus sends them
            lasting = plain_vote_buttons(answer) if feedback else ()
            view = SuggestionButtons(asker_id, suggestions, timeout=SUGGESTION_SECONDS, lasting=lasting)
            return message_parts(answer, as_embed=True) | {"view": view}
        if text not in replies:  # views need the running loop: built on first use
            view = feedback_view(answer) if feedback else None
            replies[text] = message_parts(answer, as_embed=True) | {"view": view}
        return replies[text]

    @client.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot or client.user is None:
            return
        text = message.content.removeprefix(f"<@{client.user.id}>").strip().removeprefix("!")
        parts = reply_to(text, message.author.id)
        if parts is not None:
            await message.channel.send(**parts)

    run_until_stopped(client)


if __name__ == "__main__":
    main()
