"""What keeps Versus from flooding a channel or being refused again and again.

- `UserLimit`: a per-user rate (questions, commands) that tells a user once per window that
  they are going too fast, then stays silent until the window ends.
- `ChannelBudget` (and `ChannelTurns`, the same for coroutines): a few messages on their way
  per channel, the rest waiting in line, the members who asked least there first; what waits
  too long is dropped, and the channel is told once in a while. Discord paces each channel
  (5 messages per 5 s), and discord.py would queue the rest first come, first served: a
  flood would bury everyone else.
- `Refusals`: channels where Discord refused (or would refuse) our messages; nothing is sent
  there for a while, and each refusal is logged once.
- `Recent`: a bounded map, least recently used first out (answers → what they answered).
- `ByIdentity`: values worked out from immutable objects (settings, answers), kept by the
  object's identity: nothing large is hashed on every message.

All of it lives in memory only and is bounded, so it stays flat however many users talk.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

log = logging.getLogger("versus")

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")
W = TypeVar("W", bound=Hashable)

RECENT_CAPACITY = 10_000
REFUSAL_SECONDS = 600.0
SWEEP_SIZE = 1_000  # users (channels) kept before ended windows (idle channels) are swept
# Messages on their way per channel: one being sent while another waits out the channel's
# window in discord.py (Discord lets 5 per 5 s through). Any more would queue in discord.py,
# first come, first served, where its timers race into 429s (tests/hardening/
# test_channel_flood.py: 4 to 7 with 5 on their way, none with 2); past these, messages wait in
# our line instead.
SENDING_PER_CHANNEL = 2
# Answers waiting for a busy channel: Discord lets 5 messages per 5 s through, so an answer
# that waited longer than two of its windows comes after the conversation has moved on.
STALE_SECONDS = 10.0
# How long a member's messages that had to wait in a channel's line count against their
# place in it: longer than a flood lasts, so a flooder stays behind the others.
DEMAND_SECONDS = 60.0
BUSY_NOTICE_SECONDS = 60.0  # a channel is told at most once a minute that answers were dropped
# Messages waiting per channel: fifty times what Discord lets out within STALE_SECONDS, so
# only a flood comes near it (an admin's burst of settings on a busy machine reached 58);
# past it the least wanted is dropped at once, so a flood's memory and scans stay bounded.
WAITING_LIMIT = 500


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


class Turn(enum.Enum):
    """What becomes of a message waiting for its channel."""

    SEND = "send"  # it goes now (release its place once it has)
    NOTICE = "notice"  # dropped; the channel's busy notice goes in its place (then release)
    DROP = "drop"  # dropped


@dataclass(frozen=True)
class Waiting(Generic[T]):
    """A message in a channel's line: its `ticket`, whose it is, and since when it waits."""

    ticket: T
    user_id: int
    since: float


class _Line(Generic[T]):
    """One channel: messages on their way, who waits, what each member asked."""

    __slots__ = ("asked", "noticed_until", "sending", "sweep_above", "waiting")

    def __init__(self) -> None:
        self.sending = 0
        self.waiting: list[Waiting[T]] = []
        self.asked: dict[int, tuple[float, int]] = {}  # user id → (window start, messages waiting)
        self.sweep_above = SWEEP_SIZE
        self.noticed_until = 0.0


Decisions = list[tuple[T, Turn]]  # what becomes of the tickets a call settled


