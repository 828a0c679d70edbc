"""Format directives as msgfmt --check-format reads them: c, python, python-brace."""

from __future__ import annotations

import re

from babel.messages.catalog import Message

from pipeline.po.syntax import flag_slot, message_parts

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


def format_problem(message: Message, plural_often: list[bool]) -> str | None:
    """What msgfmt --check-format says of a translated message, or ``None``.

    Only c, python and python-brace are checked (as msgfmt does for our catalogs);
    ``plural_often`` says per plural form whether it is used for 5 or more n.
    """
    slots: dict[str, str] = {}
    for flag in message.flags:
        slot = flag_slot(flag)
        if slot is not None and slot.endswith("-format"):
            slots[slot[:-7]] = flag
    if not slots:
        return None
    msgid, msgid_plural, strings = message_parts(message)
    plural = msgid_plural is not None
    source_name = "msgid_plural" if plural else "msgid"
    source = msgid if msgid_plural is None else msgid_plural
    for language, parse in _FORMAT_PARSERS.items():
        flag = slots.get(language, "")
        if not flag or flag.startswith(("no-", "impossible-")):
            continue
        want = parse(source, [])
        if isinstance(want, str):
            continue  # msgid is not a valid format string: msgfmt checks nothing
        for index, text in enumerate(strings):
            name = f"msgstr[{index}]" if plural else "msgstr"
            have = parse(text, [])
            if isinstance(have, str):
                return (
                    f"'{name}' is not a valid {language}-format string, unlike "
                    f"'{source_name}': {have}"
                )
            strict = (
                not plural
                or len(strings) < 2
                or (index < len(plural_often) and plural_often[index])
            )
            problem = _compare(want, have, strict, language, source_name, name)
            if problem:
                return problem
    return None


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
