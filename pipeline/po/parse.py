"""Strict PO lexer and parser that reports errors at the line GNU msgfmt 0.21 does."""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.errors import CatalogError

# The lexer mirrors gettext's po-lex.c on bytes; the parser mirrors po-gram-gen.y.
# Error lines follow msgfmt: a token's line is the lexer position *after* reading
# it (so a comment token, which swallows its newline, sits on the next line), and
# errors found while reducing a rule come after lexing the lookahead token.

# Portable charsets msgfmt knows (po-charset.c), mapped to Python codecs.
_CHARSETS: dict[str, str] = {
    "UTF-8": "utf-8",
    "ASCII": "ascii",
    "ANSI_X3.4-1968": "ascii",
    "US-ASCII": "ascii",
    **{f"ISO-8859-{n}": f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15)},
    "KOI8-R": "koi8-r",
    "KOI8-U": "koi8-u",
    "KOI8-T": "koi8-t",
    "CP850": "cp850",
    "CP866": "cp866",
    "CP874": "cp874",
    "CP1250": "cp1250",
    "CP1251": "cp1251",
    "CP1252": "cp1252",
    "CP1253": "cp1253",
    "CP1254": "cp1254",
    "CP1255": "cp1255",
    "CP1256": "cp1256",
    "CP1257": "cp1257",
    "CP1258": "cp1258",
    "GB2312": "gb2312",
    "EUC-JP": "euc-jp",
    "EUC-KR": "euc-kr",
    "TIS-620": "tis-620",
    "BIG5": "big5",
    "BIG5-HKSCS": "big5hkscs",
    "GBK": "gbk",
    "GB18030": "gb18030",
    "SHIFT_JIS": "shift_jis",
    "JOHAB": "johab",
    "CP932": "cp932",
    "CP949": "cp949",
    "CP950": "cp950",
}
_WEIRD_CJK = {
    "big5",
    "big5hkscs",
    "gbk",
    "gb18030",
    "shift_jis",
    "johab",
    "cp932",
    "cp949",
    "cp950",
}
_ALIASES = {
    "UTF8": "UTF-8",
    "LATIN1": "ISO-8859-1",
    "ISO8859-1": "ISO-8859-1",
    "ISO_8859-1": "ISO-8859-1",
    "LATIN-9": "ISO-8859-15",
    "SJIS": "SHIFT_JIS",
}

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
_SIMPLE_ESCAPES = {
    ord("n"): 10,
    ord("t"): 9,
    ord("b"): 8,
    ord("r"): 13,
    ord("f"): 12,
    ord("v"): 11,
    ord("a"): 7,
    ord("\\"): 92,
    ord('"'): 34,
}
_NAME_RE = re.compile(rb"[A-Za-z_$][A-Za-z0-9_$]*")
_NUMBER_RE = re.compile(rb"[0-9]+")
_PLAIN_RE = re.compile(rb'[^"\\\n]*')
_PLAIN_CJK_RE = re.compile(rb'(?:[\x80-\xff][\x30-\xff]|[^"\\\n])*')
_SPACE_RE = re.compile(rb"[ \t\r\f\v]+")
_OCTAL_RE = re.compile(rb"[0-7]{1,3}")
_HEX_RE = re.compile(rb"[0-9A-Fa-f]+")


_Fail = Callable[[str, int], CatalogError]  # message, line -> error to raise


def canonical_charset(name: str) -> str | None:
    """Return the canonical name msgfmt would use for ``name``, or ``None``."""
    upper = name.upper()
    upper = _ALIASES.get(upper, upper)
    return upper if upper in _CHARSETS else None


@dataclass
class Token:
    """One lexer token; ``line`` is where msgfmt's position is after reading it."""

    kind: str
    line: int
    obsolete: bool
    value: bytes | int | None = None
    start: int = 0  # for comments: the line they are on (``line`` is the next one)


@dataclass
class RawEntry:
    """One parsed entry, strings still as bytes in the file's charset."""

    msgid: bytes
    msgstr: list[bytes]
    lineno: int
    msgstr_lineno: int
    obsolete: bool
    msgctxt: bytes | None = None
    msgid_plural: bytes | None = None
    prev_msgctxt: bytes | None = None
    prev_msgid: bytes | None = None
    prev_msgid_plural: bytes | None = None
    comments: list[tuple[bytes, int]] = field(default_factory=list)


