"""Every answerable piece of a comparison, and how well a question's words fit each.

A passage is one thing an answer can be built from — an aspect's ratings and reasons (as a
whole, and one library's side of it), a fact, a pro or a con, a recommendation, a statistic,
a library's overview, the introduction, the conclusion — with the article's sentences that
say it. A question is scored against every passage by the words they share: stemmed, with a
longer form of a word counted ("scal" meets "scalabl"), and through the related words of the
lexicon ("quicker" meets "performance"). Each word weighs what it says — a rare word more than
a common one, a word found in few passages more than one found in many — so the reader can
rank passages and abstain when the question's main words are covered by none.

Nothing here names a library or an aspect: passages come from the knowledge file, related
words from the lexicon.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple

from bot.core.knowledge import Comparison
from bot.core.lexicon import Wanted
from bot.core.text import PhraseIndex, normalise, sentences, stem
from bot.core.vocabulary import zipf

EXACT, LONGER_FORM, RELATED = 1.0, 0.75, 0.6  # how much each way of meeting a passage's word counts
HINT = 0.8  # a word only of a passage's hints (aliases, keywords), not of what it says
HEADLINE = 1.5  # a word of what the passage is about (its topic, title, name) counts more
COMMON_WORD = 4.5  # Zipf frequency from which a word is no shortening of a longer one
MIN_SHARED_PREFIX = 4  # "scal" meets "scalabl"; "use" does not meet "user"
OTHER_LIBRARY = 0.5  # a passage about a library the question does not name counts half
LENGTH_WEIGHT = 0.3  # how much a long passage's many words count against it (0: not at all)
CUE_WORD = 0.5  # a cue word ("better", "against") counts this much towards what a question is about
OUTSIDE_FOCUS = 0.4  # words of a preamble or a quoted message count less than the question's own
_YEAR = re.compile(r"(1[89]|20)\d\d")


class PassageKind(StrEnum):
    ASPECT = "aspect"
    FACT = "fact"
    ITEM = "item"  # a pro or a con
    RECOMMENDATION = "recommendation"
    STATISTIC = "statistic"
    OVERVIEW = "overview"
    INTRODUCTION = "introduction"
    CONCLUSION = "conclusion"


@dataclass(frozen=True, eq=False)
class Passage:
    """One answerable piece: what it is about (`kind`, `key`, `library`), the sentences that
    say it, and hints (aliases, keywords) that find it without being shown."""

    kind: PassageKind
    key: str  # the aspect key, fact topic, item title, library key or metric
    library: str | None  # the library it is about; None for both
    title: str  # how a "closest it has" hint names it
    sentences: tuple[str, ...]
    hints: tuple[str, ...] = ()
    headline: tuple[str, ...] = ()  # what it is about: a topic, a title, a name and its aliases
    stems: frozenset[str] = field(default=frozenset(), compare=False)
    said: frozenset[str] = field(default=frozenset(), compare=False)  # stems of its sentences and headline
    concepts: frozenset[int] = field(default=frozenset(), compare=False)
    headline_stems: frozenset[str] = field(default=frozenset(), compare=False)
    headline_concepts: frozenset[int] = field(default=frozenset(), compare=False)
    gives: tuple[frozenset[Wanted], ...] = field(default=(), compare=False)  # per sentence: a date, who…
    negated: frozenset[str] = field(default=frozenset(), compare=False)  # stems said after a "don't"
    negated_concepts: frozenset[int] = field(default=frozenset(), compare=False)  # their related-word groups
    # Stems and related-word groups said to be absent ("without extensive machine learning
    # knowledge"): what a question's "zero ML background" meets.
    lacking: frozenset[str] = field(default=frozenset(), compare=False)
    lacking_concepts: frozenset[int] = field(default=frozenset(), compare=False)
    sentence_stems: tuple[frozenset[str], ...] = field(default=(), compare=False)
    sentence_concepts: tuple[frozenset[int], ...] = field(default=(), compare=False)


class Term(NamedTuple):
    """One word of a question that may say what it is about. (A named tuple, not a frozen
    dataclass: a question makes several on every read.)"""

    position: int
    word: str
    stem: str
    weight: float  # how much it says: see bot.core.vocabulary.informativeness
    concepts: frozenset[int] = frozenset()  # related-word groups it belongs to
    focus: bool = True  # in the question itself, not in a preamble or a quote
    cue: bool = False  # says how the question asks ("pros", "better"), more than what about
    negated: bool = False  # "no admin pages", "without a database"
    sentence: int = 0  # which sentence of the message it is in


class Scored(NamedTuple):
    """A passage met by a question, and how: made for every passage on every read."""

    passage: Passage
    score: float
    matched: Mapping[int, float]  # position of each term it meets → how (EXACT, LONGER_FORM, RELATED)


class PassageIndex:
    """One comparison's passages, indexed by stem and by related-word group."""

    def __init__(
        self,
        comparison: Comparison,
        related: PhraseIndex[int],
        wanted: Mapping[Wanted, tuple[tuple[str, ...], tuple[str, ...]]] | None = None,
        filler: frozenset[str] = frozenset(),
        negations: tuple[str, ...] = (),
    ) -> None:
        self.comparison = comparison
        # Related-word phrases made only of filler ("deep learning" in a deep learning
        # comparison) say nothing: they are left out.
        self.related = _Meaningful(related, filler)
        giving: PhraseIndex[Wanted] = PhraseIndex()
        for kind, (_, given) in (wanted or {}).items():
            for phrase in given:
                giving.add_words(normalise(phrase).split(), kind)
        negating = tuple(tuple(normalise(n).split()) for n in negations)
        self.passages: tuple[Passage, ...] = tuple(
            _indexed(p, self.related, giving, negating) for p in passages_of(comparison)
        )
        self.advice: tuple[int, ...] = tuple(
            n for n, p in enumerate(self.passages) if p.kind is PassageKind.RECOMMENDATION and p.library
        )
        self._by_stem: dict[str, list[int]] = defaultdict(list)
        self._by_concept: dict[int, list[int]] = defaultdict(list)
        for number, passage in enumerate(self.passages):
            for stemmed in passage.stems:
                self._by_stem[stemmed].append(number)
            for concept in passage.concepts:
                self._by_concept[concept].append(number)
        count = len(self.passages)
        self._stem_idf = {s: _idf(len(found), count) for s, found in self._by_stem.items()}
        self._concept_idf = {c: _idf(len(found), count) for c, found in self._by_concept.items()}
        # Per stem and per related-word group: each passage using it, and how strongly it says
        # it (rarity among passages; more in what the passage is about, less in a hint only).
        self._by_stem_strength = {
            stemmed: {n: self._stem_idf[stemmed] * _placed(self.passages[n], stemmed, -1) for n in found}
            for stemmed, found in self._by_stem.items()
        }
        self._by_concept_strength = {
            concept: {n: self._concept_idf[concept] * _placed(self.passages[n], None, concept) for n in found}
            for concept, found in self._by_concept.items()
        }
        self._met: dict[tuple[str, frozenset[int]], dict[int, tuple[float, float]]] = {}
        self._longer_forms: dict[str, list[str]] = defaultdict(list)
        for stemmed in self._by_stem:
            for end in range(MIN_SHARED_PREFIX, len(stemmed)):
                self._longer_forms[stemmed[:end]].append(stemmed)
        # Each aspect's key, and the stems and related-word groups of its name and aliases.
        self.aspect_headlines: tuple[tuple[str, frozenset[str], frozenset[int]], ...] = tuple(
            (p.key, p.headline_stems, p.headline_concepts)
            for p in self.passages
            if p.kind is PassageKind.ASPECT and p.library is None
        )
        self._forms: dict[str, list[str]] = {}  # worked out once per stem asked about
        sizes = [len(p.stems) for p in self.passages]
        mean = sum(sizes) / len(sizes)
        # A long passage's many words count a little against it.
        self._length_norms = [math.sqrt(1 - LENGTH_WEIGHT + LENGTH_WEIGHT * size / mean) for size in sizes]

    def knows(self, stemmed: str) -> bool:
        """Whether any passage uses this stem, or a longer or shorter form of it."""
        return stemmed in self._by_stem or bool(self._forms_of(stemmed))

    def rank(
        self,
        terms: Sequence[Term],
        libraries: Iterable[str] = (),
        meetings: Mapping[int, Mapping[int, tuple[float, float]]] | None = None,
        prior: Callable[[PassageKind], float] | None = None,
    ) -> list[Scored]:
        """Every passage meeting at least one term, best first (by score times the `prior` of
        its kind); `meetings` are the terms' `meeting`s by position, if already worked out."""
        named = set(libraries)
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, dict[int, float]] = defaultdict(dict)
        for term in terms:
            met = meetings[term.position] if meetings is not None else self.meeting(term)
            for number, (strength, way) in met.items():
                scores[number] += (
                    term.weight
                    * strength
                    * (1.0 if term.focus else OUTSIDE_FOCUS)
                    * (CUE_WORD if term.cue else 1.0)
                )
                matched[number][term.position] = way
        ranked = []
        passages, lengths = self.passages, self._length_norms
        for number, score in scores.items():
            passage = passages[number]
            if named and passage.library is not None and passage.library not in named:
                score *= OTHER_LIBRARY
            ranked.append(Scored(passage, score / lengths[number], matched[number]))
        ranked.sort(key=lambda s: -s.score * (prior(s.passage.kind) if prior else 1.0))
        return ranked

    def meeting(self, term: Term) -> Mapping[int, tuple[float, float]]:
        """The passages (by number) a term meets: how strongly (the way times how rare the
        word is among passages), and the way (EXACT, LONGER_FORM or RELATED)."""
        key = (term.stem, term.concepts)
        found = self._met.get(key)
        if found is None:
            found = self._met[key] = self._meet(term.stem, term.concepts)
        return found

    def _meet(self, stemmed: str, concepts: frozenset[int]) -> dict[int, tuple[float, float]]:
        found: dict[int, tuple[float, float]] = {}
        ways = [(self._by_concept_strength.get(c, {}), RELATED) for c in concepts]
        ways += [(self._by_stem_strength[form], LONGER_FORM) for form in self._forms_of(stemmed)]
        if stemmed in self._by_stem_strength:
            ways.append((self._by_stem_strength[stemmed], EXACT))
        for strengths, way in ways:
            for number, strength in strengths.items():
                strength *= way
                if found.get(number, (0.0, 0.0))[0] < strength:
                    found[number] = (strength, way)
        return found

    def meeting_absent(self, term: Term) -> dict[int, tuple[float, float]]:
        """The passages a word wanted absent meets: those saying it is absent too ("zero ML
        background" meets "without extensive machine learning knowledge")."""
        passages = self.passages
        return {
            number: met
            for number, met in self.meeting(term).items()
            if term.stem in passages[number].lacking or term.concepts & passages[number].lacking_concepts
        }

    def knows_concept(self, concept: int) -> bool:
        return concept in self._by_concept

    def _forms_of(self, stemmed: str) -> list[str]:
        forms = self._forms.get(stemmed)
        if forms is None:
            forms = self._forms[stemmed] = self._find_forms(stemmed)
        return forms

    def _find_forms(self, stemmed: str) -> list[str]:
        """Stems of the comparison that are a longer or a shorter form of `stemmed`: what the
        question shortened ("lang", "perf"), or a word of the family it extends by a deriving
        ending ("scalability" meets "scal"; "startup" does not meet "start")."""
        if len(stemmed) < MIN_SHARED_PREFIX:
            return []
        # A shortening ("lang", "perf") extends freely; a common word only into its family:
        # "fast" does not meet "fastapi".
        shortened = zipf(stemmed) < COMMON_WORD
        longer = [
            s
            for s in self._longer_forms.get(stemmed, ())
            if s != stemmed and (shortened or _derived(s, stemmed))
        ]
        shorter = [
            stemmed[:end]
            for end in range(MIN_SHARED_PREFIX, len(stemmed))
            if stemmed[:end] in self._by_stem and _derived(stemmed, stemmed[:end])
        ]
        return longer + shorter

    def sentence_for(self, scored: Scored, terms: Sequence[Term]) -> int | None:
        """The number of the passage's sentence that says most of the question's own topic
        words (by weight), then meets most of all its words — a related word counting as it
        does in the score, a cue word said literally counting as a related one; None if none
        meets one."""
        met = [t for t in terms if t.position in scored.matched]
        passage = scored.passage
        best, best_weight = None, (0.0, 0.0)
        for number, (stems, concepts) in enumerate(
            zip(passage.sentence_stems, passage.sentence_concepts, strict=True)
        ):
            said, related = 0.0, 0.0
            for term in met:
                if term.stem in stems or any(form in stems for form in self._forms_of(term.stem)):
                    if term.cue:
                        related += term.weight
                    else:
                        said += term.weight
                elif not concepts.isdisjoint(term.concepts):
                    related += term.weight * RELATED
            # the sentence saying the question's own topic words ("community"), before one only
            # related to them ("a large and mature ecosystem")
            weight = (said, said + related)
            if weight > best_weight:
                best, best_weight = number, weight
        return best


