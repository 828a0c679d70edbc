"""GNU gettext's string wrapping: where msgcat 0.21 breaks a PO string into lines.

`wrap` gives the lines of ``msgid "…"`` (or any keyword) exactly as write-po.c's wrap()
does, with libunistring 1.0's line-break rules (UAX #14) at 79 columns: the break
opportunities of the escaped text (`possible_breaks`; for the text nearly every string
is, the same found by regular expressions, see below), then the greedy fitting of
u8_width_linebreaks (`_fit`).  tests/po/test_wrap.py holds a port of the C code, unit by
unit, as the oracle, beside GNU msgcat itself.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re

from pipeline.po.formats import directive_spans
from pipeline.po.linebreak import (
    LB_CLASSES,
    LB_INDEX,
    LB_TABLE,
    MUST,
    YES,
    char_width,
    columns,
    lb_class,
    possible_breaks,
)
from pipeline.po.syntax import ESCAPES as _ESCAPES

#: msgcat's page width: a line holds at most this many columns.
PAGE_WIDTH = 79


@functools.lru_cache(maxsize=4096)
def wrap(prefix: str, name: str, value: str, wrap: bool, language: str = "") -> tuple[str, ...]:
    """Lines for ``name "value"``, broken like write-po.c's wrap().

    One portion per "\\n"-terminated piece of ``value``; a portion's text is escaped,
    and no line breaks inside a format directive of ``language``.  Memoised: a POT and
    its PO repeat each msgid, and a catalog is often generated twice (compared with the
    file, then written).
    """
    pieces = value.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1] or not portions:
        portions.append(pieces[-1])
    spans = directive_spans(language, value)
    width = (PAGE_WIDTH if wrap else 1 << 30) - 2 - len(prefix)
    lines: list[str] = []
    first = True
    offset = 0  # of the portion in value
    for index, portion in enumerate(portions):
        text = _ESCAPE_RE.sub(_escape_match, portion)
        if first and text and index + 1 < len(portions):
            lines.append(f'{prefix}{name} ""')
            first = False
        column = len(name) + 1 if first else 0
        breaks: list[int] = []
        units = text  # as the regular expressions see it (see "simple text" below)
        if not (_ASCII_SIMPLE and text.isascii() and text.isprintable()):
            units = _STAND_IN_RE.sub(_stand_in, text)
        if column + len(text) > width or _SLOW in units:  # may not fit
            opportunities = _opportunities(text, units, portion.endswith("\n"))
            if spans:
                _keep_directives(opportunities, spans, portion, offset)
            breaks = _fit_all(opportunities, width, column)
            if first and text and (column > width or breaks):
                lines.append(f'{prefix}{name} ""')
                first = False
                breaks = _fit_all(opportunities, width, 0)
        offset += len(portion)
        line = f'{prefix}{name} "' if first else f'{prefix}"'
        first = False
        start = 0
        for end in breaks:
            lines.append(f'{line}{text[start:end]}"')
            line, start = f'{prefix}"', end
        lines.append(f'{line}{text[start:]}"')
    return tuple(lines)


class _Opportunities:
    """Where the lines of an escaped portion may break, and how wide its text is."""

    __slots__ = ("columns", "mandatory", "marks", "positions", "total")

    def __init__(self, positions: list[int], cols: list[int], total: int, marks: str = "") -> None:
        #: The units a line may break before, in order.
        self.positions = positions
        #: The columns of the text before each of them.
        self.columns = cols
        #: The columns of the whole text.
        self.total = total
        #: Or, for text of one column a unit: `_MARK` after each unit a line may break
        #: after (found by `str.rfind`, not listed: most are never looked at).
        self.marks = marks
        #: Mandatory breaks (BK) with the columns up to and after them: each starts the
        #: count of a line's columns again, but no new line in a PO file.
        self.mandatory: list[tuple[int, int, int]] = []


def _opportunities(text: str, units: str, final_newline: bool) -> _Opportunities:
    """`possible_breaks` of the escaped portion ``text`` (``units``: as the regular
    expressions see it), never before the second unit of an escape or the "\\" of a
    final "\\n" (the units write-po.c keeps together)."""
    if _SLOW not in units:  # one column a unit; the regexes find the opportunities
        return _Opportunities([], [], len(text), _marks(units, final_newline))
    fixed = {m.start() + 1 for m in _ESCAPED_RE.finditer(text)}
    if final_newline:
        fixed.add(len(text) - 2)
    cols = [0, *itertools.accumulate(map(columns, text))]
    found = _Opportunities([], [], cols[-1])
    for j, kind in enumerate(possible_breaks(list(text))):
        if kind == YES and j not in fixed:
            found.positions.append(j)
            found.columns.append(cols[j])
        elif kind == MUST and j not in fixed:
            found.mandatory.append((len(found.positions), cols[j], cols[j + 1]))
    return found


def _keep_directives(
    found: _Opportunities, spans: list[tuple[int, int]], portion: str, offset: int
) -> None:
    """Drop the opportunities inside the format directives (``spans`` in the value; the
    portion starts at ``offset``): msgcat breaks only before a directive's first unit."""
    unit = [0, *itertools.accumulate(2 if ch in _ESCAPES else 1 for ch in portion)]
    inside = {
        unit[k - offset]
        for start, end in spans
        for k in range(max(start + 1, offset), min(end, offset + len(portion)))
    }
    if found.marks:  # list them
        found.positions = [m.end() for m in _MARK_RE.finditer(found.marks)]
        found.columns, found.marks = found.positions, ""
    keep = [i for i, j in enumerate(found.positions) if j not in inside]
    if len(keep) < len(found.positions):
        old_columns = found.columns
        found.positions = [found.positions[i] for i in keep]
        found.columns = [old_columns[i] for i in keep]
        found.mandatory = [
            (bisect.bisect_left(keep, k), before, after) for k, before, after in found.mandatory
        ]


