"""Questions of every kind users ask, written from the article without looking at the
knowledge file: each answer must carry the facts asked for and nothing it must not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.render import to_text

CASES = yaml.safe_load((Path(__file__).parent / "data" / "questions.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_answer_has_what_was_asked(engine, case):
    answer = to_text(engine.ask(case["q"]), markdown=False).lower()
    for item in case.get("must", []):
        alternatives = item if isinstance(item, list) else [item]
        assert any(str(a).lower() in answer for a in alternatives), (case["q"], alternatives, answer[:300])
    for forbidden in case.get("must_not", []):
        assert str(forbidden).lower() not in answer, (case["q"], forbidden)
