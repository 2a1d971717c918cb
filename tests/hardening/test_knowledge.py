"""Guarantee 7 — an invalid knowledge file at START: `python -m bot run` exits 1 with one
log line naming the file, the line and the field, and no traceback.

(`reload` with an invalid file keeping the old knowledge base is in tests/e2e/test_owner.py;
the CLI's `check` and `ask` on a bad file are in tests/test_cli.py.)
"""

from __future__ import annotations

import pytest

from bot.ops.exits import EXIT_BAD_KNOWLEDGE
from tests.conftest import SHIPPED_FILE
from tests.e2e.conftest import bot_environment

SCALABILITY_SECTION = "\n    section: Key Comparison Points › Scalability\n"
BREAKAGES = {  # name: (original, replacement, a text on the line to blame, the field)
    "bad-value": (
        "\n    ratings: {keras: High, mxnet: Very High}\n",
        "\n    ratings: {keras: High, mxnet: Stellar}\n",
        "mxnet: Stellar}",
        "aspects[0].ratings.mxnet",
    ),
    "missing-field": (SCALABILITY_SECTION, "\n", "- key: scalability", "aspects[1].section"),
    "unknown-field": (
        SCALABILITY_SECTION,
        SCALABILITY_SECTION + "    colour: blue\n",
        "colour: blue",
        "aspects[1].colour",
    ),
}


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line holding `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize("breakage", BREAKAGES)
async def test_start_with_an_invalid_knowledge_file_names_file_line_and_field(
    emu, launch_bot, tmp_path, breakage
):
    original, replacement, blamed, field = BREAKAGES[breakage]
    shipped = SHIPPED_FILE.read_text(encoding="utf-8")
    assert shipped.count(original) == 1, "the breakage must hit one known place"
    text = shipped.replace(original, replacement)
    bad = tmp_path / "knowledge" / SHIPPED_FILE.name
    bad.parent.mkdir()
    bad.write_text(text, encoding="utf-8")
    env = bot_environment(emu, tmp_path / "versus.sqlite3", VERSUS_KNOWLEDGE=str(bad.parent))

    bot = await launch_bot(env, tmp_path / "bot.log")
    assert await bot.wait() == EXIT_BAD_KNOWLEDGE
    log = bot.log()
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert len(errors) == 1, log
    assert f"{bad}:{line_of(text, blamed)}: {field}: " in errors[0]
    assert "Traceback" not in log
    assert emu.identifies == [], "it stopped before connecting to the gateway"
