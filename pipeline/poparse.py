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
    "UTF-8": "utf-8", "ASCII": "ascii", "ANSI_X3.4-1968": "ascii", "US-ASCII": "ascii",
    **{f"ISO-8859-{n}": f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15)},
    "KOI8-R": "koi8-r", "KOI8-U": "koi8-u", "KOI8-T": "koi8-t", "CP850": "cp850",
    "CP866": "cp866", "CP874": "cp874", "CP1250": "cp1250", "CP1251": "cp1251",
    "CP1252": "cp1252", "CP1253": "cp1253", "CP1254": "cp1254", "CP1255": "cp1255",
    "CP1256": "cp1256", "CP1257": "cp1257", "CP1258": "cp1258", "GB2312": "gb2312",
    "EUC-JP": "euc-jp", "EUC-KR": "euc-kr", "TIS-620": "tis-620", "BIG5": "big5",
    "BIG5-HKSCS": "big5hkscs", "GBK": "gbk", "GB18030": "gb18030", "SHIFT_JIS": "shift_jis",
    "JOHAB": "johab", "CP932": "cp932", "CP949": "cp949", "CP950": "cp950",
}
_WEIRD_CJK = {"big5", "big5hkscs", "gbk", "gb18030", "shift_jis", "johab", "cp932", "cp949",
              "cp950"}
_ALIASES = {"UTF8": "UTF-8", "LATIN1": "ISO-8859-1", "ISO8859-1": "ISO-8859-1",
            "ISO_8859-1": "ISO-8859-1", "LATIN-9": "ISO-8859-15", "SJIS": "SHIFT_JIS"}

_KEYWORDS = {b"domain": "DOMAIN", b"msgid": "MSGID", b"msgid_plural": "MSGID_PLURAL",
             b"msgstr": "MSGSTR", b"msgctxt": "MSGCTXT"}
_PREV_KEYWORDS = {b"msgid": "PREV_MSGID", b"msgid_plural": "PREV_MSGID_PLURAL",
                  b"msgctxt": "PREV_MSGCTXT"}
