"""Answer → text: Discord markdown for the bot's `style text`, plain for the console and CLI.

The text always fits one Discord message (2000 characters): fields that do not fit are
dropped from the end and counted in a final line.
"""

from __future__ import annotations

from bot.answer import CONTENT_LIMIT, Answer, clip


def to_text(answer: Answer, limit: int = CONTENT_LIMIT, *, markdown: bool = True) -> str:
    """The answer as text of at most `limit` characters; `markdown=False` for a terminal."""
    if not markdown:
        return _unmarked(to_text(answer, limit))
    head = [f"**{answer.title}**", answer.summary]
    tail = [f"Note: {note}" for note in answer.notes]
    if answer.source:
        tail.append(f"Source: {answer.source}")
    blocks = [_field(f.name, f.value) for f in answer.fields]
    fixed = len("\n\n".join(head + tail)) + 2
    kept: list[str] = []
    used = fixed
    for index, block in enumerate(blocks):
        remaining = len(blocks) - index - 1
        reserve = len(f"(+{remaining} more)") + 2 if remaining else 0
        if used + len(block) + 2 + reserve > limit:
            kept.append(f"(+{len(blocks) - index} more)")
            break
        kept.append(block)
        used += len(block) + 2
    return clip("\n\n".join([*head, *kept, *tail]), limit)


def _field(name: str, value: str) -> str:
    return f"__{name}__\n{value}"


def _unmarked(text: str) -> str:
    """Discord markdown (bold, underlined headings, code spans) taken out."""
    return text.replace("**", "").replace("__", "").replace("`", "")
