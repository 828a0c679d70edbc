"""What the quality checks look at in one string: prose, marks, blocks, numbers, words, links.

Every function here depends on its string arguments alone, so each is computed once per
distinct string (bounded `functools.lru_cache`\\ s): a msgid and its msgstr are parsed by
markdown-it once each, not once per check. Results are tuples and read-only mappings, so
no caller can change what the next one is given. ``tests/checks/test_text.py``
holds each shortcut here against the plain computation it replaces.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from babel.messages.catalog import Message
from babel.numbers import get_decimal_symbol, get_group_symbol
from markdown_it import MarkdownIt

from pipeline.source.document import markdown_parser, parse_inline

#: Distinct strings remembered per helper (an article catalog holds about 50): bounded, so
#: even segments of ``MAX_SEGMENT_CHARS`` keep it to megabytes.
CACHE_SIZE = 1024

URL = re.compile(r"(?:https?|ftp)://[^\s<>\"]+|www\.[^\s<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f’']\d+)*")
_DIGITS = re.compile(r"\d+")
_NON_DIGIT = re.compile(r"\D")
#: What `URL` cannot match without: each of its three branches needs one of these.
_URL_NEEDS = ("://", "www.", "@")
CLOSING = "\"'”’»)]*_ "
END_NAMES = {
    ".": "a full stop",
    "?": "a question mark",
    "!": "an exclamation mark",
    ":": "a colon",
    ";": "a semicolon",
    "…": "an ellipsis",
    "": "no punctuation",
}
END_FLAGS = {
    ".": "ignore-end-stop",
    "?": "ignore-end-question",
    "!": "ignore-end-exclamation",
    ":": "ignore-end-colon",
    ";": "ignore-end-semicolon",
    "…": "ignore-end-ellipsis",
}
#: Dutch words English never uses; words English shares (is, over, die, met, door, …) left out.
DUTCH = frozenset(
    "de het een en van zijn niet voor op dat wordt worden ook bij naar aan om maar als dan "
    "nog wel geen hebben heeft kan kunnen deze dit er uit tot zoals waarbij te ze hij zij wij "
    "hun zich werd werden zou zouden moet moeten kon omdat wanneer waar wat wie hoe welke "
    "tussen onder tegen zonder dus echter daarom waardoor waarin hetgeen tijdens volgens "
    "vaak zeer alle andere beide heel hele veel meer hier daar hierbij daarbij ook alleen "
    "reeds steeds eerst".split()
)
#: Lowercase words that belong to a name when a capitalised word follows (Jeroen de Baaij).
_PARTICLES = frozenset("de van der den ten ter te von et la le du di da del della dos y".split())
NL_NUMBERS = {
    w: str(n)
    for n, w in enumerate(
        "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien "
        "vijftien zestien zeventien achttien negentien twintig".split()
    )
    if n != 1
}
NL_NUMBERS.update(dertig="30", veertig="40", vijftig="50", honderd="100", duizend="1000")
#: Inline token types the markdown check counts, and what to call them.
_MARKS = {"em_open": "emphasis", "strong_open": "strong emphasis", "hardbreak": "hard line break"}
#: Text without markdown-it's inline ``_TerminatorChars`` (where its rules other than
#: ``text`` start): the parser makes it one text token.
_PLAIN_INLINE = re.compile(r"[^\n!#$%&*+\-:<=>@\[\\\]^_`{}~]+")
#: The block structure of a plain paragraph.
PLAIN: tuple[tuple[str, str], ...] = (("paragraph", ""),)
#: A line no block rule claims. They start at indentation or an ASCII marker (``#``, ``>``,
#: ``-``, ``*``, ``+``, ``_``, ``=``, a fence, ``|``, ``:``, ``[``, ``<``, or digits and
#: ``.`` or ``)`` as in ``1986. ``); a letter first, or digits and something else, is none,
#: so lines like this make one paragraph: none interrupts it, underlines it or is a table's.
_PLAIN_LINE = re.compile(r"(?:[^\W\d_]|[0-9]+[^0-9.)])[^\n]*")


@dataclass(frozen=True, slots=True)
class Inline:
    """One string's inline Markdown, read once for every check that needs it."""

    #: The text outside markup, code, URLs and placeholders: what words and numbers are in.
    prose: str
    #: How often each mark the markdown check compares occurs (read-only).
    marks: Mapping[str, int]
    #: The addresses in the prose (URLs, email addresses), trailing punctuation stripped.
    urls: tuple[str, ...]


@lru_cache(maxsize=CACHE_SIZE)
def inline(text: str) -> Inline:
    """``text`` parsed as one block's inline content, and what the checks read from it."""
    marks: dict[str, int] = {}
    if _PLAIN_INLINE.fullmatch(text):  # one text token: no markup
        with_urls = text
    else:
        with_urls, marks = _read_inline(text)
    urls = _urls_in(with_urls)
    prose = URL.sub(_keep_end, with_urls) if _may_have_url(with_urls) else with_urls
    if "%(" in prose:
        prose = NAMED_PLACEHOLDER.sub(" ", prose)
    return Inline(prose, MappingProxyType(marks), urls)