class ChannelBudget(Generic[T]):
    """At most `sending` messages on their way per channel; discord.py paces them (it sleeps
    once Discord says the channel's window is spent), and the rest wait here, in our order.

    `arrive` says whether a message may go at once; if not, it is counted for its member and
    `wait`s with a ticket. Each `release` (a message went, or failed) hands its place to the
    waiting message whose member had fewest waiting in the last `demand_seconds` (the
    earliest of those): a member asking once is answered before a hundred asking ten times.
    A channel with a place free (almost always) costs no clock and no counting. Messages that
    waited over `stale` seconds are dropped then; the first dropped after a quiet
    `notice_every` takes the place to post the channel's busy notice. Past `waiting_limit`,
    the least wanted message is dropped at once. Tickets are the caller's (`ChannelTurns`:
    futures).
    """

    def __init__(
        self,
        *,
        sending: int = SENDING_PER_CHANNEL,
        stale: float = STALE_SECONDS,
        demand_seconds: float = DEMAND_SECONDS,
        notice_every: float = BUSY_NOTICE_SECONDS,
        waiting_limit: int = WAITING_LIMIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sending = sending
        self.stale = stale
        self.demand_seconds = demand_seconds
        self.notice_every = notice_every
        self.waiting_limit = waiting_limit
        self._clock = clock
        self._lines: dict[int, _Line[T]] = {}
        self._sweep_above = SWEEP_SIZE

    def __len__(self) -> int:
        """Channels kept (idle ones until the next sweep)."""
        return len(self._lines)

    def arrive(self, channel_id: int, user_id: int) -> bool:
        """True if a message of `user_id`'s may go now (then `release` once it has gone);
        False if it must `wait` (and then it counts against the member's place in line)."""
        line = self._lines.get(channel_id)
        if line is None:
            if len(self._lines) >= self._sweep_above:
                self._sweep(self._clock())
            line = self._lines[channel_id] = _Line()
        if line.sending < self.sending and not line.waiting:
            line.sending += 1
            return True
        self._count(line, user_id, self._clock())
        return False

    def wait(self, channel_id: int, user_id: int, ticket: T) -> Decisions[T]:
        """Put `ticket` in the channel's line (after `arrive` said False); a full line drops
        its least wanted message (maybe this one)."""
        line, now = self._lines[channel_id], self._clock()
        line.waiting.append(Waiting(ticket, user_id, now))
        if len(line.waiting) <= self.waiting_limit:
            return []
        least = max(line.waiting, key=lambda w: self._rank(line, w, now))
        line.waiting.remove(least)
        return [(least.ticket, Turn.DROP)]

    def withdraw(self, channel_id: int, ticket: T) -> None:
        """Take a ticket out of the line (its waiter is gone)."""
        line = self._lines.get(channel_id)
        if line is not None:
            line.waiting = [w for w in line.waiting if w.ticket is not ticket]

    def release(self, channel_id: int) -> Decisions[T]:
        """A message of the channel's has gone (or failed): the next in line gets its place;
        stale messages are dropped, one of them perhaps with the busy notice."""
        line = self._lines[channel_id]
        line.sending -= 1
        if not line.waiting:
            return []
        now = self._clock()
        stale = [w for w in line.waiting if now - w.since > self.stale]
        if stale:
            line.waiting = [w for w in line.waiting if now - w.since <= self.stale]
        decisions: Decisions[T] = [(w.ticket, Turn.DROP) for w in stale]
        if stale and line.noticed_until <= now:
            line.noticed_until = now + self.notice_every
            decisions[0] = (stale[0].ticket, Turn.NOTICE)
            line.sending += 1
            log.warning(
                "Channel %s wants more messages than Discord lets through: those waiting over "
                "%.0f s are dropped (the channel is told at most once per %.0f s).",
                channel_id,
                self.stale,
                self.notice_every,
            )
        elif line.waiting:
            chosen = min(line.waiting, key=lambda w: self._rank(line, w, now))
            line.waiting.remove(chosen)
            decisions.append((chosen.ticket, Turn.SEND))
            line.sending += 1
        return decisions

    def _rank(self, line: _Line[T], waiting: Waiting[T], now: float) -> tuple[int, float]:
        """Lower goes first: the member's messages lately, then the time it came."""
        window = line.asked.get(waiting.user_id)
        recent = window is not None and now - window[0] < self.demand_seconds
        return (window[1] if window is not None and recent else 0), waiting.since

    def _count(self, line: _Line[T], user_id: int, now: float) -> None:
        window = line.asked.get(user_id)
        if window is not None and now - window[0] < self.demand_seconds:
            line.asked[user_id] = (window[0], window[1] + 1)
            return
        line.asked[user_id] = (now, 1)
        if len(line.asked) > line.sweep_above:
            line.asked = {u: w for u, w in line.asked.items() if now - w[0] < self.demand_seconds}
            line.sweep_above = max(SWEEP_SIZE, 2 * len(line.asked))

    def _in_use(self, line: _Line[T], now: float) -> bool:
        counting = any(now - start < self.demand_seconds for start, _ in line.asked.values())
        return bool(line.sending or line.waiting or counting or line.noticed_until > now)

    def _sweep(self, now: float) -> None:
        """Forget channels with nothing on its way, nobody waiting, nothing counted and no
        notice given lately."""
        self._lines = {c: line for c, line in self._lines.items() if self._in_use(line, now)}
        self._sweep_above = max(SWEEP_SIZE, 2 * len(self._lines))


class ChannelTurns:
    """`ChannelBudget` for coroutines: `enter` says whether a place in the channel is free;
    if not, `wait` for one: SEND (the message goes), NOTICE (the busy notice goes instead) or
    DROP (nothing goes). Whoever had a place (SEND or NOTICE) `release`s it once done. Two
    steps, so that a message finding a place free (almost always) costs no coroutine."""

    def __init__(self, budget: ChannelBudget[asyncio.Future[Turn]] | None = None) -> None:
        self.budget: ChannelBudget[asyncio.Future[Turn]] = ChannelBudget() if budget is None else budget
        self.enter: Callable[[int, int], bool] = self.budget.arrive

    async def wait(self, channel_id: int, user_id: int) -> Turn:
        """Wait in the channel's line (after `enter` found no place free)."""
        budget = self.budget
        future: asyncio.Future[Turn] = asyncio.get_running_loop().create_future()
        self._settle(channel_id, budget.wait(channel_id, user_id, future))
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled() and future.result() is not Turn.DROP:
                self.release(channel_id)  # handed a place, then cancelled: pass it on
            else:
                budget.withdraw(channel_id, future)
            raise

    def release(self, channel_id: int) -> None:
        self._settle(channel_id, self.budget.release(channel_id))

    def _settle(self, channel_id: int, decisions: Decisions[asyncio.Future[Turn]]) -> None:
        while decisions:
            future, turn = decisions.pop()
            if not future.done():
                future.set_result(turn)
            elif turn is not Turn.DROP:  # its waiter was cancelled meanwhile: pass the place on
                decisions += self.budget.release(channel_id)
