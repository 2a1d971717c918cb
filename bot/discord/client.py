"""The Discord bot: start-up, prefixes, message routing and error handling.

`Versus` is an `AutoShardedBot`, so one process can run any set of shards. The engine, the
settings store and the metrics are built first and handed to it
(`Versus(config, engine=…, store=…, metrics=…)`); its `setup_hook` loads every extension in
`cogs/`. Replies can never ping anyone: `allowed_mentions` is none for the whole bot.
`serve_metrics` serves the bot's `/metrics` and `/healthz` while it runs, when configured.

A message takes the shortest way through (`on_message`): its command is read once per
distinct text (`read_command`); an answer command (`compare`, `pros`… — see
`bot.discord.context.answer_command`) runs straight from here with the rate check, without
discord.py's parser, converters and events; any other command (settings, owner, `ask`)
goes through discord.py's `invoke`; anything else goes to `free_form` (cogs/questions.py).
What each message needs again — the bot's permissions per channel, the scope per settings,
the message per answer — is kept, and dropped when what it depends on changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import pkgutil
import signal
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands
from discord.ext.commands.view import StringView
from discord.http import Route

import cogs
from bot.core.answer import echo
from bot.core.conversation import Conversations
from bot.core.engine import Engine, UnknownComparison
from bot.core.gaps import UnansweredQuestion
from bot.core.knowledge import Comparison, KnowledgeError, load_knowledge
from bot.core.query import Query, Scope
from bot.core.settings import (
    Gaps,
    GuildSettings,
    SettingError,
    Visibility,
    answering_comparison,
    server_scope,
)
from bot.discord.context import (
    DIRECT_TEXT,
    AnswerMessages,
    NoSuchComparison,
    NotServerManager,
    TypedCommand,
    VersusContext,
    uses_embeds,
)
from bot.discord.embeds import message_parts
from bot.discord.guards import ByIdentity, Recent, Refusals, UserLimit
from bot.discord.permissions import CHANGING_EVENTS, BotPermissions
from bot.discord.suggestions import SUGGESTION_SECONDS
from bot.discord.target import point_discord_at
from bot.ops.config import Config, ConfigError
from bot.ops.logs import configure_logging
from bot.ops.metrics import Health, Metrics
from bot.storage import detached_store, open_store
from bot.storage.base import DEFAULTS, SettingsStore, ShardConflict, StoreError, StoreUnavailable

if TYPE_CHECKING:
    from bot.ops.metrics_server import MetricsServer

log = logging.getLogger("versus")

EXIT_OK = 0
EXIT_BAD_KNOWLEDGE = 1
EXIT_BAD_CONFIG = 2  # a missing or rejected token too, and shards another process runs
EXIT_INTENT_REFUSED = 3
EXIT_BAD_STORE = 4
EXIT_DISCORD_REFUSED = 5
EXIT_DISCORD_UNREACHABLE = 6
APOLOGY = "Sorry, something went wrong on my side. It has been logged; please try again."
COOLDOWN_NOTICE = "You're going faster than I can keep up — give me {seconds:.0f}s and try again."


ConversationKey = tuple[int, int]
FreeFormHandler = Callable[[VersusContext], Awaitable[None]]
COMMAND_CACHE_SIZE = 1024  # messages read for a command, kept (see `read_command`): ≤ 2 MB of text


class TooFast(commands.CheckFailure):
    """A user ran more commands than VERSUS_COMMAND_RATE allows."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("too many commands")
        self.retry_after = retry_after


def extension_names() -> list[str]:
    """Every module in `cogs/` (each has `async def setup(bot)`)."""
    return [
        f"{cogs.__name__}.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_")
    ]


def build_intents(config: Config) -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = config.message_content
    return intents


