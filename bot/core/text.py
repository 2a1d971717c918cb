"""Text normalisation shared by the loader, the matcher and the engine.

Everything that compares user text with knowledge-base text goes through these helpers,
so "Ease_of-Use", "ease of use" and "EASE OF USE" look the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

import Stemmer

_POSSESSIVE = re.compile(r"['’](s\b)?")
# "who's behind it", "what's it built on": an "is", not a possessive.
_IS = re.compile(r"\b(who|what|that|it|there|here|where|how|when|which)['’]s\b")
# "we're 3 people": "we are", not the asking "were".
_ARE = re.compile(r"\b(we|you|they)['’]re\b")
# "I'll be honest": "i will", not "ill"; "we'll" is not "well".
_WILL = re.compile(r"\b(i|you|we|they|he|she|it|that|there)['’]ll\b")
_HAVE = re.compile(r"\b(i|you|we|they)['’]ve\b")  # "we've got 40 devs": not "weve"
_WOULD = re.compile(r"\b(i|you|we|they|he|she|it|that)['’]d\b")  # "we'd expose APIs": not "wed"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
_NON_WORD = re.compile(r"[^a-z0-9+#]+")
_LONE_SIGNS = re.compile(r"(?<![a-z0-9+#])[+#]+(?![a-z0-9])")  # "a + b": no word, unlike "c++"
_ENGLISH = Stemmer.Stemmer("english")
_IRREGULAR = Path(__file__).parent / "data" / "irregular_verbs.txt"
_ACRONYM_PLURAL = re.compile(r"[^aeiouy\d]{2,}[aeiou]s")
P = TypeVar("P")  # what a PhraseIndex finds
WILDCARD = "*"  # in a phrase: any one word
_DROPPED = frozenset(["Cf", "Mn"])  # invisible format characters, combining accents
# Letters NFKD leaves whole, folded as their readers type them without the key ("działa" → "dziala").
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ħ": "h",
        "ẞ": "SS",
    }
)


def fold(text: str) -> str:
    """ "für" → "fur", "ﬁ" → "fi", "działa" → "dziala": compatibility forms folded, accents
    and invisible characters dropped."""
    if text.isascii():  # nothing to fold: its control characters are punctuation to `normalise`
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) not in _DROPPED).translate(
        _UNDECOMPOSED
    )


_THOUSANDS = re.compile(r"(?<![\d.,])\b(\d{1,3})k\b")  # "80k"; not "1.5k"
_TIME_OF_DAY = re.compile(r"(?<![\d.,])\b(\d{1,2})(?::\d\d)?[ap]m\b")  # "3am"; not "4 am i wrong"


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower-case, fold Unicode look-alikes, drop invisible characters and punctuation."""
    lowered = fold(text).lower().replace("%", " percent ")
    if "k" in lowered:  # "80k stars" is "80,000 stars"
        lowered = _THOUSANDS.sub(r"\1 000", lowered)
    if "m" in lowered:  # "paged at 3am": a time of day, as a number
        lowered = _TIME_OF_DAY.sub(r"\1", lowered)
    if "re" in lowered:
        lowered = _ARE.sub(r"\1 are", lowered)
    if "ll" in lowered:
        lowered = _WILL.sub(r"\1 will", lowered)
    if "ve" in lowered:
        lowered = _HAVE.sub(r"\1 have", lowered)
    if "d" in lowered:
        lowered = _WOULD.sub(r"\1 would", lowered)
    words = _NON_WORD.sub(" ", _POSSESSIVE.sub("", _IS.sub(r"\1 is", lowered) if "s" in lowered else lowered))
    if "+" in words or "#" in words:
        return " ".join(_LONE_SIGNS.sub(" ", words).split())
    return words.strip()


def sentences(text: str) -> tuple[str, ...]:
    """The sentences of a text, in order."""
    return tuple(part for part in _SENTENCE_END.split(text.strip()) if part)


def compact(text: str) -> str:
    """The key two spellings share when they differ only in spacing: 'mx net' → 'mxnet'."""
    return normalise(text).replace(" ", "")


