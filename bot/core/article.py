"""A comparison article in Markdown, read into its parts: the title, and sections (headings of
any depth) holding paragraphs, list items, tables and `**Label:** value` lines.

Only what `bot.core.draft` needs of Markdown is read: ATX headings (`#` … `######`),
blank-line paragraphs, bulleted (`*`, `-`, `+`) and numbered (`1.`, `1)`) items, pipe tables
(also inside a code fence, as some articles print their summary table), emphasis markers
(dropped). Nothing is lost silently: every line that is none of these is a paragraph line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s+(.*)$")
_LABELLED = re.compile(r"^\s*\*\*([^*]+?):?\*\*:?\s*(.*)$")  # **Rating:** High (A), …
_FENCE = re.compile(r"^\s*(```|~~~)")
_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass
class Section:
    """A heading and what stands under it, up to the next heading of the same or a higher level."""

    level: int
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    labelled: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    tables: list[Table] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self) -> list[Section]:
        """This section and every section under it, in the article's order."""
        return [self, *(s for child in self.children for s in child.walk())]


@dataclass(frozen=True)
class Article:
    title: str
    sections: tuple[Section, ...]  # the top-level sections (under the title)

    def all_sections(self) -> list[Section]:
        return [s for top in self.sections for s in top.walk()]


def markdown_text(article: Article) -> str:
    """Every word of the article, its headings, paragraphs, items and tables."""
    parts: list[str] = [article.title]
    for section in article.all_sections():
        parts += [section.title, *section.paragraphs, *section.items]
        parts += [f"{label} {value}" for label, value in section.labelled]
        parts += [" ".join(row) for table in section.tables for row in (table.header, *table.rows)]
    return " ".join(parts)


def plain(text: str) -> str:
    """Markdown text as words: emphasis and link syntax dropped, spaces folded."""
    return " ".join(_EMPHASIS.sub("", _LINK.sub(r"\1", text)).replace("`", "").split())


def read_article(markdown: str) -> Article:
    """The article's title (its first heading) and its sections."""
    title = ""
    root = Section(0, "")
    open_sections = [root]
    paragraph: list[str] = []
    table: list[str] = []
    in_fence = False

    def current() -> Section:
        return open_sections[-1]

    def flush() -> None:
        if paragraph:
            current().paragraphs.append(plain(" ".join(paragraph)))
            paragraph.clear()
        if table:
            parsed = _table(table)
            if parsed is not None:
                current().tables.append(parsed)
            else:  # pipes that make no table: kept as text
                current().paragraphs.append(plain(" ".join(table)))
            table.clear()

    for line in markdown.splitlines():
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        stripped = line.strip()
        if stripped.startswith("|"):
            if paragraph:
                flush()
            table.append(stripped)
            continue
        if in_fence:
            if stripped:  # code that is no table: kept as text
                paragraph.append(stripped)
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            level, text = len(heading.group(1)), plain(heading.group(2)).rstrip(":")
            if level == 1 and not title:
                title = text
                continue
            while open_sections[-1].level >= level:
                open_sections.pop()
            section = Section(level, text)
            open_sections[-1].children.append(section)
            open_sections.append(section)
            continue
        if not stripped:
            flush()
            continue
        labelled = _LABELLED.match(line)
        if labelled and labelled.group(2):
            flush()
            current().labelled.append((plain(labelled.group(1)), plain(labelled.group(2))))
            continue
        item = _ITEM.match(line)
        if item:
            flush()
            current().items.append(plain(item.group(1)))
            continue
        if table:
            flush()
        paragraph.append(stripped)
    flush()
    if root.paragraphs or root.items:  # text before the first section: an untitled introduction
        untitled = Section(1, "", root.paragraphs, root.items, root.labelled, root.tables)
        return Article(title, (untitled, *root.children))
    return Article(title, tuple(root.children))


def _table(lines: list[str]) -> Table | None:
    rows = [tuple(plain(cell) for cell in line.strip().strip("|").split("|")) for line in lines]
    rows = [row for row in rows if not all(_SEPARATOR_CELL.match(cell.strip()) for cell in row)]
    if len(rows) < 2 or len({len(row) for row in rows}) != 1:
        return None
    return Table(rows[0], tuple(rows[1:]))
