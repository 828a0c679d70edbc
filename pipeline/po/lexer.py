"""msgfmt's lexer (po-lex.c) on bytes: tokens on the very lines msgfmt 0.21 puts them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.errors import CatalogError
from pipeline.po.syntax import SIMPLE_ESCAPES, WEIRD_CJK

# The reader (pipeline.po.read) runs this lexer, and the grammar in pipeline.po.exact,
# only when its line tokenizer declines a file: to place an error on msgfmt's line, or
# to read lines no tool writes.  A token's line is the lexer position *after* reading
# it (so a comment token, which swallows its newline, sits on the next line), and
# errors found while reducing a rule come after lexing the lookahead token.

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
_NAME_RE = re.compile(rb"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER_RE = re.compile(rb"[0-9]+")
_PLAIN_RE = re.compile(rb'[^"\\\n]*')
_PLAIN_CJK_RE = re.compile(rb'(?:[\x80-\xff][\x30-\xff]|[^"\\\n])*')
_SPACE_RE = re.compile(rb"[ \t\r\f\v]+")
_OCTAL_RE = re.compile(rb"[0-7]{1,3}")
_HEX_RE = re.compile(rb"[0-9A-Fa-f]+")


@dataclass(frozen=True, slots=True)
class Token:
    """One lexer token."""

    #: What it is: "MSGID", "STRING", "PREV_STRING", "COMMENT", "[", "NUMBER", "EOF", …
    kind: str
    #: Where msgfmt's position is after reading it.
    line: int
    #: Whether a ``#~`` came before it on its line.
    obsolete: bool
    #: A string's bytes (unescaped), a comment's text, a number's value, a junk byte.
    value: bytes | int | None = None
    #: For comments: the line they are on (``line`` is the next one).
    start: int = 0


class Lexer:
    """Byte-level port of po-lex.c's ``po_gram_lex``."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.filename = filename
        # lex_getc drops backslash-newline anywhere; remember where, for line numbers.
        pieces = data.split(b"\\\n")
        self.data = b"".join(pieces)
        self.breaks: list[int] = []  # cleaned offsets whose reading bumps the line
        self.splices: list[int] = []  # cleaned offsets where a backslash-newline was
        offset = 0
        for i, piece in enumerate(pieces):
            if i:
                self.breaks.append(offset)
                self.splices.append(offset)
            start = 0
            while (nl := piece.find(b"\n", start)) >= 0:
                self.breaks.append(offset + nl)
                start = nl + 1
            offset += len(piece)
        self.breaks.sort()
        self.pos = 0
        self.obsolete = False
        self.previous = False
        self.codec: str | None = None  # set once the header entry is reduced
        self.plain = _PLAIN_RE  # how string bodies are scanned; see set_codec
        # Problems msgfmt accepts but we refuse; raised only if msgfmt finds no error.
        self.deferred: CatalogError | None = None

    def defer(self, error: CatalogError) -> None:
        self.deferred = self.deferred or error

    def line_after(self, n: int) -> int:
        """msgfmt's line after reading the first ``n`` characters."""
        return 1 + bisect.bisect_left(self.breaks, n)

    def line_after_unget(self, n: int) -> int:
        """msgfmt's line after reading ``n`` characters and pushing one back."""
        if n >= len(self.data):
            return self.line_after(n)
        return self.line_after(n + 1) - (1 if self.data[n] == 10 else 0)

    def fail(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, filename=self.filename, lineno=line)

    def set_codec(self, codec: str | None) -> None:
        self.codec = codec
        # In these CJK charsets a byte >= 0x80 and the next byte >= 0x30 form one
        # character, so that second byte is never '"' or '\\' (po-lex.c, weird_cjk).
        self.plain = _PLAIN_CJK_RE if codec in WEIRD_CJK else _PLAIN_RE

    def check_bytes(self, start: int, end: int) -> None:
        """Raise like msgfmt's "invalid multibyte sequence" for bad bytes in data[start:end]."""
        if self.codec is None or self.data[start:end].isascii():
            return
        # msgfmt decodes characters before it drops backslash-newlines: check each side.
        cuts = [
            start,
            *self.splices[
                bisect.bisect_right(self.splices, start) : bisect.bisect_left(self.splices, end)
            ],
            end,
        ]
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
        """The next token.  One loop with a branch per token kind, as po_gram_lex is:
        split up, the order of its tests (which decides the lines) would be hidden."""
        data = self.data
        while True:
            if m := _SPACE_RE.match(data, self.pos):
                self.pos = m.end()
            if self.pos >= len(data):
                return Token("EOF", self.line_after(self.pos), self.obsolete)
            c = data[self.pos]
            if c == 10:
                self.pos += 1
                self.obsolete = self.previous = False
                continue
            if c == 35:  # '#'
                nxt = data[self.pos + 1 : self.pos + 2]
                if nxt == b"~":
                    self.obsolete = True
                    self.pos += 2
                    if data[self.pos : self.pos + 1] == b"|":
                        self.previous = True
                        self.pos += 1
                    continue
                if nxt == b"|":
                    self.previous = True
                    self.pos += 2
                    continue
                end = data.find(b"\n", self.pos)
                end = len(data) if end < 0 else end
                text = data[self.pos + 1 : end]
                if text[:1] >= b"\x80":  # msgfmt reads the character after '#' as one
                    self.check_bytes(self.pos + 1, self._char_end(self.pos + 1))
                self.pos = min(end + 1, len(data))
                tok = Token(
                    "COMMENT",
                    self.line_after(self.pos),
                    self.obsolete,
                    text,
                    self.line_after(end - len(text)),
                )
                if 0 in text:  # msgfmt and msgcat cut the comment there; refuse it
                    self.defer(self.fail("NUL character within a comment", tok.start))
                self.obsolete = False
                return tok
            if c == 34:  # '"'
                return self.string()
            if m := _NAME_RE.match(data, self.pos):
                self.pos = m.end()
                word = m.group()
                table = _PREV_KEYWORDS if self.previous else _KEYWORDS
                line = self.line_after_unget(self.pos)
                if word not in table:
                    raise self.fail(f'keyword "{word.decode()}" unknown', line)
                if table[word] == "DOMAIN":
                    self.defer(self.fail("domain directives are not supported", line))
                return Token(table[word], line, self.obsolete)
            if m := _NUMBER_RE.match(data, self.pos):
                self.pos = m.end()
                return Token(
                    "NUMBER", self.line_after_unget(self.pos), self.obsolete, int(m.group())
                )
            if c in (91, 93):  # '[' ']'
                self.pos += 1
                return Token(chr(c), self.line_after(self.pos), self.obsolete)
            self.check_bytes(self.pos, self.pos + 1 if c < 128 else self._char_end(self.pos))
            self.pos += 1
            return Token("JUNK", self.line_after(self.pos), self.obsolete, bytes([c]))

    def _char_end(self, start: int) -> int:
        end = start + 1
        while end < len(self.data) and end - start < 4 and 0x80 <= self.data[end] < 0xC0:
            end += 1
        return end

    def string(self) -> Token:
        data = self.data
        self.pos += 1
        out = bytearray()
        while True:
            m = self.plain.match(data, self.pos)
            assert m is not None  # the pattern matches the empty string too
            self.check_bytes(self.pos, m.end())
            out += m.group()
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
            if c == 34:
                break
            out.append(self.escape())
        value = bytes(out)
        line = self.line_after(self.pos)
        if b"\x04" in value.split(b"\0")[0]:
            raise self.fail("context separator <EOT> (\\004) within string", line)
        if b"\0" in value:
            # msgfmt silently truncates at NUL; a PO string cannot carry it, so refuse.
            self.defer(self.fail("NUL character within string", line))
        return Token("PREV_STRING" if self.previous else "STRING", line, self.obsolete, value)

    def escape(self) -> int:
        """Decode the escape after a backslash, like ``control_sequence``."""
        data = self.data
        c = data[self.pos] if self.pos < len(data) else -1
        if c in SIMPLE_ESCAPES:
            self.pos += 1
            return SIMPLE_ESCAPES[c]
        if m := _OCTAL_RE.match(data, self.pos):
            self.pos = m.end()
            return int(m.group(), 8) & 0xFF
        if c == ord("x") and (m := _HEX_RE.match(data, self.pos + 1)):
            self.pos = m.end()
            return int(m.group(), 16) & 0xFF  # C stores the value in a char
        shown = "end of file" if c < 0 else repr(chr(c)) if c < 128 else "a non-ASCII byte"
        what = f"\\{chr(c)}" if 32 < c < 127 else f"backslash followed by {shown}"
        raise self.fail(
            f"invalid escape sequence {what}",
            self.line_after(self.pos + 1) if c >= 0 else self.line_after(self.pos),
        )
