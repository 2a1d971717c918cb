"""Taught answers' cost per question: the engine's answer alone, then with a server's taught
answers consulted as the bot consults them (`bot.core.taught.consult`) — for a server that
taught nothing, and for one at the 500-entry limit — side by side in one run.

python -m bench.taught            # prints the figures
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bench.engine import KNOWLEDGE, ROUNDS, _spread, panel_questions, pin_to_one_core
from bench.report import Figure
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.taught import MAX_ENTRIES, NO_LESSONS, Lessons, consult, lesson

Answer = Callable[[Engine, str], object]


def full_lessons() -> Lessons:
    """A server at the limit: 500 entries of two ways of asking each, none about the article."""
    now = datetime.now(UTC)
    return Lessons(
        tuple(
            lesson([f"where is channel number {n} for events", f"event room {n}"], "#events", 1, now)
            for n in range(MAX_ENTRIES)
        )
    )


def consulting(lessons: Lessons) -> Answer:
    def answer(engine: Engine, question: str) -> object:
        found = engine.respond(question)
        return consult(lessons, question, lambda: engine.confidence(question)) or found

    return answer


def alone(engine: Engine, question: str) -> object:
    return engine.respond(question)


def microseconds_per_question(kb: KnowledgeBase, questions: list[str], answer: Answer) -> float:
    """Each distinct question answered once from scratch (a new engine: empty caches)."""
    engine = Engine(kb)
    start = time.perf_counter()
    for question in questions:
        answer(engine, question)
    return (time.perf_counter() - start) / len(questions) * 1e6


def run() -> list[Figure]:
    pin_to_one_core()
    kb, questions = load_knowledge(KNOWLEDGE), panel_questions()
    variants = {
        "none": alone,
        "no taught answers": consulting(NO_LESSONS),
        "500 taught answers": consulting(full_lessons()),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(ROUNDS):  # alternating, so every variant sees the same machine
        for name, answer in variants.items():
            times[name].append(microseconds_per_question(kb, questions, answer))
    base = statistics.median(times["none"])
    figures = [
        Figure(
            "taught",
            f"per question, engine alone ({len(questions)} distinct panel questions)",
            base,
            "µs",
            spread=_spread(times["none"]),
        )
    ]
    for name, target in (("no taught answers", 1.05), ("500 taught answers", None)):
        ratio = statistics.median(times[name]) / base
        figures.append(
            Figure(
                "taught",
                f"per question, a server with {name} ÷ engine alone",
                ratio,
                "×",
                spread=_spread([t / base for t in times[name]], 1.0),
                target=f"≤ {target:.2f}× (no change)" if target else "",
                met=None if target is None else ratio <= target,
            )
        )
    return figures


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
