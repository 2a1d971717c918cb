"""The gaps report — what members asked that Versus could not answer, grouped into topics, and
the answers they voted down — read from the store, for `/gaps` (one server) and
`python -m bot gaps` (one server, or every server)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.gaps import MAX_AGE, AnswerVotes, Gap, group_gaps, most_disliked, render_text
from bot.storage import open_store
from bot.storage.base import SettingsStore


@dataclass(frozen=True)
class GapReport:
    gaps: tuple[Gap, ...]
    disliked: tuple[AnswerVotes, ...]


async def gap_report(store: SettingsStore, guild_id: int | None, now: datetime) -> GapReport:
    """The report of one server (None: every server) over the `MAX_AGE` before `now`; a
    server's questions that an answer its staff taught now catches are not gaps any more."""
    since = now - MAX_AGE
    questions = await store.unanswered(guild_id, since)
    if guild_id is not None and store.lessons(guild_id):
        lessons = store.lessons(guild_id)
        questions = [q for q in questions if lessons.match(q) is None]
    votes = await store.votes(guild_id, since)
    return GapReport(group_gaps(questions), most_disliked(votes))


async def print_gaps(target: str, guild_id: int | None) -> int:
    """`python -m bot gaps [--guild ID]`: the report as plain text, for knowledge authors."""
    async with await open_store(target, existing=True) as store:
        report = await gap_report(store, guild_id, datetime.now(UTC))
    print(render_text(report.gaps, report.disliked))
    return 0
