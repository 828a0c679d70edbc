"""msgfmt's lexer (po-lex.c) on bytes: its tokens, and the lines msgfmt 0.21 puts them on."""

from __future__ import annotations

import bisect
import functools
import re

from pipeline.errors import CatalogError
from pipeline.po.syntax import SIMPLE_ESCAPES, WEIRD_CJK, unescape

# A token's line is msgfmt's position *after* reading it (so a comment token, which
# swallows its newline, sits on the next line; a keyword or number, read one character
# ahead and pushed back, on its own).  Lines are counted only when asked for: the
# grammar wants two an entry, and one for an error.

_KEYWORDS = {
    b"domain": "DOMAIN",
    b"msgid": "MSGID",
    b"msgid_plural": "MSGID_PLURAL",
    b"msgstr": "MSGSTR",
    b"msgctxt": "MSGCTXT",
}
_PREV_KEYWORDS = {
    b"msgid": "PREV_MSGID",
    b"msgid_plural": "PREV_MSGID_PLURAL",
    b"msgctxt": "PREV_MSGCTXT",
}
#: Tokens msgfmt reads one character past and pushes it back.
_UNGET = frozenset(("NUMBER", *_KEYWORDS.values(), *_PREV_KEYWORDS.values()))
_OCTAL_RE = re.compile(rb"[0-7]{1,3}")
_HEX_RE = re.compile(rb"[0-9A-Fa-f]+")


def _plain(cjk: bool) -> bytes:
    """A string's text up to a '"', '\\' or newline.  In the CJK charsets a byte >= 0x80
    and the next >= 0x30 are one character, never '"' or '\\' (po-lex.c, weird_cjk)."""
    return rb'(?:[\x80-\xff][\x30-\xff]|[^"\\\n])*+' if cjk else rb'[^"\\\n]*+'


def _body(cjk: bool) -> bytes:
    """A string's text: no '"', '\\' or newline but in an escape msgfmt accepts."""
    plain = _plain(cjk)
    return plain + rb'(?:\\(?:[abfnrtv\\"0-7]|x[0-9A-Fa-f])' + plain + rb")*+"


@functools.cache
def _pattern(cjk: bool, merge: bool) -> re.Pattern[bytes]:
    """One token and the blank space before it.  Groups: 1 the line ends skipped (they
    clear ``#~`` and ``#|``), 2 a ``#~``/``#~|``/``#|`` mark, then one of 3 a comment's
    text, 4 a string's text and 5 the strings continuing it on the next lines (with
    ``merge``: they are one string_list to the grammar), 6 a name, 7 a number, 8 a
    bracket, 9 the end, 10 a line with a mark alone, 11 any other byte (a '"' here
    starts a string with an error).  With ``merge``, a comment token holds the comment
    lines right after it too."""
    body = _body(cjk)
    ws = rb"[ \t\r\f\v]*+"
    more = rb'((?:\n"' + body + rb'")*+)' if merge else b"()"
    comment = rb"#(?![~|])[^\n]*+"
    comments = comment + rb"(?:\n" + comment + rb")*+" if merge else comment
    return re.compile(
        rb"((?:" + ws + rb"\n)++)?" + ws + rb"((?:(?:#~\|?|#\|)" + ws + rb")++)?(?:"
        rb"(" + comments + rb")\n?"
        rb'|"(' + body + rb')"' + more + rb"|([A-Za-z_$][A-Za-z0-9_$]*+)|([0-9]++)|([\[\]])"
        rb"|(\Z)|()(?=\n)|(.))",
        re.S,
    )


_STRING_RE = {cjk: re.compile(b'"(' + _body(cjk) + b')"') for cjk in (False, True)}
_PLAIN_RE = {cjk: re.compile(_plain(cjk)) for cjk in (False, True)}


class Token:
    """One lexer token."""

    __slots__ = ("end", "kind", "obsolete", "start", "value")

    def __init__(self, kind: str, obsolete: bool, value: bytes | int | None, start: int, end: int):
        #: What it is: "MSGID", "STRING", "PREV_STRING", "COMMENT", "[", "NUMBER", "EOF", …
        self.kind = kind
        #: Whether a ``#~`` came before it on its line.
        self.obsolete = obsolete
        #: A string's bytes (unescaped), a comment's lines (each "#…\\n"), a number's
        #: value, a junk byte.
        self.value = value
        #: Where it starts in the lexer's data.
        self.start = start
        #: Where msgfmt has read to after it (for a string list: after its first string).
        self.end = end


