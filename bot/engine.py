"""The answer engine: user text → `Query` → `Answer`. Pure Python, no Discord.

`understand()` reads a command (`compare speed`, `!pros mxnt`) or a free-form question and
produces a `Query`: what is asked (the intent) and about which libraries, aspects, facts.
`answer()` turns a `Query` into an `Answer` built only from the knowledge base. Nothing here
knows any library or aspect by name: the only vocabulary in code is generic English (how
people ask for pros, statistics, a recommendation, …).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from bot.answer import Answer, AnswerKind, Field, Rating, echo, make_answer
from bot.knowledge import Aspect, Comparison, Fact, Item, KnowledgeBase, Library
from bot.matching import Entity, EntityKind, Matcher, Resolution
from bot.text import PhraseIndex, normalise, stem

MAX_INPUT = 2000  # longer input is cut before analysis: no question needs more
ANSWER_CACHE_SIZE = 4096


class Intent(StrEnum):
    COMPARE = "compare"
    PROS = "pros"
    CONS = "cons"
    ABOUT = "about"
    STATS = "stats"
    HELP = "help"
    FACT = "fact"
    RECOMMEND = "recommend"
    CONCLUSION = "conclusion"
    UNKNOWN = "unknown"  # the user named something the knowledge base does not have
    OFF_TOPIC = "off_topic"


COMMANDS: dict[str, Intent] = {
    "compare": Intent.COMPARE,
    "pros": Intent.PROS,
    "cons": Intent.CONS,
    "about": Intent.ABOUT,
    "stats": Intent.STATS,
    "help": Intent.HELP,
}
COMMAND_PREFIXES = ("!", "/")
CONNECTIVES = ("vs", "versus", "v", "against", "compared")


class Cue(StrEnum):
    """Generic ways of asking; found by phrase in the question."""

    PROS = "pros"
    CONS = "cons"
    STATS = "stats"
    CONCLUSION = "conclusion"
    TABLE = "table"
    RECOMMEND = "recommend"
    RATING = "rating"
    ABOUT = "about"
    HELP = "help"


# Comma-separated phrases per cue, matched after stemming ("advantages" finds "advantage").
CUE_PHRASES: dict[Cue, str] = {
    Cue.PROS: (
        "pro, pros, advantage, strength, strong point, strong suit, benefit, upside, good at, "
        "good about, great about, attractive, appeal, appealing, why use, why choose, why "
        "would, plus, like about, love about, selling point, merit, best thing, positive, "
        "positives, shine, excel, people like, why do people like, what do people like, love"
    ),
    Cue.CONS: (
        "con, cons, disadvantage, weakness, weak point, weak spot, drawback, downside, "
        "limitation, limited, problem, issue, hard, harder, hardest, difficult, difficulty, "
        "bad, worse, worst, negative, negatives, pitfall, challenge, challenging, minus, "
        "shortcoming, complaint, annoying, pain, struggle, gotcha, flaw, lack, lacking, bad "
        "at, not good, caveat, risk, tricky, painful, why not"
    ),
    Cue.STATS: (
        "stat, stats, statistic, statistics, number, numbers, figure, figures, popular, "
        "popularity, star, stars, github, adoption, adopted, survey, usage, share, market "
        "share, how many, how widely, widely used, percent, percentage, download, downloads, "
        "user base, how much used, metric, metrics, data"
    ),
    Cue.CONCLUSION: (
        "conclusion, conclude, verdict, summary, summarize, summarise, sum up, bottom line, "
        "overall, tldr, tl dr, final, takeaway, in short, wrap up"
    ),
    Cue.RECOMMEND: (
        "should, recommend, recommendation, choose, choice, pick, prefer, better for, best "
        "for, good for, better choice, best choice, go with, suit, suited, suitable, fit, use "
        "for, when to use, when use, switch, opt, for a, for my, for me, for our, for an, i "
        "want, i need, we need, we want, ideal, right one, which one, advice, advise, decide, "
        "worth, best library, which library, what library, best framework, which framework, "
        "what framework, better library, better framework, what is the best, which is the best, "
        "what is best, which is best, suggest, suggestion, what would you use, what do you use"
    ),
    Cue.TABLE: (
        "table, summary table, ratings table, rating table, all ratings, all the ratings, every "
        "rating, every aspect, all aspects, scorecard, score card, side by side, at a glance"
    ),
    Cue.RATING: (
        "rating, ratings, rated, rate, score, scored, rank, ranked, compare, comparison, "
        "compared, vs, versus, difference, differ, better, best, which, who win, winner, "
        "stack up, how good, more, less, against"
    ),
    Cue.ABOUT: (
        "about, tell me, what is, what are, overview, describe, explain, introduce, "
        "introduction, info, information, who is"
    ),
    Cue.HELP: (
        "help, what can you do, what can i ask, command, commands, usage help, how do i use "
        "you, how to use you"
    ),
}

# Words that carry no topic; anything else unexplained marks a question as off-topic.
_STOPWORD_TEXT = """
a an the and or but if then than so to of in on at by for with without from into onto
about as is are was were be been being am do does did doing done have has had having can
could would will shall may might must need i me my mine we us our you your yours it its
they them their this that these those there here what which who whom whose when where why
how any some all both each either neither one ones other another such no not nor only own
same too very just also really quite please thanks thank hi hello hey ok okay yes yeah
tell give show let know think want like get got use used using make makes made more most
less least much many lot lots well good better best really actually currently today now
thing things stuff kind sort way between among over under library libraries framework
frameworks tool tools deep learning neural network networks model models project projects
developer developers people someone anyone im ive id youre dont doesnt isnt whats hows
whos its s t bit little big new
"""
STOPWORDS = frozenset(stem(word) for word in _STOPWORD_TEXT.split())


@dataclass(frozen=True)
class Query:
    """What the user asked, resolved against the knowledge base."""

    intent: Intent
    comparison: str
    text: str = ""
    libraries: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    items: tuple[tuple[str, Item], ...] = ()  # (library key, pro/con) matched by a question
    recommended: str | None = None
    metrics: tuple[str, ...] = ()  # statistics asked about; empty = all
    unknown: str | None = None  # the user's words that named nothing we know
    unknown_kind: EntityKind | None = None
    suggestions: tuple[str, ...] = ()
    fact_elsewhere: bool = False  # the fact asked about exists only for another library


@dataclass
class _Vocabulary:
    """Per-comparison phrase indexes, built once at start-up."""

    facts: PhraseIndex = field(default_factory=PhraseIndex)
    items: PhraseIndex = field(default_factory=PhraseIndex)
    recommendations: PhraseIndex = field(default_factory=PhraseIndex)
    statistics: PhraseIndex = field(default_factory=PhraseIndex)
    known_words: set[str] = field(default_factory=set)


class Engine:
    """Answers questions from one knowledge base. Thread-safe: it never mutates after init."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(kb)
        self._cues = PhraseIndex()
        for cue, phrases in CUE_PHRASES.items():
            for phrase in phrases.split(","):
                self._cues.add(phrase, cue)
        self._vocab = {c.id: self._index(c) for c in kb.comparisons}
        # Answers are immutable and a knowledge base has few distinct ones: keep them.
        self._compose = lru_cache(maxsize=ANSWER_CACHE_SIZE)(self._compose_uncached)
        self._filler_stems = frozenset(STOPWORDS | self._cues.vocabulary() | {stem(w) for w in CONNECTIVES})
        # Correctly spelled words are never taken for a typo of a name.
        self._real_words = frozenset(
            {*_STOPWORD_TEXT.split(), *normalise(" ".join(CUE_PHRASES.values())).split()}
            | {word for c in kb.comparisons for word in _raw_words_of(c)}
        )
        self._alias_words = frozenset(
            word
            for comparison in kb.comparisons
            for entity in (*comparison.libraries, *comparison.aspects)
            for spelling in (entity.key, entity.name, *entity.aliases)
            for word in normalise(spelling).split()
        )

    # Public API ------------------------------------------------------------------------------

    def ask(self, text: str, *, default_library: str | None = None) -> Answer:
        """Answer a command or a free-form question, exactly as every front end does."""
        return self.answer(self.understand(text), default_library=default_library)

    def run(self, command: str, argument: str | None = None, *, default_library: str | None = None) -> Answer:
        """Answer a command whose name and argument a front end has already parsed."""
        return self.answer(
            self.understand_command(COMMANDS[command], argument or ""),
            default_library=default_library,
        )

    def understand(self, text: str) -> Query:
        text = text[:MAX_INPUT].strip()
        words = normalise(text).split()
        first = text.split(maxsplit=1)[0].lstrip("".join(COMMAND_PREFIXES)).lower() if text else ""
        if not words:
            return Query(Intent.HELP, self.kb.default.id, text)
        if first in COMMANDS:
            return self.understand_command(COMMANDS[first], text.split(maxsplit=1)[1] if " " in text else "")
        if first == "ask":
            return self.understand(text.split(maxsplit=1)[1] if " " in text else "")
        return self._understand_question(text, tuple(words))

    def understand_command(self, intent: Intent, argument: str) -> Query:
        argument = argument[:MAX_INPUT].strip()
        if intent is Intent.COMPARE:
            return self._with_argument(intent, argument, EntityKind.ASPECT)
        if intent in {Intent.PROS, Intent.CONS, Intent.ABOUT, Intent.STATS}:
            return self._with_argument(intent, argument, EntityKind.LIBRARY)
        return Query(intent, self.kb.default.id, argument)

    def answer(self, query: Query, *, default_library: str | None = None) -> Answer:
        comparison = self.kb.comparison(query.comparison)
        libraries = query.libraries
        if (
            not libraries
            and default_library in {lib.key for lib in comparison.libraries}
            and query.intent in {Intent.PROS, Intent.CONS, Intent.ABOUT}
        ):
            libraries = (default_library,)
        # The answer depends on the resolved query only, never on the wording.
        return self._compose(replace(query, text=""), libraries)

    def _compose_uncached(self, query: Query, libraries: tuple[str, ...]) -> Answer:
        return _Composer(self.kb.comparison(query.comparison)).compose(query, libraries)

    # Commands --------------------------------------------------------------------------------

    def _with_argument(self, intent: Intent, argument: str, kind: EntityKind) -> Query:
        default = self.kb.default.id
        if not normalise(argument):
            return Query(intent, default, argument)
        resolution = self.matcher.resolve(argument, kind)
        if resolution.entity is None and not resolution.ambiguous:
            resolution = self._resolve_in_sentence(argument, kind) or resolution
        if resolution.entity is None:
            if self._names_nothing_else(argument):
                return Query(intent, default, argument)
            return Query(
                Intent.UNKNOWN,
                default,
                argument,
                unknown=argument,
                unknown_kind=kind,
                suggestions=tuple(e.name for e in resolution.suggestions),
            )
        entity = resolution.entity
        if kind is EntityKind.ASPECT:
            libraries = tuple(
                e.key
                for e in self._mentions(argument)
                if e.kind is EntityKind.LIBRARY and e.comparison == entity.comparison
            )
            return Query(intent, entity.comparison, argument, libraries=libraries, aspects=(entity.key,))
        return Query(intent, entity.comparison, argument, libraries=(entity.key,))

    def _resolve_in_sentence(self, argument: str, kind: EntityKind) -> Resolution | None:
        """`compare keras and mxnet on speed` → the one aspect the sentence names, if just one."""
        named = [e for e in self._mentions(argument) if e.kind is kind]
        return Resolution(named[0]) if len(named) == 1 else None

    def _names_nothing_else(self, argument: str) -> bool:
        """An argument of filler and names only: `stats please`, `compare keras vs mxnet`."""
        return all(
            stem(word) in self._filler_stems or word in self._alias_words
            for word in normalise(argument).split()
        )

    def _mentions(self, text: str) -> tuple[Entity, ...]:
        return self.matcher.mentions(tuple(normalise(text).split()), self._real_words)

    # Free-form questions ---------------------------------------------------------------------

    def _understand_question(self, text: str, words: tuple[str, ...]) -> Query:
        mentioned = self.matcher.mentions(words, self._real_words)
        comparison = self._pick_comparison(mentioned)
        vocab = self._vocab[comparison.id]
        stemmed = tuple(stem(w) for w in words)
        libraries = tuple(
            e.key for e in mentioned if e.kind is EntityKind.LIBRARY and e.comparison == comparison.id
        )
        aspects = tuple(
            e.key for e in mentioned if e.kind is EntityKind.ASPECT and e.comparison == comparison.id
        )
        cues = Counter(cue for cue, _ in self._cues.find(stemmed))
        base = Query(Intent.OFF_TOPIC, comparison.id, text, libraries=libraries, aspects=aspects)

        recommended = self._recommendation(vocab, stemmed, cues, libraries)
        if recommended is not None:
            return replace(base, intent=Intent.RECOMMEND, recommended=recommended or None)
        if cues[Cue.PROS] or cues[Cue.CONS]:
            intent = Intent.CONS if cues[Cue.CONS] > cues[Cue.PROS] else Intent.PROS
            return self._needs_library(base, intent, stemmed, vocab)
        facts, elsewhere = self._facts(vocab, stemmed, libraries)
        stats = [stat for stat, _ in vocab.statistics.find(stemmed)]
        if cues[Cue.STATS] and len(stats) >= _score(facts):
            metrics = tuple(dict.fromkeys(stat.metric for stat in stats))
            return self._needs_library(replace(base, metrics=metrics), Intent.STATS, stemmed, vocab)
        if cues[Cue.TABLE] and not aspects:
            return replace(base, intent=Intent.COMPARE)
        if cues[Cue.CONCLUSION]:
            return replace(base, intent=Intent.CONCLUSION)
        if aspects and (cues[Cue.RATING] or not facts):
            return replace(base, intent=Intent.COMPARE)
        if facts:
            unknown = self._unknown_words(stemmed, vocab) if not libraries else []
            return replace(
                base,
                intent=Intent.FACT,
                facts=tuple(f for f, _ in facts[:1]),
                fact_elsewhere=elsewhere,
                unknown=" ".join(unknown) or None,  # `tensorflow vs pytorch`: say what we don't know
            )
        items = self._items(vocab, stemmed, libraries)
        if items:
            return replace(base, intent=Intent.FACT, items=items)
        if cues[Cue.HELP] and not libraries:
            return replace(base, intent=Intent.HELP)
        if cues[Cue.RECOMMEND] and not self._unknown_words(stemmed, vocab):
            return replace(base, intent=Intent.CONCLUSION)
        if len(libraries) > 1:
            return replace(base, intent=Intent.COMPARE)
        if libraries:
            return replace(base, intent=Intent.ABOUT)
        if cues[Cue.RATING] and not self._unknown_words(stemmed, vocab):
            return replace(base, intent=Intent.COMPARE)
        return base

    def _pick_comparison(self, mentioned: tuple[Entity, ...]) -> Comparison:
        for kind in (EntityKind.LIBRARY, EntityKind.ASPECT):
            ids = [e.comparison for e in mentioned if e.kind is kind]
            if ids:
                return self.kb.comparison(Counter(ids).most_common(1)[0][0])
        return self.kb.default

    def _recommendation(
        self,
        vocab: _Vocabulary,
        stemmed: tuple[str, ...],
        cues: Counter,
        libraries: tuple[str, ...],
    ) -> str | None:
        """The library the article recommends for the situation described; '' for a tie.

        None when the question is not asking for a choice or names no situation we know.
        """
        asks_choice = cues[Cue.RECOMMEND] or cues[Cue.RATING] or len(libraries) > 1 or "or" in stemmed
        if not asks_choice:
            return None
        votes: Counter = Counter()
        for library, phrase in vocab.recommendations.find(stemmed):
            if not STOPWORDS.issuperset(phrase):  # "learn" in "deep learning" is no situation
                votes[library] += len(phrase)
        if not votes:
            return None
        ranked = votes.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return ""
        return ranked[0][0]

    def _facts(
        self, vocab: _Vocabulary, stemmed: tuple[str, ...], libraries: tuple[str, ...]
    ) -> tuple[list[tuple[Fact, int]], bool]:
        """Facts whose keywords the question uses, best first; and whether they belong only
        to a library the user did not ask about."""
        scores: Counter = Counter()
        for fact, phrase in vocab.facts.find(stemmed):
            # "who", "made": filler words point at a fact only in a question naming a library.
            if libraries or not STOPWORDS.issuperset(phrase):
                scores[fact] += len(phrase)
        ranked = sorted(scores.items(), key=lambda pair: -pair[1])
        if not libraries:
            return ranked, False
        own = [(f, s) for f, s in ranked if f.library in libraries]
        if own:
            return own, False
        return ranked, bool(ranked)

    def _items(
        self, vocab: _Vocabulary, stemmed: tuple[str, ...], libraries: tuple[str, ...]
    ) -> tuple[tuple[str, Item], ...]:
        scores: Counter = Counter()
        for entry, phrase in vocab.items.find(stemmed):
            if entry[0] in libraries or (not libraries and not STOPWORDS.issuperset(phrase)):
                scores[entry] += len(phrase)
        if not scores:
            return ()
        best = max(scores.values())
        return tuple(entry for entry, score in scores.items() if score == best)

    def _needs_library(
        self, base: Query, intent: Intent, stemmed: tuple[str, ...], vocab: _Vocabulary
    ) -> Query:
        """Pros, cons and statistics about a library we do not know are honestly refused."""
        unknown = self._unknown_words(stemmed, vocab)
        if not base.libraries and unknown:
            comparison = self.kb.comparison(base.comparison)
            return replace(
                base,
                intent=Intent.UNKNOWN,
                unknown=" ".join(unknown),
                unknown_kind=EntityKind.LIBRARY,
                suggestions=tuple(lib.name for lib in comparison.libraries),
            )
        return replace(base, intent=intent)

    def _unknown_words(self, stemmed: tuple[str, ...], vocab: _Vocabulary) -> list[str]:
        return [
            w
            for w in stemmed
            if w not in vocab.known_words and w not in self._filler_stems and not w.isdigit()
        ]

    def _index(self, comparison: Comparison) -> _Vocabulary:
        vocab = _Vocabulary()
        for lib in comparison.libraries:
            for fact in lib.facts:
                for keyword in fact.keywords:
                    vocab.facts.add(keyword, fact)
            for item in (*lib.pros, *lib.cons):
                for keyword in item.keywords:
                    vocab.items.add(keyword, (lib.key, item))
        for rec in comparison.conclusion.recommendations:
            for keyword in rec.keywords:
                vocab.recommendations.add(keyword, rec.library)
        for stat in comparison.statistics.items:
            for keyword in stat.keywords:
                vocab.statistics.add(keyword, stat)
        vocab.known_words = _words_of(comparison)
        return vocab


