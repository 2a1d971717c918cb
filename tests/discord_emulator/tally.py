"""A counter that coroutines can await reaching a value (event-driven, no polling)."""

from __future__ import annotations

import asyncio


class Tally:
    """Counts occurrences of something; `reach(n)` returns once it has happened n times."""

    def __init__(self) -> None:
        self.count = 0
        self._waiters: list[tuple[int, asyncio.Future[None]]] = []

    def bump(self) -> None:
        """Count one more occurrence and wake whoever waited for it."""
        self.count += 1
        pending = []
        for target, future in self._waiters:
            if future.done():
                continue
            if target <= self.count:
                future.set_result(None)
            else:
                pending.append((target, future))
        self._waiters = pending

    async def reach(self, target: int, timeout: float) -> None:
        """Return once the count is at least `target`; TimeoutError after `timeout` s."""
        if self.count >= target:
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((target, future))
        async with asyncio.timeout(timeout):
            await future
