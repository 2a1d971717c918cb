"""The answer engine: user text → `Query` → `Answer`. Pure Python, no Discord.

Understanding picks the comparison first — an explicit one (a slash option,
`--comparison`), else one whose library the text names, else (for a follow-up) the
conversation's, else the server's, else the default — and then reads the text inside that
comparison only (bot.core.index): a command (`compare speed`, `!pros mxnt`) by resolving its
argument, a free-form question by the named rules of bot.core.reader. `answer()` has
bot.core.compose build the `Answer`. Nothing here knows any library or aspect by name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.core.answer import Answer, AnswerKind
from bot.core.commands import ARGUMENTS, BY_INTENT, COMMANDS
from bot.core.compose import AS_SET, Composer, together
from bot.core.glossary import in_english
from bot.core.index import ComparisonIndex, cue_index, related_index
from bot.core.knowledge import Comparison, KnowledgeBase
from bot.core.lexicon import Cue, Lexicon, english
from bot.core.matching import Entity, EntityKind, Matcher, Resolution
from bot.core.query import ANYWHERE, QUALIFIER, Intent, Query, Scope
from bot.core.question import ASKING, Question, parse, questions_in
from bot.core.reader import MAX_ASPECTS, Reading, describe, read
from bot.core.reader import pros_or_cons as _pros_or_cons
from bot.core.settings import Presentation
from bot.core.text import normalise, stem
from bot.core.vocabulary import LIST_FLOOR, unglued, zipf

MAX_INPUT = 2000  # longer input is cut before analysis: no question needs more
# A word as typed, where two may be glued together: not inside a link, a path, a mention,
# an identifier (nor written in CamelCase) or a domain name.
_WORD = re.compile(r"(?<![\w/.:@#<_-])[A-Za-z][a-z]{2,}(?![\w/:@>_-])(?!\.\w)")
ANSWER_CACHE_SIZE = 4096
READING_CACHE_SIZE = 4096
CACHED_TEXT_LENGTH = 200  # the same short command or question comes back again and again

COMMAND_PREFIXES = ("!", "/")
MIN_COMMAND_TYPO_LENGTH = 4  # shorter words are too easily one slip from a command
LONG_COMMAND_TYPO_LENGTH = 7  # a word this long may be two slips from a command ("compair")
EACH = frozenset({"each", "both", "respectively"})  # "who created each of them?"
UNASKED_KINDS = frozenset({AnswerKind.CHAT, AnswerKind.HELP, AnswerKind.OFF_TOPIC})  # not an answer to a part
UNSCORED_RULES = frozenset({"empty", "chat", "why", "source", "help"})  # no passage to weigh
FOLLOW_UP_INTENTS = frozenset({Intent.WHY, Intent.SOURCE})  # they keep the context they refer to


class UnknownComparison(ValueError):
    """An explicitly chosen comparison id that is not loaded; the message lists the loaded ones."""


@dataclass(frozen=True)
class Understanding:
    """How a text was read: the comparison and why it was chosen, the rule that fired, the query."""

    query: Query
    chosen_by: str  # "explicit", "library named", "conversation", "server setting", "default"
    rule: str  # a reader rule's name, or "command <name>"


class Engine:
    """Answers questions from one knowledge base. Thread-safe: it never mutates after init."""

    def __init__(
        self, kb: KnowledgeBase, *, default_comparison: str | None = None, lexicon: Lexicon | None = None
    ) -> None:
        self.kb = kb
        self.lexicon = lexicon or english()
        self.default = self._loaded(default_comparison) if default_comparison else kb.default
        cues, related = cue_index(self.lexicon), related_index(self.lexicon)
        self.indexes = {c.id: ComparisonIndex(c, self.lexicon, cues, related) for c in kb.comparisons}
        # Every comparison's names: to pick the comparison a text names, and for autocomplete.
        self.matcher = Matcher(kb)
        self._libraries = Matcher(kb, frozenset({EntityKind.LIBRARY}))  # which comparison a text names
        self._several = len(kb.comparisons) > 1
        self._all_real_words = frozenset(w for index in self.indexes.values() for w in index.real_words)
        self._names = frozenset(w for index in self.indexes.values() for w in index.alias_words)
        self._as_read: dict[str, str] = {}  # each word typed → as read ("eachhave" → "each have")
        # Answers are immutable and a knowledge base has few distinct ones: keep them.
        self._compose = lru_cache(maxsize=ANSWER_CACHE_SIZE)(self._compose_uncached)
        # Reading depends only on the text, the scope and the context: all immutable.
        self._read_cached = lru_cache(maxsize=READING_CACHE_SIZE)(self._read)
        self._command_cached = lru_cache(maxsize=READING_CACHE_SIZE)(self._command)
        self._answer_cached = lru_cache(maxsize=ANSWER_CACHE_SIZE)(self._answer)
        # What a front end asks on every message, in one lookup each.
        self._respond_cached = lru_cache(maxsize=READING_CACHE_SIZE)(self._respond)
        self._command_answer_cached = lru_cache(maxsize=READING_CACHE_SIZE)(self._command_answer)

    # Public API ------------------------------------------------------------------------------

    def ask(
        self,
        text: str,
        *,
        scope: Scope = ANYWHERE,
        context: Query | None = None,
        presentation: Presentation = AS_SET,
    ) -> Answer:
        """Answer a command or a free-form question, exactly as every front end does."""
        return self.respond(text, scope=scope, context=context, presentation=presentation)[0]

    def respond(
        self,
        text: str,
        *,
        scope: Scope = ANYWHERE,
        context: Query | None = None,
        presentation: Presentation = AS_SET,
    ) -> tuple[Answer, Query | None]:
        """The answer, and what a conversation should remember for the next follow-up
        (None: keep what it had, e.g. after "thanks" or "why?")."""
        if len(text) <= CACHED_TEXT_LENGTH:
            return self._respond_cached(text, scope, context, presentation)
        return self._respond(text, scope, context, presentation)

    def _respond(
        self, text: str, scope: Scope, context: Query | None, presentation: Presentation
    ) -> tuple[Answer, Query | None]:
        text = self._in_english(text)
        understood = self._explain(text, scope, context)
        query = understood.query
        answer = self._for_each_named(text, query, scope, context, presentation)
        remember = query if query.resolved and query.intent not in FOLLOW_UP_INTENTS else None
        asked = questions_in(text) if not understood.rule.startswith("command") else (text,)
        # "what about Pyramid, how does it compare to these two?": a library the source lacks
        # is what the whole message asks about, whatever its parts would find alone
        lacking_a_library = query.intent is Intent.UNKNOWN and query.unknown_kind is EntityKind.LIBRARY
        if len(asked) > 1 and not lacking_a_library:
            return self._each_asked(asked, answer, remember, scope, context, presentation)
        return answer, remember

    def _for_each_named(
        self, text: str, query: Query, scope: Scope, context: Query | None, presentation: Presentation
    ) -> Answer:
        """The answer to a query — for a fact asked of each library, or of two named ("who
        created each of them?", "which came out first, flask or django?"), of each."""
        answer = self.answer(query, scope, presentation)
        each = EACH.intersection(normalise(text).split()) or len(query.libraries) > 1
        if query.intent is Intent.FACT and query.facts and each:
            return self._of_each_library(text, query, answer, scope, context, presentation)
        return answer

    def _of_each_library(
        self,
        text: str,
        query: Query,
        answer: Answer,
        scope: Scope,
        context: Query | None,
        presentation: Presentation,
    ) -> Answer:
        """ "who created each of them?": the fact found of one library, and the same question
        answered of each other one, when the source says it of that one too."""
        comparison = self.kb.comparison(query.comparison)
        found = query.facts[0].library
        answers = [answer]
        for library in comparison.libraries:
            if library.key != found:
                reading = Reading(self._parse(text), self.indexes[comparison.id], context, (library.key,))
                again = read(reading)[1]
                if again.intent is Intent.FACT and again.facts and again.facts[0].library == library.key:
                    answers.append(self.answer(again, scope, presentation))
        return together(tuple(answers)) if len(answers) > 1 else answer

    def _each_asked(
        self,
        asked: tuple[str, ...],
        whole: Answer,
        remember: Query | None,
        scope: Scope,
        context: Query | None,
        presentation: Presentation,
    ) -> tuple[Answer, Query | None]:
        """A message asking several things ("who made mxnet and which languages does it
        support?"): each answered in turn — a later one read after the one before, so "it"
        is what that one was about — and the answers given together, when at least two were
        found or the message as a whole found nothing; else the message's own answer."""
        parts: list[tuple[Answer, Query]] = []
        for part in asked:
            # Each part is one of the questions the message asks, not a story of its own.
            question = part if part.rstrip().endswith("?") else f"{part}?"
            query = self.understand(question, scope, context)
            parts.append((self._for_each_named(question, query, scope, context, presentation), query))
            if query.resolved and query.intent not in FOLLOW_UP_INTENTS:
                context = query
        found = [answer for answer, _ in parts if answer.found and answer.kind not in UNASKED_KINDS]
        distinct = tuple(dict.fromkeys(answer for answer, _ in parts if answer.kind not in UNASKED_KINDS))
        # "what licence is flask under? can we ship it inside our paid app": one not covered is
        # said as well, rather than the whole message answered by what only meets the other
        unfound = any(
            not answer.found and part.rstrip().endswith("?")  # asked, not told ("ngl django looks scary,")
            for part, (answer, _) in zip(asked, parts, strict=True)
            if answer.kind not in UNASKED_KINDS
        )
        if len(set(found)) < (1 if not whole.found or unfound else 2):
            return whole, remember
        return together(distinct), context

    def command(
        self, intent: Intent, argument: str, scope: Scope = ANYWHERE, presentation: Presentation = AS_SET
    ) -> tuple[Query, Answer]:
        """A command whose front end has parsed its name and argument: what it asks (as
        `understand_command` reads it) and its answer."""
        if len(argument) <= CACHED_TEXT_LENGTH:
            return self._command_answer_cached(intent, argument, scope, presentation)
        return self._command_answer(intent, argument, scope, presentation)

    def _command_answer(
        self, intent: Intent, argument: str, scope: Scope, presentation: Presentation
    ) -> tuple[Query, Answer]:
        query = self.understand_command(intent, argument, scope)
        return query, self.answer(query, scope, presentation)

    def run(self, command: str, argument: str | None = None, *, scope: Scope = ANYWHERE) -> Answer:
        """Answer a command by its name (`pros`), as `command` does."""
        return self.command(COMMANDS[command], argument or "", scope)[1]

    def understand(self, text: str, scope: Scope = ANYWHERE, context: Query | None = None) -> Query:
        """What a line of user text asks: a command (with or without `!`/`/`) or a question;
        `context` is the conversation's previous question, for follow-ups."""
        return self.explain(text, scope, context).query

    def understand_command(self, intent: Intent, argument: str, scope: Scope = ANYWHERE) -> Query:
        """A command whose argument names (or fails to name) a library or an aspect."""
        if len(argument) <= CACHED_TEXT_LENGTH:
            return self._command_cached(intent, argument, scope).query
        return self._command(intent, argument, scope).query

    def explain(self, text: str, scope: Scope = ANYWHERE, context: Query | None = None) -> Understanding:
        """How a text is read: the comparison chosen and why, the rule that fired, the query."""
        return self._explain(self._in_english(text), scope, context)

    def _in_english(self, text: str) -> str:
        """The text to read: cut to `MAX_INPUT`, its words of another language in English."""
        return in_english(text[:MAX_INPUT].strip(), self._names)

    def _explain(self, text: str, scope: Scope, context: Query | None) -> Understanding:
        if len(text) <= CACHED_TEXT_LENGTH:
            return self._read_cached(text, scope, context)
        return self._read(text, scope, context)

    def _read(self, text: str, scope: Scope, context: Query | None) -> Understanding:
        if not normalise(text):
            comparison, chosen_by = self._choose(scope, ())
            return Understanding(Query(Intent.HELP, comparison.id, text), chosen_by, "empty")
        first, rest = (*text.split(maxsplit=1), "")[:2]
        first = first.lstrip("".join(COMMAND_PREFIXES)).lower()
        if text.startswith(COMMAND_PREFIXES):
            first = _command_meant(first)
        if first in COMMANDS and not _a_sentence(text, COMMANDS[first], rest):
            understood = self._command(COMMANDS[first], rest, scope)
            # Without `!` or `/`, "pros and cons?" or "compare prices" may be a sentence, not a
            # command; so is "cons too pls" after an answer, naming nothing.
            query = understood.query
            follows = context is not None and bool(rest.strip()) and not (query.libraries or query.aspects)
            if text.startswith(COMMAND_PREFIXES) or (query.intent is not Intent.UNKNOWN and not follows):
                return understood
        elif first == "ask":
            return self.explain(rest, scope, context)
        return self._question(self._parse(text), scope, context)

    def answer(self, query: Query, scope: Scope = ANYWHERE, presentation: Presentation = AS_SET) -> Answer:
        """The answer to a query, said as `presentation` asks; the scope's default library
        fills a missing library."""
        return self._answer_cached(query, scope, presentation)

    def _answer(self, query: Query, scope: Scope, presentation: Presentation) -> Answer:
        comparison = self.kb.comparison(query.comparison)
        libraries = query.libraries
        if (
            not libraries
            and query.comparison == self.server_comparison(scope).id
            and scope.default_library in {lib.key for lib in comparison.libraries}
            and query.intent in {Intent.PROS, Intent.CONS, Intent.PROS_AND_CONS, Intent.ABOUT}
        ):
            libraries = (scope.default_library,)
        # The answer depends on the resolved query only, never on the wording.
        return self._compose(replace(query, text=""), libraries, presentation)

    def server_comparison(self, scope: Scope) -> Comparison:
        """The comparison a server answers from when a text names no library."""
        if scope.server_comparison and scope.server_comparison in self.indexes:
            return self.kb.comparison(scope.server_comparison)
        return self.default

    def _compose_uncached(
        self, query: Query, libraries: tuple[str, ...], presentation: Presentation
    ) -> Answer:
        return Composer(self.kb.comparison(query.comparison), presentation).compose(query, libraries)

    # Choosing the comparison ------------------------------------------------------------------

    def _loaded(self, comparison_id: str) -> Comparison:
        if comparison_id in {c.id for c in self.kb.comparisons}:
            return self.kb.comparison(comparison_id)
        known = ", ".join(c.id for c in self.kb.comparisons)
        raise UnknownComparison(f"no comparison {comparison_id!r} is loaded (loaded: {known})")

    def _choose(
        self, scope: Scope, named: tuple[str, ...], context: Query | None = None
    ) -> tuple[Comparison, str]:
        """The comparison a text is read in: explicit, else named, else the conversation's,
        else the server's, else the default."""
        if scope.comparison:
            return self._loaded(scope.comparison), "explicit"
        if named:
            return self.kb.comparison(Counter(named).most_common(1)[0][0]), "library named"
        if context is not None and context.comparison in self.indexes:
            return self.kb.comparison(context.comparison), "conversation"
        if scope.server_comparison and scope.server_comparison in self.indexes:
            return self.kb.comparison(scope.server_comparison), "server setting"
        return self.default, "default"

    def _named_in(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The comparisons of the libraries a text names, one per mention (any comparison)."""
        if not self._several:
            return ()
        return tuple(e.comparison for e in self._libraries.mentions(words, self._all_real_words))

    def _qualified(self, argument: str, scope: Scope) -> tuple[str, Scope]:
        """`keras-vs-mxnet:keras` (a slash choice value) → `keras` in that comparison."""
        comparison, sep, key = argument.partition(QUALIFIER)
        if sep and comparison in self.indexes and key.strip():
            return key.strip(), replace(scope, comparison=comparison)
        return argument, scope

    # Commands --------------------------------------------------------------------------------

    def _command(self, intent: Intent, argument: str, scope: Scope) -> Understanding:
        argument, scope = self._qualified(argument[:MAX_INPUT].strip(), scope)
        words = tuple(normalise(argument).split())
        named = self._named_in(words)
        if not named and self._several and words and intent is not Intent.COMPARE:
            resolution = self.matcher.resolve(argument, EntityKind.LIBRARY)  # `!pros mxnt`, any file
            named = (resolution.entity.comparison,) if resolution.entity else ()
        comparison, chosen_by = self._choose(scope, named)
        index = self.indexes[comparison.id]
        name = BY_INTENT[intent].name
        if intent in {Intent.PROS, Intent.CONS}:  # `pros and cons of mxnet`
            cues = Counter(index.cues_in(tuple(stem(w) for w in words)))
            cues[Cue.PROS if intent is Intent.PROS else Cue.CONS] += 1
            intent = _pros_or_cons(cues) if cues[Cue.PROS] and cues[Cue.CONS] else intent
        kind = ARGUMENTS.get(intent)
        if kind is None:
            query = Query(intent, comparison.id, argument)
        else:
            query = self._with_argument(index, intent, argument, kind)
        return Understanding(query, chosen_by, f"command {name}")

    def _with_argument(
        self, index: ComparisonIndex, intent: Intent, argument: str, kind: EntityKind
    ) -> Query:
        comparison = index.comparison.id
        if not normalise(argument):
            return Query(intent, comparison, argument)
        resolution = index.matcher.resolve(argument, kind)
        named = _named(index, argument, kind)
        if kind is EntityKind.ASPECT and len(named) < 2 and " and " in f" {normalise(argument)} ":
            # `compare them on how hard they are to learn and on how safe they keep you`
            sides = Reading(parse(argument), index, None).aspects_side_by_side
            if sides:
                return Query(intent, comparison, argument, aspects=sides)
        if resolution.entity is None and kind is EntityKind.ASPECT and len(named) > 1:
            # `compare security and flexibility`: each aspect named, side by side.
            aspects = tuple(e.key for e in named[:MAX_ASPECTS])
            return Query(intent, comparison, argument, aspects=aspects)
        if resolution.entity is None and not resolution.ambiguous and len(named) == 1:
            resolution = Resolution(named[0])
        if resolution.entity is None:
            if index.names_nothing_else(argument):
                return Query(intent, comparison, argument)
            return Query(
                Intent.UNKNOWN,
                comparison,
                argument,
                unknown=argument,
                unknown_kind=kind,
                suggestions=tuple(e.name for e in resolution.suggestions),
            )
        entity = resolution.entity
        if kind is EntityKind.ASPECT:
            words = tuple(normalise(argument).split())
            libraries = tuple(e.key for e in index.mentions(words) if e.kind is EntityKind.LIBRARY)
            return Query(intent, comparison, argument, libraries=libraries, aspects=(entity.key,))
        return Query(intent, comparison, argument, libraries=(entity.key,))

    # Free-form questions ---------------------------------------------------------------------

    def scores(self, text: str, scope: Scope = ANYWHERE, context: Query | None = None) -> tuple[str, ...]:
        """How a free-form question was scored (`ask --explain`): its words with their weight,
        and the best passages with their score and how much of the question each covers."""
        question = self._parse(text)
        comparison, _ = self._choose(scope, self._named_in(question.words), context)
        return describe(Reading(question, self.indexes[comparison.id], context))

    def confidence(self, text: str, scope: Scope = ANYWHERE, context: Query | None = None) -> float:
        """How sure the answer to a text is, 0–1: 0 for "not in my knowledge", 1 for a command
        or a remark, else the share of the question's own words the passage that answers (or
        the best one) meets. A help forum's threshold and taught answers weigh against it."""
        understood = self.explain(text, scope, context)
        if not self.answer(understood.query, scope).found:
            return 0.0
        if understood.rule.startswith("command") or understood.rule in UNSCORED_RULES:
            return 1.0
        question = self._parse(text)
        reading = Reading(question, self.indexes[understood.query.comparison], context)
        scored = reading.answered or reading.best
        return 1.0 if scored is None else min(1.0, reading.coverage(scored))

    def _parse(self, text: str) -> Question:
        """The question in a text, its glued words set apart ("whats the downside offlask")."""
        return parse(_WORD.sub(self._word_as_read, text[:MAX_INPUT].strip()))

    def _word_as_read(self, typed: re.Match[str]) -> str:
        """`_spaced_out`, remembered for the words typed most recently (a dict read is what
        every word of every message costs)."""
        word = typed[0]
        found = self._as_read.get(word)
        if found is None:
            if len(self._as_read) >= READING_CACHE_SIZE:
                self._as_read.clear()
            found = self._as_read[word] = self._spaced_out(word)
        return found

    def _spaced_out(self, typed: str) -> str:
        """A word as meant: a slip of the keys in an asking word corrected ("whch": which), so
        that the question is read as asked; or the two words it glues together ("eachhave");
        else as typed — a comparison's own reading corrects the rest."""
        word = typed.lower()
        if word in self._all_real_words:
            return typed
        corrections = {index.corrected(word) for index in self.indexes.values()}
        if corrections != {word}:
            meant = corrections.pop() if len(corrections) == 1 else word
            return meant if meant in ASKING and typed == word else typed
        words = unglued(word, self._names)
        return typed if words is None else " ".join(words)

    def _question(self, question: Question, scope: Scope, context: Query | None) -> Understanding:
        comparison, chosen_by = self._choose(scope, self._named_in(question.words), context)
        rule, query = read(Reading(question, self.indexes[comparison.id], context))
        return Understanding(query, chosen_by, rule.name)


def _a_sentence(text: str, intent: Intent, rest: str) -> bool:
    """ "help me choose between keras and mxnet": a command that takes nothing, written without
    `!` or `/` and followed by more words, is a sentence."""
    return not text.startswith(COMMAND_PREFIXES) and ARGUMENTS.get(intent) is None and len(rest.split()) > 1


def _command_meant(word: str) -> str:
    """A prefixed command word with a slip (`!comapre`, `!prso`, `!compair`) → the command meant."""
    if word in COMMANDS or len(word) < MIN_COMMAND_TYPO_LENGTH:
        return word
    # "!compair": two slips in a long word, when it is no English word ("!compute" is one)
    slips = 2 if len(word) >= LONG_COMMAND_TYPO_LENGTH and zipf(word) < LIST_FLOOR else 1
    close = [name for name in COMMANDS if OSA.distance(word, name) <= slips]
    return close[0] if len(close) == 1 else word


def _named(index: ComparisonIndex, argument: str, kind: EntityKind) -> list[Entity]:
    """`compare keras and mxnet on speed` → the aspects the sentence names."""
    return [e for e in index.mentions(tuple(normalise(argument).split())) if e.kind is kind]