class Lexer:
    """po-lex.c's ``po_gram_lex``, one regular-expression match a token."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.filename = filename
        self.splices: list[int] = []  # offsets where a backslash-newline was dropped
        self.breaks: list[int] | None = None  # offsets whose reading bumps the line
        if b"\\\n" in data:  # lex_getc drops backslash-newline anywhere: keep the lines
            pieces = data.split(b"\\\n")
            data = b"".join(pieces)
            self.breaks, offset = [], 0
            for i, piece in enumerate(pieces):
                if i:
                    self.breaks.append(offset)
                    self.splices.append(offset)
                self.breaks += [m.start() + offset for m in re.finditer(b"\n", piece)]
                offset += len(piece)
            self.breaks.sort()
        self.data = data
        self.odd = 0 in data or 4 in data  # NUL or EOT: ints, byte searches
        self.pos = 0
        self.obsolete = self.previous = False
        self.codec: str | None = None  # set once the header entry is reduced
        self.checking = False  # whether bytes may be invalid in the codec
        self.valid = False
        self.cjk = False
        self.single = _pattern(False, False).match
        # Tokens merged over lines (strings, comments) count lines only without splices.
        self.merged = self.single if self.splices else _pattern(False, True).match
        self._counted = (0, 1)  # a line count: offset, msgfmt's line there
        # Problems msgfmt accepts but we refuse; raised only if msgfmt finds no error.
        self.deferred: CatalogError | None = None

    def defer(self, error: CatalogError) -> None:
        self.deferred = self.deferred or error

    def line_after(self, n: int) -> int:
        """msgfmt's line after reading the first ``n`` characters."""
        if self.breaks is not None:
            return 1 + bisect.bisect_left(self.breaks, n)
        at, line = self._counted
        if n < at:
            at, line = 0, 1
        line += self.data.count(b"\n", at, n)
        self._counted = (n, line)
        return line

    def line(self, tok: Token) -> int:
        """msgfmt's line for ``tok`` (for keywords and numbers: after pushing one back)."""
        n = tok.end
        if tok.kind not in _UNGET or n >= len(self.data):
            return self.line_after(n)
        return self.line_after(n + 1) - (1 if self.data[n] == 10 else 0)

    def fail(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, filename=self.filename, lineno=line)

    def set_codec(self, codec: str | None) -> None:
        self.codec = codec
        self.cjk = codec in WEIRD_CJK
        self.single = _pattern(self.cjk, False).match
        self.merged = self.single if self.splices else _pattern(self.cjk, True).match
        # Valid UTF-8 stays valid in pieces cut at ASCII bytes: one check for the file.
        self.checking = codec is not None and not self.data.isascii()
        if self.checking and codec == "utf-8" and not self.splices:
            try:
                self.data.decode("utf-8")
                self.checking = False
            except UnicodeDecodeError:
                pass
        #: Whether every byte decodes in the file's codec (no entry's comment fails).
        self.valid = codec is not None and not self.checking

    def check_bytes(self, start: int, end: int) -> None:
        """Raise like msgfmt's "invalid multibyte sequence" for bad bytes in data[start:end]."""
        if not self.checking or self.data[start:end].isascii():
            return
        assert self.codec is not None
        # msgfmt decodes characters before it drops backslash-newlines: check each side.
        i, j = bisect.bisect_right(self.splices, start), bisect.bisect_left(self.splices, end)
        cuts = [start, *self.splices[i:j], end]
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            try:
                self.data[lo:hi].decode(self.codec)
            except UnicodeDecodeError as exc:
                bad = lo + exc.start
                message = (
                    f"invalid multibyte sequence (byte 0x{self.data[bad]:02x} is not "
                    f"valid {self.codec.upper()})"
                )
                raise self.fail(message, self.line_after(bad + 1)) from None

    def next(self) -> Token:
        """The next token.  One function with a branch per token kind, as po_gram_lex is:
        split up, the order of its tests (which decides the lines) would be hidden."""
        data = self.data
        m = self.merged(data, self.pos)
        while True:
            assert m is not None  # the last alternative takes any byte
            if m.start(1) >= 0:
                self.obsolete = self.previous = False
            if (marks := m.group(2)) is not None:
                self.obsolete = self.obsolete or 126 in marks  # '~' (ints: byte searches)
                self.previous = self.previous or 124 in marks  # '|'
            kind = m.lastindex or 0  # never None: each alternative is a group
            if kind == 5:  # a string
                end = m.end(4) + 1
                if m.end() == end or not (self.obsolete or self.previous or self.checking):
                    tok = self._string(m, end)
                    if tok is not None:
                        self.pos = m.end()
                        return tok
                # A mark may be amiss on the next lines, or a string fails: one at a time.
                m = self.single(data, self.pos)
                continue
            if kind == 10:  # "#~" alone on its line
                self.pos = m.end()
                m = self.merged(data, self.pos)
                continue
            self.pos = m.end()
            start = m.start(kind)
            if kind == 3:  # comments
                text = m.group()[start - m.start() :]
                if text[-1] != 10:  # the file's last line, without its newline
                    text += b"\n"
                if self.checking and text[1:2] >= b"\x80":  # msgfmt reads it as one character
                    self.check_bytes(start + 1, self._char_end(start + 1))
                # Where msgfmt is after the first comment: what its line stands for.
                end = min(start + text.index(b"\n") + 1, len(data))
                tok = Token("COMMENT", self.obsolete, text, start, end)
                if 0 in text:  # msgfmt and msgcat cut the comment there; refuse it
                    nul = self.line_after(start + text.index(b"\0"))
                    self.defer(self.fail("NUL character within a comment", nul))
                self.obsolete = False
                return tok
            if kind == 6:
                word = m.group(6)
                table = _PREV_KEYWORDS if self.previous else _KEYWORDS
                if word not in table:
                    tok = Token("MSGID", False, None, start, self.pos)
                    raise self.fail(f'keyword "{word.decode()}" unknown', self.line(tok))
                tok = Token(table[word], self.obsolete, None, start, self.pos)
                if tok.kind == "DOMAIN":
                    self.defer(self.fail("domain directives are not supported", self.line(tok)))
                return tok
            if kind == 7:
                return Token("NUMBER", self.obsolete, int(m.group(7)), start, self.pos)
            if kind == 8:
                return Token(m.group(8).decode(), self.obsolete, None, start, self.pos)
            if kind == 9:
                return Token("EOF", self.obsolete, None, start, self.pos)
            c = data[start]
            if c == 34:  # '"': a string msgfmt refuses
                self.pos = start + 1
                self._bad_string()
            self.check_bytes(start, start + 1 if c < 128 else self._char_end(start))
            self.pos = start + 1
            return Token("JUNK", self.obsolete, bytes([c]), start, self.pos)

    def comment_lines(self, tok: Token) -> range:
        """The lines a comment token is on."""
        first = self.line_after(tok.start + 1)
        return range(first, first + tok.value.count(b"\n"))  # type: ignore[union-attr]

    def _char_end(self, start: int) -> int:
        end = start + 1
        while end < len(self.data) and end - start < 4 and 0x80 <= self.data[end] < 0xC0:
            end += 1
        return end

    def _string(self, m: re.Match[bytes], end: int) -> Token | None:
        """The token of a string and, merged, the strings on the lines after it; ``None``
        if they must be read one at a time (a string with an error)."""
        raw = m.group(4)
        self.check_bytes(m.start(4), end - 1)
        values = [raw]
        if m.end() > end:
            values += _STRING_RE[self.cjk].findall(m.group(5))
        value = b""
        for raw in values:
            if 92 in raw:  # a backslash (ints: a byte search)
                raw = unescape(raw)
                odd = 4 in raw or 0 in raw
            else:
                odd = self.odd and (4 in raw or 0 in raw)
            if odd:
                if len(values) > 1:
                    return None
                line = self.line_after(end)
                if b"\x04" in raw.split(b"\0")[0]:
                    raise self.fail("context separator <EOT> (\\004) within string", line)
                # msgfmt silently truncates at NUL; a PO string cannot carry it: refuse.
                self.defer(self.fail("NUL character within string", line))
            value += raw
        kind = "PREV_STRING" if self.previous else "STRING"
        return Token(kind, self.obsolete, value, m.start(4) - 1, end)

    def _bad_string(self) -> None:
        """Raise msgfmt's error for the string starting before ``pos``, as msgfmt reads it."""
        data = self.data
        plain = _PLAIN_RE[self.cjk]
        while True:
            m = plain.match(data, self.pos)
            assert m is not None  # the pattern matches the empty string too
            self.check_bytes(self.pos, m.end())
            self.pos = m.end()
            if self.pos >= len(data):
                raise self.fail(
                    "unterminated string (end of file before the closing quote)",
                    self.line_after(self.pos),
                )
            c = data[self.pos]
            self.pos += 1
            if c == 10:
                raise self.fail(
                    "unterminated string (end of line before the closing quote)",
                    self.line_after(self.pos),
                )
            self._escape()  # the string holds a bad escape or ends early: one raises

    def _escape(self) -> None:
        """Read the escape after a backslash as ``control_sequence`` does; raise if bad."""
        data = self.data
        c = data[self.pos] if self.pos < len(data) else -1
        if c in SIMPLE_ESCAPES:
            self.pos += 1
            return
        if m := _OCTAL_RE.match(data, self.pos):
            self.pos = m.end()
            return
        if c == ord("x") and (m := _HEX_RE.match(data, self.pos + 1)):
            self.pos = m.end()
            return
        shown = "end of file" if c < 0 else repr(chr(c)) if c < 128 else "a non-ASCII byte"
        what = f"\\{chr(c)}" if 32 < c < 127 else f"backslash followed by {shown}"
        raise self.fail(
            f"invalid escape sequence {what}",
            self.line_after(self.pos + 1) if c >= 0 else self.line_after(self.pos),
        )
