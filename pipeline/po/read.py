"""The one PO reader: a line tokenizer and grammar, one converter, msgfmt's lexer for errors.

Nearly every file we read is one a tool wrote: only lines like ``#: ref``, ``#, flags``,
``# comment``, ``#| msgid "…"``, ``msgid "…"``, ``msgstr[0] "…"``, ``"…"``, their
``#~`` twins and blank lines.  `_tokenize` reads such files with one regular expression
per entry (the tokenizer and the grammar in one: the pattern *is* po-gram-gen.y's
``message`` rule, for these lines) and declines anything else: a line of another shape,
an invalid escape, a duplicate, a plural form with the wrong index, a header that is
missing or names a charset we cannot read byte for byte this way.  A declined file,
and any file whose conversion or checks fail, is read again by msgfmt's own lexer and
grammar (`pipeline.po.exact`), which raises at msgfmt's line; a file msgfmt accepts but
whose lines no tool writes (``msg\\<newline>id``, ``#|msgid``, CRLF) is read by it too.

Why the two give the same entries for the lines `_tokenize` accepts: there, msgfmt's
lexer finds exactly the tokens the pattern sees (one keyword and one string per line,
one space between, no other whitespace, no backslash-newline, NUL or EOT), so the
strings, comments and the msgid keyword's line (what ``Message.lineno`` keeps) are
equal.  Line numbers msgfmt reports problems at are only computed by the exact reader.
Both feed `pipeline.po.convert.to_catalog`, the one converter and checker.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline.errors import CatalogError
from pipeline.po.convert import CatalogBuilder
from pipeline.po.exact import parse_entries
from pipeline.po.syntax import (
    CHARSETS,
    PLACEHOLDER,
    WEIRD_CJK,
    canonical_charset,
    header_charset,
    is_header,
    unescape,
)

#: The largest PO file read, in bytes: several times the catalog of the longest article
#: a source may hold (`pipeline.source.document.MAX_SOURCE_CHARS`). Past it a file is
#: refused, so that no catalog makes a command slow.
MAX_PO_BYTES = 4_000_000


def parse_po(data: bytes, *, filename: str) -> Catalog:
    """Parse PO ``data`` strictly; raise `CatalogError` at the line msgfmt would report.

    The catalog remembers ``filename`` as ``po_filename``, for errors found later.
    """
    if len(data) > MAX_PO_BYTES:
        raise CatalogError(
            f"{len(data):,} bytes, more than the {MAX_PO_BYTES:,} a catalog may have",
            filename=filename,
        )
    try:
        return _read(data, filename)
    except (_Declined, CatalogError):
        pass  # read again, to place the error where msgfmt does
    entries, codec, deferred = parse_entries(data, filename)
    builder = CatalogBuilder(codec, filename)
    for entry in entries:
        builder.add_entry(entry)
    return builder.finish(deferred)


def read_po(path: Path, *, display_name: str | None = None) -> Catalog:
    """Read and parse the PO file at ``path``; errors name ``display_name`` or the path."""
    name = display_name if display_name is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read file: {exc.strerror}", filename=name) from exc
    return parse_po(data, filename=name)


# ---------------------------------------------------------------- the entry pattern

# The patterns work on the file's bytes.  The quantifiers are possessive (``*+``):
# giving back a line or a character never lets a pattern match otherwise (a string's
# text stops at '"', '\\' or a newline; a string's continuation lines start with '"'
# after the prefix, the lines after them with a keyword), so they only spare the regex
# engine its bookkeeping.  Escapes are the ones msgfmt accepts (`syntax.ESCAPE_RE`):
# a backslash and a letter, an octal digit or 'x' and a hex digit (further digits are
# plain text to the pattern and part of the escape to `unescape`, as to msgfmt).
_BODY = rb'[^"\\\n]*+(?:\\(?:[abfnrtv\\"0-7]|x[0-9A-Fa-f])[^"\\\n]*+)*+'


def _block(prefix: bytes) -> bytes:
    """A string on a keyword line and its continuation lines, each line ``prefix"…"``."""
    return b'"' + _BODY + rb'"\n(?:' + re.escape(prefix) + b'"' + _BODY + rb'"\n)*+'


def _entry_pattern(prefix: bytes, previous: bytes) -> re.Pattern[bytes]:
    """One entry whose keyword lines start with ``prefix`` and ``#|`` lines with ``previous``.

    Groups: comments, #| msgctxt, #| msgid, #| msgid_plural, msgctxt, msgid,
    msgid_plural, the plural forms, msgstr.
    """
    p, q = re.escape(prefix), re.escape(previous)
    b, bq = _block(prefix), _block(previous)
    return re.compile(
        rb"\n*+"  # blank lines
        rb"((?:#(?:[^~|\n][^\n]*+)?(?<!\\)\n)*+)"  # comments: not '#~', '#|', ending '\\'
        rb"(?:(?:" + q + rb"msgctxt (" + bq + rb"))?" + q + rb"msgid (" + bq + rb")"
        rb"(?:" + q + rb"msgid_plural (" + bq + rb"))?)?"
        rb"(?:" + p + rb"msgctxt (" + b + rb"))?" + p + rb"msgid (" + b + rb")"
        rb"(?:" + p + rb"msgid_plural (" + b + rb")((?:" + p + rb"msgstr\[[0-9]+\] " + b + rb")++)"
        rb"|" + p + rb"msgstr (" + b + rb"))"
    )


_ACTIVE = _entry_pattern(b"", b"#| ")
_OBSOLETE = _entry_pattern(b"#~ ", b"#~| ")
# One "msgstr[N]" and its string, in the plural forms group of the patterns above.
_ACTIVE_FORM = re.compile(rb"msgstr\[([0-9]+)\] (" + _block(b"") + rb")")
_OBSOLETE_FORM = re.compile(rb"#~ msgstr\[([0-9]+)\] (" + _block(b"#~ ") + rb")")


class _Declined(Exception):
    """The tokenizer met something for the exact reader."""


def _string(block: bytes, separator: bytes) -> bytes:
    """The value of a matched string block: quotes and line breaks gone, escapes decoded."""
    raw = block[1:-2]  # drop the first '"' and the last '"\n'
    if 10 in raw:  # a newline: the string goes on over more lines (ints: see `_read`)
        raw = raw.replace(separator, b"")
    if 92 in raw:  # a backslash
        raw = unescape(raw)
        if 0 in raw or 4 in raw:
            raise _Declined  # msgfmt truncates at NUL and refuses EOT
    return raw


def _read(data: bytes, filename: str) -> Catalog:
    """The catalog of a file of the usual lines; raises `_Declined` on anything else (see
    the module's docstring).  Why one function: it is the reader's hot loop."""
    # A backslash-newline (msgfmt joins the lines) fails the patterns: a comment may not
    # end in a backslash, a string's backslash starts an escape.  (Ints: ``0 in data``
    # is a byte search, many times faster than ``b"\0" in data``.)
    if 0 in data or 4 in data:
        raise _Declined  # msgfmt refuses NUL and EOT
    builder: CatalogBuilder | None = None
    pos, end = 0, len(data)
    line, at = 1, 0  # ``line`` is the line number at offset ``at``
    while pos < end:
        m = _ACTIVE.match(data, pos)
        if m is not None:
            obsolete, sep, prev_sep, forms = False, b'"\n"', b'"\n#| "', _ACTIVE_FORM
        elif (m := _OBSOLETE.match(data, pos)) is not None:
            obsolete, sep, prev_sep, forms = True, b'"\n#~ "', b'"\n#~| "', _OBSOLETE_FORM
        elif data.count(b"\n", pos) == end - pos:
            break  # only blank lines left
        else:
            raise _Declined
        pos = m.end()
        comments, pc, pi, pp, x, i, p, f, s = m.groups()
        start = m.start(6)  # the msgid's string: on the line of its keyword
        line += data.count(b"\n", at, start)
        at = start
        msgid = _string(i, sep)
        if p is None:
            msgstr = [_string(s, sep)]
        else:
            msgstr = []
            for index, form in enumerate(forms.finditer(f)):
                if int(form.group(1)) != index:
                    raise _Declined  # msgfmt: plural form has the wrong index
                msgstr.append(_string(form.group(2), sep))
        if builder is None:  # the first entry: the header, whose charset we must read
            if not is_header(x, msgid, obsolete):
                raise _Declined  # no header first
            builder = CatalogBuilder(_codec(msgstr[0]), filename)
        builder.add(
            line,
            0,
            obsolete,
            msgid,
            msgstr,
            None if x is None else _string(x, sep),
            None if p is None else _string(p, sep),
            None if pc is None else _string(pc, prev_sep),
            None if pi is None else _string(pi, prev_sep),
            None if pp is None else _string(pp, prev_sep),
            comments or b"",
        )
    if builder is None:
        raise _Declined
    return builder.finish()


def _codec(header: bytes) -> str:
    """The codec the header's charset names, if its strings can be read line by line."""
    name = header_charset(header)
    if name == PLACEHOLDER:
        return "utf-8"
    canon = canonical_charset(name) if name.isascii() else None
    if canon is None or CHARSETS[canon] in WEIRD_CJK:
        raise _Declined
    return CHARSETS[canon]