def _base_forms() -> dict[str, str]:
    """Irregular forms → base form ("ran" → "run"), which a suffix stemmer cannot see."""
    pairs = (line.split() for line in _IRREGULAR.read_text(encoding="utf-8").splitlines())
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2 and not pair[0].startswith("#")}


_BASE_FORMS = _base_forms()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English (Porter2) stem of a normalised word, so that "supports" meets "support",
    "performance" meets "performs" and "rendered" meets "render"."""
    stemmed = str(_ENGLISH.stemWord(_BASE_FORMS.get(word, word)))
    # Porter keeps the "s" of "gpus" and "fpgas" (as of "bus"): an acronym's plural loses it.
    if _ACRONYM_PLURAL.fullmatch(stemmed):
        return stemmed[:-1]
    # Porter makes one stem of "-ion" nouns and "-ive" adjectives: "production" would meet
    # "productive", "extensions" "extensive". The adjective's family keeps a stem of its own.
    if word.endswith(_ADJECTIVE_IVE) and not stemmed.endswith(("iv", "ive")):
        return stemmed + "iv"
    return stemmed


_ADJECTIVE_IVE = ("ive", "ives", "ively", "iveness", "ivity", "ivities")


def stems(text: str) -> tuple[str, ...]:
    """The stemmed words of `text`, in order (a `*` kept as it is)."""
    return tuple(WILDCARD if word == WILDCARD else stem(word) for word in phrase_words(text))


def phrase_words(text: str) -> tuple[str, ...]:
    """The normalised words of a phrase, a `*` kept as it is."""
    return tuple(
        part
        for piece in text.split()
        for part in ([piece] if piece == WILDCARD else normalise(piece).split())
    )


def says(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether `words` are `phrase`, a `*` in it standing for any one word (callers compare
    whole phrases first: most have no `*`)."""
    return len(words) == len(phrase) and all(p in (w, WILDCARD) for p, w in zip(phrase, words, strict=True))


_Entry = tuple[tuple[str, ...], P]  # a phrase's words, and what it stands for


class PhraseIndex(Generic[P]):
    """Finds which of many stemmed phrases occur in a sentence, in one pass over its words.

    Each phrase carries a payload (a cue, a fact, …); `find` returns each payload found with
    the stemmed phrase that matched, so longer or more specific matches can weigh more.
    """

    def __init__(self) -> None:
        # First word → (one-word phrases, longer phrases): one look-up per word of a sentence.
        self._by_first: dict[str, tuple[list[_Entry[P]], list[_Entry[P]]]] = {}

    def add(self, phrase: str, payload: P) -> None:
        self.add_words(stems(phrase), payload)

    def add_words(self, words: tuple[str, ...] | list[str], payload: P) -> None:
        """A phrase already split into the words `find` will be given (stemmed or not)."""
        if words:
            single, longer = self._by_first.setdefault(words[0], ([], []))
            (single if len(words) == 1 else longer).append((tuple(words), payload))

    def find(self, words: tuple[str, ...]) -> list[tuple[P, tuple[str, ...]]]:
        return [(payload, phrase) for payload, phrase, _ in self.spans(words)]

    def spans(self, words: tuple[str, ...]) -> list[tuple[P, tuple[str, ...], int]]:
        """`find`, with where each phrase starts. A `*` in a phrase stands for any one word
        ("best * for" is in "the best database for maps")."""
        found = []
        entries = self._by_first.get
        count = len(words)
        for start, word in enumerate(words):
            starting = entries(word)
            if starting is None:
                continue
            single, longer = starting
            for phrase, payload in single:
                found.append((payload, phrase, start))
            for phrase, payload in longer:
                end = start + len(phrase)
                second = phrase[1]
                # Most phrases fail on their second word: no slice is made for them.
                if end > count or (second != WILDCARD and second != words[start + 1]):
                    continue
                said = words[start:end]
                if said == phrase or (WILDCARD in phrase and says(said, phrase)):
                    found.append((payload, phrase, start))
        return found

    def vocabulary(self) -> set[str]:
        return {
            word
            for single, longer in self._by_first.values()
            for phrase, _ in (*single, *longer)
            for word in phrase
            if word != WILDCARD
        }
