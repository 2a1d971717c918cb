"""One comparison's vocabulary, indexed for reading questions inside it.

Once the engine has picked the comparison a question is about, every name, alias, typo
correction, filler word and known word is looked up here, in that comparison only, so two
comparisons sharing aspect names (both have "Performance") never make each other ambiguous.
Built once per comparison at start-up; never mutated afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from itertools import pairwise

from rapidfuzz import fuzz, process

from bot.core.knowledge import Comparison, KnowledgeBase, LaterNote
from bot.core.lexicon import Cue, Lexicon, Wanted
from bot.core.matching import Entity, Matcher
from bot.core.passages import PassageIndex
from bot.core.question import ASKING, Question
from bot.core.text import WILDCARD, PhraseIndex, normalise, phrase_words, says, sentences, stem
from bot.core.vocabulary import meant, ordinary, settled, zipf

MIN_CORRECTED_LENGTH = 4  # shorter unknown words are more often names than typos
SPELLING_CUTOFF = 88.0
RARE_COMPOUND = 3.0  # zipf: a word this rare in English, written in two, is still that word


class ComparisonIndex:
    """Names, phrases and words of one comparison, plus the generic English of the lexicon."""

    def __init__(
        self, comparison: Comparison, lexicon: Lexicon, cues: PhraseIndex[Cue], related: PhraseIndex[int]
    ) -> None:
        self.comparison = comparison
        self.matcher = Matcher(KnowledgeBase((comparison,)))
        self.cues = cues
        self.related = related
        self.negations = _phrases(lexicon.negations)
        self._negation_phrases = lexicon.negations
        self.idioms = _phrases(lexicon.idioms)
        self.settings = lexicon.settings
        # Later notes are found by their keywords: what a question asks of them.
        self.notes: PhraseIndex[LaterNote] = PhraseIndex()
        for note in comparison.later_notes:
            for keyword in note.keywords:
                self.notes.add(keyword, note)
        field_filler = {stem(w) for phrase in comparison.filler_words for w in normalise(phrase).split()}
        # Stems that name no topic, the field's own included ("learn" in "deep learning").
        self.filler: frozenset[str] = lexicon.stopwords | field_filler
        self._wanted = lexicon.wanted
        # Stems that carry no topic of their own: filler, cue words and connectives.
        self.topicless: frozenset[str] = frozenset(
            self.filler | cues.vocabulary() | {stem(w) for w in lexicon.connectives}
        )
        raw_words = _raw_words_of(comparison)
        self.known_words: frozenset[str] = frozenset(stem(word) for word in raw_words)
        # "opinionated": a word of the source derived from a filler word ("opinion") is no
        # filler; its inflections ("needs", "making") are.
        filler_words = lexicon.filler_words | {
            w for p in comparison.filler_words for w in normalise(p).split()
        }
        inflected = {form for word in filler_words for form in _inflections(word)}
        self.said_not_filler: frozenset[str] = frozenset(
            word for word in raw_words - inflected if filler_words.isdisjoint(_inflections(word))
        )
        self.compound_parts: frozenset[str] = _parts_of_compound_names(comparison)
        # Correctly spelled words are never taken for a typo of a name.
        self.real_words: frozenset[str] = frozenset(lexicon.filler_words | lexicon.cue_words() | raw_words)
        self._related_words = lexicon.related_words
        # A typo is corrected to a word of the source or of the lexicon ("comunity": community).
        self._real_words_by_initial: dict[str, list[str]] = {}
        for word in sorted(self.real_words | lexicon.related_words):
            self._real_words_by_initial.setdefault(word[0], []).append(word)
        self._corrected: dict[str, str] = {}  # each word read, corrected once
        # "micro framework": the source's rare words, written in two.
        self._compounds = frozenset(w for w in raw_words if w.isalpha() and zipf(w) < RARE_COMPOUND)
        self._initialisms = _initialisms_of(comparison, self.real_words)
        self.names_written: frozenset[str] = _names_written(comparison)
        self._shorthand = lexicon.shorthand
        self.pronouns = _phrases(lexicon.pronouns)
        self.continuations = _phrases(lexicon.continuations)
        self.others = _phrases(lexicon.others)
        # Matched word for word, not by stem: "stronger" compares, "strong" does not.
        self.comparatives: PhraseIndex[bool] = PhraseIndex()  # True: a rating word
        for phrase in lexicon.comparatives:
            self.comparatives.add_words(normalise(phrase).split(), False)
        for phrase in lexicon.rating_words:
            self.comparatives.add_words(normalise(phrase).split(), True)
        self.rating_words = frozenset(
            word for phrase in lexicon.rating_words for word in normalise(phrase).split()
        )
        self.joining: frozenset[str] = frozenset(stem(w) for w in lexicon.connectives)
        self.asking: frozenset[str] = ASKING  # words opening a question complete on its own
        self.wanted: PhraseIndex[Wanted] = PhraseIndex()
        for kind, (asked, _) in lexicon.wanted.items():
            for phrase in asked:
                self.wanted.add_words(phrase_words(phrase), kind)
        self.alias_words: frozenset[str] = frozenset(
            word
            for entity in self.matcher.entities
            for spelling in self.matcher.spellings_of(entity)
            for word in normalise(spelling).split()
        )
        # "Django REST Framework": a thing the source names after a library, not the library.
        titles = [f.topic for lib in comparison.libraries for f in lib.facts]
        titles += [i.title for lib in comparison.libraries for i in (*lib.pros, *lib.cons)]
        titles += [run for text in _texts_of(comparison) for run in _NAME_RUN.findall(text)]
        self.titled = _phrases(
            title
            for title in titles
            if len(words := normalise(title).split()) > 1 and words[0] in self.alias_words
        )

    def written_out(self, question: Question) -> Question:
        """The question with the source's words as the source writes them: two words that make
        one of its rare words joined ("micro framework" → "microframework"), the initials of a
        name it writes out spelt out ("drf" → "django rest framework")."""
        words = question.words
        initialisms = self._initialisms
        if not any(w in initialisms for w in words) and not any(
            first + second in self._compounds for first, second in pairwise(words)
        ):
            return question
        origin: list[int] = []  # per word written out, the position of the word it comes from
        written: list[str] = []
        position = 0
        while position < len(words):
            pair = "".join(words[position : position + 2])
            joins = position + 1 < len(words) and pair in self._compounds
            out = (pair,) if joins else initialisms.get(words[position], (words[position],))
            origin += [position] * len(out)
            written += out
            position += 2 if joins else 1
        sentence = question.sentence
        return replace(
            question,
            words=tuple(written),
            focus=tuple(question.focus[i] for i in origin),
            sentence=tuple(sentence[i] for i in origin) if sentence else (),
        )

    def mentions(self, words: tuple[str, ...]) -> tuple[Entity, ...]:
        """Libraries and aspects of this comparison named in a sentence's normalised words."""
        return self.matcher.mentions(words, self.real_words)

    def name_spans(self, words: tuple[str, ...]) -> list[tuple[range, Entity]]:
        """Each library or aspect named in a sentence: where, and which."""
        return self.matcher.spans(words, self.real_words)

    def spelled(self, word: str) -> str:
        """A long word the comparison does not use, corrected to the one it meant
        ("differentation" → "differentiation"); anything else — an everyday English word
        included ("stuck" is no typo of "suck") — unchanged."""
        if len(word) < MIN_CORRECTED_LENGTH or word in self.real_words or word.isdigit() or settled(word):
            return word
        candidates = self._real_words_by_initial.get(word[0], ())  # typos rarely hit the first letter
        match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF)
        if match is None or not self._may_become(word, match[0]):
            return word  # "wordy" is no typo of "word"; "customise" is another "customize"
        return str(match[0])

    def _may_become(self, word: str, other: str) -> bool:
        """Whether `word` may be read as `other`: a word of the related groups only as a word
        of one of its own groups ("simpler" as "simple", never "backend" as "backed")."""
        return word not in self._related_words or self._alike(word, other)

    def _alike(self, word: str, other: str) -> bool:
        """Whether two words share a related-word group."""
        groups = {group for group, _ in self.related.find((stem(word),))}
        return not groups.isdisjoint(group for group, _ in self.related.find((stem(other),)))

    def corrected(self, word: str) -> str:
        """`spelled`, or else the everyday word a slip of the keys made it ("strs" → "stars",
        "mny" → "many"); a word the comparison uses, or any everyday word, unchanged."""
        known = self._corrected.get(word)
        if known is None:
            known = self._corrected[word] = self._correct(word)
        return known

    def expanded(self, word: str) -> str:
        """The word a shorthand stands for ("langs" → "languages"), else the word itself."""
        if word in self._shorthand and word not in self.real_words:  # "r" is R in keras
            return self._shorthand[word]
        return word

    def _correct(self, word: str) -> str:
        expanded = self.expanded(word)
        if expanded != word:
            return expanded
        opposite = self.matcher.opposite_of(word)
        if opposite is not None and word not in self.real_words:  # "inflexible": about flexibility
            return opposite
        if _STRETCHED.search(word):  # "soooo", "pleeease", "cooool"
            word = max(_unstretched(word), key=lambda w: (w in self.real_words, zipf(w)))
        spelled = self.spelled(word)
        if spelled != word or word in self.real_words or settled(word) or word.isdigit():
            return spelled
        slip = meant(word)
        return slip if slip is not None and self._may_become(word, slip) else word

    def unknown_words(self, stemmed: Iterable[str]) -> list[str]:
        """The stems that are neither this comparison's words nor topicless English."""
        return [
            w for w in stemmed if w not in self.known_words and w not in self.topicless and not w.isdigit()
        ]

    def names_nothing_else(self, text: str) -> bool:
        """Text of filler and names only: `stats please`, `compare keras vs mxnet`."""
        return all(
            stem(word) in self.topicless or word in self.alias_words for word in normalise(text).split()
        )

    def cues_in(self, stemmed: tuple[str, ...]) -> list[Cue]:
        return [cue for cue, _ in self.cues.find(stemmed)]

    @cached_property
    def passages(self) -> PassageIndex:
        """The passages scored against free-form questions: built on the first one, so that a
        process answering commands first starts without them."""
        return PassageIndex(self.comparison, self.related, self._wanted, self.filler, self._negation_phrases)


