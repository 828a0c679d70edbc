"""GNU gettext's string wrapping: where msgcat 0.21 breaks a PO string into lines.

``wrap`` gives the lines of ``msgid "…"`` (or any keyword) exactly as write-po.c's
wrap() does, with libunistring 1.0's line-break rules (UAX #14) at 79 columns.
``wrap_reference`` follows the C code unit by unit; ``wrap`` takes a faster path
where that is provably the same (see "fast wrapping" below) and memoises.
"""

from __future__ import annotations

import functools
import re

from pipeline.po.formats import directive_spans
from pipeline.po.linebreak import (
    LB_CLASSES,
    LB_INDEX,
    LB_TABLE,
    YES,
    char_width,
    lb_class,
    width_breaks,
)
from pipeline.po.syntax import ESCAPES as _ESCAPES

#: msgcat's page width: a line holds at most this many columns.
PAGE_WIDTH = 79


def wrap_reference(prefix: str, name: str, value: str, wrap: bool, language: str = "") -> list[str]:
    """Lines for ``name "value"``, broken like write-po.c's wrap().

    The exact, general (and slow: several passes per character) implementation;
    `_wrap_fast` gives the same lines for the text it accepts.
    """
    inside = {k for start, end in directive_spans(language, value) for k in range(start + 1, end)}
    portions: list[str] = []
    start = 0
    while True:  # one portion per '\n'-terminated piece, at least one
        end = value.find("\n", start)
        if end < 0 or end + 1 == len(value):
            portions.append(value[start:])
            break
        portions.append(value[start : end + 1])
        start = end + 1
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if wrap else 1 << 30) - 1 - after_break
    lines: list[str] = []
    first = True
    offset = 0  # of the portion in value
    for index, portion in enumerate(portions):
        units: list[str] = []
        fixed: list[bool] = []
        for k, ch in enumerate(portion, offset):
            if ch in _ESCAPES:
                units += ["\\", _ESCAPES[ch]]
                fixed += [k in inside, True]
            else:
                units.append(ch)
                fixed.append(k in inside)
        offset += len(portion)
        if portion.endswith("\n"):
            fixed[-2] = True  # don't break right before the final "\n"
        while True:
            column = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            breaks = width_breaks(units, width, column, fixed)
            if first and units and (index + 1 < len(portions) or column > width or YES in breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        line = prefix + (name + " " if first else "") + '"'
        first = False
        for unit, brk in zip(units, breaks, strict=True):
            if brk == YES:
                lines.append(line + '"')
                line = prefix + '"'
            line += unit
        lines.append(line + '"')
    return lines


# ---------------------------------------------------------------- fast wrapping
#
# `wrap_reference` costs a few Python operations per character, several times over
# (escaping, `possible_breaks`, `width_breaks`, building lines one unit at a time);
# it dominated writing a catalog.  `_wrap_fast` produces the same lines for the text
# nearly every string is -- no format directives, only "simple" characters -- with the
# per-character work done in C (`re`, `str` methods) and Python work only per line (and
# per non-ASCII character).  Why it is the same, rule by rule:
#
# * Simple characters (`_simple_class`): the space (SP, only " "), and those whose
#   line-break class is a row of the pair table other than HL and ZWJ and whose
#   display width is 1.  So, in `possible_breaks`: no BK (no mandatory break), no ZW,
#   no CM or ZWJ (LB8a, LB9 and LB10 never apply: ``after_zwj`` stays false), no HL
#   (LB21a never applies).  What remains is: never a break before a space; none
#   before the first non-space character (``last == "BK"``); before any other
#   character Y whose last non-space predecessor is X, a break iff the table says D,
#   or says I and spaces came between.  `_marks` marks exactly those positions (see
#   `_break_patterns`).
# * ``fixed`` units: the second unit of an escape (``\n`` -> ``\``, ``n``) follows a
#   backslash (PR) directly, and of those pairs the table says D only for PR PR (an
#   escaped ``\``); `_marks` unmarks every escape's second unit all the same (text
#   without a backslash has none), and the unit before a portion's final ``\n``
#   (its ``\``), as ``fixed[-2]`` does.  Format directives are the other fixed units:
#   `_wrap` takes this path only for text without any.
# * Widths: every unit is one column, so the width of a piece of text is its length:
#   `_fit` finds the breaks `width_breaks` takes by searching the marks (``rfind``)
#   once per line instead of walking the units.  The "whole text fits" shortcut of
#   `width_breaks` is ``column + n <= width``.
# * Lines are then slices of the escaped text between the chosen breaks.

_FAST_CLASSES = tuple(name for name in LB_CLASSES if name not in ("HL", "RI", "ZWJ"))
_SLOW = "\0"  # stands in for a character that is not simple
_MARK = "\x7f"  # in a marks string: a break opportunity right after this unit


def _simple_class(ch: str) -> str | None:
    """The line-break class of a simple character (see above), else ``None``."""
    name = lb_class(ch)
    if name == "SP" or (name in _FAST_CLASSES and char_width(ch) == 1):
        return name
    return None


# The regexes below see printable ASCII characters as they are, and any other simple
# character as the character chr(_STAND_IN + class index) that stands for its class (a
# C1 control, never in the text they see: every character not ASCII is replaced).
_STAND_IN = 0x80
_ASCII = "".join(ch for ch in map(chr, range(0x20, 0x7F)) if _simple_class(ch) is not None)
#: Whether all printable ASCII is simple (it is): then `str.isprintable` tells for ASCII.
_ASCII_SIMPLE = len(_ASCII) == 0x7F - 0x20
#: The class of each character the regexes see (" " is SP), and the reverse.
_CLASS_OF = {
    **{ch: str(_simple_class(ch)) for ch in _ASCII},
    **{chr(_STAND_IN + LB_INDEX[name]): name for name in _FAST_CLASSES},
}
_MEMBERS = {
    name: "".join(ch for ch, of in _CLASS_OF.items() if of == name)
    for name in (*_FAST_CLASSES, "SP")
}
_STAND_IN_RE = re.compile(f"[^{re.escape(_ASCII)}]")


class _StandIns(dict[str, str]):
    """A character (not simple printable ASCII) -> what stands for it, filled as met."""

    def __missing__(self, ch: str) -> str:
        name = _simple_class(ch)
        self[ch] = _SLOW if name is None or name == "SP" else chr(_STAND_IN + LB_INDEX[name])
        return self[ch]


_STAND_INS = _StandIns()


def _stand_in(match: re.Match[str]) -> str:
    return _STAND_INS[match.group()]


_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_ESCAPED_RE = re.compile(r"\\.", re.S)  # an escape in escaped text: its second unit is fixed


def _escape_match(match: re.Match[str]) -> str:
    return "\\" + _ESCAPES[match.group()]


def _break_patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[tuple[str, str]]]:
    """What `_marks` needs to find the break opportunities of simple text.

    ``_MARKS_RE`` matches the unit right before an opportunity, so that replacing its
    matches by `_MARK` (done by `re`, in C) gives the marks; it matches
    * a single space between non-spaces X and Y where the table says D or I for (X, Y);
    * an uncommon X (any class but AL and NU) directly followed by a Y where the table
      says D.
    Each match is one unit and ends right before the break, so none hides another.  It
    starts with a character set (the space and the uncommon classes): `re` skips the
    letters and digits between two candidates fast.  Its first alternative is the
    space after a letter, the usual break.

    Two rare cases are left to `_marks`: runs of two or more spaces (a fixed-width
    lookbehind cannot see X across the run), for which ``_SPACED`` holds the pairs of
    classes (X, Y) the table says D or I for; and a Y directly after a common X (AL or
    NU) where the table says D, which ``_COMMON_RE`` matches (a pattern starting at X
    would stop at every letter).
    """

    def chars(names: str) -> str:
        return "[" + re.escape("".join(_MEMBERS[name] for name in names.split())) + "]"

    spaced: dict[str, str] = {}  # Y classes the table says D or I for -> X classes
    adjacent: dict[str, str] = {}  # Y classes the table says D for -> uncommon X classes
    common: dict[str, str] = {}  # the same for common X classes
    pairs: set[tuple[str, str]] = set()
    for x in _FAST_CLASSES:
        row = LB_TABLE[LB_INDEX[x]]
        d = " ".join(y for y in _FAST_CLASSES if row[LB_INDEX[y]] == "D")
        di = " ".join(y for y in _FAST_CLASSES if row[LB_INDEX[y]] in "DI")
        pairs.update((x, y) for y in di.split())
        if di:
            spaced[di] = f"{spaced.get(di, '')} {x}"
        if d:
            group = common if x in ("AL", "NU") else adjacent
            group[d] = f"{group.get(d, '')} {x}"
    usual = sorted(spaced.items(), key=lambda item: "AL" not in item[1].split())
    alternatives = [f"(?<={chars(xs)} )(?={chars(di)})" for di, xs in usual] + [
        f"(?<={chars(xs)})(?={chars(d)})" for d, xs in adjacent.items()
    ]
    candidates = chars("SP " + " ".join(adjacent.values()))  # the space, uncommon X
    marks_re = re.compile(f"{candidates}(?:{'|'.join(alternatives)})")
    ys = " ".join(common)
    common_re = re.compile(  # "(?!)" never matches: for a table without such pairs
        f"{chars(ys)}(?:{'|'.join(f'(?<={chars(xs)}{chars(d)})' for d, xs in common.items())})"
        if ys
        else "(?!)"
    )
    return marks_re, common_re, frozenset(pairs)


