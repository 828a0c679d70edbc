"""UAX #14 line breaking as libunistring 1.0 (msgcat 0.21) does it: classes, widths, breaks."""

from __future__ import annotations

import functools
import unicodedata

# UAX #14 pair table from libunistring's lbrktables.c, updated as libunistring 1.0
# (which msgcat 0.21 uses) behaves: no break before IN (LB22), none between AL/HL and
# PR/PO (LB24).  Rows = class before the break, columns = class after; D = break
# allowed, I = only after spaces, P = never.  Checked against libunistring 1.0's
# u8_possible_linebreaks on random text.
LB_CLASSES = (
    "WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RI EB EM ZWJ"
).split()
LB_INDEX = {name: i for i, name in enumerate(LB_CLASSES)}
LB_TABLE = (
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",
    "PIPIDIPPPIIDIPDDDPDDDDDDDDDDDI",
    "PDDIDIPPPIIDIPDDDPDDDDDDDDDDDI",
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIII",
    "PDDIDIPPPIIDIPIDDPDDDDDDDDDDDI",
    "PIDIDIPPPIPDIPDIIPDDDDDDDDDDDI",
    "PIDIDIPPPIPDIPIIIPIDDDDDDIDDDI",
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDDDI",
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDDDI",
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDDDI",
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
    "PIIIIIPPPIIPIPIIIPIIIIIIIIIIII",
    "PIDIDIPPPIIDIPIDDPDDDDDDDDDDDI",
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDDDI",
    "PIDIDIPPPIIIIPIDDPIDDDDDDIDDDI",
    "PIDIDIPPPIIIIPIDDPIIIIIIIIDIII",
    "PIDIDIPPPIIDIPIDDPDDDDDDDIDDDI",
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDDDI",
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDDDI",
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDDDI",
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDDDI",
    "PIDIDIPPPIIDIPDIDPDIIDIIDDDDDI",
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDDDI",
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDDDI",
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDDDI",
    "PIDIDIPPPIIDIPDDDPDDDDDDIDIDDI",
    "PIDIDIPPPIIDIPDIDPDDDDDDIDIDII",
    "PIDIDIPPPIIDIPDIDPDDDDDDIDIDDI",
    "PIDIDIPPPIIDIPDDDPDDDIDDIDIIII",
)
# Line-break classes of the characters that matter for Latin-script text; the rest
# are approximated from the Unicode general category in `lb_class`.
LB_CHARS: dict[str, str] = {
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
    "\u00a0": "GL",
    "\u00a1": "OP",
    "\u00a2": "PO",
    "\u00a3": "PR",
    "\u00a4": "PR",
    "\u00a5": "PR",
    "\u00ab": "QU",
    "\u00ad": "BA",
    "\u00b0": "PO",
    "\u00b1": "PR",
    "\u00b4": "BB",
    "\u00bb": "QU",
    "\u00bf": "OP",
    "\u2007": "GL",
    "\u2010": "BA",
    "\u2011": "GL",
    "\u2012": "BA",
    "\u2013": "BA",
    "\u2014": "B2",
    "\u2018": "QU",
    "\u2019": "QU",
    "\u201a": "OP",
    "\u201b": "QU",
    "\u201c": "QU",
    "\u201d": "QU",
    "\u201e": "OP",
    "\u201f": "QU",
    "\u2024": "IN",
    "\u2025": "IN",
    "\u2026": "IN",
    "\u2027": "BA",
    "\u202f": "GL",
    "\u2030": "PO",
    "\u2031": "PO",
    "\u2039": "QU",
    "\u203a": "QU",
    "\u203c": "NS",
    "\u2044": "IS",
    "\u20ac": "PR",
    "\u200b": "ZW",
    "\u200d": "ZWJ",
    "\u2060": "WJ",
    "\ufeff": "WJ",
    "\u2028": "BK",
    "\u2029": "BK",
    "\u0085": "BK",
    "\u3001": "CL",
    "\u3002": "CL",
    "\u30fc": "NS",
}
LB_CATEGORY = {
    "Mn": "CM",
    "Me": "CM",
    "Mc": "CM",
    "Cc": "CM",
    "Cf": "CM",
    "Zs": "BA",
    "Zl": "BK",
    "Zp": "BK",
    "Nd": "NU",
    "Ps": "OP",
    "Pe": "CL",
    "Pi": "QU",
    "Pf": "QU",
    "Pd": "BA",
    "Sc": "PR",
}


