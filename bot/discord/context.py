"""Discord-side helpers every cog shares: the command context, permission checks and
autocomplete sources.

`VersusContext` knows the server's settings (from the store's cache) and the scope they give
the engine, and sends an engine `Answer` the way the server wants it: embed or text, public
or ephemeral, counting it in the bot's metrics by the way the question came in (`entry`),
and remembering its question as the asker's conversation (for follow-ups and replies).
What it needs of the bot it runs in is `Host` (bot/discord/client.py's `Versus` is one).

Autocomplete lists the names of one comparison only — the one the user picked in the
command's `comparison` option, else the server's — and each choice's value carries its
comparison (`comparison:key`), so no two choices share a value.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import replace
from typing import Any, NamedTuple, Protocol, cast

import discord
from discord import app_commands
from discord.ext import commands
from discord.ext.commands.view import StringView

from bot.core.answer import CONTENT_LIMIT, Answer, clip
from bot.core.conversation import EVERYONE, Conversations, conversation_key
from bot.core.engine import Engine
from bot.core.gaps import is_gap
from bot.core.knowledge import Comparison, KnowledgeBase, find_comparison, loaded_comparisons
from bot.core.matching import MAX_CHOICES, EntityKind
from bot.core.query import QUALIFIER, Query, Scope
from bot.core.settings import GuildSettings, Presentation, Style, Visibility
from bot.discord.embeds import message_parts
from bot.discord.feedback import feedback_view, plain_vote_buttons
from bot.discord.guards import ByIdentity, ChannelTurns, Recent, Refusals, Turn, UserLimit
from bot.discord.permissions import BotPermissions, ChannelRights
from bot.discord.suggestions import Suggestion, SuggestionButtons
from bot.ops.metrics import Entry, Metrics
from bot.storage.base import SettingsStore

MAX_CHOICE_NAME = 100

CommandMethod = Callable[..., Coroutine[Any, Any, None]]
CommandDecorator = Callable[[CommandMethod], commands.HybridCommand[Any, ..., None]]
GroupDecorator = Callable[[CommandMethod], commands.HybridGroup[Any, ..., None]]
DIRECT_TEXT = "versus.direct_text"  # extras key: see `answer_command`
# extras key of a command (or group) that members who may manage the server use without
# counting toward the command limit: an admin configuring a server sends many in a row.
UNMETERED_FOR_MANAGERS = "versus.unmetered_for_managers"
COMPARISON_OPTION = "Which comparison answers (suggestions as you type); empty: this server's"
COOLDOWN_NOTICE = "You're going faster than I can keep up — give me {seconds:.0f}s and try again."
BUSY_NOTICE = "Too many questions here at once: I skipped some. Ask again in a moment."


class TypedCommand(NamedTuple):
    """A command as typed at the start of a message: its `prefix` (as typed), the `word` after
    it (the command's name), where the rest of the message starts, and whether the prefix is
    a mention of the bot."""

    prefix: str
    word: str
    rest_start: int
    by_mention: bool


class NotServerManager(commands.CheckFailure):
    """The member lacks Manage Server."""


class TooFast(commands.CheckFailure):
    """A user ran more commands than VERSUS_COMMAND_RATE allows."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("too many commands")
        self.retry_after = retry_after


class Host(Protocol):
    """What a context, and the helpers of this module, need of the bot they run in."""

    engine: Engine
    store: SettingsStore
    metrics: Metrics
    conversations: Conversations
    permissions: BotPermissions
    refusals: Refusals
    turns: ChannelTurns  # a few messages on their way per channel, the rest in a fair line
    answers_to: Recent[int, int]  # a command's message id → our answer's id (edited commands)
    answer_messages: AnswerMessages
    suggestion_seconds: float
    live_suggestions: set[str]  # custom_ids of the suggestion buttons that still work

    @property
    def user(self) -> discord.ClientUser | None: ...

    def settings_for(self, guild: discord.abc.Snowflake | None) -> GuildSettings: ...

    def scope_of(self, settings: GuildSettings) -> Scope: ...

    def answering_comparison(self, guild: discord.abc.Snowflake | None) -> Comparison: ...

    def keep_unanswered(self, guild: discord.abc.Snowflake | None, question: str) -> None: ...


class NoSuchComparison(commands.BadArgument):
    """A comparison option that names no loaded comparison; the message lists the loaded ones."""


class VersusContext(commands.Context[commands.AutoShardedBot]):
    rerun = False  # an edited command run again: its answer replaces the first run's
    typed: TypedCommand | None = None  # in a message: its command as typed (`of_message`)
    # What discord.py's constructor sets to None or False, for contexts made by `of_message`
    # (discord.py's own contexts set them on the instance).
    invoked_subcommand = None
    subcommand_passed = None
    command_failed = False
    current_parameter = None
    current_argument = None
    interaction = None

    @classmethod
    def of_message(
        cls,
        bot: commands.AutoShardedBot,
        message: discord.Message,
        settings: GuildSettings,
        *,
        typed: TypedCommand | None,
        command: commands.Command[Any, ..., Any] | None,
    ) -> VersusContext:
        """What discord.py's `get_context` makes of `message`, its command read already
        (`typed`, see bot.discord.client.read_command) — and, set at once rather than worked out on
        first use, what every answer looks at: the message's server, channel and author, the
        server's `settings`.

        Most messages are answered, or ignored, without discord.py ever reading them: only
        what differs from message to message is set here. The rest of what discord.py's
        constructor sets is a class default (its Nones) or made on first use (its lists and
        dict, and `view`); tests/e2e/test_message_context.py checks that nothing is missing."""
        ctx = cls.__new__(cls)
        ctx.__dict__ = {
            "message": message,
            "bot": bot,
            "host": bot,
            "_state": message._state,
            "prefix": None if typed is None else typed.prefix,
            "invoked_with": None if typed is None else typed.word,
            "typed": typed,
            "command": command,
            "guild": message.guild,
            "channel": message.channel,
            "author": message.author,
            "settings": settings,
        }
        return ctx

    @classmethod
    def of_interaction(cls, bot: commands.AutoShardedBot, interaction: discord.Interaction) -> VersusContext:
        """What discord.py's `from_interaction` makes of a slash command — without its stand-in
        message, made only if something reads it (`message`): the invoker, server and channel
        come from the interaction."""
        ctx = cls.__new__(cls)
        command = interaction.command
        ctx.__dict__ = {
            "bot": bot,
            "host": bot,
            "_state": interaction._state,
            "interaction": interaction,
            "prefix": "/" if interaction.data is None or interaction.data.get("type", 1) == 1 else "\u200b",
            "invoked_with": None if command is None else command.name,
            "command": command,
            "command_failed": interaction.command_failed,
            "guild": interaction.guild,
            "author": interaction.user,
        }
        interaction._baton = ctx
        return ctx

    @discord.utils.cached_property
    def message(self) -> discord.Message:  # type: ignore[override]  # contexts of messages set it
        """A slash command's stand-in message (`of_interaction`), as discord.py makes it."""
        interaction = self.interaction
        assert interaction is not None  # contexts of messages have their message
        kind = (
            discord.MessageType.chat_input_command
            if self.prefix == "/"
            else discord.MessageType.context_menu_command
        )
        data: Any = {"id": interaction.id, "type": kind.value, "flags": 64}
        data |= {
            "content": "",
            "tts": False,
            "pinned": False,
            "mention_everyone": False,
            "edited_timestamp": None,
        }
        data |= {key: [] for key in ("reactions", "embeds", "mentions", "mention_roles", "attachments")}
        message = discord.Message(state=interaction._state, channel=self.channel, data=data)
        message.author = interaction.user
        message.attachments = [a for _, a in interaction.namespace if isinstance(a, discord.Attachment)]
        return message

    @discord.utils.cached_property
    def channel(self) -> discord.abc.MessageableChannel:
        """The message's channel; a slash command's (`of_interaction`) as its stand-in message has it."""
        interaction = self.interaction
        if interaction is None or "message" in self.__dict__:
            return self.message.channel
        return interaction.channel or discord.PartialMessageable(
            state=interaction._state, guild_id=interaction.guild_id, id=interaction.channel_id or 0
        )

    @discord.utils.cached_property
    def args(self) -> list[Any]:  # type: ignore[override]  # discord.py's contexts set their own
        return []

    @discord.utils.cached_property
    def kwargs(self) -> dict[str, Any]:  # type: ignore[override]
        return {}

    @discord.utils.cached_property
    def invoked_parents(self) -> list[str]:  # type: ignore[override]
        return []

    @discord.utils.cached_property
    def view(self) -> StringView:  # type: ignore[override]  # discord.py's contexts set their own
        """discord.py's reader of the message, past the command's name: made only when
        discord.py reads the message (`Versus.invoke`), not for the answers Versus runs itself."""
        view = StringView(self.message.content)
        if self.typed is not None:
            view.index, view.previous = self.typed.rest_start, self.typed.rest_start - len(self.typed.word)
        return view

    @discord.utils.cached_property
    def host(self) -> Host:
        """The bot, as what this context needs of it."""
        return cast(Host, self.bot)

    @discord.utils.cached_property
    def settings(self) -> GuildSettings:
        """The server's settings as this message or interaction found them (from the store's
        cache, once: a command reads them before it changes them)."""
        return self.host.settings_for(self.guild)

    @property
    def presentation(self) -> Presentation:
        """How the server wants answers said (how much they say)."""
        return self.settings.presentation

    @property
    def scope(self) -> Scope:
        """Where this command's questions are answered: the server's comparison and library."""
        return self.host.scope_of(self.settings)

    def scope_with(self, comparison: str | None) -> Scope:
        """`scope`, with the comparison the user chose in a slash option (None: none chosen)."""
        if comparison is None:
            return self.scope
        found = find_comparison(self.host.engine.kb, comparison)
        if found is None:
            raise NoSuchComparison(f"There is no such comparison. {loaded_comparisons(self.host.engine.kb)}")
        return replace(self.scope, comparison=found.id)

    @discord.utils.cached_property  # lock-free, unlike functools' in Python 3.11
    def rights(self) -> ChannelRights:
        """What the bot may do here, once per message: in a server's channel from the bot's
        cache of them (bot/discord/permissions.py), which discord.py would work out anew."""
        guild, channel = self.guild, self.channel
        if self.interaction is None and guild is not None:
            return self.host.permissions.in_channel(
                cast("discord.abc.GuildChannel | discord.Thread", channel)
            )
        return ChannelRights.of(super().bot_permissions, in_thread=isinstance(channel, discord.Thread))

    @discord.utils.cached_property  # as discord.py's, which `rights` fills in out of a server
    def bot_permissions(self) -> discord.Permissions:
        return self.rights.permissions

    @discord.utils.cached_property
    def mentioned(self) -> bool:
        """Whether the message mentions the bot (as its command's prefix, or anywhere)."""
        by_prefix = self.typed is not None and self.typed.by_mention
        return by_prefix or self.host.user in self.message.mentions

    @property
    def entry(self) -> Entry:
        """How the question came in: a slash command or the message menu; in a message,
        anything in a DM, a mention (command or question), a prefix command, or a question
        in an opted-in channel."""
        if self.interaction is not None:
            menu = isinstance(self.interaction.command, app_commands.ContextMenu)
            return "context_menu" if menu else "slash"
        if self.guild is None:
            return "dm"
        if self.command is not None:
            return "mention" if (self.prefix or "").startswith("<@") else "prefix"
        return "mention" if self.mentioned else "channel"

    @property
    def use_embeds(self) -> bool:
        """Embeds unless the server chose text or the bot may not embed links here."""
        return uses_embeds(self.settings, self.rights.embed)

    async def send_answer(
        self,
        answer: Answer,
        suggestions: tuple[Suggestion, ...] = (),
        *,
        question: str,
        remember: Query | None,
        seconds: float,
        feedback: bool = False,
    ) -> discord.Message | None:
        """Send the engine's answer to `question` in the server's style and visibility, with
        its suggestions as buttons for the asker and, with `feedback`, 👍/👎 for everyone.
        Once sent, it is counted with the `seconds` it took to understand and compose, and
        kept for `/gaps` if the knowledge base could not answer it. `remember` becomes the
        asker's conversation here and the question of the answer sent (None: the conversation
        keeps what it had, e.g. after "thanks")."""
        settings = self.settings
        as_embed = uses_embeds(settings, self.rights.embed)
        private = settings.visibility is Visibility.PRIVATE
        if suggestions:
            sent = await self._send_with_suggestions(answer, suggestions, feedback, as_embed, private)
        else:
            parts = self.host.answer_messages.parts(answer, as_embed=as_embed, feedback=feedback)
            sent = await self.deliver(parts, ephemeral=private)
        if sent is not None:
            self.host.metrics.answered(answer.kind, self.entry, seconds)
            if is_gap(answer.kind):
                self.host.keep_unanswered(self.guild, question)
        answered = None if sent is None else (self.channel.id, sent.id)
        self.host.conversations.remember(self.conversation, remember, answered)
        return sent

    @property
    def conversation(self) -> tuple[int, int]:
        """The asker's conversation: this channel and this member — or, in a thread Versus
        opened on a question, everyone in it."""
        channel, me = self.channel, self.host.user
        if isinstance(channel, discord.Thread) and me is not None and channel.owner_id == me.id:
            return conversation_key(channel.id, EVERYONE)
        return conversation_key(channel.id, self.author.id)

    def answer_in(self, thread: discord.Thread) -> None:
        """Answer in `thread` rather than the message's channel (its rights worked out anew)."""
        self.__dict__["channel"] = thread
        self.__dict__.pop("rights", None)

    @property
    def follow_up_context(self) -> Query | None:
        """The question a follow-up here refers to: that of the answer this message replies to
        (whoever replies, however late), else the asker's last question in this channel."""
        reference = None if self.interaction is not None else self.message.reference  # none on commands
        answer = (self.channel.id, reference.message_id) if reference and reference.message_id else None
        return self.host.conversations.context_for(self.conversation, answer)

    async def _send_with_suggestions(
        self,
        answer: Answer,
        suggestions: tuple[Suggestion, ...],
        feedback: bool,
        as_embed: bool,
        private: bool,
    ) -> discord.Message | None:
        view = SuggestionButtons(
            self.author.id,
            suggestions,
            timeout=self.host.suggestion_seconds,
            alive=self.host.live_suggestions,
            lasting=plain_vote_buttons(answer) if feedback else (),
        )
        parts = message_parts(answer, as_embed=as_embed) | {"view": view}
        view.message = await self.deliver(parts, ephemeral=private)
        if view.message is None:
            view.stop()
        return view.message

    async def notice_too_fast(self, retry_after: float, limit: UserLimit) -> None:
        """Tell a flooding user once per window, then stay quiet (a slash command, which
        must be answered, always gets the private notice)."""
        if limit.should_notice(self.author.id, retry_after) or self.interaction is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.tell(COOLDOWN_NOTICE.format(seconds=max(retry_after, 1)))

    async def tell(
        self, text: str | None = None, *, embed: discord.Embed | None = None
    ) -> discord.Message | None:
        """A short message to the invoker: ephemeral for slash commands, a reply otherwise."""
        content = None if text is None else clip(text, CONTENT_LIMIT)
        return await self.deliver({"content": content, "embed": embed}, ephemeral=True, reply=True)

    async def deliver(
        self, parts: Mapping[str, Any], *, ephemeral: bool = False, reply: bool = False
    ) -> discord.Message | None:
        """Send `parts` (`send`'s content, embed, view; read only) — unless Discord would
        refuse it here.

        Interactions are answered as usual. A message in a channel is sent only with the
        permission to send there (and not where Discord refused one recently); as a reply only
        with Read Message History (Discord refuses replies without it), else as a plain message;
        and in the channel's turn (`_send_in_turn`). A re-run (edited) command's answer
        replaces the answer to its first run.
        """
        if self.interaction is not None:
            return await self.send(**parts, ephemeral=ephemeral)
        if not self._may_send():
            return None
        earlier = self.host.answers_to.get(self.message.id) if self.rerun else None
        try:
            if earlier is not None:
                with contextlib.suppress(discord.NotFound):  # deleted meanwhile: send anew
                    return await self._replace(earlier, parts)
            if reply and self.rights.reply:
                parts = {**parts, "reference": self.message}
            sent = await self._send_in_turn(parts)
        except discord.Forbidden as exc:
            self.host.refusals.refuse(self.channel.id, exc.text or "refused by Discord", hold=True)
            return None
        if sent is not None:
            self.host.answers_to.put(self.message.id, sent.id)
        return sent

    async def _send_in_turn(self, parts: Mapping[str, Any]) -> discord.Message | None:
        """Send `parts` when their turn in the channel comes (`ChannelTurns`); None if they
        waited too long in a channel busier than Discord lets through — the busy notice goes
        instead, now and then."""
        turns, channel_id, user_id = self.host.turns, self.channel.id, self.author.id
        turn = Turn.SEND if turns.enter(channel_id, user_id) else await turns.wait(channel_id, user_id)
        if turn is not Turn.SEND:
            self.host.metrics.message_dropped()
        if turn is Turn.DROP:
            return None
        try:
            # Not `self.send`: commands.Context.send adds only the interaction case (`deliver`).
            if turn is Turn.SEND:
                return await discord.abc.Messageable.send(self, **parts)
            await discord.abc.Messageable.send(self, content=BUSY_NOTICE)
            return None
        finally:
            turns.release(channel_id)

    async def _replace(self, message_id: int, parts: Mapping[str, Any]) -> discord.Message:
        """Edit an earlier answer into this one (clearing what this one does not have)."""
        earlier = self.channel.get_partial_message(message_id)  # type: ignore[union-attr]  # text channels
        edit = {"content": None, "embed": None, "view": None, **parts}
        return await earlier.edit(**edit)

    def _may_send(self) -> bool:
        channel_id = self.channel.id
        if self.host.refusals.refused(channel_id):
            return False
        rights = self.rights
        if not rights.send:
            self.host.refusals.refuse(channel_id, f"the bot lacks {rights.lacking} there", hold=False)
        return rights.send


class AnswerMessages:
    """Recent answers as `send` arguments — embed or content, and with `feedback` the 👍/👎
    view — kept by the answer's identity (the engine hands out one `Answer` object per
    distinct answer). Building them costs more than anything else Versus does for a message
    it has answered before. Shared by every message that sends them: never change them."""

    def __init__(self) -> None:
        self._kept: ByIdentity[Answer, tuple[bool, bool], dict[str, Any]] = ByIdentity(_answer_message)

    def parts(self, answer: Answer, *, as_embed: bool, feedback: bool) -> dict[str, Any]:
        return self._kept.get(answer, (as_embed, feedback))


def _answer_message(answer: Answer, style: tuple[bool, bool]) -> dict[str, Any]:
    as_embed, feedback = style
    return message_parts(answer, as_embed=as_embed) | {"view": feedback_view(answer) if feedback else None}


def uses_embeds(settings: GuildSettings, may_embed: bool) -> bool:
    """Embeds unless the server chose text or the bot may not embed links there (`may_embed`)."""
    return settings.style is Style.EMBED and may_embed


async def require_server_manager(ctx: VersusContext) -> bool:
    """Only members with Manage Server, only in servers — for prefix and slash alike
    (settings, `/gaps`).

    `default_permissions` merely hides a slash command; this check is what enforces it.
    """
    if ctx.guild is None:
        raise commands.NoPrivateMessage("This command is about a server's Versus: use it in that server.")
    if not ctx.permissions.manage_guild:
        raise NotServerManager("You need the **Manage Server** permission to use this command.")
    return True


def may_teach(member: discord.abc.User, permissions: discord.Permissions, settings: GuildSettings) -> bool:
    """Whether a member may teach answers: Manage Server, or the server's teaching role."""
    if permissions.manage_guild:
        return True
    roles = getattr(member, "roles", ())
    return settings.teach_role is not None and any(role.id == settings.teach_role for role in roles)


def not_a_teacher(settings: GuildSettings) -> NotServerManager:
    """The refusal of a member who may not teach (the role is named as a mention: messages
    never ping)."""
    role = "" if settings.teach_role is None else f" or the <@&{settings.teach_role}> role"
    return NotServerManager(f"Only members with the **Manage Server** permission{role} can teach me answers.")


async def require_teacher(ctx: VersusContext) -> bool:
    """Only members who may teach (`may_teach`), only in servers — prefix and slash alike."""
    if ctx.guild is None:
        raise commands.NoPrivateMessage("This command is about a server's Versus: use it in that server.")
    if not may_teach(ctx.author, ctx.permissions, ctx.settings):
        raise not_a_teacher(ctx.settings)
    return True


# Command decorators -----------------------------------------------------------------------------
# discord.py's own hybrid decorators type their callback as a union of two `Concatenate`
# callables, which mypy cannot match a cog method against; these say the same thing simply.


def hybrid_command(**attrs: Any) -> CommandDecorator:
    """`commands.hybrid_command`: one definition, a prefix and a slash command."""
    return commands.hybrid_command(**attrs)


def answer_command(**attrs: Any) -> CommandDecorator:
    """A hybrid command whose prefix form the bot runs itself (`Versus.run_command`): it has no
    checks of its own, and its first keyword-only parameter, optional text, takes the rest of
    the message — the only parameter a prefix call fills (`!compare ease of use`). The name of
    that parameter is kept in the command's `extras` under DIRECT_TEXT."""

    def decorate(method: CommandMethod) -> commands.HybridCommand[Any, ..., None]:
        parameters = inspect.signature(method).parameters.values()
        text = next(p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY)
        return hybrid_command(extras={DIRECT_TEXT: text}, **attrs)(method)

    return decorate


def hybrid_group(**attrs: Any) -> GroupDecorator:
    """`commands.hybrid_group`."""
    return commands.hybrid_group(**attrs)


def subcommand(group: commands.HybridGroup[Any, ..., Any], **attrs: Any) -> CommandDecorator:
    """`group.command`: a subcommand of a hybrid group."""
    return group.command(**attrs)


def subgroup(group: commands.HybridGroup[Any, ..., Any], **attrs: Any) -> GroupDecorator:
    """`group.group`: a group inside a hybrid group."""
    return group.group(**attrs)


# Comparisons --------------------------------------------------------------------------------


def qualified(comparison: str, key: str) -> str:
    """A slash choice value that names its comparison: `comparison:key`."""
    return f"{comparison}{QUALIFIER}{key}"


# Autocomplete ---------------------------------------------------------------------------------


def bot_of(interaction: discord.Interaction) -> Host:
    """The bot an interaction came to (always a Versus: the only client these commands run in)."""
    return cast(Host, interaction.client)


def comparison_choices(kb: KnowledgeBase, current: str) -> list[app_commands.Choice[str]]:
    """Loaded comparisons whose id or title contains what was typed, shown by title."""
    wanted = current.strip().casefold()
    return [
        app_commands.Choice(name=clip(c.title, MAX_CHOICE_NAME), value=c.id)
        for c in kb.comparisons
        if wanted in c.id.casefold() or wanted in c.title.casefold()
    ][:MAX_CHOICES]


async def comparison_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return comparison_choices(bot_of(interaction).engine.kb, current)


def _scope_comparison(interaction: discord.Interaction) -> str:
    """The comparison an autocomplete lists: the one chosen in the command, else the server's."""
    bot = bot_of(interaction)
    chosen = interaction.namespace.comparison  # None when the command has no such option or it is empty
    found = find_comparison(bot.engine.kb, chosen) if isinstance(chosen, str) else None
    return (found or bot.answering_comparison(interaction.guild)).id


def _choices(
    interaction: discord.Interaction, current: str, kind: EntityKind
) -> list[app_commands.Choice[str]]:
    comparison = _scope_comparison(interaction)
    return [
        app_commands.Choice(
            name=clip(entity.name, MAX_CHOICE_NAME), value=qualified(entity.comparison, entity.key)
        )
        for entity in bot_of(interaction).engine.matcher.complete(current, kind, comparison)
    ]


async def aspect_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return _choices(interaction, current, EntityKind.ASPECT)


async def library_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return _choices(interaction, current, EntityKind.LIBRARY)