# Endings that turn a word into another of its family, as the crude stemmer leaves them.
_DERIVING = (
    "ability",
    "ibility",
    "abl",
    "ibl",
    "ity",
    "ment",
    "ness",
    "ion",
    "ation",
    "ition",
    "ance",
    "ence",
    "anc",
    "enc",
    "al",
    "ally",
    "ly",
    "ive",
    "iv",
    "er",
    "ist",
    "ism",
    "ic",
    "ical",
    "ful",
    "less",
    "ize",
    "iz",
    "ise",
    "is",
    "ization",
    "isation",
    "y",
    "ed",
    "ing",
    "s",
    "e",
    "abil",
    "ibil",
    "ent",
    "ential",
    "ant",
)


def _derived(longer: str, shorter: str) -> bool:
    """`longer` is `shorter` with a deriving ending ("scalabl" from "scal")."""
    return longer[len(shorter) :] in _DERIVING_SET or any(
        longer[len(shorter) :].startswith(ending) and len(ending) >= 3 for ending in _DERIVING
    )


_DERIVING_SET = frozenset(_DERIVING)


def _placed(passage: Passage, stemmed: str | None, concept: int) -> float:
    """How much where the passage says it counts: in what it is about, more; in a hint only
    (an alias, a keyword), less."""
    if stemmed in passage.headline_stems or concept in passage.headline_concepts:
        return HEADLINE
    return HINT if stemmed is not None and stemmed not in passage.said else 1.0


