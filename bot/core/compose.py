"""Query → Answer: every answer is built from one comparison's data, and names the
section of its source it comes from.

Answers are structured `Text` (plain words, strong words, commands, the user's own words),
never markdown: renderers style and escape them. Every word about the comparison — its
libraries, aspects, the name of its source, the label of its figures — comes from its file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.core.answer import Answer, AnswerKind, Field, Rating, Span, Text, code, join, strong, text, user
from bot.core.commands import ANSWER_COMMANDS, BY_NAME, AnswerCommand
from bot.core.knowledge import Aspect, Comparison, Fact, Item, LaterNote, Library
from bot.core.matching import EntityKind
from bot.core.query import Intent, Query
from bot.core.settings import AnswerLength, Presentation
from bot.core.text import sentences

BRIEF_ENOUGH = 60  # characters: a first sentence shorter than this is kept with the next one
# "Its scalability … make it a better choice for large-scale training": when a library wins
_WEIGHING = re.compile(r"\b(?:better|worse|poor|good|great) (?:choice|fit|option|pick)\b|\bbetter suited\b")
PROS_CONS_KINDS = {
    Intent.PROS: AnswerKind.PROS,
    Intent.CONS: AnswerKind.CONS,
    Intent.PROS_AND_CONS: AnswerKind.PROS_AND_CONS,
}


AS_SET = Presentation()  # answers as the defaults say them (the console, the command line)


class Composer:
    """Builds the Answer for a Query from one comparison's data."""

    def __init__(
        self, comparison: Comparison, presentation: Presentation = AS_SET, *, detailed: bool = False
    ) -> None:
        self.c = comparison
        self.presentation = presentation
        # Short answers give the first sentence of each reason; "why?", or a server that
        # wants full answers, asks for all of it.
        self.detailed = detailed or presentation.answer_length is AnswerLength.FULL

    def compose(self, query: Query, libraries: tuple[str, ...]) -> Answer:
        self.query = query
        libs = tuple(self.c.library(k) for k in libraries) or self.c.libraries
        match query.intent:
            case Intent.COMPARE if len(query.aspects) > 1:
                return self.aspects(tuple(self.c.aspect(key) for key in query.aspects))
            case Intent.COMPARE if query.aspects:
                return self.aspect(
                    self.c.aspect(query.aspects[0]), tuple(self.c.library(k) for k in libraries)
                )
            case Intent.COMPARE:
                return self.overview()
            case Intent.PROS | Intent.CONS | Intent.PROS_AND_CONS:
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
                elsewhere = libs if query.fact_elsewhere else ()
                return together(tuple(self.fact(fact, elsewhere, query.unknown) for fact in query.facts))
            case Intent.FACT:
                return self.items(query.items)
            case Intent.UNKNOWN:
                return self.unknown(query)
            case Intent.NOT_COVERED:
                return self.not_covered(query, tuple(self.c.library(k) for k in libraries))
            case Intent.CHAT:
                return self.chat(query.chat)
            case Intent.WHY if query.previous:
                return self.why(query.previous)
            case Intent.WHY:
                return self.nothing_to_explain()
            case Intent.SOURCE if query.previous:
                return self.where_from(query.previous)
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

    def acts(self, verb: str, *, start: bool = False) -> str:
        """The source doing something, its verb agreeing with its name: "the article rates",
        "my notes rate"; `start`: capitalised, to start a sentence."""
        name = self.the_source() if start else self.c.source_name
        return f"{name} {_agreeing(verb) if _plural(self.c.source_name) else verb}"

    def sources(self) -> str:
        """The source's name as an owner: "the article's", "my notes'"."""
        name = self.c.source_name
        return f"{name}'" if _plural(name) else f"{name}'s"

    def the_source(self) -> str:
        """The source's name capitalised, for a sentence it starts."""
        name = self.c.source_name
        return name[:1].upper() + name[1:]

    def dated(
        self,
        libraries: tuple[Library, ...],
        qualifies: Callable[[LaterNote], bool] = lambda note: False,
    ) -> tuple[Text, ...]:
        """Later notes on `libraries` that qualify this answer, that the question asked about
        (by their keywords), or every one of them when the question asks about today."""
        keys = {lib.key for lib in libraries} or {lib.key for lib in self.c.libraries}
        return tuple(
            text(f"Not from {self.c.source_name} ({note.date}): {note.text} Source: {note.source}")
            for note in self.c.later_notes
            if (note.library is None or note.library in keys)
            and (qualifies(note) or self.query.current or note in self.query.notes)
        )

    def brief(self, reason: str, first: int = 1) -> str:
        """A reason's first sentences, and the ones that answer what was asked or weigh one
        library against another ("slightly better than MXNet in simple tasks"); all of it
        for a detailed answer."""
        parts = sentences(reason)
        if self.detailed or len(parts) <= first:
            return reason
        others = [lib.name.lower() for lib in self.c.libraries]
        kept = [
            part
            for number, part in enumerate(parts)
            if number < first
            or part in self.query.evidence
            or sum(name in part.lower() for name in others) > 1
            or (number > 0 and any(name in part.lower() for name in others) and " than " in part)
            # asked in words of one's own (not `compare performance`): when each is the better choice
            or (number > 0 and bool(self.query.evidence) and _WEIGHING.search(part) is not None)
        ]
        # "Django is opinionated." says too little alone: the next sentence goes with it.
        if len(kept) == 1 and len(kept[0]) < BRIEF_ENOUGH:
            kept.append(parts[1])
        return " ".join(kept)

    def verdict(self, aspect: Aspect) -> str:
        """Which library the source rates higher on `aspect`, as printed."""
        top = self.c.rated_highest(aspect)
        printed = ", ".join(f"{lib.name} {aspect.ratings[lib.key]}" for lib in self.c.libraries)
        if len(top) == len(self.c.libraries):
            return f"{self.acts('rates', start=True)} them level on {aspect.name} ({printed})."
        names = " and ".join(lib.name for lib in top)
        return f"{self.acts('rates', start=True)} {names} higher on {aspect.name} ({printed})."

    def _for_example(self, command: AnswerCommand, nth: int) -> tuple[str | Span, ...]:
        return (" (e.g. ", code(command.example(self.c, nth)), ")") if command.argument else ()

    def examples(self) -> tuple[str, ...]:
        """Each answer command as typed here (but help), then questions in one's own words."""
        first_lib, last_lib = self.c.libraries[0], self.c.libraries[-1]
        return (
            *(c.example(self.c, n) for n, c in enumerate(ANSWER_COMMANDS) if c.intent is not Intent.HELP),
            f"which is better, {first_lib.name} or {last_lib.name}, for my project?",
            f"how popular is {first_lib.name}?",
        )

    # Answers --------------------------------------------------------------------------------

    def aspect(self, aspect: Aspect, focus: tuple[Library, ...]) -> Answer:
        ordered = focus + tuple(lib for lib in self.c.libraries if lib not in focus)
        if len(focus) == 1:
            lib = focus[0]
            others = ", ".join(f"{o.name}: {aspect.ratings[o.key]}" for o in ordered[1:])
            summary = text(
                f"{lib.name}'s {aspect.name} rating: ", strong(aspect.ratings[lib.key]), f" ({others})."
            )
        else:
            summary = text(
                f"{self.verdict(aspect)}\n{aspect.text}" if self.detailed else self.verdict(aspect)
            )
        fields = tuple(
            Field(
                f"{lib.name} — {aspect.ratings[lib.key]}",
                # The library asked about gets its whole reasoning; the others, its gist.
                text(aspect.details[lib.key] if lib in focus[:1] else self.brief(aspect.details[lib.key])),
                rating=self.rating(aspect, lib),
            )
            for lib in ordered
        )
        title = f"{aspect.name}: " + " vs. ".join(lib.name for lib in self.c.libraries)
        notes = ((text(aspect.note),) if aspect.note else ()) + self.dated(
            self.c.libraries, lambda note: aspect.key in note.qualifies.aspects
        )
        return Answer(AnswerKind.COMPARISON, title, summary, fields, self.source(aspect.section), notes)

    def aspects(self, aspects: tuple[Aspect, ...]) -> Answer:
        """Several aspects asked at once: each one's verdict, and each library's gist."""
        summary = text("\n".join(self.verdict(aspect) for aspect in aspects))
        fields = tuple(
            Field(
                f"{aspect.name} — {lib.name}: {aspect.ratings[lib.key]}",
                text(self.brief(aspect.details[lib.key])),
                rating=self.rating(aspect, lib),
            )
            for aspect in aspects
            for lib in self.c.libraries
        )
        names = " and ".join(aspect.name for aspect in aspects)
        title = f"{names}: " + " vs. ".join(lib.name for lib in self.c.libraries)
        notes = tuple(text(f"{a.name}: {a.note}") for a in aspects if a.note) + self.dated(
            self.c.libraries, lambda note: any(a.key in note.qualifies.aspects for a in aspects)
        )
        sections = " / ".join(dict.fromkeys(aspect.section for aspect in aspects))
        return Answer(AnswerKind.COMPARISON, title, summary, fields, self.source(sections), notes)

    def overview(self) -> Answer:
        # Every aspect, in the table's order first: a row the table lacks is no aspect lost
        # (its ratings are the aspect's own; `check` warns of the missing row).
        tabled = [row.aspect for row in self.c.summary_table.rows]
        ordered = sorted(
            self.c.aspects, key=lambda a: tabled.index(a.key) if a.key in tabled else len(tabled)
        )
        fields = [
            Field(
                aspect.name,
                text(" · ".join(f"{lib.name}: {aspect.ratings[lib.key]}" for lib in self.c.libraries)),
            )
            for aspect in ordered
        ]
        notes = tuple(text(f"{asp.name}: {asp.note}") for asp in self.c.aspects if asp.note)
        summary = text(
            f"How {self.acts('rates')} {self.names()} on each aspect. Ask ",
            code("compare <aspect>"),
            " for the reasoning behind a rating.",
        )
        return Answer(
            AnswerKind.OVERVIEW,
            self.c.title,
            summary,
            tuple(fields),
            self.source(self.c.summary_table.section),
            notes,
        )

    def pros_cons(self, intent: Intent, libraries: tuple[Library, ...]) -> Answer:
        sides = {Intent.PROS: ("Pros",), Intent.CONS: ("Cons",), Intent.PROS_AND_CONS: ("Pros", "Cons")}[
            intent
        ]
        both = len(sides) > 1

        def name(lib: Library, side: str, item: Item) -> str:
            label = f"{side[:-1]}: {item.title}" if both else item.title
            return f"{lib.name} — {label}" if len(libraries) > 1 else label

        fields = tuple(
            Field(name(lib, side, item), text(self.brief(item.text)))
            for lib in libraries
            for side in sides
            for item in (lib.pros if side == "Pros" else lib.cons)
        )
        label = " and ".join(sides)
        return Answer(
            PROS_CONS_KINDS[intent],
            f"{label}: {self.names(libraries)}",
            text(f"As {self.acts('lists')} them:"),
            fields,
            self.source(f"{self.c.pros_cons_section} › {' / '.join(lib.name for lib in libraries)}"),
            # On one library's list, what changed since that bears on choosing it.
            self.dated(libraries, lambda note: note.qualifies.recommendations and len(libraries) == 1),
        )

    def about(self, libraries: tuple[Library, ...]) -> Answer:
        if len(libraries) == 1:
            lib = libraries[0]
            fields: tuple[Field, ...] = (
                Field("Ratings", text("\n".join(f"{a.name}: {a.ratings[lib.key]}" for a in self.c.aspects))),
                Field("Pros", text("\n".join(f"• {i.title}" for i in lib.pros) or "—"), inline=True),
                Field("Cons", text("\n".join(f"• {i.title}" for i in lib.cons) or "—"), inline=True),
            )
            return Answer(
                AnswerKind.ABOUT,
                f"About {lib.name}",
                text(self.brief(lib.overview, first=2)),
                fields,
                self.source(lib.overview_section),
                self.dated(libraries, lambda note: note.qualifies.overview),
            )
        fields = tuple(Field(lib.name, text(lib.overview)) for lib in libraries)
        return Answer(
            AnswerKind.ABOUT,
            self.c.title,
            text(self.c.introduction),
            fields,
            self.source(self.c.introduction_section),
            self.dated(libraries, lambda note: note.qualifies.overview),
        )

    def stats(self, libraries: tuple[Library, ...], metrics: tuple[str, ...]) -> Answer:
        keys = {lib.key for lib in libraries}
        shown = [
            s for s in self.c.statistics.items if s.library in keys and (not metrics or s.metric in metrics)
        ]
        fields = tuple(
            Field(
                metric,
                text(
                    "\n".join(
                        f"{self.c.library(s.library).name}: {s.value}" for s in shown if s.metric == metric
                    )
                ),
                inline=True,
            )
            for metric in dict.fromkeys(s.metric for s in shown)
        )
        insight = self.c.statistics.insight
        mentioned = any(lib.name.lower() in insight.lower() for lib in libraries)
        notes: tuple[Text, ...] = (
            (text(insight),) if insight and (mentioned or len(libraries) == len(self.c.libraries)) else ()
        )
        sources = dict.fromkeys(s.source for s in shown if s.source)
        if sources and (self.detailed or self.query.origins):  # who measured them, as the article says
            notes += (text(f"Where the figures come from: {'; '.join(sources)}."),)
        notes += self.dated(libraries, lambda note: note.qualifies.statistics)
        source = self.c.source_name
        return Answer(
            AnswerKind.STATS,
            f"Statistics: {self.names(libraries)}",
            text(f"{self.c.statistics.label} as of {source}:"),
            fields,
            self.source(self.c.statistics.section),
            notes,
        )

    def recommendation(self, query: Query) -> Answer:
        # A library's advice may come in several sentences: each library's, as one.
        advice: dict[str, list[str]] = {}
        for rec in self.c.conclusion.recommendations:
            advice.setdefault(rec.library, []).append(rec.when)
        whens = {key: "; or when ".join(found) for key, found in advice.items()}
        chosen = [query.recommended] if query.recommended in whens else list(whens)
        if len(chosen) == 1:
            lib = self.c.library(chosen[0])
            recommends = self.acts("recommends", start=True)
            summary = text(f"{recommends} ", strong(lib.name), f" when {whens[chosen[0]]}")
            title = f"Recommendation: {lib.name}"
        else:
            summary = text(self.c.conclusion.text)
            title = "Recommendation: it depends"
        # The summary already says when to choose the one recommended; the others' cases, only
        # when asked for details or when the advice is "it depends".
        shown = list(whens) if self.detailed or len(chosen) > 1 else []
        fields = [Field(f"Choose {self.c.library(key).name} when…", text(whens[key])) for key in shown]
        if query.evidence and len(chosen) == 1:  # what the source says of it, on what was asked
            name = self.c.library(chosen[0]).name
            fields.insert(0, Field(f"What {self.acts('says')} of {name}", text(" ".join(query.evidence))))
        notes: list[Text] = []
        for key in query.aspects[:1]:
            aspect = self.c.aspect(key)
            fields.append(Field(f"{aspect.name} ratings", text(self.verdict(aspect))))
            notes += [text(aspect.note)] if aspect.note else []
        advised = tuple(self.c.library(key) for key in chosen)
        notes += self.dated(advised, lambda note: note.qualifies.recommendations)
        return Answer(
            AnswerKind.RECOMMENDATION,
            title,
            summary,
            tuple(fields),
            self.source(self.c.conclusion.section),
            tuple(notes),
        )

    def conclusion(self) -> Answer:
        fields = tuple(
            Field(f"Choose {self.c.library(r.library).name} when…", text(r.when))
            for r in self.c.conclusion.recommendations
        )
        return Answer(
            AnswerKind.CONCLUSION,
            f"Conclusion: {self.c.title}",
            text(self.c.conclusion.text),
            fields,
            self.source(self.c.conclusion.section),
            self.dated(self.c.libraries, lambda note: note.qualifies.recommendations),
        )

    def fact(self, fact: Fact, asked_about: tuple[Library, ...], unknown: str | None) -> Answer:
        lib = self.c.library(fact.library)
        summary = text(fact.text)
        if asked_about:
            summary = text(
                f"{self.acts('does not say', start=True)} this about {self.names(asked_about)}. "
                f"It does say, about {lib.name}: {fact.text}"
            )
        if unknown:
            summary = text(
                "I know nothing about “",
                user(unknown),
                f"”: only what {self.acts('says')} of {self.names()}. Closest: ",
                summary,
            )
        notes = self.dated((lib,), lambda note: fact.topic in note.qualifies.facts)
        return Answer(
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
            fields.append(Field(f"{lib.name} — {kind}: {item.title}", text(item.text)))
            sections.append(lib.name)
        title = " / ".join(dict.fromkeys(f.name.split(":")[0] for f in fields))
        return Answer(
            AnswerKind.FACT,
            title,
            text(f"From {self.sources()} pros and cons:"),
            tuple(fields),
            self.source(f"{self.c.pros_cons_section} › {' / '.join(dict.fromkeys(sections))}"),
            self.dated(
                tuple(dict.fromkeys(self.c.library(key) for key, _ in items)),
                lambda note: note.qualifies.recommendations,
            ),
        )

    def unknown(self, query: Query) -> Answer:
        what = user(query.unknown or "")
        if query.unknown_kind is EntityKind.ASPECT:
            names = ", ".join(a.name for a in self.c.aspects)
            summary = text("“", what, f"” is not an aspect I know. I compare {self.names()} on: {names}.")
            title = "Unknown aspect"
        else:
            summary = text(
                "I don't have anything on “",
                what,
                f"” in {self.c.title}: it compares {self.names()}.",
            )
            title = "Not in my knowledge base"
        suggestions = query.suggestions[:5]
        fields = (Field("Did you mean", text(", ".join(suggestions))),) if suggestions else ()
        return Answer(AnswerKind.NOT_FOUND, title, summary, fields, None, (), suggestions)

    def not_covered(self, query: Query, libraries: tuple[Library, ...]) -> Answer:
        """An honest "the source doesn't say" — naming the words of the question it says
        nothing of, never echoing the whole question — and what is closest."""
        does_not_cover = self.acts("doesn't cover", start=True)
        if query.lacking:
            summary = text(f"{does_not_cover} that: nothing on “", user(", ".join(query.lacking)), "”.")
        else:
            summary = text(f"{does_not_cover} that.")
        if query.suggestions:
            summary += text(f"\nClosest it has: {'; '.join(query.suggestions[:3])}.")
        return Answer(
            AnswerKind.NOT_COVERED,
            "Not covered",
            summary,
            (),
            None,
            self.dated(libraries),
            query.suggestions[:3],
        )

    def chat(self, kind: str | None) -> Answer:
        """One friendly line and a hint of what to ask."""
        first, last = self.c.libraries[0], self.c.libraries[-1]
        opening = {
            "greeting": "Hi!",
            "thanks": "You're welcome!",
            "another_language": "Sorry, I can only read English.",
        }.get(kind or "", "I'm Versus, a bot that answers questions about one comparison.")
        hint = text(
            f"Ask me about {self.c.title}: for example ",
            code(BY_NAME["compare"].example(self.c)),
            ", ",
            code(BY_NAME["pros"].example(self.c, len(self.c.libraries) - 1)),
            f", or which of {first.name} and {last.name} suits your project.",
        )
        return Answer(AnswerKind.CHAT, "Versus", text(f"{opening} ", hint))

    def why(self, previous: Query) -> Answer:
        """The reasoning behind the previous answer: what the source says, and where."""
        before = Composer(self.c, detailed=True).compose(previous, previous.libraries)
        where = before.source or self.c.title
        return Answer(
            AnswerKind.WHY,
            f"Why: {before.title}",
            text(f"Here is what {self.acts('says')} ({where}):\n", before.summary),
            before.fields,
            before.source,
            before.notes,
        )

    def nothing_to_explain(self) -> Answer:
        """ "why?" with no answer before it in the conversation."""
        summary = text(
            "That asks about an earlier answer, and there is none in this conversation yet: "
            "ask me a question first, then ask why."
        )
        return Answer(AnswerKind.CHAT, "Nothing to explain yet", summary)

    def where_from(self, previous: Query) -> Answer:
        """Where the previous answer comes from: the source and its section."""
        before = Composer(self.c).compose(previous, previous.libraries)
        if before.source is None:
            summary = (
                f"That answer did not come from {self.c.source_name}: "
                f"{'they have' if _plural(self.c.source_name) else 'it has'} nothing on that."
            )
        else:
            summary = f"That comes from {self.c.source}, section: {before.source.split(' — ', 1)[-1]}."
        fields: tuple[Field, ...] = ()
        if previous.intent is Intent.STATS:  # the figures' own sources, as the article names them
            shown = [
                s for s in self.c.statistics.items if not previous.metrics or s.metric in previous.metrics
            ]
            by_metric = {s.metric: s.source for s in shown if s.source}
            if by_metric:
                lines = "\n".join(f"{metric}: {source}" for metric, source in by_metric.items())
                fields = (Field(f"Where {self.acts('says')} the figures come from", text(lines)),)
        elif previous.facts:  # "who made mxnet?" "source?": the words quoted, with where they are
            quoted = " ".join(f"“{fact.text}”" for fact in previous.facts)
            fields = (Field(f"What {self.acts('says')}", text(quoted)),)
        return Answer(AnswerKind.SOURCE, "Source", text(summary), fields, before.source)

    def off_topic(self) -> Answer:
        summary = text(
            f"That's not in my knowledge base: I only know what {self.c.source_name} “{self.c.title}” "
            f"{self.acts('says').split()[-1]} about {self.names()} — "
            f"{', '.join(a.name.lower() for a in self.c.aspects)}, "
            f"pros and cons, statistics and its conclusion."
        )
        return Answer(
            AnswerKind.OFF_TOPIC,
            "Not in my knowledge base",
            summary,
            (Field("Try", text("\n".join(f"• {e}" for e in self.examples()))),),
            None,
            (),
            self.examples(),
        )

    def help(self) -> Answer:
        source = self.c.source_name
        described = [
            text(code(c.usage), " — ", c.summary.format(source=source), *self._for_example(c, n))
            for n, c in enumerate(ANSWER_COMMANDS)
        ]
        described.insert(-1, text(code("ask <question>"), " — anything in your own words"))
        commands = join(described, "\n")
        aspects = ", ".join(a.name for a in self.c.aspects)
        fields = (
            Field("Commands", commands),
            Field("Libraries", text(self.names())),
            Field("Aspects", text(aspects)),
            Field("Examples", text("\n".join(f"• {e}" for e in self.examples()))),
        )
        summary = text(
            f"I answer questions about {self.c.title}, from a curated knowledge base. "
            "Use a command or just ask; typos are fine."
        )
        return Answer(AnswerKind.HELP, "Versus — help", summary, fields, self.c.source)


def _plural(name: str) -> bool:
    """Whether a source's name is plural ("my notes", "the docs"), not "the article" or "this
    analysis"."""
    last = name.split()[-1].lower() if name.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _agreeing(verb: str) -> str:
    """A verb of a singular subject ("rates", "doesn't cover") for a plural one."""
    first, _, rest = verb.partition(" ")
    plural = {"doesn't": "don't", "does": "do", "has": "have", "says": "say", "is": "are"}.get(first)
    if plural is None:
        plural = first[:-2] if first.endswith(("shes", "ches", "xes", "sses")) else first.removesuffix("s")
    return f"{plural} {rest}".strip()


def together(answers: tuple[Answer, ...]) -> Answer:
    """The answers to the questions one message asked, one after another: the first as it is,
    each other one as a part of it under its own title (an answer found first, so that the
    message counts as answered)."""
    ordered: list[Answer] = []
    said: set[Text] = set()
    for answer in sorted(answers, key=lambda a: not a.found):
        parts = {answer.summary, *(f.value for f in answer.fields)}
        if not parts <= said:  # two wordings of one question get one answer
            ordered.append(answer)
            said |= parts
    first, others = ordered[0], ordered[1:]
    fields = list(first.fields)
    for other in others:
        fields += [Field(other.title, other.summary), *other.fields]
    sources = tuple(dict.fromkeys(a.source for a in ordered if a.source))
    return Answer(
        first.kind,
        " · ".join(a.title for a in ordered),
        first.summary,
        tuple(fields),
        "; ".join(sources) or None,
        tuple(dict.fromkeys(note for a in ordered for note in a.notes)),
        tuple(dict.fromkeys(s for a in ordered for s in a.suggestions)),
    )
