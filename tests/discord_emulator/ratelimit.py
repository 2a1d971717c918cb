"""Discord's per-channel message rate limit (opt-in: `DiscordEmulator(channel_rate_limit=True)`).

Discord lets a bot send at most 5 messages per 5 seconds in one channel (POST
/channels/{channel_id}/messages). The window opens with the first message and ends 5 s later.
Every message sent carries the bucket's `X-RateLimit-*` headers; one over the limit is refused
with 429, `retry_after` (seconds) in its body and the same headers. discord.py then waits on
its own: it sleeps before the next request once `X-RateLimit-Remaining` is 0, and retries
after a 429 — so a bot that sends more than that queues its messages in discord.py.

Off by default: the rest of the suite sends many messages per channel quickly, and would
otherwise wait as a bot in a busy Discord channel does.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

MESSAGES_PER_WINDOW = 5
WINDOW_SECONDS = 5.0
BUCKET = "emulated-channel-messages"  # X-RateLimit-Bucket: discord.py keys its buckets by it


@dataclass(frozen=True)
class Window:
    """A channel's current window: when it opened, and the messages sent in it."""

    opened: float
    sent: int


@dataclass(frozen=True)
class Verdict:
    """Whether a message may be sent now (else the seconds until it may), with the bucket's
    headers, which Discord sends either way."""

    allowed: bool
    retry_after: float
    headers: dict[str, str]


class ChannelRateLimit:
    """Messages per channel per fixed window, counted as Discord counts them."""

    def __init__(
        self,
        limit: int = MESSAGES_PER_WINDOW,
        seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.seconds = seconds
        self._clock = clock
        self._windows: dict[int, Window] = {}

    def take(self, channel_id: int) -> Verdict:
        """Count a message in `channel_id` if the window has room; the headers either way."""
        now = self._clock()
        window = self._windows.get(channel_id)
        if window is None or now - window.opened >= self.seconds:
            window = Window(now, 0)
        reset_after = window.opened + self.seconds - now
        allowed = window.sent < self.limit
        if allowed:
            window = Window(window.opened, window.sent + 1)
        self._windows[channel_id] = window
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.limit - window.sent),
            "X-RateLimit-Reset": _up(time.time() + reset_after),
            "X-RateLimit-Reset-After": _up(reset_after),
            "X-RateLimit-Bucket": BUCKET,
        }
        return Verdict(allowed, 0.0 if allowed else reset_after, headers)


def _up(seconds: float) -> str:
    """Seconds to the millisecond, rounded up: discord.py, sleeping that long, never wakes
    before the window has ended."""
    return f"{math.ceil(seconds * 1000) / 1000:.3f}"
