"""The structured form of a question: what is asked (the intent) and about what.

Data flows one way: text → `Query` (bot.core.engine) → `Answer` (bot.core.compose) → rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from bot.core.knowledge import Fact, Item, LaterNote
from bot.core.matching import EntityKind


class Intent(StrEnum):
    COMPARE = "compare"
    PROS = "pros"
    CONS = "cons"
    PROS_AND_CONS = "pros_and_cons"
    ABOUT = "about"
    STATS = "stats"
    HELP = "help"
    FACT = "fact"
    RECOMMEND = "recommend"
    CONCLUSION = "conclusion"
    UNKNOWN = "unknown"  # the user named something the knowledge base does not have
    NOT_COVERED = "not_covered"  # about the comparison, but the source does not answer it
    OFF_TOPIC = "off_topic"
    CHAT = "chat"  # greetings, thanks, small talk
    WHY = "why"  # the reasoning behind the previous answer
    SOURCE = "source"  # where the previous answer comes from


def hash_once(value: object) -> int:
    """The `__hash__` of a frozen dataclass that keys caches on every message: its fields'
    hash (as dataclasses compute it), worked out on first use and kept on the instance."""
    kept: int | None = value.__dict__.get("_hash")
    if kept is None:
        kept = hash(tuple(getattr(value, f.name) for f in fields(value)))  # type: ignore[arg-type]
        object.__setattr__(value, "_hash", kept)  # frozen: the one attribute ever added
    return kept


QUALIFIER = ":"  # `keras-vs-mxnet:keras`: a key qualified by its comparison (slash choice values)


@dataclass(frozen=True)
class Scope:
    """Where a question is asked, as far as it bears on which comparison answers.

    The comparison is picked first: `comparison` (chosen explicitly: a slash option,
    `--comparison`), else one whose library the text names, else `server_comparison` (the
    server's setting), else the knowledge base's default. `default_library` (a library key of
    the server's comparison) fills in a missing library for pros, cons and about.
    """

    comparison: str | None = None
    server_comparison: str | None = None
    default_library: str | None = None

    __hash__ = hash_once


ANYWHERE = Scope()


@dataclass(frozen=True)
class Query:
    """What the user asked, resolved against the knowledge base."""

    intent: Intent
    comparison: str
    text: str = ""
    libraries: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    items: tuple[tuple[str, Item], ...] = ()  # (library key, pro/con) matched by a question
    recommended: str | None = None
    metrics: tuple[str, ...] = ()  # statistics asked about; empty = all
    unknown: str | None = None  # the user's words that named nothing we know (NOT_COVERED: the question)
    lacking: tuple[str, ...] = ()  # NOT_COVERED: the question's words the source says nothing of
    unknown_kind: EntityKind | None = None
    suggestions: tuple[str, ...] = ()
    fact_elsewhere: bool = False  # the fact asked about exists only for another library
    current: bool = False  # asks about today: later notes on what is answered are shown
    chat: str | None = None  # the kind of chat (a cue name) for Intent.CHAT
    previous: Query | None = None  # what a WHY or SOURCE follow-up refers to
    notes: tuple[LaterNote, ...] = ()  # later notes whose keywords the question uses
    evidence: tuple[str, ...] = ()  # the source's sentences that answer it: a short answer keeps them
    origins: bool = False  # asks where figures come from ("who ran that survey?")

    __hash__ = hash_once

    @property
    def resolved(self) -> bool:
        """A question about something in the knowledge, worth remembering for follow-ups."""
        return self.intent not in UNRESOLVED


UNRESOLVED = frozenset({Intent.HELP, Intent.OFF_TOPIC, Intent.CHAT, Intent.UNKNOWN})