Phrases = dict[str, tuple[tuple[str, ...], ...]]  # first word → every phrase starting with it


_STRETCHED = re.compile(r"(.)\1\1")


def _unstretched(word: str) -> tuple[str, str]:
    """A word typed with a letter held down, that letter twice and once: "cooool" → "cool", "col"."""
    return re.sub(r"(.)\1{2,}", r"\1\1", word), re.sub(r"(.)\1{2,}", r"\1", word)


def _phrases(phrases: Iterable[str]) -> Phrases:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = phrase_words(phrase)
        by_first.setdefault(words[0], []).append(words)
    return {first: tuple(found) for first, found in by_first.items()}


def phrase_spans(words: tuple[str, ...], phrases: Phrases) -> set[int]:
    """The positions of `words` covered by any of `phrases` (a `*` in a phrase: any one word)."""
    covered: set[int] = set()
    for start, word in enumerate(words):
        for phrase in phrases.get(word, ()):
            end = start + len(phrase)
            said = words[start:end]
            if said == phrase or (WILDCARD in phrase and says(said, phrase)):
                covered.update(range(start, end))
    return covered


def cue_index(lexicon: Lexicon) -> PhraseIndex[Cue]:
    """Every cue phrase of the lexicon, each found with its cue."""
    cues: PhraseIndex[Cue] = PhraseIndex()
    for cue, phrases in lexicon.cues.items():
        for phrase in phrases:
            cues.add(phrase, cue)
    return cues


