"""The Discord bot: connecting, and dispatching each message to what answers it.

`Versus` is an `AutoShardedBot`, so one process can run any set of shards. The engine, the
settings store and the metrics are built first and handed to it (`Versus(config, engine=…,
store=…, metrics=…, extensions=…)`, wired by bot/cli/run.py); its `setup_hook` loads the
extensions it was given (the cogs). Replies can never ping anyone: `allowed_mentions` is none
for the whole bot.

A message takes the shortest way through (`on_message`): its command is read once per
distinct text (`read_command`, with the server's prefix: `prefix_of`); an answer command
(`compare`, `pros`… — see `bot.discord.context.answer_command`) runs straight from here with
the rate check, without discord.py's parser, converters and events; any other command
(settings, owner, `ask`) goes through discord.py's `invoke`; anything else is dispatched as a
`free_form` event (answered by cogs/questions.py). Errors of either kind are dispatched as
`command_error` (answered by cogs/errors.py). What each message needs again — the bot's
permissions per channel, the scope per settings, the message per answer — is kept, and
dropped when what it depends on changes; conversations are remembered by `Conversations`.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

import discord
from discord import app_commands
from discord.ext import commands
from discord.ext.commands.hybrid import HybridAppCommand
from discord.ext.commands.view import StringView

from bot.core.answer import Answer
from bot.core.conversation import Conversations
from bot.core.engine import Engine
from bot.core.gaps import UnansweredQuestion
from bot.core.knowledge import Comparison
from bot.core.query import Query, Scope
from bot.core.settings import (
    DEFAULTS,
    Gaps,
    GuildSettings,
    Presentation,
    answering_comparison,
    server_scope,
)
from bot.core.taught import NO_LESSONS, consult, taught_answer
from bot.discord.context import (
    DIRECT_TEXT,
    UNMETERED_FOR_MANAGERS,
    AnswerMessages,
    TooFast,
    TypedCommand,
    VersusContext,
)
from bot.discord.guards import ByIdentity, ChannelTurns, Recent, Refusals, UserLimit
from bot.discord.permissions import CHANGING_EVENTS, BotPermissions
from bot.discord.suggestions import SUGGESTION_SECONDS
from bot.ops.config import Config, load_engine
from bot.ops.exits import EXIT_OK
from bot.ops.metrics import Health, Metrics
from bot.storage.base import SettingsStore

log = logging.getLogger("versus")

FREE_FORM = "free_form"  # the event a message naming no command is dispatched as: (ctx)
COMMAND_CACHE_SIZE = 1024  # messages read for a command, kept (see `read_command`): ≤ 2 MB of text


def build_intents(config: Config) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = config.message_content
    return intents


def _settle_long_lived_objects(*, collect: bool = False) -> None:
    """What is loaded by now (discord.py, the knowledge base and its indexes) lives as long as
    the process: keep it out of the garbage collector's full passes, which would walk all of it
    again every few hundred messages (bench.instructions: 5.5% → 5.0% own share). A full
    collection first (a whole pass at start-up) only when an old engine may be garbage."""
    if collect:
        gc.collect()
    gc.freeze()


class Versus(commands.AutoShardedBot):
    def __init__(
        self,
        config: Config,
        *,
        engine: Engine,
        store: SettingsStore,
        metrics: Metrics,
        extensions: Sequence[str] = (),
        **options: Any,
    ) -> None:
        if config.shard_ids:
            options["shard_ids"] = list(config.shard_ids)
        super().__init__(
            command_prefix=prefixes,
            case_insensitive=True,  # phones capitalise the first word: `!Pros keras`
            strip_after_prefix=True,
            intents=build_intents(config),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            shard_count=config.shard_count,
            chunk_guilds_at_startup=False,
            **options,
        )
        self.config = config
        self.exit_code = EXIT_OK  # what `python -m bot run` exits with once the bot is closed
        self.engine = engine  # swapped by `reload_knowledge`
        self.store = store  # opened and closed by whoever made the bot
        self.metrics = metrics  # served by bot/cli/run.py when VERSUS_METRICS_PORT is set
        self.extensions_to_load = tuple(extensions)
        store.on_failed_write = metrics.store_failed  # unanswered questions it could not write
        # In memory only, each bounded: forgotten on restart, flat however many people talk.
        self.conversations = Conversations()  # follow-ups, and replies to our answers
        self.answers_to: Recent[int, int] = Recent()  # a command's message id → our answer's id
        self.rerun_edits: Recent[int, bool] = Recent()  # commands already run again after an edit
        self.refusals = Refusals()
        self.turns = ChannelTurns()  # a few messages on their way per channel, the rest in a fair line
        self.suggestion_seconds = SUGGESTION_SECONDS  # how long "did you mean" buttons work
        self.live_suggestions: set[str] = set()
        self.command_limit = UserLimit(*config.command_rate)
        self.answer_messages = AnswerMessages()
        self._scopes: ByIdentity[GuildSettings, None, Scope] = ByIdentity(self._server_scope)
        self.permissions = BotPermissions()
        for event in CHANGING_EVENTS:
            self.add_listener(self._permissions_changed, f"on_{event}")
        self.add_check(self._within_command_rate, call_once=True)

    # Start-up -------------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        for name in self.extensions_to_load:
            await self.load_extension(name)
        if self.shard_count is None and self.config.gateway_url:
            # AutoShardedBot takes the gateway URL from Discord unless the count is known.
            self.shard_count, _, _ = await self.http.get_bot_gateway()
        if not self.config.message_content:
            log.info(
                "Running without the message-content intent: text commands work only when "
                "the bot is mentioned; slash commands always work."
            )
        self.report_missing_comparisons()
        _settle_long_lived_objects()

    async def on_ready(self) -> None:
        log.info(
            "Ready as %s in %d servers (shards: %s).",
            self.user,
            len(self.guilds),
            self.shard_ids or "all",
        )

    # Health and metrics -----------------------------------------------------------------------

    async def health(self) -> Health:
        """Healthy when every shard of this process is connected and the store answers."""
        shards = self.shards
        expected = self.shard_ids or range(self.shard_count or 1)
        problems = [f"shard {i} not connected" for i in expected if i not in shards or shards[i].is_closed()]
        if not await self.store.ping():
            problems.append("the settings store does not answer")
        return Health(tuple(problems))

    def keep_unanswered(self, guild: discord.abc.Snowflake | None, question: str) -> None:
        """Keep a question the knowledge base could not answer (see `bot.core.gaps.is_gap`), for
        the server's `/gaps` (unless the server turned `gaps` off; never from a DM). Written a
        moment later, with others (`SettingsStore.keep_unanswered`): a failure is logged and
        counted, never told to the member, who already has their answer."""
        if guild is None or not question.strip():
            return
        if self.settings_for(guild).gaps is Gaps.OFF:
            return
        self.store.keep_unanswered(UnansweredQuestion(guild.id, question, datetime.now(UTC)))

    def respond(
        self,
        guild: discord.abc.Snowflake | None,
        question: str,
        *,
        scope: Scope,
        context: Query | None,
        presentation: Presentation,
    ) -> tuple[Answer, Query | None]:
        """The answer to a question asked in a server (or a DM), and what its conversation
        remembers: the answer its staff taught when one matches the question better than the
        comparison does (`bot.core.taught.consult`), else the engine's. A server that taught
        nothing costs one dictionary lookup."""
        answer, remember = self.engine.respond(
            question, scope=scope, context=context, presentation=presentation
        )
        lessons = NO_LESSONS if guild is None else self.store.lessons(guild.id)
        taught = consult(lessons, question, lambda: self.engine.confidence(question, scope, context))
        return (answer, remember) if taught is None else (taught_answer(taught[0]), None)

    def refresh_shard_metrics(self) -> None:
        """Gateway latency and number of servers of each shard, for the next scrape."""
        guilds = Counter(guild.shard_id for guild in self.guilds)
        self.metrics.set_shards({i: (shard.latency, guilds[i]) for i, shard in self.shards.items()})

    def stop_with(self, exit_code: int) -> None:
        """Close the bot (soon: not from inside its own event handlers), then exit with this code."""
        self.exit_code = exit_code
        self._closing = asyncio.get_running_loop().create_task(self.close())  # kept: not collected midway

    # Settings and ownership -------------------------------------------------------------------

    @property
    def default_comparison(self) -> Comparison:
        """The comparison that answers where nothing picks another (VERSUS_COMPARISON)."""
        return self.engine.default

    def settings_for(self, guild: discord.abc.Snowflake | None) -> GuildSettings:
        """A server's settings from the store's in-memory cache (no I/O)."""
        return DEFAULTS if guild is None else self.store.cached(guild.id)

    def prefix_of(self, settings: GuildSettings) -> str:
        """The command prefix under a server's settings: its own, else VERSUS_PREFIX."""
        return settings.prefix or self.config.prefix

    def answering_comparison(self, guild: discord.abc.Snowflake | None) -> Comparison:
        """The comparison that answers in a server: its own if loaded, else the default."""
        return answering_comparison(self.settings_for(guild), self.engine.kb, self.default_comparison)

    def scope_for(self, guild: discord.abc.Snowflake | None) -> Scope:
        """The engine's scope for questions asked in a server (or a DM)."""
        return self.scope_of(self.settings_for(guild))

    def scope_of(self, settings: GuildSettings) -> Scope:
        """The engine's scope under a server's settings: worked out once per settings object
        (settings are immutable: a change replaces them) and engine."""
        return self._scopes.get(settings, None)

    def _server_scope(self, settings: GuildSettings, _: None) -> Scope:
        return server_scope(settings, self.engine.kb, self.default_comparison)

    async def is_owner(self, user: discord.abc.User) -> bool:
        return user.id in self.config.owner_ids or await super().is_owner(user)

    async def reload_knowledge(self) -> Engine:
        """Swap in a freshly loaded knowledge base; on KnowledgeError the old one stays. The
        files are read and indexed in a worker thread: answers go on meanwhile."""
        engine = await asyncio.to_thread(load_engine, self.config)
        gc.unfreeze()  # the old engine may be collected now
        self.engine = engine
        _settle_long_lived_objects(collect=True)
        self._scopes.clear()
        self.report_missing_comparisons()
        return self.engine

    def report_missing_comparisons(self) -> None:
        """One log line per comparison that servers chose but no loaded file has."""
        loaded = {c.id for c in self.engine.kb.comparisons}
        missing = Counter(
            s.comparison for s in self.store.servers().values() if s.comparison and s.comparison not in loaded
        )
        for comparison, servers in sorted(missing.items()):
            log.warning(
                "Comparison %r is not loaded: %d server(s) that chose it use %r until it is back "
                "or they choose another.",
                comparison,
                servers,
                self.default_comparison.id,
            )

    # Messages ---------------------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        ctx = self.message_context(message)
        if ctx.command is not None:
            await self.run_command(ctx)
        else:
            self.dispatch(FREE_FORM, ctx)

    async def on_message_edit(self, before: discord.Message, after: discord.Message) -> None:
        """An edited command runs again (as on most bots), under the same checks — once: its
        answer replaces the first run's; later edits of the same message are ignored."""
        if before.content == after.content or after.author.bot or self.rerun_edits.get(after.id):
            return
        ctx = self.message_context(after)
        if ctx.command is not None:
            self.rerun_edits.put(after.id, True)
            ctx.rerun = True
            await self.run_command(ctx)

    def message_context(self, message: discord.Message) -> VersusContext:
        """discord.py's `get_context` for a message, with nothing to await: after a prefix
        (see `read_command`) and any spaces, the first word names the command (in any case)."""
        me = self.user
        assert me is not None  # messages arrive only once logged in
        settings = self.settings_for(message.guild)
        typed = read_command(message.content, self.prefix_of(settings), me.id)
        command = None if typed is None else self.all_commands.get(typed.word)
        return VersusContext.of_message(self, message, settings, typed=typed, command=command)

    async def run_command(self, ctx: VersusContext) -> None:
        """A command typed in a message. An answer command (`answer_command`) is run here:
        the rate check, then its callback with the rest of the message as its text — all
        discord.py's invoke would do for it, without its argument parsing, converters and
        events. Any other command goes through discord.py's invoke."""
        command = ctx.command
        assert command is not None  # run only for messages that name one
        parameter = command.extras.get(DIRECT_TEXT)
        if parameter is None:
            await self.invoke(ctx)
            return
        typed = ctx.typed
        assert typed is not None  # contexts of messages that name a command have it
        await self.run_answer(ctx, {parameter: ctx.message.content[typed.rest_start :].strip() or None})

    async def run_answer(self, ctx: VersusContext, arguments: dict[str, Any]) -> None:
        """An answer command (`ctx.command`, typed or a slash command) with its `arguments`:
        the rate check, then its callback — all discord.py's invoke would do for it, without
        its parsing, converters, checks and events. Errors go to `command_error`."""
        command = ctx.command
        assert command is not None  # run only for contexts that name one
        retry_after = self.command_limit.retry_after(ctx.author.id)
        if retry_after:
            await ctx.notice_too_fast(retry_after, self.command_limit)
            return
        try:
            await command.callback(command.cog, ctx, **arguments)
        except Exception as exc:  # reported as discord.py's invoke reports it, with its traceback
            error = commands.CommandInvokeError(exc).with_traceback(exc.__traceback__)
            self.dispatch("command_error", ctx, error)

    async def _within_command_rate(self, ctx: VersusContext) -> bool:
        if _unmetered(ctx):
            return True
        retry_after = self.command_limit.retry_after(ctx.author.id)
        if retry_after:
            raise TooFast(retry_after)
        return True

    async def _permissions_changed(self, *_: object) -> None:
        self.permissions.forget()

    async def get_context(  # type: ignore[override]  # always a VersusContext
        self, origin: discord.Message | discord.Interaction, /, *, cls: type[VersusContext] = VersusContext
    ) -> VersusContext:
        if isinstance(origin, discord.Interaction) and cls is VersusContext and origin.message is None:
            return VersusContext.of_interaction(self, origin)  # a slash command
        return await super().get_context(origin, cls=cls)


