"""pipeline.po.lexer: msgfmt's tokens on msgfmt's lines; its errors where msgfmt reports them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import CatalogError
from pipeline.po.lexer import Lexer, Token
from tests.po.gnu import msgfmt_verdict

HEADER = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def tokens(data: bytes, codec: str | None = None) -> list[Token]:
    lexer = Lexer(data, "t.po")
    lexer.set_codec(codec)
    found = [lexer.next()]
    while found[-1].kind != "EOF":
        found.append(lexer.next())
    return found


def kinds(data: bytes) -> list[tuple[str, int, object]]:
    return [(t.kind, t.line, t.value) for t in tokens(data)]


def test_keywords_strings_and_plural_indexes() -> None:
    assert kinds(b'msgid "a"\n"b"\nmsgstr[0] "x"\n') == [
        ("MSGID", 1, None),
        ("STRING", 1, b"a"),
        ("STRING", 2, b"b"),
        ("MSGSTR", 3, None),
        ("[", 3, None),
        ("NUMBER", 3, 0),
        ("]", 3, None),
        ("STRING", 3, b"x"),
        ("EOF", 4, None),
    ]


def test_a_comment_sits_on_the_next_line_and_knows_its_own() -> None:
    comment, msgid, *_ = tokens(b'# c\nmsgid "a"\nmsgstr ""\n')
    assert (comment.kind, comment.value, comment.line, comment.start) == ("COMMENT", b" c", 2, 1)
    assert (msgid.kind, msgid.line) == ("MSGID", 2)


def test_obsolete_and_previous_lines() -> None:
    found = tokens(b'#~ msgid "o"\n#| msgid "p"\n#~| msgctxt "q"\nmsgid "n"\n')
    assert [(t.kind, t.obsolete, t.value) for t in found] == [
        ("MSGID", True, None),
        ("STRING", True, b"o"),
        ("PREV_MSGID", False, None),
        ("PREV_STRING", False, b"p"),
        ("PREV_MSGCTXT", True, None),
        ("PREV_STRING", True, b"q"),
        ("MSGID", False, None),  # a newline ends #~ and #|
        ("STRING", False, b"n"),
        ("EOF", False, None),
    ]


def test_strings_are_unescaped_and_backslash_newline_spliced() -> None:
    found = tokens(b'msgid "a\\\nb\\t\\x41\\101"\nmsgstr "\\n"')
    assert [(t.kind, t.line, t.value) for t in found] == [
        ("MSGID", 1, None),
        ("STRING", 2, b"ab\tAA"),  # the splice still counts as a line
        ("MSGSTR", 3, None),
        ("STRING", 3, b"\n"),
        ("EOF", 3, None),
    ]


def test_junk_is_a_token_of_its_own() -> None:
    assert kinds(b"msgid @") == [("MSGID", 1, None), ("JUNK", 1, b"@"), ("EOF", 1, None)]


def test_nul_is_deferred_not_raised() -> None:
    lexer = Lexer(b'msgid "a\\0b"\n', "t.po")
    assert lexer.next().kind == "MSGID"
    assert lexer.next().value == b"a\0b"
    assert lexer.deferred is not None and "NUL character within string" in str(lexer.deferred)


def test_a_domain_directive_is_deferred() -> None:
    lexer = Lexer(b'domain "d"\n', "t.po")
    assert lexer.next().kind == "DOMAIN"
    assert str(lexer.deferred) == "t.po:1: domain directives are not supported"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'msgid "a"\nmsgstr "open\n', "end of line before the closing quote"),
        (b'msgid "a"\nmsgstr "open', "end of file before the closing quote"),
        (b'msgid "a"\n\nmsgstr "\\q"\n', "invalid escape sequence \\q"),
        (b'msgid "a"\nmsgtxt "b"\n', 'keyword "msgtxt" unknown'),
        (b'msgid "a"\n"b\\\n\\004"\nmsgstr "c"\n', "context separator <EOT>"),
        (b'msgid "a"\n\n\nmsgstr "\\\n\\z"\n', "invalid escape sequence \\z"),
    ],
)
def test_errors_on_msgfmts_line(tmp_path: Path, body: bytes, message: str) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(HEADER + body)
    accepted, line, stderr = msgfmt_verdict(path)
    assert not accepted and line is not None, stderr
    with pytest.raises(CatalogError) as info:
        tokens(path.read_bytes())
    assert message in info.value.message
    assert (info.value.filename, info.value.lineno) == ("t.po", line), stderr


def test_invalid_bytes_in_the_files_charset_on_msgfmts_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(HEADER + b'msgid "a"\nmsgstr ""\n"\xff"\n')
    accepted, line, stderr = msgfmt_verdict(path)
    assert not accepted and line == 6, stderr
    with pytest.raises(CatalogError) as info:
        tokens(path.read_bytes(), codec="utf-8")
    assert info.value.lineno == line
    assert "invalid multibyte sequence (byte 0xff is not valid UTF-8)" in info.value.message
    assert tokens(path.read_bytes())[-1].kind == "EOF"  # no charset yet: bytes are bytes