_MARKS_RE, _COMMON_RE, _SPACED = _break_patterns()
_RUNS_RE = re.compile(r"(?<=[^ ])  +(?=[^ ])")  # two or more spaces between non-spaces


def _marks(units: str, final_newline: bool) -> str:
    """``units`` with `_MARK` at each unit right after which `possible_breaks` allows a
    break, but none right before a ``fixed`` unit; ``units`` is an escaped portion of
    simple characters (as the regexes see them)."""
    marks = _MARKS_RE.sub(_MARK, units)
    add: list[int] = []
    remove: list[int] = []
    if "  " in units:
        add += [
            m.end() - 1
            for m in _RUNS_RE.finditer(units)
            if (_CLASS_OF[units[m.start() - 1]], _CLASS_OF[units[m.end()]]) in _SPACED
        ]
    add += [m.start() - 1 for m in _COMMON_RE.finditer(units)]
    if "\\" in units:  # every backslash starts an escape; its second unit is fixed
        remove += [m.start() for m in _ESCAPED_RE.finditer(units)]
    if final_newline and len(units) >= 3:
        remove.append(len(units) - 3)  # no break before the "\" of the final "\n"
    if add or remove:
        chars = list(marks)
        for i in add:
            chars[i] = _MARK
        for i in remove:
            if chars[i] == _MARK:
                chars[i] = " "
        marks = "".join(chars)
    return marks