#: Emoji_Modifier_Base (Unicode 14, as libunistring 1.0): line-break class EB.
EMOJI_MODIFIER_BASES = (
    (0x261D, 0x261D), (0x26F9, 0x26F9), (0x270A, 0x270D), (0x1F385, 0x1F385),
    (0x1F3C2, 0x1F3C4), (0x1F3C7, 0x1F3C7), (0x1F3CA, 0x1F3CC), (0x1F442, 0x1F443),
    (0x1F446, 0x1F450), (0x1F466, 0x1F478), (0x1F47C, 0x1F47C), (0x1F481, 0x1F483),
    (0x1F485, 0x1F487), (0x1F48F, 0x1F48F), (0x1F491, 0x1F491), (0x1F4AA, 0x1F4AA),
    (0x1F574, 0x1F575), (0x1F57A, 0x1F57A), (0x1F590, 0x1F590), (0x1F595, 0x1F596),
    (0x1F645, 0x1F647), (0x1F64B, 0x1F64F), (0x1F6A3, 0x1F6A3), (0x1F6B4, 0x1F6B6),
    (0x1F6C0, 0x1F6C0), (0x1F6CC, 0x1F6CC), (0x1F90C, 0x1F90C), (0x1F90F, 0x1F90F),
    (0x1F918, 0x1F91F), (0x1F926, 0x1F926), (0x1F930, 0x1F939), (0x1F93C, 0x1F93E),
    (0x1F977, 0x1F977), (0x1F9B5, 0x1F9B6), (0x1F9B8, 0x1F9B9), (0x1F9BB, 0x1F9BB),
    (0x1F9CD, 0x1F9CF), (0x1F9D1, 0x1F9DD), (0x1FAC3, 0x1FAC5), (0x1FAF0, 0x1FAF6),
)  # fmt: skip


@functools.cache
def lb_class(ch: str) -> str:
    if ch in LB_CHARS:
        return LB_CHARS[ch]
    if ch < "\x80":
        return "CM" if ch < " " or ch == "\x7f" else "NU" if ch.isdigit() else "AL"
    cp = ord(ch)
    if 0xAC00 <= cp <= 0xD7A3:
        return "H2" if (cp - 0xAC00) % 28 == 0 else "H3"
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return "RI"
    if 0x1F3FB <= cp <= 0x1F3FF:
        return "EM"  # skin tone modifiers: no break after an EB (LB30b)
    if cp >= 0x261D and any(lo <= cp <= hi for lo, hi in EMOJI_MODIFIER_BASES):
        return "EB"
    if 0x05D0 <= cp <= 0x05EA:
        return "HL"
    category = unicodedata.category(ch)
    if category in LB_CATEGORY:
        return LB_CATEGORY[category]
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return "ID"
    return "AL"


@functools.cache
def char_width(ch: str) -> int:
    """uc_width(): -1 for controls (ignored), 0 for combining/format, 2 for wide."""
    if ch < " " or "\x7f" <= ch < "\xa0":
        return -1
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") or "\u1160" <= ch <= "\u11ff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


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
        if prop in ("CM", "ZWJ"):
            if last not in ("BK", "ZW") and not space:
                after_zwj = zwj  # LB9: it sticks to the character before it
                continue
            prop = "AL"  # LB10: a mark with nothing to attach to acts as a letter
        if after_zwj or last == "BK":  # LB8a: no break right after a zero width joiner
            result[i] = NO
        elif last == "ZW":
            result[i] = YES
        elif hebrew_hyphen and not space:  # LB21a: no break after HL (HY | BA)
            result[i] = NO
        else:
            rule = LB_TABLE[LB_INDEX[last]][LB_INDEX[prop]]
            result[i] = YES if rule == "D" or (rule == "I" and space) else NO
        hebrew_hyphen = last == "HL" and not space and prop in ("HY", "BA")
        last, space, after_zwj = prop, False, zwj
    return result


def width_breaks(units: list[str], width: int, column: int, fixed: list[bool]) -> list[int]:
    """u8_width_linebreaks(): choose the breaks so that lines fit in ``width``."""
    widths = [columns(ch) for ch in units]
    if column + sum(widths) <= width:
        return [NO] * len(units)  # fits: no break is ever taken (a fast path for short text)
    p = possible_breaks(units)
    last_p: int | None = None
    piece = 0
    for i, ch_width in enumerate(widths):
        if fixed[i]:
            p[i] = NO
        if p[i] != NO and last_p is not None and column + piece > width:
            p[last_p], column = YES, 0
        if p[i] == MUST:
            last_p, column, piece = None, 0, 0
            continue
        if p[i] == YES:
            last_p, column, piece = i, column + piece, 0
        p[i] = NO
        piece += ch_width
    if last_p is not None and column + piece > width:
        p[last_p] = YES
    return p
