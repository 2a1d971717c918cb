"""The loader: the shipped file is complete, and every kind of bad file gives one clear
error naming the file, the line and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from tests.conftest import SHIPPED_FILE

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "source" / "keras-vs-mxnet.md"
needs_source = pytest.mark.skipif(
    not SOURCE.exists(), reason="the source article (../shared) is not beside the repo"
)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_shipped_file_loads_with_every_part(kb):
    comparison = kb.default
    assert [lib.name for lib in comparison.libraries] == ["Keras", "MXNet"]
    assert [a.name for a in comparison.aspects] == [
        "Performance",
        "Scalability",
        "Ease of Use",
        "Ecosystem",
    ]
    assert all(lib.pros and lib.cons and lib.facts for lib in comparison.libraries)
    assert len(comparison.statistics.items) == 4
    assert len(comparison.summary_table.rows) == len(comparison.aspects)
    assert comparison.aspect("ease-of-use").note, "the self-contradiction must be noted"


@needs_source
def test_ratings_are_exactly_as_the_article_prints_them(kb):
    """Every '**Rating:** X (Keras), Y (MXNet)' line of the source is in the YAML verbatim."""
    printed = re.findall(r"\*\*Rating:\*\* (.+?) \(Keras\), (.+?) \(MXNet\)", SOURCE.read_text())
    ours = [(a.ratings["keras"], a.ratings["mxnet"]) for a in kb.default.aspects]
    assert ours == printed


@needs_source
def test_every_pro_and_con_of_the_article_is_in_the_yaml(kb):
    bullets = re.findall(r"^\* (.+?): (.+)$", SOURCE.read_text(), re.MULTILINE)
    titles = {item.title for lib in kb.default.libraries for item in (*lib.pros, *lib.cons)}
    assert {title for title, _ in bullets} == titles


def test_statistics_of_the_article_are_in_the_yaml(kb):
    values = {s.value for s in kb.default.statistics.items}
    assert {"64%", "21%", "over 100,000", "around 30,000"} == values


@pytest.mark.parametrize(
    ("mutate", "field", "problem"),
    [
        (lambda d: d.pop("aspects"), "aspects", "missing required field"),
        (lambda d: d["aspects"][1].pop("ratings"), "aspects[1].ratings", "missing required field"),
        (
            lambda d: d["aspects"][0]["ratings"].update(pytorch="High"),
            "aspects[0].ratings.pytorch",
            "unknown library",
        ),
        (lambda d: d["aspects"][2].update(name=42), "aspects[2].name", "must be non-empty text"),
        (
            lambda d: d["libraries"][0].update(aliases="keras"),
            "libraries[0].aliases",
            "must be a list",
        ),
        (
            lambda d: d["aspects"][3]["aliases"].append("speed"),
            "aspects[3].aliases",
            "already used",
        ),
        (
            lambda d: d["libraries"][1]["aliases"].append("Keras"),
            "libraries[1].aliases",
            "already used",
        ),
        (
            lambda d: d["aspects"][0]["ratings"].update(keras="Superb"),
            "aspects[0].ratings.keras",
            "rating",
        ),
        (
            lambda d: d["statistics"]["items"][0].update(library="caffe"),
            "statistics.items[0].library",
            "unknown library",
        ),
        (lambda d: d["libraries"][0].update(colour="red"), "libraries[0].colour", "unknown field"),
        (
            lambda d: d["summary_table"]["rows"][0]["ratings"].update(keras="Moderate"),
            "summary_table.rows[0].ratings.keras",
            "differs",
        ),
    ],
)
def test_bad_file_names_file_line_and_field(knowledge_variant, mutate, field, problem):
    path = knowledge_variant(mutate)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    error = caught.value
    assert error.path == str(path)
    assert error.field.startswith(field)
    assert problem in error.problem
    assert error.line is not None and error.line >= 1
    assert str(error).startswith(f"{path}:{error.line}: {error.field}: ")


def test_line_number_points_at_the_bad_field(tmp_path):
    text = SHIPPED_FILE.read_text().replace(
        "ratings: {keras: High, mxnet: Very High}", "ratings: {keras: High, mxnet: Stellar}"
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    assert caught.value.line == line_of(path, "mxnet: Stellar")
    assert caught.value.field == "aspects[0].ratings.mxnet"


def test_yaml_syntax_error_gives_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ntitle: [unclosed\nsource: y\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    assert "invalid YAML" in caught.value.problem
    assert caught.value.line in {2, 3, 4}


def test_duplicate_key_is_refused(tmp_path):
    text = SHIPPED_FILE.read_text().replace("id: keras-vs-mxnet\n", "id: keras-vs-mxnet\nid: again\n")
    path = tmp_path / "dup.yaml"
    path.write_text(text)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    assert caught.value.field == "id" and caught.value.problem == "duplicate key"
    assert caught.value.line == line_of(path, "id: again")


@pytest.mark.parametrize("content", ["", "just a string\n", "- a\n- list\n"])
def test_empty_or_wrong_shaped_file(tmp_path, content):
    path = tmp_path / "odd.yaml"
    path.write_text(content)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    assert str(path) in str(caught.value)


def test_folder_without_files_and_missing_path(tmp_path):
    with pytest.raises(KnowledgeError, match=r"no \*\.yaml"):
        load_knowledge(tmp_path)
    with pytest.raises(KnowledgeError, match="no such file"):
        load_knowledge(tmp_path / "nope")


def test_several_comparisons_load_and_ids_must_differ(knowledge_variant, tmp_path):
    def second(d):
        d["id"] = "other"
        d["libraries"][0].update(key="alpha", name="Alpha", aliases=["alpha"])
        d["libraries"][1].update(key="beta", name="Beta", aliases=["beta"])
        for aspect in d["aspects"]:
            aspect["ratings"] = {
                "alpha": aspect["ratings"]["keras"],
                "beta": aspect["ratings"]["mxnet"],
            }
            aspect["details"] = {"alpha": "a", "beta": "b"}
        for row in d["summary_table"]["rows"]:
            row["ratings"] = {"alpha": row["ratings"]["keras"], "beta": row["ratings"]["mxnet"]}
        for item in d["statistics"]["items"]:
            item["library"] = {"keras": "alpha", "mxnet": "beta"}[item["library"]]
        for rec in d["conclusion"]["recommendations"]:
            rec["library"] = {"keras": "alpha", "mxnet": "beta"}[rec["library"]]
        d.pop("later_notes")

    knowledge_variant(lambda d: None, "a.yaml")
    knowledge_variant(second, "b.yaml")
    kb = load_knowledge(tmp_path)
    assert [c.id for c in kb.comparisons] == ["keras-vs-mxnet", "other"]
    knowledge_variant(lambda d: None, "c.yaml")
    with pytest.raises(KnowledgeError, match="already used"):
        load_knowledge(tmp_path)
