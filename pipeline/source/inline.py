"""The msgid form of a block's inline markup: its line endings joined where that changes nothing.

markdown-it reads a line ending in inline content in one of three ways: as a soft or
hard break, as a space inside a code span, or as blank space inside a link's
``(destination "title")``. Only a soft break may become a space with the blanks around
it dropped; the parse itself says which is which (`record_line_ends`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline, backtick, escape, image, newline

#: The key of markdown-it's ``env`` under which a parse records its line endings.
_RECORD_KEY = "pipeline_line_ends"
#: A line ending inside inline content with the blanks around it.
_LINE_END = re.compile(r"([ \t]*)\n[ \t]*")


@dataclass(slots=True)
class _LineEnds:
    """What one inline parse read at each line ending (filled in as it goes, so not frozen)."""

    #: Offset of each line ending read as a break: ``True`` for a hard break.
    breaks: dict[int, bool] = field(default_factory=dict)
    #: Each code span's ``(start, end)`` offsets, backticks included.
    code: list[tuple[int, int]] = field(default_factory=list)
    #: Offset of the text being parsed: an image's alt text is parsed as a text of its own.
    offsets: list[int] = field(default_factory=lambda: [0])


def record_line_ends(md: MarkdownIt) -> None:
    """Make ``md``'s inline rules note, when a parse asks (`normalise`), how they read
    each line ending; any other parse pays one dictionary look-up per rule call."""
    ruler = md.inline.ruler
    ruler.at("newline", _breaks(newline))
    ruler.at("escape", _breaks(escape))
    ruler.at("backticks", _code_spans)
    ruler.at("image", _image)


def _record(state: StateInline, silent: bool) -> _LineEnds | None:
    return None if silent else state.env.get(_RECORD_KEY)


def _breaks(rule: Any) -> Any:
    def recording(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        record = _record(state, silent)
        # The line ending is at ``start`` (newline), or after a backslash (escape).
        at = start + 1 if state.src[start] == "\\" else start
        if record is not None and state.src[at : at + 1] == "\n":
            hard = state.tokens[-1].type == "hardbreak"
            record.breaks[record.offsets[-1] + at] = hard
        return True

    return recording


def _code_spans(state: StateInline, silent: bool) -> bool:
    start, count = state.pos, len(state.tokens)
    if not backtick(state, silent):
        return False
    record = _record(state, silent)
    if record is not None and len(state.tokens) > count and state.tokens[-1].type == "code_inline":
        offset = record.offsets[-1]
        record.code.append((offset + start, offset + state.pos))
    return True


def _image(state: StateInline, silent: bool) -> bool:
    record = _record(state, silent)
    if record is None:
        return image(state, silent)
    record.offsets.append(record.offsets[-1] + state.pos + 2)  # after ``![``
    try:
        return image(state, silent)
    finally:
        record.offsets.pop()


def normalise(content: str, md: MarkdownIt, env: dict[str, Any]) -> str:
    """``content`` with each soft break a single space (see `normalise_inline`).

    A line ending inside a code span becomes the space markdown-it reads there, its
    blanks kept (they are the code's); one inside a link's destination or title,
    and a soft break that would let a ``<…>`` destination close on the next line,
    stay as they are.
    """
    if "\n" not in content:
        return content
    record = _LineEnds()
    md.inline.parse(content, md, {**env, _RECORD_KEY: record}, [])
    spans = sorted(record.code)
    parts: list[str] = []
    last = 0
    for match in _LINE_END.finditer(content):
        end = match.start() + len(match.group(1))  # the line ending itself
        hard = record.breaks.get(end)
        if _inside(spans, end):
            joined = match.group().replace("\n", " ")
        elif hard:
            joined = match.group(1) + "\n"
        elif hard is None or _destination_open(content, end):
            joined = match.group()
        else:
            joined = " "
        parts += (content[last : match.start()], joined)
        last = match.end()
    parts.append(content[last:])
    return "".join(parts)


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` is inside one of ``spans`` (sorted; code spans never overlap)."""
    i = bisect.bisect(spans, (offset, offset))
    return i > 0 and spans[i - 1][1] > offset


def _destination_open(content: str, end: int) -> bool:
    """Whether ``](<`` opens a link destination that is still open at ``end``.

    CommonMark allows spaces between ``<`` and ``>``, not a line ending: ``[a](<b`` +
    line ending + ``c>)`` is text, and would be a link once the line is joined.
    """
    line_start = content.rfind("\n", 0, end) + 1
    opener = -1
    i = line_start
    while i < end:
        char = content[i]
        if char == "\\":
            i += 2
            continue
        if char == "<":
            opener = i
        elif char == ">":
            opener = -1
        i += 1
    if opener < 0:
        return False
    # ``](`` and ``<`` may have blanks and one line ending between them.
    previous_line = content.rfind("\n", 0, max(line_start - 1, 0)) + 1
    before = content[previous_line:opener].rstrip(" \t")
    return before.removesuffix("\n").rstrip(" \t").endswith("](")