def load_engine(config: Config) -> Engine:
    """An engine over the knowledge base at VERSUS_KNOWLEDGE, answering by default from
    VERSUS_COMPARISON (which must be loaded) or the first file."""
    kb = load_knowledge(config.knowledge_path)
    try:
        return Engine(kb, default_comparison=config.default_comparison)
    except UnknownComparison as exc:
        raise KnowledgeError(config.knowledge_path, None, "VERSUS_COMPARISON", str(exc)) from None


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
        self, config: Config, *, engine: Engine, store: SettingsStore, metrics: Metrics, **options: Any
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
        self.metrics = metrics  # served by `serve_metrics` when VERSUS_METRICS_PORT is set
        store.on_failed_write = metrics.store_failed  # unanswered questions it could not write
        # In memory only, each bounded: forgotten on restart, flat however many people talk.
        self.conversations = Conversations()  # (channel, user) → the last question, for follow-ups
        self.answered: Recent[int, Query] = Recent()  # our answer's message id → its question
        self.answers_to: Recent[int, int] = Recent()  # a command's message id → our answer's id
        self.rerun_edits: Recent[int, bool] = Recent()  # commands already run again after an edit
        self.refusals = Refusals()
        self.store_problems: Recent[str, bool] = Recent()  # store failures already logged
        self.suggestion_seconds = SUGGESTION_SECONDS  # how long "did you mean" buttons work
        self.command_limit = UserLimit(*config.command_rate)
        # Who answers messages that name no command (cogs/questions.py sets it).
        self.free_form: FreeFormHandler | None = None
        self.answer_messages = AnswerMessages()
        self._scopes: ByIdentity[GuildSettings, None, Scope] = ByIdentity(self._server_scope)
        self.permissions = BotPermissions()
        for event in CHANGING_EVENTS:
            self.add_listener(self._permissions_changed, f"on_{event}")
        self.add_check(self._within_command_rate, call_once=True)

    # Start-up -------------------------------------------------------------------------------

    async def setup_hook(self) -> None:
        for name in extension_names():
            await self.load_extension(name)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
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

    def reload_knowledge(self) -> Engine:
        """Swap in a freshly loaded knowledge base; on KnowledgeError the old one stays."""
        gc.unfreeze()  # the old engine may be collected now
        try:
            self.engine = load_engine(self.config)
        finally:
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
        elif self.free_form is not None:
            await self.free_form(ctx)

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
        typed = read_command(message.content, settings.prefix or self.config.prefix, me.id)
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
        retry_after = self.command_limit.retry_after(ctx.author.id)
        if retry_after:
            await self.notice_too_fast(ctx, retry_after, self.command_limit)
            return
        typed = ctx.typed
        assert typed is not None  # contexts of messages that name a command have it
        text = ctx.message.content[typed.rest_start :].strip() or None
        try:
            await command.callback(command.cog, ctx, **{parameter: text})
        except Exception as exc:  # reported as discord.py's invoke reports it, with its traceback
            await self.on_command_error(
                ctx, commands.CommandInvokeError(exc).with_traceback(exc.__traceback__)
            )

    async def _within_command_rate(self, ctx: VersusContext) -> bool:
        retry_after = self.command_limit.retry_after(ctx.author.id)
        if retry_after:
            raise TooFast(retry_after)
        return True

    async def _permissions_changed(self, *_: object) -> None:
        self.permissions.forget()

    def remember(self, key: ConversationKey, sent: discord.Message | None, query: Query | None) -> None:
        """Keep `query` as the context of conversation `key` and of our answer `sent` (None:
        keep what the conversation had, e.g. after "thanks")."""
        context = self.conversations.remember(key, query)
        if sent is not None and context is not None:
            self.answered.put(sent.id, context)

    def context_for(self, ctx: VersusContext) -> Query | None:
        """The question a follow-up refers to: that of the answer it replies to (whoever
        replies, however late), else the asker's conversation in this channel."""
        reference = ctx.message.reference
        replied = self.answered.get(reference.message_id) if reference and reference.message_id else None
        return replied or self.conversations.recall(conversation_key(ctx.channel.id, ctx.author.id))

    async def answer_button(self, interaction: discord.Interaction, question: str) -> None:
        """A suggestion button clicked by its asker: the suggested question, answered in the
        server's style and visibility, as part of the asker's conversation."""
        started = time.perf_counter()
        key = conversation_key(interaction.channel_id or 0, interaction.user.id)
        scope = self.scope_for(interaction.guild)
        answer, query = self.engine.respond(question, scope=scope, context=self.conversations.recall(key))
        seconds = time.perf_counter() - started
        settings = self.settings_for(interaction.guild)
        parts = message_parts(answer, as_embed=uses_embeds(settings, interaction.app_permissions.embed_links))
        response = await interaction.response.send_message(
            **parts, ephemeral=settings.visibility is Visibility.PRIVATE
        )
        self.metrics.answered(answer.kind, "button", seconds)
        sent = response.resource if isinstance(response.resource, discord.InteractionMessage) else None
        self.remember(key, sent, query)

    async def get_context(  # type: ignore[override]  # always a VersusContext
        self, origin: discord.Message | discord.Interaction, /, *, cls: type[VersusContext] = VersusContext
    ) -> VersusContext:
        return await super().get_context(origin, cls=cls)

    # Errors ---------------------------------------------------------------------------------

    async def on_command_error(  # type: ignore[override]  # get_context makes every context one
        self, ctx: VersusContext, error: commands.CommandError
    ) -> None:
        if isinstance(error, commands.CommandNotFound):
            return
        cause = root_cause(error)
        if isinstance(cause, TooFast):
            await self.notice_too_fast(ctx, cause.retry_after, self.command_limit)
            return
        if isinstance(cause, discord.Forbidden):
            log.warning("Missing permission to answer in channel %s: %s", ctx.channel.id, cause.text)
            return
        message = user_error_message(ctx, error)
        if message is None:
            command = ctx.command.qualified_name if ctx.command else "?"
            log.error("Command %s failed", command, exc_info=error)
            message = APOLOGY
        try:
            await ctx.tell(message)
        except discord.HTTPException:
            log.warning("Could not tell %s about an error in %s", ctx.author.id, ctx.channel.id)

    async def notice_too_fast(self, ctx: VersusContext, retry_after: float, limit: UserLimit) -> None:
        """Tell a flooding user once per window, then stay quiet (a slash command, which
        must be answered, always gets the private notice)."""
        if limit.should_notice(ctx.author.id, retry_after) or ctx.interaction is not None:
            with contextlib.suppress(discord.HTTPException):
                await ctx.tell(COOLDOWN_NOTICE.format(seconds=max(retry_after, 1)))

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Errors of slash commands that never reached a hybrid command (e.g. unknown ids)."""
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            name = (
                error.name
                if isinstance(error, app_commands.CommandNotFound)
                else error.command.qualified_name
            )
            log.warning(
                "Slash command %r is out of date: run the sync command to publish current ones.", name
            )
            text = "That command is out of date. Try `/help`; the bot owner can run `sync`."
        else:
            log.error("Slash command failed", exc_info=error)
            text = APOLOGY
        send = (
            interaction.followup.send if interaction.response.is_done() else interaction.response.send_message
        )
        try:
            await send(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("Could not answer interaction %s", interaction.id)


def conversation_key(channel_id: int, user_id: int) -> ConversationKey:
    """Whose conversation a question belongs to: (channel, user) — a DM is one channel."""
    return channel_id, user_id


def root_cause(error: Exception) -> Exception:
    """The exception inside discord.py's hybrid, prefix and slash invocation wrappers."""
    while isinstance(
        error, commands.HybridCommandError | commands.CommandInvokeError | app_commands.CommandInvokeError
    ):
        error = error.original
    return error