def _words_of(comparison: Comparison) -> set[str]:
    """Every stemmed word the comparison's names, aliases, keywords and texts use."""
    return {stem(word) for word in _raw_words_of(comparison)}


def _raw_words_of(comparison: Comparison) -> set[str]:
    """Every normalised word the comparison's names, aliases, keywords and texts use."""
    texts = [comparison.title, comparison.introduction, comparison.conclusion.text]
    for lib in comparison.libraries:
        texts += [lib.name, *lib.aliases, lib.overview]
        texts += [f.text for f in lib.facts] + [i.title for i in (*lib.pros, *lib.cons)]
    for asp in comparison.aspects:
        texts += [asp.name, *asp.aliases, asp.text, *asp.details.values()]
    for lib in comparison.libraries:
        texts += [kw for entry in (*lib.facts, *lib.pros, *lib.cons) for kw in entry.keywords]
    texts += [kw for rec in comparison.conclusion.recommendations for kw in rec.keywords]
    texts += [kw for stat in comparison.statistics.items for kw in stat.keywords]
    return {word for text in texts for word in normalise(text).split()}


def _score(facts: list[tuple[Fact, int]]) -> int:
    return facts[0][1] if facts else 0


# --- Composing answers ----------------------------------------------------------------------


class _Composer:
    """Builds the Answer for a Query from one comparison's data."""

    def __init__(self, comparison: Comparison) -> None:
        self.c = comparison

    def compose(self, query: Query, libraries: tuple[str, ...]) -> Answer:
        libs = tuple(self.c.library(k) for k in libraries) or self.c.libraries
        match query.intent:
            case Intent.COMPARE if query.aspects:
                return self.aspect(
                    self.c.aspect(query.aspects[0]), tuple(self.c.library(k) for k in libraries)
                )
            case Intent.COMPARE:
                return self.overview()
            case Intent.PROS | Intent.CONS:
                return self.pros_cons(query.intent, libs)
            case Intent.ABOUT:
                return self.about(libs)
            case Intent.STATS:
                return self.stats(libs, query.metrics)
            case Intent.RECOMMEND:
                return self.recommendation(query)
            case Intent.CONCLUSION:
                return self.conclusion()
            case Intent.FACT if query.facts:
                return self.fact(query.facts[0], libs if query.fact_elsewhere else (), query.unknown)
            case Intent.FACT:
                return self.items(query.items)
            case Intent.UNKNOWN:
                return self.unknown(query)
            case Intent.OFF_TOPIC:
                return self.off_topic()
            case _:
                return self.help()

    # Helpers --------------------------------------------------------------------------------

    def source(self, section: str) -> str:
        return f"{self.c.title} — {section}"

    def names(self, libraries: tuple[Library, ...] | None = None) -> str:
        names = [lib.name for lib in (libraries or self.c.libraries)]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def rating(self, aspect: Aspect, library: Library) -> Rating:
        text = aspect.ratings[library.key]
        return Rating(text, self.c.rating_levels[text], self.c.max_level)

    def later_notes(self, libraries: tuple[Library, ...]) -> tuple[str, ...]:
        keys = {lib.key for lib in libraries}
        return tuple(
            f"Not from the article ({note.date}): {note.text} Source: {note.source}"
            for note in self.c.later_notes
            if note.library is None or note.library in keys
        )

    def verdict(self, aspect: Aspect) -> str:
        """Which library the article rates higher on `aspect`, as printed."""
        by_level = sorted(self.c.libraries, key=lambda lib: -self.c.rating_levels[aspect.ratings[lib.key]])
        top, rest = by_level[0], by_level[1:]
        top_level = self.c.rating_levels[aspect.ratings[top.key]]
        printed = ", ".join(f"{lib.name} {aspect.ratings[lib.key]}" for lib in self.c.libraries)
        if all(self.c.rating_levels[aspect.ratings[lib.key]] == top_level for lib in rest):
            return f"The article rates them level on {aspect.name} ({printed})."
        return f"The article rates {top.name} higher on {aspect.name} ({printed})."

    def examples(self) -> tuple[str, ...]:
        first_lib, last_lib = self.c.libraries[0], self.c.libraries[-1]
        first_aspect = self.c.aspects[0]
        return (
            f"compare {first_aspect.key}",
            f"pros {first_lib.key}",
            f"cons {last_lib.key}",
            f"about {last_lib.key}",
            "stats",
            f"which is better, {first_lib.name} or {last_lib.name}, for my project?",
            f"how popular is {first_lib.name}?",
        )

    # Answers --------------------------------------------------------------------------------

    def aspect(self, aspect: Aspect, focus: tuple[Library, ...]) -> Answer:
        ordered = focus + tuple(lib for lib in self.c.libraries if lib not in focus)
        if len(focus) == 1:
            lib = focus[0]
            others = ", ".join(f"{o.name}: {aspect.ratings[o.key]}" for o in ordered[1:])
            summary = f"{lib.name}'s {aspect.name} rating: **{aspect.ratings[lib.key]}** ({others})."
        else:
            summary = f"{self.verdict(aspect)}\n{aspect.text}"
        fields = tuple(
            Field(
                f"{lib.name} — {aspect.ratings[lib.key]}",
                aspect.details[lib.key],
                rating=self.rating(aspect, lib),
            )
            for lib in ordered
        )
        title = f"{aspect.name}: " + " vs. ".join(lib.name for lib in self.c.libraries)
        notes = (aspect.note,) if aspect.note else ()
        return make_answer(AnswerKind.COMPARISON, title, summary, fields, self.source(aspect.section), notes)

    def overview(self) -> Answer:
        fields = []
        for row in self.c.summary_table.rows:
            aspect = self.c.aspect(row.aspect)
            value = " · ".join(f"{lib.name}: {row.ratings[lib.key]}" for lib in self.c.libraries)
            fields.append(Field(aspect.name, value, inline=False))
        notes = tuple(f"{asp.name}: {asp.note}" for asp in self.c.aspects if asp.note)
        summary = (
            f"How the article rates {self.names()} on each aspect. "
            f"Ask `compare <aspect>` for the reasoning behind a rating."
        )
        return make_answer(
            AnswerKind.OVERVIEW,
            self.c.title,
            summary,
            tuple(fields),
            self.source(self.c.summary_table.section),
            notes,
        )

    def pros_cons(self, intent: Intent, libraries: tuple[Library, ...]) -> Answer:
        label = "Pros" if intent is Intent.PROS else "Cons"
        fields = tuple(
            Field(f"{lib.name}: {item.title}" if len(libraries) > 1 else item.title, item.text)
            for lib in libraries
            for item in (lib.pros if intent is Intent.PROS else lib.cons)
        )
        summary = f"What the article lists as {label.lower()} of {self.names(libraries)}."
        kind = AnswerKind.PROS if intent is Intent.PROS else AnswerKind.CONS
        return make_answer(
            kind,
            f"{label}: {self.names(libraries)}",
            summary,
            fields,
            self.source(f"Pros and Cons › {' / '.join(lib.name for lib in libraries)}"),
        )

    def about(self, libraries: tuple[Library, ...]) -> Answer:
        if len(libraries) == 1:
            lib = libraries[0]
            fields = (
                Field("Ratings", "\n".join(f"{a.name}: {a.ratings[lib.key]}" for a in self.c.aspects)),
                Field("Pros", "\n".join(f"• {i.title}" for i in lib.pros) or "—", inline=True),
                Field("Cons", "\n".join(f"• {i.title}" for i in lib.cons) or "—", inline=True),
            )
            return make_answer(
                AnswerKind.ABOUT,
                f"About {lib.name}",
                lib.overview,
                fields,
                self.source(lib.overview_section),
                self.later_notes(libraries),
            )
        fields = tuple(Field(lib.name, lib.overview) for lib in libraries)
        return make_answer(
            AnswerKind.ABOUT,
            self.c.title,
            self.c.introduction,
            fields,
            self.source(self.c.introduction_section),
            self.later_notes(libraries),
        )

    def stats(self, libraries: tuple[Library, ...], metrics: tuple[str, ...]) -> Answer:
        keys = {lib.key for lib in libraries}
        shown = [
            s for s in self.c.statistics.items if s.library in keys and (not metrics or s.metric in metrics)
        ]
        fields = tuple(
            Field(
                metric,
                "\n".join(
                    f"{self.c.library(s.library).name}: {s.value}" for s in shown if s.metric == metric
                ),
                inline=True,
            )
            for metric in dict.fromkeys(s.metric for s in shown)
        )
        notes = (self.c.statistics.insight,) if len(libraries) == len(self.c.libraries) else ()
        return make_answer(
            AnswerKind.STATS,
            f"Statistics: {self.names(libraries)}",
            f"Adoption figures the article reports for {self.names(libraries)}.",
            fields,
            self.source(self.c.statistics.section),
            notes,
        )

    def recommendation(self, query: Query) -> Answer:
        recs = self.c.conclusion.recommendations
        chosen = [r for r in recs if r.library == query.recommended] or list(recs)
        if len(chosen) == 1:
            lib = self.c.library(chosen[0].library)
            summary = f"The article recommends **{lib.name}** when {chosen[0].when}"
            title = f"Recommendation: {lib.name}"
        else:
            summary = self.c.conclusion.text
            title = "Recommendation: it depends"
        fields = [Field(f"Choose {self.c.library(r.library).name} when…", r.when) for r in recs]
        notes: list[str] = []
        for key in query.aspects[:1]:
            aspect = self.c.aspect(key)
            fields.append(Field(f"{aspect.name} ratings", self.verdict(aspect)))
            notes += [aspect.note] if aspect.note else []
        return make_answer(
            AnswerKind.RECOMMENDATION,
            title,
            summary,
            tuple(fields),
            self.source(self.c.conclusion.section),
            tuple(notes),
        )

    def conclusion(self) -> Answer:
        fields = tuple(
            Field(f"Choose {self.c.library(r.library).name} when…", r.when)
            for r in self.c.conclusion.recommendations
        )
        return make_answer(
            AnswerKind.CONCLUSION,
            f"Conclusion: {self.c.title}",
            self.c.conclusion.text,
            fields,
            self.source(self.c.conclusion.section),
        )

    def fact(self, fact: Fact, asked_about: tuple[Library, ...], unknown: str | None) -> Answer:
        lib = self.c.library(fact.library)
        summary = fact.text
        if asked_about:
            summary = (
                f"The article does not say this about {self.names(asked_about)}. "
                f"It does say, about {lib.name}: {fact.text}"
            )
        if unknown:
            summary = (
                f"I know nothing about “{echo(unknown)}”: only what the article says of "
                f"{self.names()}. Closest: {summary}"
            )
        topic = {stem(w) for w in normalise(" ".join(fact.keywords)).split()} - STOPWORDS
        notes = tuple(
            note for note in self.later_notes((lib,)) if topic & {stem(w) for w in normalise(note).split()}
        )
        return make_answer(
            AnswerKind.FACT,
            f"{lib.name} — {fact.topic}",
            summary,
            (),
            self.source(fact.section),
            notes,
        )

    def items(self, items: tuple[tuple[str, Item], ...]) -> Answer:
        fields = []
        sections = []
        for key, item in items:
            lib = self.c.library(key)
            kind = "Pro" if item in lib.pros else "Con"
            fields.append(Field(f"{lib.name} — {kind}: {item.title}", item.text))
            sections.append(lib.name)
        title = " / ".join(dict.fromkeys(f.name.split(":")[0] for f in fields))
        return make_answer(
            AnswerKind.FACT,
            title,
            "From the article's pros and cons:",
            tuple(fields),
            self.source(f"Pros and Cons › {' / '.join(dict.fromkeys(sections))}"),
        )

    def unknown(self, query: Query) -> Answer:
        what = echo(query.unknown or "")
        if query.unknown_kind is EntityKind.ASPECT:
            names = ", ".join(a.name for a in self.c.aspects)
            summary = f"“{what}” is not an aspect I know. I compare {self.names()} on: {names}."
            title = "Unknown aspect"
        else:
            summary = (
                f"I don't have anything on “{what}”: my knowledge base covers "
                f"{self.names()} ({self.c.title})."
            )
            title = "Not in my knowledge base"
        suggestions = query.suggestions[:5]
        fields = (Field("Did you mean", ", ".join(suggestions)),) if suggestions else ()
        return make_answer(AnswerKind.NOT_FOUND, title, summary, fields, None, (), suggestions)

    def off_topic(self) -> Answer:
        summary = (
            f"That's outside my knowledge base: I only know what the article “{self.c.title}” "
            f"says about {self.names()} — {', '.join(a.name.lower() for a in self.c.aspects)}, "
            f"pros and cons, statistics and its conclusion."
        )
        return make_answer(
            AnswerKind.OFF_TOPIC,
            "Not in my knowledge base",
            summary,
            (Field("Try", "\n".join(f"• {e}" for e in self.examples())),),
            None,
            (),
            self.examples(),
        )

    def help(self) -> Answer:
        lib, aspect = self.c.libraries[-1], self.c.aspects[0]
        commands = (
            f"`compare [aspect]` — both libraries on one aspect, e.g. `compare {aspect.key}`; "
            "no aspect: the whole ratings table",
            f"`pros [library]`, `cons [library]` — e.g. `pros {lib.key}`",
            f"`about [library]` — what it is, e.g. `about {lib.key}`",
            "`stats` — adoption figures",
            "`ask <question>` — anything in your own words",
            "`help` — this message",
        )
        aspects = ", ".join(a.name for a in self.c.aspects)
        fields = (
            Field("Commands", "\n".join(commands)),
            Field("Libraries", self.names()),
            Field("Aspects", aspects),
            Field("Examples", "\n".join(f"• {e}" for e in self.examples())),
        )
        summary = (
            f"I answer questions about {self.c.title}, from a curated knowledge base. "
            "Use a command or just ask; typos are fine."
        )
        return make_answer(AnswerKind.HELP, "Versus — help", summary, fields, self.source("whole article"))
