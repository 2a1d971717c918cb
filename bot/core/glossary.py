"""Words of other languages, read as the English they mean.

People mix words of their own language into a question, or write all of it in that language
("¿qué porcentaje de proyectos usa Keras?", "bhai kaunsa zyada fast hai?", "totoo ba yun?").
Word by word — a phrase of a few words first — the words of the language a message is in
become the English they mean, from a glossary shipped as data (data/glossary.yaml); the reading
that follows reads English. Nothing here knows a library, an aspect or a field.

A message is read in a language only on the evidence of two of its words written in lower case
that English lacks, or has far less: names ("Sasa and Ana said …") and words English shares
("con", "la la") are no evidence, and an English message is read as it is written. Code, links
and mentions are never translated.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import islice, pairwise
from pathlib import Path

from bot.core.knowledge import read_yaml
from bot.core.text import fold, normalise
from bot.core.vocabulary import LIST_FLOOR, languages_of, other_language, zipf

GLOSSARY = Path(__file__).parent / "data" / "glossary.yaml"
LANGUAGE_WORDS = 2  # words of a language, evidence of it, a message must hold to be read in it
SURE_WORDS = 3  # with this many, its words English has too ("usa", "con") are read in it as well
ENGLISH_WORD = 4.0  # Zipf: a word this common in English is no evidence of another language
# wordfreq's names of the glossary's languages, where they differ
WORDFREQ_NAMES = {"tl": frozenset(["fil"]), "id": frozenset(["id", "ms"])}

# A word, in any script ("as3el": a digit can be a letter), with its elisions ("c'est").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_UNTOUCHED = re.compile(r"```.*?```|`[^`\n]*`|https?://\S+|<[@#!&:][^>]*>", re.DOTALL)
_SENTENCE_END = re.compile(r"[.!?¿¡:;]")
_JOINED = re.compile(r"[\s'’-]*")  # what may stand between the words of a phrase ("qu'est-ce que")
_ARABIZI = re.compile(r"[a-z]+\d[a-z\d]*[a-z]")  # "as3el": Arabic written with a digit for a letter

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One language's words and phrases, and the English each means: keyed as folded
    ("e" is Portuguese "and"), and as written where folding loses the difference ("é": "is")."""

    folded: dict[Phrase, str]
    written: dict[Phrase, str]
    longest: int  # words in its longest phrase


@cache
def glossary() -> dict[str, Table]:
    """The glossary, per language."""
    raw: dict[str, dict[str, str]] = read_yaml(GLOSSARY)[0]
    return {language: _table(entries) for language, entries in raw.items()}


def _table(entries: dict[str, str]) -> Table:
    folded: dict[Phrase, str] = {}
    written: dict[Phrase, str] = {}
    for said, meant in entries.items():
        lowered = str(said).lower()
        key = tuple(normalise(lowered).split())
        if not key or " ".join(key) == normalise(str(meant)):
            continue  # "version: version" says nothing of a language
        if fold(lowered) == lowered:  # the plain spelling holds the folded key ("e", not "é")
            folded[key] = str(meant)
        else:
            folded.setdefault(key, str(meant))
            written[tuple(lowered.split())] = str(meant)
    longest = max(len(phrase) for phrase in folded) if folded else 1
    return Table(folded, written, longest)


@cache
def _languages_of_words() -> dict[str, tuple[str, ...]]:
    """Each single word of the glossary, and the languages it is a word of."""
    languages: dict[str, list[str]] = defaultdict(list)
    for language, table in glossary().items():
        for phrase in table.folded:
            if len(phrase) == 1:
                languages[phrase[0]].append(language)
    return {word: tuple(found) for word, found in languages.items()}


@dataclass(frozen=True)
class _Word:
    match: re.Match[str]
    word: str  # normalised (folded)
    written: str  # lower-cased, accents kept
    opening: bool  # first of its sentence

    @property
    def capitalised(self) -> bool:
        return not self.match[0][:1].islower()


def in_english(text: str, kept: Iterable[str] = ()) -> str:
    """`text` with the words of the other language it is in said in English; as it is when it
    is in none, or when most of its words are ones the glossary lacks (better told to ask in
    English than read in fragments). Words of that language the glossary lacks are set aside.
    Words in `kept` (the names a comparison knows) stay as written."""
    if not _may_be_in_another_language(text):
        return text
    words = _words(text, frozenset(kept))
    chosen = _language_of(words)
    if chosen is None:
        return text
    language, sure = chosen
    table = glossary()[language]
    pieces: list[str] = []
    written = 0  # how much of `text` is in `pieces`
    read = unread = 0
    at = 0
    while at < len(words):
        length, meant = _phrase_at(words, at, language, sure)
        if not length and (words[at].word,) not in table.folded and _unread(words[at], language, sure):
            length, meant = 1, ""
            unread += 1
        elif not length and zipf(words[at].word) < LIST_FLOOR:
            unread += 1  # "zuverlässig": left as it is, and no English either
        else:
            read += length
        if length:
            pieces += [text[written : words[at].match.start()], meant]
            written = words[at + length - 1].match.end()
            at += length
        else:
            at += 1
    if unread > read:
        return text
    return "".join([*pieces, text[written:]])


