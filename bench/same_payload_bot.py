"""A second floor for the end-to-end benchmarks: a bare discord.py bot that sends, for each
message of the benchmark corpus and each of its slash commands (bench.corpus.SLASH), byte for
byte the reply Versus sends — worked out once at start-up, outside the measured loop: the
same content and embed; on answers to free-form questions (and `/ask`) the same 👍/👎 buttons
(one view per answer, built on first use); on "not in my knowledge" answers the same "did
you mean" buttons (a view per message, as Versus sends them). It runs on the same discord.py
bot class as Versus (an AutoShardedBot without text commands); its slash commands are plain
discord.py application commands with Versus's names and options, published when it starts,
each answering its interaction with the reply. It knows each question's answer asked on its
own: Versus reads a follow-up in its conversation, so bench.e2e checks the payloads on
messages and commands from members with no conversation yet. Versus's CPU per message minus
this bot's is the work that is Versus's own (understanding, rendering, prefixes, checks,
cooldowns), with discord.py's cost of receiving the message or interaction and sending the
same payload taken out. `bench.e2e` checks that the two bots' requests are identical.

Run as `python -m bench.same_payload_bot` with the Discord environment Versus gets, plus
VERSUS_BENCH_TRIPS (the corpus size the benchmark sends).
"""

from __future__ import annotations

import os
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bench.corpus import SLASH, build_corpus
from bench.run_bot import run_until_stopped
from bot.core.answer import Answer
from bot.core.commands import ANSWER_COMMANDS, COMMANDS
from bot.core.engine import COMMAND_PREFIXES, Engine
from bot.core.knowledge import load_knowledge
from bot.core.matching import EntityKind
from bot.core.query import ANYWHERE
from bot.discord.embeds import message_parts
from bot.discord.feedback import feedback_view, plain_vote_buttons
from bot.discord.suggestions import SUGGESTION_SECONDS, Suggestion, SuggestionButtons, suggestions_for
from bot.discord.target import point_discord_at

CORPUS_SEED = 11  # the seed bench.e2e builds its corpus with
ASK = "ask"  # the slash command for a question in one's own words (cogs/questions.py)
Known = tuple[Answer, tuple[Suggestion, ...]]  # an answer and its "did you mean" suggestions


def answers(count: int) -> dict[str, Known]:
    """What Versus answers to each corpus question and each slash command (`slash_text`) asked
    on its own (no conversation before it), with its "did you mean" suggestions, by the text
    this bot receives: a text that starts with a command's name is that command (as after
    Versus's prefix or mention)."""
    engine = Engine(load_knowledge(os.environ.get("VERSUS_KNOWLEDGE", "knowledge")))
    corpus = [q.lstrip("".join(COMMAND_PREFIXES)) for q in build_corpus(engine.kb, count, seed=CORPUS_SEED)]
    slash = [slash_text(name, next(iter(options.values()), None)) for name, options in SLASH]
    return {text: answer_to(engine, text) for text in [*corpus, *slash]}


def answer_to(engine: Engine, text: str) -> Known:
    """Versus's answer to `text`, a command or a question, and its suggestions."""
    if is_command(text):
        name, _, argument = text.partition(" ")
        query, answer = engine.command(COMMANDS[name.lower()], argument.strip())
        asked, unknown = f"{name.lower()} {argument.strip()}".strip(), query.unknown
    else:
        answer, asked, unknown = engine.ask(text), text, engine.understand(text).unknown
    return answer, suggestions_for(engine, ANYWHERE, asked, answer, unknown)


def is_command(text: str) -> bool:
    """Whether Versus answers `text` as a command (no 👍/👎) rather than a question."""
    words = text.split(maxsplit=1)
    return bool(words) and words[0].lower() in COMMANDS


def slash_text(name: str, argument: str | None) -> str:
    """A slash command as the text this bot knows its answer by: `/ask`'s question, else the
    command's name and its argument (`compare performance`)."""
    return argument or "" if name == ASK else f"{name} {argument or ''}".strip()


class Replies:
    """Versus's reply to each known text, as `send` arguments."""

    def __init__(self, known: dict[str, Known]) -> None:
        self.known = known
        self.kept: dict[str, dict[str, Any]] = {}

    def to(self, text: str, asker_id: int, *, feedback: bool) -> dict[str, Any] | None:
        """The reply to `text` from `asker_id` (None: not a text Versus answers here); with
        `feedback`, its 👍/👎."""
        if text not in self.known:
            return None
        answer, suggestions = self.known[text]
        if suggestions:  # buttons of their own on every message, as Versus sends them
            lasting = plain_vote_buttons(answer) if feedback else ()
            view = SuggestionButtons(asker_id, suggestions, timeout=SUGGESTION_SECONDS, lasting=lasting)
            return message_parts(answer, as_embed=True) | {"view": view}
        if text not in self.kept:  # views need the running loop: built on first use
            view = feedback_view(answer) if feedback else None
            self.kept[text] = message_parts(answer, as_embed=True) | {"view": view}
        return self.kept[text]


def add_slash_commands(tree: app_commands.CommandTree[Any], replies: Replies) -> None:
    """Versus's answer commands and `/ask`, with its options (their argument, then
    `comparison`), each answering with Versus's reply (as discord.py's Context.send does:
    without the parts it leaves out)."""

    async def answer(interaction: discord.Interaction, argument: str | None) -> None:
        name = interaction.command.name if interaction.command else ""
        parts = replies.to(slash_text(name, argument), interaction.user.id, feedback=name == ASK)
        assert parts is not None  # bench.e2e runs only the commands of SLASH
        sent = {k: v for k, v in parts.items() if v is not None or k == "content"}
        await interaction.response.send_message(**sent)

    async def by_aspect(
        interaction: discord.Interaction, aspect: str | None = None, comparison: str | None = None
    ) -> None:
        await answer(interaction, aspect)

    async def by_library(
        interaction: discord.Interaction, library: str | None = None, comparison: str | None = None
    ) -> None:
        await answer(interaction, library)

    async def by_question(
        interaction: discord.Interaction, question: str, comparison: str | None = None
    ) -> None:
        await answer(interaction, question)

    callbacks = {EntityKind.ASPECT: by_aspect, EntityKind.LIBRARY: by_library}
    for command in ANSWER_COMMANDS:
        if command.argument is not None:
            callback = callbacks[command.argument]
            tree.add_command(
                app_commands.Command(name=command.name, description=command.describe(), callback=callback)
            )
    tree.add_command(app_commands.Command(name=ASK, description="Ask a question.", callback=by_question))


class SamePayloadBot(commands.AutoShardedBot):
    """The discord.py classes and options Versus runs on, so that the difference is Versus's
    code; its slash commands published at start-up."""

    def __init__(self, replies: Replies) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(
            command_prefix=COMMAND_PREFIXES[0],
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            chunk_guilds_at_startup=False,
        )
        self.replies = replies
        add_slash_commands(self.tree, replies)

    async def setup_hook(self) -> None:
        await self.tree.sync()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None:
            return
        text = message.content.removeprefix(f"<@{self.user.id}>").strip().removeprefix("!")
        parts = self.replies.to(text, message.author.id, feedback=not is_command(text))
        if parts is not None:
            await message.channel.send(**parts)


def main() -> None:
    point_discord_at(os.environ.get("DISCORD_API_BASE"), os.environ.get("DISCORD_GATEWAY_URL"))
    replies = Replies(answers(int(os.environ.get("VERSUS_BENCH_TRIPS", "100"))))
    run_until_stopped(SamePayloadBot(replies))


if __name__ == "__main__":
    main()
