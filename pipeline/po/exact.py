"""msgfmt's grammar (po-gram-gen.y) over its lexer: errors on msgfmt's line, in its order.

The reader runs it only when its line tokenizer declines a file (see pipeline.po.read).
"""

from __future__ import annotations

import codecs

from pipeline.errors import CatalogError
from pipeline.po.lexer import Lexer, Token
from pipeline.po.syntax import (
    CHARSETS,
    PLACEHOLDER,
    Entry,
    canonical_charset,
    header_charset,
    is_header,
)


class _Parser:
    """Recursive-descent twin of po-gram-gen.y that stops at the first error."""

    def __init__(self, data: bytes, filename: str) -> None:
        self.lex = Lexer(data, filename)
        self.filename = filename
        self.ahead: Token | None = None
        self.entries: list[Entry] = []
        self.seen: dict[tuple[bytes | None, bytes], Entry] = {}
        self.charset: str | None = None
        self.header: Entry | None = None

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

    def parse(self) -> list[Entry]:
        comments: list[Token] = []
        while True:
            tok = self.peek()
            if tok.kind == "EOF":
                return self.entries
            if tok.kind == "COMMENT":
                self.take()
                comments.append(tok)
            elif tok.kind == "DOMAIN":
                self.take()
                self.expect("STRING", "a string after domain")
            elif tok.kind in ("MSGID", "MSGCTXT", "PREV_MSGID", "PREV_MSGCTXT"):
                self.message(comments)
                comments = []
            else:
                raise self.syntax_error(tok, "msgid, msgctxt or a comment")

    def message(self, comments: list[Token]) -> None:
        entry = Entry(b"", [], 0, 0, False)
        entry.comments = b"".join(b"#" + c.value + b"\n" for c in comments)  # type: ignore[operator]
        entry.comment_lines = tuple(c.start for c in comments)
        prev = self.previous(entry) if self.peek().kind.startswith("PREV_") else None
        if self.peek().kind not in ("MSGID", "MSGCTXT"):
            raise self.syntax_error(self.peek(), "msgid or msgctxt after the #| lines")
        entry.msgctxt, intro = self.context(self.take(), "")
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

    def context(self, intro: Token, prev: str) -> tuple[bytes | None, Token]:
        """An optional msgctxt (``prev``: "" or "PREV_") and the msgid keyword after it."""
        if intro.kind != f"{prev}MSGCTXT":
            return None, intro
        what = "#| " if prev else ""
        value, first = self.strings(f"{prev}STRING", f"{what}msgctxt")
        msgid = self.expect(f"{prev}MSGID", f"{what}msgid after {what}msgctxt")
        self.check_obsolete(intro, first)
        self.check_obsolete(intro, msgid)
        return value, msgid

    def previous(self, entry: Entry) -> Token:
        """The #| lines (rule ``prev``); returns the token standing for them."""
        entry.prev_msgctxt, intro = self.context(self.take(), "PREV_")
        if intro.kind != "PREV_MSGID":
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

    def plural_forms(self, entry: Entry, msgstr: Token) -> Token:
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

    def add(self, entry: Entry) -> None:
        key = (entry.msgctxt, entry.msgid)
        if key in self.seen:
            raise self.fail(
                f"duplicate message definition (first defined at line {self.seen[key].lineno})",
                entry.lineno,
            )
        self.seen[key] = entry
        self.entries.append(entry)
        if is_header(entry.msgctxt, entry.msgid, entry.obsolete):
            self.set_charset(entry)

    def set_charset(self, header: Entry) -> None:
        """Switch the lexer to the header's charset, as po_lex_charset_set does."""
        if self.header is None:
            self.header = header
        name = header_charset(header.msgstr[0])
        if name == PLACEHOLDER:
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
        self.lex.set_codec(CHARSETS[canon])


def parse_entries(data: bytes, filename: str) -> tuple[list[Entry], str, CatalogError | None]:
    """Parse PO bytes as msgfmt does: the entries, the Python codec to decode them, and
    the error to raise if msgfmt's checks then find nothing (NUL in a string, an unknown
    charset, ``domain``: things msgfmt accepts but we refuse).

    Raises `CatalogError` at the line msgfmt reports for its first syntax error.
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
    return entries, CHARSETS[parser.charset or "UTF-8"], parser.lex.deferred
