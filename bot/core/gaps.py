"""Gaps in the knowledge base: what members asked that Versus could not answer, grouped into
topics, and the answers members voted down. Pure: no Discord, no database.

A question is a gap when its answer is an honest "not in my knowledge" about the comparison
(`is_gap`); off-topic chatter is not. Only the question's text and when it was asked are
kept, never who asked, and only for a while (`retain`). `group_gaps` groups paraphrases
("does mxnet support tpus", "can MXNet run on a TPU?") into one topic, the same way on every
run, and the renderers show topics and down-voted answers to a knowledge author in a
terminal (`render_text`) or to a server admin in Discord (`render_discord`).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from rapidfuzz import fuzz, process

from bot.core.answer import CONTENT_LIMIT, ELLIPSIS, AnswerKind, clip, discord_safe, echo
from bot.core.lexicon import english
from bot.core.text import normalise, stems

GAP_KINDS = frozenset({AnswerKind.NOT_FOUND, AnswerKind.NOT_COVERED})
MAX_PER_SERVER = 500
MAX_AGE = timedelta(days=30)
# Two questions share a topic when the words of one are nearly all in the other (set ratio)
# and they are of like length (sort ratio: a bare "mxnet?" does not take in "mxnet tpu support").
SET_CUTOFF = 80.0
SORT_CUTOFF = 60.0
SHOWN = 10  # topics, and answers, a report lists
TEXT_LIMIT = 200  # characters of a question shown in a terminal
T = TypeVar("T")


@dataclass(frozen=True)
class UnansweredQuestion:
    """What is kept of one gap: where (None: a direct message), what, and when (aware UTC)."""

    guild_id: int | None
    text: str
    asked_at: datetime


@dataclass(frozen=True)
class Ballot:
    """One member's 👍 (`up`) or 👎 on one answer (a message). Who voted is kept only so
    that each member counts once per answer; reports count ballots, never name voters."""

    message_id: int
    user_id: int
    guild_id: int | None  # None: a direct message
    kind: str
    key: str
    up: bool
    voted_at: datetime


@dataclass(frozen=True)
class Feedback:
    """Everything kept for `/gaps`: the unanswered questions and the votes, oldest first
    (what `python -m bot db copy` carries from one database to another)."""

    questions: tuple[UnansweredQuestion, ...]
    ballots: tuple[Ballot, ...]


@dataclass(frozen=True)
class Gap:
    """One topic: how often it was asked, the most asked wording of the words that started
    it, and every wording (most asked first)."""

    count: int
    example: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class AnswerVotes:
    """The 👍 and 👎 one answer got; `key` names the answer within its kind."""

    kind: str
    key: str
    up: int
    down: int


def is_gap(kind: AnswerKind) -> bool:
    """Whether an answer of this kind means the knowledge base lacks what was asked."""
    return kind in GAP_KINDS


def retain(questions: Iterable[UnansweredQuestion], now: datetime) -> tuple[UnansweredQuestion, ...]:
    """The questions kept at `now`: none older than `MAX_AGE`, and only the newest
    `MAX_PER_SERVER` of each server. Keeps the input order."""
    cutoff = now - MAX_AGE
    recent = [q for q in questions if q.asked_at >= cutoff]
    per_server: Counter[int | None] = Counter()
    kept = set()
    for i in sorted(range(len(recent)), key=lambda i: recent[i].asked_at, reverse=True):
        per_server[recent[i].guild_id] += 1
        if per_server[recent[i].guild_id] <= MAX_PER_SERVER:
            kept.add(i)
    return tuple(q for i, q in enumerate(recent) if i in kept)


def topic_key(question: str) -> str:
    """The words that carry a question's topic, in a canonical order: normalised, stemmed,
    filler words dropped ("Does MXNet support TPUs?" → "mxnet support tpu"); the normalised
    text when all are filler."""
    stopwords = english().stopwords
    words = sorted({word for word in stems(question) if word not in stopwords})
    return " ".join(words) if words else normalise(question)


def match_score(key: str, other: str) -> float:
    """How well two topic keys (`topic_key`) are one topic, 0–1: 0 unless the words of one
    are nearly all in the other and they are of like length; then their likeness."""
    if fuzz.token_set_ratio(key, other) < SET_CUTOFF:
        return 0.0
    sort = fuzz.token_sort_ratio(key, other)
    return sort / 100 if sort >= SORT_CUTOFF else 0.0


def group_gaps(questions: Iterable[str]) -> tuple[Gap, ...]:
    """Questions grouped into topics, most asked first. Greedy and deterministic: the most
    asked topic key not yet grouped (the more specific on a tie) starts a topic and takes
    every similar one left. Questions with no words at all ("???") belong to no topic."""
    wordings: dict[str, Counter[str]] = {}
    for question in questions:
        key = topic_key(question)
        if key:
            wordings.setdefault(key, Counter())[question] += 1
    keys = sorted(wordings, key=lambda k: (-wordings[k].total(), -k.count(" "), k))
    left = dict.fromkeys(keys)  # ordered: the most asked first
    gaps = []
    while left:
        seed = next(iter(left))
        similar = process.extract(
            seed, list(left), scorer=fuzz.token_set_ratio, score_cutoff=SET_CUTOFF, limit=None
        )
        merged: Counter[str] = Counter()
        for key, _, _ in similar:  # the seed itself among them
            if match_score(seed, key):
                merged.update(wordings[key])
                del left[key]
        example = min(wordings[seed], key=lambda t: (-wordings[seed][t], t))
        gaps.append(Gap(merged.total(), example, tuple(sorted(merged, key=lambda t: (-merged[t], t)))))
    return tuple(sorted(gaps, key=lambda g: (-g.count, g.example)))


def most_disliked(votes: Iterable[AnswerVotes]) -> tuple[AnswerVotes, ...]:
    """Answers with at least one 👎, the most 👎 first (then the fewest 👍)."""
    return tuple(sorted((v for v in votes if v.down), key=lambda v: (-v.down, v.up, v.kind, v.key)))


def render_text(gaps: Sequence[Gap], disliked: Sequence[AnswerVotes], *, shown: int = SHOWN) -> str:
    """The report for a terminal (`python -m bot gaps`): plain lines, no markup, and no
    control characters from users' text."""
    lines = [f"Unanswered topics (last {MAX_AGE.days} days)"]
    lines += [
        f"{i:>3}. {g.count:>4}×  {_terminal_safe(g.example)}{_variants(g)}" for i, g in _numbered(gaps, shown)
    ]
    lines += [f"     … and {len(gaps) - shown} more topics"] if len(gaps) > shown else []
    lines += ["     none"] if not gaps else []
    lines += ["", "Answers with the most 👎"]
    lines += [
        f"{i:>3}. 👎 {v.down}  👍 {v.up}  {v.kind}: {_terminal_safe(v.key)}"
        for i, v in _numbered(disliked, shown)
    ]
    lines += ["     none"] if not disliked else []
    return "\n".join(lines)


