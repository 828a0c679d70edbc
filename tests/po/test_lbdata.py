"""pipeline/po/lbdata.json: every character's line-break class and width, as libunistring
1.0 has them.

msgcat 0.21 breaks lines with libunistring 1.0 (Unicode 14). Its table of classes and its
``uc_width`` are read here from the library msgcat runs with, and held to the tables the
package ships; with ``--update-goldens`` they are written anew (review the diff).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.po import linebreak
from pipeline.po.linebreak import HANGUL, LB_CLASSES, char_width, lb_class, possible_breaks

LBDATA = Path(linebreak.__file__).with_name("lbdata.json")
#: The classes of its pair table, in its order (the first 33 of its enum).
_PAIR_CLASSES = (
    "WJ GL B2 BA BB HY CL CP CP2 EX IN NS OP OP2 QU IS NU PO PR SY AL H2 H3 ID ID1 JL JV JT "
    "HL RI ZWJ EB EM"
).split()
T = TypeVar("T")

# libunistring 1.0's classes (its enum in unilbrk/lbrktables.h) as the pair table here
# names them. Resolved as its line breaking resolves them for UTF-8: CB as ID, AI
# (ambiguous), SA (South East Asian scripts, not handled) and XX (unknown) as AL; CR and
# LF, mandatory breaks.
_NAMES = (
    "WJ GL B2 BA BB HY CL CP CP2 EX IN NS OP OP2 QU IS NU PO PR SY AL H2 H3 ID ID1 JL JV JT "
    "HL RI ZWJ EB EM BK BK BK CM ZW SP ID AL AL AL"
).split()


def _libunistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring")
    assert name, "libunistring not found: tests/setup-tools installs gettext, which has it"
    lib = ctypes.CDLL(name)
    version = ctypes.c_int.in_dll(lib, "_libunistring_version").value
    assert version == 0x010000, f"libunistring {version:#x}: msgcat 0.21's is 1.0"
    return lib


def _libunistring_widths() -> list[int]:
    """``uc_width`` of every code point from U+0080 on, in UTF-8 (-1: a control)."""
    width = _libunistring().uc_width
    width.argtypes, width.restype = [ctypes.c_uint32, ctypes.c_char_p], ctypes.c_int
    return [width(cp, b"UTF-8") for cp in range(0x80, 0x110000)]


def _libunistring_classes() -> list[str]:
    """The class of every code point from U+0080 on, read from libunistring's own table
    (``unilbrkprop``: three levels, as gnulib's gen-uni-tables writes them)."""
    lib = _libunistring()
    base = ctypes.addressof(ctypes.c_char.in_dll(lib, "libunistring_unilbrkprop"))
    level1 = list((ctypes.c_int32 * 15).from_address(base))
    blocks = max(level1) // 512 + 1
    level2 = list((ctypes.c_int32 * (blocks * 512)).from_address(base + 15 * 4))
    level3 = bytes(
        (ctypes.c_uint8 * (max(level2) + 128)).from_address(base + (15 + blocks * 512) * 4)
    )

    def lookup(cp: int) -> str:
        if (cp >> 16) < 15 and (first := level1[cp >> 16]) >= 0:
            if (second := level2[first + ((cp >> 7) & 511)]) >= 0:
                return _NAMES[level3[second + (cp & 127)]]
        return "AL"  # XX

    return [lookup(cp) for cp in range(0x80, 0x110000)]


def _libunistring_pairs() -> list[str]:
    """Its pair table (``unilbrk_table``), a row per class before a break: D a break, I a
    break after spaces only, P none."""
    lib = _libunistring()
    size = len(_PAIR_CLASSES)
    address = ctypes.addressof(ctypes.c_char.in_dll(lib, "libunistring_unilbrk_table"))
    table = bytes((ctypes.c_uint8 * (size * size)).from_address(address))
    return ["".join(" DIP"[v] for v in table[row * size : (row + 1) * size]) for row in range(size)]


def _runs(values: list[T]) -> list[tuple[int, T]]:
    runs: list[tuple[int, T]] = []
    for offset, value in enumerate(values):
        if not runs or runs[-1][1] != value:
            runs.append((0x80 + offset, value))
    return runs


def _hangul(classes: list[str]) -> list[str]:
    """``classes`` with the Hangul syllables as one run of H2: their class follows from
    the code point (`pipeline.po.linebreak.lb_class`), held to the library's here."""
    start, end = HANGUL[0] - 0x80, HANGUL[1] - 0x80
    syllables = classes[start : end + 1]
    expected = ["H2" if offset % 28 == 0 else "H3" for offset in range(len(syllables))]
    assert syllables == expected, "libunistring's Hangul syllables: not LV every 28th, LVT between"
    return [*classes[:start], *["H2"] * len(syllables), *classes[end + 1 :]]


def _table(classes: list[str], widths: list[int], pairs: list[str]) -> str:
    """The text of lbdata.json: one key a line (a data file: it diffs by key)."""
    classes = _hangul(classes)
    names = sorted(set(classes))
    index = {name: i for i, name in enumerate(names)}
    props = [index[name] << 2 | width + 1 for name, width in zip(classes, widths, strict=True)]
    runs = _runs(props)
    table = {
        "about": (
            "Line breaking as libunistring 1.0 (msgcat 0.21) has it: the line-break class and "
            "width of every character from U+0080 on, and its UAX #14 pair table (a row per "
            "class before a break: D a break, I a break after spaces only, P none). starts: "
            "where each run of one class and width starts; props: each run's class (its index "
            "in names) and uc_width + 1, as class << 2 | width + 1. The Hangul syllables are "
            "one run: LV (H2) or LVT (H3) follows from the code point (linebreak.lb_class). "
            "Generated by tests/po/test_lbdata.py (pytest --update-goldens) from the library."
        ),
        "names": names,
        "starts": [start for start, _ in runs],
        "props": [prop for _, prop in runs],
        "pair_classes": _PAIR_CLASSES,
        "pairs": pairs,
    }
    lines = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in table.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def test_the_shipped_classes_and_widths_are_libunistrings(update_goldens: bool) -> None:
    text = _table(_libunistring_classes(), _libunistring_widths(), _libunistring_pairs())
    if update_goldens:
        LBDATA.write_text(text, encoding="utf-8")
    assert LBDATA.read_text(encoding="utf-8") == text


def test_the_hangul_syllables_classes_are_libunistrings() -> None:
    classes = _libunistring_classes()
    for cp in range(HANGUL[0] - 1, HANGUL[1] + 2):
        assert lb_class(chr(cp)) == classes[cp - 0x80], hex(cp)


def test_every_class_is_one_the_breaking_knows() -> None:
    assert set(linebreak.NAMES) <= {*LB_CLASSES, "BK", "CM", "SP", "ZW"}


@pytest.mark.parametrize(
    ("char", "cls"),
    [
        ("\u2603", "ID"),  # a snowman: ideographic, as in UAX #14 (not by its width)
        ("\u2460", "AL"),  # circled one: ambiguous, resolved as UTF-8 does
        ("\u0e01", "AL"),  # Thai: complex context, not handled by libunistring 1.0
        ("\u300c", "OP2"),  # an East Asian opening bracket
        ("\u034f", "GL"),  # the combining grapheme joiner: glue, though a mark
        ("\U0001f02c", "ID1"),  # an unassigned pictograph
        ("\U000e0001", "CM"),  # a language tag
        ("\U00100000", "AL"),  # private use: unknown
    ],
)
def test_classes_beyond_latin(char: str, cls: str) -> None:
    assert lb_class(char) == cls


@pytest.mark.parametrize(
    ("char", "width"),
    [
        ("\u0378", 1),  # unassigned
        ("\u00ad", 0),  # the soft hyphen
        ("\u0301", 0),  # a combining mark
        ("\u4e2d", 2),
        ("\U0002fffd", 2),  # the ideographic planes, assigned or not
        ("\u0085", -1),  # a C1 control
    ],
)
def test_widths_beyond_latin(char: str, width: int) -> None:
    assert char_width(char) == width


_MIXED = st.text(
    st.sampled_from(
        [
            *"a1 -/()!?,.\"'%$",
            "\u05d0",
            "\u2014",
            "\u00a0",
            "\u300c",
            "\u300d",
            "\uff08",
            "\u4e00",
            "\u2603",
            "\U0001f1f3",
            "\U0001f1f1",
            "\U0001f44d",
            "\U0001f3fd",
            "\u11a8",
            "\u1100",
            "\uac00",
            "\u200d",
            "\u200b",
            "\u0301",
            "\u2026",
            "\u30fc",
            "\u2060",
        ]
    )
    | st.characters(blacklist_categories=("Cs", "Cc")),
    max_size=40,
)


@settings(max_examples=300)
@example("\U0001f1f3\U0001f1f1\U0001f1e9\U0001f1ea a\U0001f1f3\U0001f1f1\U0001f1e9")
@given(_MIXED)
def test_break_opportunities_are_libunistrings(text: str) -> None:
    """possible_breaks against u8_possible_linebreaks itself (1: none, 2: a break, 3: a
    mandatory one, before each character)."""
    lib = _libunistring()
    data = text.encode()
    out = ctypes.create_string_buffer(len(data))
    lib.u8_possible_linebreaks(data, ctypes.c_size_t(len(data)), b"UTF-8", out)
    theirs, at = [], 0
    for ch in text:
        theirs.append(out.raw[at] - 1)
        at += len(ch.encode())
    assert possible_breaks(list(text)) == theirs
