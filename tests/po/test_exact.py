"""pipeline.po.exact: msgfmt's grammar; entries as read, and the first error on msgfmt's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import CatalogError
from pipeline.po.exact import parse_entries
from tests.po.gnu import msgfmt_verdict

HEADER = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
PLURAL_HEADER = (
    b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def test_entries_as_read() -> None:
    data = PLURAL_HEADER + (
        b"# user\n#, fuzzy\n"
        b'#| msgctxt "pc"\n#| msgid "old"\n'
        b'msgctxt "c"\nmsgid "a"\nmsgstr "b"\n\n'
        b'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "een"\nmsgstr[1] "veel"\n\n'
        b'#~ msgid "gone"\n#~ msgstr "weg"\n'
    )
    entries, codec, deferred = parse_entries(data, "t.po")
    assert (codec, deferred) == ("utf-8", None)
    header, single, plural, obsolete = entries
    assert header.msgid == b"" and header.msgstr[0].startswith(b"Content-Type")
    assert (header.lineno, header.msgstr_lineno) == (1, 2)
    assert single.comments == b"# user\n#, fuzzy\n" and single.comment_lines == (6, 7)
    assert (single.prev_msgctxt, single.prev_msgid) == (b"pc", b"old")
    assert (single.msgctxt, single.msgid, single.msgstr) == (b"c", b"a", [b"b"])
    assert (single.lineno, single.msgstr_lineno, single.obsolete) == (11, 12, False)
    assert (plural.msgid_plural, plural.msgstr) == (b"many", [b"een", b"veel"])
    assert (plural.lineno, plural.msgstr_lineno) == (14, 16)
    assert (obsolete.msgid, obsolete.msgstr, obsolete.obsolete) == (b"gone", [b"weg"], True)


def test_the_header_sets_the_codec_for_what_follows() -> None:
    data = HEADER.replace(b"UTF-8", b"latin1") + b'msgid "caf\xe9"\nmsgstr ""\n'
    entries, codec, deferred = parse_entries(data, "t.po")
    assert (codec, deferred, entries[1].msgid) == ("iso8859-1", None, b"caf\xe9")
    entries, codec, _ = parse_entries(HEADER.replace(b"UTF-8", b"CHARSET"), "t.po")
    assert codec == "utf-8"  # the POT placeholder: read as xgettext wrote it


def test_an_unknown_charset_is_deferred_at_the_headers_msgstr() -> None:
    _, codec, deferred = parse_entries(HEADER.replace(b"UTF-8", b"klingon"), "t.po")
    assert codec == "iso8859-1"
    assert deferred is not None and deferred.lineno == 2
    assert 'charset "klingon" is not a portable encoding name' in deferred.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xef\xbb\xbf" + HEADER, "byte order mark"),
        (b"\xff\xfe" + HEADER, "UTF-16"),
        (b'msgid "a"\nmsgstr "b"\n', "missing header entry"),
    ],
)
def test_files_refused_before_or_after_parsing(data: bytes, message: str) -> None:
    with pytest.raises(CatalogError, match=message):
        parse_entries(data, "t.po")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'msgid "a"\n\nmsgid "b"\nmsgstr ""\n', "missing msgstr"),
        (b'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', "duplicate message definition"),
        (b'msgid "a"\nmsgstr[0] "x"\n', "msgstr[n] without msgid_plural"),
        (b'msgid "a"\nmsgid_plural "as"\n\nmsgid "b"\nmsgstr ""\n', "missing msgstr[0]"),
        (b'msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', "expected '[' after msgstr"),
        (
            b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n',
            "plural form msgstr[2] has the wrong index",
        ),
        (b'msgid "a"\n#~ msgstr "x"\n', "inconsistent use of #~"),
        (b'msgstr "x"\n', "syntax error: expected msgid, msgctxt or a comment"),
        (b'msgctxt "c"\nmsgstr "x"\n', "syntax error: expected msgid after msgctxt"),
        (b'msgid "a"\nmsgstr\n\nmsgid "b"\n', "syntax error: expected a string after msgstr"),
        (b'msgid "a"\nmsgstr "x" @\n', "syntax error"),
    ],
)
def test_first_error_on_msgfmts_line(tmp_path: Path, body: bytes, message: str) -> None:
    path = tmp_path / "bad.po"
    path.write_bytes(HEADER + body)
    accepted, line, stderr = msgfmt_verdict(path)
    assert not accepted and line is not None, stderr
    with pytest.raises(CatalogError) as info:
        parse_entries(path.read_bytes(), "t.po")
    assert message in info.value.message
    assert (info.value.filename, info.value.lineno) == ("t.po", line), stderr
