"""The answer engine: user text → `Query` → `Answer`. Pure Python, no Discord.

`understand()` reads a command (`compare speed`, `!pros mxnt`) or a free-form question and
produces a `Query` (bot.query): what is asked and about which libraries, aspects, facts.
`answer()` has bot.compose build the `Answer` from the knowledge base. Nothing here knows
any library or aspect by name: the only vocabulary in code is generic English (bot.lexicon).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.answer import Answer
from bot.compose import Composer
from bot.knowledge import Comparison, Fact, Item, KnowledgeBase
from bot.lexicon import CONNECTIVES, CUE_PHRASES, FILLER_WORDS, STOPWORDS, Cue
from bot.matching import Entity, EntityKind, Matcher, Resolution
from bot.query import ANYWHERE, Intent, Query, Scope
from bot.text import PhraseIndex, compact, normalise, stem

MAX_INPUT = 2000  # longer input is cut before analysis: no question needs more
ANSWER_CACHE_SIZE = 4096
MIN_CORRECTED_LENGTH = 6  # shorter unknown words are more often names than typos
SPELLING_CUTOFF = 88.0


COMMANDS: dict[str, Intent] = {
    "compare": Intent.COMPARE,
    "pros": Intent.PROS,
    "cons": Intent.CONS,
    "about": Intent.ABOUT,
    "stats": Intent.STATS,
    "help": Intent.HELP,
}
COMMAND_PREFIXES = ("!", "/")


@dataclass
class _Vocabulary:
    """Per-comparison phrase indexes, built once at start-up."""

    facts: PhraseIndex = field(default_factory=PhraseIndex)
    items: PhraseIndex = field(default_factory=PhraseIndex)
    recommendations: PhraseIndex = field(default_factory=PhraseIndex)
    statistics: PhraseIndex = field(default_factory=PhraseIndex)
    known_words: set[str] = field(default_factory=set)
    filler: frozenset[str] = STOPWORDS  # stems that name no topic, the field's own included


class Engine:
    """Answers questions from one knowledge base. Thread-safe: it never mutates after init."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)
        self._cues = PhraseIndex()
        for cue, phrases in CUE_PHRASES.items():
            for phrase in phrases.split(","):
                self._cues.add(phrase, cue)
        self._vocab = {c.id: self._index(c) for c in kb.comparisons}
        # Answers are immutable and a knowledge base has few distinct ones: keep them.
        self._compose = lru_cache(maxsize=ANSWER_CACHE_SIZE)(self._compose_uncached)
        self._filler_stems = frozenset(
            STOPWORDS
            | self._cues.vocabulary()
            | {stem(w) for w in CONNECTIVES}
            | {
                stem(w)
                for c in kb.comparisons
                for phrase in c.filler_words
                for w in normalise(phrase).split()
            }
        )
        # Correctly spelled words are never taken for a typo of a name.
        self._real_words = frozenset(
            {*FILLER_WORDS, *normalise(" ".join(CUE_PHRASES.values())).split()}
            | {word for c in kb.comparisons for word in _raw_words_of(c)}
        )
        self._real_words_by_initial: dict[str, list[str]] = {}
        for word in sorted(self._real_words):
            self._real_words_by_initial.setdefault(word[0], []).append(word)
        self._alias_words = frozenset(
            word
            for entity in self.matcher.entities
            for spelling in self.matcher.spellings_of(entity)
            for word in normalise(spelling).split()
        )

    # Public API ------------------------------------------------------------------------------

    def ask(self, text: str, *, scope: Scope = ANYWHERE) -> Answer:
        """Answer a command or a free-form question, exactly as every front end does."""
        return self.answer(self.understand(text), default_library=scope.default_library)

    def run(self, command: str, argument: str | None = None, *, scope: Scope = ANYWHERE) -> Answer:
        """Answer a command whose name and argument a front end has already parsed."""
        return self.answer(
            self.understand_command(COMMANDS[command], argument or ""),
            default_library=scope.default_library,
        )

    def understand(self, text: str) -> Query:
        """What a line of user text asks: a command (with or without `!`/`/`) or a question."""
        text = text[:MAX_INPUT].strip()
        words = normalise(text).split()
        if not words:
            return Query(Intent.HELP, self.kb.default.id, text)
        first, rest = (*text.split(maxsplit=1), "")[:2]
        first = first.lstrip("".join(COMMAND_PREFIXES)).lower()
        if first in COMMANDS:
            query = self.understand_command(COMMANDS[first], rest)
            # Without `!` or `/`, "pros and cons?" or "compare prices" may be a sentence, not a command.
            if query.intent is not Intent.UNKNOWN or text.startswith(COMMAND_PREFIXES):
                return query
            return self._understand_question(text, tuple(words))
        if first == "ask":
            return self.understand(rest)
        return self._understand_question(text, tuple(words))

    def understand_command(self, intent: Intent, argument: str) -> Query:
        """A command whose argument names (or fails to name) a library or an aspect."""
        argument = argument[:MAX_INPUT].strip()
        if intent in {Intent.PROS, Intent.CONS}:  # `pros and cons of mxnet`
            cues = Counter(
                cue for cue, _ in self._cues.find(tuple(stem(w) for w in normalise(argument).split()))
            )
            cues[Cue.PROS if intent is Intent.PROS else Cue.CONS] += 1
            intent = _pros_or_cons(cues) if cues[Cue.PROS] and cues[Cue.CONS] else intent
        if intent is Intent.COMPARE:
            return self._with_argument(intent, argument, EntityKind.ASPECT)
        if intent in {Intent.PROS, Intent.CONS, Intent.PROS_AND_CONS, Intent.ABOUT, Intent.STATS}:
            return self._with_argument(intent, argument, EntityKind.LIBRARY)
        return Query(intent, self.kb.default.id, argument)

    def answer(self, query: Query, *, default_library: str | None = None) -> Answer:
        """The answer to a query; `default_library` (a server setting) fills a missing library."""
        comparison = self.kb.comparison(query.comparison)
        libraries = query.libraries
        if (
            not libraries
            and default_library in {lib.key for lib in comparison.libraries}
            and query.intent in {Intent.PROS, Intent.CONS, Intent.PROS_AND_CONS, Intent.ABOUT}
        ):
            libraries = (default_library,)
        # The answer depends on the resolved query only, never on the wording.
        return self._compose(replace(query, text=""), libraries)

    def _compose_uncached(self, query: Query, libraries: tuple[str, ...]) -> Answer:
        return Composer(self.kb.comparison(query.comparison)).compose(query, libraries)

    # Commands --------------------------------------------------------------------------------

    def _with_argument(self, intent: Intent, argument: str, kind: EntityKind) -> Query:
        default = self.kb.default.id
        if not normalise(argument):
            return Query(intent, default, argument)
        resolution = self.matcher.resolve(argument, kind)
        if resolution.entity is None and not resolution.ambiguous:
            resolution = self._resolve_in_sentence(argument, kind) or resolution
        if resolution.entity is None:
            if self._names_nothing_else(argument):
                return Query(intent, default, argument)
            return Query(
                Intent.UNKNOWN,
                default,
                argument,
                unknown=argument,
                unknown_kind=kind,
                suggestions=tuple(e.name for e in resolution.suggestions),
            )
        entity = resolution.entity
        if kind is EntityKind.ASPECT:
            libraries = tuple(
                e.key
                for e in self._mentions(argument)
                if e.kind is EntityKind.LIBRARY and e.comparison == entity.comparison
            )
            return Query(intent, entity.comparison, argument, libraries=libraries, aspects=(entity.key,))
        return Query(intent, entity.comparison, argument, libraries=(entity.key,))

    def _resolve_in_sentence(self, argument: str, kind: EntityKind) -> Resolution | None:
        """`compare keras and mxnet on speed` → the one aspect the sentence names, if just one."""
        named = [e for e in self._mentions(argument) if e.kind is kind]
        return Resolution(named[0]) if len(named) == 1 else None

    def _names_nothing_else(self, argument: str) -> bool:
        """An argument of filler and names only: `stats please`, `compare keras vs mxnet`."""
        return all(
            stem(word) in self._filler_stems or word in self._alias_words
            for word in normalise(argument).split()
        )

    def _mentions(self, text: str) -> tuple[Entity, ...]:
        return self.matcher.mentions(tuple(normalise(text).split()), self._real_words)

    # Free-form questions ---------------------------------------------------------------------

    def _understand_question(self, text: str, words: tuple[str, ...]) -> Query:
        """A free-form question, read as the first of these that fits: a choice between the
        libraries, pros/cons, statistics, the ratings table, the conclusion, an aspect's
        ratings, a fact, a pro or con, help, about a library — else off-topic."""
        mentioned = self.matcher.mentions(words, self._real_words)
        comparison = self._pick_comparison(mentioned)
        vocab = self._vocab[comparison.id]
        stemmed = tuple(stem(self._spelled(w)) for w in words)

        def keys(kind: EntityKind) -> tuple[str, ...]:
            return tuple(e.key for e in mentioned if e.kind is kind and e.comparison == comparison.id)

        libraries = keys(EntityKind.LIBRARY)
        aspects = self._strong_aspects(comparison, words, keys(EntityKind.ASPECT))
        cues = Counter(cue for cue, _ in self._cues.find(stemmed))
        base = Query(Intent.OFF_TOPIC, comparison.id, text, libraries=libraries, aspects=aspects)

        recommended = self._recommendation(vocab, stemmed, cues, libraries)
        if recommended is not None:
            return replace(base, intent=Intent.RECOMMEND, recommended=recommended or None)
        if cues[Cue.PROS] or cues[Cue.CONS]:
            return self._needs_library(base, _pros_or_cons(cues), stemmed, vocab)
        # "does mxnet have estimators like keras": the first library named is the subject.
        subject = libraries if cues[Cue.RATING] or cues[Cue.RECOMMEND] else libraries[:1]
        facts, elsewhere = self._facts(vocab, stemmed, subject)
        stats = [stat for stat, _ in vocab.statistics.find(stemmed)]
        if cues[Cue.STATS] and len(stats) >= _score(facts):
            metrics = tuple(dict.fromkeys(stat.metric for stat in stats))
            return self._needs_library(replace(base, metrics=metrics), Intent.STATS, stemmed, vocab)
        if cues[Cue.TABLE] and not aspects:
            return replace(base, intent=Intent.COMPARE)
        if cues[Cue.CONCLUSION]:
            return replace(base, intent=Intent.CONCLUSION)
        items = self._items(vocab, stemmed, subject)
        if aspects and (cues[Cue.RATING] or not facts):
            return replace(base, intent=Intent.COMPARE)
        if elsewhere and items:  # the subject's own pro or con beats another library's fact
            return replace(base, intent=Intent.FACT, items=items)
        if facts:
            unknown = self._unknown_words(stemmed, vocab) if not libraries else []
            return replace(
                base,
                intent=Intent.FACT,
                facts=tuple(f for f, _ in facts[:1]),
                fact_elsewhere=elsewhere,
                unknown=" ".join(unknown) or None,  # `tensorflow vs pytorch`: say what we don't know
            )
        if items:
            return replace(base, intent=Intent.FACT, items=items)
        if cues[Cue.HELP] and not libraries:
            return replace(base, intent=Intent.HELP)
        if cues[Cue.RECOMMEND] and not self._unknown_words(stemmed, vocab):
            return replace(base, intent=Intent.CONCLUSION)
        if len(libraries) > 1:
            unknown = self._unknown_words(stemmed, vocab)
            if unknown:  # "compare them on pricing": an aspect we do not have
                names = tuple(asp.name for asp in comparison.aspects)
                return replace(
                    base,
                    intent=Intent.UNKNOWN,
                    unknown=" ".join(unknown),
                    unknown_kind=EntityKind.ASPECT,
                    suggestions=names,
                )
            return replace(base, intent=Intent.COMPARE)
        if libraries:
            return replace(base, intent=Intent.ABOUT)
        if cues[Cue.RATING] and not self._unknown_words(stemmed, vocab):
            return replace(base, intent=Intent.COMPARE)
        return base

    def _spelled(self, word: str) -> str:
        """A long word the knowledge base does not use, corrected to the one it meant
        ("differentation" → "differentiation"); anything else unchanged."""
        if len(word) < MIN_CORRECTED_LENGTH or word in self._real_words or word.isdigit():
            return word
        candidates = self._real_words_by_initial.get(word[0], ())  # typos rarely hit the first letter
        match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
        return match[0] if match else word

    def _strong_aspects(
        self, comparison: Comparison, words: tuple[str, ...], aspects: tuple[str, ...]
    ) -> tuple[str, ...]:
        """Aspects named only by a weak alias ("easy") give way to any other aspect named."""
        if len(aspects) < 2:
            return aspects
        spans = {"".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
        weak_only = {
            asp.key
            for asp in comparison.aspects
            if asp.key in aspects
            and not spans.isdisjoint(compact(a) for a in asp.weak_aliases)
            and spans.isdisjoint(compact(a) for a in (asp.key, asp.name, *asp.aliases))
        }
        strong = tuple(key for key in aspects if key not in weak_only)
        return strong or aspects

    def _pick_comparison(self, mentioned: tuple[Entity, ...]) -> Comparison:
        for kind in (EntityKind.LIBRARY, EntityKind.ASPECT):
            ids = [e.comparison for e in mentioned if e.kind is kind]
            if ids:
                return self.kb.comparison(Counter(ids).most_common(1)[0][0])
        return self.kb.default

    def _recommendation(
        self,
        vocab: _Vocabulary,
        stemmed: tuple[str, ...],
        cues: Counter,
        libraries: tuple[str, ...],
    ) -> str | None:
        """The library the article recommends for the situation described; '' for a tie.

        None when the question is not asking for a choice or names no situation we know.
        """
        asks_choice = cues[Cue.RECOMMEND] or cues[Cue.RATING] or len(libraries) > 1
        if not asks_choice:
            return None
        votes: Counter = Counter()
        for library, phrase in vocab.recommendations.find(stemmed):
            if not vocab.filler.issuperset(phrase):  # "learn" in "deep learning" is no situation
                votes[library] += len(phrase)
        if not votes:
            return None
        ranked = votes.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return ""
        return ranked[0][0]

    def _facts(
        self, vocab: _Vocabulary, stemmed: tuple[str, ...], libraries: tuple[str, ...]
    ) -> tuple[list[tuple[Fact, int]], bool]:
        """Facts whose keywords the question uses, best first; and whether they belong only
        to a library the user did not ask about."""
        scores: Counter = Counter()
        for fact, phrase in vocab.facts.find(stemmed):
            # "who", "made": filler words point at a fact only in a question naming a library.
            if libraries or not vocab.filler.issuperset(phrase):
                scores[fact] += len(phrase)
        ranked = sorted(scores.items(), key=lambda pair: -pair[1])
        if not libraries:
            return ranked, False
        own = [(f, s) for f, s in ranked if f.library in libraries]
        if own:
            return own, False
        return ranked, bool(ranked)

    def _items(
        self, vocab: _Vocabulary, stemmed: tuple[str, ...], libraries: tuple[str, ...]
    ) -> tuple[tuple[str, Item], ...]:
        scores: Counter = Counter()
        for entry, phrase in vocab.items.find(stemmed):
            if entry[0] in libraries or (not libraries and not vocab.filler.issuperset(phrase)):
                scores[entry] += len(phrase)
        if not scores:
            return ()
        best = max(scores.values())
        return tuple(entry for entry, score in scores.items() if score == best)

    def _needs_library(
        self, base: Query, intent: Intent, stemmed: tuple[str, ...], vocab: _Vocabulary
    ) -> Query:
        """Pros, cons and statistics about a library we do not know are honestly refused."""
        unknown = self._unknown_words(stemmed, vocab)
        if not base.libraries and unknown:
            comparison = self.kb.comparison(base.comparison)
            return replace(
                base,
                intent=Intent.UNKNOWN,
                unknown=" ".join(unknown),
                unknown_kind=EntityKind.LIBRARY,
                suggestions=tuple(lib.name for lib in comparison.libraries),
            )
        return replace(base, intent=intent)

    def _unknown_words(self, stemmed: tuple[str, ...], vocab: _Vocabulary) -> list[str]:
        return [
            w
            for w in stemmed
            if w not in vocab.known_words and w not in self._filler_stems and not w.isdigit()
        ]

    def _index(self, comparison: Comparison) -> _Vocabulary:
        vocab = _Vocabulary()
        for lib in comparison.libraries:
            for fact in lib.facts:
                for keyword in fact.keywords:
                    vocab.facts.add(keyword, fact)
            for item in (*lib.pros, *lib.cons):
                for keyword in item.keywords:
                    vocab.items.add(keyword, (lib.key, item))
        for rec in comparison.conclusion.recommendations:
            for keyword in rec.keywords:
                vocab.recommendations.add(keyword, rec.library)
        for stat in comparison.statistics.items:
            for keyword in stat.keywords:
                vocab.statistics.add(keyword, stat)
        vocab.known_words = _words_of(comparison)
        vocab.filler = STOPWORDS | {
            stem(w) for phrase in comparison.filler_words for w in normalise(phrase).split()
        }
        return vocab


def _pros_or_cons(cues: Counter) -> Intent:
    """`pros and cons of x` asks for both; otherwise the side asked about more."""
    if cues[Cue.PROS] and cues[Cue.CONS] and abs(cues[Cue.PROS] - cues[Cue.CONS]) <= 1:
        return Intent.PROS_AND_CONS
    return Intent.CONS if cues[Cue.CONS] > cues[Cue.PROS] else Intent.PROS


def _words_of(comparison: Comparison) -> set[str]:
    """Every stemmed word the comparison's names, aliases, keywords and texts use."""
    return {stem(word) for word in _raw_words_of(comparison)}


def _raw_words_of(comparison: Comparison) -> set[str]:
    """Every normalised word the comparison's names, aliases, keywords and texts use."""
    texts = [comparison.title, comparison.introduction, comparison.conclusion.text, *comparison.filler_words]
    for lib in comparison.libraries:
        texts += [lib.name, *lib.aliases, lib.overview]
        texts += [f.text for f in lib.facts] + [i.title for i in (*lib.pros, *lib.cons)]
    for asp in comparison.aspects:
        texts += [asp.name, *asp.aliases, asp.text, *asp.details.values()]
    for lib in comparison.libraries:
        texts += [kw for entry in (*lib.facts, *lib.pros, *lib.cons) for kw in entry.keywords]
    texts += [kw for rec in comparison.conclusion.recommendations for kw in rec.keywords]
    texts += [kw for stat in comparison.statistics.items for kw in stat.keywords]
    return {word for text in texts for word in normalise(text).split()}


def _score(facts: list[tuple[Fact, int]]) -> int:
    return facts[0][1] if facts else 0
