"""The command line, run as a user runs it: a subprocess of `python -m bot`."""

from __future__ import annotations

import importlib.metadata
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


def test_version_prints_the_installed_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"Versus {importlib.metadata.version('versus')}\n"


@pytest.mark.parametrize("follow_up", ["why?", "but why?"])
def test_a_follow_up_with_nothing_before_it_says_there_is_nothing_to_explain(follow_up):
    result = run("ask", follow_up)
    assert result.returncode == 0
    assert result.stdout.startswith(
        "Nothing to explain yet\n\nThat asks about an earlier answer, and there is none"
    )
    console = run("console", stdin=f"{follow_up}\npros keras\n{follow_up}\n")
    first, *later = console.stdout.split("versus> ")[1:]
    assert first.startswith("Nothing to explain yet")
    assert not any("Nothing to explain" in answer for answer in later), "after an answer it is a follow-up"


@pytest.mark.parametrize("args", [(), ("--explain",), ("",)])
def test_ask_without_a_question_exits_2_with_its_usage(args):
    result = run("ask", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: python -m bot ask ")
    assert "error: give a QUESTION, or --jsonl to read questions from stdin" in result.stderr


def test_a_malformed_jsonl_line_gets_an_error_object_not_an_answer():
    lines = [
        '{"question": "pros keras"',
        '{"q": "pros keras"}',
        "!pros keras",
        '{"question": "why?", "conversation": "a"}',
        '{"question": "which is better for beginners?", "conversation": "a"}',
        '{"question": "why?", "conversation": "a"}',
    ]
    result = run("ask", "--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 2, "a line was refused"
    bad_json, no_question, pros, too_early, recommendation, why = (
        json.loads(line) for line in result.stdout.splitlines()
    )
    assert bad_json == {
        "line": 1,
        "error": 'not valid JSON (Expecting \',\' delimiter, column 26): write {"question": "…", '
        '"conversation": "ID"}',
    }
    assert no_question == {
        "line": 2,
        "error": 'a JSON line needs "question" as a string: write {"question": "…", "conversation": "ID"}',
    }
    assert "Large community" in pros["answer"]
    assert too_early["answer"].startswith("Nothing to explain yet")
    assert "Keras" in recommendation["answer"]
    assert "Nothing to explain" not in why["answer"] and why["question"] == "why?"
