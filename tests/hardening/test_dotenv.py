"""Issue 12, item 7: `.env` comes from the working folder — the folder Versus is run from, as
for `VERSUS_DB` — never from the code's folder or above it, and the log says which file was
read (never its values), or that none was. Each test runs `python -m bot` as a process, from
a copy of the code in a folder of its own (as a non-editable install would be)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PINNED_FILE, ROOT

MARKER_ID = "424242424242"  # a value that must never reach the log


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """tmp/code/{bot,cogs}: the code; tmp/work/knowledge: the folder it is run from."""
    for package in ("bot", "cogs"):
        shutil.copytree(
            ROOT / package, tmp_path / "code" / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "work" / "knowledge").mkdir(parents=True)
    shutil.copy(PINNED_FILE, tmp_path / "work" / "knowledge" / PINNED_FILE.name)
    return tmp_path


def run_bot(layout: Path, *args: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "VERSUS_"))}
    env = keep | {"PYTHONPATH": str(layout / "code")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=layout / "work",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_dotenv_in_the_working_folder_is_read(layout):
    chosen = layout / "work" / "chosen.yaml"
    shutil.copy(PINNED_FILE, chosen)
    (layout / "work" / ".env").write_text(f"VERSUS_KNOWLEDGE={chosen}\n", encoding="utf-8")
    result = run_bot(layout, "check")
    assert result.returncode == 0, result.stderr
    assert f"{chosen}: OK" in result.stdout


def test_dotenv_above_the_code_folder_is_not_read(layout):
    (layout / ".env").write_text("VERSUS_LOG_LEVEL=loud\n", encoding="utf-8")  # unusable if read
    (layout / "code" / ".env").write_text("VERSUS_LOG_LEVEL=loud\n", encoding="utf-8")
    result = run_bot(layout, "check")
    assert result.returncode == 0, result.stderr
    assert "VERSUS_LOG_LEVEL" not in result.stderr


def test_the_log_names_the_dotenv_read_but_none_of_its_values(layout):
    dotenv = layout / "work" / ".env"
    dotenv.write_text(f"VERSUS_OWNER_IDS={MARKER_ID}\n", encoding="utf-8")
    result = run_bot(layout, "run")  # no token: exits 2 right after logging its configuration
    assert result.returncode == 2
    assert str(dotenv) in result.stderr and MARKER_ID not in result.stderr + result.stdout


def test_the_log_says_when_no_dotenv_was_read(layout):
    result = run_bot(layout, "run")
    assert result.returncode == 2
    assert f"no .env in {layout / 'work'}" in result.stderr