class _Lexer:
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
        self.plain = _PLAIN_CJK_RE if codec in _WEIRD_CJK else _PLAIN_RE

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
                self.pos = min(end + 1, len(data))
                tok = Token(
                    "COMMENT",
                    self.line_after(self.pos),
                    self.obsolete,
                    text,
                    self.line_after(end - len(text)),
                )
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
            self.check_bytes(self.pos, self.pos + 1 if c < 128 else self._char_end())
            self.pos += 1
            return Token("JUNK", self.line_after(self.pos), self.obsolete, bytes([c]))

    def _char_end(self) -> int:
        end = self.pos + 1
        while end < len(self.data) and end - self.pos < 4 and 0x80 <= self.data[end] < 0xC0:
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
        if c in _SIMPLE_ESCAPES:
            self.pos += 1
            return _SIMPLE_ESCAPES[c]
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


class _Parser:
    """Recursive-descent twin of po-gram-gen.y that stops at the first error."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.lex = _Lexer(data, filename)
        self.filename = filename
        self.ahead: Token | None = None
        self.entries: list[RawEntry] = []
        self.seen: dict[tuple[bytes | None, bytes], RawEntry] = {}
        self.charset: str | None = None
        self.header: RawEntry | None = None

    def peek(self) -> Token:
        if self.ahead is None:
            self.ahead = self.lex.next()
        return self.ahead

    def take(self) -> Token:
        tok = self.peek()
        self.ahead = None
        return tok

    def fail(self, message: str, line: int | None) -> CatalogError:
        return CatalogError(message, filename=self.filename, lineno=line)

    def syntax_error(self, tok: Token, expected: str) -> CatalogError:
        byte = tok.value[0] if isinstance(tok.value, bytes) and tok.value else 0
        junk = f"'{chr(byte)}'" if 32 < byte < 127 else f"byte 0x{byte:02x}"
        found = {
            "EOF": "end of file",
            "COMMENT": "a comment",
            "STRING": "a string",
            "PREV_STRING": "a #| string",
            "JUNK": f"unexpected {junk}",
            "NUMBER": "a number",
        }.get(tok.kind, tok.kind.lower().replace("prev_", "#| "))
        return self.fail(f"syntax error: expected {expected}, found {found}", tok.line)

    def expect(self, kind: str, expected: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            raise self.syntax_error(tok, expected)
        return self.take()

    def check_obsolete(self, ref: Token, tok: Token) -> None:
        """po-gram-gen.y's check_obsolete, called where bison reduces the rule."""
        if tok.obsolete != ref.obsolete:
            raise self.fail(
                "inconsistent use of #~ (obsolete entry mixed with active lines)", tok.line
            )

    def strings(self, kind: str, what: str) -> tuple[bytes, Token]:
        """A string_list; returns its text and first token (which stands for the list)."""
        first = self.expect(kind, f"a string after {what}")
        parts = [first.value]
        while self.peek().kind == kind:
            tok = self.take()
            self.check_obsolete(first, tok)
            parts.append(tok.value)
        return b"".join(parts), first  # type: ignore[arg-type]

    def parse(self) -> list[RawEntry]:
        comments: list[tuple[bytes, int]] = []
        while True:
            tok = self.peek()
            if tok.kind == "EOF":
                return self.entries
            if tok.kind == "COMMENT":
                self.take()
                comments.append((tok.value, tok.start))  # type: ignore[arg-type]
            elif tok.kind == "DOMAIN":
                self.take()
                self.expect("STRING", "a string after domain")
            elif tok.kind in ("MSGID", "MSGCTXT", "PREV_MSGID", "PREV_MSGCTXT"):
                self.message(comments)
                comments = []
            else:
                raise self.syntax_error(tok, "msgid, msgctxt or a comment")

    def message(self, comments: list[tuple[bytes, int]]) -> None:
        entry = RawEntry(b"", [], 0, 0, False, comments=comments)
        prev = self.previous(entry) if self.peek().kind.startswith("PREV_") else None
        if self.peek().kind not in ("MSGID", "MSGCTXT"):
            raise self.syntax_error(self.peek(), "msgid or msgctxt after the #| lines")
        intro = self.take()
        if intro.kind == "MSGCTXT":
            entry.msgctxt, first = self.strings("STRING", "msgctxt")
            msgid = self.expect("MSGID", "msgid after msgctxt")
            self.check_obsolete(intro, first)
            self.check_obsolete(intro, msgid)
            intro = msgid
        if prev is not None:
            self.check_obsolete(prev, intro)
        entry.lineno, entry.obsolete = intro.line, intro.obsolete
        entry.msgid, id_first = self.strings("STRING", "msgid")
        nxt = self.peek()
        if nxt.kind == "MSGID_PLURAL":
            self.take()
            entry.msgid_plural, first = self.strings("STRING", "msgid_plural")
            self.check_obsolete(nxt, first)
            if self.peek().kind != "MSGSTR":
                self.check_obsolete(intro, id_first)
                self.check_obsolete(intro, nxt)
                raise self.fail("missing msgstr[0] after msgid_plural", entry.lineno)
            parts = [id_first, nxt, self.plural_forms(entry, self.take())]
        elif nxt.kind == "MSGSTR":
            self.take()
            if self.peek().kind == "[":
                forms = self.plural_forms(entry, nxt)
                self.check_obsolete(intro, id_first)
                self.check_obsolete(intro, forms)
                raise self.fail("msgstr[n] without msgid_plural", entry.lineno)
            entry.msgstr_lineno = nxt.line
            value, first = self.strings("STRING", "msgstr")
            entry.msgstr = [value]
            parts = [id_first, nxt, first]
        else:
            self.check_obsolete(intro, id_first)
            raise self.fail("missing msgstr", entry.lineno)
        for part in parts:
            self.check_obsolete(intro, part)
        self.add(entry)

    def previous(self, entry: RawEntry) -> Token:
        """The #| lines (rule ``prev``); returns the token standing for them."""
        intro = self.take()
        if intro.kind == "PREV_MSGCTXT":
            entry.prev_msgctxt, first = self.strings("PREV_STRING", "#| msgctxt")
            msgid = self.expect("PREV_MSGID", "#| msgid after #| msgctxt")
            self.check_obsolete(intro, first)
            self.check_obsolete(intro, msgid)
            intro = msgid
        elif intro.kind != "PREV_MSGID":
            raise self.syntax_error(intro, "#| msgid or #| msgctxt")
        entry.prev_msgid, first = self.strings("PREV_STRING", "#| msgid")
        parts = [first]
        if self.peek().kind == "PREV_MSGID_PLURAL":
            plural = self.take()
            entry.prev_msgid_plural, plural_first = self.strings("PREV_STRING", "#| msgid_plural")
            self.check_obsolete(plural, plural_first)
            parts.append(plural)
        for part in parts:
            self.check_obsolete(intro, part)
        return intro

    def plural_forms(self, entry: RawEntry, msgstr: Token) -> Token:
        """msgstr[0] ... msgstr[n] (rule ``pluralform_list``); returns the first MSGSTR."""
        head = msgstr
        while True:
            parts = [
                self.expect("[", "'[' after msgstr"),
                self.expect("NUMBER", "a number after msgstr["),
            ]
            index = parts[-1].value
            assert isinstance(index, int)
            parts.append(self.expect("]", "']' after the plural index"))
            value, first = self.strings("STRING", f"msgstr[{index}]")
            for part in [*parts, first]:
                self.check_obsolete(msgstr, part)
            if index != len(entry.msgstr):
                raise self.fail(
                    f"plural form msgstr[{index}] has the wrong index "
                    f"(expected msgstr[{len(entry.msgstr)}])",
                    msgstr.line,
                )
            self.check_obsolete(head, msgstr)
            if not entry.msgstr:
                entry.msgstr_lineno = msgstr.line
            entry.msgstr.append(value)
            if self.peek().kind != "MSGSTR":
                return head
            msgstr = self.take()

    def add(self, entry: RawEntry) -> None:
        key = (entry.msgctxt, entry.msgid)
        if key in self.seen:
            raise self.fail(
                f"duplicate message definition (first defined at line {self.seen[key].lineno})",
                entry.lineno,
            )
        self.seen[key] = entry
        self.entries.append(entry)
        if entry.msgctxt is None and entry.msgid == b"" and not entry.obsolete:
            self.set_charset(entry)

    def set_charset(self, header: RawEntry) -> None:
        """Switch the lexer to the header's charset, as po_lex_charset_set does."""
        if self.header is None:
            self.header = header
        text = header.msgstr[0]
        found = text.find(b"charset=")
        raw = b"CHARSET" if found < 0 else re.compile(rb"[^ \t\n]*").match(text, found + 8).group()  # type: ignore[union-attr]
        name = raw.decode("ascii", "replace")
        if name == "CHARSET":
            # Missing, or the POT placeholder: msgfmt only warns and checks no bytes;
            # we decode such files as UTF-8 (xgettext's output) once parsed.
            self.charset = "UTF-8"
            self.lex.set_codec(None)
            return
        canon = canonical_charset(name)
        if canon is None:
            self.lex.defer(
                self.fail(
                    f'charset "{name}" is not a portable encoding name '
                    "(or not supported; use UTF-8)",
                    header.msgstr_lineno,
                )
            )
            self.charset = "ISO-8859-1"  # read on byte by byte, like msgfmt
            self.lex.set_codec(None)
            return
        self.charset = canon
        self.lex.set_codec(_CHARSETS[canon])


