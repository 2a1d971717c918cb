"""The free-form question reader: a scored reading, and named rules around it.

A `Reading` holds what a question says inside one comparison — the libraries and aspects it
names, its cue words ("pros", "should I"), and its other words, each weighed by how much it
says and scored against every passage of the source (bot.core.passages) — each worked out once,
when a rule first asks. `RULES` are tried in order; the first whose condition holds builds
the `Query`. Named rules do what rules do well (the shape of a question, follow-ups, chat);
which fact, pro, con, figure or recommendation answers, and whether the source answers at
all, is decided by the scores: a question whose own main words no passage meets is not
covered. `python -m bot ask --explain` shows the rule that fired and the best scores.

Nothing here names a library or an aspect: every word comes from the knowledge files and
the lexicon.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rapidfuzz.distance import OSA

from bot.core.index import ComparisonIndex, phrase_spans
from bot.core.knowledge import Comparison, Fact, Item, LaterNote, Library
from bot.core.lexicon import CHAT_CUES, Cue, Wanted
from bot.core.matching import EntityKind
from bot.core.passages import EXACT, LONGER_FORM, OUTSIDE_FOCUS, RELATED, Passage, PassageKind, Scored, Term
from bot.core.query import Intent, Query
from bot.core.question import ASKING, JUDGING, OPENING, Question, acronyms, capitalised, parse
from bot.core.text import compact, normalise, stem, stems
from bot.core.vocabulary import (
    informativeness,
    names_no_topic,
    ordinary,
    other_language,
    slip_of_ordinary,
    zipf,
)

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


SUBJECT_WORDS = 3  # a sentence's subject is among its first words
COVERED = 0.5  # the share of the question's own words (by weight) a passage must meet
# A word the source never uses, in the question itself, is a topic of its own ("can keras run
# on android"): the passage must then meet this much of the question.
COVERED_DESPITE_FOREIGN = 0.75
COVERED_AGAIN = 0.4  # a question pointing at the last answer ("which part of that …") needs less of it
FOREIGN_WEIGHT = 0.5  # a word this informative, that the source never uses, is a topic
NEGATION_REACH = 3  # "no admin pages": the words after a negation that it covers
ANOTHER_LANGUAGE = "another_language"  # the kind of chat that answers a message in another language
OTHER_LANGUAGE_WORDS = 2  # words of another language, in a message, that show it mixes languages
TOPICAL = 0.4  # a word less informative than this makes no question about anything by itself
SIGNED_QUESTION_WORDS = 4  # words a question takes before the thanks that sign it off…
ASKING_WITHIN = 3  # …an asking word among its first ones
THANKS_WORDS = 4  # words a thanks phrase can take
VERSION_WEIGHT = 1.0  # "python 2": a version names one thing exactly
ANSWER_MARGIN = 0.5  # a covering passage must score at least this share of the best one
FACT_OVER_ADVICE = 0.7  # a fact nearly as good answers a question asking no choice before advice
CUE_PRIOR = 1.25  # a passage of the kind the cue words ask for ("should I" → recommendation)
LIST_ITEM = 0.85  # a pro or a con when the question asks for neither
RECOMMENDATION_MARGIN = 1.2  # the recommended library's situation must fit this much better


class Reading:
    """One question read inside one comparison. Every property is computed at most once."""

    def __init__(
        self,
        question: Question,
        index: ComparisonIndex,
        context: Query | None = None,
        about: tuple[str, ...] | None = None,
    ) -> None:
        self.index = index
        self.question = question = index.written_out(question)
        self.text = question.text
        self.words = question.words  # normalised
        # The previous question of the conversation, if it was asked in this comparison.
        self.context = context if context and context.comparison == index.comparison.id else None
        self._about = about  # the one library asked about, when the question is asked again of each

    @property
    def comparison(self) -> Comparison:
        return self.index.comparison

    @once
    def stemmed(self) -> tuple[str, ...]:
        return tuple(stem(word) for word in self._meant)

    @once
    def _meant(self) -> tuple[str, ...]:
        """Each word as meant: typos corrected, shorthand spelt out — but "LTS", written in
        capitals, is a name as written, not a slip for "lots"."""
        index, acronyms, foreign = self.index, self._acronyms, self._other_language_at
        return tuple(
            word
            if position in foreign  # "viele" is no slip of the "vielen" of "vielen dank"
            else index.expanded(word)
            if word in acronyms
            else index.corrected(word)
            for position, word in enumerate(self.words)
        )

    @once
    def _acronyms(self) -> frozenset[str]:
        return acronyms(self.question)

    # Names --------------------------------------------------------------------------------

    @once
    def _spans(self) -> list[tuple[range, Any]]:
        """Each library or aspect named, and where; not a library's name opening the name of
        something else the source names after it ("django rest framework")."""
        found = [
            (span, entity)
            for span, entity in self.index.name_spans(self.words)
            if not (entity.kind is EntityKind.LIBRARY and span.start in self._titled_at)
            and not (entity.kind is EntityKind.ASPECT and set(span) <= self._both_at)  # "both libraries"
        ]
        found += (
            self._named_beside(found) or self._named_after_continuing(found) or self._named_by_a_trait(found)
        )
        return sorted(found, key=lambda pair: pair[0].start)

    def _named_beside(self, found: list[tuple[range, Any]]) -> list[tuple[range, Any]]:
        """ "flash vs django", "keras or mx": joined to one library's name, a word one slip
        from the other library's name, or its first letters, names that library; so does one
        the source never uses, anywhere in a comparison ("is flash easier than django")."""
        named = {entity.key: span for span, entity in found if entity.kind is EntityKind.LIBRARY}
        others = [lib for lib in self.comparison.libraries if lib.key not in named]
        if len(named) != 1 or len(others) != 1:
            return []
        [span] = named.values()
        other = others[0]
        taken = {p for span, _ in found for p in span}
        beside = (span.start - 2, span.stop + 1)
        joined = (span.start - 1, span.stop)
        for position, joiner in zip(beside, joined, strict=True):
            if (
                0 <= position < len(self.words)
                and position not in taken
                and self.words[joiner] in _JOINING_NAMES
                and _resembles(self.words[position], other)
            ):
                return self._naming(position, other)
        # "is flash easier to learn than jango": compared with the library named, anywhere.
        if "than" in self.words:
            knows = self.index.passages.knows
            for position, word in enumerate(self.words):
                if (
                    position not in taken
                    and len(word) > SHORTENED_NAME + 1
                    and _resembles(word, other)
                    and not knows(self.stemmed[position])
                ):
                    return self._naming(position, other)
        return []

    def _named_after_continuing(self, found: list[tuple[range, Any]]) -> list[tuple[range, Any]]:
        """ "and mx?" after a question about the other library: the one word after continuing
        words, one slip from the library not asked about last, or its first letters, names it."""
        previous = self.context
        if found or previous is None or len(previous.libraries) != 1:
            return []
        others = [lib for lib in self.comparison.libraries if lib.key not in previous.libraries]
        continued = self._continuations_at
        rest = [p for p in range(len(self.words)) if p not in continued]
        if (
            not continued
            or len(rest) != 1
            or len(others) != 1
            or not _resembles(self.words[rest[0]], others[0])
        ):
            return []
        return self._naming(rest[0], others[0])

    def _named_by_a_trait(self, found: list[tuple[range, Any]]) -> list[tuple[range, Any]]:
        """ "and the aws one?": a library called by a word the source says of it alone."""
        if any(entity.kind is EntityKind.LIBRARY for _, entity in found):
            return []
        words, passages = self.words, self.index.passages.passages
        for position in range(1, len(words) - 1):
            if words[position - 1] != "the" or words[position + 1] not in _KINDS:
                continue
            stemmed = self.stemmed[position]
            owners = {passage.library for passage in passages if stemmed in passage.said}
            if len(owners) == 1 and (owner := owners.pop()) is not None:
                return self._naming(position, self.comparison.library(owner))
        return []

    def _naming(self, position: int, library: Library) -> list[tuple[range, Any]]:
        """The one word at `position`, read as naming `library`."""
        entities = self.index.name_spans(tuple(normalise(library.name).split()))
        return [(range(position, position + 1), entity) for _, entity in entities[:1]]

    @once
    def _titled_at(self) -> set[int]:
        return phrase_spans(self.words, self.index.titled)

    @once
    def _both_at(self) -> set[int]:
        """ "describe both libraries", "the two frameworks", "each one": words naming the
        libraries compared, all of them at once."""
        words = self.words
        return {
            p
            for at, word in enumerate(words)
            if word in _COLLECTIVE
            for p in (at, at + 1)
            if p < len(words) and (p == at or words[p] in _KINDS)
        }

    @once
    def name_positions(self) -> frozenset[int]:
        """Where the words naming a library or an aspect are (typos included)."""
        return frozenset(position for span, _ in self._spans for position in span)

    @once
    def library_positions(self) -> frozenset[int]:
        return frozenset(p for span, e in self._spans if e.kind is EntityKind.LIBRARY for p in span)

    @once
    def _mentioned(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        focus = self.question.focus

        def named(kind: EntityKind, before: bool) -> tuple[str, ...]:
            """Named in the question itself; with `before`, in a preamble or a quote too if
            the question names none (a library it refers to: "is that true?")."""
            spans = [(span, e) for span, e in self._spans if e.kind is kind]
            asked = [e for span, e in spans if focus[span.start]] or [e for _, e in spans if before]
            return tuple(dict.fromkeys(e.key for e in asked))

        return named(EntityKind.LIBRARY, True), named(EntityKind.ASPECT, False)

    @property
    def named_libraries(self) -> tuple[str, ...]:
        """Library keys named, in order of first mention."""
        return self._mentioned[0]

    @once
    def libraries(self) -> tuple[str, ...]:
        """The libraries asked about: those named, else those a pronoun refers back to
        ("what are its cons?" after a question about one library)."""
        if self._about is not None:
            return self._about
        named = self.named_libraries
        if len(named) == 1 and self._other_one and self.context is None:  # "keras stars vs the other one"
            return tuple(lib.key for lib in self.comparison.libraries)
        if named or self.context is None or not self._refers_back:
            return named
        if self._other_one:  # "and the other one?"
            asked = self.context.libraries or self._answered_with(self.context)
            others = tuple(lib.key for lib in self.comparison.libraries if lib.key not in asked)
            return others if len(others) == 1 else ()
        return self.context.libraries or ((self.context.recommended,) if self.context.recommended else ())

    def _answered_with(self, previous: Query) -> tuple[str, ...]:
        """The library the previous answer came out for: the one recommended, or the one rated
        higher on the one aspect compared ("which has the bigger ecosystem?" "and the other one?")."""
        if previous.recommended:
            return (previous.recommended,)
        if previous.intent is Intent.COMPARE and len(previous.aspects) == 1:
            leaders = self.comparison.rated_highest(self.comparison.aspect(previous.aspects[0]))
            return (leaders[0].key,) if len(leaders) == 1 else ()
        # "which one gives me an admin panel?": the library whose facts answered
        given = {fact.library for fact in previous.facts} | {library for library, _ in previous.items}
        return tuple(given) if len(given) == 1 else ()

    @once
    def _other_one(self) -> bool:
        return bool(self._others_at)

    @once
    def _refers_back(self) -> bool:
        """A pronoun ("its cons"), the other one, or a question continuing the last one ("and
        the cons?")."""
        if self._pronouns_at or self._others_at:
            return True
        if not self.topic_words and self.cues and self.words[0] not in OPENING:
            return True  # "downsides?", "cons?" right after a question about one library
        if self.context is not None and self.words[-1:] == ("then",):  # "how do people fix that then"
            return True
        return self._opening in self._continuations_at

    @once
    def _pronouns_at(self) -> set[int]:
        return phrase_spans(self.words, self.index.pronouns)

    @once
    def _continuations_at(self) -> set[int]:
        """Where continuing words are: "and", "what about" — and "n" for and ("n django?")."""
        expanded = self.index.expanded
        words = tuple(meant if " " not in (meant := expanded(word)) else word for word in self.words)
        return phrase_spans(words, self.index.continuations)

    @once
    def _others_at(self) -> set[int]:
        return phrase_spans(self.words, self.index.others)

    @once
    def _negations_at(self) -> set[int]:
        """Where the asker says what they want absent ("zero ML experience", "no admin pages")
        — not a claim that a library lacks something ("flask has basically zero security"),
        which asks about that something."""
        libraries, words = self.library_positions, self.words
        return {
            p
            for p in self._negation_words_at
            if not any(
                words[at] in _HAVING and any(q in libraries for q in range(at - 2, at))
                for at in range(max(0, p - CLAIMED_REACH), p)
            )
        }

    def _negated_after(self, negation: int) -> Iterator[int]:
        """The words a negation covers: a few after it, up to a comma or a new sentence ("no
        budget, prototype needed": the prototype is wanted)."""
        sentence, pauses = self.question.sentence, self.question.pauses
        for position in range(negation + 1, min(negation + NEGATION_REACH + 1, len(self.words))):
            if position in pauses or (sentence and sentence[position] != sentence[negation]):
                return
            yield position

    @once
    def _negation_words_at(self) -> set[int]:
        """Where negating words are, whatever they negate: never a topic themselves."""
        return phrase_spans(self.words, self.index.negations)

    @once
    def _idioms_at(self) -> set[int]:
        return phrase_spans(self.words, self.index.idioms) | self._greeted_from_at

    @property
    def _greeted_from_at(self) -> set[int]:
        """ "good morning from Chennai!", "hi all, greetings from the UK": where the greeter is."""
        words, pauses = self.words, self.question.pauses
        found: set[int] = set()
        greetings = (
            start + len(phrase)
            for cue, phrase, start in self.index.cues.spans(self.stemmed)
            if cue is Cue.GREETING
        )
        for at in greetings:
            while at < len(words) and words[at] in _ADDRESSED:
                at += 1
            if words[at : at + 1] == ("from",):
                place = list(range(at + 1, min(at + 1 + PLACE_WORDS, len(words))))
                said = self.question.sentence or (0,) * len(words)
                ends = (i for i, p in enumerate(place) if p in pauses or said[p] != said[at])
                place = place[: next(ends, len(place))]
                found |= {at, *place}
        return found

    @once
    def _guessed_at(self) -> frozenset[int]:
        """Where a guess at who is ("is mxnet made by google?"): a name the source does not
        have, in a question asking who; the question is who, whatever the guess."""
        if Wanted.AGENT not in self.wanted or not self.named_libraries:
            return self._owner_guessed
        unknown, words = self._unknown_stems, self.words
        after_by = {
            p + reach
            for p, word in enumerate(words)
            if word == "by" or (word == "at" and words[p - 1 : p] in _MADE)  # "made at google"
            for reach in (1, 2)
        }
        # "who is behind mxnet, amazon or google?": names offered one or the other
        offered = {p + step for p, word in enumerate(words) if word == "or" for step in (-1, 1)}
        # "> who made mxnet / > pretty sure it was google"
        said_to_be = {p for p in range(2, len(words)) if words[p - 2 : p] in _SAID_TO_BE}
        guessed = {
            p for p in after_by | said_to_be | offered if 0 <= p < len(words) and self.stemmed[p] in unknown
        }
        return frozenset(guessed) | self._owner_guessed

    @once
    def _other_language_at(self) -> frozenset[int]:
        """Where words of another language are, mixed in with English ("bhai keras me community
        support kaisa hai?"): words the comparison does not know, at least two of them (one
        alone is more likely a name: "scala", "cuda"). No question is read in them."""
        index = self.index
        found = frozenset(
            p
            for p, word in enumerate(self.words)
            if word not in index.alias_words and other_language(word) and index.unknown_words([stem(word)])
        )
        return found if len(found) >= OTHER_LANGUAGE_WORDS else frozenset()

    @property
    def in_another_language(self) -> bool:
        """Most of the message is in another language ("welche programmiersprachen kann man mit
        mxnet benutzen") and none of the rest is a word of the source's ("bhai django ka
        security kaisa hai?" asks about security): no question can be read in it."""
        said = len(self.words) - len(self.library_positions)
        if 2 * len(self._other_language_at) <= said:
            return False
        return not any(self._known(t) for t in self._topical)

    def _known(self, term: Term) -> bool:
        """Whether the source says the word, or a word of its related-word group."""
        passages = self.index.passages
        return passages.knows(term.stem) or any(passages.knows_concept(c) for c in term.concepts)

    @once
    def _said_otherwise_at(self) -> frozenset[int]:
        """Where the question's words are that belong to a related-word group the source uses."""
        passages = self.index.passages
        return frozenset(
            p
            for group, phrase, start in self._related
            if passages.knows_concept(group)
            for p in range(start, start + len(phrase))
        )

    @once
    def _examples_at(self) -> frozenset[int]:
        """Names the source does not have, given as an example of a kind of thing it may have:
        "a document database like mongo", "mongo or some kind of document db". The question
        is about the kind."""
        unknown, words, passages = self._unknown_stems, self.words, self.index.passages
        if not unknown:
            return frozenset()
        # "a document db like mongo": the kind in the source's words or in related ones
        known = self._said_otherwise_at if "like" in words else frozenset()
        found = set()
        for p in range(len(words)):
            if self.stemmed[p] not in unknown or p in self.library_positions:
                continue
            kind = p - 2
            after_a_kind = (
                kind >= 0 and words[p - 1] == "like" and (kind in known or passages.knows(self.stemmed[kind]))
            )
            before_a_kind = words[p + 1 : p + 2] == ("or",) and words[p + 2 : p + 3] in _SOME_OTHER
            if after_a_kind or before_a_kind:
                found.add(p)
        return frozenset(found)

    @once
    def _calls_at(self) -> frozenset[int]:
        """Words that call out rather than say ("abeg which one …", "keras or mxnet abeg",
        "… beginner o"): a word of no language Versus knows just before a sentence's asking
        word, or last after a library's name; or a lone letter."""
        unknown, words, libraries = self._unknown_stems, self.words, self.library_positions
        sentence = self.question.sentence or (0,) * len(words)
        related = {p for span in self._related_spans for p in span}
        found = set()
        for p, word in enumerate(words):
            if self.stemmed[p] not in unknown or p in libraries or p in related:  # "is django overkill"
                continue
            opening = p + 1 < len(words) and words[p + 1] in OPENING and sentence[p + 1] == sentence[p]
            first = p == 0 or sentence[p - 1] != sentence[p]
            last = p + 1 == len(words) or sentence[p + 1] != sentence[p]
            if len(word) == 1 or (zipf(word) == 0 and ((first and opening) or (last and p - 1 in libraries))):
                found.add(p)
        return frozenset(found)

    @once
    def _naming_nothing_at(self) -> frozenset[int]:
        """Where words are that name no topic, known or not: set phrases, a guess at who, words
        of another language, a name given as an example of a kind, words that call out, where
        the asker is, a sentence only asking if a claim is so."""
        return frozenset(
            self._idioms_at
            | self._tag_words_at
            | self._guessed_at
            | self._other_language_at
            | self._examples_at
            | self._calls_at
            | self._settings_at
            | self._reasons_of_a_claim_at
        )

    @once
    def _reasons_of_a_claim_at(self) -> frozenset[int]:
        """ "my teacher says django is newer than flask bc it has way more features": why the
        claimant believes it, not what is asked."""
        checked, sentence, meant = self.question.checked, self.question.sentence, self._meant
        if not checked or not sentence:
            return frozenset()
        found: set[int] = set()
        for at, word in enumerate(meant):
            # a claim already whole before it ("django is newer than flask"); not "we must
            # switch to mxnet because it is faster", whose reason is the claim
            if word not in _BECAUSE or sentence[at] not in checked:
                continue
            whole = any(p < at and sentence[p] == sentence[at] for p in self._comparing)
            if whole:
                found.update(p for p in range(at, len(meant)) if sentence[p] == sentence[at])
        return frozenset(found)

    @once
    def _tag_words_at(self) -> set[int]:
        """ "… pretty sure thats wrong lol": the words judging a claim, in a sentence asking if it is so."""
        tags, sentence, words = self.question.tags, self.question.sentence, self.words
        return (
            {p for p, number in enumerate(sentence) if number in tags and words[p] in JUDGING}
            if tags
            else set()
        )

    @once
    def _settings_at(self) -> frozenset[int]:
        """Where the asker says where they are ("in the lab"), in words the source never uses."""
        settings, knows = self.index.settings, self.index.passages.knows
        return frozenset(
            p for p, word in enumerate(self.words) if word in settings and not knows(self.stemmed[p])
        )

    @once
    def _unknown_stems(self) -> frozenset[str]:
        """The stems of the question that the comparison does not know (see unknown_words)."""
        return frozenset(self.index.unknown_words(self.stemmed))

    @once
    def _owner_guessed(self) -> frozenset[int]:
        """ "is mxnet a google project?", "mxnet is google's framework": a name the source does
        not have, owning what a library is, in the question itself (not in what the asker read:
        "… I read it is a standalone framework"); a guess at who makes it."""
        if not self.named_libraries:
            return frozenset()
        unknown, words, focus = self._unknown_stems, self.words, self.question.focus
        sentence = self.question.sentence or (0,) * len(words)
        naming = {
            sentence[p] for p in self.library_positions
        }  # not "FPGAs from an old project. would mxnet …"
        # "mxnet is a dying project": a word the source says in other words ("growing") owns nothing
        meant = self._said_otherwise_at
        return frozenset(
            p
            for p in range(len(words) - 1)
            if self.stemmed[p] in unknown
            and p not in meant
            and words[p + 1] in _OWNED
            and not (p + 2 < len(words) and words[p + 2] in _FOR_ANOTHER)  # "a graphql library for django"
            and p not in self.library_positions
            and focus[p]
            and sentence[p] in naming
        )

    @once
    def _opening(self) -> int:
        """Where the question starts, past words like "hmm" or "ok": "hmm, and keras?"."""
        continuing = set(self.index.continuations)  # the first words of continuing phrases
        filler = self.index.filler
        return next(
            (p for p, word in enumerate(self.words) if word in continuing or self.stemmed[p] not in filler),
            0,
        )

    @once
    def _bare_continuation(self) -> bool:
        """A sentence of nothing but names and continuing words: "wait, and keras?" — whatever
        the rest of the message says."""
        continued = self._continuations_at
        names = self.name_positions
        filler = self.index.filler
        by_sentence: dict[int, list[int]] = defaultdict(list)
        for position in range(len(self.words)):
            by_sentence[self.question.sentence[position] if self.question.sentence else 0].append(position)
        return any(
            any(p in continued for p in positions)
            and any(p in names for p in positions)
            and all(p in continued or p in names or self.stemmed[p] in filler for p in positions)
            for positions in by_sentence.values()
        )

    @property
    def aspects(self) -> tuple[str, ...]:
        """Aspect keys named; one named only by a weak alias ("easy") gives way to others."""
        return self._strong

    @once
    def _weakly_named(self) -> frozenset[str]:
        """Aspects named only by a weak alias ("easy", "simple")."""
        aspects = self._mentioned[1]
        words = self.words
        spans = {"".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
        return frozenset(
            asp.key
            for asp in self.comparison.aspects
            if asp.key in aspects
            and not spans.isdisjoint(compact(a) for a in asp.weak_aliases)
            and spans.isdisjoint(compact(a) for a in (asp.key, asp.name, *asp.aliases))
        )

    @once
    def named_only_weakly(self) -> bool:
        """Whether the aspects named are all named by a weak alias ("simple tasks")."""
        return bool(self.aspects) and set(self.aspects) <= self._weakly_named

    @once
    def _strong(self) -> tuple[str, ...]:
        aspects = tuple(key for key in self._mentioned[1] if not self._weak_inside_a_phrase(key))
        if len(aspects) < 2:
            return aspects
        strong = tuple(key for key in aspects if key not in self._weakly_named)
        if strong:
            return strong
        # Only weak aliases ("is it quicker on simple tasks"): the aspect the words fit best.
        best = self.best_of(PassageKind.ASPECT)
        return (best.passage.key,) if best is not None and best.passage.key in aspects else aspects

    def _weak_inside_a_phrase(self, key: str) -> bool:
        """ "in simple words": an aspect's weak alias inside a phrase that says how to answer
        names no aspect."""
        if key not in self._weakly_named:
            return False
        phrased = self._in_cue_phrases
        spans = [span for span, e in self._spans if e.kind is EntityKind.ASPECT and e.key == key]
        return all(set(span) <= phrased for span in spans)

    @once
    def _in_cue_phrases(self) -> frozenset[int]:
        """Where the words of cue phrases of more than one word are ("in simple words")."""
        return frozenset(p for _, span in self._cue_spans if len(span) > 1 for p in span)

    @once
    def implied_aspects(self) -> tuple[str, ...]:
        """Aspects the question names in other words: their name's related words ("safe from
        attacks" → Security), in the order asked."""
        about = (
            key
            for term in self.terms
            if term.focus and not term.cue and term.position not in self._comparing_other_words
            for key in self._aspects_of(term)
        )
        return tuple(dict.fromkeys(about))

    @once
    def _comparing_other_words(self) -> frozenset[int]:
        """Comparing words followed by a word of the question's own ("the bigger crowd"): they
        compare on that word, and say no aspect themselves."""
        own = {t.position for t in self._topical}
        return frozenset(
            p
            for p in self._comparing
            if any(p < q <= p + COMPARED_ON_REACH for q in own if q not in self._comparing)
        )

    def _aspects_of(self, term: Term) -> Iterator[str]:
        """The aspects a word is about: a word of their name, or a related word of one."""
        headlines = self.index.passages.aspect_headlines
        return (key for key, stems, concepts in headlines if term.stem in stems or term.concepts & concepts)

    @once
    def aspects_side_by_side(self) -> tuple[str, ...]:
        """ "compare them on how hard they are to learn and on how safe they keep your app":
        one aspect on each side of an "and" — named, or in other words (`implied_aspects`) —
        when the sides ask about different aspects; else none."""
        words, focus = self.words, self.question.focus
        if "and" not in words:
            return ()
        per_side: dict[int, str] = {}
        side = 0
        named_at = {p: e.key for span, e in self._spans if e.kind is EntityKind.ASPECT for p in span}
        terms_at = {t.position: t for t in self.terms if not t.cue}
        for position, word in enumerate(words):
            if word == "and":
                side += 1
            elif focus[position] and side not in per_side:
                term = terms_at.get(position)
                key = named_at.get(position) or (next(self._aspects_of(term), None) if term else None)
                if key is not None and key not in per_side.values():
                    per_side[side] = key
        found = tuple(dict.fromkeys(per_side.values()))
        return found[:MAX_ASPECTS] if len(found) > 1 else ()

    @once
    def compared_aspects(self) -> tuple[str, ...]:
        """ "is django harder to learn than flask?", "is keras harder to use than mxnet?": the pro
        or con words only compare the libraries ("harder", "better"), on an aspect the question
        names, or that the comparing word itself is about ("harder": ease); else none."""
        sides = [span for cue, span in self._cue_spans if cue in {Cue.PROS, Cue.CONS}]
        if self.aspects and len(sides) == 1:  # "is django hard to learn": "hard" is that aspect's word
            if sides[0].start and self.words[sides[0].start - 1] == "how":  # "how bad is it at scaling"
                return self.aspects
            headlines = self.index.passages.aspect_headlines
            concepts = frozenset().union(*(c for key, _, c in headlines if key in self.aspects))
            if all(t.concepts & concepts for t in self.terms if t.position in sides[0]):
                return self.aspects
        if len(sides) == 1 and not self._topical:  # "is keras hard to use?": the aspect "hard" is about
            about = {key for t in self.terms if t.position in sides[0] for key in self._aspects_of(t)}
            if len(about) == 1:
                return tuple(about)
        if not all(all(p in self._comparing for p in span) for span in sides):
            return ()
        if self.aspects:
            return self.aspects
        comparing = (
            t
            for t in self.terms
            if t.position in self._comparing and t.position not in self._comparing_other_words
        )
        return tuple(dict.fromkeys(key for t in comparing for key in self._aspects_of(t)))

    @once
    def topic_words(self) -> tuple[tuple[str, str], ...]:
        """(word, stem) of every word that carries a topic of its own: not filler, not a cue,
        not a name, not a pronoun or continuation."""
        skipped = self._pronouns_at | self._continuations_at | self.name_positions | self._idioms_at
        return tuple(
            (word, stemmed)
            for position, (word, stemmed) in enumerate(zip(self.words, self.stemmed, strict=True))
            if position not in skipped
            and stemmed not in self.index.topicless
            and not stemmed.isdigit()
            and word not in self.index.alias_words
        )

    @once
    def _cue_spans(self) -> tuple[tuple[Cue, range], ...]:
        """Each cue phrase of the question and where it is; one inside a longer phrase of a
        related-word group is no cue ("pick up" is about learning, not picking)."""
        cued = [
            (cue, range(start, start + len(phrase)))
            for cue, phrase, start in self.index.cues.spans(self.stemmed)
        ]
        # "that was super helpful": the thanks phrase holds "help", which asks for no help.
        chat = [span for cue, span in cued if cue in CHAT_CUES]
        longer = (*self._related_spans, *chat) if chat else self._related_spans
        focus = self.question.focus
        return tuple(
            (cue, span)
            for cue, span in cued
            if focus[span.start]  # a preamble's "choose any lib" is not asked
            and not (longer and _inside(span, longer))
            and span.start not in self._idioms_at  # "for my manager" asks for no advice
            and span.start not in self._tag_words_at  # "is that normal or am i dumb"
        )

    @once
    def _comparing(self) -> dict[int, bool]:
        """Where the words comparing the libraries on something are ("less", "faster"), each
        True for a rating word ("rating", "score") — not inside a longer phrase of a
        related-word group ("more than one")."""
        found: dict[int, bool] = {}
        for rating, phrase, start in self.index.comparatives.spans(self.words):
            span = range(start, start + len(phrase))
            # "Dear Versus,": a set phrase compares nothing
            if not _inside(span, self._related_spans) and start not in self._idioms_at:
                found.update(dict.fromkeys(span, rating))
        return found

    @once
    def comparing(self) -> frozenset[int]:
        return frozenset(self._comparing)

    @once
    def _related(self) -> list[tuple[int, tuple[str, ...], int]]:
        """The related-word phrases of the question: (group, phrase, where it starts)."""
        return self.index.passages.related.spans(self.stemmed)

    @once
    def _related_spans(self) -> tuple[range, ...]:
        """Where each related-word phrase of the question stands."""
        return tuple(range(start, start + len(phrase)) for _, phrase, start in self._related)

    @once
    def thanks_first(self) -> bool:
        """ "thx!! that literally saved my homework": thanks open the message, told or not."""
        opening = self.stemmed[:THANKS_WORDS]  # a thanks phrase is short: no need to read further
        return any(cue is Cue.THANKS and start == 0 for cue, _, start in self.index.cues.spans(opening))

    @once
    def signed_off_with_thanks(self) -> bool:
        """ "how many stars do they each have on gh thanks in advance": a question asked, then
        thanks — no chat, whatever the punctuation."""
        thanked_at = [span.start for cue, span in self._cue_spans if cue is Cue.THANKS]
        if (
            not thanked_at
            or thanked_at[0] < SIGNED_QUESTION_WORDS
            or ASKING.isdisjoint(self.words[:ASKING_WITHIN])
        ):
            return False
        # "how cool is that, thanks a lot" asks nothing: the question must ask for something
        asking_cues = any(cue not in CHAT_CUES and cue is not Cue.CURRENT for cue, _ in self._cue_spans)
        return bool(asking_cues or self.wanted or self._topical)

    @once
    def asks_for_several(self) -> bool:
        """ "what attacks does django protect against", "which protections": a plural right
        after the asking word; "what does django protect against", whose answer may be
        several things; "list all the things django protects against"."""
        words = self.words
        plural = {t.position for t in self.terms if t.focus and _plural(t.word, t.stem)}
        # "list all the things django protects against", "list its protections"
        if words[:1] == ("list",) and plural:
            return True
        if any(
            pair == ("all", "the") and not plural.isdisjoint(range(at + 2, at + 4))
            for at, pair in enumerate(pairwise(words))
        ):
            return True
        return any(
            word in ("what", "which")
            and (
                not plural.isdisjoint(range(at + 1, at + 3))
                or words[at + 1 : at + 2] in (("does",), ("do",), ("ones",))
            )
            for at, word in enumerate(words)
        )

    @once
    def asked_words(self) -> tuple[str, ...]:
        """The words of the question itself, a preamble's and a quote's aside."""
        return tuple(word for word, focus in zip(self.words, self.question.focus, strict=True) if focus)

    @once
    def cues(self) -> Counter[Cue]:
        cues = Counter(cue for cue, _ in self._cue_spans)
        # "love spending my friday on changelogs 🙃" says, and asks nothing: praise meant as a complaint
        if self.question.sarcastic and self.question.told and cues[Cue.PROS] and not cues[Cue.CONS]:
            cues[Cue.CONS] = cues.pop(Cue.PROS)
        return cues

    @once
    def wanted(self) -> frozenset[Wanted]:
        """What kind of answer the wording asks for ("what year": a date; "is mxnet a google
        project?": who)."""
        found = frozenset(kind for kind, _ in self.index.wanted.find(self._meant))  # "who cretaed"
        return found | {Wanted.AGENT} if self._owner_guessed else found

    @once
    def subject(self) -> tuple[str, ...]:
        """The libraries asked about: "does mxnet have estimators like keras" is about MXNet,
        unless the question compares or asks for a choice."""
        compares = self.cues[Cue.RATING] or self.cues[Cue.RECOMMEND]
        return self.libraries if compares or self._named_together else self.libraries[:1]

    @once
    def _named_together(self) -> bool:
        """ "are flask and django for python?": the libraries named side by side, joined by
        "and", "or", "vs" — asked about alike."""
        spans = self.library_spans
        return len(spans) > 1 and all(
            0 < later.start - earlier.stop <= 2
            and set(self.words[earlier.stop : later.start]) <= _JOINING_NAMES
            for (earlier, _), (later, _) in pairwise(spans)
        )

    @once
    def library_spans(self) -> tuple[tuple[range, str], ...]:
        """Where each library is named, and which, in order."""
        named = ((span, e.key) for span, e in self._spans if e.kind is EntityKind.LIBRARY)
        return tuple(sorted(named, key=lambda found: found[0].start))

    # The scored reading -------------------------------------------------------------------

    @once
    def terms(self) -> tuple[Term, ...]:
        """The question's words that may say what it is about, each weighed: every word but
        library names, pronouns, filler and numbers."""
        # A negation ("zero ML experience") says what is wanted absent, not what is asked about.
        skipped = (
            self.library_positions | self._pronouns_at | self._negation_words_at | self._naming_nothing_at
        )
        concepts: dict[int, set[int]] = defaultdict(set)
        for concept, phrase, start in self._related:
            for position in range(start, start + len(phrase)):
                concepts[position].add(concept)
        negating = self._negations_at
        versions = self._versions_of_things
        negated = {q for p in negating for q in self._negated_after(p)} - negating
        return tuple(
            Term(
                position,
                word,
                stemmed,
                VERSION_WEIGHT if position in versions else informativeness(self._meant[position]),
                frozenset(concepts.get(position, ())),
                focus=self.question.focus[position],
                cue=position in self._cued,
                negated=position in negated,
                sentence=self.question.sentence[position] if self.question.sentence else 0,
            )
            for position, (word, stemmed) in enumerate(zip(self.words, self.stemmed, strict=True))
            if position not in skipped
            and (
                stemmed not in self.index.filler
                or word in self.index.said_not_filler
                or (word in self.index.compound_parts and position - 1 in self.library_positions)  # flask-wtf
                or self._named_thing(word, stemmed)
            )
            and (not _NUMBER.fullmatch(stemmed) or position in self._versions_at)
        )

    @once
    def _versions_at(self) -> frozenset[int]:
        """Numbers naming a version of a library or of a thing the source names ("flask 2.0",
        "python 2"): topics, unlike other figures."""
        versions: set[int] = set()
        named = self.index.names_written
        for position, word in enumerate(self.words):
            before = position - 1
            if word.isdigit() and (
                before in self.library_positions
                or before in versions
                or (before >= 0 and self.words[before] in named)
            ):
                versions.add(position)
        return frozenset(versions)

    @once
    def _versions_of_things(self) -> frozenset[int]:
        """Versions of a thing the source names, not of a library ("python 2"): the question
        is about that version, which the source may not know ("does keras 2 …" is about Keras)."""
        things: set[int] = set()
        for position in sorted(self._versions_at):
            before = position - 1
            if before in things or (before not in self._versions_at and before not in self.library_positions):
                things.add(position)
        return frozenset(things)

    def _named_thing(self, word: str, stemmed: str) -> bool:
        """A filler word written like a name that the source names: "does it support R" (not
        an asking word in capitals: "what exactly IS keras")."""
        named = word not in self.index.asking and word in capitalised(self.question)
        return named and self.index.passages.knows(stemmed)

    @once
    def _cued(self) -> frozenset[int]:
        """Where the words are that say how the question asks (cues, connectives)."""
        cued = {position for _, span in self._cue_spans for position in span}
        joining = {p for p, stemmed in enumerate(self.stemmed) if stemmed in self.index.joining}
        return frozenset(cued | joining)

    @once
    def _cue_positions(self) -> frozenset[int]:
        """The terms that say how the question asks, not what about."""
        return frozenset(t.position for t in self.terms if t.cue)

    @once
    def _topical(self) -> tuple[Term, ...]:
        """The question's own words that are informative enough to make it about something
        ("come" in "where do those figures come from" is not)."""
        return tuple(t for t in self._own_terms if t.weight >= TOPICAL)

    @once
    def _own_terms(self) -> tuple[Term, ...]:
        """The terms of the question itself (not of a preamble or a quote), cues aside."""
        return tuple(t for t in self.terms if t.focus and t.position not in self._cue_positions)

    @once
    def _terms_to_meet(self) -> tuple[Term, ...]:
        """The question's own terms a passage must meet to answer it."""
        return tuple(t for t in self._own_terms if t.position not in self._counted_only_if_met)

    @once
    def _meetings(self) -> dict[int, Mapping[int, tuple[float, float]]]:
        """Per term (by position): the passages it meets, and how (see PassageIndex.meeting).
        A word wanted absent ("no admin pages") meets only passages saying it absent too; it
        counts against advice."""
        passages = self.index.passages
        # "i don't want to write gradients by hand", told: what is done to a thing is wanted
        # absent; the thing, if no passage says it absent, is what is told of ("no admin panel"
        # is not; nor is it in "which one … so we don't have to bolt Spark onto it?")
        acted_on = self._acted_on_at if self.question.told else frozenset()

        def met(term: Term) -> Mapping[int, tuple[float, float]]:
            if not term.negated:
                return passages.meeting(term)
            absent = passages.meeting_absent(term)
            return absent or passages.meeting(term) if term.position in acted_on else absent

        return {term.position: met(term) for term in self.terms}

    @once
    def _acted_on_at(self) -> frozenset[int]:
        """Words a negation covers after a verb it negates ("don't want to write gradients")."""
        words = self.words
        return frozenset(
            q for p in self._negations_at for q in self._negated_after(p) if "to" in words[p + 1 : q]
        )

    @once
    def ranked(self) -> list[Scored]:
        """Every passage meeting the question, best first, cue words favouring the kind of
        passage they ask for."""
        favoured = {kind for cue, kind in _CUE_KINDS.items() if self.cues[cue]}

        def prior(kind: PassageKind) -> float:
            if kind in favoured:
                return CUE_PRIOR
            # A pro or con sums a point up; unasked for, the fact that states it answers better.
            return LIST_ITEM if kind is PassageKind.ITEM else 1.0

        return self.index.passages.rank(self.terms, self.libraries, self._meetings, prior)

    @once
    def likened(self) -> bool:
        """ "keras = automatic transmission, mxnet = manual gearbox", "is django basically a swiss
        army knife and flask a single blade?": the libraries likened to things the source never
        names. What each is, in the source's own words, answers."""
        foreign = {t.position for t in self.unseen if t.weight >= FOREIGN_WEIGHT}
        if not self.libraries or not foreign:
            return False
        if not _ANALOGY.isdisjoint(self.words):  # "ok car analogy: …"
            return True
        several = len({library for _, library in self.library_spans}) > 1
        likenings = [self._likening_at(span.stop, several, foreign) for span, _ in self.library_spans]
        # "keras is automatic transmission, mxnet is manual gearbox": each plainly "is" something
        # foreign ("keras is only for toy projects, mxnet is faster" likens one, and claims)
        return _Likening.MARKED in likenings or (several and all(likenings))

    def _likening_at(self, after: int, several: bool, foreign: set[int]) -> _Likening | None:
        """How the words after a library's name liken it to something foreign to the source:
        "… like scratch", "… basically a swiss army knife", "… and mxnet the bare-metal stm32",
        "… is the arduino of deep learning" (marked); "… is manual gearbox" (plainly). Said in
        one breath, with no comma between."""
        words, pauses, sentence = self.words, self.question.pauses, self.question.sentence
        start = after
        while after < len(words) and words[after] in _LINKING:
            after += 1
        if after >= len(words) or any(p in pauses for p in range(start, after + 1)):
            return None
        if sentence and sentence[after] != sentence[start - 1]:
            return None
        marker, likening = words[after], _Likening.MARKED
        if marker == "like" or marker in _ARTICLES:
            thing = after + 1 if marker == "like" else after
            if marker in _ARTICLES and not several and "of" not in words[after + 2 : after + 4]:
                return None  # one library "is the arduino of …"; two, each "the …"
        elif marker in _LIKENING and words[after + 1 : after + 2] and words[after + 1] in _ARTICLES:
            thing = after + 1
        elif several and words[start : start + 1] == ("is",):
            thing, likening = after, _Likening.PLAIN
        else:
            return None
        said = range(thing, min(thing + LIKENED_WORDS, len(words)))
        # "… like ikea furniture and mxnet is …": what it is likened to ends at a comma or a name
        ends = (p for p in said if p > thing and (p in pauses or p in self.library_positions))
        said = range(thing, next(ends, said.stop))
        if thing in self.library_positions or any(words[p] in ASKING for p in said):  # "like how many weeks"
            return None
        return likening if any(p in foreign for p in said) else None

    @once
    def _asks_what_it_is(self) -> bool:
        """ "what exactly is keras? a framework or a wrapper?", "keras, what is it?", "what is
        mxnet for?", "mxnet is for what": what a library is, which its overview says."""
        words, named = self.words, self.library_positions | self._pronouns_at
        sentence = self.question.sentence or (0,) * len(words)

        phrased = self._in_cue_phrases  # "what is mxnet in simple words"

        pauses = self.question.pauses

        def ends_the_sentence(position: int) -> bool:
            rest = [p for p in range(position + 1, len(words)) if sentence[p] == sentence[position]]
            # "what even is mxnet, never heard of it before today": the clause ends at the comma
            rest = rest[: next((i for i, p in enumerate(rest) if p in pauses), len(rest))]
            said = [words[p] for p in rest if p not in phrased]
            while said[:1] and said[0] in _HEDGES:  # "what is mxnet even for"
                said = said[1:]
            if said[:1] == ["for"]:  # "what is mxnet for"
                said = said[1:]
            elif said[:2] == ["used", "for"]:
                said = said[2:]
            return all(word in _HEDGES for word in said)

        if any(words[p + 1 : p + 4] == ("is", "for", "what") for p in named):  # "mxnet is for what"
            return True
        # "what is mxnet exactly and for what purpose is it used?", "whats the purpose of keras"
        if (
            _PURPOSE in words
            and named
            and all(p in named or w in _ABOUT_A_PURPOSE for p, w in enumerate(words))
        ):
            return True

        for at, word in enumerate(words):
            if word != "what":
                continue
            after = at + 1
            while after < len(words) and words[after] in _HEDGES:  # "what exactly is keras?"
                after += 1
            if words[after : after + 1] == ("is",) and any(
                p in named and ends_the_sentence(p) for p in range(after + 1, after + 3)
            ):
                return True
        return False

    @once
    def last_answer_giving_what_is_wanted(self) -> Query | None:
        """The last answer again, when a follow-up pointing at it asks for a kind of answer it
        gives, with no topic of its own ("where did django come from?" "which state is that in?")."""
        previous = self.context
        if previous is None or not self.wanted or self._topical or self.named_libraries:
            return None
        # "which US state?": a bare follow-up asking for a place, a date or who, not figures
        bare = len(self.words) <= BARE_KIND_WORDS and Wanted.FIGURE not in self.wanted
        if _POINTING.isdisjoint(self.words) and not bare:
            return None
        wanted = self.wanted

        def gives(kind: PassageKind, library: str, key: str) -> bool:
            return any(
                wanted <= frozenset().union(*p.gives)
                for p in self.index.passages.passages
                if (p.kind, p.library, p.key) == (kind, library, key)
            )

        facts = tuple(f for f in previous.facts if gives(PassageKind.FACT, f.library, f.topic))
        if facts:
            return self.query(Intent.FACT, facts=facts)
        overviews = previous.libraries
        if (
            previous.intent is Intent.ABOUT
            and overviews
            and all(gives(PassageKind.OVERVIEW, k, k) for k in overviews)
        ):
            return self.query(Intent.ABOUT, libraries=previous.libraries)
        return None

    @once
    def quoted_from_the_source(self) -> Scored | None:
        """The passage whose words the message quotes, a few of them at least ('the conclusion
        says "don't require the latest and greatest" about which lib?'): one a library's own
        before the article's general ones."""
        if '"' not in self.text and "“" not in self.text:
            return None
        quoted = [normalise(q) for q in _QUOTED_TEXT.findall(self.text)]
        quoted = [q for q in quoted if len(q.split()) >= QUOTED_WORDS]
        found = [
            p
            for p in self.index.passages.passages
            if any(q in normalise(sentence) for q in quoted for sentence in p.sentences)
        ]
        found.sort(key=lambda p: p.library is None)
        return Scored(found[0], 0.0, {}) if found else None

    @once
    def figures_behind_the_last_comparison(self) -> Reading | None:
        """After the libraries were compared on an aspect, a bare "by how much?" asks for
        figures: the last question read again, when the source's figures speak to it."""
        previous = self.context
        if (
            previous is None
            or previous.intent is not Intent.COMPARE
            or not previous.aspects
            or not previous.text
        ):
            return None
        if "how much" not in " ".join(self.words) or not set(self.words) <= _BARE_HOW_MUCH:
            return None
        again = Reading(parse(previous.text), self.index)
        figures = [s for s in again.ranked if s.passage.kind is PassageKind.STATISTIC]
        return again if figures and again.coverage(figures[0]) >= ON_TOPIC else None

    @once
    def narrowing(self) -> bool:
        """A few words narrowing the last answer down: "only tensorflow?", "built in or some
        plugin?", "just for simple tasks", "only the one about small projects"."""
        few = len(self.words) <= NARROWING_WORDS or len(self.terms) <= NARROWING_TERMS
        return few and (self._narrowing_word_opens or bool(self._alternative_at))

    @property
    def _narrowing_word_opens(self) -> bool:
        """ "only …", "just for …", "narrow it down, just the …": a narrowing word first, or
        one going on with what it narrows to."""
        words = self.words
        return words[:1] in (("only",), ("just",)) or any(
            word in _NARROWING and words[at + 1 : at + 2] in (("for",), ("the",), ("on",), ("it",))
            for at, word in enumerate(words[:NARROWING_WORDS])
        )

    @once
    def picked_from_the_last_list(self) -> tuple[str, Item] | None:
        """ "the last one of those, what does it mean in practice?", "the second one?" after a
        list of pros or cons: that item of the list, counted as the answer showed them."""
        previous, words = self.context, self.words
        if previous is None or previous.intent not in _LISTS:
            return None
        counted = [
            _ORDINALS[word]
            for at, word in enumerate(words)
            if word in _ORDINALS
            and words[at - 1 : at] == ("the",)  # "the second one", not "which came out first of the two"
            and not _COUNTED.isdisjoint(words[at + 1 : at + 3])
        ]
        if len(counted) != 1:
            return None
        keys = previous.libraries or tuple(lib.key for lib in self.comparison.libraries)
        listed = [
            (key, item) for key in keys for item in _listed(self.comparison.library(key), previous.intent)
        ]
        if not listed or counted[0] >= len(listed):
            return None
        return listed[counted[0]]

    def points_into_the_last_answer(self, scored: Scored) -> bool:
        """Whether a passage is one the last answer gave, and the question points back at it."""
        return (scored.passage.kind, scored.passage.library, scored.passage.key) in self._last_answered

    @once
    def _last_answered(self) -> frozenset[tuple[PassageKind, str | None, str]]:
        """The passages the last answer gave — its facts, the pros or cons it listed, the reasons
        of the aspect it compared — when the question points back at it ("which part of that
        handles templates?", "only the one about small projects")."""
        previous = self.context
        if previous is None:
            return frozenset()
        narrowing = self.narrowing
        if not (self._pronouns_at or not _POINTING.isdisjoint(self.words) or narrowing):
            return frozenset()
        listed = previous.libraries if previous.intent in _LISTS else ()  # "how bad is that for big teams"
        items = (
            (PassageKind.ITEM, key, item.title)
            for key in listed
            for item in _listed(self.comparison.library(key), previous.intent)
        )
        # "just for simple tasks" after the libraries were compared on an aspect: its reasons
        compared = previous.aspects if previous.intent is Intent.COMPARE and narrowing else ()
        reasons = (
            (PassageKind.ASPECT, lib.key, key) for key in compared for lib in self.comparison.libraries
        )
        facts = ((PassageKind.FACT, fact.library, fact.topic) for fact in previous.facts)
        return frozenset((*facts, *items, *reasons))

    def coverage(self, scored: Scored) -> float:
        """How much of the question's own words (by weight) a passage meets, in the sentence of
        the question it answers best ("who created mxnet? google?"); cue words count only when
        they meet it."""
        return max((self._coverage_of(own, scored) for own in self._by_sentence.values()), default=0.0)

    @once
    def _by_sentence(self) -> dict[int, list[Term]]:
        """The question's own terms (a preamble's and a quote's aside), per sentence."""
        by_sentence: dict[int, list[Term]] = defaultdict(list)
        for term in self.terms:
            if term.focus:
                by_sentence[term.sentence].append(term)
        return by_sentence

    def _coverage_of(self, own: list[Term], scored: Scored) -> float:
        met = sum(t.weight * self._covering(t, scored) for t in own)
        if not met:
            return 0.0
        unless_met, matched = self._counted_only_if_met, scored.matched
        counted = sum(t.weight for t in own if t.position in matched or t.position not in unless_met)
        return met / counted

    @once
    def _counted_only_if_met(self) -> frozenset[int]:
        """The words a passage is not asked to meet, though meeting them counts: cue words,
        words wanted absent ("zero ML experience"), words that only say how, names a claim to
        check may have wrong."""
        negated = {t.position for t in self.terms if t.negated}
        # "40k photos of cassava leaves, keras was fine on my laptop but now im lost": a story
        # asks nothing; its words the source never uses are the teller's world, not a topic.
        story = {t.position for t in self.terms if not self._known(t)} if self.question.told else set()
        return frozenset(
            self._cue_positions
            | negated
            | self._only_how_at
            | self._claimed_names
            | story
            | self._alternative_at
            | self._owned_at
            | {t.position for t in self.terms if self._only_compares(t)}  # "the flask equivalent for …"
        )

    @once
    def _owned_at(self) -> frozenset[int]:
        """ "for the web of our municipality", "our leaf photos": the asker's own things, in
        words the source never uses; what is asked is about them, not them."""
        words, stemmed, unknown = self.words, self.stemmed, self._unknown_stems
        found: set[int] = set()
        for at, word in enumerate(words):
            # "can keras run on my android phone": where it would run is asked about
            if word in _OWNING and (at == 0 or words[at - 1] not in _PLACING):
                for p in range(at + 1, min(at + 1 + OWNED_WORDS, len(words))):
                    if words[p] in _ENDING_A_PHRASE or p in self.question.pauses:
                        break
                    if stemmed[p] in unknown:
                        found.add(p)
        return frozenset(found)

    @once
    def _alternative_at(self) -> frozenset[int]:
        """ "are flask sessions signed or just plain cookies?": the few words of the other
        alternative, last in a question; a passage saying the one it holds answers it."""
        words, sentence = self.words, self.question.sentence or (0,) * len(self.words)
        if "or" not in words:
            return frozenset()
        at = len(words) - 1 - words[::-1].index("or")
        rest = range(at + 1, len(words))
        said = [t for t in self.terms if t.position in rest]  # its words that say something
        if not said or len(said) > ALTERNATIVE_WORDS or any(sentence[p] != sentence[at] for p in rest):
            return frozenset()
        if any(p in self.library_positions for p in rest):  # "keras or mxnet?" chooses between them
            return frozenset()
        # "scala or java?": things the source does not have, both asked about ("scala" typed is
        # no slip of "scale" here)
        first = next(
            (t for t in reversed(self.terms) if t.position < at and t.sentence == sentence[at]), None
        )
        known = first is not None and self._meant[first.position] == first.word and self._known(first)
        return frozenset(rest) if known else frozenset()

    @once
    def _claimed_names(self) -> frozenset[int]:
        """Names the source gives elsewhere, in a claim the message asks to check ("Django is
        maintained by the Pallets project, isn't it?"): the claim may be wrong in them, so an
        answer need not meet them."""
        checked = self.question.checked
        return frozenset(
            t.position for t in self._own_terms if t.sentence in checked and t.word in self._names_asked
        )

    @once
    def _only_how_at(self) -> frozenset[int]:
        """Where a verb or a plain adjective is that the source never uses, before another word
        of its sentence ("according to your precious article"): it says how something is asked,
        not what about, so a passage need not meet it to answer."""
        sentence = self.question.sentence or (0,) * len(self.words)
        return frozenset(
            t.position
            for t in self.terms
            if names_no_topic(t.word)
            and not t.word.endswith(("ing", "ed"))  # "programming", "closed source": things too
            # "django looks scary": said of the thing, the sentence's point
            and t.position + 1 < len(self.words)
            and sentence[t.position + 1] == t.sentence
            and not self._known(t)
        )

    def _covering(self, term: Term, scored: Scored) -> float:
        """How much the passage addresses one word, by the way it meets it."""
        way = scored.matched.get(term.position)
        if way is None:
            return 0.0
        return _COVERING[way]

    def foreign(self, scored: Scored) -> tuple[Term, ...]:
        """The question's own words this passage does not meet and the source never uses,
        informative enough to be a topic of their own, in the sentences it meets."""
        met = {t.sentence for t in self.terms if t.position in scored.matched}
        return tuple(
            t
            for t in self._own_terms
            if t.sentence in met
            and t.position not in scored.matched
            and (
                (
                    t.weight >= FOREIGN_WEIGHT
                    and not t.word.isdigit()  # "~50k stars?": a figure to check, not a topic
                    and not names_no_topic(t.word)
                    and not self._known(t)
                    and not self._only_compares(t)
                )
                # "does keras have an R interface": a name the source gives elsewhere only
                or t.word in self._names_asked
            )
        )

    @once
    def _names_asked(self) -> frozenset[str]:
        """The question's words written like names (not a library's), that the source knows."""
        named = capitalised(self.question)
        return frozenset(
            t.word
            for t in self._own_terms
            if t.word in named and t.word not in self.index.alias_words and self.index.passages.knows(t.stem)
        )

    def _only_compares(self, term: Term) -> bool:
        """ "fewer", "more": a comparing word with no meaning of its own compares on the
        words around it; it is no topic the source lacks."""
        return term.position in self._comparing and not term.concepts

    def covers(self, scored: Scored) -> bool:
        """Whether this passage answers the question, not just a neighbouring one: it meets
        enough of the question's own words, and gives what the wording asks for (a year, a
        figure)."""
        if not self.gives_wanted(scored):
            return False
        # Sentence by sentence: a question said again in other words ("quien creo django? sorry
        # my english, who make django") is answered by the sentence the source has words for.
        # "django came from a newspaper in Texas, correct?": a claim checked may be wrong in a word.
        lacking = (
            set()
            if self.question.told
            else {t.sentence for t in self.foreign(scored)} - self.question.checked
        )
        # "what's the LTS window for django, how many years do we get?": a sentence of words that
        # say nothing by themselves ("years") answers nothing when another says what is asked.
        several = len(self._by_sentence) > 1
        return any(
            self._coverage_of(own, scored) >= (COVERED_DESPITE_FOREIGN if sentence in lacking else COVERED)
            for sentence, own in self._by_sentence.items()
            if not several or any(t.weight >= TOPICAL for t in own)
        )

    @once
    def giving_wanted(self) -> tuple[Scored, ...]:
        """The facts that give what the wording asks for (who, when), in the source's order,
        for a question with nothing else to go by."""
        passages = self.index.passages.passages
        return tuple(
            Scored(p, 0.0, {})
            for p in passages
            if p.kind is PassageKind.FACT and any(self.wanted <= given for given in p.gives)
        )

    def gives_wanted(self, scored: Scored) -> bool:
        """Whether the passage's sentence that answers gives what the wording asks for (a
        year, a figure, who): "how old is jinja2" is not answered by another sentence's year."""
        if not self.wanted:
            return True
        sentence = self.index.passages.sentence_for(scored, self._asked_terms)
        gives = scored.passage.gives
        if sentence is not None:
            said = scored.passage.sentences[sentence]
            if not self._about_the_thing_named(said) or self._maker_asked_about(said):
                return False
        return self.wanted <= (frozenset().union(*gives) if sentence is None else gives[sentence])

    def _maker_asked_about(self, sentence: str) -> bool:
        """Whether who made a thing is asked, and the sentence names that thing as a maker
        ("who founded the pallets project": "maintained by the Pallets project" says what
        Pallets does, not who founded it). A maker the question itself puts after "by" ("is
        mxnet made by aws?") is a guess to check."""
        if Wanted.AGENT not in self.wanted:
            return False
        words = normalise(sentence).split()
        makers = {stem(w) for at, w in enumerate(words) if "by" in words[max(0, at - AGENT_REACH) : at]}
        guessed = self._guessed_makers
        return any(
            t.stem in makers and t.stem not in guessed and t.position not in self.library_positions
            for t in self._own_terms
        )

    @once
    def _guessed_makers(self) -> frozenset[str]:
        """Stems of the words the question puts after "by" ("is mxnet made by aws?")."""
        words = self.words  # "which of the two is maintained by the Django Software Foundation"
        return frozenset(
            t.stem for t in self.terms if "by" in words[max(0, t.position - GUESSED_MAKER_WORDS) : t.position]
        )

    @once
    def _things_named(self) -> frozenset[str]:
        """Stems of the names the question asks about that are not a compared library, but
        that the source mentions ("who created werkzeug": a toolkit Flask is built on)."""
        if self.named_libraries:
            return frozenset()
        passages = self.index.passages
        return frozenset(
            t.stem
            for t in self._own_terms
            if passages.knows(t.stem)
            and t.word not in self.index.alias_words
            and (
                t.position in self._titled_at
                or (t.word in self.index.names_written and not (ordinary(t.word) or slip_of_ordinary(t.word)))
            )
        )

    def _about_the_thing_named(self, sentence: str) -> bool:
        """Whether a sentence that gives what is asked (who, when) is about the thing the
        question names: it opens with it, not with another subject ("It is maintained by the
        Pallets project and built on Werkzeug" says who maintains Flask, not Werkzeug)."""
        named = self._things_named - self._guessed_makers  # "which one is maintained by the DSF": the maker
        if not named:
            return True
        opening = {stem(word) for word in normalise(sentence).split()[:SUBJECT_WORDS]}
        return not opening.isdisjoint(named)

    @once
    def unseen(self) -> tuple[Term, ...]:
        """The question's own words that the source never uses (related words aside)."""
        return tuple(
            t for t in self._own_terms if not self.index.passages.knows(t.stem) and not self._only_compares(t)
        )

    @once
    def best(self) -> Scored | None:
        return self.ranked[0] if self.ranked else None

    def best_of(self, *kinds: PassageKind) -> Scored | None:
        return next((s for s in self.ranked if s.passage.kind in kinds), None)

    @once
    def answered(self) -> Scored | None:
        """The best passage that covers the question, unless it scores far below the best
        passage (which then answers a neighbouring question better than this one answers it)."""
        best = self.best
        if best is None:
            return None
        # "which part of that handles templates?": the last answer's own
        again = (s for s in self.ranked if self._last_answered and self.points_into_the_last_answer(s))
        return next((s for s in again if self.coverage(s) >= COVERED_AGAIN), None) or next(
            (s for s in self.ranked if s.score >= best.score * ANSWER_MARGIN and self.covers(s)),
            None,
        )

    # What the rules read -------------------------------------------------------------------

    @once
    def recommended(self) -> str | None:
        """The library the source recommends for the situation described; '' for a tie; None
        when the question asks for no choice or names no situation the source knows."""
        advised = self.context is not None and self.context.intent is Intent.RECOMMEND
        if not (self.cues[Cue.RECOMMEND] or self.cues[Cue.RATING] or len(self.libraries) > 1 or advised):
            return None
        votes: dict[str, float] = defaultdict(float)
        passages = self.index.passages
        advice = passages.advice  # the recommendations of one library each
        asked = False  # whether the question itself says anything of the situation
        for term in self.terms:
            if term.position in self._cue_positions:
                continue
            weight = term.weight * (-1.0 if term.negated else 1.0) * (1.0 if term.focus else OUTSIDE_FOCUS)
            met = passages.meeting(term)
            for number in advice:
                if number in met:
                    asked = asked or term.focus
                    passage = passages.passages[number]
                    # "when you don't require top performance": a vote against, for performance.
                    negated = term.stem in passage.negated or bool(term.concepts & passage.negated_concepts)
                    sign = -1.0 if negated else 1.0
                    votes[passage.library or ""] += weight * met[number][0] * sign
        # "> keras is a great choice … / when is mxnet the better pick?": asked when to choose
        # the one named, whatever situation was told before.
        if not asked and len(self.named_libraries) == 1 and "when" in self.asked_words:
            return self.named_libraries[0]
        ranked = sorted(((vote, library) for library, vote in votes.items() if vote > 0), reverse=True)
        if not ranked:
            return None
        if len(ranked) > 1 and ranked[0][0] < ranked[1][0] * RECOMMENDATION_MARGIN:
            return ""
        return ranked[0][1]

    @once
    def unknown_words(self) -> tuple[str, ...]:
        """The user's words the comparison does not know: the question is (partly) about
        something else. As typed (normalised), never the internal stems."""
        if self.question.told:  # a story's words it alone uses are the teller's world
            return ()
        unknown = self._unknown_stems
        focus = self.question.focus
        return tuple(
            word
            for position, (word, stemmed) in enumerate(zip(self.words, self.stemmed, strict=True))
            if stemmed in unknown
            and focus[position]  # a signature or a quote names nothing asked
            and position not in self._naming_nothing_at
            and position not in self.library_positions  # "flash vs django": a name, misspelt
        )

    @once
    def unknown_names(self) -> tuple[str, ...]:
        """Unknown words that could name something the source does not have ("pytorch",
        "Rust"): not ordinary English, or written like a name."""
        named_like = capitalised(self.question)
        meant = {t.word for t in self.terms if any(self.index.passages.knows_concept(c) for c in t.concepts)}
        return tuple(
            word
            for word in self.unknown_words
            if word not in meant  # "ML": the lexicon says what it means, and the source has it
            and (word in named_like or not (ordinary(word) or slip_of_ordinary(word)))
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
        passages = self.index.passages
        lacking = tuple(
            dict.fromkeys(
                t.word
                for t in self.unseen
                if t.weight >= FOREIGN_WEIGHT
                and not names_no_topic(t.word)
                and not any(passages.knows_concept(c) for c in t.concepts)
            )
        )
        return self.query(Intent.NOT_COVERED, unknown=self.text, lacking=lacking, suggestions=closest)

    @once
    def _asked_terms(self) -> tuple[Term, ...]:
        """The terms of what is asked, not of a quote or a preamble ("> mxnet is dead")."""
        return tuple(t for t in self.terms if t.focus)

    def evidence(self, scored: Scored) -> tuple[str, ...]:
        """The passage's sentence that answers: a short answer keeps it. The situation told
        before the question counts ("we're a fintech with strict security rules. which one?")."""
        sentence = self.index.passages.sentence_for(scored, self.terms)
        return () if sentence is None else (scored.passage.sentences[sentence],)


FAR_BETTER = 2.0  # a passage scoring this many times an aspect's answers instead of its ratings
SHORTENED_NAME = 2  # letters of a library's name that can stand for it beside the other's ("mx")


def _resembles(word: str, library: Library) -> bool:
    """A word one slip from a library's name or alias, or the first letters of one."""
    spellings = {compact(spelling) for spelling in (library.name, library.key, *library.aliases)}
    return any(
        (len(word) >= SHORTENED_NAME and spelling.startswith(word))
        or (len(word) > SHORTENED_NAME + 1 and OSA.distance(word, spelling) <= 1)
        for spelling in spellings
    )


def _plural(word: str, stemmed: str) -> bool:
    """A plural of a word ("attacks", "protections"; not "less" or "bias")."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and stem(word[:-1]) == stemmed


_PRONOUN_WORDS = frozenset(["it", "its", "they", "them", "their"])
_HAVING = frozenset(["has", "have", "had", "offers", "gives", "provides", "ships", "comes", "is", "are"])
CLAIMED_REACH = 3  # words between a library's "has" and the negation that makes it a claim
_SOME_OTHER = frozenset([("some",), ("other",), ("another",), ("any",), ("similar",)])  # "mongo or some …"
_JOINING_NAMES = frozenset(["and", "or", "vs", "versus", "v", "plus", "both", "nor"])
_QUOTED_TEXT = re.compile(r'["“]([^"”]+)["”]')
QUOTED_WORDS = 5  # words of the source a quote needs to be read as quoting it
_POINTING = frozenset(["that", "this", "those", "these"])  # "which part of that …"
_POINTING_OR_THEM = _POINTING | {"them"}  # "does flask have them?": what was just said, of flask
BARE_KIND_WORDS = 3  # a follow-up this short asking for a kind of answer points at the last one
_NARROWING = frozenset(
    ["only", "just", "narrow", "even"]
)  # "narrow it down, just the security bit", "even for …"
NARROWING_WORDS = 5
NARROWING_TERMS = 2  # "only the one about small projects": a long way of saying two words
_OWNING = frozenset(["our", "my", "their"])
_PLACING = frozenset(["on", "with", "in", "into"])  # "… on my phone": where, asked about
OWNED_WORDS = 3  # "our new citizen portal"
_ENDING_A_PHRASE = frozenset(["and", "or", "but", "for", "with", "to", "in", "on", "at", "of", "is", "are"])
ALTERNATIVE_WORDS = 2  # saying something, after "or": "… or just plain cookies?", "… or bolt it on"
_OWNED = frozenset(["project", "framework", "library", "lib", "product", "baby"])
_FOR_ANOTHER = frozenset(["for", "on", "with"])  # "a graphql library for django": another library
_COLLECTIVE = frozenset(["both", "two", "each"])
# What the things compared are called ("both libraries", "each one").
_KINDS = frozenset(
    ["library", "libraries", "lib", "libs", "framework", "frameworks", "one", "ones", "tool", "tools"]
)
_HEDGES = frozenset(["exactly", "actually", "really", "even", "anyway", "then", "though", "tho"])
_ANALOGY = frozenset(["analogy", "analogies", "metaphor"])
_LIKENING = frozenset(["basically", "essentially", "literally"])  # "django is basically a swiss army knife"
LIKENED_WORDS = 4  # "… like a swiss army knife": the words that name what it is likened to


class _Likening(Enum):
    MARKED = "marked"  # "like", "basically a", "the … of"
    PLAIN = "plain"  # "is": likens only when each library is said to be something foreign


_LINKING = frozenset(["is", "are", "just", "kinda", "more", "really", "feels", "feel"])
_ARTICLES = frozenset(["a", "an", "the"])
# An item of a list, counted: "the second one", "the last of those" (-1: the last).
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "fifth": 4,
    "5th": 4,
    "last": -1,
}
_COUNTED = frozenset(["one", "of", "thing", "point", "item", "pro", "con", "bullet", "reason"])
_MADE = frozenset([("made",), ("built",), ("created",), ("developed",), ("born",), ("started",)])
_BECAUSE = frozenset(["because", "since", "cause", "coz"])
_SAID_TO_BE = frozenset([("it", "was"), ("that", "was")])  # "pretty sure it was google"
_CASE_OF = frozenset(["for", "on", "in", "with"])  # "and for simple models?": a case of what was asked
_ADDRESSED = frozenset(["all", "everyone", "everybody", "guys", "folks", "people", "yall", "team"])
PLACE_WORDS = 3  # "greetings from the UK": the words after "from" that say where the greeter is
_PURPOSE = "purpose"
# The words of a question asking what a library is for, its name aside.
_ABOUT_A_PURPOSE = _HEDGES | {
    _PURPOSE,
    "what",
    "whats",
    "is",
    "the",
    "of",
    "for",
    "and",
    "it",
    "its",
    "used",
    "main",
    "s",
}

# How much a word met in each way counts towards covering the question: a related word does
# address what was asked, nearly as well as the word itself.
_COVERING = {EXACT: 1.0, LONGER_FORM: 0.9, RELATED: 0.85}

_CUE_KINDS = {
    Cue.RECOMMEND: PassageKind.RECOMMENDATION,
    Cue.STATS: PassageKind.STATISTIC,
    Cue.PROS: PassageKind.ITEM,
    Cue.CONS: PassageKind.ITEM,
    Cue.ARTICLE: PassageKind.INTRODUCTION,
}


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
    if not reading.libraries and reading.unknown_names:
        return replace(
            query,
            intent=Intent.UNKNOWN,
            unknown=" ".join(reading.unknown_names),
            unknown_kind=EntityKind.LIBRARY,
            suggestions=_near(reading, reading.unknown_names, EntityKind.LIBRARY),
        )
    return query


def _near(reading: Reading, words: tuple[str, ...], kind: EntityKind) -> tuple[str, ...]:
    """The names of `kind` near the words the comparison does not know ("mxnet2000")."""
    matcher, comparison = reading.index.matcher, reading.comparison.id
    return tuple(dict.fromkeys(e.name for word in words for e in matcher.suggest(word, kind, comparison)))


def _intent(intent: Intent) -> Callable[[Reading], Query]:
    return lambda r: r.query(intent)


def _answer_from(r: Reading, scored: Scored) -> Query:
    """The query a passage answers, for the libraries asked about."""
    passage = scored.passage
    evidence = r.evidence(scored)
    elsewhere = bool(r.subject) and passage.library is not None and passage.library not in r.subject
    match passage.kind:
        case PassageKind.FACT:
            fact = _fact_of(r.comparison, passage)
            return r.query(Intent.FACT, facts=(fact,), fact_elsewhere=elsewhere, evidence=evidence)
        case PassageKind.ITEM:
            assert passage.library is not None
            item = _item_of(r.comparison, passage)
            return r.query(Intent.FACT, items=((passage.library, item),), fact_elsewhere=elsewhere)
        case PassageKind.ASPECT:
            libraries = r.libraries[:1] if len(r.libraries) == 1 else ()
            return r.query(Intent.COMPARE, aspects=(passage.key,), libraries=libraries, evidence=evidence)
        case PassageKind.RECOMMENDATION:
            return r.query(Intent.RECOMMEND, recommended=passage.library)
        case PassageKind.STATISTIC:
            return _figures(r)
        case PassageKind.OVERVIEW:
            return r.query(Intent.ABOUT, libraries=(passage.key,), evidence=evidence)
        case PassageKind.INTRODUCTION:
            return r.query(Intent.ABOUT, libraries=(), evidence=evidence)
        case _:
            return r.query(Intent.CONCLUSION)


def _pros_or_cons(r: Reading) -> Query:
    """The pros or cons asked for — unless the question is about one thing that an item of
    the other side says ("is keras any good at distributed training": a con)."""
    asked = pros_or_cons(r.cues)
    answered = r.answered
    # "… i want the real cons list": the whole list, whatever one item of it says
    listing = not _LISTING.isdisjoint(r.words)
    if (
        answered is not None
        and not listing
        and answered.passage.kind is PassageKind.ITEM
        and r.points_into_the_last_answer(answered)
    ):
        return _passage(r)  # "how bad is that for big teams" after the cons: the one it is about
    if (
        r.topic_words
        and answered is not None
        and not listing
        and _on_the_other_side(r.comparison, answered.passage, asked)
    ):
        return _passage(r)
    chosen = _chosen_over_the_other(r)
    return needs_library(r, r.query(asked, libraries=chosen) if chosen else r.query(asked))


_LISTING = frozenset(["list", "full", "whole", "all"])
_PREFERRING = (("over",), ("instead", "of"), ("rather", "than"))


def _chosen_over_the_other(r: Reading) -> tuple[str, ...]:
    """ "why pick django over flask": the library chosen, named before "over" (or "instead
    of", "rather than") and the other one; else none."""
    if len(r.named_libraries) != 2:
        return ()
    (first_span, first), (second_span, second) = r.library_spans[0], r.library_spans[-1]
    between = r.words[first_span.stop : second_span.start]
    preferring = any(between[i : i + len(p)] == p for p in _PREFERRING for i in range(len(between)))
    return (first,) if preferring and first != second else ()


def _on_the_other_side(comparison: Comparison, passage: Passage, asked: Intent) -> bool:
    """Whether `passage` is a pro when cons were asked for, or a con when pros were."""
    if passage.kind is not PassageKind.ITEM or asked is Intent.PROS_AND_CONS:
        return False
    is_pro = _item_of(comparison, passage) in comparison.library(passage.library or "").pros
    return is_pro != (asked is Intent.PROS)


def _fact_of(comparison: Comparison, passage: Passage) -> Fact:
    assert passage.library is not None
    return next(f for f in comparison.library(passage.library).facts if f.topic == passage.key)


def _item_of(comparison: Comparison, passage: Passage) -> Item:
    assert passage.library is not None
    lib = comparison.library(passage.library)
    return next(i for i in (*lib.pros, *lib.cons) if i.title == passage.key)


def _passage(r: Reading) -> Query:
    """The best passage that covers the question answers — the subject's own if it has one
    that does; else the source has no answer, and the best passage is the closest it has."""
    answered = r.answered
    if answered is None:
        assert r.best is not None
        return r.not_covered((r.best.passage.title,))
    if r.subject and answered.passage.library not in (None, *r.subject):
        own = next((s for s in r.ranked if s.passage.library in r.subject and r.covers(s)), None)
        if own is None and r._about is not None and r.wanted:  # asked again of each library
            # "was django publicly released before flask?", asked again of flask: its own date
            own = next((s for s in r.ranked if s.passage.library in r.subject and r.gives_wanted(s)), None)
        # "who are the creators of django": its own passage gives who, in other words than Flask's.
        gives = bool(r.wanted) and own is not None and r.gives_wanted(own)
        if own is None or (own.score * 2 < answered.score and not gives):
            if _maker_named(r, answered):  # "did aws build keras?": who did, or what AWS built
                return _answer_from(r, _maker_of(r, r.subject) or answered)
            # "can keras run on an fpga": only another library's passage says it. The closest is
            # the subject's own passage that meets it in part ("does mxnet have pre-built cnns").
            return r.not_covered((_closest_of(r, r.subject, answered).passage.title,))
        return _answer_from(r, own)
    if answered.passage.kind is PassageKind.RECOMMENDATION and not (
        r.cues[Cue.RECOMMEND] or r.comparing or r.question.told  # "easier one for non experts?"
    ):
        # "does django give you an admin back office?" asks what it has, not when to choose it
        answered = next(
            (
                s
                for s in r.ranked
                if s.passage.kind is PassageKind.FACT
                and s.passage.library == answered.passage.library
                and s.score >= answered.score * FACT_OVER_ADVICE
                and r.covers(s)
            ),
            answered,
        )
    query = _answer_from(r, answered)
    # "which is older", "which one came out first": when each came, to set side by side.
    if query.intent is Intent.FACT and Wanted.DATE in r.wanted and "which" in r.words and not r.libraries:
        return replace(query, libraries=tuple(lib.key for lib in r.comparison.libraries))
    if query.intent is Intent.FACT and query.facts and r.asks_for_several:
        # "what attacks does django protect against": each fact of it that answers as well
        alike = [
            s
            for s in r.ranked
            if s is not answered
            and s.passage.kind is PassageKind.FACT
            and s.passage.library == answered.passage.library
            and s.score >= answered.score * SEVERAL_MARGIN
            and r.covers(s)
        ]
        more = tuple(_fact_of(r.comparison, s.passage) for s in alike[: MAX_SEVERAL - 1])
        return replace(query, facts=query.facts + more)
    if r.question.told and query.intent is Intent.FACT and len(query.items) == 1:
        return _with_the_remedy(r, query)
    if query.intent is Intent.FACT and len(query.facts) == 1 and _which_of_them(r):
        # "which of the two has csrf covered?": each library's fact on it, to set side by side
        found = query.facts[0]
        same_topic = tuple(
            fact
            for library in r.comparison.libraries
            for fact in library.facts
            if fact.topic == found.topic and fact.library != found.library
        )
        return replace(query, facts=(found, *same_topic), fact_elsewhere=False) if same_topic else query
    return query


def _with_the_remedy(r: Reading, query: Query) -> Query:
    """ "I'm so tired of wiring login, migrations and admin pages by hand": a complaint told
    that is one library's con gets it, and the other library's pro that answers it too."""
    library, item = query.items[0]
    if item not in r.comparison.library(library).cons:
        return query
    remedy = next(
        (
            s
            for s in r.ranked
            if s.passage.kind is PassageKind.ITEM
            and s.passage.library not in (None, library)
            and not _on_the_other_side(r.comparison, s.passage, Intent.PROS)
            and r.covers(s)
        ),
        None,
    )
    if remedy is None or remedy.passage.library is None:
        return query
    return replace(
        query, items=(*query.items, (remedy.passage.library, _item_of(r.comparison, remedy.passage)))
    )


def _about_something_else(r: Reading) -> bool:
    """No library named or referred to, and a word of the question itself, informative, that
    the source never uses: its topic is something else ("a pivot table in excel")."""
    return (
        not r.libraries
        and r.context is None
        and not r.unknown_names  # "cons of caffe": a library the source lacks, refused as one
        and any(t.weight >= FOREIGN_WEIGHT and t.word in r.unknown_words for t in r.unseen)
    )


def _which_of_them(r: Reading) -> bool:
    """ "which of the two has …", "which one ships …": one of the libraries chosen, none named."""
    words = r.words
    return not r.named_libraries and any(
        word == "which" and words[at + 1 : at + 2] in (("one",), ("of",)) for at, word in enumerate(words)
    )


_LISTS = (Intent.PROS, Intent.CONS, Intent.PROS_AND_CONS)


def _listed(library: Library, intent: Intent) -> tuple[Item, ...]:
    """The pros or cons (or both) an answer of `intent` lists for a library."""
    pros = library.pros if intent is not Intent.CONS else ()
    cons = library.cons if intent is not Intent.PROS else ()
    return (*pros, *cons)


def _maker_named(r: Reading, scored: Scored) -> bool:
    """Whether the question names who made a library ("aws built keras"), and the passage
    says who made another one: a name of the question, not a library's, in a sentence giving who."""
    return _gives_who(scored.passage) and any(
        t.word in r.index.names_written and t.position in scored.matched for t in r._own_terms
    )


def _maker_of(r: Reading, libraries: tuple[str, ...]) -> Scored | None:
    """The fact saying who made one of `libraries`, if the source has one."""
    return next(
        (
            Scored(p, 0.0, {})
            for p in r.index.passages.passages
            if p.kind is PassageKind.FACT and p.library in libraries and _gives_who(p)
        ),
        None,
    )


def _gives_who(passage: Passage) -> bool:
    """Whether a sentence of the passage says who made or runs something."""
    return any(Wanted.AGENT in given for given in passage.gives)


def _closest_of(r: Reading, libraries: tuple[str, ...], answered: Scored) -> Scored:
    """What to name as closest when only another library's passage answers: the asked
    libraries' own passage meeting at least half the question, scoring near it, and giving
    what is wanted ("who develops keras" names MXNet's developer, not who Keras is for)."""
    partly = next((s for s in r.ranked if s.passage.library in libraries), None)
    if partly is None:
        return answered
    near = (
        partly.score >= answered.score * ANSWER_MARGIN
        and r.coverage(partly) >= COVERED
        and (not r.wanted or r.gives_wanted(partly))
    )
    return partly if near else answered


AGENT_REACH = 3  # words after "by" that name who made something ("maintained by the Pallets project")
GUESSED_MAKER_WORDS = 4  # the words after "by" in a question that name who it guesses
SEVERAL_MARGIN = 0.8  # another fact answers a question asking for several if it scores this share
MAX_SEVERAL = 3  # facts in one answer to a question asking for several


def _statistics(r: Reading) -> Query:
    if not r.libraries and r.unknown_names:  # "how many stars does pytorch have"
        return needs_library(r, r.base)
    # "how many stars does fastapi have": a figure of a thing the article only names (not who
    # measured the figures: "what did that kdnuggets survey say").
    measured = {w for s in r.comparison.statistics.items for w in stems(f"{s.metric} {s.source or ''}")}
    named = r._things_named - measured
    if not r.libraries and named and (Wanted.FIGURE in r.wanted or _metrics(r)):
        return r.not_covered((r.comparison.statistics.label,))
    statistics = [s for s in r.ranked if s.passage.kind is PassageKind.STATISTIC]
    # The best of the figures that give what is asked: "how many use it" is not answered by
    # the note on its growth that a quoted "mxnet is dead" meets.
    best = next((s for s in statistics if r.gives_wanted(s)), None)
    if best is None:
        # None gives it: not covered, if the question asks for something of its own.
        return r.not_covered((r.comparison.statistics.label,)) if r._own_terms and statistics else _figures(r)
    # "how many contributors": a figure asked for that the source does not give.
    if Wanted.FIGURE in r.wanted:
        unmet = any(t.position not in best.matched and t.position not in r._comparing for t in r._own_terms)
    else:
        unmet = bool(r._topical) and not r.covers(best)
    return r.not_covered((r.comparison.statistics.label,)) if unmet else _figures(r)


def _figures(r: Reading) -> Query:
    """The figures asked about, and where they come from if that is asked ("who ran it?")."""
    origins = bool(r.cues[Cue.SOURCE]) or Wanted.AGENT in r.wanted
    quoted = _quoted_figures_of(r)
    if quoted - set(r.libraries) and r.libraries:  # "mxnet is used in 64% of projects?": 64% is keras's
        libraries = tuple(
            lib.key for lib in r.comparison.libraries if lib.key in quoted or lib.key in r.libraries
        )
        return r.query(Intent.STATS, metrics=_metrics(r), origins=origins, libraries=libraries)
    if len(r.libraries) == 1 and r.comparing:  # "mxnet is nobody-uses-it tier. who has more ppl on it?"
        every = tuple(lib.key for lib in r.comparison.libraries)
        return r.query(Intent.STATS, metrics=_metrics(r), origins=origins, libraries=every)
    return r.query(Intent.STATS, metrics=_metrics(r), origins=origins)


def _quoted_figures_of(r: Reading) -> set[str]:
    """The libraries whose figure the question quotes ("64" of "64%", "30k" of "30,000")."""
    quoted = _numbers(r.text)
    return {s.library for s in r.comparison.statistics.items if quoted & _numbers(s.value)}


_QUOTED_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)(k\b)?", re.IGNORECASE)


def _numbers(text: str) -> set[float]:
    """The figures written in a text, "30k" as 30,000."""
    return {float(n.replace(",", "")) * (1000 if k else 1) for n, k in _QUOTED_NUMBER.findall(text)}


def _metrics(r: Reading) -> tuple[str, ...]:
    """The figures a question names by the words of their metric ("github stars", "survey");
    none named: all of them."""
    asked = {t.stem for t in r.terms}
    named = tuple(
        dict.fromkeys(
            stat.metric for stat in r.comparison.statistics.items if asked & set(stems(stat.metric))
        )
    )
    return () if len(named) == len({s.metric for s in r.comparison.statistics.items}) else named


def _about(r: Reading) -> Query:
    overviews = tuple(f"what {r.comparison.library(k).name} is" for k in r.libraries)
    # "is keras free for commercial use?" is not "about keras". A story's own world need not be
    # met when it wants a kind of answer ("i keep forgetting the name of the guy who wrote flask").
    if (r._terms_to_meet if r.wanted else r._own_terms) and r.answered is None:
        return r.not_covered((r.best.passage.title,) if r.best else overviews)
    if r.answered is not None:
        return _answer_from(r, r.answered)
    titled = _fact_titled(r)
    if titled is not None:  # "who is it for?": a fact asked for in its own heading's words
        return _answer_from(r, titled)
    if r.wanted:  # "who made keras?": who, if the source says; its overview says more
        giving = [s for s in r.giving_wanted if s.passage.library in r.libraries]
        if not giving:
            return r.not_covered(overviews)
        if r._guessed_at:  # "is mxnet made by google?": the fact that says who
            return _answer_from(r, _most_alike(r, giving))
    return r.query(Intent.ABOUT)


def _overview_covers(r: Reading) -> bool:
    """Whether the overview of the one library asked about covers the question."""
    overviews = (s for s in r.ranked if s.passage.kind is PassageKind.OVERVIEW)
    covered = not r._topical or any(s.passage.library in r.libraries and r.covers(s) for s in overviews)
    return len(r.libraries) == 1 and covered


def _inside(span: range, spans: Iterable[range]) -> bool:
    """Whether `span` lies within a longer one of `spans`."""
    return any(len(r) > len(span) and r.start <= span.start and span.stop <= r.stop for r in spans)


def _most_alike(r: Reading, passages: list[Scored]) -> Scored:
    """The first of `passages` sharing most words with the question ("is mysql owned by
    google?": the one saying who owns it, not the one saying who created it)."""
    asked = set(r.stemmed)
    return max(passages, key=lambda s: len(asked & s.passage.stems))


def _chat(r: Reading) -> bool:
    if " ".join(r.words) in _ACKNOWLEDGING:  # "ok", "kk", "got it"
        return True
    chat = [cue for cue in r.cues if cue in CHAT_CUES] or ([Cue.THANKS] if r.thanks_first else [])
    if not chat or r.signed_off_with_thanks:
        return False
    # "hey versus": a connective alone, after a greeting, is the bot's name, not a comparison.
    joining = {cue for cue, span in r._cue_spans if all(r.stemmed[p] in r.index.joining for p in span)}
    asked = {cue for cue, span in r._cue_spans if cue not in joining}
    others = [cue for cue in asked if cue not in CHAT_CUES and cue is not Cue.CURRENT]
    # "thx mate that saved my assignment": thanks first, and no question after it.
    thanked = "?" not in r.question.text and r.thanks_first
    # "lol ur smarter than our intern": where and who the asker is names no topic
    outside_settings = {word for p, word in enumerate(r.words) if p not in r._settings_at}
    topical = [word for word, _ in r.topic_words if word in outside_settings]
    return (
        not (r.named_libraries or r.aspects or (topical and not thanked))
        and not (r.context is not None and (r._other_one or _continues(r)))  # "cool, and the other one?"
        and (not others or Cue.THANKS in chat)
        # "Thank you. Where in the article is this written?": thanks, then a follow-up
        and not (r.context is not None and not _FOLLOWING_UP.isdisjoint(others))
    )


_FOLLOWING_UP = frozenset({Cue.WHY, Cue.SOURCE})


def _chat_kind(r: Reading) -> str:
    if r.thanks_first:
        return Cue.THANKS.value
    kinds = (Cue.THANKS, Cue.GREETING, Cue.SMALL_TALK)
    return next((cue.value for cue in kinds if r.cues[cue]), Cue.SMALL_TALK.value)


# A message of nothing but one of these acknowledges the last answer: no question to read.
_ACKNOWLEDGING = frozenset(
    ["ok", "okay", "k", "kk", "okk", "okie", "alright", "got it", "ok got it", "gotcha", "noted", "ok noted"]
)


# "by how much roughly?", "ok and by how much exactly": nothing else asked
_BARE_HOW_MUCH = frozenset(
    ["by", "how", "much", "roughly", "exactly", "about", "then", "and", "so", "ok", "more"]
)


def _figures_behind(r: Reading) -> Query:
    """The figures the last question, read again, asks about (see
    `Reading.figures_behind_the_last_comparison`)."""
    again = r.figures_behind_the_last_comparison
    assert again is not None
    return replace(_figures(again), text=r.text)


_ASKING_FOR_EXAMPLES = frozenset([("like", "what"), ("for", "example"), ("for", "instance"), ("examples",)])
EXAMPLES_ASKED_WORDS = 4  # "ok and like what?"
_ASKING_EXACTLY = frozenset(["what", "exactly"])  # "with what exactly?": the last fact's details
# The words a question of what the last fact says may take besides the fact's own ("what kind
# of toolkit is that?", "what's that called?", "with what exactly?"), and nothing else ("what
# is this bot?", "what? that's wrong").
_ASKING_OF_IT = frozenset(
    [
        "what",
        "is",
        "are",
        "kind",
        "sort",
        "type",
        "of",
        "called",
        "exactly",
        "with",
        "using",
        "by",
        "that",
        "this",
        # what kind of thing the fact names
        "library",
        "framework",
        "tool",
        "toolkit",
        "package",
        "thing",
        "engine",
    ]
)


def _asks_of_the_last_fact(r: Reading) -> bool:
    """Right after a fact, a question of what that fact says: examples asked for ("like
    what?"); or an asking word, a word pointing back, and words of the fact or that say how it
    is asked ("what kind of toolkit is that?", "with what exactly?"); or "it", after a fact
    about a thing the source names ("Django REST Framework"; not "Creator and first release", a
    fact of the library itself, which "it" names)."""
    previous, index = r.context, r.index
    if previous is None or previous.intent is not Intent.FACT:
        return False
    if len(r.words) <= EXAMPLES_ASKED_WORDS and (
        r.words[-2:] in _ASKING_FOR_EXAMPLES or r.words[-1:] in _ASKING_FOR_EXAMPLES
    ):
        return True
    if "what" not in r.words[:2] or r.topic_words or r.named_libraries or r.aspects or r.wanted or r.cues:
        return False
    if not _POINTING.isdisjoint(r.words) or _ASKING_EXACTLY.issubset(r.words):
        said = {word for fact in previous.facts for word in normalise(fact.text).split()}
        return all(word in _ASKING_OF_IT or word in said for word in r.words)
    return not _PRONOUN_WORDS.isdisjoint(r.words) and any(
        word in index.names_written and word not in index.alias_words
        for fact in previous.facts
        for word in normalise(fact.topic).split()
    )


def _about_the_last_answer(r: Reading, cue: Cue) -> bool:
    """ "why?", "where does it say that?": nothing but the cue, right after an answer — or,
    for "why?", with none: told there is nothing to explain yet. ("what's the source of the
    usage figures" with none asks where the figures come from.)"""
    # "why so high?", "why so steep?": a word of the last answer, asked about in a breath.
    if not r.cues[cue] or (r.context is None and cue is not Cue.WHY):
        return False
    if cue is Cue.SOURCE and Wanted.PLACE in r.wanted:  # "where did it come from?": its origin
        return False
    # With nothing before it, "why" alone has nothing to explain; "which has more stars and by
    # how much" asks something else.
    if r.context is None and not set(r.cues) <= {cue}:
        return False
    said = r.words  # "ok why so low?": what opens it and says nothing set aside
    while said and said[0] not in ASKING and stem(said[0]) in r.index.filler:
        said = said[1:]
    # "kinda harsh?? why": the word judging it, then why
    in_a_breath = (
        r.context is not None
        and cue is Cue.WHY
        and len(said) <= SHORT_WHY
        and "why" in (said[:1] + said[-1:])
    )
    # "and why is mxnet rated higher there?": why the last ratings put one of their libraries ahead.
    rated = r.context is not None and r.context.intent is Intent.COMPARE and bool(r.context.aspects)
    named = bool(r.named_libraries) and not (
        rated and cue is Cue.WHY and (r.cues[Cue.RATING] or _a_rating_given(r))
    )
    return not (named or r.aspects or (r.topic_words and not in_a_breath))


# A follow-up of nothing but an asking word, and the question it stands for.
_BARE_QUESTIONS = {
    "when": "when was {} first released",
    "who": "who made {}",
}
_AROUND_A_BARE_WORD = frozenset(["and", "ok", "so", "then", "exactly", "tho", "though"])


def _bare_asking_word(r: Reading) -> str | None:
    """ "when?", "ok and who?": the one asking word of a follow-up that is nothing else, right
    after a question about one library."""
    if r.context is None or len(r.context.libraries) != 1 or r.named_libraries:
        return None
    asking = [word for word in r.words if word in _BARE_QUESTIONS]
    rest = [word for word in r.words if word not in _BARE_QUESTIONS]
    return asking[0] if len(asking) == 1 and set(rest) <= _AROUND_A_BARE_WORD else None


def _asked_again(r: Reading, question: str) -> Query:
    """A question written out for the library of the last answer, read as it stands."""
    assert r.context is not None
    name = r.comparison.library(r.context.libraries[0]).name
    return _read_for(r, Reading(parse(question.format(name)), r.index))


def _other_thing(r: Reading) -> str | None:
    """ "and tensorflow?", "what about fastapi?": a continuation naming nothing but a thing
    that is not a library compared, right after a question about a library."""
    previous = r.context
    if (
        previous is None
        or not (previous.libraries or previous.aspects)
        or previous.intent is Intent.NOT_COVERED
    ):
        return None
    if r.named_libraries or r.aspects or r.cues or not r._continuations_at:
        return None
    asked = [t for t in r._own_terms if t.position not in r._continuations_at]
    if not asked:  # "what about Go?": an everyday word, written as the name it is here
        return _name_after_continuing(r)
    names = set(r._things_named) | set(r.unknown_names)
    if len(asked) != 1 or (asked[0].stem not in names and asked[0].word not in names):
        return None
    return asked[0].word


def _name_after_continuing(r: Reading) -> str | None:
    """The one word written like a name after the continuing words, if it is all there is."""
    named = capitalised(r.question)
    start = max(r._continuations_at) + 1
    rest = [word for word in r.words[start:] if word not in r.index.filler or word in named]
    return rest[0] if len(rest) == 1 and rest[0] in named and rest[0] not in r.index.asking else None


def _asked_of_another_thing(r: Reading) -> Query:
    """The previous question, its library's name replaced by the thing now asked about."""
    assert r.context is not None
    thing = _other_thing(r) or ""
    if "for" in r.words and thing in r._things_named and r.context.libraries:
        # "Flask relies on extensions such as Flask-Login." "ok and for CSRF?": what it uses for that
        names = " and ".join(r.comparison.library(key).name for key in r.context.libraries)
        return _read_for(r, Reading(parse(f"{thing} in {names}"), r.index))
    before = Reading(parse(r.context.text), r.index)
    named = before.library_positions
    if not named and r.context.aspects:  # "the learning curve rating for both" "what about fastapi?"
        aspects = " and ".join(r.comparison.aspect(key).name for key in r.context.aspects)
        return _read_for(r, Reading(parse(f"how does {thing} rate on {aspects}"), r.index))
    if not named:  # "its stars?" named no library to put the thing in place of
        return r.not_covered()
    first = min(named)
    words = [thing if p == first else w for p, w in enumerate(before.words) if p == first or p not in named]
    answer = _read_for(r, Reading(parse(" ".join(words)), r.index))
    # "MXNet supports CPU, GPU and FPGA." "what about TPU?": a fact that never says the thing
    said = " ".join(normalise(f.text) for f in answer.facts).split()
    if answer.intent is Intent.FACT and answer.facts and thing not in said:
        return r.not_covered(
            tuple(f"{r.comparison.library(f.library).name} — {f.topic}" for f in answer.facts[:1])
        )
    return answer


def _read_for(r: Reading, written_out: Reading) -> Query:
    """A question written out from the follow-up `r` (the last one asked again, of another
    library or thing), read as it stands and answered as `r`'s."""
    return replace(read(written_out)[1], text=r.text)


def _a_rating_given(r: Reading) -> bool:
    """Whether the question says a rating the last answer gave ("why is django only fair?")."""
    assert r.context is not None
    given = {
        word
        for key in r.context.aspects
        for rating in r.comparison.aspect(key).ratings.values()
        for word in normalise(rating).split()
    }
    return not given.isdisjoint(r.words)


_NUMBER = re.compile(r"\d+(?:k|m|b|x|h|s|st|nd|rd|th)?")  # "100k", "10x", "2h": figures, not topics
SHORT_WHY = 4  # words
FOLLOW_UP_CUES = frozenset({Cue.RATING, Cue.CURRENT})


def _continues(r: Reading) -> bool:
    """A continuation of the previous question: "and mxnet?", "what about scalability?",
    "keras's?", "and the other one?" — names and continuation words only. A question
    complete on its own ("which is easier to learn?") is read as it stands."""
    if r.context is None:
        return False
    # "and what would I use in flask for those?": of another library, what was just asked about
    pointing_back = (
        bool(r.named_libraries) and not r.topic_words and not _POINTING_OR_THEM.isdisjoint(r.words)
    )
    if _whole_question_after(r) and not pointing_back:
        return False
    # "ok fine, then at least tell me who developed MXNet": who or when, of a library named
    if r.wanted and r.named_libraries and not r._bare_continuation:
        return False
    if r._bare_continuation and r.named_libraries:  # "wait, and keras? i thought it was the easy one"
        return True
    if r.topic_words or not set(r.cues) <= FOLLOW_UP_CUES:
        return False
    continued = r._continuations_at
    # "is that more than keras?" after a figure or a rating: the same, set against another.
    weighed = bool(r._comparing) and bool(r.named_libraries)
    # "mxnet?", "ok mxnet?", "flask tho?": names, and words that say nothing — not even who
    filler = r.index.filler
    # "does keras?", "is mxnet?": the last question's verb again, and a name
    verb_again = len(r.words) == 2 and r.words[0] in ("does", "is", "can", "do", "will")
    asked = r.words[1:] if verb_again else r.words
    names_only = (
        bool(r.name_positions)
        and ASKING.isdisjoint(asked)
        and all(p in r.name_positions or r.stemmed[p] in filler for p in range(len(r.words)))
    )
    # "and keras?" continues; "who created flask and in what year?" asks on its own
    return r._opening in continued or names_only or r._other_one or weighed or pointing_back


WHOLE_QUESTION_WORDS = 5  # "what does keras run on": an asking word, a verb, its subject and more


def _whole_question_after(r: Reading) -> bool:
    """ "and what does keras run on?": after the continuing word, a question of its own — an
    asking word, then a verb ("what about keras?" is no such question)."""
    after = r.words[r._opening + 1 :]
    return len(after) >= WHOLE_QUESTION_WORDS and after[0] in OPENING and after[1] in ASKING - OPENING


def _another_library(r: Reading) -> Query:
    """The previous question, asked of another library."""
    previous = r.context
    assert previous is not None
    libraries = r.libraries
    if previous.intent is Intent.FACT:  # the same question, about the other library
        again = Reading(parse(previous.text), r.index, about=libraries)
        own = next(
            (s for s in again.ranked if s.passage.library in libraries and again.covers(s)),
            None,
        )
        if own is not None:
            return replace(_answer_from(again, own), text=r.text)
        answer = read(again)[1]  # "who made flask?" "and django?": nothing but who is asked
        # (not what the other library's fact says: "developed by aws, right?" "and keras?")
        if answer.intent is Intent.FACT and not answer.fact_elsewhere:
            return replace(answer, text=r.text)
        asked = previous.facts[0].topic if previous.facts else previous.items[0][1].title
        names = " and ".join(r.comparison.library(key).name for key in libraries)
        owner = previous.facts[0].library if previous.facts else previous.items[0][0]
        closest = (f"{r.comparison.library(owner).name} — {asked}",)
        picked = _closest_of(again, libraries, again.ranked[0]) if again.ranked else None
        if picked is not None and picked.passage.library in libraries:  # "and mxnet?": its own limited ones
            closest = (picked.passage.title,)
        return replace(r.not_covered(closest), unknown=f"{asked} of {names}")
    if (
        previous.intent is Intent.NOT_COVERED and previous.text
    ):  # "what license is flask under" → "and django?"
        return _read_for(r, Reading(parse(previous.text), r.index, about=libraries))
    if (
        previous.intent is Intent.ABOUT and previous.text and len(libraries) == 1
    ):  # "who made mxnet?" "and keras?"
        again = Reading(parse(previous.text), r.index, about=libraries)
        if again.wanted:
            return _read_for(r, again)
    keeps = {Intent.COMPARE, Intent.PROS, Intent.CONS, Intent.PROS_AND_CONS, Intent.ABOUT, Intent.STATS}
    if (
        r._comparing and previous.aspects and previous.intent in keeps
    ):  # "is mxnet hard to learn?" "compared to keras?"
        both = tuple(dict.fromkeys((*previous.libraries, *libraries)))
        return r.query(Intent.COMPARE, aspects=previous.aspects, libraries=both)
    if previous.intent in keeps:
        if r._comparing and previous.intent in {Intent.COMPARE, Intent.STATS}:  # "more than keras?"
            libraries = tuple(dict.fromkeys((*previous.libraries, *libraries)))
        return replace(
            previous,
            text=r.text,
            libraries=libraries,
            current=previous.current or bool(r.cues[Cue.CURRENT]),
            evidence=(),
        )
    return r.query(Intent.ABOUT)


MAX_ASPECTS = 2  # "compare them on X and Y": at most this many aspects in one answer


def _aspect_ratings(r: Reading, keys: tuple[str, ...] | None = None, *, sided: bool = False) -> Query:
    """The ratings of the aspects asked about — unless the question is about something the
    source never mentions ("how fast does mxnet compile", "is keras faster than pytorch")."""
    keys = keys or _rated_on(r)
    closest = tuple(f"the {r.comparison.aspect(key).name} ratings" for key in keys[:1])
    if r.cues[Cue.RATING] and r._things_named:  # "how does tensorflow on its own rate for scalability"
        return r.not_covered(closest)
    if r.unknown_names and any(t.word in r.unknown_names for t in _compared_on(r)):  # "… outperforms pytorch"
        return _unrated(r)
    theirs = [s for s in r.ranked if s.passage.kind is PassageKind.ASPECT and s.passage.key in keys]
    # "what grade did the author hand mxnet for raw speed": a rating asked for by name, of an
    # aspect the question names, is answered by that rating whatever else it says; so are two
    # aspects set side by side ("on raw speed and on how huge they can scale", `sided`).
    rated = (sided or any(r._comparing.values())) and bool(theirs) and not r.unknown_names
    # "which framework keeps the codebase easier to find your way around": compared on the
    # aspect's word, but what it asks is said elsewhere, and far better.
    # With no answer before it, "their way around" points at nothing.
    referring = r._refers_back and (r.context is not None or not r._pronouns_at)
    if theirs and not rated and not referring and _said_far_better_elsewhere(r, theirs[0]):
        return _passage(r)
    if not rated and (not theirs or not r.covers(_together(theirs))):
        answered = r.answered
        # "whats fastapi's security rating": figures give no rating of an aspect.
        figures = (
            answered is not None and answered.passage.kind is PassageKind.STATISTIC and r.cues[Cue.RATING]
        )
        if answered is not None and answered.passage.kind is not PassageKind.ASPECT and not figures:
            return _passage(r)  # "easier to pick up if not an expert": who it is for, not ratings
        return r.not_covered(closest)
    # the sentence of each library's reason that answers ("… widely used in the deep learning community")
    asked = r.libraries or tuple(lib.key for lib in r.comparison.libraries)
    evidence = tuple(sentence for s in theirs if s.passage.library in asked for sentence in r.evidence(s))
    return r.query(Intent.COMPARE, aspects=keys, evidence=evidence)


def _said_far_better_elsewhere(r: Reading, aspect: Scored) -> bool:
    """A fact or a pro or con answers the question, scoring far above the aspect's passages."""
    answered = r.answered
    return (
        answered is not None
        and answered.passage.kind in {PassageKind.ITEM, PassageKind.FACT}
        and answered.score >= aspect.score * FAR_BETTER
    )


def _together(scored: list[Scored]) -> Scored:
    """Several passages read as one: each word met in the best way any of them meets it."""
    matched: dict[int, float] = {}
    for one in scored:
        for position, way in one.matched.items():
            matched[position] = max(way, matched.get(position, 0.0))
    return Scored(scored[0].passage, scored[0].score, matched)


def _more_on_the_aspect(r: Reading) -> bool:
    previous = r.context
    return (
        previous is not None
        and previous.intent is Intent.COMPARE
        and bool(previous.aspects)
        and (r._opening in r._continuations_at or r.narrowing)  # "just for simple tasks"
        and not r.named_libraries
        and bool(r._topical)
        and not r.cues[Cue.RECOMMEND]  # "and for a beginner?": a situation, not the aspect
        and all(key in previous.aspects or key in r._weakly_named for key in r.aspects)
    )


def _asks_who_wins_there(r: Reading) -> bool:
    """Which one is better, asked with nothing else right after one aspect's ratings."""
    previous = r.context
    return (
        previous is not None
        and previous.intent is Intent.COMPARE
        and len(previous.aspects) == 1
        and not (r.topic_words or r.named_libraries or r.aspects)
        and bool(r.cues[Cue.RECOMMEND] or r.comparing)
        and not any(r.cues[cue] for cue in _ASKING_FOR_ELSE)  # "which one has more github stars?"
    )


def _another_aspect(r: Reading) -> Query:
    previous = r.context
    assert previous is not None
    focus = previous.libraries if previous.intent is Intent.COMPARE else ()
    return r.query(Intent.COMPARE, libraries=focus)


def _unknown_aspect(r: Reading) -> Query:
    return r.query(
        Intent.UNKNOWN,
        unknown=" ".join(r.unknown_words),
        unknown_kind=EntityKind.ASPECT,
        suggestions=_near(r, r.unknown_words, EntityKind.ASPECT),
    )


def _recommendation(r: Reading) -> Query:
    unseen = _compared_on(r)
    if unseen and r.answered is None:  # "which one uses less RAM": a comparison the source never makes
        return r.query(
            Intent.UNKNOWN,
            unknown=" ".join(t.word for t in unseen),
            unknown_kind=EntityKind.ASPECT,
            suggestions=_near(r, tuple(t.word for t in unseen), EntityKind.ASPECT),
        )
    unheard = _advised_on_unheard(r)
    if unheard and r.answered is None:
        return r.query(
            Intent.UNKNOWN, unknown=" ".join(unheard), suggestions=_near(r, unheard, EntityKind.ASPECT)
        )
    aspect = r.best_of(PassageKind.ASPECT)  # the ratings behind the advice, for "why?"
    aspects = (aspect.passage.key,) if aspect is not None and r.covers(aspect) else r.aspects
    # "better if I want FPGAs": what the source says of the library advised, on that; after a
    # situation told and a bare "which framework?", what it says that fits the situation best.
    best = r.best
    # "PM saw a demo of django's admin and wants the same": a story's best passage fits it
    told = (not r._topical or r.question.told) and best is not None
    said = next(
        (
            s
            for s in r.ranked
            if s.passage.library == r.recommended
            and s.passage.kind in {PassageKind.FACT, PassageKind.ITEM, PassageKind.ASPECT}
            and (r.covers(s) or (told and best is not None and s.score >= best.score * ANSWER_MARGIN))
        ),
        None,
    )
    evidence = r.evidence(said) if said is not None else ()
    query = r.query(Intent.RECOMMEND, recommended=r.recommended or None, aspects=aspects, evidence=evidence)
    # "is keras good for distributed training": what the source says of the library asked about.
    if len(r.named_libraries) == 1 and r.recommended != r.named_libraries[0]:
        own = next((s for s in r.ranked if s.passage.library == r.named_libraries[0] and r.covers(s)), None)
        if own is not None and own.passage.kind in {PassageKind.ITEM, PassageKind.FACT}:
            return _answer_from(r, own)
    return query


ADVISED_ON_REACH = 4  # "good for GraphQL APIs", "has a built-in CTC loss": the words advice is asked on


def _advised_on_unheard(r: Reading) -> tuple[str, ...]:
    """Names no English word makes and the source never uses, that the advice is asked on or
    that a library is asked to have ("is django good for GraphQL APIs?"): no advice the source
    gives. Such names elsewhere ("que onda, …", "… code in C#", "… with Postgres", "we use
    Jupyter") are the asker's, not the ask; a rare word written plainly ("classifier") is the
    asker's situation."""
    named = capitalised(r.question)
    unheard = {word for word in r.unknown_names if word in named and not ordinary(word)}
    if not unheard:
        return ()
    words = r.words
    asked_from = [span.stop for cue, span in r._cue_spans if cue is Cue.RECOMMEND]
    # "we use Postgres, which one …": what the asker uses is their setup, not what is asked
    asked_from += [at + 1 for at, word in enumerate(words) if word in _POSSESSING and word not in _USING]
    return tuple(
        dict.fromkeys(
            word
            for at, word in enumerate(words)
            if word in unheard
            and any(
                0 <= at - start < ADVISED_ON_REACH and _SETUP_JOINING.isdisjoint(words[start:at])
                for start in asked_from
            )
        )
    )


_USING = frozenset(["use", "uses"])
_SETUP_JOINING = frozenset(["with", "and", "using", "on", "plus"])  # "… a small API with Postgres"


COMPARED_ON_REACH = 3  # "uses less RAM", "faster at inference": the words a comparison is about


def _compared_on(r: Reading) -> tuple[Term, ...]:
    """The words the source never uses that the question compares the libraries on, next to
    a comparing word: "which uses less RAM", "faster at inference", "its scalability rating"."""
    comparing = r._comparing
    passages = r.index.passages
    # "perdon my english, which is better for performance": a comparing word with words of
    # its own after it compares on those, not on the ones before.
    after = {p for p in comparing if any(p < t.position <= p + COMPARED_ON_REACH for t in r._own_terms)}

    sentence = r.question.sentence or (0,) * len(r.words)
    # "safer for storing members' data": a comparing word that names an aspect itself compares
    # on that; what follows "for" is what it is wanted for.
    aspect_words = {t.position for t in r.terms if any(r._aspects_of(t))} if comparing else set()
    naming = {p for p in comparing if p in aspect_words or p + 1 in aspect_words}  # "safer", "more safe"

    def reaching(term: Term) -> list[int]:
        """The comparing words near it, in its sentence ("tired of googling this. the ratings.")."""
        return [
            p
            for p in comparing
            if abs(term.position - p) <= COMPARED_ON_REACH
            and (term.position > p or p not in after)
            and sentence[p] == term.sentence
            and not (p in naming and "for" in r.words[p : term.position])
        ]

    def compared(term: Term) -> bool:
        """Next to a comparing word; unless the source has a related word for it ("more
        ready-made blocks") — which does not excuse a rating no aspect has ("scalability
        rating")."""
        reached = reaching(term)
        rating = any(comparing[p] for p in reached)
        near = bool(reached)
        related = any(passages.knows_concept(c) for c in term.concepts)
        return near and (rating or not related)

    # "which framework fits that style better": what "that" points at was told, not compared on
    pointed = {t.position for t in r.unseen if t.position and r.words[t.position - 1] in _POINTING}
    near = [t for t in r.unseen if compared(t) and t.position not in pointed]
    # "which is faster", when the source says nothing of speed: the comparing word is the topic.
    itself = [t for t in r.terms if t.focus and t.position in comparing and t.concepts and not r._known(t)]
    return tuple(itself + near)


def _compared_on_unseen(r: Reading) -> tuple[Term, ...]:
    """`_compared_on`, or, in a question comparing them that no passage answers, every word
    the source never uses."""
    # A story's own words ("so tired of googling this. the ratings.") compare nothing.
    return _compared_on(r) or (r.unseen if r.comparing and r.answered is None and not r.question.told else ())


def _unrated(r: Reading) -> Query:
    """What the question compares on is nothing the source rates: a library it does not have
    (a name), or an aspect it does not have."""
    unseen = _compared_on_unseen(r)
    names = [t.word for t in unseen if t.word in r.unknown_names]
    words = tuple(names or [t.word for t in unseen])
    kind = EntityKind.LIBRARY if names else EntityKind.ASPECT
    return r.query(
        Intent.UNKNOWN, unknown=" ".join(words), unknown_kind=kind, suggestions=_near(r, words, kind)
    )


ON_TOPIC = 0.3  # a question naming nothing of the comparison must meet this much of a passage


def _on_topic(r: Reading) -> bool:
    """About the comparison: it names a library or an aspect, or a passage meets a fair part
    of it ("anyone up for lunch?" is not a question the source leaves open)."""
    return bool(r.libraries or r.aspects) or (r.best is not None and r.coverage(r.best) >= ON_TOPIC)


def _after_a_preposition(r: Reading, span: range) -> bool:
    """ "keras is working on top of which framework?": "which framework" after a preposition
    of what a thing runs on asks what that is, not which to choose."""
    return (
        span.start > 0
        and r.words[span.start] in ("which", "what")
        and r.words[span.start - 1] in _RUNS_ON_PREPOSITIONS
    )


_RUNS_ON_PREPOSITIONS = frozenset(["of", "on", "atop", "under"])
_WISHES = (("i", "want"), ("we", "want"), ("ideally",))
# Cues that ask for something other than a choice: figures, pros, cons, the table, the verdict.
_ASKING_FOR_ELSE = (Cue.STATS, Cue.PROS, Cue.CONS, Cue.TABLE, Cue.CONCLUSION)


_CHOOSER_CLAUSE = re.compile(
    r"\b(?:whichever|the (?:one|lib|library|framework|tool)s? (?:that|which|with))\b"
)
CHOOSER_REACH = 4  # words from a chooser clause's opening to the word comparing


def _chosen_by_a_comparison(r: Reading) -> bool:
    """ "going with the one that has the bigger community": the choice made by how the
    libraries compare on an aspect; that comparison answers."""
    if not (r.comparing and r.compared_aspects):
        return False
    text = " ".join(r.words)
    for clause in _CHOOSER_CLAUSE.finditer(text):
        opening = text[: clause.end()].count(" ")
        if any(0 < at - opening <= CHOOSER_REACH for at in r.comparing):
            return True
    return False


def _asks_for_advice(r: Reading) -> bool:
    """Which to choose, for a situation the source's advice fits: asked outright ("should I",
    "better for"); or "which one" with a clear winner, unless an aspect is compared ("which one
    is more secure"); or "keras or mxnet?" after the situation; or a new situation right after
    advice ("and for simple ones?")."""
    advice = r.recommended
    if advice is None or _asks_how_much(r):  # "how much does django cost for a company"
        return False
    if _only_aspects_asked(r):  # "which is better for performance, keras or mxnet?": the ratings
        return False
    if _chosen_by_a_comparison(r):  # "gonna go with the lib that has the bigger community"
        return False
    rating = [
        span for cue, span in r._cue_spans if cue is Cue.RATING and r.words[span.start] not in r.index.asking
    ]
    compared = bool(r.aspects) and bool(rating or r.comparing)
    # "does keras have image augmentation for our photos?": what the library has, not advice.
    having = _asks_what_it_has(r)
    # "i want the actual pros list": a wish for something else asked for, not for advice
    wishing_else = any(r.cues[cue] for cue in _ASKING_FOR_ELSE)
    spans = [
        span
        for cue, span in r._cue_spans
        if cue is Cue.RECOMMEND
        and not (having and r.words[span.start] in ("for", "use"))
        and not (wishing_else and r.words[span.start : span.stop] in _WISHES)
        and not _after_a_preposition(r, span)
    ]
    # "which one has more users?": a chooser, with a question another passage answers.
    answered = r.answered
    other = (
        bool(r._topical) and answered is not None and answered.passage.kind is not PassageKind.RECOMMENDATION
    )
    outright = any(r.words[span.start] not in r.index.asking for span in spans)
    # "are both ok for a real production site?": asked of both, with a passage that answers;
    # '"keras cannot do distributed training, switch to mxnet" — is that accurate?': a claim
    if other and (_of_both(r) or r.question.checked):
        return False
    # "I work at a small company. what do people use for migrations?": the situation is the
    # preamble's, the question another passage's.
    if outright and not (other and not _situation_asked(r)):
        return True
    if compared:
        return False
    advised = r.context is not None and r.context.intent is Intent.RECOMMEND
    if advised and having and other:  # "which one for microservices?" "does it come with an admin panel?"
        return False
    situation = len(r.libraries) > 1 and (not r._topical or _bare_choice(r)) and not _asks_for_ratings(r)
    # "which one has the larger user base?": a chooser asking for something else (figures…).
    if any(r.cues[cue] for cue in _ASKING_FOR_ELSE):
        return False
    chosen = bool(spans) and not other
    return (bool(advice) and (chosen or advised or situation)) or _answered_by(r, PassageKind.RECOMMENDATION)


def _bare_choice(r: Reading) -> bool:
    """ "… tiny API prototype, solo dev, zero budget. flask or django": a sentence of nothing
    but the libraries, one or the other, after the situation told."""
    words, sentence, named = r.words, r.question.sentence, r.library_positions
    if not sentence or len(set(sentence)) < 2 or not named:
        return False
    # "… one tiny API endpoint. Django or Flask? no want overkill": any sentence after the first
    for number in set(sentence) - {sentence[0]}:
        said = [p for p in range(len(words)) if sentence[p] == number]
        if len(named & set(said)) > 1 and all(p in named or words[p] in _JOINING_NAMES for p in said):
            return True
    return False


_POSSESSING = frozenset(
    [
        "have",
        "has",
        "support",
        "supports",
        "include",
        "includes",
        "ship",
        "ships",
        "offer",
        "provide",
        "use",
        "uses",
        "come",
        "comes",
    ]
)
_ASKING_IF = frozenset(["does", "do", "can", "will", "did"])


def _asks_what_it_has(r: Reading) -> bool:
    """ "does keras have …", "can flask support …", "what does flask use for logins": what
    a library has, or uses."""
    words = r.asked_words
    return any(
        word in _ASKING_IF and not _POSSESSING.isdisjoint(words[at + 1 : at + 4])
        for at, word in enumerate(words[:3])
    )


def _asks_for_ratings(r: Reading) -> bool:
    """ "what are the actual ratings tho": the ratings themselves asked for, on no aspect."""
    return not r.aspects and not r.index.rating_words.isdisjoint(r.asked_words)


def _fact_titled(r: Reading) -> Scored | None:
    """The fact of the library asked about whose topic is written in just the question's own
    words, names aside ("who is it for?": "Who it is for")."""
    asked = frozenset(
        word
        for position, (word, focus) in enumerate(zip(r.words, r.question.focus, strict=True))
        if focus and position not in r.library_positions and position not in r._pronouns_at
    )
    return next(
        (
            Scored(p, 0.0, {})
            for p in r.index.passages.passages
            if p.kind is PassageKind.FACT
            and p.library in r.libraries
            and frozenset(normalise(p.key).split()) - _PRONOUN_WORDS == asked
        ),
        None,
    )


def _cue_said_by_the_answer(r: Reading, cues: tuple[Cue, ...]) -> bool:
    """ "what problem do both frameworks solve": the cue word is the answering passage's own
    word ("They solve the same basic problem"), as is every other word of the question — no
    request for cons."""
    answered = r.answered
    if answered is None or answered.passage.kind is PassageKind.ITEM:
        return False
    spans = [span for cue, span in r._cue_spans if cue in cues]
    said = {p for span in spans for p in span}
    # the cue's own sentence; a story's own world aside ("… solve, both look like magic (designer here)")
    sentences = {r.question.sentence[p] for p in said} if r.question.sentence else {0}
    others = [t for t in r._terms_to_meet if t.position not in said and t.sentence in sentences]
    literal = answered.matched.get
    return (
        bool(spans)
        and bool(others)
        and all(literal(p) == EXACT for p in said)
        and all(literal(t.position) == EXACT for t in others)
    )


def _of_both(r: Reading) -> bool:
    """A question asked of both libraries at once ("are both ok for …", "can either …")."""
    asked = r.asked_words
    return len(asked) > 1 and asked[0] in ASKING and asked[1] in ("both", "either")


def _only_aspects_asked(r: Reading) -> bool:
    """Whether the question's own words name aspects and nothing else, comparing the
    libraries on them."""
    named = {p for span, entity in r._spans if entity.kind is EntityKind.ASPECT for p in span}
    return (
        bool(r.aspects)
        and bool(r.comparing or len(r.libraries) > 1)
        and all(t.position in named for t in r._topical)
    )


def _besides_the_aspects(r: Reading) -> list[Term]:
    """The question's topical words that are about something other than the aspects its
    pro or con words compare ("is djnago hard to lern": none)."""
    compared = set(r.compared_aspects)
    return [t for t in r._topical if compared.isdisjoint(r._aspects_of(t))]


def _situation_asked(r: Reading) -> bool:
    """Whether the question itself (not its preamble) describes a situation the source's
    advice speaks of."""
    passages = r.index.passages.passages
    return any(
        passages[number].kind is PassageKind.RECOMMENDATION
        for term in r._own_terms
        for number in r._meetings[term.position]
    )


def _answered_by(r: Reading, kind: PassageKind) -> bool:
    return r.answered is not None and r.answered.passage.kind is kind


def _about_figures(r: Reading) -> bool:
    """The figures answer: nothing but cue words asked ("how popular is it"), or a figure is
    the best passage there is, or covers the question ("the larger user base")."""
    best = r.best_of(PassageKind.STATISTIC)
    return not r._topical or (best is not None and (best is r.best or r.covers(best)))


def _asks_how_much(r: Reading) -> bool:
    """Whether the question itself (not a preamble's "devs who did a course") asks how much or
    how many of something: a figure or a price, not advice."""
    if "much" not in r.words and Wanted.FIGURE not in r.wanted:
        return False
    asked = r.asked_words
    return asked[:2] == ("how", "much") or any(
        kind is Wanted.FIGURE for kind, _ in r.index.wanted.find(asked)
    )


def _rated_on(r: Reading) -> tuple[str, ...]:
    """The aspects named; but when they are named only weakly and another aspect's passage
    answers, that aspect ("keras beats mxnet on simple tasks": performance, not ease of use)."""
    answered = r.answered
    if (
        answered is not None
        and answered.passage.kind is PassageKind.ASPECT
        and answered.passage.key not in r.aspects
        and r.named_only_weakly
    ):
        return (answered.passage.key,)
    return r.aspects


def _prefers_a_passage(r: Reading) -> bool:
    """A passage other than an aspect's covers the question and outscores the aspects named."""
    answered = r.answered
    return answered is not None and answered.passage.kind not in {PassageKind.ASPECT}


RULES: tuple[Rule, ...] = (
    Rule("chat", _chat, lambda r: r.query(Intent.CHAT, chat=_chat_kind(r))),
    Rule(
        "another-language",
        lambda r: r.in_another_language,
        lambda r: r.query(Intent.CHAT, chat=ANOTHER_LANGUAGE),
    ),
    Rule(
        # "which one has the bigger community?" "by how much?": the figures behind it.
        "how-much-after-a-comparison",
        lambda r: r.figures_behind_the_last_comparison is not None,
        _figures_behind,
    ),
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
        # "where did django come from?" "which state is that in?": the last answer says where.
        "kind-asked-of-the-last-answer",
        lambda r: r.last_answer_giving_what_is_wanted is not None,
        lambda r: r.last_answer_giving_what_is_wanted or r.base,
    ),
    Rule(
        # "does django have some REST toolkit?" "what does it give you": "it" is what the last
        # fact was about, and nothing else is asked
        "the-last-fact-again",
        _asks_of_the_last_fact,
        lambda r: r.query(Intent.FACT, facts=r.context.facts if r.context else ()),
    ),
    Rule(
        # "keras pros?" "the last one of those, what does it mean in practice?"
        "picked-from-the-last-list",
        lambda r: r.picked_from_the_last_list is not None,
        lambda r: r.query(
            Intent.FACT, items=(r.picked_from_the_last_list,) if r.picked_from_the_last_list else ()
        ),
    ),
    Rule(
        # "who made flask?" "when?": the same library, asked when (or who, or where).
        "bare-asking-word",
        lambda r: _bare_asking_word(r) is not None,
        lambda r: _asked_again(r, _BARE_QUESTIONS[_bare_asking_word(r) or ""]),
    ),
    Rule(
        "another-library",
        lambda r: (
            _continues(r)
            and bool(r.libraries)
            and bool(r.named_libraries or r._other_one)
            and set(r.aspects) <= set(r.context.aspects if r.context else ())
        ),
        _another_library,
    ),
    Rule(
        # "how many stars does mxnet have?" "and tensorflow?": the same, of a thing the article
        # names (or one it does not), not of a library compared.
        "another-thing",
        lambda r: _other_thing(r) is not None,
        _asked_of_another_thing,
    ),
    Rule(
        "another-aspect",
        lambda r: (
            _continues(r)
            and bool(r.aspects)
            and not r.named_libraries
            and not (r.context is not None and r.context.intent is Intent.RECOMMEND and r.recommended)
            # "even for simple stuff?": a case of the aspect compared, in its own reasons' words
            and not (r.named_only_weakly and not _CASE_OF.isdisjoint(r.words) and _more_on_the_aspect(r))
        ),
        _another_aspect,
    ),
    Rule(
        # "and on simple tasks?" after the performance ratings: more on the same aspect.
        "more-on-the-aspect",
        _more_on_the_aspect,
        lambda r: _aspect_ratings(r, r.context.aspects if r.context else ()),
    ),
    Rule(
        # "compare them on security" "which one wins then?": the verdict on that aspect.
        "winner-on-the-aspect",
        _asks_who_wins_there,
        lambda r: r.query(Intent.COMPARE, aspects=r.context.aspects if r.context else (), libraries=()),
    ),
    Rule(
        # 'the article says "FastAPI is gaining ground for API work" - should i drop flask?':
        # what the source says around the words it quotes.
        "quoted-from-the-source",
        lambda r: r.quoted_from_the_source is not None,
        lambda r: _answer_from(r, r.quoted_from_the_source) if r.quoted_from_the_source else r.base,
    ),
    Rule(
        # "is django like ikea and flask like buying planks?": what each is, in the source's words.
        "likened-to-something-else",
        lambda r: r.likened,
        lambda r: r.query(Intent.ABOUT),
    ),
    Rule(
        "recommendation",
        _asks_for_advice,
        _recommendation,
    ),
    Rule(
        # "compare them on how hard they are to learn and on how safe they keep your app"
        "aspects-side-by-side",
        lambda r: bool(r.cues[Cue.RATING] or r.comparing) and bool(r.aspects_side_by_side),
        lambda r: _aspect_ratings(r, r.aspects_side_by_side, sided=True),
    ),
    Rule(
        "pros-or-cons",
        # "who deals with security issues?" asks who, not for cons.
        lambda r: (
            bool(r.cues[Cue.PROS] or r.cues[Cue.CONS])
            and not r.wanted
            and not r.compared_aspects
            and (not r.aspects or r.named_only_weakly)  # "is the learning curve that bad": its ratings
            and not (r.unknown_words and r.comparing)  # "how hard is it to hire django devs vs flask devs"
            and not _cue_said_by_the_answer(r, (Cue.PROS, Cue.CONS))
            and not _about_something_else(r)  # "how do i make a pivot table in excel"
        ),
        _pros_or_cons,
    ),
    Rule(
        "statistics",
        # "why is keras so popular" asks for reasons, not figures.
        lambda r: (
            bool(r.cues[Cue.STATS]) and not (r.cues[Cue.WHY] and "why" in r.words) and _about_figures(r)
        ),
        _statistics,
    ),
    Rule(
        "ratings-table",
        lambda r: bool(r.cues[Cue.TABLE]) and not r.aspects and not _about_something_else(r),
        _intent(Intent.COMPARE),
    ),
    Rule(
        "aspect-ratings",
        lambda r: (
            bool(r.aspects) and (bool(r.cues[Cue.RATING]) or len(r.aspects) > 1 or not _prefers_a_passage(r))
        ),
        _aspect_ratings,
    ),
    Rule(
        "conclusion",
        lambda r: bool(r.cues[Cue.CONCLUSION]) and not r._asks_what_it_is,  # "what is mxnet, in short?"
        _intent(Intent.CONCLUSION),
    ),
    Rule(
        # "how do they rate on keeping you safe from attacks": an aspect in other words.
        "aspect-in-other-words",
        lambda r: (
            bool(r.implied_aspects or r.compared_aspects)
            and (bool(r.comparing) or (bool(r.compared_aspects) and not _besides_the_aspects(r)))
        ),
        lambda r: _aspect_ratings(r, (r.implied_aspects or r.compared_aspects)[:MAX_ASPECTS]),
    ),
    Rule(
        # "is flask faster than django", when the source rates no speed: an aspect it lacks;
        # "how does keras compare to pytorch": a library it lacks.
        "unrated-aspect",
        lambda r: bool(r.cues[Cue.RATING] or r.comparing) and bool(_compared_on_unseen(r)),
        _unrated,
    ),
    Rule(
        # "what is keras exactly? a framework or a wrapper?": what its overview says.
        "what-it-is",
        lambda r: r._asks_what_it_is and _overview_covers(r),
        _intent(Intent.ABOUT),
    ),
    Rule("passage", lambda r: r.best is not None and bool(r._own_terms) and _on_topic(r), _passage),
    Rule("help", lambda r: bool(r.cues[Cue.HELP]) and not r.libraries, _intent(Intent.HELP)),
    Rule(
        # "which one should my team pick?": the article's general advice. Not for "is keras
        # good for reinforcement learning", one library asked about something the source lacks.
        "general-advice",
        lambda r: (
            bool(r.cues[Cue.RECOMMEND])
            and not r.wanted  # "the guy behind flask, for my slides": who, not which
            and not r.unknown_names
            and (not r.unknown_words or len(r.named_libraries) != 1)
        ),
        _intent(Intent.CONCLUSION),
    ),
    Rule(
        # "compare them on pricing": an aspect the comparison does not have.
        "unknown-aspect",
        lambda r: len(r.libraries) > 1 and bool(r.unknown_words),
        _unknown_aspect,
    ),
    Rule(
        # "keras or mxnet?", asked out of the blue: which to choose when, as the source concludes
        "one-or-the-other",
        lambda r: (
            r.context is None
            and len(r.named_libraries) > 1
            and "or" in r.words
            and not (r._topical or r.cues)
        ),
        _intent(Intent.CONCLUSION),
    ),
    Rule("libraries-side-by-side", lambda r: len(r.libraries) > 1, _intent(Intent.COMPARE)),
    Rule("about-library", lambda r: bool(r.libraries), _about),
    Rule(
        # "tell me about both", "describe the two libraries": what each is.
        "about-both",
        lambda r: not r.libraries and not r.cues and not r._own_terms and bool(r._both_at),
        lambda r: r.query(Intent.ABOUT, libraries=tuple(lib.key for lib in r.comparison.libraries)),
    ),
    Rule(
        "ratings-question",
        lambda r: bool(r.cues[Cue.RATING]) and not r.unknown_words,
        _intent(Intent.COMPARE),
    ),
    Rule("off-topic", lambda r: True, lambda r: r.base),
)


EXPLAINED_PASSAGES = 3


def describe(reading: Reading) -> tuple[str, ...]:
    """The scored reading, for people: each word's weight (and what marks it), then the best
    passages — score, the share of the question they cover, what they lack."""
    marks = {True: "", False: " (outside the question)"}
    words = ", ".join(
        f"{t.word} {t.weight:.2f}{' cue' if t.cue else ''}{marks[t.focus]}" for t in reading.terms
    )
    lines = [f"words:      {words or '—'}"]
    if reading.wanted:
        lines.append(f"wants:      {', '.join(sorted(kind.value for kind in reading.wanted))}")
    for scored in reading.ranked[:EXPLAINED_PASSAGES]:
        verdict = "answers" if reading.covers(scored) else "does not answer"
        lacking = ", ".join(t.word for t in reading.foreign(scored))
        lines.append(
            f"passage:    {scored.passage.title} — score {scored.score:.2f}, covers "
            f"{reading.coverage(scored):.0%}, {verdict}" + (f" (never says: {lacking})" if lacking else "")
        )
    return tuple(lines)


def read(reading: Reading, rules: tuple[Rule, ...] = RULES) -> tuple[Rule, Query]:
    """The first rule that applies to the reading, and the query it builds."""
    for rule in rules:
        if rule.applies(reading):
            return rule, rule.build(reading)
    raise LookupError("no rule applies; the last rule must always apply")