def _fit_all(found: _Opportunities, width: int, column: int) -> list[int]:
    """`_fit` for each stretch of text between mandatory breaks."""
    if found.marks:
        return _fit_marks(found.marks, width, column)
    if not found.mandatory:
        return _fit(
            found.positions, found.columns, 0, len(found.positions), found.total, width, column
        )
    breaks: list[int] = []
    lo, base = 0, 0
    for hi, before, after in [*found.mandatory, (len(found.positions), found.total, 0)]:
        breaks += _fit(found.positions, found.columns, lo, hi, before, width, column, base)
        lo, base, column = hi, after, 0
    return breaks


def _fit(
    positions: list[int],
    cols: list[int],
    lo: int,
    hi: int,
    total: int,
    width: int,
    column: int,
    base: int = 0,
) -> list[int]:
    """The breaks u8_width_linebreaks takes among ``positions[lo:hi]`` (with the columns
    before them, ``cols``; the text runs from column ``base`` to ``total``; its first
    line starts at ``column``): from a line's start, the last opportunity that fits, if
    the rest of the text does not fit; if none fits, the first one (a word longer than
    the line)."""
    breaks: list[int] = []
    start = base  # the columns before the line's start
    while column + total - start > width:
        k = bisect.bisect_right(cols, start + width - column, lo, hi) - 1
        if k < lo:
            if lo >= hi:
                break
            k = lo
        breaks.append(positions[k])
        start, lo, column = cols[k], k + 1, 0
    return breaks


def _fit_marks(marks: str, width: int, column: int) -> list[int]:
    """`_fit` for one-column units with opportunities after the `_MARK` units."""
    breaks: list[int] = []
    n = len(marks)
    start = 0
    while column + n - start > width:
        # Mark i is an opportunity at i + 1; one fits if at most the limit (never below
        # the line's start: rfind would count from the end).
        i = marks.rfind(_MARK, start, max(start + width - column, start))
        if i < 0:
            i = marks.find(_MARK, start)
            if i < 0:
                break
        start, column = i + 1, 0
        breaks.append(start)
    return breaks


# ---------------------------------------------------------------- simple text
#
# `possible_breaks` costs a few Python operations per character; it dominated writing a
# catalog.  For the text nearly every string is -- only "simple" characters -- the same
# opportunities are found by regular expressions (per-character work in C), and every
# unit is one column wide.  Why they are the same, rule by rule:
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
# * Units kept together: the second unit of an escape (``\n`` -> ``\``, ``n``) follows
#   a backslash (PR) directly, and of those pairs the table says D only for PR PR (an
#   escaped ``\``); `_marks` unmarks every escape's second unit all the same (text
#   without a backslash has none), and the unit before a portion's final ``\n`` (its
#   ``\``).  Format directives are left to `_keep_directives`, as for any text.
# * Widths: every unit is one column, so an opportunity's columns are its position.

_FAST_CLASSES = tuple(name for name in LB_CLASSES if name not in ("HL", "RI", "ZWJ"))
_SLOW = "\0"  # stands in for a character that is not simple
_MARK = "\x7f"  # in a marks string: a break opportunity right after this unit
_MARK_RE = re.compile(_MARK)


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