def user_error_message(ctx: VersusContext, error: Exception) -> str | None:
    """What to tell a user whose command failed through their own doing; None if it's ours."""
    error = root_cause(error)
    if isinstance(error, SettingError | NotServerManager | NoSuchComparison | commands.NoPrivateMessage):
        return str(error)
    if isinstance(error, commands.NotOwner):
        return "Only the bot's owner can do that."
    if isinstance(error, commands.ChannelNotFound | commands.BadUnionArgument):  # our unions are channels
        return f"I can't find that channel in this server: name one as #channel. Usage: `{_usage(ctx)}`"
    if isinstance(error, commands.BadArgument | app_commands.TransformerError):
        return f"I couldn't understand that argument: {echo(str(error))} Usage: `{_usage(ctx)}`"
    if isinstance(error, commands.UserInputError):
        return f"Missing or extra input. Usage: `{_usage(ctx)}`"
    if isinstance(error, commands.CheckFailure):
        return "You can't use that command here."
    if isinstance(error, StoreError):  # unreachable or failed: every attempt counts
        ctx.bot.metrics.store_failed()
    if isinstance(error, StoreUnavailable):
        return (
            "I couldn't save that: the settings database is unreachable right now. Nothing changed; "
            "try again in a minute."
        )
    if isinstance(error, StoreError):
        if ctx.bot.store_problems.get(str(error)) is None:  # each problem once, not per attempt
            ctx.bot.store_problems.put(str(error), True)
            log.error("Settings store failed: %s", error)
        return (
            "I couldn't save that: the settings database has a problem. The owner has been told in the logs."
        )
    return None


def _usage(ctx: VersusContext) -> str:
    return (
        f"{ctx.clean_prefix}{ctx.command.qualified_name} {ctx.command.signature}".strip()
        if ctx.command
        else ""
    )


def prefixes(bot: Versus, message: discord.Message) -> list[str]:
    """A mention of the bot, or the server's own prefix (from the settings cache) in any case,
    as commands are (`V!stats` for `v!`)."""
    assert bot.user is not None  # messages arrive only once logged in
    prefix = bot.settings_for(message.guild).prefix or bot.config.prefix
    return _prefixes(message.content, prefix, bot.user.id)


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


# Running ----------------------------------------------------------------------------------------


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
        Versus(config, engine=engine, store=store, metrics=Metrics()) as bot,
        serve_metrics(bot),
    ):
        await store.claim_shards(config.shard_count, config.shard_ids)
        try:
            await bot.start(config.token or "")
        except asyncio.CancelledError:
            log.info("Stopping on a signal.")
    return bot.exit_code


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
    bot = Versus(config, engine=load_engine(config), store=detached_store(config.db_path), metrics=Metrics())
    async with bot:
        await bot.login(config.token or "")
        synced = await publish(bot, discord.Object(guild_id) if guild_id else None)
    where = f"to server {guild_id}" if guild_id else "globally"
    print(f"Published {len(synced)} slash commands {where}.")
    return EXIT_OK


async def publish(bot: Versus, guild: discord.abc.Snowflake | None) -> list[app_commands.AppCommand]:
    """Sync the command tree globally, or copy it to one server and sync there (instant)."""
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    return await bot.tree.sync(guild=guild)