_SIMPLE_ESCAPES = {ord("n"): 10, ord("t"): 9, ord("b"): 8, ord("r"): 13, ord("f"): 12,
                   ord("v"): 11, ord("a"): 7, ord("\\"): 92, ord('"'): 34}
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
        cuts = [start, *self.splices[bisect.bisect_right(self.splices, start):
                                     bisect.bisect_left(self.splices, end)], end]
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            try:
                self.data[lo:hi].decode(self.codec)
            except UnicodeDecodeError as exc:
                bad = lo + exc.start
                message = (f"invalid multibyte sequence (byte 0x{self.data[bad]:02x} is not "
                           f"valid {self.codec.upper()})")
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
                nxt = data[self.pos + 1:self.pos + 2]
                if nxt == b"~":
                    self.obsolete = True
                    self.pos += 2
                    if data[self.pos:self.pos + 1] == b"|":
                        self.previous = True
                        self.pos += 1
                    continue
                if nxt == b"|":
                    self.previous = True
                    self.pos += 2
                    continue
                end = data.find(b"\n", self.pos)
                end = len(data) if end < 0 else end
                text = data[self.pos + 1:end]
                self.pos = min(end + 1, len(data))
                tok = Token("COMMENT", self.line_after(self.pos), self.obsolete, text,
                            self.line_after(end - len(text)))
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
                return Token("NUMBER", self.line_after_unget(self.pos), self.obsolete,
                             int(m.group()))
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
                raise self.fail("unterminated string (end of file before the closing quote)",
                                self.line_after(self.pos))
            c = data[self.pos]
            self.pos += 1
            if c == 10:
                raise self.fail("unterminated string (end of line before the closing quote)",
                                self.line_after(self.pos))
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
        raise self.fail(f"invalid escape sequence {what}",
                        self.line_after(self.pos + 1) if c >= 0 else self.line_after(self.pos))


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
        found = {"EOF": "end of file", "COMMENT": "a comment", "STRING": "a string",
                 "PREV_STRING": "a #| string", "JUNK": f"unexpected {junk}",
                 "NUMBER": "a number"}.get(tok.kind, tok.kind.lower().replace("prev_", "#| "))
        return self.fail(f"syntax error: expected {expected}, found {found}", tok.line)

    def expect(self, kind: str, expected: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            raise self.syntax_error(tok, expected)
        return self.take()

    def check_obsolete(self, ref: Token, tok: Token) -> None:
        """po-gram-gen.y's check_obsolete, called where bison reduces the rule."""
        if tok.obsolete != ref.obsolete:
            raise self.fail("inconsistent use of #~ (obsolete entry mixed with active lines)",
                            tok.line)

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
            parts = [self.expect("[", "'[' after msgstr"),
                     self.expect("NUMBER", "a number after msgstr[")]
            index = parts[-1].value
            assert isinstance(index, int)
            parts.append(self.expect("]", "']' after the plural index"))
            value, first = self.strings("STRING", f"msgstr[{index}]")
            for part in [*parts, first]:
                self.check_obsolete(msgstr, part)
            if index != len(entry.msgstr):
                raise self.fail(f"plural form msgstr[{index}] has the wrong index "
                                f"(expected msgstr[{len(entry.msgstr)}])", msgstr.line)
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
            raise self.fail("duplicate message definition (first defined at line "
                            f"{self.seen[key].lineno})", entry.lineno)
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
            self.lex.defer(self.fail(f'charset "{name}" is not a portable encoding name '
                                     "(or not supported; use UTF-8)", header.msgstr_lineno))
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
        raise CatalogError("byte order mark (BOM) at start of file; save as UTF-8 without BOM",
                           filename=filename, lineno=1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CatalogError("file looks like UTF-16; PO files must be UTF-8",
                           filename=filename, lineno=1)
    parser = _Parser(data, filename)
    entries = parser.parse()
    if parser.header is None:
        raise CatalogError('missing header entry (msgid "" with Content-Type)', filename=filename)
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
            for word in re.split(r"[, \t\n\r\f\v]+", raw[1:].decode("utf-8", "replace")):
                if not word:
                    continue
                if flags and flags[-1] == "range:":
                    flags[-1] = f"range: {word}"
                else:
                    flags.append(word)
    return flags


def check_entries(entries: list[RawEntry], filename: str) -> None:
    """The checks ``msgfmt --check-format --check-header`` runs after a clean parse.

    Like msgfmt, they skip obsolete, fuzzy and untranslated entries.  Plural-Forms
    problems come first (reported at the header), then per-message problems
    (newlines, then format strings: only c, python and python-brace are checked).
    """
    def fail(message: str, line: int) -> CatalogError:
        return CatalogError(message, filename=filename, lineno=line)

    header = next(e for e in entries if e.msgctxt is None and e.msgid == b"" and not e.obsolete)
    live = [e for e in entries if not e.obsolete and e is not header and e.msgstr[0]
            and "fuzzy" not in entry_flags(e)]
    plurals = [e for e in live if e.msgid_plural is not None]
    text = header.msgstr[0].decode("latin-1")
    hline = header.msgstr_lineno
    plural_at, nplurals_at = text.find("plural="), text.find("nplurals=")
    if plural_at >= 0 and nplurals_at >= 0:
        m = re.match(r"\s*(\d+)", text[nplurals_at + 9:])
        if m is None:
            raise fail("invalid nplurals value in Plural-Forms", hline)
        nplurals = int(m.group(1))
        expr = re.split(r"[;\n]", text[plural_at + 7:])[0]
        often = _check_plural_expression(expr, nplurals, lambda msg: fail(msg, hline))
        for entry in plurals:
            if len(entry.msgstr) != nplurals:
                raise fail(f"Plural-Forms says nplurals={nplurals}, but the message at line "
                           f"{entry.lineno} has {len(entry.msgstr)} plural forms", hline)
    else:
        often = []
        if plurals:
            missing = "nplurals=INTEGER" if plural_at >= 0 else "plural=EXPRESSION"
            raise fail(f'message has plural forms, but the header lacks a "{missing}" '
                       "attribute in Plural-Forms", plurals[0].msgstr_lineno)
    for entry in live:
        if entry.msgid:  # like check_pair, skip anything that looks like a header
            _check_newlines(entry, fail)
            _check_formats(entry, entry_flags(entry), often, fail)


def _check_newlines(entry: RawEntry, fail: _Fail) -> None:
    """msgfmt's check_pair: msgid and msgstr must agree on leading/trailing '\\n'."""
    names = ["msgstr"] if entry.msgid_plural is None else [
        "msgid_plural", *(f"msgstr[{i}]" for i in range(len(entry.msgstr)))]
    values = entry.msgstr if entry.msgid_plural is None else [entry.msgid_plural, *entry.msgstr]
    for where, test in (("begin", lambda s: s.startswith(b"\n")),
                        ("end", lambda s: s.endswith(b"\n"))):
        for name, value in zip(names, values, strict=True):
            if test(value) != test(entry.msgid):
                raise fail(f"'msgid' and '{name}' entries do not both {where} with '\\n'",
                           entry.msgstr_lineno)


_PLURAL_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_MASK = (1 << 64) - 1  # GNU evaluates plural expressions in unsigned long
#: Per-form usage of each plural expression already checked (they never fail twice differently).
_PLURAL_USAGE: dict[tuple[str, int], tuple[bool, ...]] = {}
_Node = str | tuple  # a number, "n", or (operator, operand, ...)
_BINARY: dict[str, Callable[[int, int], int]] = {
    "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a // b, "%": lambda a, b: a % b}  # b == 0 raises ZeroDivisionError


def _check_plural_expression(expr: str, nplurals: int,
                             fail: Callable[[str], CatalogError]) -> list[bool]:
    """Parse the C plural expression like plural.y and evaluate it for n = 0..1000.

    Returns, per plural form, whether it is used often (for 5 or more n): msgfmt
    checks the format strings of those forms strictly.
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
            raise fail(f"nplurals={nplurals}, but the plural expression can produce "
                       f"{value} (for n={n})")
        counts[value] += 1
    _PLURAL_USAGE[(expr, nplurals)] = tuple(count >= 5 for count in counts)
    return [count >= 5 for count in counts]


# ---------------------------------------------------------------- format strings
# Ports of gettext's format-python.c, format-python-brace.c and (simplified)
# format-c.c: a parser returns (named args, positional args) or an error reason.

_Spec = tuple[dict[str, str], list[str]]
_PY_TYPES = {"c": "c", "s": "s", "r": "s", **dict.fromkeys("iduoxX", "i"),
             **dict.fromkeys("eEfgG", "f")}
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
            name, i = s[i + 1:j], j + 1
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
    spec = (r"(?::(?:\{" + field + r"\}"
            r"|(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]+)?[bcdoxXneEfFgG%]?))?")
    directive = re.compile(r"\{(" + field + r"(?:\." + r"[A-Za-z_][A-Za-z0-9_]*|\[" + field
                           + r"\])*)" + spec + r"\}", re.S)
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
    r"(?P<conv><[A-Za-z0-9_]+>|[diouxXeEfFgGaAcspn%]|)")


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
        kind = ("i" + size if conv in "diouxX" or conv.startswith("<") else
                "f" + size if conv in "eEfFgGaA" else conv + size)
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


def _check_formats(entry: RawEntry, flags: list[str], plural_often: list[bool],
                   fail: _Fail) -> None:
    """msgfmt --check-format for the languages above; other format flags are not checked."""
    slots: dict[str, str] = {}
    for flag in flags:  # later flags override earlier ones, as in GNU
        if flag.endswith("-format"):
            base = flag[:-7]
            for prefix in ("no-", "possible-", "impossible-"):
                if base.startswith(prefix):
                    base = base[len(prefix):]
            slots[base] = flag
    source_name = "msgid" if entry.msgid_plural is None else "msgid_plural"
    raw_source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
    source = raw_source.decode("utf-8", "replace")
    for language, parse in _FORMAT_PARSERS.items():
        flag = slots.get(language, "")
        if not flag or flag.startswith(("no-", "impossible-")):
            continue
        want = parse(source, [])
        if isinstance(want, str):
            continue  # msgid is not a valid format string: msgfmt checks nothing
        for index, raw in enumerate(entry.msgstr):
            name = "msgstr" if entry.msgid_plural is None else f"msgstr[{index}]"
            have = parse(raw.decode("utf-8", "replace"), [])
            if isinstance(have, str):
                raise fail(f"'{name}' is not a valid {language}-format string, unlike "
                           f"'{source_name}': {have}", entry.msgstr_lineno)
            strict = (entry.msgid_plural is None or len(entry.msgstr) < 2
                      or (index < len(plural_often) and plural_often[index]))
            problem = _compare(want, have, strict, language, source_name, name)
            if problem:
                raise fail(problem, entry.msgstr_lineno)


def _compare(want: _Spec, have: _Spec, strict: bool, language: str, src: str,
             dst: str) -> str | None:
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
            return (f"a format specification for argument '{name}', as in '{dst}', "
                    f"doesn't exist in '{src}'")
        if name not in named2 and strict:
            return f"a format specification for argument '{name}' doesn't exist in '{dst}'"
        if name in named1 and name in named2 and named1[name] != named2[name] and \
                (strict or "any" not in (named1[name], named2[name])):
            return f"{differ} for argument '{name}' are not the same"
    if len(unnamed1) != len(unnamed2) and (
            strict or language == "python" or len(unnamed2) > len(unnamed1)):
        return f"number of format specifications in '{src}' and '{dst}' does not match"
    for number, (a, b) in enumerate(zip(unnamed1, unnamed2, strict=False), 1):
        if a != b and (strict or "any" not in (a, b)):
            return f"{differ} for argument {number} are not the same"
    return None
