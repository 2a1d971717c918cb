"""The loader, on the pinned fixtures: every kind of bad file gives one clear error naming
the file, the line and the field, and a folder loads every comparison in it. (That the
shipped file is complete is tests/test_shipped_knowledge.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.knowledge import MAX_FILE_BYTES, KnowledgeError, load_knowledge
from tests.conftest import BILLION_LAUGHS, FIXTURE_DIR, PINNED_FILE


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


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
    text = PINNED_FILE.read_text().replace(
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
    text = PINNED_FILE.read_text().replace("id: keras-vs-mxnet\n", "id: keras-vs-mxnet\nid: again\n")
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


def test_a_folder_loads_every_comparison_in_it_by_file_name():
    kb = load_knowledge(FIXTURE_DIR)
    files = sorted(FIXTURE_DIR.glob("*.yaml"))
    assert len(files) >= 2 and [c.path for c in kb.comparisons] == files
    assert kb.default.path == files[0]


def test_two_files_with_one_id_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(PINNED_FILE, tmp_path / name)
    with pytest.raises(KnowledgeError, match="already used") as caught:
        load_knowledge(tmp_path)
    assert caught.value.path == str(tmp_path / "b.yaml") and caught.value.field == "id"


def test_anchors_and_aliases_are_refused_before_anything_is_built(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(KnowledgeError) as refused:
        load_knowledge(path)
    assert str(refused.value) == f"{path}:1: anchors and aliases (& and *) are not allowed"


def test_a_file_far_larger_than_any_knowledge_file_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="a knowledge file is at most 1,000,000"):
        load_knowledge(path)
