"""Generic English as data: how people ask for pros, statistics, a recommendation…, and the
filler words that carry no topic.

The phrases live in `bot/core/data/english.yaml`, validated on load like a knowledge file (an
error names the file, the line and the field). The code knows only the kinds of cue (`Cue`),
never a phrase; nothing here names a library, an aspect or a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from bot.core.knowledge import FieldReader, read_yaml
from bot.core.text import normalise, phrase_words, stem

ENGLISH = Path(__file__).parent / "data" / "english.yaml"


class Cue(StrEnum):
    """Generic ways of asking; found by phrase in the question."""

    PROS = "pros"
    CONS = "cons"
    STATS = "stats"
    CONCLUSION = "conclusion"
    TABLE = "table"
    RECOMMEND = "recommend"
    RATING = "rating"
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"
    SMALL_TALK = "small_talk"
    WHY = "why"  # the reasoning behind the previous answer
    SOURCE = "source"  # where the previous answer comes from
    CURRENT = "current"  # asks about today, not about the time of the source
    ARTICLE = "article"  # about the article itself: its aim, its focus


CHAT_CUES = frozenset({Cue.GREETING, Cue.THANKS, Cue.SMALL_TALK})


class Wanted(StrEnum):
    """What kind of answer a question's wording asks for, whatever its topic."""

    DATE = "date"  # "what year", "when was": an answer without a year does not answer it
    FIGURE = "figure"  # "how many": an answer without a number does not answer it
    AGENT = "agent"  # "who made": an answer naming no one does not answer it
    PLACE = "place"  # "where is he from": an answer naming no place does not answer it


@dataclass(frozen=True)
class Lexicon:
    """The generic vocabulary the question reader uses, whatever the comparison."""

    cues: dict[Cue, tuple[str, ...]]  # phrases per cue
    filler_words: frozenset[str]  # normalised words that name no topic
    connectives: tuple[str, ...]  # words joining two names: "vs", "against"
    pronouns: tuple[str, ...]  # words standing for what was asked about before: "its cons"
    continuations: tuple[str, ...]  # "and mxnet?", "what about scalability?"
    others: tuple[str, ...] = ()  # words standing for the library not asked about: "the other one"
    comparatives: tuple[str, ...] = ()  # "less", "faster": what is next to them is compared
    rating_words: tuple[str, ...] = ()  # "rating", "score": what is next to them is an aspect
    related: tuple[tuple[str, ...], ...] = ()  # groups of words that mean nearly the same
    # Per kind of answer: the wordings asking for it, and the wordings of a text giving it.
    wanted: dict[Wanted, tuple[tuple[str, ...], tuple[str, ...]]] = dataclass_field(default_factory=dict)
    negations: tuple[str, ...] = ()  # "no", "without": the next words are not wanted
    shorthand: dict[str, str] = dataclass_field(default_factory=dict)  # "langs" → "languages"
    idioms: tuple[str, ...] = ()  # "in the first place": set phrases whose words name no topic
    # Where the asker is ("in the lab", "for class"): no topic, unless the source itself uses
    # the word.
    settings: frozenset[str] = frozenset()

    @cached_property
    def stopwords(self) -> frozenset[str]:
        """The filler words, stemmed."""
        return frozenset(stem(word) for word in self.filler_words)

    def cue_words(self) -> frozenset[str]:
        """Every normalised word of every cue phrase."""
        return frozenset(
            word for phrases in self.cues.values() for p in phrases for word in normalise(p).split()
        )

    @cached_property
    def related_words(self) -> frozenset[str]:
        """Every normalised word of every related-word group: English, never a typo ("wordy")."""
        return frozenset(word for group in self.related for p in group for word in normalise(p).split())


def load_lexicon(path: Path = ENGLISH) -> Lexicon:
    """Load and validate a lexicon file; raises KnowledgeError naming file, line and field."""
    data, lines = read_yaml(path)
    return _LexiconReader(path, lines).lexicon(data)


@cache
def english() -> Lexicon:
    """The shipped English lexicon, loaded once."""
    return load_lexicon(ENGLISH)


class _LexiconReader(FieldReader):
    def lexicon(self, data: Any) -> Lexicon:
        top = self.mapping(
            data,
            "",
            {"cues", "filler_words", "connectives", "pronouns", "continuations"},
            {
                "related",
                "negations",
                "others",
                "wanted",
                "comparatives",
                "rating_words",
                "shorthand",
                "idioms",
                "settings",
            },
        )
        cues = self.mapping(top["cues"], "cues", {cue.value for cue in Cue}, set())
        return Lexicon(
            cues={cue: self.distinct(cues[cue.value], f"cues.{cue.value}") for cue in Cue},
            filler_words=frozenset(
                normalise(word) for word in self.distinct(top["filler_words"], "filler_words")
            ),
            connectives=self.distinct(top["connectives"], "connectives"),
            pronouns=self.distinct(top["pronouns"], "pronouns"),
            continuations=self.distinct(top["continuations"], "continuations"),
            related=tuple(
                self.distinct(group, f"related[{number}]")
                for number, group in enumerate(self.sequence(top.get("related") or [], "related"))
            ),
            negations=self.distinct(top["negations"], "negations") if "negations" in top else (),
            others=self.distinct(top["others"], "others") if "others" in top else (),
            comparatives=self.distinct(top["comparatives"], "comparatives") if "comparatives" in top else (),
            rating_words=self.distinct(top["rating_words"], "rating_words") if "rating_words" in top else (),
            wanted=self.wanted(top.get("wanted") or {}),
            shorthand=self.shorthand(top.get("shorthand") or {}),
            idioms=self.distinct(top["idioms"], "idioms") if "idioms" in top else (),
            settings=frozenset(
                normalise(word) for word in self.distinct(top.get("settings") or [], "settings")
            ),
        )

    def shorthand(self, value: Any) -> dict[str, str]:
        """Short forms people type and the word each stands for, one word each."""
        written = self.mapping(
            value, "shorthand", set(), set(map(str, value)) if isinstance(value, dict) else set()
        )
        read: dict[str, str] = {}
        for short, meant in written.items():
            field = f"shorthand.{short}"
            words = (normalise(str(short)), normalise(self.text(meant, field)))
            if any(len(word.split()) != 1 for word in words):
                raise self.fail(field, "a short form and the word it stands for are one word each")
            read[words[0]] = words[1]
        return read

    def wanted(self, value: Any) -> dict[Wanted, tuple[tuple[str, ...], tuple[str, ...]]]:
        kinds = self.mapping(value, "wanted", set(), {kind.value for kind in Wanted})
        read: dict[Wanted, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        for kind, phrases in kinds.items():
            field = f"wanted.{kind}"
            both = self.mapping(phrases, field, {"asked"}, {"given"})
            given = self.distinct(both["given"], f"{field}.given") if "given" in both else ()
            read[Wanted(kind)] = (self.distinct(both["asked"], f"{field}.asked"), given)
        return read

    def distinct(self, value: Any, field: str) -> tuple[str, ...]:
        """A non-empty list of phrases, each given once."""
        phrases = self.words(value, field)
        seen: set[str] = set()
        for index, phrase in enumerate(phrases):
            key = " ".join(phrase_words(phrase))
            if not key:
                raise self.fail(f"{field}[{index}]", f"{phrase!r} has no letters or digits")
            if key in seen:
                raise self.fail(f"{field}[{index}]", f"{phrase!r} is listed twice")
            seen.add(key)
        return phrases
