"""pipeline.po.syntax: GNU's rules for PO text, each once (charsets, escapes, comments, flags)."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Message

from pipeline.po import syntax

from ..conftest import TESTS, fixture_cases

#: canonical_charset, flag_slot and reference on their cases.
SYNTAX = TESTS / "po" / "fixtures" / "syntax.md"


def test_every_canonical_charset_is_a_python_codec() -> None:
    for canonical, codec in syntax.CHARSETS.items():
        assert "é".encode(codec, "replace").decode(codec, "replace")  # the codec exists
        assert syntax.canonical_charset(canonical) == canonical
    assert syntax.WEIRD_CJK <= set(syntax.CHARSETS.values())


@pytest.mark.parametrize(
    ("header", "charset"),
    [
        (b"Content-Type: text/plain; charset=UTF-8\n", "UTF-8"),
        (b"Content-Type: text/plain; charset=iso-8859-1\nX: y\n", "iso-8859-1"),
        (b"Content-Type: text/plain; charset=CHARSET\n", "CHARSET"),
        (b"Content-Type: text/plain; charset=\n", ""),
        (b"Project-Id-Version: x\n", syntax.PLACEHOLDER),
    ],
)
def test_header_charset_reads_up_to_a_blank(header: bytes, charset: str) -> None:
    assert syntax.header_charset(header) == charset


def test_escape_tables_agree() -> None:
    assert syntax.ESCAPES["\n"] == "n" and syntax.ESCAPES['"'] == '"'
    assert syntax.ESCAPES["\\"] == "\\" and len(syntax.ESCAPES) == 9
    for char, letter in syntax.ESCAPES.items():
        assert syntax.SIMPLE_ESCAPES[ord(letter)] == ord(char)
        assert syntax.ESCAPE_RE.fullmatch(b"\\" + letter.encode())
    for bad in (b"\\q", b"\\x", b"\\8", b"\\ "):
        assert syntax.ESCAPE_RE.fullmatch(bad) is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (b"plain", b"plain"),
        (b"a\\nb\\tc", b"a\nb\tc"),
        (b'\\"q\\"', b'"q"'),
        (b"\\\\n", b"\\n"),  # an escaped backslash, then a letter
        (b"\\\\\\n", b"\\\n"),
        (b"\\a\\b\\f\\r\\v", b"\a\b\f\r\v"),
        (b"\\101\\x42", b"AB"),
        (b"\\0101", b"\x081"),  # at most three octal digits
        (b"\\x141", b"A"),  # hex digits run on; C keeps the low byte (0x141 & 0xFF)
        (b"\\777", b"\xff"),
        (b"\\\\101", b"\\101"),  # not octal: the backslash is escaped
        (b"\\303\\251", "é".encode()),
    ],
)
def test_unescape(raw: bytes, value: bytes) -> None:
    assert syntax.unescape(raw) == value


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        (" fuzzy, c-format", ["fuzzy", "c-format"]),
        (" fuzzy,c-format\tno-wrap", ["fuzzy", "c-format", "no-wrap"]),
        (" range: 1..5, fuzzy", ["range: 1..5", "fuzzy"]),
        (",,", []),
    ],
)
def test_add_flags_splits_like_gnu(text: str, flags: list[str]) -> None:
    found: list[str] = []
    syntax.add_flags(found, text)
    assert found == flags


def test_a_later_flag_wins_its_slot() -> None:
    flags = ["c-format", "wrap", "range: 1..2", "fuzzy", "no-c-format", "no-wrap", "range: 3..4"]
    assert syntax.resolve_flags(flags) == {"no-c-format", "no-wrap", "range: 3..4", "fuzzy"}
    assert syntax.resolve_flags(["no-c-format", "python-format", "c-format"]) == {
        "c-format",
        "python-format",
    }


def test_comments_are_sorted_by_kind() -> None:
    message = Message("x")
    syntax.set_comments(
        message,
        [
            " translator says",
            ". extracted",
            ".tight",
            ": a.md:1 b.md",
            ": a.md:1\tc.md:2",
            ", fuzzy, c-format",
            ", no-c-format",
            "! no-wrap",
            "bare",
        ],
    )
    assert message.user_comments == ["translator says", "bare"]
    assert message.auto_comments == ["extracted", "tight"]
    assert message.locations == [("a.md", 1), ("b.md", None), ("c.md", 2)]
    assert message.flags == {"fuzzy", "no-c-format", "no-wrap"}


def test_a_carriage_return_does_not_separate_references() -> None:
    message = Message("x")
    syntax.set_comments(message, [": a.md:1\rb.md:2 c.md:3"])
    assert message.locations == [("a.md:1\rb.md", 2), ("c.md", 3)]


@pytest.mark.parametrize(
    ("msgctxt", "msgid", "obsolete", "header"),
    [
        (None, b"", False, True),
        (None, "", False, True),
        ("ctx", b"", False, False),
        (None, b"x", False, False),
        (None, b"", True, False),
    ],
)
def test_is_header(msgctxt: str | None, msgid: bytes | str, obsolete: bool, header: bool) -> None:
    assert syntax.is_header(msgctxt, msgid, obsolete) is header


def test_message_parts() -> None:
    assert syntax.message_parts(Message("a", "b")) == ("a", None, ["b"])
    assert syntax.message_parts(Message(("a", "as"), ("b", "bs"))) == ("a", "as", ["b", "bs"])
    assert syntax.message_parts(Message("a")) == ("a", None, [""])


def _result(function: str, argument: str) -> str:
    """The named function's result on ``argument``, as fixtures/syntax.md writes it."""
    if function == "reference":
        file, line = syntax.reference(argument)
        return f"{file}\n{'(no line)' if line is None else line}\n"
    value = {"canonical_charset": syntax.canonical_charset, "flag_slot": syntax.flag_slot}[
        function
    ](argument)
    return f"{'(none)' if value is None else value}\n"


@pytest.mark.parametrize(("title", "text", "expected"), fixture_cases(SYNTAX, titled=True))
def test_syntax_cases(title: str, text: str, expected: str) -> None:
    assert _result(title.split(":")[0], text.removesuffix("\n")) == expected
