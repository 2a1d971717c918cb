"""How common an English word is: ordinary English, or something that could be a name.

The frequencies are wordfreq's English list (its data ships inside its wheel; nothing is
downloaded), read straight from its file so that start-up does not pay for wordfreq's own
imports. A word's Zipf frequency is log10 of its occurrences per billion words: "the" is
about 7.7, "reckon" 3.8, anything under 3 is not in the list at all. Nothing here knows a
library, an aspect or a field.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import zlib
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import msgpack

from bot.core.text import fold, stem

ZIPF_CEILING = 9.0  # the list's index is centibels below a probability of 1, i.e. Zipf 9
LIST_FLOOR = 3.0  # the small list holds every word at least this common
# Zipf at or above which a word is too common to say what a question is about on its own.
COMMON = 6.0
_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "est", "ly")
_SURE_ENDINGS = ("s", "ing")  # unlisted, "beter" or "maed" is more likely a slip than a form of a word


# Languages written in Latin letters whose words turn up among English ones ("bhai … kaisa
# hai?", "quien creo django?"): their small wordfreq lists.
OTHER_LANGUAGES = (
    "es",
    "pt",
    "fr",
    "it",
    "de",
    "nl",
    "sv",
    "da",
    "nb",
    "pl",
    "cs",
    "ro",
    "tr",
    "id",
    "ms",
    "fil",
    "vi",
)
OTHER_COMMON = 4.0  # Zipf: a word at least this common in another language is one of its words…
OTHER_MARGIN = 1.0  # …if it is that much more common there than in English


def _package_file(package: str, relative: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{package} is not installed: `pip install -e .` installs it")
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _frequency_file(language: str = "en", size: str = "small") -> Path:
    return _package_file("wordfreq", f"data/{size}_{language}.msgpack.gz")


def _read_list(language: str, floor: float = 0.0) -> dict[str, float]:
    """The words of one of wordfreq's small lists at least `floor` common, with their Zipf
    frequency."""
    with gzip.open(_frequency_file(language), "rb") as packed:
        buckets = msgpack.unpack(packed, raw=False)
    zipf: dict[str, float] = {}
    for centibels, words in enumerate(buckets[1:]):
        frequency = ZIPF_CEILING - centibels / 100
        if frequency < floor:
            break
        for word in words:
            zipf.setdefault(word, frequency)
    return zipf


@cache
def frequencies() -> dict[str, float]:
    """Every word of wordfreq's small English list, with its Zipf frequency."""
    return _read_list("en")


@cache
def _other_languages() -> dict[str, int]:
    """The words much more common in another language than in English, each with the
    languages it is a word of (bit i: OTHER_LANGUAGES[i]), written with its accents and
    without ("działa", "dziala"). Read on the first word that needs it."""
    english = frequencies()
    found: dict[str, int] = {}
    for bit, language in enumerate(OTHER_LANGUAGES):
        for word, frequency in _read_list(language, OTHER_COMMON).items():
            for spelling in {word, fold(word)}:
                if frequency >= english.get(spelling, 0.0) + OTHER_MARGIN:
                    found[spelling] = found.get(spelling, 0) | 1 << bit
    return found


_HOW_NOT_WHAT = frozenset(["verb", "adj", "aux"])


@cache
def _only_how() -> frozenset[str]:
    """The words of lemminflect's lemma table that can only be a verb or a plain adjective:
    never a noun, a name (spelt with a capital there: "Google") or a comparative or
    superlative ("cheapest"). Read on the first word that needs it."""
    how: set[str] = set()
    more: set[str] = set()
    with gzip.open(
        _package_file("lemminflect", "resources/lemma_lu.csv.gz"), "rt", encoding="utf-8"
    ) as table:
        for line in table:
            written, part, lemmas = line.rstrip("\n").split(",", 2)
            word = written.lower()
            plain = part in _HOW_NOT_WHAT and (part != "adj" or word in lemmas.lower().split("/"))
            (how if plain and not written[:1].isupper() else more).add(word)
    return frozenset(how - more)


def names_no_topic(word: str) -> bool:
    """A word that can only be a verb or a plain adjective ("assuming", "weird", "agree"): it
    says how something is asked, not what about — unlike a noun ("licence") or a graded
    adjective ("cheapest" asks about price)."""
    return word in _only_how()


def other_language(word: str) -> bool:
    """A word of another language, not of English ("quien", "viele", "kaisa"): common there,
    much rarer here."""
    return word in _other_languages()


def languages_of(word: str) -> frozenset[str]:
    """The languages (wordfreq's codes) `word` is a common word of, far more than of English."""
    languages = _other_languages().get(word, 0)
    return frozenset(language for bit, language in enumerate(OTHER_LANGUAGES) if languages >> bit & 1)


