"""The knowledge base: schema, loading and validation of `knowledge/*.yaml`.

Each YAML file is one comparison. Loading either yields frozen dataclasses the rest of the
core reads, or raises one `KnowledgeError` naming the file, the line and the field — never
a half-loaded knowledge base. The schema is documented in `knowledge/README.md`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from bot.core.text import compact

T = TypeVar("T")
# libyaml's loader is several times faster and keeps the same line marks.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 1_000_000  # a knowledge file is tens of kilobytes; one far larger is refused unread


class KnowledgeError(Exception):
    """A knowledge file that cannot be used, with where and why."""

    def __init__(self, path: Path | str, line: int | None, field: str, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")


@dataclass(frozen=True)
class Item:
    """One pro or con: a short title and the article's explanation."""

    title: str
    text: str
    keywords: tuple[str, ...] = ()  # optional hints: questions are read against the text


@dataclass(frozen=True)
class Fact:
    """One fact about a library, as the article states it."""

    library: str
    topic: str
    text: str
    section: str
    keywords: tuple[str, ...] = ()  # optional hints: questions are read against the text


@dataclass(frozen=True)
class Library:
    key: str
    name: str
    aliases: tuple[str, ...]
    overview: str
    overview_section: str
    facts: tuple[Fact, ...]
    pros: tuple[Item, ...]
    cons: tuple[Item, ...]


@dataclass(frozen=True)
class Aspect:
    """A comparison point: both ratings as printed and the text behind each."""

    key: str
    name: str
    aliases: tuple[str, ...]
    section: str
    text: str
    ratings: Mapping[str, str]
    details: Mapping[str, str]
    note: str | None
    weak_aliases: tuple[str, ...] = ()  # common words that point here only if no other aspect is named


@dataclass(frozen=True)
class Statistic:
    library: str
    metric: str
    value: str
    keywords: tuple[str, ...] = ()
    source: str | None = None  # who measured it, as the article names them ("a survey by KDnuggets")


@dataclass(frozen=True)
class Statistics:
    section: str
    items: tuple[Statistic, ...]
    insight: str = ""  # what the article concludes from its figures, if anything
    label: str = "Statistics"  # what the comparison's answers call these figures


@dataclass(frozen=True)
class SummaryRow:
    aspect: str
    ratings: Mapping[str, str]


@dataclass(frozen=True)
class SummaryTable:
    section: str
    rows: tuple[SummaryRow, ...]


@dataclass(frozen=True)
class Recommendation:
    """When the article says to choose this library, and words that signal that situation."""

    library: str
    when: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conclusion:
    section: str
    text: str
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class Qualifies:
    """The answers a later note changes, so it is shown on each of them."""

    overview: bool = False  # what the library is: about, pros and cons
    recommendations: bool = False  # which to choose: recommendations, the conclusion
    statistics: bool = False  # adoption figures
    aspects: tuple[str, ...] = ()  # aspect keys whose ratings it changes
    facts: tuple[str, ...] = ()  # fact topics it changes


@dataclass(frozen=True)
class LaterNote:
    """A dated, sourced note that is not from the article."""

    library: str | None
    date: str
    text: str
    source: str
    qualifies: Qualifies = Qualifies()
    keywords: tuple[str, ...] = ()  # words of a question asking about what the note says


@dataclass(frozen=True)
class Comparison:
    """One knowledge file: two or more libraries compared on several aspects."""

    id: str
    title: str
    source: str
    path: Path
    introduction: str
    introduction_section: str
    pros_cons_section: str  # the article's section holding every library's pros and cons
    rating_levels: Mapping[str, int]
    libraries: tuple[Library, ...]
    aspects: tuple[Aspect, ...]
    statistics: Statistics
    summary_table: SummaryTable
    conclusion: Conclusion
    later_notes: tuple[LaterNote, ...]
    filler_words: tuple[str, ...]  # words of the field that name no topic ("deep learning")
    source_name: str = "the article"  # how answers refer to the source ("the article says…")
    lines: Mapping[str, int] = dataclass_field(default_factory=dict, compare=False, repr=False)

    def where(self, field: str) -> str:
        """`file:line` of a field of this file, for error messages."""
        line = self.lines.get(field)
        return f"{self.path}:{line}" if line else str(self.path)

    def library(self, key: str) -> Library:
        return next(lib for lib in self.libraries if lib.key == key)

    def aspect(self, key: str) -> Aspect:
        return next(asp for asp in self.aspects if asp.key == key)

    @property
    def max_level(self) -> int:
        return max(self.rating_levels.values())

    def rated_highest(self, aspect: Aspect) -> tuple[Library, ...]:
        """The libraries rated highest on `aspect` (every one, when they are level)."""
        level = {lib.key: self.rating_levels[aspect.ratings[lib.key]] for lib in self.libraries}
        top = max(level.values())
        return tuple(lib for lib in self.libraries if level[lib.key] == top)


