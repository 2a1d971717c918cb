"""The free-form question reader: an ordered list of named rules.

A `Reading` holds what a question says inside one comparison — the libraries and aspects it
names, its cue words ("pros", "should I"), the facts, pros/cons, statistics and
recommendations its words point at — each worked out once, when a rule first asks. `RULES`
are tried in order; the first whose condition holds builds the `Query`. Each rule is small
and can be tested on its own; `python -m bot ask --explain` shows which one fired.

Nothing here names a library or an aspect: every word comes from the knowledge files and
the lexicon.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from bot.index import ComparisonIndex, FactMatch, ItemMatch
from bot.knowledge import Comparison
from bot.lexicon import Cue
from bot.matching import EntityKind
from bot.query import Intent, Query
from bot.text import compact, stem


class Reading:
    """One question read inside one comparison. Every property is computed at most once."""

    def __init__(self, text: str, words: tuple[str, ...], index: ComparisonIndex) -> None:
        self.text = text
        self.words = words  # normalised
        self.index = index

    @property
    def comparison(self) -> Comparison:
        return self.index.comparison

    @cached_property
    def stemmed(self) -> tuple[str, ...]:
        return tuple(stem(self.index.spelled(word)) for word in self.words)

    @cached_property
    def _mentioned(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        entities = self.index.mentions(self.words)
        libraries = tuple(e.key for e in entities if e.kind is EntityKind.LIBRARY)
        aspects = tuple(e.key for e in entities if e.kind is EntityKind.ASPECT)
        return libraries, self._strong(aspects)

    @property
    def libraries(self) -> tuple[str, ...]:
        """Library keys named, in order of first mention."""
        return self._mentioned[0]

    @property
    def aspects(self) -> tuple[str, ...]:
        """Aspect keys named; one named only by a weak alias ("easy") gives way to others."""
        return self._mentioned[1]

    @cached_property
    def cues(self) -> Counter[Cue]:
        return Counter(self.index.cues_in(self.stemmed))

    @cached_property
    def subject(self) -> tuple[str, ...]:
        """The libraries asked about: "does mxnet have estimators like keras" is about MXNet,
        unless the question compares or asks for a choice."""
        compares = self.cues[Cue.RATING] or self.cues[Cue.RECOMMEND]
        return self.libraries if compares else self.libraries[:1]

    @cached_property
    def recommended(self) -> str | None:
        """The library the source recommends for the situation described; '' for a tie; None
        when the question asks for no choice or names no situation the source knows."""
        if not (self.cues[Cue.RECOMMEND] or self.cues[Cue.RATING] or len(self.libraries) > 1):
            return None
        votes: Counter[str] = Counter()
        for library, phrase in self.index.recommendations.find(self.stemmed):
            if not self.index.filler.issuperset(phrase):  # "learn" in "deep learning" is no situation
                votes[str(library)] += len(phrase)
        if not votes:
            return None
        ranked = votes.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return ""
        return ranked[0][0]

    @cached_property
    def _fact_matches(self) -> tuple[list[FactMatch], bool]:
        scores: Counter = Counter()
        for fact, phrase in self.index.facts.find(self.stemmed):
            # "who", "made": filler words point at a fact only in a question naming a library.
            if self.subject or not self.index.filler.issuperset(phrase):
                scores[fact] += len(phrase)
        ranked = sorted(scores.items(), key=lambda pair: -pair[1])
        if not self.subject:
            return ranked, False
        own = [(f, s) for f, s in ranked if f.library in self.subject]
        return (own, False) if own else (ranked, bool(ranked))

    @property
    def facts(self) -> list[FactMatch]:
        """Facts whose keywords the question uses, best first."""
        return self._fact_matches[0]

    @property
    def fact_elsewhere(self) -> bool:
        """The facts found belong only to a library the user did not ask about."""
        return self._fact_matches[1]

    @cached_property
    def statistics(self) -> tuple[str, ...]:
        """Metrics whose keywords the question uses."""
        stats = [stat for stat, _ in self.index.statistics.find(self.stemmed)]
        return tuple(dict.fromkeys(stat.metric for stat in stats))  # type: ignore[attr-defined]

    @cached_property
    def statistics_weight(self) -> int:
        return len(self.index.statistics.find(self.stemmed))

    @cached_property
    def items(self) -> tuple[ItemMatch, ...]:
        """The subject's pros and cons (any library's, if none is named) the words point at."""
        scores: Counter = Counter()
        for entry, phrase in self.index.items.find(self.stemmed):
            if entry[0] in self.subject or (not self.subject and not self.index.filler.issuperset(phrase)):
                scores[entry] += len(phrase)
        if not scores:
            return ()
        best = max(scores.values())
        return tuple(entry for entry, score in scores.items() if score == best)

    @cached_property
    def unknown_words(self) -> tuple[str, ...]:
        """The user's words the comparison does not know: the question is (partly) about
        something else. As typed (normalised), never the internal stems."""
        unknown = set(self.index.unknown_words(self.stemmed))
        return tuple(
            word for word, stemmed in zip(self.words, self.stemmed, strict=True) if stemmed in unknown
        )

    @property
    def base(self) -> Query:
        return Query(
            Intent.OFF_TOPIC, self.comparison.id, self.text, libraries=self.libraries, aspects=self.aspects
        )

    def _strong(self, aspects: tuple[str, ...]) -> tuple[str, ...]:
        if len(aspects) < 2:
            return aspects
        words = self.words
        spans = {"".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
        weak_only = {
            asp.key
            for asp in self.comparison.aspects
            if asp.key in aspects
            and not spans.isdisjoint(compact(a) for a in asp.weak_aliases)
            and spans.isdisjoint(compact(a) for a in (asp.key, asp.name, *asp.aliases))
        }
        return tuple(key for key in aspects if key not in weak_only) or aspects


@dataclass(frozen=True)
class Rule:
    """A named way of reading a question: when it applies, and the query it builds."""

    name: str
    applies: Callable[[Reading], bool]
    build: Callable[[Reading], Query]


def pros_or_cons(cues: Counter[Cue]) -> Intent:
    """`pros and cons of x` asks for both; otherwise the side asked about more."""
    if cues[Cue.PROS] and cues[Cue.CONS] and abs(cues[Cue.PROS] - cues[Cue.CONS]) <= 1:
        return Intent.PROS_AND_CONS
    return Intent.CONS if cues[Cue.CONS] > cues[Cue.PROS] else Intent.PROS


def needs_library(reading: Reading, query: Query) -> Query:
    """Pros, cons and statistics of a library the comparison does not have are refused."""
    if not reading.libraries and reading.unknown_words:
        return replace(
            query,
            intent=Intent.UNKNOWN,
            unknown=" ".join(reading.unknown_words),
            unknown_kind=EntityKind.LIBRARY,
            suggestions=tuple(lib.name for lib in reading.comparison.libraries),
        )
    return query


def _intent(intent: Intent) -> Callable[[Reading], Query]:
    return lambda r: replace(r.base, intent=intent)


def _fact(r: Reading) -> Query:
    return replace(
        r.base,
        intent=Intent.FACT,
        facts=tuple(f for f, _ in r.facts[:1]),
        fact_elsewhere=r.fact_elsewhere,
        # `tensorflow vs pytorch` in a question naming no library: say what we don't know.
        unknown=None if r.libraries else " ".join(r.unknown_words) or None,
    )


def _best_fact_score(r: Reading) -> int:
    return r.facts[0][1] if r.facts else 0


def _unknown_aspect(r: Reading) -> Query:
    return replace(
        r.base,
        intent=Intent.UNKNOWN,
        unknown=" ".join(r.unknown_words),
        unknown_kind=EntityKind.ASPECT,
        suggestions=tuple(asp.name for asp in r.comparison.aspects),
    )


RULES: tuple[Rule, ...] = (
    Rule(
        "recommendation",
        lambda r: r.recommended is not None,
        lambda r: replace(r.base, intent=Intent.RECOMMEND, recommended=r.recommended or None),
    ),
    Rule(
        "pros-or-cons",
        lambda r: bool(r.cues[Cue.PROS] or r.cues[Cue.CONS]),
        lambda r: needs_library(r, replace(r.base, intent=pros_or_cons(r.cues))),
    ),
    Rule(
        "statistics",
        lambda r: bool(r.cues[Cue.STATS]) and r.statistics_weight >= _best_fact_score(r),
        lambda r: needs_library(r, replace(r.base, intent=Intent.STATS, metrics=r.statistics)),
    ),
    Rule("ratings-table", lambda r: bool(r.cues[Cue.TABLE]) and not r.aspects, _intent(Intent.COMPARE)),
    Rule("conclusion", lambda r: bool(r.cues[Cue.CONCLUSION]), _intent(Intent.CONCLUSION)),
    Rule(
        "aspect-ratings",
        lambda r: bool(r.aspects) and bool(r.cues[Cue.RATING] or not r.facts),
        _intent(Intent.COMPARE),
    ),
    Rule(
        # The subject's own pro or con beats a fact that only another library has.
        "own-pro-or-con",
        lambda r: r.fact_elsewhere and bool(r.items),
        lambda r: replace(r.base, intent=Intent.FACT, items=r.items),
    ),
    Rule("fact", lambda r: bool(r.facts), _fact),
    Rule("pro-or-con", lambda r: bool(r.items), lambda r: replace(r.base, intent=Intent.FACT, items=r.items)),
    Rule("help", lambda r: bool(r.cues[Cue.HELP]) and not r.libraries, _intent(Intent.HELP)),
    Rule(
        "general-advice",
        lambda r: bool(r.cues[Cue.RECOMMEND]) and not r.unknown_words,
        _intent(Intent.CONCLUSION),
    ),
    Rule(
        # "compare them on pricing": an aspect the comparison does not have.
        "unknown-aspect",
        lambda r: len(r.libraries) > 1 and bool(r.unknown_words),
        _unknown_aspect,
    ),
    Rule("libraries-side-by-side", lambda r: len(r.libraries) > 1, _intent(Intent.COMPARE)),
    Rule("about-library", lambda r: bool(r.libraries), _intent(Intent.ABOUT)),
    Rule(
        "ratings-question",
        lambda r: bool(r.cues[Cue.RATING]) and not r.unknown_words,
        _intent(Intent.COMPARE),
    ),
    Rule("off-topic", lambda r: True, lambda r: r.base),
)


def read(reading: Reading, rules: tuple[Rule, ...] = RULES) -> tuple[Rule, Query]:
    """The first rule that applies to the reading, and the query it builds."""
    for rule in rules:
        if rule.applies(reading):
            return rule, rule.build(reading)
    raise LookupError("no rule applies; the last rule must always apply")
