"""Words of other languages, read as the English they mean.

People mix words of their own language into a question, or write all of it in that language
("¿qué porcentaje de proyectos usa Keras?", "bhai kaunsa zyada fast hai?", "totoo ba yun?").
Word by word — a phrase of two or three words first — the words of the language a message
uses most become the English they mean, from a glossary shipped as data (data/glossary.yaml);
the reading that follows reads English. Nothing here knows a library, an aspect or a field.

A word that is English too ("con", "solo", "real") stays English unless the message holds a
word of that language that English does not have: "what's the biggest con of flask" is read as
it is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from bot.core.knowledge import read_yaml
from bot.core.text import normalise
from bot.core.vocabulary import LIST_FLOOR, other_language, zipf

GLOSSARY = Path(__file__).parent / "data" / "glossary.yaml"
LONGEST_PHRASE = 3  # words
LANGUAGE_WORDS = 2  # words of a language a message must hold to be read in it
ENGLISH_WORD = 4.0  # Zipf: a word this common in English, and no more common elsewhere, is English
# A word, in any script ("as3el": a digit can be a letter), with its elisions ("c'est").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

_SENTENCE_END = re.compile(r"[.!?¿¡:;]")
_ARABIZI = re.compile(r"[a-z]+\d[a-z\d]*[a-z]|\d[a-z]{2,}")  # "as3el", "3lach": digits for letters
Phrase = tuple[str, ...]


@cache
def glossary() -> dict[str, dict[Phrase, str]]:
    """Per language, each of its words or phrases (normalised) and the English it means."""
    raw: dict[str, dict[str, str]] = read_yaml(GLOSSARY)[0]
    tables: dict[str, dict[Phrase, str]] = {}
    for language, entries in raw.items():
        table: dict[Phrase, str] = {}
        for said, meant in entries.items():
            words = tuple(normalise(str(said)).split())
            if words:
                table.setdefault(words, str(meant))
        tables[language] = table
    return tables


def _english(word: str) -> bool:
    return zipf(word) >= ENGLISH_WORD and not other_language(word)


def _only_theirs(word: str) -> bool:
    """A word English does not have at all: it says which language is spoken."""
    return zipf(word) < LIST_FLOOR


def in_english(text: str, kept: Iterable[str] = ()) -> str:
    """`text` with the words of the other language it uses most said in English, or as it is
    when it uses none. Words in `kept` (the names a comparison knows) stay as written."""
    found = list(_WORD.finditer(text))
    if not found:
        return text
    words = [normalise(match[0]) for match in found]
    keep = frozenset(kept)
    chosen = _language_of(words, keep)
    if chosen is None:
        return text
    table, fluent = chosen
    pieces: list[str] = []
    written = 0  # how much of `text` is in `pieces`
    read = unread = 0  # words said in English, words set aside
    at = 0
    while at < len(found):
        length, meant = _phrase_at(words, at, table, keep, text, found, fluent)
        read += length
        opening = at == 0 or _SENTENCE_END.search(text[found[at - 1].end() : found[at].start()])
        if not length and _unread(words[at], found[at][0], keep, bool(opening)):
            length, meant = 1, ""
            unread += 1
        if length:
            pieces.append(text[written : found[at].start()])
            pieces.append(meant)
            written = found[at + length - 1].end()
            at += length
        else:
            at += 1
    if unread > read:  # mostly words the glossary lacks: better told to ask in English
        return text
    pieces.append(text[written:])
    return "".join(pieces)


def _unread(word: str, written: str, keep: frozenset[str], opening: bool) -> bool:
    """A word of another language the glossary does not have ("leute", "onda"; "as3el", whose
    digit is a letter of Arabic written in Latin ones), in a message read in one: set aside, as
    no English reading could say what it means. A name ("Basel") is written with a capital not
    owed to the start of a sentence, and is kept."""
    if word in keep or not (opening or written[:1].islower()):
        return False
    return other_language(word) or _ARABIZI.fullmatch(word) is not None


def _language_of(words: list[str], keep: frozenset[str]) -> tuple[dict[Phrase, str], bool] | None:
    """The glossary of the language most of the message's words are in: two of them at least,
    one a word English lacks ("Kunde" alone may be German or Swedish, "con" is English too);
    and whether two are words English lacks, so that its words English has too ("usa") are
    read in it; None for none."""
    languages_of = _languages_of_words()
    said: dict[str, list[str]] = defaultdict(list)  # per language, its words in the message
    for word in words:
        if word not in keep:
            for language in languages_of.get(word, ()):
                said[language].append(word)
    best: tuple[int, int, str] | None = None
    for language, theirs in said.items():
        only = sum(map(_only_theirs, theirs))
        if only and len(theirs) >= LANGUAGE_WORDS and (best is None or (only, len(theirs)) > best[:2]):
            best = (only, len(theirs), language)
    return None if best is None else (glossary()[best[2]], best[0] >= LANGUAGE_WORDS)


@cache
def _languages_of_words() -> dict[str, tuple[str, ...]]:
    """Each word of the glossary, and the languages it is a word of."""
    languages: dict[str, list[str]] = defaultdict(list)
    for language, table in glossary().items():
        for phrase in table:
            if len(phrase) == 1:
                languages[phrase[0]].append(language)
    return {word: tuple(found) for word, found in languages.items()}


def _phrase_at(
    words: list[str],
    at: int,
    table: dict[Phrase, str],
    keep: frozenset[str],
    text: str,
    found: list[re.Match[str]],
    fluent: bool,
) -> tuple[int, str]:
    """The longest phrase of the glossary starting at word `at` (its words written with only
    spaces between them), and its English; (0, "") for none."""
    for length in range(min(LONGEST_PHRASE, len(words) - at), 0, -1):
        phrase = tuple(words[at : at + length])
        meant = table.get(phrase)
        if meant is None or any(w in keep for w in phrase):
            continue
        if any(text[found[i].end() : found[i + 1].start()].strip() for i in range(at, at + length - 1)):
            continue  # "… de. La …": a phrase does not run across punctuation
        if length == 1 and not fluent and _english(phrase[0]):
            continue  # "usa" is read as Spanish only in a message that is Spanish beyond doubt
        return length, meant
    return 0, ""
