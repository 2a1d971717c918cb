"""`python -m bot draft`: any comparison article becomes a knowledge file that `check` accepts
with no edits, and the engine answers from it.

Four articles of the seed's shape and its usual variations (tests/data/articles/): the seed
itself, the practice article, "A versus B" with five aspects rated only in a summary table,
numbered lists and no statistics, and "A vs B" with figures from named sources. Plus small
articles made here for one variation each.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.draft import LEXICON, draft, draft_file, load_draft_lexicon, rank_of, to_yaml
from bot.core.engine import Engine
from bot.core.knowledge import Comparison, KnowledgeError, load_knowledge
from bot.core.render import to_text
from tests.conftest import DATA_DIR, PINNED_FILE, ROOT

ARTICLES = DATA_DIR / "articles"


def drafted(name: str, tmp_path: Path) -> tuple[Comparison, list[str], list[str]]:
    result = draft_file(ARTICLES / f"{name}.md")
    path = tmp_path / f"{name}.yaml"
    path.write_text(to_yaml(result.data), encoding="utf-8")
    return load_knowledge(path).default, result.unplaced, result.warnings


@pytest.mark.parametrize(
    ("name", "libraries", "aspects", "figures"),
    [
        ("keras-vs-mxnet", ["Keras", "MXNet"], ["Performance", "Scalability", "Ease of Use", "Ecosystem"], 4),
        (
            "flask-vs-django",
            ["Flask", "Django"],
            ["Learning Curve", "Flexibility", "Built-in Features", "Security"],
            4,
        ),
        (
            "postgresql-versus-mysql",
            ["PostgreSQL", "MySQL"],
            [
                "Performance",
                "Standards Compliance",
                "Extensibility",
                "Replication and Scaling",
                "Ease of Setup",
            ],
            0,
        ),
        ("rust-vs-go", ["Rust", "Go"], ["Performance", "Memory Safety", "Concurrency", "Learning Curve"], 5),
    ],
)
def test_an_article_drafts_into_a_file_check_accepts_with_nothing_left_out(
    tmp_path, name, libraries, aspects, figures
):
    comparison, unplaced, warnings = drafted(name, tmp_path)
    assert [lib.name for lib in comparison.libraries] == libraries
    assert [aspect.name for aspect in comparison.aspects] == aspects
    assert len(comparison.statistics.items) == figures
    assert unplaced == () and warnings == ()
    for lib in comparison.libraries:
        assert lib.pros and lib.cons and lib.facts, lib.key
        assert any(rec.library == lib.key for rec in comparison.conclusion.recommendations), lib.key
    assert {row.aspect for row in comparison.summary_table.rows} == {a.key for a in comparison.aspects}


def test_the_seed_drafts_as_the_curated_file_has_it(tmp_path):
    comparison, _, _ = drafted("keras-vs-mxnet", tmp_path)
    curated = load_knowledge(PINNED_FILE).default
    assert {a.key: a.ratings for a in comparison.aspects} == {a.key: a.ratings for a in curated.aspects}
    assert [(s.library, s.value) for s in comparison.statistics.items] == [
        (s.library, s.value) for s in curated.statistics.items
    ]
    assert comparison.statistics.items[0].source == "a survey by KDnuggets"
    for drafted_lib, curated_lib in zip(comparison.libraries, curated.libraries, strict=True):
        assert [p.title for p in drafted_lib.pros] == [p.title for p in curated_lib.pros]
        assert [c.title for c in drafted_lib.cons] == [c.title for c in curated_lib.cons]
    levels = comparison.rating_levels
    assert (
        levels["Very High"] > levels["High"] > levels["Moderate"] and levels["Extensive"] > levels["Growing"]
    )


def test_ratings_only_in_a_table_figures_by_their_sources_and_other_names(tmp_path):
    postgres, _, _ = drafted("postgresql-versus-mysql", tmp_path)
    assert postgres.aspects[1].ratings == {"postgresql": "Excellent", "mysql": "Moderate"}
    assert "postgres" in postgres.libraries[0].aliases  # the article writes POSTGRES, Postgres95
    go_vs_rust, _, _ = drafted("rust-vs-go", tmp_path)
    assert "golang" in go_vs_rust.libraries[1].aliases  # the article's golang/go repository
    shares = {s.library: s.value for s in go_vs_rust.statistics.items if s.metric == "Share of respondents"}
    assert shares == {"go": "about 13.5%", "rust": "about 12.6%"}
    assert all(s.source for s in go_vs_rust.statistics.items)


def test_advice_reads_after_when(tmp_path):
    comparison, _, _ = drafted("keras-vs-mxnet", tmp_path)
    whens = {(r.library, r.when) for r in comparison.conclusion.recommendations}
    assert (
        "keras",
        "you're building a simple deep learning model and don't need the latest and greatest "
        "in terms of performance or scalability",
    ) in whens
    assert all(not when.endswith(("fit", "choice")) for _, when in whens), "the library's half is cut off"


def test_the_engine_answers_from_a_drafted_file(tmp_path):
    drafted("rust-vs-go", tmp_path)
    engine = Engine(load_knowledge(tmp_path / "rust-vs-go.yaml"))

    def said(question: str) -> str:
        return to_text(engine.ask(question), markdown=False)

    assert "Steep" in said("!compare learning curve") and "Gentle" in said("!compare learning curve")
    assert "Graydon Hoare" in said("who created rust?")
    assert "Rust" in said("which should I pick for embedded software?")
    assert "doesn't cover" in said("what license is go under?")


ARTICLE = """# Alpha versus Beta: Things Compared

