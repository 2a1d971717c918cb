"""Engine benchmark: knowledge-base load time, answers/s on one core, p50/p99 latency,
understanding of distinct questions (one comparison and two), and conversation memory.

python -m bench.engine            # prints the figures
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from bench.corpus import build_corpus
from bench.report import Figure
from bot.core.conversation import Conversations
from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase, load_knowledge
from bot.core.render import to_text

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
PANELS = ROOT / "tests" / "data" / "panels"  # questions written blind, by people who never saw the code
SECOND_COMPARISON = ROOT / "tests" / "data" / "comparisons" / "postgresql-vs-mysql.yaml"
ROUNDS = 5
CONVERSATIONS = (10_000, 100_000)


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def indexed_engine(kb: KnowledgeBase) -> Engine:
    """A new engine with every index built — the passage index too, which a running bot builds
    once, on its first free-form question — and its caches empty."""
    engine = Engine(kb)
    for index in engine.indexes.values():
        _ = index.passages
    return engine


def measure_load(path: Path = KNOWLEDGE, repeats: int = 15) -> list[float]:
    """Seconds to load, validate and index the knowledge base (every index), once per repeat."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        indexed_engine(load_knowledge(path))
        times.append(time.perf_counter() - start)
    return times


def measure_answers(
    engine: Engine, corpus: list[str], rounds: int = ROUNDS
) -> tuple[list[float], list[float]]:
    """(answers/s per round, every answer's latency in seconds), text rendering included."""
    rates, latencies = [], []
    clock = time.perf_counter
    for _ in range(rounds):
        round_start = clock()
        for question in corpus:
            start = clock()
            to_text(engine.ask(question))
            latencies.append(clock() - start)
        rates.append(len(corpus) / (clock() - round_start))
    return rates, latencies


def measure_understanding(kb: KnowledgeBase, questions: list[str]) -> float:
    """Distinct questions understood per second, each read from scratch once."""
    return measure_reading(kb, list(dict.fromkeys(questions)))[0]


def panel_questions() -> list[str]:
    """Every distinct question of the blind panels on the shipped comparison."""
    questions = [
        str(case["q"])
        for panel in sorted(PANELS.glob("keras-vs-mxnet.*.yaml"))
        for case in yaml.safe_load(panel.read_text(encoding="utf-8"))
    ]
    return list(dict.fromkeys(questions))


def measure_reading(kb: KnowledgeBase, questions: list[str]) -> tuple[float, list[float]]:
    """(distinct questions understood per second, each one's seconds): a new engine (its
    indexes built, the one-off cost `measure_load` counts; its caches empty), each question
    read from scratch once."""
    engine = indexed_engine(kb)
    clock = time.perf_counter
    latencies = []
    start = clock()
    for question in questions:
        began = clock()
        engine.understand(question)
        latencies.append(clock() - began)
    return len(questions) / (clock() - start), latencies


def answer_lengths(engine: Engine, questions: list[str]) -> list[int]:
    """Characters of each answer as Discord shows it (markdown)."""
    return sorted(len(to_text(engine.ask(question))) for question in questions)


def two_comparisons() -> KnowledgeBase:
    """The shipped comparison and a second one sharing its aspect names, loaded together."""
    with tempfile.TemporaryDirectory() as folder:
        for path in (*KNOWLEDGE.glob("*.yaml"), SECOND_COMPARISON):
            shutil.copy(path, folder)
        return load_knowledge(folder)


def measure_conversations(engine: Engine, corpus: list[str]) -> list[float]:
    """MiB held by conversation memory after each count of distinct conversations."""
    conversations = Conversations()
    queries = [engine.understand(question) for question in corpus]
    held = []
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    done = 0
    for count in CONVERSATIONS:
        for key in range(done, count):
            conversations.remember(("channel", key), queries[key % len(queries)])
        done = count
        held.append((tracemalloc.get_traced_memory()[0] - base) / 2**20)
    tracemalloc.stop()
    return held


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run(path: Path = KNOWLEDGE, corpus_size: int = 1000) -> list[Figure]:
    pin_to_one_core()
    loads = measure_load(path)
    engine = Engine(load_knowledge(path))
    corpus = build_corpus(engine.kb, corpus_size)
    measure_answers(engine, corpus[:200], rounds=1)  # warm caches the way a running bot has them
    rates, latencies = measure_answers(engine, corpus)
    both = two_comparisons()
    one_rates, two_rates = [], []
    for _ in range(ROUNDS):  # alternating, so both see the same machine
        one_rates.append(measure_understanding(engine.kb, corpus))
        two_rates.append(measure_understanding(both, corpus))
    memory = measure_conversations(engine, corpus)
    panel = panel_questions()
    panel_rates, panel_latencies = [], []
    for _ in range(ROUNDS):
        rate, reading_latencies = measure_reading(engine.kb, panel)
        panel_rates.append(rate)
        panel_latencies += reading_latencies
    lengths = answer_lengths(engine, panel)
    return [
        Figure(
            "engine",
            "knowledge load + index",
            statistics.median(loads) * 1000,
            "ms",
            spread=_spread(loads, 1000),
            target="< 50 ms",
            met=statistics.median(loads) < 0.05,
        ),
        Figure(
            "engine",
            f"answers/s, 1 core ({len(corpus)} questions × {ROUNDS})",
            statistics.median(rates),
            "/s",
            spread=_spread(rates),
            target="≥ 10,000/s",
            met=statistics.median(rates) >= 10_000,
        ),
        Figure("engine", "answer latency p50", percentile(latencies, 50) * 1e6, "µs"),
        Figure(
            "engine",
            "answer latency p99",
            percentile(latencies, 99) * 1e6,
            "µs",
            target="< 1 ms",
            met=percentile(latencies, 99) < 0.001,
        ),
        _understanding(
            f"understanding, distinct questions/s ({len(set(corpus))} × {ROUNDS}, no cache)", one_rates
        ),
        _understanding(f"same, two comparisons loaded (ratio {_ratio(two_rates, one_rates):.2f})", two_rates),
        _understanding(
            f"understanding, blind-panel questions/s ({len(panel)} × {ROUNDS}, no cache)", panel_rates
        ),
        Figure(
            "engine",
            "understanding latency p99, blind-panel questions",
            percentile(panel_latencies, 99) * 1e6,
            "µs",
            target="< 1 ms",
            met=percentile(panel_latencies, 99) < 0.001,
        ),
        Figure(
            "engine",
            f"answer length median, blind-panel questions ({len(lengths)})",
            lengths[len(lengths) // 2],
            "chars",
            target="≤ 600",
            met=lengths[len(lengths) // 2] <= 600,
        ),
        *(
            Figure("engine", f"conversation memory after {count:,} conversations", held, "MiB")
            for count, held in zip(CONVERSATIONS, memory, strict=True)
        ),
    ]


def _understanding(label: str, rates: list[float]) -> Figure:
    """A rate of questions understood from scratch, against the target of 10,000 a second."""
    rate = statistics.median(rates)
    return Figure("engine", label, rate, "/s", spread=_spread(rates), target="≥ 10,000/s", met=rate >= 10_000)


def _ratio(these: list[float], those: list[float]) -> float:
    return statistics.median(these) / statistics.median(those)


def _spread(values: list[float], scale: float = 1.0) -> str:
    return f"{min(values) * scale:,.1f}–{max(values) * scale:,.1f}"


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
