"""pipeline.po.linebreak: UAX #14 classes and pairs as libunistring 1.0 (msgcat 0.21) has them."""

from __future__ import annotations

import pytest

from pipeline.po.linebreak import (
    LB_CLASSES,
    LB_TABLE,
    MUST,
    NO,
    YES,
    char_width,
    columns,
    lb_class,
    possible_breaks,
)
from tests.po.reference_wrap import width_breaks


def test_the_pair_table_is_square_over_its_classes() -> None:
    assert len(LB_TABLE) == len(LB_CLASSES)
    assert all(len(row) == len(LB_CLASSES) and set(row) <= set("DIP") for row in LB_TABLE)


@pytest.mark.parametrize(
    ("char", "cls"),
    [
        ("a", "AL"),
        ("7", "NU"),
        (" ", "SP"),
        ("-", "HY"),
        (".", "IS"),
        ("(", "OP"),
        (")", "CP"),
        ("\u00a0", "GL"),
        ("\u2014", "B2"),
        ("\u2026", "IN"),
        ("\u2028", "BK"),
        ("\u200b", "ZW"),
        ("\u200d", "ZWJ"),
        ("\u0301", "CM"),  # a combining mark (Mn)
        ("\x01", "CM"),
        ("\u4e2d", "ID"),  # wide: ideographic
        ("\uac00", "H2"),
        ("\uac01", "H3"),
        ("\u05d0", "HL"),
        ("\U0001f1f3", "RI"),
        ("\U0001f44d", "EB"),  # thumbs up: an emoji modifier base
        ("\U0001f3fd", "EM"),  # a skin tone
        ("\U0001f30d", "ID"),  # a globe: wide, no modifier base
        ("\u20ac", "PR"),
        ("%", "PO"),
    ],
)
def test_classes(char: str, cls: str) -> None:
    assert lb_class(char) == cls


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("a b", [NO, NO, YES]),  # after a space, never before one
        ("a-b", [NO, NO, YES]),  # after a hyphen
        ("a\u2014b", [NO, YES, YES]),  # around an em dash (B2)
        ("a\u00a0b", [NO, NO, NO]),  # glue
        ("1.5", [NO, NO, NO]),  # a number stays whole
        ("a.b", [NO, NO, YES]),  # libunistring 1.0 breaks IS before AL (msgcat does)
        ("(a)", [NO, NO, NO]),
        ("$5 5%", [NO, NO, NO, YES, NO]),  # prefix and postfix stick to numbers
        ("x\u2026", [NO, NO]),  # no break before IN (libunistring 1.0's LB22)
        ("\u4e2d\u6587", [NO, YES]),  # between ideographs
        ("ab\u2028cd", [NO, NO, MUST, NO, NO]),  # a mandatory break at the BK itself
        ("a\u200bb", [NO, NO, YES]),  # after a zero width space
        ("a\u200db", [NO, NO, NO]),  # LB8a: none right after a zero width joiner
        ("a\u0301 b", [NO, NO, NO, YES]),  # LB9: the mark sticks to its base
        ("\u05d0-\u05d1", [NO, NO, NO]),  # LB21a: none after a Hebrew letter's hyphen
    ],
)
def test_pairs(text: str, breaks: list[int]) -> None:
    assert possible_breaks(list(text)) == breaks


def test_lb30b_no_break_between_a_modifier_base_and_its_skin_tone() -> None:
    assert possible_breaks(list("\U0001f44d\U0001f3fd")) == [NO, NO]  # EB × EM
    assert possible_breaks(list("\U0001f30d\U0001f3fd")) == [NO, YES]  # ID ÷ EM
    assert possible_breaks(list("a \U0001f44d\U0001f3fd")) == [NO, NO, YES, NO]


def test_widths() -> None:
    assert [char_width(c) for c in ("a", "\u4e2d", "\u0301", "\u200b", "\x01", "\x85")] == [
        1,
        2,
        0,
        0,
        -1,
        -1,
    ]
    assert columns("\x01") == 0 and columns("\u4e2d") == 2


def test_width_breaks_take_the_last_break_that_fits() -> None:
    text = list("aaa bbb ccc")
    assert width_breaks(text, 79, 0, [False] * 11) == [NO] * 11
    assert width_breaks(text, 7, 0, [False] * 11) == [NO] * 4 + [YES] + [NO] * 6
    # A line's trailing space counts: "bb cc " is 6 columns, too wide for 5.
    assert width_breaks(list("aa bb cc dd"), 5, 0, [False] * 11) == [
        *(NO, NO, NO, YES, NO, NO, YES, NO, NO, NO, NO)
    ]
    fixed = [i == 4 for i in range(11)]  # a break there is not allowed: the next one
    assert width_breaks(text, 7, 0, fixed) == [NO] * 8 + [YES] + [NO] * 2
    assert width_breaks(list("\u4e2d" * 6), 7, 0, [False] * 6) == [NO, NO, NO, YES, NO, NO]
