"""Entity resolution: which library or aspect a piece of user text names.

Names and aliases come from the knowledge base; rapidfuzz forgives typos, and `bot.core.text`
forgives casing, spacing and punctuation. Three uses: resolving a command argument
(`!pros mxnt`), spotting entities inside a free-form question, and ranking autocomplete
choices.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.knowledge import KnowledgeBase
from bot.core.text import compact
from bot.core.vocabulary import ordinary, zipf

MAX_CHOICES = 25
# A command argument this similar to an alias resolves to it; below, it is "unknown".
ARGUMENT_CUTOFF = 75.0
# Two candidates this close to each other are ambiguous.
AMBIGUITY_MARGIN = 3.0
# Inside a sentence we are stricter: one edit in a 4-letter word, about two in longer ones.
SHORT_WORD_CUTOFF = 88.0
LONG_WORD_CUTOFF = 80.0
MIN_FUZZY_LENGTH = 4
SUGGESTION_CUTOFF = 70.0  # "postgre" is near PostgreSQL (82); "sqlite" is not (60)
SHORT_NAME_LENGTH = 5  # a name this short is too short for a ratio: one slip (OSA) is its typo
RARE_SLIP = 3.5  # Zipf: an everyday word rarer than this, one slip from a name, is its typo ("flaks")
MIN_PREFIX_LENGTH = 3
NEGATING_PREFIXES = ("in", "un", "non", "im", "ir", "il")
MIN_OPPOSED_LENGTH = 6  # "secure" → "insecure"; "easy" → "uneasy" is another word
AUTOCOMPLETE_CUTOFF = 50.0
RANKED_LIMIT = 200  # enough spellings to rank every entity of a large knowledge base


class EntityKind(StrEnum):
    LIBRARY = "library"
    ASPECT = "aspect"


@dataclass(frozen=True)
class Entity:
    kind: EntityKind
    key: str
    name: str
    comparison: str


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one argument: an entity, or suggestions of what was meant."""

    entity: Entity | None
    suggestions: tuple[Entity, ...] = ()
    ambiguous: bool = False