GLUE_MIN = 5  # letters: a shorter word is no two words typed without the space between them…
GLUE_MAX = 30  # …and a longer one no few words
GLUE_MOST = 3  # words read in one word typed
GLUE_COMMON = 5.3  # Zipf: one of two glued words is at least this common ("each" in "eachhave")…
GLUE_WORD = 4.0  # …and the other at least this, or the name of a library
GLUE_SHORT_COMMON = 6.0  # a two-letter word glued to another ("isthere") must be this common…
GLUE_SHORT_OTHER = 4.0  # …and the other word this common ("mysql", "nosql" stay names)
NAMED = ZIPF_CEILING  # a library's name is as sure a word as any


def unglued(word: str, names: frozenset[str], most: int = GLUE_MOST) -> tuple[str, ...] | None:
    """The words (`most` at most) typed without the space between them ("actuallywrote",
    "offlask", "isthere"; "flaskordjango"): each pair one very common word and a word or one
    of `names`. None for a word of English or of another language, or one that splits into no
    such words."""
    if (
        not GLUE_MIN <= len(word) <= GLUE_MAX
        or not word.isalpha()
        or zipf(word) > 0
        or other_language(word)
        or _rare_word(word)
    ):
        return None
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in range(2, len(word) - 1):
        first, second = word[:cut], word[cut:]
        said = [_sureness(part, names) for part in (first, second)]
        found: tuple[str, ...] | None = (first, second) if _glued(first, second, said) else None
        if (
            found is None
            and most > 2
            and said[0] >= GLUE_COMMON
            and (rest := unglued(second, names, most - 1))
        ):
            found, said = (first, *rest), [said[0], *(_sureness(part, names) for part in rest)]
        if found is not None and (best is None or min(said) > best[0]):
            best = (min(said), found)
    return None if best is None else best[1]


def _sureness(part: str, names: frozenset[str]) -> float:
    """How surely a piece of a glued word is a word: its Zipf frequency, or a name's."""
    return NAMED if part in names else zipf(part)


RARE_BITS = 1 << 23  # a Bloom filter of 8 Mbit (1 MiB) holds the large list's 320,000 words…
RARE_PROBES = 3  # …with about one non-word in 800 taken for a word
_PROBE_SHIFT = 21
_SECOND_CRC = 0x9E3779B9  # another starting value: a second, independent 32 bits


def _probes(word: str) -> Iterator[int]:
    """The filter's bits for a word: from two CRC-32s, the same in every process (Python's own
    string hash changes from one process to the next, and with it which non-words pass)."""
    data = word.encode()
    hashed = zlib.crc32(data) | zlib.crc32(data, _SECOND_CRC) << 32
    return ((hashed >> (probe * _PROBE_SHIFT)) & (RARE_BITS - 1) for probe in range(RARE_PROBES))


