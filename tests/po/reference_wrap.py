"""write-po.c's wrap() and u8_width_linebreaks() ported unit by unit: the tests' oracle."""

from __future__ import annotations

from pipeline.po.formats import directive_spans
from pipeline.po.linebreak import MUST, NO, YES, columns, possible_breaks
from pipeline.po.syntax import ESCAPES as _ESCAPES
from pipeline.po.wrap import PAGE_WIDTH


def wrap_reference(prefix: str, name: str, value: str, wrap: bool, language: str = "") -> list[str]:
    """Lines for ``name "value"``, broken like write-po.c's wrap().

    A port of the C code, unit by unit (and slow: several passes per character): the
    oracle `pipeline.po.wrap.wrap` is tested against, beside GNU msgcat.
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
