"""What keeps Versus from flooding a channel or being refused again and again.

- `UserLimit`: a per-user rate (questions, commands) that tells a user once per window that
  they are going too fast, then stays silent until the window ends.
- `Refusals`: channels where Discord refused (or would refuse) our messages; nothing is sent
  there for a while, and each refusal is logged once.
- `Recent`: a bounded map, least recently used first out (answers → what they answered).
- `ByIdentity`: values worked out from immutable objects (settings, answers), kept by the
  object's identity: nothing large is hashed on every message.

All of it lives in memory only and is bounded, so it stays flat however many users talk.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

log = logging.getLogger("versus")

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")
W = TypeVar("W", bound=Hashable)

RECENT_CAPACITY = 10_000
REFUSAL_SECONDS = 600.0
SWEEP_SIZE = 1_000  # users kept before ended windows are swept


class Recent(Generic[K, V]):
    """A map of at most `capacity` entries; the least recently used goes first."""

    def __init__(self, capacity: int = RECENT_CAPACITY) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        entries = self._entries
        entries[key] = value
        entries.move_to_end(key)
        if len(entries) > self.capacity:  # one in, at most one out
            entries.popitem(last=False)


class ByIdentity(Generic[T, W, V]):
    """`make(obj, variant)` for objects that never change, kept by (the object's identity,
    `variant`). Each entry keeps its object alive, so an id in the map cannot come to name
    another object; past `capacity` entries the map starts again (cheaper than an LRU)."""

    def __init__(self, make: Callable[[T, W], V], capacity: int = RECENT_CAPACITY) -> None:
        self.capacity = capacity
        self._make = make
        self._entries: dict[tuple[int, W], tuple[T, V]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, obj: T, variant: W) -> V:
        key = (id(obj), variant)
        kept = self._entries.get(key)
        if kept is None or kept[0] is not obj:
            if len(self._entries) >= self.capacity:
                self._entries.clear()
            kept = self._entries[key] = (obj, self._make(obj, variant))
        return kept[1]

    def clear(self) -> None:
        """Forget every value (what `make` works from has changed)."""
        self._entries.clear()


class UserLimit:
    """At most `rate` uses per `per` seconds per user (a window opens at a user's first use);
    past it, one notice per window. Windows that ended are swept away as the map grows, so
    each use costs the same however many users there are."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._windows: dict[int, tuple[float, int]] = {}  # user id → (window start, uses in it)
        self._sweep_above = SWEEP_SIZE
        self._noticed_until: dict[int, float] = {}  # user id → end of the window they were told about

    def __len__(self) -> int:
        """Users whose window is kept (ended ones until the next sweep)."""
        return len(self._windows)

    def retry_after(self, user_id: int) -> float:
        """0 (and the use counted) if the user may go on, else the seconds to wait."""
        now = self._clock()
        window = self._windows.get(user_id)
        if window is not None and now - window[0] < self.per:
            start, used = window
            if used >= self.rate:
                return start + self.per - now
            self._windows[user_id] = (start, used + 1)
            return 0.0
        self._windows[user_id] = (now, 1)  # a new window: the only way the map grows
        if len(self._windows) > self._sweep_above:
            self._sweep(now)
        return 0.0

    def _sweep(self, now: float) -> None:
        self._windows = {u: w for u, w in self._windows.items() if now - w[0] < self.per}
        self._sweep_above = max(SWEEP_SIZE, 2 * len(self._windows))

    def should_notice(self, user_id: int, retry_after: float) -> bool:
        """True once per window: the first refusal is told, the rest are silent."""
        now = self._clock()
        if self._noticed_until.get(user_id, 0.0) > now:
            return False
        self._noticed_until = {u: t for u, t in self._noticed_until.items() if t > now}
        self._noticed_until[user_id] = now + retry_after
        return True


class Refusals:
    """Channels we may not write to. A refusal by Discord holds the channel for `seconds`
    (nothing is sent there meanwhile); a missing permission, seen before sending, holds
    nothing (it is checked every time, for free). Either is logged once per channel per window."""

    def __init__(self, seconds: float = REFUSAL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._held: Recent[int, float] = Recent()
        self._logged: Recent[int, float] = Recent()

    def refused(self, channel_id: int) -> bool:
        """Whether Discord refused a message in this channel less than `seconds` ago."""
        return len(self._held) > 0 and self._active(self._held, channel_id)

    def refuse(self, channel_id: int, why: str, *, hold: bool) -> None:
        """Log (once per window) that we may not send here; `hold`: skip the channel meanwhile."""
        until = self._clock() + self.seconds
        if hold:
            self._held.put(channel_id, until)
        if self._active(self._logged, channel_id):
            return
        self._logged.put(channel_id, until)
        minutes = self.seconds / 60
        log.warning(
            "Not answering in channel %s (logged once per %.0f minutes): %s", channel_id, minutes, why
        )

    def _active(self, stamps: Recent[int, float], channel_id: int) -> bool:
        until = stamps.get(channel_id)
        return until is not None and until > self._clock()