def related_index(lexicon: Lexicon) -> PhraseIndex[int]:
    """Every phrase of the lexicon's related-word groups, found with its group's number."""
    related: PhraseIndex[int] = PhraseIndex()
    for number, group in enumerate(lexicon.related):
        for phrase in group:
            related.add(phrase, number)
    return related


def _inflections(word: str) -> tuple[str, ...]:
    """A word and its regular inflections: "need", "needs", "needed", "needing"; "make",
    "making"; "get", "getting"; "know", "known"."""
    doubled = word + word[-1:]
    endings = ("", "s", "es", "d", "ed", "n", "ing")
    return (*(word + ending for ending in endings), word[:-1] + "ing", doubled + "ing", doubled + "ed")


def _raw_words_of(comparison: Comparison) -> frozenset[str]:
    """Every normalised word the comparison's names, aliases, keywords and texts use."""
    return frozenset(word for text in _texts_of(comparison) for word in normalise(text).split())


# "Django Software Foundation", "Django REST Framework": two or more words written like names.
_NAME_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+")


def _initialisms_of(comparison: Comparison, known: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Initials of the names the source writes out ("dsf": Django Software Foundation), each
    to the words it stands for; none that is a word of the source or of everyday English."""
    spelled_out: dict[str, tuple[str, ...]] = {}
    for text in _texts_of(comparison):
        for run in _NAME_RUN.findall(text):
            words = tuple(normalise(run).split())
            initials = "".join(word[0] for word in words)
            if len(words) > 1 and initials not in known and not ordinary(initials):
                spelled_out.setdefault(initials, words)
    return spelled_out


def _names_written(comparison: Comparison) -> frozenset[str]:
    """Words the source writes like names, inside its sentences ("TensorFlow", "Werkzeug"), or
    anywhere when capitals inside them say so ("FastAPI is gaining ground")."""
    return frozenset(
        normalise(token)
        for text in _texts_of(comparison)
        for sentence in sentences(text)
        for number, token in enumerate(sentence.split())
        if token[:1].isupper() and (number or any(map(str.isupper, token[1:]))) and normalise(token).isalnum()
    )


def _parts_of_compound_names(comparison: Comparison) -> frozenset[str]:
    """The words after a library's name in names the source writes joined to it by hyphens
    ("Flask-WTF"): never filler, whatever they spell ("what is flask-wtf for")."""
    libraries = {normalise(name) for lib in comparison.libraries for name in (lib.name, *lib.aliases)}
    return frozenset(
        part
        for text in _texts_of(comparison)
        for token in text.split()
        if "-" in token and normalise(token.split("-")[0]) in libraries
        for part in normalise(token).split()[1:]
    )


def _texts_of(comparison: Comparison) -> list[str]:
    """The comparison's names, aliases, keywords and texts."""
    texts: list[str] = [
        comparison.title,
        comparison.introduction,
        comparison.conclusion.text,
        *comparison.filler_words,
    ]
    for lib in comparison.libraries:
        texts += [lib.name, *lib.aliases, lib.overview]
        texts += [f.text for f in lib.facts] + [i.title for i in (*lib.pros, *lib.cons)]
    for asp in comparison.aspects:
        texts += [asp.name, *asp.aliases, asp.text, *asp.details.values()]
    # Everything a passage says is a word of the source: pros' and cons' texts, the advice,
    # what the figures are and what the article concludes from them ("FastAPI is gaining ground").
    texts += [i.text for lib in comparison.libraries for i in (*lib.pros, *lib.cons)]
    texts += [rec.when for rec in comparison.conclusion.recommendations]
    statistics = comparison.statistics
    texts += [
        statistics.insight,
        *(s.metric for s in statistics.items),
        *(s.source or "" for s in statistics.items),
    ]
    for lib in comparison.libraries:
        texts += [kw for fact in lib.facts for kw in fact.keywords]
        texts += [kw for item in (*lib.pros, *lib.cons) for kw in item.keywords]
    texts += [kw for rec in comparison.conclusion.recommendations for kw in rec.keywords]
    texts += [kw for stat in comparison.statistics.items for kw in stat.keywords]
    return texts
