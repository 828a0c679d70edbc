"""The checks GNU ``msgfmt --check-format --check-header`` runs after a clean parse."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.errors import CatalogError
from pipeline.po.parse import RawEntry, entry_flags

_Fail = Callable[[str, int], CatalogError]  # message, line -> error to raise


def check_entries(entries: list[RawEntry], filename: str) -> None:
    """The checks ``msgfmt --check-format --check-header`` runs after a clean parse.

    Like msgfmt, they skip obsolete, fuzzy and untranslated entries.  Plural-Forms
    problems come first (reported at the header), then per-message problems
    (newlines, then format strings: only c, python and python-brace are checked).
    """

    def fail(message: str, line: int) -> CatalogError:
        return CatalogError(message, filename=filename, lineno=line)

    header = next(e for e in entries if e.msgctxt is None and e.msgid == b"" and not e.obsolete)
    live = [
        e
        for e in entries
        if not e.obsolete and e is not header and e.msgstr[0] and "fuzzy" not in entry_flags(e)
    ]
    plurals = [e for e in live if e.msgid_plural is not None]
    text = header.msgstr[0].decode("latin-1")
    hline = header.msgstr_lineno
    plural_at, nplurals_at = text.find("plural="), text.find("nplurals=")
    if plural_at >= 0 and nplurals_at >= 0:
        m = re.match(r"\s*(\d+)", text[nplurals_at + 9 :])
        if m is None:
            raise fail("invalid nplurals value in Plural-Forms", hline)
        nplurals = int(m.group(1))
        expr = re.split(r"[;\n]", text[plural_at + 7 :])[0]
        often = _check_plural_expression(expr, nplurals, lambda msg: fail(msg, hline))
        for entry in plurals:
            if len(entry.msgstr) != nplurals:
                raise fail(
                    f"Plural-Forms says nplurals={nplurals}, but the message at line "
                    f"{entry.lineno} has {len(entry.msgstr)} plural forms",
                    hline,
                )
    else:
        often = []
        if plurals:
            missing = "nplurals=INTEGER" if plural_at >= 0 else "plural=EXPRESSION"
            raise fail(
                f'message has plural forms, but the header lacks a "{missing}" '
                "attribute in Plural-Forms",
                plurals[0].msgstr_lineno,
            )
    for entry in live:
        if entry.msgid:  # like check_pair, skip anything that looks like a header
            _check_newlines(entry, fail)
            _check_formats(entry, entry_flags(entry), often, fail)


def _check_newlines(entry: RawEntry, fail: _Fail) -> None:
    """msgfmt's check_pair: msgid and msgstr must agree on leading/trailing '\\n'."""
    names = (
        ["msgstr"]
        if entry.msgid_plural is None
        else ["msgid_plural", *(f"msgstr[{i}]" for i in range(len(entry.msgstr)))]
    )
    values = entry.msgstr if entry.msgid_plural is None else [entry.msgid_plural, *entry.msgstr]
    for where, test in (
        ("begin", lambda s: s.startswith(b"\n")),
        ("end", lambda s: s.endswith(b"\n")),
    ):
        for name, value in zip(names, values, strict=True):
            if test(value) != test(entry.msgid):
                raise fail(
                    f"'msgid' and '{name}' entries do not both {where} with '\\n'",
                    entry.msgstr_lineno,
                )


_PLURAL_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_MASK = (1 << 64) - 1  # GNU evaluates plural expressions in unsigned long
#: Per-form usage of each plural expression already checked (they never fail twice differently).
_PLURAL_USAGE: dict[tuple[str, int], tuple[bool, ...]] = {}
_Node = str | tuple  # a number, "n", or (operator, operand, ...)
_BINARY: dict[str, Callable[[int, int], int]] = {
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b,
    "%": lambda a, b: a % b,
}  # b == 0 raises ZeroDivisionError


