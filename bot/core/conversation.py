"""Conversation memory: the last resolved question of each conversation, for follow-ups.

A conversation is whatever a front end says it is — (channel, user) in a server, a DM, a
console session, a `--jsonl` conversation id. Memory is in this process only, never on disk:
each entry lasts `ttl` seconds and at most `capacity` conversations are kept (the least
recently used goes first), so memory stays flat however many people talk.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from bot.core.query import Query

TTL_SECONDS = 600.0
CAPACITY = 10_000


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

    def remember(self, key: Hashable, query: Query | None) -> Query | None:
        """Keep `query` as the conversation's context; None keeps what it had (fresher).
        Returns the context kept (None: there is none)."""
        if query is None:
            query = self.recall(key)
            if query is None:
                return None
        entries = self._entries
        entries[key] = (self._clock(), query)
        entries.move_to_end(key)
        if len(entries) > self.capacity:  # one in, at most one out
            entries.popitem(last=False)
        return query