def parse_entries(data: bytes, filename: str) -> tuple[list[RawEntry], str]:
    """Parse and check PO bytes; return the raw entries and the Python codec to decode them.

    Raises `CatalogError` at the line msgfmt reports for its first error.  Things
    msgfmt accepts but we refuse (NUL in a string, unknown charsets, ``domain``) are
    raised only when msgfmt would find no error.
    """
    if data.startswith(codecs.BOM_UTF8):
        # msgfmt: "syntax error" at 1:2; say what it really is.
        raise CatalogError(
            "byte order mark (BOM) at start of file; save as UTF-8 without BOM",
            filename=filename,
            lineno=1,
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CatalogError(
            "file looks like UTF-16; PO files must be UTF-8", filename=filename, lineno=1
        )
    parser = _Parser(data, filename)
    entries = parser.parse()
    if parser.header is None:
        raise CatalogError('missing header entry (msgid "" with Content-Type)', filename=filename)
    from pipeline.po.check import check_entries  # the checks import this module's types

    check_entries(entries, filename)
    if parser.lex.deferred is not None:
        raise parser.lex.deferred
    return entries, _CHARSETS[parser.charset or "UTF-8"]


# ---------------------------------------------------------------- msgfmt --check


def entry_flags(entry: RawEntry) -> list[str]:
    """The ``#,`` flags of an entry in file order; GNU splits on commas and whitespace."""
    flags: list[str] = []
    for raw, _ in entry.comments:
        if raw[:1] in (b",", b"!"):
            add_flags(flags, raw[1:].decode("utf-8", "replace"))
    return flags


_FLAG_SPLIT = re.compile(r"[, \t\n\r\f\v]+")


def add_flags(flags: list[str], text: str) -> None:
    """Add the flags of one ``#,`` line (without the ``#,``) to ``flags``, as GNU reads them."""
    for word in _FLAG_SPLIT.split(text):
        if not word:
            continue
        if flags and flags[-1] == "range:":
            flags[-1] = f"range: {word}"
        else:
            flags.append(word)


def format_key(flag: str) -> str | None:
    """The GNU flag slot a flag occupies, so that a later flag overrides an earlier one."""
    if flag.endswith("-format"):
        for prefix in ("no-", "possible-", "impossible-"):
            if flag.startswith(prefix):
                return flag[len(prefix) :]
        return flag
    if flag in ("wrap", "no-wrap"):
        return "wrap"
    return "range" if flag.startswith("range: ") else None


def reference(token: str) -> tuple[str, int | None]:
    """``file:line`` or just ``file`` (GNU: the line must be ASCII digits at the very end)."""
    colon = token.rfind(":")
    number = token[colon + 1 :]
    if colon > 0 and number.isascii() and number.isdigit():
        return token[:colon], int(number)
    return token, None
