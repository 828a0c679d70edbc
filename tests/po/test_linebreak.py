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

from ..conftest import TESTS, characters, fixture_cases


def test_the_pair_table_is_square_over_its_classes() -> None:
    assert len(LB_TABLE) == len(LB_CLASSES)
    assert all(len(row) == len(LB_CLASSES) and set(row) <= set("DIP") for row in LB_TABLE)


_BREAKS = {NO: "no", YES: "yes", MUST: "must"}


def _line_break(title: str, text: str) -> str:
    """A character's class, or the break opportunities in a text, as linebreak.md shows them."""
    if title.startswith("class:"):
        return f"{lb_class(text)}\n"
    return " ".join(_BREAKS[b] for b in possible_breaks(list(text))) + "\n"


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    fixture_cases(TESTS / "po" / "fixtures" / "linebreak.md", titled=True),
)
def test_classes_and_breaks(title: str, text: str, expected: str) -> None:
    assert _line_break(title, characters(text.removesuffix("\n"))) == expected


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
