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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from bot.index import ComparisonIndex, FactMatch, ItemMatch, phrase_spans
from bot.knowledge import Comparison, Fact, LaterNote
from bot.lexicon import CHAT_CUES, Cue
from bot.matching import Entity, EntityKind
from bot.query import Intent, Query
from bot.text import compact, stem, stems

T = TypeVar("T")

if TYPE_CHECKING:
    from functools import cached_property as once
else:

    class once(Generic[T]):
        """`functools.cached_property` without its lock (Python 3.11 takes one on every first
        read): a Reading lives in one thread and has many properties, each read once."""

        def __init__(self, compute: Callable[[Any], T]) -> None:
            self.compute = compute
            self.name = compute.__name__

        def __get__(self, instance: Any, owner: type | None = None) -> Any:
            if instance is None:
                return self
            value = instance.__dict__[self.name] = self.compute(instance)
            return value


class Reading:
    """One question read inside one comparison. Every property is computed at most once."""

    def __init__(
        self, text: str, words: tuple[str, ...], index: ComparisonIndex, context: Query | None = None
    ) -> None:
        self.text = text
        self.words = words  # normalised
        self.index = index
        # The previous question of the conversation, if it was asked in this comparison.
        self.context = context if context and context.comparison == index.comparison.id else None

    @property
    def comparison(self) -> Comparison:
        return self.index.comparison

    @once
    def stemmed(self) -> tuple[str, ...]:
        return tuple(stem(self.index.spelled(word)) for word in self.words)

    @once
    def _named(self) -> tuple[tuple[Entity, ...], frozenset[int]]:
        return self.index.mentions_at(self.words)

    @property
    def name_positions(self) -> frozenset[int]:
        """Where the words naming a library or an aspect are (typos included)."""
        return self._named[1]

    @once
    def _mentioned(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        entities = self._named[0]
        libraries = tuple(e.key for e in entities if e.kind is EntityKind.LIBRARY)
        aspects = tuple(e.key for e in entities if e.kind is EntityKind.ASPECT)
        return libraries, self._strong(aspects)

    @property
    def named_libraries(self) -> tuple[str, ...]:
        """Library keys named, in order of first mention."""
        return self._mentioned[0]

    @once
    def libraries(self) -> tuple[str, ...]:
        """The libraries asked about: those named, else those a pronoun refers back to
        ("what are its cons?" after a question about one library)."""
        if self.named_libraries or self.context is None or not self._refers_back:
            return self.named_libraries
        return self.context.libraries or ((self.context.recommended,) if self.context.recommended else ())

    @once
    def _refers_back(self) -> bool:
        """A pronoun ("its cons"), or a question continuing the last one ("and the cons?")."""
        if phrase_spans(self.words, self.index.pronouns):
            return True
        return 0 in phrase_spans(self.words, self.index.continuations)

    @once
    def topic_words(self) -> tuple[tuple[str, str], ...]:
        """(word, stem) of every word that carries a topic of its own: not filler, not a cue,
        not a name, not a pronoun or continuation."""
        skipped = (
            phrase_spans(self.words, self.index.pronouns)
            | phrase_spans(self.words, self.index.continuations)
            | self.name_positions
        )
        return tuple(
            (word, stemmed)
            for position, (word, stemmed) in enumerate(zip(self.words, self.stemmed, strict=True))
            if position not in skipped
            and stemmed not in self.index.topicless
            and not stemmed.isdigit()
            and word not in self.index.alias_words
        )

    def uncovered(self, used: frozenset[str], *, unknown_only: bool = False) -> tuple[str, ...]:
        """The topic words that `used` (the stems of what would be answered) lacks; with
        `unknown_only`, only those the whole comparison never uses either. A word that starts
        another ("lang" → "language") counts as used."""
        return tuple(
            word
            for word, stemmed in self.topic_words
            if not _abbreviates(stemmed, used) and not (unknown_only and stemmed in self.index.known_words)
        )

    @property
    def aspects(self) -> tuple[str, ...]:
        """Aspect keys named; one named only by a weak alias ("easy") gives way to others."""
        return self._mentioned[1]

    @once
    def cues(self) -> Counter[Cue]:
        return Counter(self.index.cues_in(self.stemmed))

    @once
    def subject(self) -> tuple[str, ...]:
        """The libraries asked about: "does mxnet have estimators like keras" is about MXNet,
        unless the question compares or asks for a choice."""
        compares = self.cues[Cue.RATING] or self.cues[Cue.RECOMMEND]
        return self.libraries if compares else self.libraries[:1]

    @once
    def recommended(self) -> str | None:
        """The library the source recommends for the situation described; '' for a tie; None
        when the question asks for no choice or names no situation the source knows."""
        if not (self.cues[Cue.RECOMMEND] or self.cues[Cue.RATING] or len(self.libraries) > 1):
            return None
        votes: Counter[str] = Counter()
        for library, phrase in self.index.recommendations.find(self.stemmed):
            if not self.index.filler.issuperset(phrase):  # "learn" in "deep learning" is no situation
                votes[library] += len(phrase)
        if not votes:
            return None
        ranked = votes.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return ""
        return ranked[0][0]

    @once
    def _fact_matches(self) -> tuple[list[FactMatch], bool]:
        scores: Counter[Fact] = Counter()
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

    @once
    def statistics(self) -> tuple[str, ...]:
        """Metrics whose keywords the question uses."""
        stats = [stat for stat, _ in self.index.statistics.find(self.stemmed)]
        return tuple(dict.fromkeys(stat.metric for stat in stats))

    @once
    def statistics_weight(self) -> int:
        return len(self.index.statistics.find(self.stemmed))

    @once
    def items(self) -> tuple[ItemMatch, ...]:
        """The subject's pros and cons (any library's, if none is named) the words point at."""
        scores: Counter[ItemMatch] = Counter()
        for entry, phrase in self.index.items.find(self.stemmed):
            if entry[0] in self.subject or (not self.subject and not self.index.filler.issuperset(phrase)):
                scores[entry] += len(phrase)
        if not scores:
            return ()
        best = max(scores.values())
        return tuple(entry for entry, score in scores.items() if score == best)

    @once
    def unknown_words(self) -> tuple[str, ...]:
        """The user's words the comparison does not know: the question is (partly) about
        something else. As typed (normalised), never the internal stems."""
        unknown = set(self.index.unknown_words(self.stemmed))
        return tuple(
            word for word, stemmed in zip(self.words, self.stemmed, strict=True) if stemmed in unknown
        )

    @property
    def base(self) -> Query:
        """The question as read, before a rule says what it asks (off-topic by default)."""
        return self.query(Intent.OFF_TOPIC)

    def query(self, intent: Intent, **changes: Any) -> Query:
        """The query a rule builds: what was read, with the rule's intent and `changes`."""
        fields: dict[str, Any] = {
            "libraries": self.libraries,
            "aspects": self.aspects,
            "current": bool(self.cues[Cue.CURRENT]),
            "notes": self.notes,
        }
        return Query(intent, self.comparison.id, self.text, **(fields | changes))

    @once
    def notes(self) -> tuple[LaterNote, ...]:
        """Later notes on the libraries asked about (any, if none) whose keywords are used."""
        found = dict.fromkeys(note for note, _ in self.index.notes.find(self.stemmed))
        return tuple(
            note
            for note in found
            if not self.libraries or note.library is None or note.library in self.libraries
        )

    def not_covered(self, closest: tuple[str, ...] = ()) -> Query:
        """The source has no answer to this question; `closest` names what it does have."""
        return self.query(Intent.NOT_COVERED, unknown=self.text, suggestions=closest)

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


MIN_ABBREVIATION = 3
MANY_UNKNOWN = 2  # "does keras run on apple silicon": a topic of its own, whatever else matches


def _abbreviates(stemmed: str, used: AbstractSet[str]) -> bool:
    if stemmed in used:
        return True
    return len(stemmed) >= MIN_ABBREVIATION and any(word.startswith(stemmed) for word in used)


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
    return lambda r: r.query(intent)


def _fact(r: Reading) -> Query:
    fact = r.facts[0][0]
    closest = (f"{r.comparison.library(fact.library).name} — {fact.topic}",)
    unknown = r.uncovered(r.index.fact_evidence(fact), unknown_only=True)
    # "can keras train on a tpu": the fact is another library's, or the words it shares with
    # the question weigh less than the words the comparison has never heard of.
    if r.fact_elsewhere or len(unknown) > r.facts[0][1] or len(unknown) >= MANY_UNKNOWN:
        return r.not_covered(closest)
    return r.query(
        Intent.FACT,
        facts=tuple(f for f, _ in r.facts[:1]),
        fact_elsewhere=r.fact_elsewhere,
        # `tensorflow vs pytorch` in a question naming no library: say what we don't know.
        unknown=None if r.libraries else " ".join(r.unknown_words) or None,
    )


def _statistics(r: Reading) -> Query:
    if not r.libraries and r.unknown_words:  # "how many stars does pytorch have"
        return needs_library(r, r.base)
    if r.uncovered(
        r.index.statistics_evidence(r.statistics)
    ):  # "how many contributors", "stars of tensorflow": figures it lacks
        return r.not_covered((r.comparison.statistics.label,))
    return r.query(Intent.STATS, metrics=r.statistics)


def _about(r: Reading) -> Query:
    if r.uncovered(
        frozenset(), unknown_only=True
    ):  # "is keras free for commercial use?" is not "about keras"
        return r.not_covered(tuple(f"what {r.comparison.library(key).name} is" for key in r.libraries))
    return r.query(Intent.ABOUT)


def _chat(r: Reading) -> bool:
    chat = [cue for cue in r.cues if cue in CHAT_CUES]
    others = [cue for cue in r.cues if cue not in CHAT_CUES and cue is not Cue.CURRENT]
    return (
        bool(chat)
        and not (r.named_libraries or r.aspects or r.topic_words)
        and (not others or Cue.THANKS in chat)
    )


def _chat_kind(r: Reading) -> str:
    return next(cue.value for cue in (Cue.THANKS, Cue.GREETING, Cue.SMALL_TALK) if r.cues[cue])


def _about_the_last_answer(r: Reading, cue: Cue) -> bool:
    """ "why?", "where does it say that?": nothing but the cue, right after an answer."""
    return (
        r.context is not None and bool(r.cues[cue]) and not (r.named_libraries or r.aspects or r.topic_words)
    )


FOLLOW_UP_CUES = frozenset({Cue.RATING, Cue.CURRENT})


def _continues(r: Reading) -> bool:
    """A continuation of the previous question: "and mxnet?", "what about scalability?",
    "keras's?" — names and continuation words only. A question complete on its own ("which
    is easier to learn?") is read as it stands, whatever came before."""
    if r.context is None or r.topic_words or not set(r.cues) <= FOLLOW_UP_CUES:
        return False
    continued = phrase_spans(r.words, r.index.continuations)
    return bool(continued) or len(r.name_positions) == len(r.words)


def _another_library(r: Reading) -> Query:
    """The previous question, asked of another library."""
    previous = r.context
    assert previous is not None
    libraries = r.named_libraries
    if previous.intent is Intent.FACT and previous.facts:
        asked = previous.facts[0]
        counterpart = _counterpart(r, asked, libraries[0])
        if counterpart is None:
            names = " and ".join(r.comparison.library(key).name for key in libraries)
            owner = r.comparison.library(asked.library).name
            return replace(r.not_covered((f"{owner} — {asked.topic}",)), unknown=f"{asked.topic} of {names}")
        return replace(previous, text=r.text, libraries=libraries, facts=(counterpart,), fact_elsewhere=False)
    keeps = {Intent.COMPARE, Intent.PROS, Intent.CONS, Intent.PROS_AND_CONS, Intent.ABOUT, Intent.STATS}
    if previous.intent in keeps:
        return replace(
            previous, text=r.text, libraries=libraries, current=previous.current or bool(r.cues[Cue.CURRENT])
        )
    return r.query(Intent.ABOUT)


def _counterpart(r: Reading, asked: Fact, library: str) -> Fact | None:
    """The library's fact on the same topic, else the one sharing most of its keywords."""
    facts = r.comparison.library(library).facts
    same = [f for f in facts if f.topic == asked.topic]
    if same:
        return same[0]
    wanted = {stems(keyword) for keyword in asked.keywords} - {(w,) for w in r.index.filler}
    shared = [(len(wanted & {stems(k) for k in f.keywords}), f) for f in facts]
    best = max(shared, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] else None


def _aspect_ratings(r: Reading) -> Query:
    """An aspect's ratings — unless the question is about something the source never
    mentions ("how fast does mxnet compile", "is keras faster than pytorch")."""
    aspects = [r.comparison.aspect(key) for key in r.aspects]
    evidence = frozenset().union(*(r.index.aspect_evidence(a.key) for a in aspects))
    if r.uncovered(evidence, unknown_only=True):
        return r.not_covered(tuple(f"the {a.name} ratings" for a in aspects[:1]))
    return r.query(Intent.COMPARE)


def _another_aspect(r: Reading) -> Query:
    previous = r.context
    assert previous is not None
    focus = previous.libraries if previous.intent is Intent.COMPARE else ()
    return r.query(Intent.COMPARE, libraries=focus)


def _best_fact_score(r: Reading) -> int:
    return r.facts[0][1] if r.facts else 0


def _unknown_aspect(r: Reading) -> Query:
    return r.query(
        Intent.UNKNOWN,
        unknown=" ".join(r.unknown_words),
        unknown_kind=EntityKind.ASPECT,
        suggestions=tuple(asp.name for asp in r.comparison.aspects),
    )


RULES: tuple[Rule, ...] = (
    Rule("chat", _chat, lambda r: r.query(Intent.CHAT, chat=_chat_kind(r))),
    Rule(
        "why",
        lambda r: _about_the_last_answer(r, Cue.WHY),
        lambda r: r.query(Intent.WHY, previous=r.context),
    ),
    Rule(
        "source",
        lambda r: _about_the_last_answer(r, Cue.SOURCE),
        lambda r: r.query(Intent.SOURCE, previous=r.context),
    ),
    Rule(
        "another-library",
        lambda r: _continues(r) and bool(r.named_libraries) and not r.aspects,
        _another_library,
    ),
    Rule(
        "another-aspect",
        lambda r: _continues(r) and bool(r.aspects) and not r.named_libraries,
        _another_aspect,
    ),
    Rule(
        "recommendation",
        lambda r: r.recommended is not None,
        lambda r: r.query(Intent.RECOMMEND, recommended=r.recommended or None),
    ),
    Rule(
        "pros-or-cons",
        lambda r: bool(r.cues[Cue.PROS] or r.cues[Cue.CONS]),
        lambda r: needs_library(r, r.query(pros_or_cons(r.cues))),
    ),
    Rule(
        "statistics",
        lambda r: bool(r.cues[Cue.STATS]) and r.statistics_weight >= _best_fact_score(r),
        _statistics,
    ),
    Rule("ratings-table", lambda r: bool(r.cues[Cue.TABLE]) and not r.aspects, _intent(Intent.COMPARE)),
    Rule("conclusion", lambda r: bool(r.cues[Cue.CONCLUSION]), _intent(Intent.CONCLUSION)),
    Rule(
        "aspect-ratings",
        lambda r: bool(r.aspects) and bool(r.cues[Cue.RATING] or not r.facts),
        _aspect_ratings,
    ),
    Rule(
        # The subject's own pro or con beats a fact that only another library has.
        "own-pro-or-con",
        lambda r: r.fact_elsewhere and bool(r.items),
        lambda r: r.query(Intent.FACT, items=r.items),
    ),
    Rule("fact", lambda r: bool(r.facts), _fact),
    Rule("pro-or-con", lambda r: bool(r.items), lambda r: r.query(Intent.FACT, items=r.items)),
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
    Rule("about-library", lambda r: bool(r.libraries), _about),
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
