"""A mixed corpus of questions, generated from the knowledge base: commands, typos,
free-form questions and off-topic ones, in a fixed pseudo-random order; and the slash
commands the end-to-end benchmarks run, in turn (`SLASH`)."""

from __future__ import annotations

import random

from bot.core.knowledge import KnowledgeBase

FREE_FORM = (
    "which is better for {rec}?",
    "what should I use for {rec}",
    "how does {lib} do on {aspect}?",
    "{lib} {aspect} rating",
    "what are the pros of {lib}",
    "what are the weaknesses of {lib}?",
    "how popular is {lib}",
    "tell me about {lib}",
    "is {lib} good at {aspect}",
    "which has better {aspect}, {lib} or {other}?",
    "conclusion?",
    "stats please",
    "{fact} {lib}?",
)
SLASH: tuple[tuple[str, dict[str, str]], ...] = (  # (command, options)
    ("compare", {"aspect": "performance"}),
    ("pros", {"library": "mxnet"}),
    ("stats", {}),
    ("ask", {"question": "which is easier to learn?"}),
    ("cons", {"library": "keras"}),
)
OFF_TOPIC = (
    "what is the capital of France",
    "how do I bake sourdough bread?",
    "who won the world cup",
    "recommend a good movie",
    "what's the weather tomorrow",
    "pros of pineapple on pizza",
)


def typo(word: str, rng: random.Random) -> str:
    """Drop, double or swap one letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return rng.choice(
        [
            word[:i] + word[i + 1 :],
            word[:i] + word[i] + word[i:],
            word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        ]
    )


def build_corpus(kb: KnowledgeBase, size: int = 1000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    comparison = kb.default
    libs = [lib.name for lib in comparison.libraries]
    aspects = [a.name.lower() for a in comparison.aspects] + [
        alias for a in comparison.aspects for alias in a.aliases[:3]
    ]
    recs = [kw for r in comparison.conclusion.recommendations for kw in r.keywords]
    facts = [kw for lib in comparison.libraries for f in lib.facts for kw in f.keywords[:2]]
    corpus: list[str] = []
    while len(corpus) < size:
        lib, other = rng.sample(libs, 2)
        aspect = rng.choice(aspects)
        roll = rng.random()
        if roll < 0.3:
            command = rng.choice(["compare", "pros", "cons", "about"])
            argument = aspect if command == "compare" else lib
            corpus.append(f"{rng.choice(['!', '/', ''])}{command} {argument}")
        elif roll < 0.45:
            command = rng.choice(["compare", "pros", "cons"])
            argument = typo(aspect if command == "compare" else lib.lower(), rng)
            corpus.append(f"!{command} {argument}")
        elif roll < 0.9:
            template = rng.choice(FREE_FORM)
            corpus.append(
                template.format(
                    lib=lib, other=other, aspect=aspect, rec=rng.choice(recs), fact=rng.choice(facts)
                )
            )
        else:
            corpus.append(rng.choice(OFF_TOPIC))
    return corpus
