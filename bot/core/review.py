"""What `python -m bot check` warns about in a knowledge file that loads: things that are
valid but will answer worse than their author expects. A warning never stops the bot.

- A library or aspect name that general English reads as a cue ("stats", "data", "rank"):
  questions using it may be read as that cue instead.
- A keyword several entries claim (a question with it cannot tell them apart), or one too
  common in English to point at one fact ("company", "fast").
- An aspect without a row in the summary table.
- A rating word the shipped lexicon cannot rank (its rank is the file's own choice).
"""

from __future__ import annotations

from collections import defaultdict

from bot.core.draft import rank_of
from bot.core.index import cue_index
from bot.core.knowledge import Comparison
from bot.core.lexicon import english
from bot.core.text import normalise, stems
from bot.core.vocabulary import zipf

COMMON_KEYWORD = 5.0  # Zipf frequency from which a one-word keyword is everyday English ("fast")


def warnings(comparison: Comparison) -> list[str]:
    """Everything worth a second look in a comparison that loads, one line each."""
    found = [
        *_cue_names(comparison),
        *_keywords(comparison),
        *_missing_rows(comparison),
        *_unranked(comparison),
    ]
    return list(dict.fromkeys(found))


def _cue_names(comparison: Comparison) -> list[str]:
    cues = cue_index(english())
    found = []
    named = [("library", lib.name, lib.aliases) for lib in comparison.libraries]
    named += [("aspect", a.name, a.aliases) for a in comparison.aspects]
    for kind, name, aliases in named:
        for alias in dict.fromkeys((normalise(name), *aliases)):
            words = stems(alias)
            spans = cues.spans(words)
            if any(len(phrase) == len(words) for _, phrase, _ in spans):
                found.append(
                    f"{kind} {name!r}: {alias!r} is also a cue word of general English; "
                    "questions using it may be read as that cue — give it a more specific alias"
                )
    return found


def _keywords(comparison: Comparison) -> list[str]:
    """A keyword two facts of one library claim (a question with it cannot tell them apart),
    and a one-word keyword of everyday English, which points unrelated questions there."""
    found = []
    for lib in comparison.libraries:
        claimed: dict[str, list[str]] = defaultdict(list)
        for fact in lib.facts:
            for keyword in fact.keywords:
                claimed[normalise(keyword)].append(fact.topic)
        found += [
            f"keyword {keyword!r} is claimed by {len(topics)} facts of {lib.name}: {', '.join(topics)}"
            for keyword, topics in claimed.items()
            if len(topics) > 1
        ]
    hinted = [
        *(
            (f"{lib.name} — {entry.topic}", entry.keywords)
            for lib in comparison.libraries
            for entry in lib.facts
        ),
        *(
            (f"{lib.name} — {entry.title}", entry.keywords)
            for lib in comparison.libraries
            for entry in (*lib.pros, *lib.cons)
        ),
        *((f"when to choose {rec.library}", rec.keywords) for rec in comparison.conclusion.recommendations),
        *((f"statistic {item.metric}", item.keywords) for item in comparison.statistics.items),
    ]
    for owner, keywords in hinted:
        common = [k for k in keywords if " " not in k.strip() and zipf(normalise(k)) >= COMMON_KEYWORD]
        if common:
            found.append(
                f"{owner}: keyword(s) {', '.join(map(repr, common))} are everyday English: "
                "they point unrelated questions here — prefer phrases"
            )
    return found


def _missing_rows(comparison: Comparison) -> list[str]:
    tabled = {row.aspect for row in comparison.summary_table.rows}
    return [
        f"aspect {aspect.name!r} has no row in summary_table (compare shows its own ratings)"
        for aspect in comparison.aspects
        if aspect.key not in tabled
    ]


def _unranked(comparison: Comparison) -> list[str]:
    return [
        f"rating word {word!r} is not in the shipped lexicon: its rank ({rank}) is this file's own choice"
        for word, rank in comparison.rating_levels.items()
        if rank_of(word) is None
    ]
