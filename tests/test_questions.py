"""Each comparison's regression questions, written from its source: every answer must carry
the facts asked for and nothing it must not.

Every set in `tests/data/questions/` runs twice, with the server's comparison set to its
own: against its comparison alone, and in the folder of every fixture comparison, whose
aspects share names and keys. A comparison must answer as well beside others as alone.
Direct cases then check how that folder picks the comparison: a library named wins, typos
in a shared aspect still resolve, and with nothing named the default comparison answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.answer import Answer, AnswerKind
from bot.core.knowledge import Aspect, Comparison, Library
from bot.core.query import ANYWHERE, Scope
from bot.core.render import to_text
from tests.conftest import FIXTURE_DIR, QUESTIONS_DIR, engine_over

ALONE, TOGETHER = "alone", "together"


@dataclass(frozen=True)
class Suite:
    """One comparison's regression questions (`questions/X.yaml` asks `comparisons/X.yaml`)."""

    questions: Path

    @property
    def name(self) -> str:
        return self.questions.stem

    @property
    def comparison_file(self) -> Path:
        return FIXTURE_DIR / self.questions.name

    @property
    def cases(self) -> list[dict[str, Any]]:
        return yaml.safe_load(self.questions.read_text(encoding="utf-8"))

    def knowledge(self, setting: str) -> Path:
        """What the engine loads: the comparison alone, or every fixture comparison."""
        return self.comparison_file if setting == ALONE else FIXTURE_DIR

    def scope(self) -> Scope:
        """A server whose comparison setting is this suite's comparison."""
        return Scope(server_comparison=engine_over(self.comparison_file).kb.default.id)


SUITES = [Suite(path) for path in sorted(QUESTIONS_DIR.glob("*.yaml"))]
CASES = [
    pytest.param(suite, setting, case, id=f"{suite.name}-{setting}-{case['id']}")
    for suite in SUITES
    for setting in (ALONE, TOGETHER)
    for case in suite.cases
]


def plain(answer: Answer) -> str:
    return to_text(answer, markdown=False).lower()


@pytest.mark.parametrize(("suite", "setting", "case"), CASES)
def test_answer_has_what_was_asked(suite: Suite, setting: str, case: dict[str, Any]) -> None:
    answer = plain(engine_over(suite.knowledge(setting)).ask(case["q"], scope=suite.scope()))
    for item in case.get("must", []):
        alternatives = item if isinstance(item, list) else [item]
        assert any(a.lower() in answer for a in alternatives), (case["q"], alternatives, answer[:300])
    for forbidden in case.get("must_not", []):
        assert forbidden.lower() not in answer, (case["q"], forbidden, answer[:300])