def _read_inline(text: str) -> tuple[str, dict[str, int]]:
    """The prose of ``text`` with URLs and placeholders, and how often each mark occurs."""
    parts: list[str] = []
    marks: Counter[str] = Counter()
    for token in parse_inline(text, {}):
        kind = token.type
        if kind == "text":
            parts.append(token.content)
        elif kind == "image":
            parts.append(token.content)  # the alt text is translated
            marks[f"image {token.attrGet('src')!r}"] += 1
        elif kind == "code_inline":
            parts.append(" ")  # code stays as it is: no words, no numbers from it
            marks[f"code span `{token.content}`"] += 1
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append(" ")
            marks[_MARKS[kind]] += 1
        elif kind == "link_open":
            marks[f"link to {token.attrGet('href')!r}"] += 1
        elif kind in _MARKS:
            marks[_MARKS[kind]] += 1
    return "".join(parts), dict(marks)


def _may_have_url(text: str) -> bool:
    return any(needed in text for needed in _URL_NEEDS)


#: What ends a sentence after an address rather than belonging to it.
_TRAILING = ".,;:!?)]'’”"


def _keep_end(found: re.Match[str]) -> str:
    """An address out of the prose, the punctuation after it kept (a sentence's full stop)."""
    url = found.group(0)
    return " " + url[len(url.rstrip(_TRAILING)) :]


def _urls_in(prose: str) -> tuple[str, ...]:
    if not _may_have_url(prose):
        return ()
    return tuple(u.rstrip(_TRAILING) for u in URL.findall(prose))


@lru_cache(maxsize=CACHE_SIZE)
def blocks(text: str) -> tuple[tuple[str, str], ...]:
    """The block structure Markdown sees in ``text``: (type, marker) per block token."""
    if "\r" not in text and all(_PLAIN_LINE.fullmatch(line) for line in text.split("\n")):
        return PLAIN  # most entries: one paragraph, no block rule to try
    return tuple(
        (t.type.removesuffix("_open"), t.markup)
        for t in _block_parser().parse(text, {})
        if t.nesting == 1 or (t.nesting == 0 and t.type != "inline")
    )


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The pipeline's parser without inline parsing: the same block tokens, sooner."""
    md = getattr(markdown_parser, "__wrapped__", markdown_parser)()  # a new one, not the shared
    md.disable("inline")  # the core rule that parses each block's inline content
    return md


@lru_cache(maxsize=CACHE_SIZE)
def number_values(prose: str, lang: str, fallback: str | None) -> tuple[tuple[str, str], ...]:
    """(as written, value) for each number, read with ``lang``'s separators."""
    found: list[tuple[str, str]] = []
    for text in _NUMBER.findall(prose):
        value = read_number(text, lang)
        if value is None and fallback is not None:  # a Dutch source may quote "2.7"
            value = read_number(text, fallback)
        # Not a number in this locale ("2,7" in English): its digit runs must match singly.
        found += (
            [(text, value)] if value is not None else [(text, v) for v in _DIGITS.findall(text)]
        )
    return tuple(found)


def read_number(text: str, lang: str) -> str | None:
    """The value of ``text`` (digits and separators) in ``lang``, or ``None``."""
    match = number_pattern(lang).fullmatch(text)
    if match is None:
        return None
    whole = _NON_DIGIT.sub("", match.group(1))
    return whole + ("." + match.group(2) if match.group(2) else "")


@lru_cache(maxsize=64)
def number_pattern(lang: str) -> re.Pattern[str]:
    """A number with ``lang``'s group and decimal symbols (babel parses the locale each call)."""
    group, decimal = re.escape(get_group_symbol(lang)), re.escape(get_decimal_symbol(lang))
    return re.compile(rf"(\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(\d+))?")


@lru_cache(maxsize=CACHE_SIZE)
def words(prose: str) -> tuple[str, ...]:
    """The words of ``prose`` without acronyms and name particles (van Gogh, Pierre et Marie)."""
    found = [w for w in WORD.findall(prose) if not (len(w) > 1 and w.isupper())]
    kept = []
    following = ""  # the first word after this one that is not a particle
    for word in reversed(found):
        if not (word in _PARTICLES and following[:1].isupper() and following[1:2].islower()):
            kept.append(word)  # not a particle before a name (Baaij, not NMDA)
        if word not in _PARTICLES:
            following = word
    kept.reverse()
    return tuple(kept)


def end_mark(prose: str) -> str:
    """The punctuation mark ``prose`` ends with (before quotes and brackets), or ``""``."""
    text = INVISIBLE.sub("", prose).rstrip(CLOSING).replace("...", "…")
    return text[-1] if text and text[-1] in END_FLAGS else ""


@lru_cache(maxsize=1)
def _any_link_parser() -> MarkdownIt:
    """The pipeline's parser, but turning every link into a link, so its target is seen."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=CACHE_SIZE)
def link_targets(text: str) -> tuple[str, ...]:
    """Every link and image target in ``text``, in order, whatever its scheme."""
    if "](" not in text and "<" not in text and "]:" not in text and "][" not in text:
        return ()  # no link syntax: most entries
    return tuple(
        str(token.attrGet("href") or token.attrGet("src") or "")
        for block in _any_link_parser().parse(text, {})
        for token in block.children or []
        if token.type in ("link_open", "image")
    )


def pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) for each form: singular with form 0, plural with the rest."""
    if isinstance(message.id, str):
        return [(message.id, str(message.string or ""))]
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [""]
    return [(message.id[min(i, 1)], s or "") for i, s in enumerate(strings)]
