"""Free-form questions: `/ask`, mentions, DMs and opted-in channels (the bot's `free_form`
event), Ask Versus on a message, and "did you mean" buttons clicked (`suggestion_chosen`),
with a per-user cooldown.

Questions follow the conversation: a follow-up ("and mxnet?", "why?") is read against the
asker's last question in that channel (10 minutes), or — when it is a Discord reply to one of
our answers — against that answer's question, whoever replies and however late.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Answer, AnswerKind, clip
from bot.core.conversation import conversation_key
from bot.core.gaps import is_gap
from bot.core.query import Query, Scope
from bot.core.settings import Freeform, Threads, Visibility
from bot.discord.client import Versus, direct_slash
from bot.discord.context import (
    COMPARISON_OPTION,
    VersusContext,
    comparison_autocomplete,
    hybrid_command,
    uses_embeds,
)
from bot.discord.embeds import message_parts
from bot.discord.guards import UserLimit
from bot.discord.suggestions import ExpiredSuggestion, suggestions_for

log = logging.getLogger("versus")


ASK_VERSUS = "Ask Versus"  # the message context-menu command (right-click → Apps)
THREAD_NAME_LIMIT = 100  # Discord's, in characters
NO_TEXT = (
    "That message has no text for me to answer (only an embed, attachments or stickers): "
    "ask me in your own words instead."
)


class Questions(commands.Cog):
    def __init__(self, bot: Versus) -> None:
        self.bot = bot
        self.limit = UserLimit(*bot.config.question_rate)
        self.ask_versus = app_commands.ContextMenu(name=ASK_VERSUS, callback=self.ask_about_message)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.ask_versus)
        self.bot.add_dynamic_items(ExpiredSuggestion)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.ask_versus.name, type=self.ask_versus.type)
        self.bot.remove_dynamic_items(ExpiredSuggestion)

    async def ask_about_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Answer someone's message as if its author had asked Versus (its text comes with the
        interaction: no message-content intent needed)."""
        question = without_mentions_of(interaction.client.application_id or 0, message.content)
        if not question:
            await interaction.response.send_message(NO_TEXT, ephemeral=True)
            return
        ctx = await self.bot.get_context(interaction)
        await self._answer(ctx, question, ctx.scope)

    @direct_slash
    @hybrid_command(usage="<question>")  # the comparison option is for slash only
    @app_commands.describe(
        question="Anything about the comparison, in your own words", comparison=COMPARISON_OPTION
    )
    @app_commands.autocomplete(comparison=comparison_autocomplete)
    async def ask(self, ctx: VersusContext, *, question: str, comparison: str | None = None) -> None:
        """Ask a question in your own words."""
        # str(): a stale schema may send another type
        scope = ctx.scope_with(None if comparison is None else str(comparison))
        await self._answer(ctx, str(question), scope)

    @commands.Cog.listener()
    async def on_free_form(self, ctx: VersusContext) -> None:
        """A message that names no command: a question if it is for us (a mention, a DM, an
        opted-in channel)."""
        if _forum_post(ctx):
            await self._answer_post(ctx)
            return
        question = self._question_in(ctx)
        if question is None:
            return
        # In an opted-in channel people also chat: answer only what the knowledge base covers.
        spoken_to = ctx.mentioned or ctx.guild is None
        try:
            await self._answer(
                ctx, question, ctx.scope, quiet_if_unknown=not spoken_to, in_thread=_threads_here(ctx)
            )
        except discord.HTTPException as exc:  # no traceback per message in a channel we can't write to
            log.warning("Could not answer in channel %s: %s", ctx.channel.id, exc.text or exc.status)

    async def _answer_post(self, ctx: VersusContext) -> None:
        """A new post in an opted-in forum: its title and first message are answered when I am
        at least as sure as the server's forum confidence, else only kept for /gaps. Later
        messages of the post are answered only when someone asks (mentions Versus): a post
        gets one unasked answer."""
        thread = cast(discord.Thread, ctx.channel)
        if ctx.message.id != thread.id:  # not the post's starter message
            return
        me = self.bot.user
        assert me is not None  # messages arrive only once logged in
        question = f"{thread.name}. {without_mentions_of(me.id, ctx.message.content)}".strip(" .")
        await self._answer(ctx, question, ctx.scope, quiet_if_unknown=True, gap_if_quiet=True, unasked=True)

    async def _answer(
        self,
        ctx: VersusContext,
        question: str,
        scope: Scope,
        *,
        quiet_if_unknown: bool = False,
        gap_if_quiet: bool = False,
        in_thread: bool = False,
        unasked: bool = False,
    ) -> None:
        """Answer `question` here — or, `in_thread`, in a thread opened on it (where the bot
        may open one). `unasked` (a new forum post): only when at least as sure as the
        server's forum confidence."""
        started = time.perf_counter()
        engine, context = self.bot.engine, ctx.follow_up_context
        answer, query = self.bot.respond(
            ctx.guild, question, scope=scope, context=context, presentation=ctx.presentation
        )
        sure = answer.found and (not unasked or _sure_enough(ctx, question, answer, scope, context))
        if quiet_if_unknown and not sure:
            # A forum post I am not sure enough of is a gap too: its topic may be worth teaching.
            if gap_if_quiet and (answer.found or is_gap(answer.kind)):
                self.bot.keep_unanswered(ctx.guild, question)
            return
        # Asking for help in words is the `help` command: it counts as a command, not a question.
        limit = self.bot.command_limit if answer.kind is AnswerKind.HELP else self.limit
        retry_after = limit.retry_after(ctx.author.id)
        if retry_after:
            await ctx.notice_too_fast(retry_after, limit)
            return
        unknown = (
            engine.understand(question, scope, context).unknown
            if answer.kind is AnswerKind.NOT_FOUND
            else None
        )
        suggestions = suggestions_for(engine, scope, question, answer, unknown)
        seconds = time.perf_counter() - started
        if in_thread:
            await _open_thread(ctx, question)
        await ctx.send_answer(
            answer, suggestions, question=question, remember=query, seconds=seconds, feedback=True
        )

    @commands.Cog.listener()
    async def on_suggestion_chosen(self, interaction: discord.Interaction, question: str) -> None:
        """A suggestion button clicked by its asker: the suggested question, answered in the
        server's style and visibility, as part of the asker's conversation."""
        bot = self.bot
        started = time.perf_counter()
        key = conversation_key(interaction.channel_id or 0, interaction.user.id)
        settings = bot.settings_for(interaction.guild)
        context = bot.conversations.recall(key)
        answer, query = bot.respond(
            interaction.guild,
            question,
            scope=bot.scope_of(settings),
            context=context,
            presentation=settings.presentation,
        )
        seconds = time.perf_counter() - started
        parts = message_parts(answer, as_embed=uses_embeds(settings, interaction.app_permissions.embed_links))
        response = await interaction.response.send_message(
            **parts, ephemeral=settings.visibility is Visibility.PRIVATE
        )
        bot.metrics.answered(answer.kind, "button", seconds)
        sent = response.resource if isinstance(response.resource, discord.InteractionMessage) else None
        bot.conversations.remember(key, query, None if sent is None else (sent.channel.id, sent.id))

    def _question_in(self, ctx: VersusContext) -> str | None:
        """The question a non-command message asks the bot, or None if it isn't for us."""
        message, mentioned = ctx.message, ctx.mentioned
        me = self.bot.user
        if message.guild is not None:
            settings = ctx.settings
            channel_ids = {message.channel.id, getattr(message.channel, "parent_id", None)}  # threads too
            opted_in = settings.freeform is Freeform.CHANNELS and bool(
                channel_ids & settings.freeform_channels
            )
            if settings.freeform is Freeform.OFF or not (mentioned or opted_in):
                return None
        assert me is not None  # messages arrive only once logged in
        question = without_mentions_of(me.id, message.content)
        # Without the message-content intent an unmentioned message arrives blank.
        return question if question or mentioned else None


