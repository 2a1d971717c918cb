"""Answer → text: Discord markdown for the bot's `style text`, plain for the console and CLI.

Two span renderers say how each kind of span looks: `markdown_span` escapes plain words
and the user's words for Discord and marks up the rest; `plain_span` prints every word as
it is, the user's exactly as typed. `fit` cuts a `Text` to a limit between characters of
its spans, before they are rendered, so a cut never splits an escape or a pair of markers.
The text always fits one Discord message (2000 characters): fields that do not fit are
dropped from the end and counted in a final line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from bot.core.answer import (
    CONTENT_LIMIT,
    ELLIPSIS,
    Answer,
    Span,
    Style,
    Text,
    defuse_mentions,
    discord_safe,
    join,
    text,
)

SpanRenderer = Callable[[Span], str]
BLOCK_SEPARATOR = "\n\n"
# Renderings are kept, like the engine keeps answers: both are immutable, and a knowledge
# base has few distinct answers, so most messages reuse one.
RENDER_CACHE_SIZE = 1024


def markdown_span(span: Span) -> str:
    """A span as Discord markdown; nothing in it can ping."""
    match span.style:
        case Style.STRONG:
            return f"**{discord_safe(span.text)}**"
        case Style.HEADING:
            return f"__{discord_safe(span.text)}__"
        case Style.CODE if "`" not in span.text:  # a backtick would end the code span early
            return f"`{defuse_mentions(span.text)}`"
        case _:
            return discord_safe(span.text)


def plain_span(span: Span) -> str:
    """A span as a terminal shows it: the words alone, no markup, nothing escaped."""
    return span.text


def render(content: Text, style: SpanRenderer) -> str:
    return "".join(style(span) for span in content.spans)


def fit(content: Text, limit: int, style: SpanRenderer) -> str:
    """`content` rendered in at most `limit` characters, ending in an ellipsis when cut."""
    whole = render(content, style)
    if len(whole) <= limit:
        return whole
    kept, too_many = 0, len(content.plain)  # characters of `content` kept; `kept` always fits
    while too_many - kept > 1:
        middle = (kept + too_many) // 2
        if len(render(_cut(content, middle), style)) <= limit:
            kept = middle
        else:
            too_many = middle
    shown = render(_cut(content, kept), style)
    return shown if len(shown) <= limit else ""


def _cut(content: Text, keep: int) -> Text:
    """The first `keep` characters of `content`, trailing spaces dropped, then an ellipsis."""
    spans: list[Span] = []
    for span in content.spans:
        if keep <= 0:
            break
        spans.append(Span(span.text[:keep], span.style))
        keep -= len(span.text)
    while spans and not spans[-1].text.rstrip():
        spans.pop()
    if spans:
        spans[-1] = Span(spans[-1].text.rstrip(), spans[-1].style)
    return text(*spans, ELLIPSIS)


@lru_cache(maxsize=RENDER_CACHE_SIZE)
def to_text(answer: Answer, limit: int = CONTENT_LIMIT, *, markdown: bool = True) -> str:
    """The answer as text of at most `limit` characters; `markdown=False` for a terminal."""
    style = markdown_span if markdown else plain_span
    head = [text(Span(answer.title, Style.STRONG)), answer.summary]
    tail = [text("Note: ", note) for note in answer.notes]
    if answer.source:
        tail.append(text(f"Source: {answer.source}"))
    blocks = [text(Span(f.name, Style.HEADING), "\n", f.value) for f in answer.fields]
    fixed = sum(len(render(part, style)) + len(BLOCK_SEPARATOR) for part in head + tail)
    kept = _blocks_that_fit(blocks, fixed, limit, style)
    return fit(join([*head, *kept, *tail], BLOCK_SEPARATOR), limit, style)


def _blocks_that_fit(blocks: list[Text], used: int, limit: int, style: SpanRenderer) -> list[Text]:
    """As many `blocks` as fit in `limit` beside `used` characters, then a count of the rest."""
    kept: list[Text] = []
    for index, block in enumerate(blocks):
        size = len(render(block, style)) + len(BLOCK_SEPARATOR)
        remaining = len(blocks) - index - 1
        reserve = len(f"(+{remaining} more)") + len(BLOCK_SEPARATOR) if remaining else 0
        if used + size + reserve > limit:
            return [*kept, text(f"(+{len(blocks) - index} more)")]
        kept.append(block)
        used += size
    return kept
