"""Answering at the shell: `python -m bot ask QUESTION`, `ask --jsonl`, and the console's lines.

Each conversation (a console session, a `--jsonl` conversation id) keeps its last question
for follow-ups; a lone `ask` has none, so "why?" there is told there is nothing before it (the
engine's answer, as in Discord). A `--jsonl` line that starts like JSON but is not a question
object gets an error object on its output line, never an answer to its raw text.
"""

from __future__ import annotations

import json
import math
from typing import TextIO

from bot.core.conversation import Conversations
from bot.core.engine import Engine
from bot.core.query import Query, Scope
from bot.core.render import to_text

JSONL_SHAPE = '{"question": "…", "conversation": "ID"}'


class MalformedLine(ValueError):
    """A `--jsonl` line that looks like JSON but is not a question object."""


def respond(engine: Engine, text: str, scope: Scope, context: Query | None) -> tuple[str, Query | None]:
    """The plain-text answer to `text` after `context` (None: nothing before it), and what the
    session should remember for the next follow-up (None: keep what it had)."""
    answer, remember = engine.respond(text, scope=scope, context=context)
    return to_text(answer, markdown=False), remember


def answer_lines(engine: Engine, scope: Scope, lines: TextIO, out: TextIO) -> int:
    """`--jsonl`: a plain line is a question on its own; a JSON line
    `{"question": …, "conversation": ID}` shares context with earlier lines of that id. Each
    line gets one JSON line: `{"question", "answer"}`, or `{"line", "error"}` for a malformed
    one. Returns how many lines were malformed."""
    conversations = Conversations(ttl=math.inf)
    malformed = 0
    for number, line in enumerate(lines, start=1):
        try:
            question, conversation = jsonl_question(line.rstrip("\n"))
        except MalformedLine as exc:
            malformed += 1
            _write(out, {"line": number, "error": str(exc)})
            continue
        context = conversations.recall(conversation) if conversation is not None else None
        answer, remember = respond(engine, question, scope, context)
        if conversation is not None:
            conversations.remember(conversation, remember)
        _write(out, {"question": question, "answer": answer})
    out.flush()
    return malformed


def jsonl_question(line: str) -> tuple[str, str | None]:
    """A `--jsonl` line's question and conversation id (None: on its own); MalformedLine if it
    starts with `{` but is not a JSON object with a string `question`."""
    if not line.lstrip().startswith("{"):
        return line, None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedLine(f"not valid JSON ({exc.msg}, column {exc.colno}): write {JSONL_SHAPE}") from None
    if not isinstance(data.get("question"), str):  # starting with "{", valid JSON is an object
        raise MalformedLine(f'a JSON line needs "question" as a string: write {JSONL_SHAPE}')
    conversation = data.get("conversation")
    return data["question"], None if conversation is None else str(conversation)


def _write(out: TextIO, entry: dict[str, object]) -> None:
    out.write(json.dumps(entry, ensure_ascii=False))
    out.write("\n")