def _idf(found: int, count: int) -> float:
    """1 for a word of one passage, falling towards 0 for a word of every passage."""
    return math.log(1 + count / found) / math.log(1 + count)


class _Meaningful:
    """A related-word index that ignores phrases made only of filler words."""

    def __init__(self, related: PhraseIndex[int], filler: frozenset[str]) -> None:
        self._related = related
        self._filler = filler

    def find(self, words: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
        return [(c, phrase) for c, phrase, _ in self.spans(words)]

    def spans(self, words: tuple[str, ...]) -> list[tuple[int, tuple[str, ...], int]]:
        return [found for found in self._related.spans(words) if not self._filler.issuperset(found[1])]


def _indexed(
    passage: Passage,
    related: _Meaningful,
    giving: PhraseIndex[Wanted],
    negations: tuple[tuple[str, ...], ...],
) -> Passage:
    """The passage with its words worked out: stems, related-word groups, its headline's, and
    per sentence what it says and gives."""
    sentence_words = [normalise(text).split() for text in passage.sentences]
    sentence_stems = [tuple(stem(w) for w in words) for words in sentence_words]
    headline = tuple(stem(w) for text in passage.headline for w in normalise(text).split())
    hints = tuple(stem(w) for text in passage.hints for w in normalise(text).split())
    gives = tuple(_gives(words, giving) for words in sentence_words)
    said = tuple(s for stems in sentence_stems for s in stems) + headline
    lacking = _negated(passage.sentences, (*negations, _WITHOUT))
    # Only advice is read for what it says is not needed (the votes for a recommendation).
    advice = passage.kind is PassageKind.RECOMMENDATION
    not_needed = _negated_runs(passage.sentences, negations) if advice else ()
    if any(Wanted.DATE in kinds for kinds in gives):
        said += (stem("year"),)  # "released in 2005" answers "what year"
    every = said + hints
    return replace(
        passage,
        stems=frozenset(every),
        said=frozenset(said),
        concepts=frozenset(concept for concept, _ in related.find(every)),
        headline_stems=frozenset(headline),
        headline_concepts=frozenset(concept for concept, _ in related.find(headline)),
        gives=gives,
        sentence_stems=tuple(frozenset(stems) for stems in sentence_stems),
        sentence_concepts=tuple(frozenset(c for c, _ in related.find(stems)) for stems in sentence_stems),
        negated=frozenset(word for run in not_needed for word in run),
        negated_concepts=frozenset(concept for run in not_needed for concept, _ in related.find(run)),
        lacking=lacking,
        lacking_concepts=frozenset(concept for concept, _ in related.find(tuple(sorted(lacking)))),
    )


_CLAUSE_END = re.compile(r"[,;:()—–]")
_WITHOUT = ("without",)


def _negated(said: Iterable[str], negations: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """Stems said after a negation, to the end of its clause: "Keras, when you don't require
    the latest and greatest in terms of performance" says nothing for performance."""
    return frozenset(word for run in _negated_runs(said, negations) for word in run)


def _negated_runs(said: Iterable[str], negations: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """`_negated`, each clause's stems in order (for the phrases they make)."""
    found: list[tuple[str, ...]] = []
    firsts = {n[0] for n in negations}
    for clause in (part for sentence in said for part in _CLAUSE_END.split(sentence)):
        words = normalise(clause).split()
        start = next(
            (
                i
                for i, word in enumerate(words)
                if word in firsts and any(tuple(words[i : i + len(n)]) == n for n in negations)
            ),
            None,
        )
        if start is not None:
            found.append(tuple(stem(word) for word in words[start:]))
    return tuple(found)


def _gives(words: list[str], giving: PhraseIndex[Wanted]) -> frozenset[Wanted]:
    """What a sentence gives: a date (a year), a figure (a number), who (the lexicon's words)."""
    kinds = {kind for kind, _ in giving.find(tuple(words))}
    if any(_YEAR.fullmatch(word) for word in words):
        kinds.add(Wanted.DATE)
    if any(word.isdigit() for word in words):
        kinds.add(Wanted.FIGURE)
    return frozenset(kinds)


def passages_of(comparison: Comparison) -> Iterable[Passage]:
    """Every answerable piece of a comparison (not yet indexed)."""
    names = {lib.key: lib.name for lib in comparison.libraries}
    for aspect in comparison.aspects:
        aliases = (*aspect.aliases, *aspect.weak_aliases)
        # What it is about: its name and one-word aliases ("gpu" alone is not "multi gpu").
        about = (aspect.name, *(a for a in aliases if len(normalise(a).split()) == 1))
        text = sentences(aspect.text)
        yield Passage(
            PassageKind.ASPECT, aspect.key, None, f"the {aspect.name} ratings", text, aliases, about
        )
        for key, reason in aspect.details.items():
            title = f"{names[key]} — {aspect.name}"
            # "why is keras only Moderate there": its rating as printed is a word of its reason.
            hints = (*aliases, aspect.ratings[key]) if key in aspect.ratings else aliases
            yield Passage(PassageKind.ASPECT, aspect.key, key, title, sentences(reason), hints, about)
    for lib in comparison.libraries:
        yield Passage(PassageKind.OVERVIEW, lib.key, lib.key, f"what {lib.name} is", sentences(lib.overview))
        for fact in lib.facts:
            title = f"{lib.name} — {fact.topic}"
            yield Passage(
                PassageKind.FACT,
                fact.topic,
                lib.key,
                title,
                sentences(fact.text),
                fact.keywords,
                (fact.topic,),
            )
        for side, items in (("pro", lib.pros), ("con", lib.cons)):
            for item in items:
                title = f"{lib.name} — {side}: {item.title}"
                yield Passage(
                    PassageKind.ITEM,
                    item.title,
                    lib.key,
                    title,
                    sentences(item.text),
                    item.keywords,
                    (item.title,),
                )
    for rec in comparison.conclusion.recommendations:
        title = f"when to choose {names[rec.library]}"
        yield Passage(
            PassageKind.RECOMMENDATION, rec.library, rec.library, title, sentences(rec.when), rec.keywords
        )
    statistics = comparison.statistics
    for stat in statistics.items:
        by = f", according to {stat.source}" if stat.source else ""
        said = f"{names[stat.library]}: {stat.value}{by}."
        hints = stat.keywords
        about = (stat.metric, statistics.label)
        yield Passage(
            PassageKind.STATISTIC, stat.metric, stat.library, statistics.label, (said,), hints, about
        )
    if statistics.insight:
        about = (statistics.label,)
        yield Passage(
            PassageKind.STATISTIC, "", None, statistics.label, sentences(statistics.insight), (), about
        )
    intro = comparison.introduction
    yield Passage(PassageKind.INTRODUCTION, "", None, "the introduction", sentences(intro))
    conclusion = comparison.conclusion.text
    yield Passage(PassageKind.CONCLUSION, "", None, "the conclusion", sentences(conclusion))