@dataclass(frozen=True)
class KnowledgeBase:
    """Every comparison loaded; the first (by file name) answers when nothing picks another."""

    comparisons: tuple[Comparison, ...]

    @property
    def default(self) -> Comparison:
        return self.comparisons[0]

    def comparison(self, comparison_id: str) -> Comparison:
        return next(c for c in self.comparisons if c.id == comparison_id)


# --- Loading -------------------------------------------------------------------------------


def load_knowledge(path: Path | str) -> KnowledgeBase:
    """Load one YAML file, or every `*.yaml`/`*.yml` file in a folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
        if not files:
            raise KnowledgeError(path, None, "", "no *.yaml knowledge files in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise KnowledgeError(path, None, "", "no such file or folder")
    comparisons = tuple(load_comparison(file) for file in files)
    _check_distinct(comparisons)
    return KnowledgeBase(comparisons)


def _check_distinct(comparisons: tuple[Comparison, ...]) -> None:
    """Ids, library keys and library aliases must each belong to one file: a question naming a
    library picks that library's comparison, so a name claimed twice would silently pick one."""
    ids: dict[str, Comparison] = {}
    owners: dict[str, tuple[Comparison, str, str]] = {}  # spelling → (comparison, field, library)
    for comparison in comparisons:
        if comparison.id in ids:
            where = ids[comparison.id].where("id")
            raise KnowledgeError(comparison.path, 1, "id", f"{comparison.id!r} is already used by {where}")
        ids[comparison.id] = comparison
        for index, lib in enumerate(comparison.libraries):
            named = [("key", lib.key), ("name", lib.name)]
            named += [(f"aliases[{i}]", alias) for i, alias in enumerate(lib.aliases)]
            for where, spelling in named:
                field = f"libraries[{index}].{where}"
                owner = owners.setdefault(compact(spelling), (comparison, field, lib.key))
                if owner[0] is not comparison:
                    raise KnowledgeError(
                        comparison.path,
                        comparison.lines.get(field),
                        field,
                        f"library name {spelling!r} is already claimed by {owner[0].where(owner[1])} "
                        f"(library {owner[2]!r}); a library name or alias may belong to one file only",
                    )


def load_comparison(path: Path) -> Comparison:
    """Parse and validate one knowledge file."""
    data, lines = read_yaml(path)
    return _Reader(path, lines).comparison(data)


