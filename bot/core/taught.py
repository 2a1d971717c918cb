"""Answers a server's staff teach: entries of their own, each one or more ways of asking and
an answer, answered instead of the comparison when a question matches one better than the
comparison does. Pure: no Discord, no database.

A question matches a way of asking by the rule that groups paraphrases into one `/gaps`
topic (`bot.core.gaps.same_topic`), so a topic taught from `/gaps` catches the questions
that made it and leaves the report. How well it matches (0–1) is weighed against how sure
the comparison's own answer is (`Engine.confidence`): the comparison keeps every question
it answers at least as well. A taught answer is shown under its own heading, never mixed
with the article's attribution or notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import yaml

from bot.core.answer import Answer, AnswerKind, text
from bot.core.gaps import match_score, topic_key

MAX_ENTRIES = 500  # per server
MAX_ANSWER = 1_000  # characters of a taught answer
MAX_ASKS = 10  # ways of asking per entry
MAX_ASK = 200  # characters of one way of asking
HEADING = "Answer from this server's staff"


class TeachError(ValueError):
    """An entry was refused; the message is written for the member teaching it and never
    repeats their text."""


@dataclass(frozen=True)
class TaughtAnswer:
    """One entry: its topic (the key of its first way of asking: one entry per topic and
    server), the ways of asking, the answer, who taught it and when (aware UTC)."""

    topic: str
    asks: tuple[str, ...]
    answer: str
    taught_by: int
    taught_at: datetime


def lesson(asks: Iterable[str], answer: str, taught_by: int, taught_at: datetime) -> TaughtAnswer:
    """A checked entry: 1 to MAX_ASKS ways of asking (blank ones dropped, each on one line
    and at most MAX_ASK characters, with words that carry a topic), an answer of 1 to
    MAX_ANSWER characters."""
    ways = tuple(dict.fromkeys(" ".join(ask.split()) for ask in asks if ask.strip()))
    if not ways:
        raise TeachError("Give at least one way of asking the question.")
    if len(ways) > MAX_ASKS:
        raise TeachError(f"Give at most {MAX_ASKS} ways of asking.")
    if any(len(ask) > MAX_ASK for ask in ways):
        raise TeachError(f"Each way of asking must be at most {MAX_ASK} characters.")
    if not all(topic_key(ask) for ask in ways):
        raise TeachError("Each way of asking needs words, not only punctuation.")
    answer = answer.strip()
    if not answer:
        raise TeachError("The answer is empty.")
    if len(answer) > MAX_ANSWER:
        raise TeachError(f"The answer must be at most {MAX_ANSWER} characters (it has {len(answer)}).")
    if type(taught_by) is not int or taught_by < 0:
        raise TeachError("`taught_by` must be a member's id (0: unknown).")
    return TaughtAnswer(topic_key(ways[0]), ways, answer, taught_by, taught_at.astimezone(UTC))


def parse_asks(typed: str) -> tuple[str, ...]:
    """Ways of asking as typed: one per line (a modal), or separated by `;` (a command)."""
    return tuple(part for line in typed.splitlines() for part in line.split(";"))


@dataclass(frozen=True)
class Lessons:
    """A server's entries, ready to match: each way of asking's topic key, computed once, and
    which keys hold each word (a question is scored only against keys sharing a word)."""

    entries: tuple[TaughtAnswer, ...] = ()
    _keys: tuple[tuple[str, TaughtAnswer], ...] = field(default=(), repr=False, compare=False)
    _by_word: Mapping[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = tuple((topic_key(ask), entry) for entry in self.entries for ask in entry.asks)
        by_word: dict[str, list[int]] = {}
        for number, (key, _) in enumerate(keys):
            for word in set(key.split()):
                by_word.setdefault(word, []).append(number)
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_by_word", {word: tuple(numbers) for word, numbers in by_word.items()})

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, topic: str) -> TaughtAnswer | None:
        """The entry of this topic (as `/taught remove` names it: its key or its first way
        of asking)."""
        wanted = topic_key(topic)
        return next((e for e in self.entries if topic in {e.topic, e.asks[0]} or e.topic == wanted), None)

    def match(self, question: str) -> tuple[TaughtAnswer, float] | None:
        """The entry a question matches best and how well (0–1), or None."""
        if not self.entries:
            return None
        key = topic_key(question)
        candidates = sorted({n for word in set(key.split()) for n in self._by_word.get(word, ())})
        best: tuple[TaughtAnswer, float] | None = None
        for number in candidates:
            ask_key, entry = self._keys[number]
            score = match_score(key, ask_key)
            if score and (best is None or score > best[1]):
                best = (entry, score)
        return best

    def taught(self, *entries: TaughtAnswer) -> Lessons:
        """These lessons with `entries` added, each replacing the one of its topic; TeachError
        beyond MAX_ENTRIES."""
        by_topic = {e.topic: e for e in self.entries}
        for entry in entries:
            by_topic.pop(entry.topic, None)  # taught again: it moves to the end, as the newest
            by_topic[entry.topic] = entry
        if len(by_topic) > MAX_ENTRIES:
            raise TeachError(
                f"This server has {MAX_ENTRIES} taught answers, the most it can keep: remove one "
                "with `/taught remove` first."
            )
        return Lessons(tuple(by_topic.values()))

    def without(self, topic: str) -> Lessons:
        return Lessons(tuple(e for e in self.entries if e.topic != topic))


NO_LESSONS = Lessons()


def consult(
    lessons: Lessons, question: str, confidence: Callable[[], float]
) -> tuple[TaughtAnswer, float] | None:
    """The taught entry that answers `question` instead of the comparison, and how well it
    matches: one matches it better than the comparison's own answer (`confidence`, asked only
    when an entry matches at all)."""
    found = lessons.match(question)
    if found is None or found[1] <= confidence():
        return None
    return found


def taught_answer(entry: TaughtAnswer) -> Answer:
    """How a taught entry is shown: under its own heading, the staff's words as written."""
    return Answer(
        AnswerKind.TAUGHT,
        HEADING,
        text(entry.answer),
        source=f"taught by this server's staff on {entry.taught_at:%Y-%m-%d}",
    )