class DirectSlashCommand(HybridAppCommand[Any, ..., None]):
    """A command's slash form run as the bot runs an answer command's prefix form
    (`Versus.run_answer`): its options go straight to the callback, after the rate check,
    without discord.py's checks, converters and command events."""

    async def _invoke_with_namespace(
        self, interaction: discord.Interaction, namespace: app_commands.Namespace
    ) -> None:
        options = namespace.__dict__
        if any(p.required and p.display_name not in options for p in self._params.values()):
            # A client with an out-of-date command: discord.py's own path says what is missing.
            await super()._invoke_with_namespace(interaction, namespace)
            return
        bot = cast(Versus, interaction.client)
        ctx = await bot.get_context(interaction)
        ctx.command = self.wrapped
        await bot.run_answer(ctx, {p.name: options.get(p.display_name) for p in self._params.values()})


def direct_slash(command: commands.HybridCommand[Any, ..., None]) -> commands.HybridCommand[Any, ..., None]:
    """`command`, its slash form run directly (`DirectSlashCommand`): for commands with no
    checks but the rate limit, whose options need no converting (text)."""
    command.app_command = DirectSlashCommand(command)
    return command


def _unmetered(ctx: VersusContext) -> bool:
    """Whether this command is one a server manager uses without counting toward the limit."""
    command = ctx.command
    root = None if command is None else command.root_parent or command
    return (
        root is not None
        and bool(root.extras.get(UNMETERED_FOR_MANAGERS))
        and ctx.guild is not None
        and ctx.permissions.manage_guild
    )