def read_yaml(path: Path) -> tuple[Any, dict[str, int]]:
    """A YAML file's data and the line of every field path ('aspects[2].ratings.keras').

    Raises KnowledgeError for an unreadable, empty or invalid file and for duplicate keys.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise KnowledgeError(
                path, None, "", f"the file is {size:,} bytes; a knowledge file is at most {MAX_FILE_BYTES:,}"
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(path, None, "", f"cannot read the file ({exc})") from None
    try:
        _refuse_references(text, path)
        loader = _YamlLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise KnowledgeError(path, line, "", f"invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(path, None, "", f"invalid YAML: {exc}") from None
    if node is None:
        raise KnowledgeError(path, 1, "", "the file is empty")
    lines: dict[str, int] = {}
    _index_lines(node, "", lines, path)
    return data, lines


def _refuse_references(text: str, path: Path) -> None:
    """Anchors and aliases (`&a`, `*a`) are refused before anything is built: a few hundred
    bytes of nested aliases stand for billions of nodes ("billion laughs"), and a knowledge
    file has no use for them."""
    for event in yaml.parse(text, Loader=_YamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1 if event.start_mark else None
            raise KnowledgeError(path, line, "", "anchors and aliases (& and *) are not allowed")


def _index_lines(node: yaml.Node, prefix: str, lines: dict[str, int], path: Path) -> None:
    """Map each field path ('aspects[2].ratings.keras') to its line; reject duplicate keys."""
    lines[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{prefix}.{key}" if prefix else key
            if key in seen:
                raise KnowledgeError(path, key_node.start_mark.line + 1, child, "duplicate key")
            seen.add(key)
            _index_lines(value_node, child, lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, f"{prefix}[{index}]", lines, path)


class FieldReader:
    """Typed access to the parsed YAML of one file, failing with the field's file and line."""

    def __init__(self, path: Path, lines: dict[str, int]) -> None:
        self.path = path
        self.lines = lines

    def fail(self, field: str, problem: str) -> KnowledgeError:
        probe = field
        while probe and probe not in self.lines:
            probe = probe.rpartition(".")[0] if "." in probe else ""
        return KnowledgeError(self.path, self.lines.get(probe, 1), field, problem)

    # Typed accessors ---------------------------------------------------------------------

    def mapping(self, value: Any, field: str, required: set[str], optional: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(field or "(top level)", f"must be a mapping, not {_kind(value)}")
        for key in required:
            if key not in value:
                raise self.fail(_join(field, key), "missing required field")
        unknown = sorted(set(map(str, value)) - required - optional)
        if unknown:
            allowed = ", ".join(sorted(required | optional))
            raise self.fail(_join(field, unknown[0]), f"unknown field (allowed: {allowed})")
        return value

    def text(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"must be non-empty text, not {_kind(value)}")
        return " ".join(value.split())

    def optional_text(self, value: Any, field: str) -> str | None:
        return None if value is None else self.text(value, field)

    def words(self, value: Any, field: str) -> tuple[str, ...]:
        items = self.sequence(value, field, allow_empty=False)
        for index, item in enumerate(items):
            if isinstance(item, bool):  # YAML reads bare yes/no/on/off as true/false
                raise self.fail(f"{field}[{index}]", f"{item} is not a word here: put the word in quotes")
        return tuple(
            self.text(str(v) if isinstance(v, int | float) else v, f"{field}[{i}]")
            for i, v in enumerate(items)
        )

    def sequence(self, value: Any, field: str, *, allow_empty: bool = True) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(field, f"must be a list, not {_kind(value)}")
        if not value and not allow_empty:
            raise self.fail(field, "must not be empty")
        return value

    def each(self, value: Any, field: str, read: Callable[[Any, str], T]) -> tuple[T, ...]:
        return tuple(read(item, f"{field}[{i}]") for i, item in enumerate(self.sequence(value, field)))

    def library_key(self, value: Any, field: str, libraries: Iterable[str]) -> str:
        key = self.text(value, field)
        if key not in libraries:
            raise self.fail(field, f"unknown library {key!r} (known: {', '.join(libraries)})")
        return key

    def ratings(
        self, value: Any, field: str, libraries: tuple[str, ...], levels: Mapping[str, int]
    ) -> dict[str, str]:
        if isinstance(value, dict):
            for key in value:
                self.library_key(key, f"{field}.{key}", libraries)
        self.mapping(value, field, set(libraries), set())
        ratings = {}
        for lib in libraries:
            rating = self.text(value[lib], f"{field}.{lib}")
            if rating not in levels:
                raise self.fail(
                    f"{field}.{lib}",
                    f"rating {rating!r} is not in rating_levels ({', '.join(levels)})",
                )
            ratings[lib] = rating
        return ratings


class _Reader(FieldReader):
    """Turns the parsed YAML of one knowledge file into dataclasses, raising on the first problem."""

    def comparison(self, data: Any) -> Comparison:
        top = self.mapping(
            data,
            "",
            {
                "id",
                "title",
                "source",
                "introduction",
                "rating_levels",
                "libraries",
                "aspects",
                "statistics",
                "summary_table",
                "conclusion",
                "pros_cons_section",
            },
            {"later_notes", "filler_words", "source_name"},
        )
        intro = self.mapping(top["introduction"], "introduction", {"section", "text"}, set())
        levels = self.rating_levels(top["rating_levels"])
        libraries = self.each(top["libraries"], "libraries", self.library)
        if len(libraries) < 2:
            raise self.fail("libraries", "a comparison needs at least two libraries")
        keys = tuple(lib.key for lib in libraries)
        aspects = self.each(top["aspects"], "aspects", lambda v, f: self.aspect(v, f, keys, levels))
        if not aspects:
            raise self.fail("aspects", "must not be empty")
        self.check_unique_keys("libraries", [lib.key for lib in libraries])
        self.check_unique_keys("aspects", [asp.key for asp in aspects])
        self.check_unique_aliases(libraries, aspects)
        return Comparison(
            id=self.text(top["id"], "id"),
            title=self.text(top["title"], "title"),
            source=self.text(top["source"], "source"),
            path=self.path,
            introduction=self.text(intro["text"], "introduction.text"),
            introduction_section=self.text(intro["section"], "introduction.section"),
            pros_cons_section=self.text(top["pros_cons_section"], "pros_cons_section"),
            rating_levels=levels,
            libraries=libraries,
            aspects=aspects,
            statistics=self.statistics(top["statistics"], keys),
            summary_table=self.summary_table(top["summary_table"], keys, levels, aspects),
            conclusion=self.conclusion(top["conclusion"], keys),
            later_notes=self.each(
                top.get("later_notes") or [],
                "later_notes",
                lambda v, f: self.later_note(v, f, libraries, aspects),
            ),
            filler_words=self.words(top["filler_words"], "filler_words") if "filler_words" in top else (),
            source_name=self.text(top.get("source_name", "the article"), "source_name"),
            lines=self.lines,
        )

    def rating_levels(self, value: Any) -> dict[str, int]:
        if not isinstance(value, dict) or not value:
            raise self.fail("rating_levels", "must be a non-empty mapping of rating → number")
        for rating, level in value.items():
            if not isinstance(level, int) or isinstance(level, bool) or level < 1:
                raise self.fail(f"rating_levels.{rating}", f"must be a whole number ≥ 1, not {_kind(level)}")
        return {str(rating): level for rating, level in value.items()}

    def library(self, value: Any, field: str) -> Library:
        lib = self.mapping(value, field, {"key", "name", "aliases", "overview"}, {"facts", "pros", "cons"})
        key = self.text(lib["key"], f"{field}.key")
        overview = self.mapping(lib["overview"], f"{field}.overview", {"section", "text"}, set())
        return Library(
            key=key,
            name=self.text(lib["name"], f"{field}.name"),
            aliases=self.words(lib["aliases"], f"{field}.aliases"),
            overview=self.text(overview["text"], f"{field}.overview.text"),
            overview_section=self.text(overview["section"], f"{field}.overview.section"),
            facts=self.each(lib.get("facts") or [], f"{field}.facts", lambda v, f: self.fact(v, f, key)),
            pros=self.each(lib.get("pros") or [], f"{field}.pros", self.item),
            cons=self.each(lib.get("cons") or [], f"{field}.cons", self.item),
        )

    def fact(self, value: Any, field: str, library: str) -> Fact:
        fact = self.mapping(value, field, {"topic", "section", "text"}, {"keywords"})
        return Fact(
            library=library,
            topic=self.text(fact["topic"], f"{field}.topic"),
            text=self.text(fact["text"], f"{field}.text"),
            section=self.text(fact["section"], f"{field}.section"),
            keywords=self.keywords(fact, field),
        )

    def item(self, value: Any, field: str) -> Item:
        item = self.mapping(value, field, {"title", "text"}, {"keywords"})
        return Item(
            title=self.text(item["title"], f"{field}.title"),
            text=self.text(item["text"], f"{field}.text"),
            keywords=self.keywords(item, field),
        )

    def keywords(self, data: Mapping[str, Any], field: str) -> tuple[str, ...]:
        """A field's optional `keywords`: hints that point a question at it."""
        return self.words(data["keywords"], f"{field}.keywords") if "keywords" in data else ()

    def aspect(self, value: Any, field: str, libraries: tuple[str, ...], levels: Mapping[str, int]) -> Aspect:
        asp = self.mapping(
            value,
            field,
            {"key", "name", "aliases", "section", "text", "ratings", "details"},
            {"note", "weak_aliases"},
        )
        self.mapping(asp["details"], f"{field}.details", set(libraries), set())
        return Aspect(
            key=self.text(asp["key"], f"{field}.key"),
            name=self.text(asp["name"], f"{field}.name"),
            aliases=self.words(asp["aliases"], f"{field}.aliases"),
            section=self.text(asp["section"], f"{field}.section"),
            text=self.text(asp["text"], f"{field}.text"),
            ratings=self.ratings(asp["ratings"], f"{field}.ratings", libraries, levels),
            details={lib: self.text(asp["details"][lib], f"{field}.details.{lib}") for lib in libraries},
            note=self.optional_text(asp.get("note"), f"{field}.note"),
            weak_aliases=self.words(asp["weak_aliases"], f"{field}.weak_aliases")
            if "weak_aliases" in asp
            else (),
        )

    def statistics(self, value: Any, libraries: tuple[str, ...]) -> Statistics:
        stats = self.mapping(value, "statistics", {"section", "items"}, {"label", "insight"})

        def statistic(item: Any, field: str) -> Statistic:
            stat = self.mapping(item, field, {"library", "metric", "value"}, {"keywords", "source"})
            return Statistic(
                library=self.library_key(stat["library"], f"{field}.library", libraries),
                metric=self.text(stat["metric"], f"{field}.metric"),
                value=self.text(str(stat["value"]), f"{field}.value"),
                keywords=self.keywords(stat, field),
                source=self.optional_text(stat.get("source"), f"{field}.source"),
            )

        return Statistics(
            section=self.text(stats["section"], "statistics.section"),
            items=self.each(stats["items"], "statistics.items", statistic),
            insight=self.optional_text(stats.get("insight"), "statistics.insight") or "",
            label=self.text(stats.get("label", "Statistics"), "statistics.label"),
        )

    def summary_table(
        self,
        value: Any,
        libraries: tuple[str, ...],
        levels: Mapping[str, int],
        aspects: tuple[Aspect, ...],
    ) -> SummaryTable:
        table = self.mapping(value, "summary_table", {"section", "rows"}, set())
        by_key = {asp.key: asp for asp in aspects}

        def row(item: Any, field: str) -> SummaryRow:
            data = self.mapping(item, field, {"aspect", "ratings"}, set())
            key = self.text(data["aspect"], f"{field}.aspect")
            if key not in by_key:
                raise self.fail(f"{field}.aspect", f"unknown aspect {key!r} (known: {', '.join(by_key)})")
            ratings = self.ratings(data["ratings"], f"{field}.ratings", libraries, levels)
            for lib, rating in ratings.items():
                if rating != by_key[key].ratings[lib]:
                    raise self.fail(
                        f"{field}.ratings.{lib}",
                        f"{rating!r} differs from the aspect's rating {by_key[key].ratings[lib]!r}",
                    )
            return SummaryRow(aspect=key, ratings=ratings)

        return SummaryTable(
            section=self.text(table["section"], "summary_table.section"),
            rows=self.each(table["rows"], "summary_table.rows", row),
        )

    def conclusion(self, value: Any, libraries: tuple[str, ...]) -> Conclusion:
        data = self.mapping(value, "conclusion", {"section", "text", "recommendations"}, set())

        def recommendation(item: Any, field: str) -> Recommendation:
            rec = self.mapping(item, field, {"library", "when"}, {"keywords"})
            return Recommendation(
                library=self.library_key(rec["library"], f"{field}.library", libraries),
                when=self.text(rec["when"], f"{field}.when"),
                keywords=self.keywords(rec, field),
            )

        return Conclusion(
            section=self.text(data["section"], "conclusion.section"),
            text=self.text(data["text"], "conclusion.text"),
            recommendations=self.each(data["recommendations"], "conclusion.recommendations", recommendation),
        )

    def later_note(
        self, value: Any, field: str, libraries: tuple[Library, ...], aspects: tuple[Aspect, ...]
    ) -> LaterNote:
        note = self.mapping(value, field, {"date", "text", "source"}, {"library", "qualifies", "keywords"})
        keys = tuple(lib.key for lib in libraries)
        library = (
            None
            if note.get("library") is None
            else self.library_key(note["library"], f"{field}.library", keys)
        )
        topics = {f.topic for lib in libraries if library in (None, lib.key) for f in lib.facts}
        return LaterNote(
            library=library,
            date=self.text(str(note["date"]), f"{field}.date"),
            text=self.text(note["text"], f"{field}.text"),
            source=self.text(note["source"], f"{field}.source"),
            qualifies=self.qualifies(note.get("qualifies") or {}, f"{field}.qualifies", aspects, topics),
            keywords=self.keywords(note, field),
        )

    def qualifies(self, value: Any, field: str, aspects: tuple[Aspect, ...], topics: set[str]) -> Qualifies:
        data = self.mapping(
            value, field, set(), {"overview", "recommendations", "statistics", "aspects", "facts"}
        )
        for flag in ("overview", "recommendations", "statistics"):
            if not isinstance(data.get(flag, False), bool):
                raise self.fail(f"{field}.{flag}", f"must be true or false, not {_kind(data[flag])}")
        aspect_keys = {asp.key for asp in aspects}

        def known(items: tuple[str, ...], name: str, allowed: set[str]) -> tuple[str, ...]:
            for index, item in enumerate(items):
                if item not in allowed:
                    raise self.fail(
                        f"{field}.{name}[{index}]",
                        f"unknown {name[:-1]} {item!r} (known: {', '.join(sorted(allowed))})",
                    )
            return items

        return Qualifies(
            overview=data.get("overview", False),
            recommendations=data.get("recommendations", False),
            statistics=data.get("statistics", False),
            aspects=known(self.words(data["aspects"], f"{field}.aspects"), "aspects", aspect_keys)
            if "aspects" in data
            else (),
            facts=known(self.words(data["facts"], f"{field}.facts"), "facts", topics)
            if "facts" in data
            else (),
        )

    # Cross-checks -------------------------------------------------------------------------

    def check_unique_keys(self, field: str, keys: list[str]) -> None:
        seen: set[str] = set()
        for index, key in enumerate(keys):
            if key in seen:
                raise self.fail(f"{field}[{index}].key", f"duplicate key {key!r}")
            seen.add(key)

    def check_unique_aliases(self, libraries: tuple[Library, ...], aspects: tuple[Aspect, ...]) -> None:
        """An alias (or name/key) may point at one entity only, else questions become ambiguous."""
        owners: dict[str, str] = {}
        entities = [("libraries", i, e) for i, e in enumerate(libraries)] + [
            ("aspects", i, e) for i, e in enumerate(aspects)
        ]
        for group, index, entity in entities:
            weak = entity.weak_aliases if isinstance(entity, Aspect) else ()
            named = [("key", entity.key), ("name", entity.name)]
            named += [(f"aliases[{i}]", a) for i, a in enumerate(entity.aliases)]
            named += [(f"weak_aliases[{i}]", a) for i, a in enumerate(weak)]
            for where, alias in named:
                spelling = compact(alias)
                owner = owners.get(spelling)
                if owner is not None and owner != entity.key:
                    raise self.fail(
                        f"{group}[{index}].{where}", f"alias {alias!r} is already used by {owner!r}"
                    )
                owners[spelling] = entity.key


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _kind(value: Any) -> str:
    return "nothing" if value is None else f"{type(value).__name__} {value!r}"[:60]


def find_comparison(kb: KnowledgeBase, text: str) -> Comparison | None:
    """The loaded comparison whose id or title `text` is (ignoring case and outer spaces)."""
    wanted = text.strip().casefold() if isinstance(text, str) else ""
    return next((c for c in kb.comparisons if wanted in (c.id.casefold(), c.title.casefold())), None)


def loaded_comparisons(kb: KnowledgeBase) -> str:
    """The loaded comparisons, for a refusal (ids and titles come from the knowledge files)."""
    return "Loaded: " + ", ".join(f"`{c.id}` ({c.title})" for c in kb.comparisons) + "."
