"""Blind question panels: score the engine on questions written from an article alone.

A panel (`tests/data/panels/<comparison>.<part>.yaml`) was written by someone who read only
the source article, never the code or the knowledge files, and was frozen before its first
run. Each case: `q` (what the user types), optional `context` (the previous question of the
same conversation), `must` (every item, or one of an item's alternatives, appears in the
answer, ignoring case), `must_not`, and `cat` (freeform, unknown, followup, noisy, command,
offtopic, chat). Answers are scored as `python -m bot ask` prints them.

    python -m tests.panels                       # every panel: a line per category
    python -m tests.panels --part tune -v        # the tuning panels, with each failure

A `*-draft` part is answered from the knowledge `python -m bot draft` makes of the article
(tests/data/articles/), not from a curated file. Parts: `tune*` panels were tuned on (their
failures read); `heldout` panels were kept for validation (their scores watched, their
failures not read); `heldout2` panels were run once, when the understanding issue's work was
done, as its honest figure; `heldout-draft`, likewise for the drafting issue. Once a panel's failures
have been read it is a regression suite only: an honest figure needs a new, unseen panel.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.core.conversation import Conversations
from bot.core.draft import draft_file, to_yaml
from bot.core.engine import Engine
from bot.core.knowledge import load_knowledge
from bot.core.render import to_text

DATA = Path(__file__).resolve().parent / "data"
PANELS = DATA / "panels"
ARTICLES = DATA / "articles"  # what `*-draft` panels are answered from, drafted
# The knowledge each panel's comparison is answered from.
KNOWLEDGE = {
    "keras-vs-mxnet": DATA / "comparisons" / "keras-vs-mxnet.yaml",
    "flask-vs-django": DATA / "practice" / "flask-vs-django.yaml",
    "postgresql-vs-mysql": DATA / "comparisons" / "postgresql-vs-mysql.yaml",
}


@dataclass(frozen=True)
class Outcome:
    case: dict[str, Any]
    answer: str
    missing: tuple[str, ...]
    forbidden: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return bool(self.answer.strip()) and not self.missing and not self.forbidden


def panel_files(part: str | None = None) -> list[Path]:
    """The panels, or those of one part ("tune" takes tune, tune2…)."""
    return sorted(p for p in PANELS.glob("*.yaml") if part is None or p.stem.split(".")[1].startswith(part))


def comparison_of(panel: Path) -> str:
    return panel.stem.split(".")[0]


def load_cases(panel: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(panel.read_text(encoding="utf-8"))
    return cases


def check(case: dict[str, Any], answer: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    low = answer.lower()
    missing = []
    for item in case.get("must", []):
        alternatives = item if isinstance(item, list) else [item]
        if not any(str(a).lower() in low for a in alternatives):
            missing.append("/".join(map(str, alternatives)))
    forbidden = [str(s) for s in case.get("must_not", []) if str(s).lower() in low]
    return tuple(missing), tuple(forbidden)


def run_cases(engine: Engine, cases: Iterable[dict[str, Any]]) -> list[Outcome]:
    """Each case as the command line answers it; a `context` is asked first, in the same
    conversation."""
    outcomes = []
    for number, case in enumerate(cases):
        conversations = Conversations()
        context = None
        if case.get("context"):
            _, remember = engine.respond(str(case["context"]))
            conversations.remember(number, remember)
            context = conversations.recall(number)
        answer, _ = engine.respond(str(case["q"]), context=context)
        text = to_text(answer, markdown=False)
        outcomes.append(Outcome(case, text, *check(case, text)))
    return outcomes


@cache
def engine_for(panel: Path) -> Engine:
    """The engine over the panel's comparison (keras-vs-mxnet for a file named otherwise); for
    a `*-draft` part, over the knowledge `draft` makes of the article (tests/data/articles/)."""
    if panel.stem.split(".")[1].endswith("-draft"):
        drafted = Path(tempfile.mkdtemp()) / f"{comparison_of(panel)}.yaml"
        drafted.write_text(
            to_yaml(draft_file(ARTICLES / f"{comparison_of(panel)}.md").data), encoding="utf-8"
        )
        return Engine(load_knowledge(drafted))
    return Engine(load_knowledge(KNOWLEDGE.get(comparison_of(panel), KNOWLEDGE["keras-vs-mxnet"])))


def report(panel: Path, outcomes: list[Outcome], verbose: bool) -> str:
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    lines = []
    for outcome in outcomes:
        tally = by_category[outcome.case.get("cat", "")]
        tally[0] += outcome.passed
        tally[1] += 1
        if verbose and not outcome.passed:
            case = outcome.case
            context = f" (after {case['context']!r})" if case.get("context") else ""
            lines.append(f"FAIL {case['id']} [{case.get('cat')}] {case['q']!r}{context}")
            lines.append(f"   missing={list(outcome.missing)} forbidden={list(outcome.forbidden)}")
            lines.append("   -> " + outcome.answer.strip()[:400].replace("\n", "\n      "))
    passed = sum(o.passed for o in outcomes)
    categories = ", ".join(f"{cat} {ok}/{n}" for cat, (ok, n) in sorted(by_category.items()))
    lines.append(
        f"{panel.name}: {passed}/{len(outcomes)} ({100 * passed / len(outcomes):.0f}%) — {categories}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=["tune", "heldout"], help="only this part of each panel")
    parser.add_argument("--panel", type=Path, action="append", help="only this panel file")
    parser.add_argument("-v", "--verbose", action="store_true", help="print each failing case")
    args = parser.parse_args()
    for panel in args.panel or panel_files(args.part):
        print(report(panel, run_cases(engine_for(panel), load_cases(panel)), args.verbose))


if __name__ == "__main__":
    main()