def _check_plural_expression(
    expr: str, nplurals: int, fail: Callable[[str], CatalogError]
) -> list[bool]:
    """Parse the C plural expression like plural.y and evaluate it for n = 0..1000.

    Returns, per plural form, whether it is used often (for 5 or more n): msgfmt
    checks the format strings of those forms strictly.
    """
    known = _PLURAL_USAGE.get((expr, nplurals))
    if known is not None:  # every catalog of a project has the same header: evaluate once
        return list(known)
    tokens: list[str] = []
    pos = 0
    while pos < len(expr.rstrip()):
        m = _PLURAL_TOKEN.match(expr, pos)
        if m is None:
            raise fail("invalid plural expression in Plural-Forms")
        tokens.append(m.group(m.lastindex or 0))
        pos = m.end()
    binary = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]

    def parse(i: int, level: int) -> tuple[_Node, int]:
        """Recursive descent over the precedence levels of plural.y; returns (tree, next)."""
        if level == 0:  # cond ? a : b, right-associative
            cond, i = parse(i, 1)
            if i < len(tokens) and tokens[i] == "?":
                yes, i = parse(i + 1, 0)
                if i >= len(tokens) or tokens[i] != ":":
                    raise fail("invalid plural expression in Plural-Forms")
                no, i = parse(i + 1, 0)
                return ("?", cond, yes, no), i
            return cond, i
        if level <= len(binary):
            left, i = parse(i, level + 1)
            while i < len(tokens) and tokens[i] in binary[level - 1]:
                right, j = parse(i + 1, level + 1)
                left, i = (tokens[i], left, right), j
            return left, i
        if i >= len(tokens):
            raise fail("invalid plural expression in Plural-Forms")
        tok = tokens[i]
        if tok == "!":
            inner, i = parse(i + 1, level)
            return ("!", inner), i
        if tok == "(":
            inner, i = parse(i + 1, 0)
            if i >= len(tokens) or tokens[i] != ")":
                raise fail("invalid plural expression in Plural-Forms")
            return inner, i + 1
        if tok == "n" or tok.isdigit():
            return tok, i + 1
        raise fail("invalid plural expression in Plural-Forms")

    tree, end = parse(0, 0)
    if end != len(tokens):
        raise fail("invalid plural expression in Plural-Forms")

    def ev(node: _Node, n: int) -> int:
        if isinstance(node, str):
            return n if node == "n" else int(node) & _MASK
        op, *args = node
        if op == "?":
            return ev(args[1], n) if ev(args[0], n) else ev(args[2], n)
        if op == "!":
            return int(not ev(args[0], n))
        a = ev(args[0], n)
        if op in ("||", "&&"):  # short-circuit, like C
            return int(bool(a or ev(args[1], n)) if op == "||" else bool(a and ev(args[1], n)))
        return _BINARY[op](a, ev(args[1], n)) & _MASK

    counts = [0] * nplurals
    for n in range(1001):
        try:
            value = ev(tree, n)
        except ZeroDivisionError:
            raise fail("plural expression in Plural-Forms can divide by zero") from None
        if value >= nplurals:
            raise fail(
                f"nplurals={nplurals}, but the plural expression can produce {value} (for n={n})"
            )
        counts[value] += 1
    _PLURAL_USAGE[(expr, nplurals)] = tuple(count >= 5 for count in counts)
    return [count >= 5 for count in counts]


# ---------------------------------------------------------------- format strings
# Ports of gettext's format-python.c, format-python-brace.c and (simplified)
# format-c.c: a parser returns (named args, positional args) or an error reason.

_Spec = tuple[dict[str, str], list[str]]
_PY_TYPES = {
    "c": "c",
    "s": "s",
    "r": "s",
    **dict.fromkeys("iduoxX", "i"),
    **dict.fromkeys("eEfgG", "f"),
}
_DIGITS = "0123456789"


_Spans = list[tuple[int, int]]  # [start, end) of each well-formed directive