@pytest.mark.parametrize("suite", SUITES, ids=lambda suite: suite.name)
def test_question_files_are_well_formed(suite: Suite) -> None:
    """A typo in a question file must not turn a check into one that always passes: each
    case has an id, a question and at least one check, and every check is plain text (an
    unquoted `a: b` in YAML would be a mapping that no answer contains)."""
    assert suite.comparison_file.is_file(), f"{suite.questions.name} asks no fixture comparison"
    ids = [case["id"] for case in suite.cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in suite.cases:
        assert set(case) <= {"id", "q", "must", "must_not"} and isinstance(case["q"], str), case
        assert case.get("must") or case.get("must_not"), case
        checks = [*case.get("must", []), *case.get("must_not", [])]
        texts = [a for item in checks for a in (item if isinstance(item, list) else [item])]
        assert all(isinstance(text, str) and text for text in texts), case


def test_every_fixture_comparison_has_questions() -> None:
    assert {s.comparison_file for s in SUITES} == set(FIXTURE_DIR.glob("*.yaml"))


# Several comparisons in one folder -----------------------------------------------------------

TOGETHER_ENGINE = engine_over(FIXTURE_DIR)
COMPARISONS = TOGETHER_ENGINE.kb.comparisons
DEFAULT = TOGETHER_ENGINE.kb.default
SHARED_ASPECTS = sorted(set.intersection(*({a.key for a in c.aspects} for c in COMPARISONS)))
LIBRARIES = [(c, lib) for c in COMPARISONS for lib in c.libraries]
IN_EACH = [(c, c.aspect(key)) for c in COMPARISONS for key in SHARED_ASPECTS]


def test_the_fixture_folder_shares_aspects_but_not_libraries() -> None:
    assert len(COMPARISONS) >= 2 and len(SHARED_ASPECTS) >= 3
    names = [n for _, lib in LIBRARIES for n in {lib.key, lib.name.lower(), *lib.aliases}]
    assert len(names) == len(set(names)), "a library alias is claimed by two comparisons"


def param_id(value: object) -> str:
    """A test id from a comparison (its id), a library or an aspect (its key)."""
    return value.id if isinstance(value, Comparison) else getattr(value, "key", str(value))


def scopes_elsewhere(comparison: Comparison) -> list[Scope]:
    """No comparison chosen, and every server comparison other than `comparison`."""
    return [ANYWHERE] + [Scope(server_comparison=c.id) for c in COMPARISONS if c is not comparison]


def answered_from(answer: Answer, comparison: Comparison) -> bool:
    return answer.source is not None and answer.source.startswith(comparison.title)


def ratings(answer: Answer) -> list[str]:
    return [f.rating.text for f in answer.fields if f.rating]


def with_typo(name: str) -> str:
    """The name with its middle letter dropped: "performance" → "perfomance"."""
    middle = len(name) // 2
    return name[:middle] + name[middle + 1 :]


@pytest.mark.parametrize(("comparison", "library"), LIBRARIES, ids=param_id)
def test_naming_a_library_answers_from_its_comparison(comparison: Comparison, library: Library) -> None:
    for scope in scopes_elsewhere(comparison):
        for question in (f"!pros {library.name}", f"what are the advantages of {library.name}?"):
            answer = TOGETHER_ENGINE.ask(question, scope=scope)
            assert answered_from(answer, comparison), (question, scope, answer.title)
            assert all(item.title in to_text(answer) for item in library.pros), (question, scope)


@pytest.mark.parametrize(("comparison", "aspect"), IN_EACH, ids=param_id)
def test_naming_both_libraries_picks_their_comparison_for_a_shared_aspect(
    comparison: Comparison, aspect: Aspect
) -> None:
    first, second = comparison.libraries[:2]
    question = f"how do {first.name} and {second.name} compare on {aspect.name.lower()}?"
    for scope in scopes_elsewhere(comparison):
        answer = TOGETHER_ENGINE.ask(question, scope=scope)
        assert answered_from(answer, comparison), (question, scope, answer.title)
        assert ratings(answer) == [aspect.ratings[lib.key] for lib in comparison.libraries]


@pytest.mark.parametrize(("comparison", "aspect"), IN_EACH, ids=param_id)
def test_a_typo_in_a_shared_aspect_resolves_in_the_servers_comparison(
    comparison: Comparison, aspect: Aspect
) -> None:
    question = f"!compare {with_typo(aspect.name.lower())}"
    answer = TOGETHER_ENGINE.ask(question, scope=Scope(server_comparison=comparison.id))
    assert answer.kind is AnswerKind.COMPARISON, (question, to_text(answer)[:200])
    assert answered_from(answer, comparison)
    assert ratings(answer) == [aspect.ratings[lib.key] for lib in comparison.libraries]


@pytest.mark.parametrize("aspect", [DEFAULT.aspect(key) for key in SHARED_ASPECTS], ids=lambda a: a.key)
def test_with_nothing_named_the_default_comparison_answers(aspect: Aspect) -> None:
    for question in (f"!compare {aspect.name}", f"!compare {with_typo(aspect.name.lower())}"):
        answer = TOGETHER_ENGINE.ask(question)
        assert answered_from(answer, DEFAULT), (question, to_text(answer)[:200])
        assert ratings(answer) == [aspect.ratings[lib.key] for lib in DEFAULT.libraries]
    for question in ("!stats", "!pros", "what's the verdict?"):
        assert answered_from(TOGETHER_ENGINE.ask(question), DEFAULT), question


MEDIAN_LIMIT = 600  # characters: an answer is a reply in a chat, not a page


@pytest.mark.parametrize("suite", SUITES, ids=lambda suite: suite.name)
@pytest.mark.parametrize("markdown", [True, False], ids=["discord", "terminal"])
def test_answers_stay_short(suite: Suite, markdown: bool) -> None:
    engine = engine_over(suite.comparison_file)
    lengths = sorted(len(to_text(engine.ask(case["q"]), markdown=markdown)) for case in suite.cases)
    assert lengths[len(lengths) // 2] < MEDIAN_LIMIT, lengths
    assert lengths[-1] <= 2000
