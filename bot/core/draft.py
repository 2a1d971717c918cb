"""A knowledge file drafted from a comparison article (`python -m bot draft ARTICLE.md`).

The article's parts are found by their shape, with the general English of
`bot/core/data/draft.yaml`: the libraries from the title ("A vs. B: …", "A versus B"), the
introduction, the aspects (the sections that carry ratings, in `**Rating:**` lines or in a
summary table), each library's pros and cons (bulleted or numbered `Title: sentence`), the
statistics (each figure with its source), and the conclusion's advice ("Choose A when …").
Every sentence is placed somewhere; what cannot be placed is listed in `Draft.unplaced`, and
rating words the lexicon cannot rank in `Draft.warnings` — never dropped, never guessed in
silence. The result is the data of a knowledge file (bot/core/knowledge.py reads it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from bot.core.article import Article, Section, Table, markdown_text, read_article
from bot.core.knowledge import FieldReader, read_yaml
from bot.core.lexicon import english
from bot.core.text import normalise, sentences, stem
from bot.core.vocabulary import ordinary

LEXICON = Path(__file__).parent / "data" / "draft.yaml"
MIDDLE_RANK = 2  # where a rating word the lexicon does not know is placed
HEADLINE_WORDS = 6  # words of a sentence that title it as a fact
MIN_SHORTENING = 5  # letters of a shortened library name the article uses ("postgres")
_TITLE_SPLIT = re.compile(r"\s+(?:vs\.?|versus|v\.|or)\s+", re.IGNORECASE)
_CLAUSE = re.compile(r",?\s+(?:while|whereas|but)\s+|;\s+|\s+and\s+")
_RATED = re.compile(r"([^,;()]+?)\s*\(([^)]+)\)")  # "Very High (MXNet)"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class DraftLexicon:
    sections: dict[str, tuple[str, ...]]
    rating_labels: frozenset[str]
    ratings: dict[str, int]
    intensifiers: tuple[str, ...]
    advice_verbs: tuple[str, ...]
    fits: tuple[str, ...]
    people: tuple[str, ...]
    qualifiers: tuple[str, ...]
    name_suffixes: tuple[str, ...]
    all_of_them: tuple[str, ...]
    headline_skip: tuple[str, ...]  # phrases, longest first
    sources: tuple[str, ...]
    figure_verbs: frozenset[str]
    fact_topics: tuple[tuple[tuple[str, ...], str], ...]


def load_draft_lexicon(path: Path) -> DraftLexicon:
    """A drafting lexicon, checked as a knowledge file is (a mistake names file:line: field)."""
    data, lines = read_yaml(path)
    return _LexiconReader(path, lines).lexicon(data)


@cache
def lexicon() -> DraftLexicon:
    """The shipped drafting lexicon, loaded once."""
    return load_draft_lexicon(LEXICON)


class _LexiconReader(FieldReader):
    STRUCTURED = frozenset({"sections", "ratings", "fact_topics"})  # the rest: lists of phrases

    def lexicon(self, data: Any) -> DraftLexicon:
        keys = {f.name for f in fields(DraftLexicon)}
        top = self.mapping(data, "", keys, set())
        phrases = {key: self.phrases(top[key], key) for key in keys - self.STRUCTURED}
        return DraftLexicon(
            sections={
                str(kind): self.phrases(names, f"sections.{kind}")
                for kind, names in self.mapping(
                    top["sections"], "sections", set(), set(top["sections"])
                ).items()
            },
            rating_labels=frozenset(phrases["rating_labels"]),
            ratings={
                word: self.rank(rank, f"ratings.{rank}")
                for rank, words in self.mapping(
                    top["ratings"], "ratings", set(), {str(rank) for rank in top["ratings"]}
                ).items()
                for word in self.phrases(words, f"ratings.{rank}")
            },
            intensifiers=phrases["intensifiers"],
            advice_verbs=phrases["advice_verbs"],
            fits=phrases["fits"],
            people=phrases["people"],
            qualifiers=phrases["qualifiers"],
            name_suffixes=phrases["name_suffixes"],
            all_of_them=phrases["all_of_them"],
            headline_skip=tuple(sorted(phrases["headline_skip"], key=len, reverse=True)),
            sources=phrases["sources"],
            figure_verbs=frozenset(phrases["figure_verbs"]),
            fact_topics=self.each(top["fact_topics"], "fact_topics", self.fact_topic),
        )

    def phrases(self, value: Any, field: str) -> tuple[str, ...]:
        return tuple(normalise(word) for word in self.words(value, field))

    def rank(self, value: Any, field: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(field, f"a rank is a whole number, not {value!r}")
        return value

    def fact_topic(self, value: Any, field: str) -> tuple[tuple[str, ...], str]:
        topic = self.mapping(value, field, {"words", "topic"}, set())
        return self.phrases(topic["words"], f"{field}.words"), self.text(topic["topic"], f"{field}.topic")


@dataclass(frozen=True)
class Draft:
    """The data of a knowledge file, and what drafting could not place or rank."""

    data: dict[str, Any]
    unplaced: tuple[str, ...] = ()  # sentences of the article that found no place
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Library:
    key: str
    name: str
    aliases: tuple[str, ...]

    def named_in(self, text: str) -> int | None:
        """Where `text` first names this library (a word index), or None."""
        words = normalise(text).split()
        for alias in self.aliases:
            parts = alias.split()
            for i in range(len(words) - len(parts) + 1):
                if words[i : i + len(parts)] == parts:
                    return i
        return None


def draft(markdown: str, *, comparison_id: str, source_file: str) -> Draft:
    """Draft the knowledge of a comparison article."""
    article = read_article(markdown)
    drafting = _Drafting(article, comparison_id, source_file)
    return drafting.run()


def slug(text: str) -> str:
    return _SLUG.sub("-", normalise(text)).strip("-")


def _is(section: Section, kind: str) -> bool:
    """Whether a section's title says it is of `kind` (a key of the lexicon's sections)."""
    title = normalise(section.title)
    return any(
        title == name or (f" {name} " in f" {title} " and kind != "pros_cons")
        for name in lexicon().sections[kind]
    )


class _Drafting:
    def __init__(self, article: Article, comparison_id: str, source_file: str) -> None:
        self.article = article
        self.id = comparison_id
        self.source_file = source_file
        self.libraries = _libraries(article.title, markdown_text(article))
        self.warnings: list[str] = []
        self.unplaced: list[str] = []
        self._attributions: dict[int, tuple[list[str], dict[str, list[str]]]] = {}  # by section id

    def run(self) -> Draft:
        article = self.article
        intro = self._section("introduction") or (article.sections[0] if article.sections else None)
        aspects_parent, aspects = self._aspects()
        pros_cons = self._section("pros_cons")
        stats = self._section("statistics")
        conclusion = self._section("conclusion") or (article.sections[-1] if article.sections else None)
        used = {id(s) for s in (intro, pros_cons, stats, conclusion, aspects_parent) if s is not None}
        used |= {id(s) for s, _ in aspects}
        if pros_cons is not None:
            used |= {id(s) for s in pros_cons.walk()}
        self._aspect_titles = [section.title for section, _ in aspects]
        ratings = self._ratings(aspects)
        levels = self._levels(ratings)
        rated = [(section, self._path(aspects_parent, section)) for section, _ in aspects]
        libraries = self._library_entries(intro, pros_cons, rated)
        data: dict[str, Any] = {
            "id": self.id,
            "title": article.title,
            "source": f"{article.title} ({self.source_file})",
            "introduction": {
                "section": intro.title if intro else "Introduction",
                "text": self._intro_text(intro, aspects_parent),
            },
            "pros_cons_section": pros_cons.title if pros_cons else "Pros and Cons",
            "source_name": "the article",
            "filler_words": _filler(article.title),
            "rating_levels": levels,
            "libraries": libraries,
            "aspects": [
                self._aspect(section, self._path(aspects_parent, section), ratings[i])
                for i, (section, _) in enumerate(aspects)
            ],
            "statistics": self._statistics(stats),
            "summary_table": self._summary_table(aspects, ratings),
            "conclusion": self._conclusion(conclusion),
        }
        for section in article.all_sections():
            if id(section) not in used and not self._inside_used(section, used):
                self.unplaced.extend(s for p in section.paragraphs for s in sentences(p))
                self.unplaced.extend(section.items)
        return Draft(data, tuple(self.unplaced), tuple(self.warnings))

    # Sections ---------------------------------------------------------------------------------

    def _section(self, kind: str) -> Section | None:
        return next((s for s in self.article.all_sections() if s.title and _is(s, kind)), None)

    def _inside_used(self, section: Section, used: set[int]) -> bool:
        return any(id(s) in used and section in s.walk() for s in self.article.all_sections())

    def _path(self, parent: Section | None, section: Section) -> str:
        return f"{parent.title} › {section.title}" if parent is not None and parent.title else section.title

    # Libraries --------------------------------------------------------------------------------

    def _library_entries(
        self, intro: Section | None, pros_cons: Section | None, aspects: list[tuple[Section, str]]
    ) -> list[dict[str, Any]]:
        entries = []
        paragraphs = intro.paragraphs if intro else []
        for library in self.libraries:
            own = [p for p in paragraphs if self._subject(sentences(p)[0]) is library]
            overview = " ".join(own) or self._first_mention(library)
            entry: dict[str, Any] = {
                "key": library.key,
                "name": library.name,
                "aliases": list(library.aliases),
                "overview": {"section": intro.title if intro else "Introduction", "text": overview},
                "facts": [
                    *self._facts(library, own, intro.title if intro else "Introduction"),
                    *self._aspect_facts(library, aspects),
                ],
            }
            pros, cons = self._pros_cons(library, pros_cons)
            entry["pros"], entry["cons"] = pros, cons
            entries.append(entry)
        return entries

    def _pros_cons(
        self, library: Library, section: Section | None
    ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """The library's pros and cons: the items under a heading that names the library and
        one that says pros or cons ("### Keras" › "#### Pros:", or "### Pros of Keras")."""
        pros: list[dict[str, str]] = []
        cons: list[dict[str, str]] = []
        if section is None:
            return pros, cons
        for path in _paths(section):
            titles = " ".join(s.title for s in path)
            if not path[-1].items or not any(lib is library for lib in self._named_all(titles)):
                continue
            kind = next((k for k in ("cons", "pros") if any(_is(s, k) for s in reversed(path))), None)
            if kind is None:
                continue
            (cons if kind == "cons" else pros).extend(_item(text) for text in path[-1].items)
        return pros, cons

    def _named_all(self, text: str) -> list[Library]:
        return [lib for lib in self.libraries if lib.named_in(text) is not None]

    def _aspect_facts(self, library: Library, aspects: list[tuple[Section, str]]) -> list[dict[str, str]]:
        """Each sentence of a rated section about the library, as a fact of its own titled by
        its first words: a question about that one claim finds it, and a question about the
        aspect as a whole still finds the aspect."""
        return [
            {"topic": self._headline(library, sentence), "section": path, "text": sentence}
            for section, path in aspects
            for sentence in self._attributed(section)[1][library.key]
        ]

    def _headline(self, library: Library, sentence: str) -> str:
        """A sentence's first words, without the library it is about ("Flask imposes almost
        no project layout." → "Imposes almost no project layout")."""
        words = sentence.rstrip(".").split()
        while words:
            skipped = 1 if library.named_in(words[0]) is not None else _opening_length(words)
            if not skipped:
                break
            words = words[skipped:]
        head = " ".join(words[:HEADLINE_WORDS]).rstrip(",;:")
        return head[:1].upper() + head[1:] if head else library.name

    def _first_mention(self, library: Library) -> str:
        for section in self.article.all_sections():
            for paragraph in section.paragraphs:
                for sentence in sentences(paragraph):
                    if library.named_in(sentence) is not None:
                        return sentence
        return f"{library.name} is one of the libraries the article compares."

    def _facts(self, library: Library, paragraphs: list[str], section: str) -> list[dict[str, str]]:
        facts: list[dict[str, str]] = []
        seen: dict[str, int] = {}
        for paragraph in paragraphs:
            for sentence in sentences(paragraph):
                topic = self._topic(library, sentence)
                seen[topic] = seen.get(topic, 0) + 1
                if seen[topic] > 1:
                    topic = f"{topic} ({seen[topic]})"
                facts.append({"topic": topic, "section": section, "text": sentence})
        return facts

    def _topic(self, library: Library, sentence: str) -> str:
        """What a sentence of the introduction tells of a library, by the lexicon's topics —
        each it tells ("Who maintains Flask; What it is built on")."""
        words = f" {normalise(sentence)} "
        topics = (
            [f"What {library.name} is"]
            if any(words.startswith(f" {a} is a") for a in library.aliases)
            else []
        )
        topics += [
            topic for phrases, topic in lexicon().fact_topics if any(f" {p} " in words for p in phrases)
        ]
        if not topics:
            return f"About {library.name}"
        first = topics[0].replace(" it", f" {library.name}", 1)
        return "; ".join([first, *(topic[:1].lower() + topic[1:] for topic in topics[1:])])

    def _subject(self, sentence: str) -> Library | None:
        """The library a sentence is about: the one it names first, unless it names two
        together first ("Both A and B …", "A and B are …")."""
        named = sorted(
            (at, library) for library in self.libraries if (at := library.named_in(sentence)) is not None
        )
        if not named:
            return None
        if len(named) > 1:
            words = normalise(sentence).split()
            first, second = named[0][0], named[1][0]
            between = words[first + 1 : second]
            if between and between[-1] in {"and", "or"} and len(between) <= 2:
                return None
            if words and words[0] in {"both", "neither", "either"}:
                return None
        return named[0][1]

    # Aspects ----------------------------------------------------------------------------------

    @cached_property
    def _summary(self) -> tuple[Section, Table] | None:
        """The table rating every library: a header naming them, a row per aspect."""
        for section in self.article.all_sections():
            for table in section.tables:
                columns = [self._library_named(cell) for cell in table.header[1:]]
                if len(columns) >= 2 and all(columns):
                    return section, table
        return None

    def _library_named(self, text: str) -> Library | None:
        return next((lib for lib in self.libraries if normalise(text) in (*lib.aliases, lib.key)), None)

    def _aspects(self) -> tuple[Section | None, list[tuple[Section, int]]]:
        """The sections that carry ratings (a rating line, or a row of the summary table), and
        the section that holds them."""
        summary = self._summary
        rows = {normalise(row[0]) for row in summary[1].rows} if summary else set()
        for parent in self.article.all_sections():
            rated = [
                (child, i)
                for i, child in enumerate(parent.children)
                if self._rating_line(child) is not None or normalise(child.title) in rows
            ]
            if rated:
                return parent, rated
        return None, []

    def _rating_line(self, section: Section) -> str | None:
        labels = lexicon().rating_labels
        return next((value for label, value in section.labelled if normalise(label) in labels), None)

    def _ratings(self, aspects: list[tuple[Section, int]]) -> list[dict[str, str]]:
        summary = self._summary
        by_row = {normalise(row[0]): row for row in summary[1].rows} if summary else {}
        header = summary[1].header if summary else ()
        found = []
        for section, _ in aspects:
            ratings: dict[str, str] = {}
            line = self._rating_line(section)
            if line is not None:
                for word, name in _RATED.findall(line):
                    library = self._library_named(name)
                    if library is not None:
                        ratings[library.key] = word.strip()
            row = by_row.get(normalise(section.title))
            if row is not None:
                for column, cell in zip(header[1:], row[1:], strict=False):
                    library = self._library_named(column)
                    if library is not None:
                        ratings.setdefault(library.key, cell.strip())
            for library in self.libraries:
                if library.key not in ratings:
                    self.warnings.append(
                        f"{section.title}: no rating for {library.name}; written as 'Not rated'"
                    )
                    ratings[library.key] = "Not rated"
            found.append(ratings)
        return found

    def _levels(self, ratings: list[dict[str, str]]) -> dict[str, int]:
        levels: dict[str, int] = {}
        for word in dict.fromkeys(w for r in ratings for w in r.values()):
            rank = rank_of(word)
            if rank is None:
                self.warnings.append(
                    f"rating word {word!r} is not in the lexicon: ranked {MIDDLE_RANK} (the middle); "
                    "check its place"
                )
                rank = MIDDLE_RANK
            levels[word] = rank
        return levels

    def _attributed(self, section: Section) -> tuple[list[str], dict[str, list[str]]]:
        """A section's sentences: those about no one library, and those about each (worked out
        once per section)."""
        if id(section) not in self._attributions:
            self._attributions[id(section)] = self._attribute(section)
        return self._attributions[id(section)]

    def _attribute(self, section: Section) -> tuple[list[str], dict[str, list[str]]]:
        """A sentence naming no library goes on about the library of the one before it, in its
        paragraph ("Because each connection is a process, busy deployments …"), unless it
        speaks of them all ("the two databases are on par")."""
        general: list[str] = []
        details: dict[str, list[str]] = {lib.key: [] for lib in self.libraries}
        for paragraph in section.paragraphs:
            subject: Library | None = None
            for sentence in sentences(paragraph):
                named = self._subject(sentence)
                if named is not None or self._named_all(sentence) or _of_all(sentence):
                    subject = named
                if subject is None:
                    general.append(sentence)
                else:
                    details[subject.key].append(sentence)
        return general, details

    def _aspect(self, section: Section, path: str, ratings: dict[str, str]) -> dict[str, Any]:
        general, details = self._attributed(section)
        text = " ".join(general) or next(iter(sentences(" ".join(section.paragraphs))), section.title)
        aspect: dict[str, Any] = {
            "key": slug(section.title),
            "name": section.title,
            "aliases": _aspect_aliases(section.title),
        }
        weak = self._weak_aliases(section.title)
        if weak:
            aspect["weak_aliases"] = weak
        return aspect | {
            "section": path,
            "text": text,
            "ratings": ratings,
            "details": {
                lib.key: " ".join(details[lib.key])
                or f"The article rates {lib.name} {ratings[lib.key]} on {section.title}."
                for lib in self.libraries
            },
        }

    def _weak_aliases(self, name: str) -> list[str]:
        """The words of a name of several ("Standards Compliance"): each may name the aspect
        when no other aspect is named ("and what about standards?")."""
        words = normalise(name).split()
        if len(words) < 2:
            return []
        others = {w for title in self._aspect_titles if title != name for w in normalise(title).split()}
        function = english().stopwords
        return [w for w in words if len(w) > 2 and stem(w) not in function and w not in others]

    def _summary_table(
        self, aspects: list[tuple[Section, int]], ratings: list[dict[str, str]]
    ) -> dict[str, Any]:
        summary = self._summary
        where = (
            summary[0].title if summary else (self._section("statistics") or self.article.sections[0]).title
        )
        return {
            "section": f"{where} › summary table",
            "rows": [
                {"aspect": slug(section.title), "ratings": rated}
                for (section, _), rated in zip(aspects, ratings, strict=True)
            ],
        }

    # Introduction, statistics, conclusion -------------------------------------------------------

    def _intro_text(self, intro: Section | None, aspects_parent: Section | None) -> str:
        """The introduction's paragraphs about no one library, and what the comparison's own
        section says before its aspects."""
        general = [p for p in (intro.paragraphs if intro else []) if self._subject(sentences(p)[0]) is None]
        if aspects_parent is not None and aspects_parent is not intro:
            general += aspects_parent.paragraphs
        return " ".join(general or (intro.paragraphs[:1] if intro else [])) or self.article.title

    def _statistics(self, section: Section | None) -> dict[str, Any]:
        if section is None:
            return {"section": "Statistics", "items": []}
        items: list[dict[str, str]] = []
        insight: list[str] = []
        for paragraph in section.paragraphs:
            for sentence in sentences(paragraph):
                found = self._figures(sentence)
                items.extend(found)
                if not found:
                    insight.append(sentence)
        stats: dict[str, Any] = {"section": section.title, "items": items}
        if insight:
            stats["insight"] = " ".join(insight)
        return stats

    def _figures(self, sentence: str) -> list[dict[str, str]]:
        """Each figure a sentence gives a library: its value, what it measures, its source.
        The sentence is cut into clauses ("…, while B has …", "… A and about 39% use B"); a
        clause naming one library gives it its figures. A figure with no words of its own
        ("while MXNet has around 30,000") measures what the one before it measured."""
        source = _source(sentence)
        items: list[dict[str, str]] = []
        metric = ""
        for clause in _CLAUSE.split(sentence):
            named = self._named_all(clause)
            if len(named) != 1:
                continue
            for value, _, end in _values(clause):
                metric = _metric(clause[end:], named[0], value) or metric or "Figure"
                item = {"library": named[0].key, "metric": metric, "value": value}
                if source:
                    item["source"] = source
                items.append(item)
        return items

    def _conclusion(self, section: Section | None) -> dict[str, Any]:
        if section is None:
            return {"section": "Conclusion", "text": self.article.title, "recommendations": []}
        text: list[str] = []
        recommendations: list[dict[str, str]] = []
        previous: Library | None = None
        for paragraph in section.paragraphs:
            for sentence in sentences(paragraph):
                advice = self._advice(sentence, previous)
                if advice is None:
                    text.append(sentence)
                    previous = self._subject(sentence)
                    continue
                library, when = advice
                recommendations.append({"library": library.key, "when": when})
                previous = library
        return {
            "section": section.title,
            "text": " ".join(text) or " ".join(section.paragraphs[:1]),
            "recommendations": recommendations,
        }

    def _advice(self, sentence: str, previous: Library | None) -> tuple[Library, str] | None:
        """(library, when) for a sentence advising a library: "Choose A when …", "If …, A is a
        better fit", "A is a great choice for developers who …", "It is also the right pick if …"."""
        words = normalise(sentence)
        library = self._subject(sentence)
        if library is None and words.split()[:1] in (["it"], ["this"]):
            library = previous
        named = [lib for lib in self.libraries if lib.named_in(sentence) is not None]
        if library is None or len({*named, library}) > 1:
            return None
        lex = lexicon()
        advises = any(
            re.search(rf"(^|\b)(?:{re.escape(verb)})\s+(?:\w+\s+)?{re.escape(n)}\b", words)
            for verb in lex.advice_verbs
            for n in library.aliases
        )
        fits = any(f" {fit} " in f" {words} " for fit in lex.fits)
        if not (advises or fits):
            return None
        when = _condition(sentence, library, lex)
        return (library, when) if when else None


