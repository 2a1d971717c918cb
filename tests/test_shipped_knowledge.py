"""The shipped knowledge (`knowledge/`): it loads, and it holds every fact of its source
article exactly — ratings as printed, every pro and con, every figure, the summary table.

The article lives beside the repository (`../shared/source/`). Run locally without it, the
comparisons with the article are skipped; under CI (`CI=true`) they fail instead, because
there a missing article means the check silently stopped checking anything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.core.knowledge import Comparison, load_knowledge
from tests.conftest import KNOWLEDGE_DIR, ROOT, SHIPPED_FILE

SOURCE = ROOT.parent / "shared" / "source" / "keras-vs-mxnet.md"
CI_TRUE = {"true", "1", "yes"}


def read_article(path: Path, environ: Mapping[str, str]) -> str:
    """The article's text; skips the test without it, or fails it under CI."""
    if path.is_file():
        return path.read_text(encoding="utf-8")
    message = f"the source article {path} is missing"
    if environ.get("CI", "").strip().lower() in CI_TRUE:
        pytest.fail(f"{message}: CI must provide it (CI=true)", pytrace=False)
    pytest.skip(f"{message} (it lives beside the repository, in ../shared)")


@pytest.fixture(scope="module")
def article() -> str:
    return read_article(SOURCE, os.environ)


@pytest.fixture(scope="module")
def shipped() -> Comparison:
    return load_knowledge(SHIPPED_FILE).default


def section(text: str, heading: str, level: int = 2) -> str:
    """The body under a markdown heading (`## Heading`), up to the next heading of its level."""
    marks = "#" * level
    match = re.search(rf"^{marks} {re.escape(heading)}\n(.*?)(?=^{marks} |\Z)", text, re.M | re.S)
    assert match, f"the article has no {marks} {heading}"
    return match.group(1)


def headings(text: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+?):?$", text, re.M)


def bullets(text: str) -> set[tuple[str, str]]:
    """`* Title: text` lines as (title, text)."""
    return set(re.findall(r"^\* (.+?): (.+)$", text, re.M))


# Without the article -------------------------------------------------------------------------


def test_missing_article_skips_locally_but_fails_under_ci(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    with pytest.raises(pytest.skip.Exception):
        read_article(missing, {})
    with pytest.raises(pytest.skip.Exception):
        read_article(missing, {"CI": "false"})
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        read_article(missing, {"CI": "true"})


def test_the_shipped_file_loads_whole_beside_any_other() -> None:
    kb = load_knowledge(KNOWLEDGE_DIR)
    shipped = next(c for c in kb.comparisons if c.path == SHIPPED_FILE)
    assert all(lib.pros and lib.cons and lib.facts for lib in shipped.libraries)
    assert len(shipped.summary_table.rows) == len(shipped.aspects)
    recommended = {rec.library for rec in shipped.conclusion.recommendations}
    assert recommended == {lib.key for lib in shipped.libraries}


# Against the article -------------------------------------------------------------------------


def test_libraries_and_aspects_are_the_articles(article: str, shipped: Comparison) -> None:
    assert [lib.name for lib in shipped.libraries] == headings(section(article, "Pros and Cons"), 3)
    assert [a.name for a in shipped.aspects] == headings(section(article, "Key Comparison Points"), 3)


def test_ratings_are_exactly_as_the_article_prints_them(article: str, shipped: Comparison) -> None:
    """Every `**Rating:** X (Lib), Y (Lib)` line, in order, verbatim — contradictions included."""
    lines = re.findall(r"^\*\*Rating:\*\* (.+)$", article, re.M)
    pairs = [re.findall(r"(.+?) \((.+?)\)(?:, |$)", line) for line in lines]
    printed = [{lib: rating for rating, lib in line} for line in pairs]
    ours = [{shipped.library(k).name: r for k, r in a.ratings.items()} for a in shipped.aspects]
    assert ours == printed


def test_where_the_article_contradicts_itself_the_yaml_says_so(shipped: Comparison) -> None:
    assert shipped.aspect("ease-of-use").note, "the ease-of-use rating contradicts the prose"


def test_every_pro_and_con_of_the_article_is_in_the_yaml(article: str, shipped: Comparison) -> None:
    pros_and_cons = section(article, "Pros and Cons")
    for lib in shipped.libraries:
        own = section(pros_and_cons, lib.name, level=3)
        for kind, items in (("Pros", lib.pros), ("Cons", lib.cons)):
            printed = bullets(section(own, f"{kind}:", level=4))
            assert {(item.title, item.text) for item in items} == printed, (lib.name, kind)


def test_every_figure_of_the_article_is_in_the_yaml(article: str, shipped: Comparison) -> None:
    prose = section(article, "Statistics and Insights").split("```")[0]
    values = [stat.value for stat in shipped.statistics.items]
    assert all(value in prose for value in values), "a figure the article does not print"
    figures = re.findall(r"\d[\d,]*%?", prose)
    assert figures and all(any(f in v for v in values) for f in figures), (figures, values)
    assert shipped.statistics.insight.rstrip(".") in prose


def test_summary_table_is_the_articles(article: str, shipped: Comparison) -> None:
    table = section(article, "Statistics and Insights").split("```")[1]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.strip().splitlines()]
    header, body = rows[0], rows[2:]
    printed = {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body}
    ours = {
        shipped.aspect(row.aspect).name: {shipped.library(k).name: r for k, r in row.ratings.items()}
        for row in shipped.summary_table.rows
    }
    assert ours == printed