# --- as a file: `/taught export`, `python -m bot taught import|export` -------------------


def to_records(lessons: Lessons) -> list[dict[str, Any]]:
    """Entries as plain data (YAML), in the lessons' order (oldest first)."""
    return [
        {
            "questions": list(e.asks),
            "answer": e.answer,
            "taught_by": e.taught_by,
            "taught_at": e.taught_at.isoformat(),
        }
        for e in lessons.entries
    ]


def as_yaml(lessons: Lessons) -> str:
    """Entries as the file `/taught export` gives and `python -m bot taught import` reads."""
    return yaml.safe_dump(to_records(lessons), allow_unicode=True, sort_keys=False)


def from_records(records: Any, *, now: datetime) -> tuple[TaughtAnswer, ...]:
    """Entries from plain data (as `to_records` writes them); TeachError naming the entry
    (1-based) and what is wrong. `taught_at` may be left out (now)."""
    if not isinstance(records, Sequence) or isinstance(records, str | bytes):
        raise TeachError("A taught-answers file is a list of entries (questions, answer).")
    entries = []
    for number, record in enumerate(records, 1):
        try:
            entries.append(_from_record(record, now))
        except TeachError as exc:
            raise TeachError(f"Entry {number}: {exc}") from None
    topics = [e.topic for e in entries]
    if len(set(topics)) != len(topics):
        repeated = next(i for i, t in enumerate(topics, 1) if topics.index(t) + 1 != i)
        raise TeachError(f"Entry {repeated}: its first way of asking repeats an earlier entry's.")
    return tuple(entries)


def _from_record(record: Any, now: datetime) -> TaughtAnswer:
    if not isinstance(record, Mapping):
        raise TeachError("an entry has `questions` (a list) and `answer`.")
    asks, answer = record.get("questions"), record.get("answer")
    if isinstance(asks, str):
        asks = [asks]
    if not isinstance(asks, list) or not all(isinstance(a, str) for a in asks) or not isinstance(answer, str):
        raise TeachError("an entry has `questions` (a list of texts) and `answer` (a text).")
    taught_by, taught_at = record.get("taught_by", 0), record.get("taught_at", now)
    if isinstance(taught_at, str):
        try:
            taught_at = datetime.fromisoformat(taught_at)
        except ValueError:
            raise TeachError("`taught_at` must be a date and time (ISO 8601).") from None
    if not isinstance(taught_at, datetime):
        raise TeachError("`taught_at` must be a date and time (ISO 8601).")
    if taught_at.tzinfo is None:
        taught_at = taught_at.replace(tzinfo=UTC)
    return lesson(asks, answer, taught_by if type(taught_by) is int else 0, taught_at)
