"""The command line with several comparisons: `--comparison`, `--explain`, and `check`
refusing a library name claimed by two files."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import SHIPPED_FILE
from tests.test_cli import run
from tests.test_scope import renamed


def write_two(folder: Path, *, clash: bool = False) -> Path:
    shipped = yaml.safe_load(SHIPPED_FILE.read_text(encoding="utf-8"))
    other = renamed(shipped, {lib["key"]: f"lib{i}" for i, lib in enumerate(shipped["libraries"])})
    other["id"], other["title"] = "alpha-vs-beta", "Alpha vs. Beta"
    other["libraries"][0]["name"], other["libraries"][0]["aliases"] = "Alphalib", ["alphalib"]
    other["libraries"][1]["name"], other["libraries"][1]["aliases"] = "Betalib", ["betalib"]
    if clash:
        other["libraries"][1]["aliases"].append("MX Net")
    (folder / "a.yaml").write_text(SHIPPED_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.yaml").write_text(yaml.safe_dump(other, sort_keys=False), encoding="utf-8")
    return folder


def test_check_lists_every_comparison(tmp_path):
    result = run("check", str(write_two(tmp_path)))
    assert result.returncode == 0
    assert "2 comparison(s) loaded: keras-vs-mxnet, alpha-vs-beta" in result.stdout


def test_check_refuses_a_library_alias_claimed_by_two_files_naming_both(tmp_path):
    result = run("check", str(write_two(tmp_path, clash=True)))
    assert result.returncode == 1
    error = result.stderr.strip()
    assert error.startswith(f"error: {tmp_path / 'b.yaml'}:")
    assert "libraries[1].aliases[1]" in error and "'MX Net'" in error
    first_line = next(
        n for n, line in enumerate(SHIPPED_FILE.read_text().splitlines(), 1) if line.strip() == "- key: mxnet"
    )
    assert f"{tmp_path / 'a.yaml'}:{first_line} (library 'mxnet')" in error


def test_ask_answers_from_the_comparison_asked_for(tmp_path):
    folder = str(write_two(tmp_path))
    plain = run("ask", "--knowledge", folder, "!compare speed")
    scoped = run("ask", "--knowledge", folder, "--comparison", "alpha-vs-beta", "!compare speed")
    assert "Keras" in plain.stdout and "Alphalib" not in plain.stdout
    assert "Alphalib" in scoped.stdout and "Alpha vs. Beta" in scoped.stdout
    unknown = run("ask", "--knowledge", folder, "--comparison", "nope", "!stats")
    assert unknown.returncode == 2
    assert "keras-vs-mxnet, alpha-vs-beta" in unknown.stderr


def test_explain_shows_comparison_rule_and_query(tmp_path):
    folder = str(write_two(tmp_path))
    result = run("ask", "--knowledge", folder, "--explain", "who develops betalib?")
    assert result.returncode == 0
    assert "comparison: alpha-vs-beta (library named)" in result.stdout
    assert "rule:       passage" in result.stdout
    assert "libraries:  lib1" in result.stdout


def test_console_explains_and_keeps_its_comparison(tmp_path):
    folder = str(write_two(tmp_path))
    result = run(
        "console",
        "--knowledge",
        folder,
        "--comparison",
        "alpha-vs-beta",
        stdin="explain which is faster?\n!stats\n",
    )
    assert result.returncode == 0
    assert "Versus — Alpha vs. Beta" in result.stdout
    assert "comparison: alpha-vs-beta (explicit)" in result.stdout
    assert "Alphalib" in result.stdout
