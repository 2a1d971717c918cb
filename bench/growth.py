"""Growth benchmark: how engine latency, load time and memory grow with the knowledge base.

Synthetic comparisons multiply the shipped one's aliases and facts by 1×, 10× and 100×
(made-up words, so they add matching work without changing what the corpus asks).

    python -m bench.growth
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from bench.corpus import build_corpus
from bench.engine import KNOWLEDGE, measure_answers, percentile, pin_to_one_core
from bench.report import Figure
from bot.core.engine import Engine
from bot.core.knowledge import load_knowledge

FACTORS = (1, 10, 100)
SYLLABLES = ("ka", "zu", "mi", "tro", "vel", "qui", "dax", "po", "ren", "sol", "ty", "gra")


def made_up_word(rng: random.Random, taken: set[str]) -> str:
    while True:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))
        if word not in taken:
            taken.add(word)
            return word


def grown(data: dict, factor: int, seed: int = 3) -> dict:
    """The comparison with `factor` × its aliases and facts (the extra ones made up)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    for entity in (*data["libraries"], *data["aspects"]):
        extra = len(entity["aliases"]) * (factor - 1)
        entity["aliases"] = entity["aliases"] + [made_up_word(rng, taken) for _ in range(extra)]
    for library in data["libraries"]:
        facts = library["facts"]
        library["facts"] = facts + [
            {
                "topic": f"Topic {i}",
                "section": "Synthetic",
                "text": f"Synthetic fact {i}.",
                "keywords": [made_up_word(rng, taken) for _ in range(4)],
            }
            for i in range(len(facts) * (factor - 1))
        ]
    return data


def measure(path: Path) -> tuple[float, float, float, float]:
    """(load seconds, p50 s, p99 s, engine MiB) for the knowledge at `path`."""
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        Engine(load_knowledge(path))
        loads.append(time.perf_counter() - start)
    tracemalloc.start()
    engine = Engine(load_knowledge(path))
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    _, latencies = measure_answers(engine, build_corpus(engine.kb, 1000), rounds=2)
    return statistics.median(loads), percentile(latencies, 50), percentile(latencies, 99), size / 2**20


def run() -> list[Figure]:
    pin_to_one_core()
    base = yaml.safe_load((KNOWLEDGE / "keras-vs-mxnet.yaml").read_text())
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        for factor in FACTORS:
            path = Path(folder) / f"x{factor}.yaml"
            path.write_text(yaml.safe_dump(grown(yaml.safe_load(yaml.safe_dump(base)), factor)))
            load, p50, p99, mib = measure(path)
            figures += [
                Figure("growth", f"{factor}× aliases/facts: load + index", load * 1000, "ms"),
                Figure("growth", f"{factor}× aliases/facts: latency p50", p50 * 1e6, "µs"),
                Figure(
                    "growth",
                    f"{factor}× aliases/facts: latency p99",
                    p99 * 1e6,
                    "µs",
                    target="< 5 ms" if factor == 100 else "",
                    met=p99 < 0.005 if factor == 100 else None,
                ),
                Figure("growth", f"{factor}× aliases/facts: engine memory", mib, "MiB"),
            ]
    return figures


if __name__ == "__main__":
    from bench.report import print_table

    print_table(run())