def _python_spec(s: str, spans: _Spans) -> _Spec | str:
    named: dict[str, str] = {}
    unnamed: list[str] = []
    mixed = "it mixes named and unnamed arguments"
    clash = ""
    i, n = 0, len(s)
    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        name = None
        if i < n and s[i] == "(":
            depth, j = 0, i + 1
            while j < n and (s[j] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(s[j], 0)
                j += 1
            if j >= n:
                return "unterminated directive"
            name, i = s[i + 1 : j], j + 1
        while i < n and s[i] in "-+ #0":
            i += 1
        for allow_digits in (True, False):  # width, then precision
            zero = False
            if not allow_digits:
                if not (i < n and s[i] == "."):
                    break
                i += 1
            if i < n and s[i] == "*":
                if named:
                    return mixed
                unnamed.append("i")
                i += 1
            else:
                zero = not allow_digits and i < n and s[i] in _DIGITS
                while i < n and s[i] in _DIGITS:
                    zero = zero and s[i] == "0"
                    i += 1
        if i < n and s[i] in "hlL":
            i += 1
        conv = s[i] if i < n else ""
        if conv != "%" and conv not in _PY_TYPES:
            return f"'{conv}' is not a valid conversion" if conv else "unterminated directive"
        kind = "any" if conv in "sr" and zero else _PY_TYPES.get(conv, "none")
        if name is not None:
            if unnamed:
                return mixed
            old = named.get(name, kind)
            if old not in (kind, "any") and kind != "any":
                clash = clash or f"argument '{name}' is used in incompatible ways"
            named[name] = old if kind == "any" else kind
        elif conv != "%":
            if named:
                return mixed
            unnamed.append(kind)
        i += 1
        spans.append((start, i))
    return clash or (named, unnamed)


def _brace_spec(s: str, spans: _Spans) -> _Spec | str:
    named: dict[str, str] = {}
    field = r"(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)"
    spec = (
        r"(?::(?:\{" + field + r"\}"
        r"|(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]+)?[bcdoxXneEfFgG%]?))?"
    )
    directive = re.compile(
        r"\{(" + field + r"(?:\." + r"[A-Za-z_][A-Za-z0-9_]*|\[" + field + r"\])*)" + spec + r"\}",
        re.S,
    )
    i = 0
    while (i := s.find("{", i)) >= 0:
        if s.startswith("{{", i):
            i += 2
            continue
        m = directive.match(s, i)
        if m is None:
            return "invalid or unterminated directive"
        named[m.group(1)] = "any"
        spans.append((i, m.end()))
        i = m.end()
    return named, []


_C_DIRECTIVE = re.compile(
    r"%(?:(?P<pos>[1-9][0-9]*)\$)?[-+ #0'I]*(?P<width>\*(?:[1-9][0-9]*\$)?|[0-9]+)?"
    r"(?:\.(?P<prec>\*(?:[1-9][0-9]*\$)?|[0-9]*))?(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?"
    r"(?P<conv><[A-Za-z0-9_]+>|[diouxXeEfFgGaAcspn%]|)"
)


def _c_spec(s: str, spans: _Spans) -> _Spec | str:
    args: dict[int, str] = {}
    count = 0
    numbered: bool | None = None
    for m in _C_DIRECTIVE.finditer(s):
        conv, size = m.group("conv"), m.group("size") or ""
        if not conv:
            return "invalid or unterminated directive"
        spans.append(m.span())
        if conv == "%":
            continue
        kind = (
            "i" + size
            if conv in "diouxX" or conv.startswith("<")
            else "f" + size
            if conv in "eEfFgGaA"
            else conv + size
        )
        stars = [g for g in (m.group("width"), m.group("prec")) if g and g.startswith("*")]
        for star in [*stars, None]:
            is_numbered = m.group("pos") is not None
            if numbered is not None and numbered != is_numbered:
                return "it mixes numbered and unnumbered arguments"
            numbered = is_numbered
            if star is None:
                number = int(m.group("pos")) if is_numbered else (count := count + 1)
                entry = kind
            else:
                number = int(star[1:-1]) if is_numbered else (count := count + 1)
                entry = "i"
            if args.setdefault(number, entry) != entry:
                return f"argument {number} is used in incompatible ways"
    if args and sorted(args) != list(range(1, len(args) + 1)):
        return "it skips an argument number"
    return {}, [args[k] for k in sorted(args)]


_FORMAT_PARSERS = {"c": _c_spec, "python": _python_spec, "python-brace": _brace_spec}


def directive_spans(language: str, text: str) -> _Spans:
    """Where the well-formed format directives of ``text`` are (msgcat won't break inside).

    In gettext 0.21 only some parsers record directives; python-brace does not.
    """
    spans: _Spans = []
    if language in ("c", "python"):
        _FORMAT_PARSERS[language](text, spans)
    return spans


def _check_formats(
    entry: RawEntry, flags: list[str], plural_often: list[bool], fail: _Fail
) -> None:
    """msgfmt --check-format for the languages above; other format flags are not checked."""
    slots: dict[str, str] = {}
    for flag in flags:  # later flags override earlier ones, as in GNU
        if flag.endswith("-format"):
            base = flag[:-7]
            for prefix in ("no-", "possible-", "impossible-"):
                if base.startswith(prefix):
                    base = base[len(prefix) :]
            slots[base] = flag
    source_name = "msgid" if entry.msgid_plural is None else "msgid_plural"
    raw_source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
    source = raw_source.decode("utf-8", "replace")
    for language, parse in _FORMAT_PARSERS.items():
        flag = slots.get(language, "")
        if not flag or flag.startswith(("no-", "impossible-")):
            continue
        want = parse(source, [])
        if isinstance(want, str):
            continue  # msgid is not a valid format string: msgfmt checks nothing
        for index, raw in enumerate(entry.msgstr):
            name = "msgstr" if entry.msgid_plural is None else f"msgstr[{index}]"
            have = parse(raw.decode("utf-8", "replace"), [])
            if isinstance(have, str):
                raise fail(
                    f"'{name}' is not a valid {language}-format string, unlike "
                    f"'{source_name}': {have}",
                    entry.msgstr_lineno,
                )
            strict = (
                entry.msgid_plural is None
                or len(entry.msgstr) < 2
                or (index < len(plural_often) and plural_often[index])
            )
            problem = _compare(want, have, strict, language, source_name, name)
            if problem:
                raise fail(problem, entry.msgstr_lineno)


def _compare(
    want: _Spec, have: _Spec, strict: bool, language: str, src: str, dst: str
) -> str | None:
    """The first difference msgfmt reports between msgid and msgstr directives, if any.

    ``strict`` is GNU's "equality": msgstr must use exactly the msgid's arguments.
    Otherwise (plural forms used for few n) it may leave some out.
    """
    (named1, unnamed1), (named2, unnamed2) = want, have
    differ = f"format specifications in '{src}' and '{dst}'"
    if named1 and unnamed2 or unnamed1 and named2:
        return f"{differ} mix named and unnamed arguments"
    for name in sorted(set(named1) | set(named2)):
        if name not in named1 and (strict or language == "python"):
            return (
                f"a format specification for argument '{name}', as in '{dst}', "
                f"doesn't exist in '{src}'"
            )
        if name not in named2 and strict:
            return f"a format specification for argument '{name}' doesn't exist in '{dst}'"
        if (
            name in named1
            and name in named2
            and named1[name] != named2[name]
            and (strict or "any" not in (named1[name], named2[name]))
        ):
            return f"{differ} for argument '{name}' are not the same"
    if len(unnamed1) != len(unnamed2) and (
        strict or language == "python" or len(unnamed2) > len(unnamed1)
    ):
        return f"number of format specifications in '{src}' and '{dst}' does not match"
    for number, (a, b) in enumerate(zip(unnamed1, unnamed2, strict=False), 1):
        if a != b and (strict or "any" not in (a, b)):
            return f"{differ} for argument {number} are not the same"
    return None