def _fit(marks: str, width: int, column: int) -> list[int]:
    """`width_breaks` for one-column units with break opportunities after the `_MARK`
    units: where the breaks it takes are (unit indexes, in order).

    The greedy loop of `width_breaks` breaks at its last opportunity once the next
    opportunity (or the end of the text) would not fit.  So, from a line's start, it
    breaks at the last opportunity that fits, if the rest of the text does not fit; or,
    if none fits, at the first one (a word longer than the line).
    """
    breaks: list[int] = []
    n = len(marks)
    start = 0
    while column + n - start > width:
        # An opportunity fits if at most ``limit`` (never negative: that would count
        # from the end).  Mark i is an opportunity at i + 1.
        limit = max(start + width - column, start)
        i = marks.rfind(_MARK, start, limit)
        if i < 0:
            i = marks.find(_MARK, start)
            if i < 0:
                break
        start, column = i + 1, 0
        breaks.append(start)
    return breaks


def _wrap_fast(prefix: str, name: str, value: str, wrap: bool) -> list[str] | None:
    """`wrap_reference` for text without format directives, or ``None`` if ``value``
    holds a character that is not simple (see `_simple_class`)."""
    pieces = value.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]  # as in `wrap_reference`
    if pieces[-1] or not portions:
        portions.append(pieces[-1])
    width = (PAGE_WIDTH if wrap else 1 << 30) - 2 - len(prefix)
    lines: list[str] = []
    first = True
    last_index = len(portions) - 1
    for index, portion in enumerate(portions):
        text = _ESCAPE_RE.sub(_escape_match, portion)
        n = len(text)
        units = text  # as the regexes see it
        if not (_ASCII_SIMPLE and text.isascii() and text.isprintable()):
            units = _STAND_IN_RE.sub(_stand_in, text)
            if _SLOW in units:
                return None
        if first and n and index < last_index:
            lines.append(f'{prefix}{name} ""')
            first = False
        column = len(name) + 1 if first else 0
        breaks: list[int] = []
        if column + n > width:
            marks = _marks(units, portion.endswith("\n"))
            breaks = _fit(marks, width, column)
            if first and n and (column > width or breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
                breaks = _fit(marks, width, 0)
        line = f'{prefix}{name} "' if first else f'{prefix}"'
        first = False
        start = 0
        for end in breaks:
            lines.append(f'{line}{text[start:end]}"')
            line, start = f'{prefix}"', end
        lines.append(f'{line}{text[start:]}"')
    return lines


@functools.lru_cache(maxsize=4096)
def wrap(prefix: str, name: str, value: str, wrap: bool, language: str = "") -> tuple[str, ...]:
    """Lines for ``name "value"``, broken like write-po.c's wrap().

    `_wrap_fast` when it applies (no format directive to keep whole), else
    `wrap_reference`.  Memoised: a POT and its PO repeat each msgid, and a catalog
    is often generated twice (compared with the file, then written).
    """
    if not directive_spans(language, value):
        lines = _wrap_fast(prefix, name, value, wrap)
        if lines is not None:
            return tuple(lines)
    return tuple(wrap_reference(prefix, name, value, wrap, language))