def _forum_post(ctx: VersusContext) -> bool:
    """Whether this message is in a post of an opted-in forum, not asked of Versus by name."""
    channel, settings = ctx.channel, ctx.settings
    return (
        not ctx.mentioned
        and isinstance(channel, discord.Thread)
        and isinstance(channel.parent, discord.ForumChannel)
        and settings.freeform is Freeform.CHANNELS
        and channel.parent.id in settings.freeform_channels
    )


def _sure_enough(
    ctx: VersusContext, question: str, answer: Answer, scope: Scope, context: Query | None
) -> bool:
    """Whether an answer found may go to a forum post unasked: a taught one, or the
    comparison's when at least as sure as the server's forum confidence (`Engine.confidence`)."""
    if answer.kind is AnswerKind.TAUGHT:
        return True
    return ctx.host.engine.confidence(question, scope, context) * 100 >= ctx.settings.forum_confidence


def _threads_here(ctx: VersusContext) -> bool:
    """Whether answers to this message open a thread: `threads on`, in a channel opted in itself
    (not a thread of one)."""
    settings, channel = ctx.settings, ctx.channel
    return (
        settings.threads is Threads.ON
        and settings.freeform is Freeform.CHANNELS
        and isinstance(channel, discord.TextChannel)
        and channel.id in settings.freeform_channels
    )


async def _open_thread(ctx: VersusContext, question: str) -> None:
    """Move the answer to a thread on the question, named from it; where the bot may not open
    one (or Discord refuses), the answer stays in the channel."""
    channel = cast(discord.TextChannel, ctx.channel)
    mine = channel.permissions_for(channel.guild.me)
    if not (mine.create_public_threads and mine.send_messages_in_threads):
        return
    try:
        thread = await ctx.message.create_thread(name=clip(question, THREAD_NAME_LIMIT))
    except discord.HTTPException as exc:
        log.warning("Could not open a thread in channel %s: %s", channel.id, exc.text or exc.status)
        return
    ctx.answer_in(thread)


def without_mentions_of(user_id: int, text: str) -> str:
    """`text` without its mentions of the user `user_id` (the bot), stripped."""
    return _mentions_of(user_id).sub(" ", text).strip()


@functools.cache
def _mentions_of(user_id: int) -> re.Pattern[str]:
    return re.compile(rf"<@!?{user_id}>")


async def setup(bot: Versus) -> None:
    await bot.add_cog(Questions(bot))
