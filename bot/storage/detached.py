"""The detached store: a `SettingsStore` that never opens its database.

For work that needs no settings (`python -m bot sync`): every server has the defaults, reads
of what admins see and every write raise StoreError, and there is nobody to follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import NoReturn

from bot.core.gaps import AnswerVotes, Ballot, Feedback, UnansweredQuestion
from bot.core.taught import TaughtAnswer
from bot.storage.base import OnReload, Schema, SettingsStore, StoreError
from bot.storage.rows import ServerRows


class DetachedStore(SettingsStore):
    """Settings of no database: the defaults, and StoreError for anything stored."""

    async def ping(self) -> bool:
        return False

    async def claim_shards(self, count: int | None, ids: tuple[int, ...] | None) -> None:
        """No process shares a database with this one."""

    async def follow(self, on_reload: OnReload) -> None:
        """Nothing to follow: returns at once."""

    def _schema(self) -> AbstractAsyncContextManager[Schema]:
        self._not_open()

    async def _close(self) -> None:
        """Nothing was opened."""

    async def _commit(self, servers: Sequence[ServerRows]) -> None:
        self._not_open()

    async def _commit_removal(self, guild_id: int, at: float | None) -> None:
        self._not_open()

    async def _delete(self, guild_ids: list[int]) -> None:
        self._not_open()

    async def _save_lessons(self, guild_id: int, entries: Sequence[TaughtAnswer]) -> None:
        self._not_open()

    async def _delete_lesson(self, guild_id: int, topic: str) -> None:
        self._not_open()

    async def _insert_unanswered(self, questions: list[UnansweredQuestion]) -> None:
        self._not_open()

    async def _insert_ballot(self, ballot: Ballot) -> bool:
        self._not_open()

    async def _count_reload(self) -> int:
        self._not_open()

    async def _select_reloads(self) -> int:
        self._not_open()

    async def _count_feedback(self) -> tuple[int, int]:
        self._not_open()

    async def _select_feedback(self) -> Feedback:
        self._not_open()

    async def _insert_feedback(self, feedback: Feedback) -> None:
        self._not_open()

    async def _delete_older(self, before: datetime) -> None:
        self._not_open()

    async def _select_unanswered(self, guild_id: int | None, since: datetime) -> list[str]:
        self._not_open()

    async def _select_votes(self, guild_id: int | None, since: datetime) -> list[AnswerVotes]:
        self._not_open()

    def _not_open(self) -> NoReturn:
        raise StoreError(f"The settings store for {self.where} is not open.")
