"""The command line, run as a user runs it: a subprocess of `python -m bot`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED_FILE, SHIPPED_ID


def run(
    *args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 30
) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    environment |= {"VERSUS_COMPARISON": SHIPPED_ID} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=timeout,
    )


def test_ask_prints_the_answer_and_exits_0():
    result = run("ask", "!compare performance")
    assert result.returncode == 0
    assert "Very High" in result.stdout and "Source:" in result.stdout
    assert "**" not in result.stdout and "__" not in result.stdout, "a terminal gets no Discord markdown"


def test_ask_jsonl_answers_each_line():
    questions = [
        "!pros keras",
        "which is better for beginners?",
        "",
        "@everyone 🙂 " * 50,
        "what is the capital of France",
    ]
    result = run("ask", "--jsonl", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["question"] for row in rows] == questions
    assert "Large community" in rows[0]["answer"]
    assert "Keras" in rows[1]["answer"]
    assert all(row["answer"] for row in rows)


def test_ask_jsonl_answers_a_thousand_questions_in_one_process():
    questions = [f"!compare speed {i}" if i % 2 else "which is faster, keras or mxnet?" for i in range(1000)]
    result = run("ask", "--jsonl", stdin="\n".join(questions) + "\n")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1000


def test_check_summarises_the_knowledge():
    result = run("check")
    assert result.returncode == 0
    assert "Keras, MXNet" in result.stdout and "Ease of Use" in result.stdout


def test_bad_knowledge_file_exits_1_with_file_line_and_field(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHIPPED_FILE.read_text().replace("mxnet: Very High}", "mxnet: Stellar}"))
    for args in (("check", str(bad)), ("ask", "--knowledge", str(bad), "hi")):
        result = run(*args)
        assert result.returncode == 1
        assert result.stderr.startswith(f"error: {bad}:")
        assert "aspects[0].ratings.mxnet" in result.stderr
        assert "Traceback" not in result.stderr
    result = run("ask", "hi", env={"VERSUS_KNOWLEDGE": str(bad)})
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_console_answers_until_quit():
    result = run("console", stdin="compare speed\nhelp\nquit\nnever answered\n")
    assert result.returncode == 0
    assert "Very High" in result.stdout and "Versus — help" in result.stdout
    assert "never answered" not in result.stdout


def test_default_command_without_token_opens_the_console():
    result = run(stdin="!cons mxnet\n")
    assert result.returncode == 0
    assert "Steeper learning curve" in result.stdout
    assert "DISCORD_TOKEN is not set" in result.stderr


@pytest.mark.parametrize("command", ["ask", "console", "check", "run", "sync"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


def test_bad_configuration_is_one_line_not_a_traceback():
    result = run("ask", "hi", env={"VERSUS_MESSAGE_CONTENT": "maybe"})
    assert result.returncode == 2
    assert "VERSUS_MESSAGE_CONTENT" in result.stderr and "Traceback" not in result.stderr