def _may_be_in_another_language(text: str) -> bool:
    """Whether two words written in lower case are words of the glossary: most English
    messages have none, and are spared the reading of their words."""
    known = _languages_of_words()
    found = (w for w in _WORD.findall(text) if w[0].islower() and (w in known or fold(w) in known))
    return len(list(islice(found, LANGUAGE_WORDS))) == LANGUAGE_WORDS


def _words(text: str, kept: frozenset[str]) -> list[_Word]:
    """The words a translation may change: not in code, a link or a mention, not a name kept."""
    untouched = [span.span() for span in _UNTOUCHED.finditer(text)] if any(c in text for c in "`:<") else []
    found: list[_Word] = []
    last_end = 0
    for match in _WORD.finditer(text):
        inside = any(start <= match.start() < end for start, end in untouched)
        word = normalise(match[0])
        opening = not found or bool(_SENTENCE_END.search(text[last_end : match.start()]))
        last_end = match.end()
        if not inside and word and word not in kept:
            found.append(_Word(match, word, match[0].lower(), opening))
    return found


def _evidence(word: _Word) -> bool:
    """A word written in lower case that English lacks or has far less ("kaunsa", "est"): it
    says the message is in another language. A name is written with a capital."""
    if word.capitalised:
        return False
    frequency = zipf(word.word)
    return frequency < LIST_FLOOR or (frequency < ENGLISH_WORD and other_language(word.word))


def _language_of(words: list[_Word]) -> tuple[str, bool] | None:
    """The language most of the message's words are words of — on the evidence of two of them
    at least ("Kunde" alone may be German or Swedish) — and whether the evidence is sure; None
    for none."""
    languages_of_words = _languages_of_words()
    evidence: dict[str, set[str]] = defaultdict(set)  # per language, its words that are evidence
    said: dict[str, int] = defaultdict(int)  # per language, its words in the message
    for word in words:
        for language in languages_of_words.get(word.word, ()):
            said[language] += 1
            if _evidence(word):
                evidence[language].add(word.word)
    ranked = sorted(
        ((len(found), said[language], language) for language, found in evidence.items()), reverse=True
    )
    if not ranked or ranked[0][0] < LANGUAGE_WORDS:
        return None
    return ranked[0][2], ranked[0][0] >= SURE_WORDS


def _phrase_at(words: list[_Word], at: int, language: str, sure: bool) -> tuple[int, str]:
    """The longest phrase of the glossary starting at word `at`, its words only spaces,
    hyphens or apostrophes apart, and its English; (0, "") for none. A single word English has
    too ("usa") or written like a name is read so only in a message sure of its language; a word
    of another language of the glossary than the message's, in its own ("… und welches …")."""
    table = glossary()[language]
    for length in range(min(table.longest, len(words) - at), 0, -1):
        span = words[at : at + length]
        if any(_JOINED.fullmatch(_between(a, b)) is None for a, b in pairwise(span)):
            continue
        meant = table.written.get(tuple(w.written for w in span))
        if meant is None:
            meant = table.folded.get(tuple(w.word for w in span))
        if meant is None:
            continue
        if length == 1 and not (sure or _its_own(span[0])):
            continue  # "usa" in English is the USA; "Ana" is a name
        return length, meant
    return _in_another_glossary(words[at], language)


def _its_own(word: _Word) -> bool:
    """A word of the glossary read in the message's language: not written like a name, and
    evidence of another language, or much more common in one than in English ("est")."""
    if word.capitalised and not word.opening:
        return False
    return word.opening or _evidence(word) or other_language(word.word)


def _between(first: _Word, second: _Word) -> str:
    return first.match.string[first.match.end() : second.match.start()]


def _in_another_glossary(word: _Word, language: str) -> tuple[int, str]:
    """A word that is evidence of another language of the glossary, and its English there."""
    if not _evidence(word):
        return 0, ""
    for other in _languages_of_words().get(word.word, ()):
        if other != language:
            return 1, glossary()[other].folded[(word.word,)]
    return 0, ""


def _unread(word: _Word, language: str, sure: bool) -> bool:
    """A word of the message's language the glossary lacks ("leute", "onda"; "as3el", Arabic
    written with a digit for a letter): no English reading could say what it means. A name is
    written with a capital (at the start of a sentence, only a message sure of its language
    reads it as a word), and "I'm" is English."""
    if "'" in word.written or "’" in word.written:
        return False
    if word.capitalised and not (word.opening and sure):
        return False
    if language == "ar":
        return _ARABIZI.fullmatch(word.word) is not None
    return not languages_of(word.word).isdisjoint(WORDFREQ_NAMES.get(language, frozenset([language])))