@cache
def _rare_words() -> bytearray:
    """Every word of wordfreq's large English list, rare ones too ("overkill", "speedup"),
    in a Bloom filter: read one word at a time, so that it never holds the list. Read on the
    first word that needs it."""
    bits = bytearray(RARE_BITS // 8)
    with gzip.open(_frequency_file("en", "large"), "rb") as packed:
        unpacker = msgpack.Unpacker(packed, raw=False)
        buckets = unpacker.read_array_header()
        unpacker.skip()  # the list's header
        for _ in range(buckets - 1):
            for _ in range(unpacker.read_array_header()):
                for bit in _probes(unpacker.unpack()):
                    bits[bit >> 3] |= 1 << (bit & 7)
    return bits


def _rare_word(word: str) -> bool:
    """A word of English, however rare (one non-word in 800 passes for one)."""
    bits = _rare_words()
    return all(bits[bit >> 3] & (1 << (bit & 7)) for bit in _probes(word))


def _glued(first: str, second: str, said: list[float]) -> bool:
    low, high = sorted(said)
    if NAMED in said:  # "offlask", "kerasor"
        return low >= GLUE_COMMON
    if min(len(first), len(second)) == 2:  # "isthere", "dothey"
        return high >= GLUE_SHORT_COMMON and low >= GLUE_SHORT_OTHER
    return low >= GLUE_WORD and high >= GLUE_COMMON


@lru_cache(maxsize=16384)
def zipf(word: str) -> float:
    """How common `word` (normalised) is in English; an inflected form counts as its base
    ("downsides" as "downside"); 0 for a word the list does not hold."""
    table = frequencies()
    found = table.get(word)
    if found is not None:
        return found
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = table.get(word[: -len(suffix)]) or table.get(word[: -len(suffix)] + "e")
            if base is not None:
                return base
    stemmed = stem(word)
    return table.get(stemmed, 0.0) if stemmed != word else 0.0


def ordinary(word: str) -> bool:
    """A word of everyday English (the list holds it or its base form)."""
    return zipf(word) >= LIST_FLOOR


def informativeness(word: str) -> float:
    """How much a word says about what a question asks, from 0.2 (very common) to 1 (rare or
    unknown to English): "is" says little, "websockets" a lot."""
    frequency = zipf(word)
    if frequency < LIST_FLOOR:
        return 1.0
    return max(0.2, min(1.0, (COMMON + 1.0 - frequency) / (COMMON + 1.0 - LIST_FLOOR - 0.5)))


TYPO_SOURCE = 3.8  # a slip is looked for among words at least this common
NAME_SLIP = 4.5  # a word this common or more, one slip away, makes an unknown word a typo, not a name
SETTLED = 3.3  # a word at least this common is as meant; a rarer one may be a slip ("creted")


@cache
def _by_deletion() -> dict[str, list[str]]:
    """Every common word, and every word one letter short of one, → the common words."""
    index: dict[str, list[str]] = {}
    for word, frequency in frequencies().items():
        if frequency >= TYPO_SOURCE and word.isalpha() and len(word) > 2:
            index.setdefault(word, []).append(word)
            for cut in range(len(word)):
                index.setdefault(word[:cut] + word[cut + 1 :], []).append(word)
    return index


@lru_cache(maxsize=16384)
def meant(word: str) -> str | None:
    """The common English word `word` is one slip away from — a letter dropped, added,
    changed or two swapped ("wich", "beter", "strs") — the most common if several; None for a
    word that is no such slip."""
    if len(word) < 3 or not word.isalpha():
        return None
    index = _by_deletion()
    candidates = set(index.get(word, ()))
    for cut in range(len(word)):
        candidates.update(index.get(word[:cut] + word[cut + 1 :], ()))
    typed = zipf(word)
    slips = [
        candidate
        for candidate in candidates
        if candidate != word and _one_slip(word, candidate) and zipf(candidate) > typed + 1
    ]
    if not slips:  # "begginer", "adress": a letter doubled in the wrong place, or not at all
        slips = [c for c in _by_letters().get(_single_letters(word), ()) if c != word and zipf(c) > typed + 1]
    return max(slips, key=lambda candidate: (zipf(candidate), candidate)) if slips else None


_DOUBLED = re.compile(r"(.)\1+")


def _single_letters(word: str) -> str:
    """A word with each run of one letter written once: "beginner", "begginer" → "beginer"."""
    return _DOUBLED.sub(r"\1", word)


@cache
def _by_letters() -> dict[str, list[str]]:
    """The English words of the small list that double a letter (longer than a slip of three
    letters can tell apart), by their letters written once each."""
    index: dict[str, list[str]] = {}
    for word in frequencies():
        if len(word) > 3 and word.isalpha() and _DOUBLED.search(word):
            index.setdefault(_single_letters(word), []).append(word)
    return index


def settled(word: str) -> bool:
    """Common enough to be what the writer meant: no typo is looked for in it — as listed, or
    as a plural or an -ing form of a listed word ("downsides") that is no slip of a far more
    common word ("ussing" is "using", not a form of "uss"; "starrs" is "stars"); "beter" is no
    comparative of "bet", nor "maed" a past of "mae"."""
    table = frequencies()
    if table.get(word, 0.0) >= SETTLED:
        return True
    return word.endswith(_SURE_ENDINGS) and zipf(word) >= SETTLED and meant(word) is None


def slip_of_ordinary(word: str) -> bool:
    """A very common English word with one slip ("wich", "beter", "teh"): a typo, not a name
    ("caffe" is no slip of "cafe", which is not that common)."""
    candidate = meant(word)
    return candidate is not None and zipf(candidate) >= NAME_SLIP


SHORT_WORD = 4  # in a word this short, one changed letter makes another word, not a typo ("tpus")


def _one_slip(typed: str, meant: str) -> bool:
    if abs(len(typed) - len(meant)) > 1:
        return False
    if typed[0] != meant[0] and typed[:2] != meant[1::-1]:
        return False  # a slip rarely hits the first letter ("json" is no "son")
    if len(typed) == len(meant):
        differ = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and typed[differ[0]] == meant[differ[1]]
        changed = len(differ) == 1 and len(typed) > SHORT_WORD
        return changed or (swapped and typed[differ[1]] == meant[differ[0]])
    shorter, longer = sorted((typed, meant), key=len)
    return any(longer[:cut] + longer[cut + 1 :] == shorter for cut in range(len(longer)))
