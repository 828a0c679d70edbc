"""The checks GNU ``msgfmt --check-format --check-header`` runs after a clean parse."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from babel.messages.catalog import Message

from pipeline.errors import CatalogError
from pipeline.po.formats import format_problem
from pipeline.po.syntax import message_parts


@dataclass(frozen=True, slots=True)
class Checked:
    """A translated, not fuzzy, active message msgfmt checks, and where it is."""

    #: The message as read.
    message: Message
    #: The line of its msgstr keyword, where msgfmt reports a problem.
    msgstr_lineno: int


def check_messages(header: str, header_line: int, messages: list[Checked], filename: str) -> None:
    """The checks ``msgfmt --check-format --check-header`` runs after a clean parse.

    ``messages`` are the translated, not fuzzy, active entries (msgfmt skips the rest);
    those without flags, plural forms or newlines may be left out.  Plural-Forms
    problems come first (reported at the header), then per-message problems
    (newlines, then format strings).
    """

    def fail(message: str, line: int) -> CatalogError:
        return CatalogError(message, filename=filename, lineno=line)

    plurals = [m for m in messages if isinstance(m.message.id, tuple)]
    plural_at, nplurals_at = header.find("plural="), header.find("nplurals=")
    if plural_at >= 0 and nplurals_at >= 0:
        m = re.match(r"\s*(\d+)", header[nplurals_at + 9 :])
        if m is None:
            raise fail("invalid nplurals value in Plural-Forms", header_line)
        nplurals = int(m.group(1))
        expr = re.split(r"[;\n]", header[plural_at + 7 :])[0]
        often = _check_plural_expression(expr, nplurals, lambda msg: fail(msg, header_line))
        for checked in plurals:
            count = len(message_parts(checked.message)[2])
            if count != nplurals:
                raise fail(
                    f"Plural-Forms says nplurals={nplurals}, but the message at line "
                    f"{checked.message.lineno} has {count} plural forms",
                    header_line,
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
    for checked in messages:
        message = checked.message
        if not message_parts(message)[0]:
            continue  # like check_pair, skip anything that looks like a header
        problem = _newline_problem(message) or format_problem(message, often)
        if problem:
            raise fail(problem, checked.msgstr_lineno)


def _newline_problem(message: Message) -> str | None:
    """msgfmt's check_pair: msgid and msgstr must agree on leading/trailing '\\n'."""
    msgid, msgid_plural, strings = message_parts(message)
    if msgid_plural is not None:
        names = ["msgid_plural", *(f"msgstr[{i}]" for i in range(len(strings)))]
        values = [msgid_plural, *strings]
    else:
        names, values = ["msgstr"], strings
    for where, test in (
        ("begin", lambda s: s.startswith("\n")),
        ("end", lambda s: s.endswith("\n")),
    ):
        for name, value in zip(names, values, strict=True):
            if test(value) != test(msgid):
                return f"'msgid' and '{name}' entries do not both {where} with '\\n'"
    return None


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
    checks the format strings of those forms strictly.  Longer than a screen as one
    piece: the parser and the evaluator are small closures over the tokens and ``fail``.
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