# Helpers ---------------------------------------------------------------------------------------


def _paths(section: Section) -> list[list[Section]]:
    """Every section under `section`, with the sections above it down from `section`."""
    found = []
    for child in section.children:
        for path in [[child], *([child, *sub] for sub in _paths(child))]:
            found.append(path)
    return found


def _item(text: str) -> dict[str, str]:
    """A pro or a con: "Title: sentence", or a sentence whose first words make its title."""
    title, colon, rest = text.partition(":")
    if colon and rest.strip() and len(title.split()) <= 8:
        return {"title": title.strip(), "text": rest.strip()}
    words = text.split()
    return {"title": " ".join(words[:5]).rstrip(".,;"), "text": text}


def rank_of(word: str) -> int | None:
    """A rating word's rank in the lexicon ("Very High": one above High), or None."""
    lex = lexicon()
    key = normalise(word)
    if key in lex.ratings:
        return lex.ratings[key]
    first, _, rest = key.partition(" ")
    if first in lex.intensifiers and rest in lex.ratings:
        return lex.ratings[rest] + 1
    return None


def _libraries(title: str, text: str) -> tuple[Library, ...]:
    """The libraries the title compares ("A vs. B: …", "A versus B"), each with the other
    names the article gives it: a shortening ("POSTGRES" of PostgreSQL) or a longer name
    with a usual ending ("golang" of Go), when it is no ordinary English word."""
    compared = title.split(":", 1)[0]
    names = [name.strip(" .,") for name in _TITLE_SPLIT.split(compared) if name.strip(" .,")]
    if len(names) < 2:
        names = [name.strip() for name in re.split(r"\s+and\s+", compared) if name.strip()]
    tokens = {word.strip("0123456789") for word in normalise(text).split()}
    libraries = []
    for name in names:
        own = normalise(name)
        joined = own.replace(" ", "")
        other_names = sorted(
            token
            for token in tokens
            if token not in (own, joined)
            and not ordinary(token)
            and (
                (len(token) >= MIN_SHORTENING and joined.startswith(token))
                or any(token == joined + suffix for suffix in lexicon().name_suffixes)
            )
        )
        aliases = dict.fromkeys([own, joined, normalise(name.replace(".", "")), *other_names])
        libraries.append(Library(slug(name), name, tuple(a for a in aliases if a)))
    return tuple(libraries)


