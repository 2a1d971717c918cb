"""The answer commands (`compare`, `pros`, …): one table that the engine, the Discord cogs
and the help text all read.

Each command names what it asks (an `Intent`), what its one argument names (an aspect, a
library, or nothing) and what it answers, in words the help and the slash command show. A
new answer command is one entry here (and, for Discord, its method in cogs/comparison.py,
which a test requires); the engine reads it by name, and the help lists it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import Comparison
from bot.core.matching import EntityKind
from bot.core.query import Intent

GENERIC_SOURCE = "the article"  # the source, where no comparison is at hand (slash descriptions)


@dataclass(frozen=True)
class AnswerCommand:
    name: str
    intent: Intent
    argument: EntityKind | None  # what the text after the name names; None: nothing
    summary: str  # what it answers, a phrase; `{source}`: the comparison's source_name

    @property
    def usage(self) -> str:
        """The command as help shows it: `compare [aspect]`."""
        return f"{self.name} [{self.argument.value}]" if self.argument else self.name

    def describe(self, source: str = GENERIC_SOURCE) -> str:
        """What it answers, as a sentence (a slash command's description: at most 100 characters)."""
        phrase = self.summary.format(source=source)
        return phrase[:1].upper() + phrase[1:] + "."

    def example(self, comparison: Comparison, nth: int = 0) -> str:
        """The command as a user would type it in `comparison`, naming its nth aspect or library."""
        if self.argument is EntityKind.ASPECT:
            keys = [aspect.key for aspect in comparison.aspects]
        elif self.argument is EntityKind.LIBRARY:
            keys = [library.key for library in comparison.libraries]
        else:
            return self.name
        return f"{self.name} {keys[nth % len(keys)]}"


ANSWER_COMMANDS: tuple[AnswerCommand, ...] = (
    AnswerCommand(
        "compare",
        Intent.COMPARE,
        EntityKind.ASPECT,
        "the libraries side by side on one aspect; no aspect: the whole ratings table",
    ),
    AnswerCommand("pros", Intent.PROS, EntityKind.LIBRARY, "what {source} lists as a library's strengths"),
    AnswerCommand("cons", Intent.CONS, EntityKind.LIBRARY, "what {source} lists as a library's weaknesses"),
    AnswerCommand(
        "about", Intent.ABOUT, EntityKind.LIBRARY, "what a library is: overview, ratings, pros and cons"
    ),
    AnswerCommand(
        "stats", Intent.STATS, EntityKind.LIBRARY, "the statistics {source} gives, on one library or all"
    ),
    AnswerCommand("help", Intent.HELP, None, "what Versus can do, with examples"),
)
BY_NAME = {command.name: command for command in ANSWER_COMMANDS}
BY_INTENT = {command.intent: command for command in ANSWER_COMMANDS}
COMMANDS: dict[str, Intent] = {command.name: command.intent for command in ANSWER_COMMANDS}
# What each intent's argument names; "pros and cons of mxnet" is read as a pros command.
ARGUMENTS: dict[Intent, EntityKind | None] = {
    **{command.intent: command.argument for command in ANSWER_COMMANDS},
    Intent.PROS_AND_CONS: EntityKind.LIBRARY,
}