def prefixes(bot: Versus, message: discord.Message) -> list[str]:
    """A mention of the bot, or the server's own prefix (from the settings cache) in any case,
    as commands are (`V!stats` for `v!`)."""
    assert bot.user is not None  # messages arrive only once logged in
    return _prefixes(message.content, bot.prefix_of(bot.settings_for(message.guild)), bot.user.id)


def _prefixes(content: str, prefix: str, bot_id: int) -> list[str]:
    typed = content[: len(prefix)]
    return [*mention_prefixes(bot_id), typed if typed.casefold() == prefix.casefold() else prefix]


@functools.lru_cache(maxsize=COMMAND_CACHE_SIZE)
def read_command(content: str, prefix: str, bot_id: int) -> TypedCommand | None:
    """How discord.py reads a command in a message: the prefix it starts with (a mention of
    the bot, or `prefix` in any case), any spaces, then a word — the command's name. None when
    the message starts with no prefix. Cached: the same commands are typed again and again."""
    view = StringView(content)
    typed = next((p for p in _prefixes(content, prefix, bot_id) if view.skip_string(p)), None)
    if typed is None:
        return None
    view.skip_ws()
    word = view.get_word()
    return TypedCommand(typed, word, view.index, typed in mention_prefixes(bot_id))


@functools.cache
def mention_prefixes(user_id: int) -> tuple[str, ...]:
    """How a message starts when it mentions the bot `user_id` (with its space first)."""
    return f"<@{user_id}> ", f"<@!{user_id}> ", f"<@{user_id}>"


async def publish(bot: Versus, guild: discord.abc.Snowflake | None) -> list[app_commands.AppCommand]:
    """Sync the command tree globally, or copy it to one server and sync there (instant)."""
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    return await bot.tree.sync(guild=guild)
