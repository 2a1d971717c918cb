"""Conversation memory: the last resolved question of each conversation, for follow-ups,
and the question each answer sent answered, for replies to it.

A conversation is whatever a front end says it is — (channel, user) in Discord
(`conversation_key`), a console session, a `--jsonl` conversation id. A reply to one of the
bot's answers refers to that answer's question, whoever replies and however late (as long as
it is kept). Memory is in this process only, never on disk: a conversation lasts `ttl`
seconds, and at most `capacity` conversations and `capacity` answers are kept (the least
recently used goes first), so memory stays flat however many people talk.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from bot.core.query import Query

TTL_SECONDS = 600.0
CAPACITY = 10_000


EVERYONE = 0  # the user id of a conversation shared by everyone in its channel (a thread of ours)


def conversation_key(channel_id: int, user_id: int) -> tuple[int, int]:
    """Whose conversation a question belongs to in Discord: (channel, user) — a DM is one
    channel; a thread Versus opened on a question is one conversation (user EVERYONE)."""
    return channel_id, user_id


class Conversations:
    """Per-conversation context with expiry and a size cap. Not thread-safe (one event loop)."""

    def __init__(
        self,
        ttl: float = TTL_SECONDS,
        capacity: int = CAPACITY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Query]] = OrderedDict()
        # (where it was sent, its id) → the question an answer answered
        self._answered: OrderedDict[tuple[Hashable, int], Query] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def recall(self, key: Hashable) -> Query | None:
        """The conversation's last question, unless it is older than the TTL."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        stamp, query = entry
        if self._clock() - stamp > self.ttl:
            del self._entries[key]
            return None
        return query

    def remember(
        self, key: Hashable, query: Query | None, answer: tuple[Hashable, int] | None = None
    ) -> Query | None:
        """Keep `query` as the conversation's context (None keeps what it had, fresher) and,
        with `answer` (where it was sent, its id), as the question of that answer. Returns
        the context kept (None: there is none)."""
        if query is None:
            query = self.recall(key)
            if query is None:
                return None
        entries = self._entries
        entries[key] = (self._clock(), query)
        entries.move_to_end(key)
        if len(entries) > self.capacity:  # one in, at most one out
            entries.popitem(last=False)
        if answer is not None:
            answered = self._answered
            answered[answer] = query
            if len(answered) > self.capacity:
                answered.popitem(last=False)
        return query

    def context_for(self, key: Hashable, replied_to: tuple[Hashable, int] | None = None) -> Query | None:
        """The question a follow-up refers to: that of the answer it replies to (`replied_to`:
        where the reply is, and the id it replies to — an answer sent elsewhere is no context
        here), else the conversation's last one."""
        if replied_to is not None and replied_to in self._answered:
            self._answered.move_to_end(replied_to)
            return self._answered[replied_to]
        return self.recall(key)