def render_discord(
    gaps: Sequence[Gap], disliked: Sequence[AnswerVotes], *, shown: int = SHOWN, limit: int = CONTENT_LIMIT
) -> str:
    """The report as one Discord message of at most `limit` characters: users' words
    quoted with `echo` (short, no markdown, no pings); what does not fit is counted."""
    topics = [f"{i}. **{g.count}×** “{echo(g.example)}”{_variants(g)}" for i, g in _numbered(gaps, shown)]
    answers = [
        f"{i}. 👎 {v.down} · 👍 {v.up} — {discord_safe(v.kind)}: {echo(v.key)}"
        for i, v in _numbered(disliked, shown)
    ]
    half = (limit - 2) // 2  # two sections, a blank line between
    days = MAX_AGE.days
    return "\n\n".join(
        (
            _section(f"**Most asked unanswered topics** (last {days} days)", topics, len(gaps), half)
            or f"No unanswered questions in the last {days} days.",
            _section("**Answers with the most 👎**", answers, len(disliked), half) or "No 👎 on any answer.",
        )
    )


def _section(title: str, lines: list[str], total: int, limit: int) -> str:
    """A title and as many of `lines` as fit in `limit` characters, then how many of `total`
    are left out; empty when there are no lines."""
    if not lines:
        return ""
    budget = limit - len(title) - len(f"\n{ELLIPSIS} and {total} more")
    fitted: list[str] = []
    for line in lines:
        budget -= len(line) + 1
        if budget < 0:
            break
        fitted.append(line)
    missing = total - len(fitted)
    return "\n".join([title, *fitted, *([f"{ELLIPSIS} and {missing} more"] if missing else [])])


def _numbered(items: Sequence[T], shown: int) -> Iterable[tuple[int, T]]:
    return enumerate(items[:shown], start=1)


def _variants(gap: Gap) -> str:
    others = len(gap.texts) - 1
    return f" (+{others} other wording{'s' * (others > 1)})" if others else ""


def _terminal_safe(words: str) -> str:
    """One line, without control or invisible formatting characters (no escape sequences)."""
    visible = "".join(ch for ch in words if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf"})
    return clip(" ".join(visible.split()), TEXT_LIMIT)
