"""UAX #14 line breaking as libunistring 1.0 (msgcat 0.21) does it: classes, widths, breaks."""

from __future__ import annotations

import bisect
import functools

from pipeline.po.lbdata import NAMES, PAIR_CLASSES, PAIRS, PROPS, STARTS

# UAX #14 pair table of libunistring 1.0 (which msgcat 0.21 uses), over its classes: OP2
# and CP2 are the East Asian brackets, which a letter or number may break before or after
# (LB30 holds the others only); ID1 an unassigned pictograph (LB30b). Rows = class before
# the break, columns = class after; D = break allowed, I = only after spaces, P = never.
LB_CLASSES = list(PAIR_CLASSES)
LB_TABLE = PAIRS
LB_INDEX = {name: i for i, name in enumerate(LB_CLASSES)}
# Line-break classes of the ASCII characters that are not letters (AL), digits (NU) or
# controls (CM, handled before breaking); the others' are libunistring's own (lbdata).
LB_ASCII: dict[str, str] = {
    " ": "SP",
    "!": "EX",
    '"': "QU",
    "$": "PR",
    "%": "PO",
    "'": "QU",
    "(": "OP",
    ")": "CP",
    "+": "PR",
    ",": "IS",
    "-": "HY",
    ".": "IS",
    "/": "SY",
    ":": "IS",
    ";": "IS",
    "?": "EX",
    "[": "OP",
    "\\": "PR",
    "]": "CP",
    "{": "OP",
    "|": "BA",
    "}": "CL",
    "\t": "BA",
}


@functools.cache
def lb_class(ch: str) -> str:
    """The character's UAX #14 class as libunistring 1.0 resolves it for UTF-8 text."""
    if ch < "\x80":
        if ch in LB_ASCII:
            return LB_ASCII[ch]
        return "CM" if ch < " " or ch == "\x7f" else "NU" if ch.isdigit() else "AL"
    return NAMES[PROPS[bisect.bisect_right(STARTS, ord(ch)) - 1] >> 2]


@functools.cache
def char_width(ch: str) -> int:
    """uc_width() in UTF-8: -1 for controls (ignored), 0 for combining/format, 2 for wide."""
    if ch < "\x80":
        return -1 if ch < " " or ch == "\x7f" else 1
    return (PROPS[bisect.bisect_right(STARTS, ord(ch)) - 1] & 3) - 1


@functools.cache
def columns(ch: str) -> int:
    """Columns a character adds to a line (control characters add none)."""
    return max(char_width(ch), 0)


NO, YES, MUST = 0, 1, 2  # UC_BREAK_PROHIBITED, UC_BREAK_POSSIBLE, UC_BREAK_MANDATORY


def possible_breaks(units: list[str]) -> list[int]:
    """u8_possible_linebreaks() of libunistring 1.0: break opportunities before each character."""
    result = [NO] * len(units)
    last = "BK"  # class of the last non-space character
    space = after_zwj = hebrew_hyphen = False
    flags = 0  # regional indicators in a row, before this character
    for i, ch in enumerate(units):
        prop = lb_class(ch)
        if prop == "BK":
            result[i], last, space, after_zwj = MUST, "BK", False, False
            continue
        if prop == "SP":  # never break before a space
            space, after_zwj = True, False
            continue
        if prop == "ZW":
            last, space, after_zwj = "ZW", False, False
            continue
        zwj = prop == "ZWJ"
        mark = prop in ("CM", "ZWJ")
        if mark:
            if last not in ("BK", "ZW") and not space:
                after_zwj = zwj  # LB9: it sticks to the character before it
                continue
            prop = "AL"  # LB10: a mark with nothing to attach to acts as a letter
        if after_zwj or last == "BK":  # LB8a: no break right after a zero width joiner
            result[i] = NO
        elif last == "ZW" or (mark and space):
            # LB8, and LB18 for a mark after spaces: libunistring 1.0 breaks before it
            # whatever came before the spaces (LB14's "OP SP* ×" does not hold it).
            result[i] = YES
        elif hebrew_hyphen and not space:  # LB21a: no break after HL (HY | BA)
            result[i] = NO
        elif prop == "RI" and last == "RI" and not space and flags % 2:  # LB30a: flags
            result[i] = NO
        else:
            rule = LB_TABLE[LB_INDEX[last]][LB_INDEX[prop]]
            result[i] = YES if rule == "D" or (rule == "I" and space) else NO
        hebrew_hyphen = last == "HL" and not space and prop in ("HY", "BA")
        flags = flags + 1 if prop == "RI" and last == "RI" and not space else int(prop == "RI")
        last, space, after_zwj = prop, False, zwj
    return result
