"""The checks of what must survive translation unchanged: Markdown, placeholders, numbers,
addresses, invisible characters, link schemes, raw HTML and line breaks."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence

from pipeline.checks.pair import Context, Pair, Problem
from pipeline.checks.text import (
    INVISIBLE,
    NL_NUMBERS,
    PLACEHOLDER,
    PLAIN,
    WORD,
    blocks,
    link_targets,
    number_values,
)
from pipeline.source.document import is_safe_link

#: A raw HTML tag or comment as written in text (``<script>``, ``<img onerror=…>``,
#: ``</b>``, ``<!--``): the name is what is compared between the sides.
HTML_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>?|<!--|<!\[CDATA\[|<\?")
#: What breaks a line: a newline, a carriage return, and Unicode's line and paragraph
#: separators (a browser, an e-mail client or a PDF may each break there).
LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")
_BREAK_NAMES = {
    "\n": "a newline",
    "\r": "a carriage return",
    "\r\n": "a newline (CR LF)",
    "\u2028": "U+2028 LINE SEPARATOR",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR",
}

_BLOCK_NAMES = {
    "paragraph": "a paragraph",
    "heading": "a heading",
    "blockquote": "a quote",
    "bullet_list": "a bulleted list",
    "ordered_list": "a numbered list",
    "code_block": "an indented code block",
    "fence": "a code fence",
    "hr": "a horizontal rule",
    "table": "a table",
    "front_matter": "front matter",
}


def markdown(pair: Pair, context: Context) -> list[Problem]:
    problems = []
    source_marks, target_marks = pair.source_inline.marks, pair.translation_inline.marks
    if source_marks != target_marks:
        for difference in _differences(source_marks, target_marks):
            links = difference.startswith(("link", "image"))
            problems.append(
                Problem(difference, ("ignore-md-link" if links else "ignore-md-syntax",))
            )
    # The msgid is one block's inline content: the translation must parse to the same
    # block shape, or a leading "# " or "1986. " would turn prose into a heading or list.
    translation = blocks(pair.translation)
    if translation != PLAIN:  # a plain paragraph injects nothing
        source = blocks(pair.source)
        if translation != source:
            problems.append(
                Problem(
                    f"the translation parses as {_describe(translation)}, "
                    f"the source as {_describe(source)}",
                    ("ignore-md-syntax",),
                )
            )
    for end, what in (("\\", "a backslash"), ("  ", "two spaces")):
        if pair.translation.endswith(end) and not pair.source.endswith(end):
            problems.append(
                Problem(
                    f"the translation ends with {what} (a hard line break)", ("ignore-md-syntax",)
                )
            )
    return problems


def placeholders(pair: Pair, context: Context) -> list[Problem]:
    if not pair.formatted:
        return []
    return [
        Problem(d)
        for d in _differences(
            Counter(f"placeholder {p!r}" for p in PLACEHOLDER.findall(pair.source)),
            Counter(f"placeholder {p!r}" for p in PLACEHOLDER.findall(pair.translation)),
        )
    ]


def numbers(pair: Pair, context: Context) -> list[Problem]:
    source = number_values(pair.source_prose, context.source_lang, context.target_lang)
    target = number_values(pair.translation_prose, context.target_lang, None)
    if source == target:  # most entries: the same numbers, or none
        return []
    missing = _subtract(source, target)
    extra = _subtract(target, source)
    if extra and context.source_lang == "nl":  # "zeven" may become "7"
        spelled = {
            NL_NUMBERS[w] for w in WORD.findall(pair.source_prose.lower()) if w in NL_NUMBERS
        }
        extra = [(text, value) for text, value in extra if value not in spelled]
    return [Problem(f"{text!r} has no counterpart in the translation") for text, _ in missing] + [
        Problem(f"{text!r} in the translation has no counterpart in the source")
        for text, _ in extra
    ]


def urls(pair: Pair, context: Context) -> list[Problem]:
    source, target = pair.source_inline.urls, pair.translation_inline.urls
    if source == target:  # most entries: none
        return []
    return [
        Problem(d)
        for d in _differences(
            Counter(f"address {u!r}" for u in source), Counter(f"address {u!r}" for u in target)
        )
    ]


def invisible(pair: Pair, context: Context) -> list[Problem]:
    targets = INVISIBLE.findall(pair.translation)
    if not targets:
        return []
    source = Counter(INVISIBLE.findall(pair.source))
    problems = []
    for char, count in Counter(targets).items():
        if count > source[char]:
            name = unicodedata.name(char, "control character")
            flags = ("ignore-zero-width-space",) if char == "\u200b" else ()
            problems.append(
                Problem(f"U+{ord(char):04X} {name} in the translation is not in the source", flags)
            )
    return problems


def unsafe_link(pair: Pair, context: Context) -> list[Problem]:
    return unsafe_in(pair.source, "source") + unsafe_in(pair.translation, "translation")


def unsafe_in(text: str, side: str) -> list[Problem]:
    """A problem for each link or image target in ``text`` that publishing refuses."""
    found = []
    for target in dict.fromkeys(link_targets(text)):
        if not is_safe_link(target):
            shown = target if len(target) <= 60 else target[:57] + "..."
            found.append(
                Problem(
                    f"the {side} links to {shown!r}: only http, https, mailto "
                    "and relative links are published; it shows as plain text"
                )
            )
    return found


def html(pair: Pair, context: Context) -> list[Problem]:
    """Raw HTML in the translation that the source does not have: published pages escape
    it, but a feed reader or an e-mail client may not (``<script>``, ``<img onerror>``)."""
    if "<" not in pair.translation:
        return []
    target = Counter(_tags(pair.translation_prose))
    if not target:
        return []
    source = Counter(_tags(pair.source_prose))
    return [
        Problem(f"raw HTML {tag} in the translation is not in the source")
        for tag, count in target.items()
        if count > source[tag]
    ]


def line_break(pair: Pair, context: Context) -> list[Problem]:
    """A line break in the translation that the source segment does not have."""
    target = Counter(LINE_BREAK.findall(pair.translation))
    if not target:
        return []
    source = Counter(LINE_BREAK.findall(pair.source))
    return [
        Problem(f"{_BREAK_NAMES[mark]} in the translation is not in the source")
        for mark, count in target.items()
        if count > source[mark]
    ]


def blank(pair: Pair, context: Context) -> list[Problem]:
    """A translation of nothing but spaces (it reads as translated, and publishes nothing)."""
    if pair.translation.strip() or not pair.source.strip():
        return []
    return [Problem("the translation is only whitespace")]


def _tags(text: str) -> list[str]:
    found = []
    for match in HTML_TAG.finditer(text):
        name = match.group(1)
        found.append(f"<{name.lower()}>" if name else repr(match.group(0)))
    return found


# ---------------------------------------------------------------- comparing the sides


def _differences(source: Mapping[str, int], target: Mapping[str, int]) -> list[str]:
    """A sentence for each item the two sides hold a different number of times."""
    result = []
    for item in sorted(source.keys() | target.keys()):
        s, t = source.get(item, 0), target.get(item, 0)
        if t == 0:
            result.append(f"{item} is missing from the translation")
        elif s == 0:
            result.append(f"{item} is in the translation, not in the source")
        elif s != t:
            result.append(f"{item}: {s} in the source, {t} in the translation")
    return result


def _describe(found: tuple[tuple[str, str], ...]) -> str:
    if not found:
        return "nothing (a link reference definition?)"
    kind, marker = found[0]
    name = _BLOCK_NAMES.get(kind, kind) + (f" ({marker!r})" if marker else "")
    if len(found) > 1 and kind == "paragraph":
        return f"{name} and more blocks (a blank line or a block marker inside)"
    return name


def _subtract(
    left: Sequence[tuple[str, str]], right: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    remaining = Counter(value for _, value in right)
    result = []
    for text, value in left:
        if remaining[value]:
            remaining[value] -= 1
        else:
            result.append((text, value))
    return result