class Matcher:
    """An index of every name and alias in a knowledge base."""

    def __init__(self, kb: KnowledgeBase, kinds: frozenset[EntityKind] = frozenset(EntityKind)) -> None:
        """Every name of the knowledge base, or only those of entities of `kinds`."""
        owners: dict[str, list[Entity]] = defaultdict(list)
        self.entities: tuple[Entity, ...] = tuple(
            entity
            for comparison in kb.comparisons
            for entity in (
                *(
                    Entity(EntityKind.LIBRARY, lib.key, lib.name, comparison.id)
                    for lib in comparison.libraries
                ),
                *(Entity(EntityKind.ASPECT, asp.key, asp.name, comparison.id) for asp in comparison.aspects),
            )
            if entity.kind in kinds
        )
        spellings: dict[tuple[str, str], tuple[str, ...]] = {
            (comparison.id, lib.key): (lib.key, lib.name, *lib.aliases)
            for comparison in kb.comparisons
            for lib in comparison.libraries
        } | {
            (comparison.id, asp.key): (asp.key, asp.name, *asp.aliases, *asp.weak_aliases)
            for comparison in kb.comparisons
            for asp in comparison.aspects
        }
        self._spellings_by_entity = {e: spellings[(e.comparison, e.key)] for e in self.entities}
        for entity in self.entities:
            for spelling in self._spellings_by_entity[entity]:
                key = compact(spelling)
                if entity not in owners[key]:
                    owners[key].append(entity)
        self._owners: dict[str, tuple[Entity, ...]] = {k: tuple(v) for k, v in owners.items() if k}
        self._by_kind: dict[EntityKind, list[tuple[Entity, str]]] = {
            kind: [(e, spelling) for spelling, group in self._owners.items() for e in group if e.kind is kind]
            for kind in EntityKind
        }
        self._spellings_by_initial: dict[str, list[str]] = defaultdict(list)
        for spelling in self._owners:
            self._spellings_by_initial[spelling[0]].append(spelling)
        # "insecure", "inflexible": an aspect named by the word for its lack; not by a weak
        # alias or a short one ("uneasy" is no lack of ease of use)
        strong = {
            compact(spelling)
            for comparison in kb.comparisons
            for asp in comparison.aspects
            for spelling in (asp.name, *asp.aliases)
        }
        self._opposites = {
            prefix + spelling: spelling
            for spelling in strong
            if spelling.isalpha() and len(spelling) >= MIN_OPPOSED_LENGTH
            for prefix in NEGATING_PREFIXES
        }
        # "jango": a long name whose first letter the typist dropped
        self._beheaded = {s[1:]: s for s in self._owners if len(s) > MIN_FUZZY_LENGTH and s.isalpha()}
        self._spelling_lists = {kind: [s for _, s in pairs] for kind, pairs in self._by_kind.items()}
        # Every beginning of a spelling: a word that is none starts no multi-word name.
        self._spelling_starts = frozenset(
            spelling[:end] for spelling in self._owners for end in range(1, len(spelling) + 1)
        )
        self._longest_alias_words = max(len(s.split()) for group in spellings.values() for s in group)

    # Command arguments ------------------------------------------------------------------------

    def resolve(self, text: str, kind: EntityKind, comparison: str | None = None) -> Resolution:
        """Resolve a command argument naming one entity of `kind`."""
        wanted = compact(text)
        if not wanted:
            return Resolution(None, self.all_of(kind, comparison))
        exact = self._filter(self._owners.get(wanted, ()), kind, comparison)
        if exact:
            return Resolution(exact[0])
        candidates = self._ranked(wanted, kind, comparison, fuzz.ratio, ARGUMENT_CUTOFF - AMBIGUITY_MARGIN)
        if candidates and candidates[0][1] >= ARGUMENT_CUTOFF:
            best, score = candidates[0]
            rivals = [e for e, s in candidates[1:] if s >= score - AMBIGUITY_MARGIN]
            return Resolution(None, (best, *rivals), ambiguous=True) if rivals else Resolution(best)
        prefixed = self._prefixed(wanted, kind, comparison) if len(wanted) >= MIN_PREFIX_LENGTH else ()
        if len(prefixed) == 1:
            return Resolution(prefixed[0])
        return Resolution(None, self.suggest(text, kind, comparison))

    def suggest(self, text: str, kind: EntityKind, comparison: str | None = None) -> tuple[Entity, ...]:
        """The entities of `kind` whose names are near `text` ("kerass", "postgre"), closest
        first; none for a name far from all of them ("pytorch")."""
        return tuple(
            e for e, _ in self._ranked(compact(text), kind, comparison, fuzz.WRatio, SUGGESTION_CUTOFF)
        )

    def spellings_of(self, entity: Entity) -> tuple[str, ...]:
        """Every way the knowledge base spells `entity`: key, name, aliases."""
        return self._spellings_by_entity[entity]

    def all_of(self, kind: EntityKind, comparison: str | None = None) -> tuple[Entity, ...]:
        return tuple(e for e in self.entities if e.kind == kind and comparison in (None, e.comparison))

    # Autocomplete -----------------------------------------------------------------------------

    def complete(
        self, text: str, kind: EntityKind, comparison: str | None = None, limit: int = MAX_CHOICES
    ) -> tuple[Entity, ...]:
        """Entities of `kind` for an autocomplete box: all when empty, else the best matches."""
        wanted = compact(text)
        if not wanted:
            return self.all_of(kind, comparison)[:limit]
        ranked = [e for e, _ in self._ranked(wanted, kind, comparison, fuzz.WRatio, AUTOCOMPLETE_CUTOFF)]
        return tuple(dict.fromkeys([*self._prefixed(wanted, kind, comparison), *ranked]))[:limit]

    # Free text -------------------------------------------------------------------------------

    def mentions(self, words: tuple[str, ...], ignore: frozenset[str] = frozenset()) -> tuple[Entity, ...]:
        """Entities named in a sentence's normalised words, in order of first mention.

        Exact n-gram matches first; then single words (not in `ignore`) that are a typo away
        from an alias.
        """
        return self.mentions_at(words, ignore)[0]

    def mentions_at(
        self, words: tuple[str, ...], ignore: frozenset[str] = frozenset()
    ) -> tuple[tuple[Entity, ...], frozenset[int]]:
        """`mentions`, and the positions of the words that name them."""
        spans = self.spans(words, ignore)
        ordered = tuple(dict.fromkeys(entity for _, entity in spans))
        return ordered, frozenset(position for positions, _ in spans for position in positions)

    def spans(
        self, words: tuple[str, ...], ignore: frozenset[str] = frozenset()
    ) -> list[tuple[range, Entity]]:
        """Each mention: the positions of its words and the entity they name, in order."""
        found: list[tuple[range, Entity]] = []
        covered: set[int] = set()
        starts, owners = self._spelling_starts, self._owners
        start = 0
        while start < len(words):  # left to right, the longest name from each word
            joined, longest = "", 0
            for end in range(start, min(len(words), start + self._longest_alias_words)):
                joined += words[end]
                if joined not in starts:
                    break  # no spelling goes on like this
                if joined in owners:
                    longest = end + 1 - start
            if longest:
                span = range(start, start + longest)
                found.extend((span, entity) for entity in owners["".join(words[start : start + longest])])
                covered.update(span)
                start += longest
            else:
                start += 1
        for index, word in enumerate(words):
            if index in covered or len(word) < MIN_FUZZY_LENGTH or word in ignore:
                continue
            # A typo rarely hits the first letter; requiring it avoids most false friends.
            bucket = self._spellings_by_initial.get(word[0], ())
            if ordinary(word):
                # An everyday word ("thought") is no typo of a name ("throughput"), unless it
                # is the name with an ending ("djangos"), or a rare word one slip from a long
                # name ("flaks" for flask; not "flash").
                ends = range(len(word) - 1, MIN_FUZZY_LENGTH - 1, -1)
                spelling = next((word[:end] for end in ends if word[:end] in self._owners), None)
                if spelling is None and len(word) >= SHORT_NAME_LENGTH and zipf(word) < RARE_SLIP:
                    spelling = next(
                        (s for s in bucket if len(s) == len(word) and OSA.distance(word, s) <= 1), None
                    )
            else:
                cutoff = SHORT_WORD_CUTOFF if len(word) == MIN_FUZZY_LENGTH else LONG_WORD_CUTOFF
                match = process.extractOne(word, bucket, scorer=fuzz.ratio, score_cutoff=cutoff)
                spelling = match[0] if match else None
                if spelling is None and len(word) <= SHORT_NAME_LENGTH:  # "rsut": two letters swapped
                    spelling = next((s for s in bucket if OSA.distance(word, s) <= 1), None)
                if spelling is None:
                    spelling = self._beheaded.get(word)
            if spelling is None:
                spelling = self.opposite_of(word)
            if spelling is not None:
                found.extend((range(index, index + 1), entity) for entity in self._owners[spelling])
                covered.add(index)
        found.sort(key=lambda pair: pair[0].start)
        return found

    def opposite_of(self, word: str) -> str | None:
        """The aspect's spelling a word names by its lack ("insecure" → "secure"), else None."""
        return self._opposites.get(word)

    # Internals -------------------------------------------------------------------------------

    def _filter(self, entities: tuple[Entity, ...], kind: EntityKind, comparison: str | None) -> list[Entity]:
        return [e for e in entities if e.kind == kind and comparison in (None, e.comparison)]

    def _spellings_of(self, kind: EntityKind, comparison: str | None) -> list[tuple[Entity, str]]:
        pairs = self._by_kind[kind]
        return pairs if comparison is None else [(e, s) for e, s in pairs if e.comparison == comparison]

    def _prefixed(self, wanted: str, kind: EntityKind, comparison: str | None) -> tuple[Entity, ...]:
        """Entities with a spelling that starts with `wanted`."""
        pairs = self._spellings_of(kind, comparison)
        return tuple(dict.fromkeys(e for e, spelling in pairs if spelling.startswith(wanted)))

    def _ranked(
        self,
        wanted: str,
        kind: EntityKind,
        comparison: str | None,
        scorer: Callable[..., float],
        cutoff: float = 0.0,
    ) -> list[tuple[Entity, float]]:
        """Entities of `kind` scoring at least `cutoff`, each with its best alias score, best first."""
        pairs = self._spellings_of(kind, comparison)
        spellings = self._spelling_lists[kind] if comparison is None else [s for _, s in pairs]
        best: dict[Entity, float] = {}
        for _, score, index in process.extract(
            wanted, spellings, scorer=scorer, limit=RANKED_LIMIT, score_cutoff=cutoff
        ):  # best first, so each entity keeps its best score
            best.setdefault(pairs[index][0], score)
        return list(best.items())
