"""`check`'s warnings: a file that loads but will answer worse than its author expects is told
so (exit 0) — a name general English reads as a cue, a keyword two facts claim or one of
everyday English, an aspect missing from the summary table, a rating word no lexicon ranks."""

from __future__ import annotations

import subprocess
import sys

from bot.core.draft import draft_file, to_yaml
from bot.core.engine import Engine
from bot.core.knowledge import load_knowledge
from bot.core.render import to_text
from bot.core.review import warnings
from tests.conftest import DATA_DIR, ROOT


def test_each_kind_of_second_look_is_a_warning(knowledge_variant):
    def mutate(data: dict) -> None:
        data["aspects"][0]["aliases"].append("stats")  # a cue word: "stats" asks for statistics
        facts = data["libraries"][0]["facts"]
        facts[0]["keywords"] = ["gpu support"]
        facts[1]["keywords"] = ["gpu support", "company"]
        data["summary_table"]["rows"] = data["summary_table"]["rows"][:-1]
        data["rating_levels"]["Stellar"] = 5
        data["aspects"][0]["ratings"]["keras"] = "Stellar"
        data["summary_table"]["rows"][0]["ratings"]["keras"] = "Stellar"

    found = "\n".join(warnings(load_knowledge(knowledge_variant(mutate)).default))
    assert "'stats' is also a cue word" in found
    assert "keyword 'gpu support' is claimed by 2 facts of Keras" in found
    assert "'company' are everyday English" in found
    assert "aspect 'Ecosystem' has no row in summary_table" in found
    assert "rating word 'Stellar' is not in the shipped lexicon" in found


def test_compare_shows_an_aspect_the_summary_table_lacks(knowledge_variant):
    def mutate(data: dict) -> None:
        data["summary_table"]["rows"] = data["summary_table"]["rows"][:-1]

    shown = to_text(Engine(load_knowledge(knowledge_variant(mutate))).ask("!compare"), markdown=False)
    assert "Ecosystem" in shown and "Extensive" in shown


def test_a_drafted_file_needs_no_second_look(tmp_path):
    path = tmp_path / "rust-vs-go.yaml"
    path.write_text(to_yaml(draft_file(DATA_DIR / "articles" / "rust-vs-go.md").data), encoding="utf-8")
    assert warnings(load_knowledge(path).default) == []


def test_check_lists_the_warnings_and_exits_0(knowledge_variant):
    def mutate(data: dict) -> None:
        data["summary_table"]["rows"] = data["summary_table"]["rows"][:-1]

    path = knowledge_variant(mutate)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0
    assert "warning: aspect 'Ecosystem' has no row in summary_table" in done.stdout
