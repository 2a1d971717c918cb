"""The generic English vocabulary is data: loaded from `bot/core/data/english.yaml`, validated
with file, line and field like a knowledge file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge import KnowledgeError
from bot.core.lexicon import ENGLISH, Cue, Wanted, english, load_lexicon


def test_the_shipped_lexicon_loads_every_cue():
    lexicon = english()
    assert set(lexicon.cues) == set(Cue)
    assert all(lexicon.cues[cue] for cue in Cue)
    assert {"the", "what", "yes", "no", "on"} <= lexicon.filler_words  # YAML booleans stay words
    assert "vs" in lexicon.connectives


def test_the_shipped_lexicon_knows_what_words_mean_and_ask_for():
    lexicon = english()
    assert (
        any({"quicker", "performance"} <= set(group) for group in lexicon.related) is False
    )  # "quick" is ambiguous
    assert any({"faster", "performance"} <= set(group) for group in lexicon.related)
    assert {Wanted.DATE, Wanted.FIGURE, Wanted.AGENT} <= set(lexicon.wanted)
    assert "what year" in lexicon.wanted[Wanted.DATE][0]
    assert "faster" in lexicon.comparatives and "rating" in lexicon.rating_words
    assert "no" in lexicon.negations and "not" not in lexicon.negations


def lexicon_with(tmp_path: Path, old: str, new: str) -> Path:
    text = ENGLISH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "english.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field", "problem", "line_shows"),
    [
        ("  help: [", "  helpme: [", "cues.help", "missing required field", "pros: [pro,"),
        ("  help: [", "  thanx: [thanx]\n  help: [", "cues.thanx", "unknown field", "thanx:"),
        ("connectives: [vs,", "connectives: [vs, vs,", "connectives[1]", "listed twice", "connectives:"),
        ("'yes',", "yes,", "filler_words", "put the word in quotes", "okay, yes,"),
        (
            "  conclusion: [conclusion,",
            "  conclusion: [[conclusion],",
            "cues.conclusion[0]",
            "non-empty text",
            "[[conclusion]",
        ),
        ("  date:\n    asked:", "  daet:\n    asked:", "wanted.daet", "unknown field", "asked: [what year"),
        ("  - [fast, faster,", "  - [fast, fast,", "related[0][1]", "listed twice", "[fast, fast,"),
    ],
)
def test_a_bad_lexicon_names_file_line_and_field(tmp_path, old, new, field, problem, line_shows):
    path = lexicon_with(tmp_path, old, new)
    with pytest.raises(KnowledgeError) as error:
        load_lexicon(path)
    message = str(error.value)
    assert message.startswith(f"{path}:")
    assert field in message and problem in message
    assert error.value.line is not None
    line = path.read_text(encoding="utf-8").splitlines()[error.value.line - 1]
    assert line_shows in line, line


def test_shorthand_is_one_word_for_one_word(tmp_path):
    lexicon = english()
    assert lexicon.shorthand["langs"] == "languages"
    broken = tmp_path / "english.yaml"
    text = ENGLISH.read_text(encoding="utf-8").replace("  langs: languages", "  langs: programming languages")
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"shorthand\.langs"):
        load_lexicon(broken)
