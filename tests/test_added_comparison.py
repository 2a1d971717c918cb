"""A comparison added to `knowledge/` keeps the suites green: a copy of the shipped knowledge
with a drafted comparison that sorts first (so it becomes the default comparison of anything
not told otherwise), and the suites about the shipped knowledge run against it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from bot.core.draft import draft_file, to_yaml
from tests.conftest import DATA_DIR, ROOT

# Suites that read the shipped knowledge folder: the command line, the configuration, the
# shipped file itself, and the bot end to end (commands, settings).
SUITES = (
    "tests/test_cli.py",
    "tests/test_config.py",
    "tests/test_shipped_knowledge.py::test_the_shipped_file_loads_whole_beside_any_other",
    "tests/e2e/test_commands.py",
    "tests/e2e/test_settings.py",
)


def test_a_comparison_added_to_knowledge_keeps_the_suites_green(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    drafted = draft_file(DATA_DIR / "articles" / "flask-vs-django.md", comparison_id="aaa-flask-vs-django")
    (knowledge / "aaa-flask-vs-django.yaml").write_text(to_yaml(drafted.data), encoding="utf-8")
    environment = os.environ | {"VERSUS_TEST_KNOWLEDGE": str(knowledge)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert " passed" in run.stdout.splitlines()[-1]
