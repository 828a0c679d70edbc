"""Format directives as msgfmt --check-format reads them: c, python, python-brace."""

from __future__ import annotations

import re

from babel.messages.catalog import Message

from pipeline.po.syntax import flag_slot, message_parts

# ---------------------------------------------------------------- format strings
# Ports of gettext 0.21's format-python.c, format-python-brace.c and format-c.c: a
# parser returns (named args, positional args) or an error reason; ``translated``
# says whether it reads a msgstr (where C allows glibc's 'I' flag).

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


def _python_spec(s: str, spans: _Spans, translated: bool = False) -> _Spec | str:
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


_BRACE_NAME = r"(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)"
_BRACE_FIELD = _BRACE_NAME + r"(?:\.[A-Za-z_][A-Za-z0-9_]*|\[" + _BRACE_NAME + r"\])*"
#: A directive as format-python-brace.c 0.21 reads it: a field, then a nested ``{field}``
#: or the standard specifiers ``[[fill]align][sign][#][0][width][.precision][type]``.
_BRACE_DIRECTIVE = re.compile(
    r"\{" + _BRACE_FIELD + r"(?::(?:\{" + _BRACE_FIELD + r"\}"
    r"|(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?))?\}",
    re.S,
)


def _brace_spec(s: str, spans: _Spans, translated: bool = False) -> _Spec | str:
    """format-python-brace.c 0.21: the arguments of a brace format string, or an error.

    An argument's name is all between the braces (``n:>5`` is not ``n``), as in 0.21.
    """
    named: dict[str, str] = {}
    i = 0
    while (i := s.find("{", i)) >= 0:
        if s.startswith("{{", i):
            i += 2
            continue
        m = _BRACE_DIRECTIVE.match(s, i)
        if m is None:
            return "invalid or unterminated directive"
        named[s[i + 1 : m.end() - 1]] = "any"
        spans.append((i, m.end()))
        i = m.end()
    return named, []


_C_SIZES = (
    ("hh", "hh"),
    ("h", "h"),
    ("ll", "ll"),
    ("l", "l"),
    ("L", "ll"),
    ("q", "ll"),
    ("j", "j"),
    ("z", "z"),
    ("Z", "z"),
    ("t", "t"),
)  # longest first; the value names the size (L and q are ll, Z is z)
#: ISO C 99 <inttypes.h> macros, ``%<PRIuMAX>``: the letter, then the size.
_C99_MACRO = re.compile(r"<PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")
_C_NUMBER = re.compile(r"([0-9]+)\$")
_C_FLAGS = re.compile(r"[-+ #0']*")
_C_FLAGS_TRANSLATED = re.compile(r"[-+ #0'I]*")  # glibc's 'I' flag: only in a msgstr
_C_DIGITS = re.compile(r"[0-9]*")


def _c_type(s: str, i: int) -> tuple[str | None, int] | str:
    """The argument type of the conversion at ``s[i:]`` (after flags, width, precision)
    as format-c.c 0.21 sees it (``None``: no argument), and where it ends; or an error."""
    if s.startswith("<", i):
        m = _C99_MACRO.match(s, i)
        if m is None:
            return "an invalid ISO C 99 <inttypes.h> macro"
        letter, size = m.groups()
        sign = "" if letter in "di" else "u"
        return f"int{sign}:{'j' if size == 'MAX' else size.lower()}", m.end()
    size = ""
    for spelling, name in _C_SIZES:
        if s.startswith(spelling, i):
            size, i = name, i + len(spelling)
            break
    conv = s[i : i + 1]
    if conv in ("%", "m"):  # m: glibc's strerror(errno)
        return None, i + 1
    if conv in ("c", "s"):  # only l and ll make a wide character or string
        return conv + (":l" if size in ("l", "ll") else ""), i + 1
    if conv in ("C", "S"):
        return conv.lower() + ":l", i + 1
    if conv and conv in "di":
        return f"int:{size}", i + 1
    if conv and conv in "ouxX":
        return f"intu:{size}", i + 1
    if conv and conv in "eEfFgGaA":  # only ll (L, q) makes a long double
        return "double" + (":ll" if size == "ll" else ""), i + 1
    if conv == "p":
        return "pointer", i + 1
    if conv == "n":
        return f"count:{size}", i + 1
    return f"'{conv}' is not a valid conversion" if conv else "unterminated directive"


def _c_argument(s: str, i: int) -> tuple[int, int] | str:
    """An optional ``m$`` at ``s[i:]``: its number (0 if none) and where it ends."""
    m = _C_NUMBER.match(s, i)
    if m is None:
        return 0, i
    if m.group(1).strip("0") == "":
        return "argument number 0"
    return int(m.group(1)), m.end()


def _c_spec(s: str, spans: _Spans, translated: bool = False) -> _Spec | str:
    """format-c.c 0.21: the argument types of a C format string, in order, or an error."""
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []
    flags = _C_FLAGS_TRANSLATED if translated else _C_FLAGS
    i = 0
    while (i := s.find("%", i)) >= 0:
        start = i
        arguments: list[tuple[int, str]] = []  # (number or 0, type), in order
        found = _c_argument(s, i + 1)
        if isinstance(found, str):
            return found
        number, i = found
        i = flags.match(s, i).end()  # type: ignore[union-attr]
        for precision in (False, True):  # width, then precision
            if precision:
                if not s.startswith(".", i):
                    break
                i += 1
            if s.startswith("*", i):
                found = _c_argument(s, i + 1)
                if isinstance(found, str):
                    return found
                arguments.append((found[0], "int:"))
                i = found[1]
            else:
                i = _C_DIGITS.match(s, i).end()  # type: ignore[union-attr]
        typed = _c_type(s, i)
        if isinstance(typed, str):
            return typed
        kind, i = typed
        if kind is not None:
            arguments.append((number, kind))
        for argument, argument_kind in arguments:
            if argument and unnumbered or not argument and numbered:
                return "it mixes numbered and unnumbered arguments"
            if argument:
                numbered.append((argument, argument_kind))
            else:
                unnumbered.append(argument_kind)
        spans.append((start, i))
    if not numbered:
        return {}, unnumbered
    types: dict[int, str] = {}
    for argument, kind in sorted(numbered):
        if types.setdefault(argument, kind) != kind:
            return f"argument {argument} is used in incompatible ways"
    if sorted(types) != list(range(1, len(types) + 1)):
        return "it skips an argument number"
    return {}, [types[k] for k in sorted(types)]


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
            have = parse(text, [], True)
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