def _filler(title: str) -> list[str]:
    """The field the title names ("Deep Learning Libraries"): its words name no topic."""
    _, _, field_words = title.partition(":")
    words = [
        w for w in normalise(field_words).split() if w not in {"compared", "comparison", "a", "the", "of"}
    ]
    phrases = [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
    singular = [
        w[:-3] + "y" if w.endswith("ies") else w[:-1] for w in words if w.endswith("s") and len(w) > 3
    ]
    return list(dict.fromkeys([*words, *singular, *phrases]))


def _aspect_aliases(name: str) -> list[str]:
    base = normalise(name)
    aliases = [base, base.replace(" ", "-")]
    if " and " in base:
        aliases.extend(part.strip() for part in base.split(" and "))
    return list(dict.fromkeys(a for a in aliases if a))


def _opening_length(words: list[str]) -> int:
    """How many of `words` open the sentence without saying what it is about (0: none)."""
    opening = normalise(" ".join(words[:4])).split()
    for phrase in lexicon().headline_skip:
        skip = phrase.split()
        if opening[: len(skip)] == skip:
            return len(skip)
    return 0


def _of_all(sentence: str) -> bool:
    """A sentence about every library at once ("Both are …", "the two databases …")."""
    words = f" {normalise(sentence)} "
    return any(f" {marker} " in words for marker in lexicon().all_of_them)


def _source(sentence: str) -> str:
    lex = lexicon()
    lowered = sentence.lower()
    for marker in lex.sources:
        at = lowered.find(marker)
        if at >= 0:
            start = at + len("according to ") if marker == "according to" else at
            return sentence[start:].split(",")[0].strip(" .")
    match = re.match(r"\s*On ([A-Z][\w.-]*)", sentence)
    return match.group(1) if match else ""


_NUMBER = re.compile(r"(\d[\d,.]*\d|\d)\s*(%|percent\b|k\b|million\b|billion\b)?", re.IGNORECASE)


def _values(sentence: str) -> list[tuple[str, int, int]]:
    """The figures of a sentence with their qualifiers ("about 40%"), where each stands;
    years and version numbers are no figures."""
    found = []
    qualifiers = sorted(lexicon().qualifiers, key=len, reverse=True)
    for match in _NUMBER.finditer(sentence):
        number = match.group(0).strip()
        before = sentence[: match.start()].split()
        if re.fullmatch(r"(19|20)\d\d", number) and not match.group(2):
            continue
        if before and before[-1].lower().strip("(") in {"version", "v", "versions"}:
            continue
        start = match.start()
        for qualifier in qualifiers:
            size = len(qualifier.split())
            if " ".join(before[-size:]).lower() == qualifier:
                start = sentence.rfind(before[-size], 0, match.start())
                break
        found.append((sentence[start : match.end()].strip(), start, match.end()))
    return found


def _metric(after: str, library: Library, value: str) -> str:
    """What a figure measures, from the words after it: "of respondents" → "Share of
    respondents" (for a percentage), "GitHub stars" → "GitHub stars"."""
    words: list[str] = []
    for word in after.replace(",", " ").split():
        bare = word.strip(".;:()").lower()
        if bare in lexicon().figure_verbs or library.named_in(word) is not None:
            break
        words.append(word.strip(".;:()"))
    phrase = " ".join(words).strip()
    if not phrase:
        return ""
    if value.endswith("%") or "percent" in value:
        return "Share " + phrase if phrase.startswith("of ") else phrase
    return phrase[:1].upper() + phrase[1:]


def _condition(sentence: str, library: Library, lex: DraftLexicon) -> str:
    """The situation a piece of advice is for, said so that it reads after "when": "you are
    building a small API", "you want an easy-to-use interface"."""
    text = sentence.rstrip(" .!")
    lowered = text.lower()
    for marker in (" when ", " if ", " whenever "):
        at = lowered.find(marker)
        if at >= 0:  # "…, if you are X, MXNet is a better fit": the condition ends at the name
            clause = text[at + len(marker) :]
            names = "|".join(re.escape(alias) for alias in library.aliases)
            return re.split(rf",\s+(?:{names})\b", clause, maxsplit=1, flags=re.IGNORECASE)[0].strip(" ,")
    if lowered.startswith(("if ", "when ")):
        clause = text.split(" ", 1)[1]
        return clause.split(",")[0].strip() if "," in clause else clause
    match = re.search(
        r"\bfor\s+(?:(?:" + "|".join(map(re.escape, lex.people)) + r")\s+(?:who|that)\s+)(.*)",
        text,
        re.IGNORECASE,
    )
    if match:
        return "you " + match.group(1)
    match = re.search(r"\bfor\s+(.*)", text, re.IGNORECASE)
    if match:
        return "you need " + match.group(1)
    return ""


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases, which knowledge files refuse: a value used twice is
    written twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(draft_data: dict[str, Any], *, notes: Iterable[str] = ()) -> str:
    """The drafted data as a knowledge file, with what drafting could not place as comments."""
    header = [
        f"# {draft_data['title']} — drafted by `python -m bot draft` from {draft_data['source']}.",
        "# Review it: every text comes from the article; `python -m bot check` validates it.",
        *(f"# {note}" for note in notes),
    ]
    body = yaml.dump(draft_data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(header) + "\n\n" + body


def draft_file(path: Path, *, comparison_id: str | None = None) -> Draft:
    """Draft the article at `path` (its id: `comparison_id`, else the file's name)."""
    return draft(
        path.read_text(encoding="utf-8"),
        comparison_id=comparison_id or slug(path.stem),
        source_file=path.name,
    )