## Overview

Alpha and Beta are two things. This article compares them.

Alpha is a thing made by Ann in 2001.

Beta is a thing made by Bob in 2003.

## Comparison

### Speed

Alpha is quick. Beta is quicker.

### Cost

Alpha costs little. Beta costs more.

### Charm

Alpha charms. Beta charms more.

## Strengths and Weaknesses

### Alpha

1. Quick: Alpha is quick.
2. Cheap: Alpha costs little.

#### Weaknesses

1. Plain: Alpha is plain.

### Beta

#### Strengths

- Charming: Beta charms everyone.

#### Weaknesses

- Costly: Beta costs more.

## At a Glance

| Aspect | Alpha | Beta |
|---|---|---|
| Speed | Good | Excellent |
| Cost | Excellent | Fair |
| Charm | Stellar | Good |

## Odds and Ends

Something the drafter has no place for.

## Verdict

Pick Alpha when money is tight. Go with Beta if speed matters most. Both are fine.
"""


def test_a_variation_drafts_what_it_can_and_says_what_it_could_not():
    result = draft(ARTICLE, comparison_id="alpha-vs-beta", source_file="alpha.md")
    data = result.data
    assert [lib["name"] for lib in data["libraries"]] == ["Alpha", "Beta"]
    assert [a["ratings"] for a in data["aspects"]] == [
        {"alpha": "Good", "beta": "Excellent"},
        {"alpha": "Excellent", "beta": "Fair"},
        {"alpha": "Stellar", "beta": "Good"},
    ]
    assert result.unplaced == ("Something the drafter has no place for.",)
    assert result.warnings == (
        "rating word 'Stellar' is not in the lexicon: ranked 2 (the middle); check its place",
    )
    assert [r["library"] for r in data["conclusion"]["recommendations"]] == ["alpha", "beta"]
    assert data["conclusion"]["recommendations"][0]["when"] == "money is tight"
    assert data["statistics"]["items"] == []


def test_rating_words_are_ranked_by_the_lexicon():
    assert rank_of("Very High") == rank_of("High") + 1  # type: ignore[operator]
    assert rank_of("steep") < rank_of("gentle")  # type: ignore[operator]
    assert rank_of("Stellar") is None


def test_the_command_writes_a_file_check_accepts_and_never_overwrites(tmp_path):
    output = tmp_path / "knowledge" / "rust-vs-go.yaml"
    command = [sys.executable, "-m", "bot", "draft", str(ARTICLES / "rust-vs-go.md"), "--output", str(output)]
    first = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert first.returncode == 0, first.stderr
    assert "Drafted" in first.stdout and output.is_file()
    check = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert check.returncode == 0 and "rust-vs-go" in check.stdout
    again = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert again.returncode == 2 and "--force" in again.stderr
    assert yaml.safe_load(output.read_text(encoding="utf-8"))["id"] == "rust-vs-go"


def test_the_drafting_lexicon_is_checked_like_a_knowledge_file(tmp_path):
    """YAML reads a bare `on` or `no` as a boolean: such a word is refused with its line, not
    silently turned into "true"."""
    assert "on the other hand" in load_draft_lexicon(LEXICON).headline_skip
    broken = tmp_path / "draft.yaml"
    text = LEXICON.read_text(encoding="utf-8")
    broken.write_text(text.replace("'on'", "on"), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "'on'" in row)
    with pytest.raises(KnowledgeError, match=rf"draft.yaml:{line}: headline_skip\[\d+\]: True is not a word"):
        load_draft_lexicon(broken)


def test_a_fact_title_skips_an_opening_phrase():
    """ "Beta, on the other hand, is quicker." is titled from what it says, not how it opens."""
    article = ARTICLE.replace("Beta is quicker.", "Beta, on the other hand, is quicker.")
    result = draft(article, comparison_id="alpha-vs-beta", source_file="alpha.md")
    beta = next(lib for lib in result.data["libraries"] if lib["key"] == "beta")
    assert "Is quicker" in [fact["topic"] for fact in beta["facts"]]
