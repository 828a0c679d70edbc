"""GNU gettext's rules for PO text, each written once: charsets, escapes, comments, flags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel.messages.catalog import Message

# ---------------------------------------------------------------- the entry as read


@dataclass(slots=True)
class Entry:
    """One entry as a reader found it: strings unescaped, still bytes in the file's charset."""

    #: The msgid.
    msgid: bytes
    #: The msgstr, or msgstr[0], msgstr[1], … of a plural entry.
    msgstr: list[bytes]
    #: The line of the msgid keyword (what ``Message.lineno`` keeps).
    lineno: int
    #: The line of the (first) msgstr keyword, where msgfmt reports check failures; 0 if unknown.
    msgstr_lineno: int
    #: Whether the entry is obsolete (``#~``).
    obsolete: bool
    #: The msgctxt, if any.
    msgctxt: bytes | None = None
    #: The msgid_plural, if any.
    msgid_plural: bytes | None = None
    #: The ``#| msgctxt``, if any.
    prev_msgctxt: bytes | None = None
    #: The ``#| msgid``, if any.
    prev_msgid: bytes | None = None
    #: The ``#| msgid_plural``, if any.
    prev_msgid_plural: bytes | None = None
    #: The comment lines as in the file: each ``#``, its text and ``\n``.
    comments: bytes = b""
    #: The line of each comment (for errors), or empty if unknown.
    comment_lines: tuple[int, ...] = ()


def message_parts(message: Message) -> tuple[str, str | None, list[str]]:
    """A babel message's msgid, msgid_plural (or ``None``) and msgstr list, typed."""
    if isinstance(message.id, (tuple, list)):
        return str(message.id[0]), str(message.id[1]), [str(s) for s in message.string or ()]
    return str(message.id), None, [str(message.string or "")]


def is_header(msgctxt: object, msgid: bytes | str, obsolete: bool) -> bool:
    """Whether an entry is the header entry: msgid "" without msgctxt, not obsolete."""
    return msgctxt is None and not msgid and not obsolete


# ---------------------------------------------------------------- charsets

#: Portable charsets msgfmt knows (po-charset.c), mapped to Python codecs.
CHARSETS: dict[str, str] = {
    "UTF-8": "utf-8",
    "ASCII": "ascii",
    "ANSI_X3.4-1968": "ascii",
    "US-ASCII": "ascii",
    **{f"ISO-8859-{n}": f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15)},
    **{name: name.lower() for name in ("KOI8-R", "KOI8-U", "KOI8-T", "CP850", "CP866", "CP874")},
    **{f"CP{n}": f"cp{n}" for n in range(1250, 1259)},
    **{name: name.lower() for name in ("GB2312", "EUC-JP", "EUC-KR", "TIS-620", "BIG5", "GBK")},
    "BIG5-HKSCS": "big5hkscs",
    "GB18030": "gb18030",
    "SHIFT_JIS": "shift_jis",
    "JOHAB": "johab",
    "CP932": "cp932",
    "CP949": "cp949",
    "CP950": "cp950",
}
#: Codecs where a byte >= 0x80 and the next byte >= 0x30 form one character, so that
#: second byte is never '"' or '\\' (po-lex.c, weird_cjk).
WEIRD_CJK = frozenset(
    ("big5", "big5hkscs", "gbk", "gb18030", "shift_jis", "johab", "cp932", "cp949", "cp950")
)
_ALIASES = {
    "UTF8": "UTF-8",
    "LATIN1": "ISO-8859-1",
    "ISO8859-1": "ISO-8859-1",
    "ISO_8859-1": "ISO-8859-1",
    "LATIN-9": "ISO-8859-15",
    "SJIS": "SHIFT_JIS",
}
#: The placeholder xgettext writes; msgfmt only warns, and such files are read as UTF-8.
PLACEHOLDER = "CHARSET"
_CHARSET_RE = re.compile(rb"charset=([^ \t\n]*)")


def canonical_charset(name: str) -> str | None:
    """Return the canonical name msgfmt would use for ``name``, or ``None``."""
    upper = name.upper()
    upper = _ALIASES.get(upper, upper)
    return upper if upper in CHARSETS else None


def header_charset(header: bytes) -> str:
    """The charset a header's text names (as po_lex_charset_set reads it); `PLACEHOLDER` if none."""
    m = _CHARSET_RE.search(header)
    return PLACEHOLDER if m is None else m.group(1).decode("ascii", "replace")


# ---------------------------------------------------------------- escapes

#: The characters a PO string writes as escapes, and the letter after the backslash.
ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
ESCAPES.update({"\\": "\\", '"': '"'})
#: The byte each simple escape letter stands for (control_sequence in po-lex.c).
SIMPLE_ESCAPES = {ord(letter): ord(char) for char, letter in ESCAPES.items()}
#: An escape msgfmt accepts: a simple one, up to three octal digits, or hex digits.
ESCAPE_RE = re.compile(rb'\\(?:[abfnrtv\\"]|[0-7]{1,3}|x[0-9A-Fa-f]+)')


def _escape_value(m: re.Match[bytes]) -> bytes:
    body = m.group()[1:]
    if body[0] in SIMPLE_ESCAPES:
        return bytes((SIMPLE_ESCAPES[body[0]],))
    if body[:1] == b"x":
        return bytes((int(body[1:], 16) & 0xFF,))  # C stores the value in a char
    return bytes((int(body, 8) & 0xFF,))


_NUMERIC_ESCAPE_RE = re.compile(rb"\\[0-7x]")
_LETTER_ESCAPES = [(b"\\" + bytes((k,)), bytes((v,))) for k, v in SIMPLE_ESCAPES.items() if k != 92]


def unescape(raw: bytes) -> bytes:
    """A string's bytes with its (valid) escapes replaced by what they stand for."""
    if b"\\" not in raw:
        return raw
    if _NUMERIC_ESCAPE_RE.search(raw.replace(b"\\\\", b"")):
        return ESCAPE_RE.sub(_escape_value, raw)
    # Only two-byte escapes (the header's "\n"s): split at the escaped backslashes, so
    # that every backslash left starts an escape, and replace in C.
    pieces = raw.split(b"\\\\")
    for i, piece in enumerate(pieces):
        if b"\\" in piece:
            for escape, value in _LETTER_ESCAPES:
                piece = piece.replace(escape, value)
            pieces[i] = piece
    return b"\\".join(pieces)


# ---------------------------------------------------------------- comments and flags

_FLAG_SPLIT = re.compile(r"[, \t\n\r\f\v]+")
_REFERENCE_SPLIT = re.compile(r"[ \t\n]+")  # a CR does not separate references


def add_flags(flags: list[str], text: str) -> None:
    """Add the flags of one ``#,`` line (without the ``#,``) to ``flags``, as GNU reads them."""
    for word in _FLAG_SPLIT.split(text):
        if not word:
            continue
        if flags and flags[-1] == "range:":
            flags[-1] = f"range: {word}"
        else:
            flags.append(word)


def flag_slot(flag: str) -> str | None:
    """The GNU flag slot a flag occupies (a later flag overrides an earlier one), or ``None``."""
    if flag.endswith("-format"):
        for prefix in ("no-", "possible-", "impossible-"):
            if flag.startswith(prefix):
                return flag[len(prefix) :]
        return flag
    if flag in ("wrap", "no-wrap"):
        return "wrap"
    return "range" if flag.startswith("range: ") else None


def resolve_flags(flags: list[str]) -> set[str]:
    """The flags GNU keeps of a file-ordered list: per slot, the last one."""
    slots: dict[str, str] = {}
    for flag in flags:
        slots[flag_slot(flag) or flag] = flag
    return set(slots.values())


def reference(token: str) -> tuple[str, int | None]:
    """``file:line`` or just ``file`` (GNU: the line must be ASCII digits at the very end)."""
    colon = token.rfind(":")
    number = token[colon + 1 :]
    if colon > 0 and number.isascii() and number.isdigit():
        return token[:colon], int(number)
    return token, None


def set_comments(message: Message, lines: list[str]) -> None:
    """Sort comment lines (their text after ``#``) into ``message`` by kind, as po-lex.c
    does: ``# …`` user comments, ``#. …`` extracted ones, ``#: file:line`` references
    (duplicates dropped, as GNU does), ``#, …`` (and ``#!``) flags, per slot the last."""
    user: list[str] = []
    auto: list[str] = []
    locations: list[tuple[str, int | None]] = []
    flags: list[str] = []
    for line in lines:
        kind = line[:1]
        if kind == ".":
            auto.append(line[2:] if line[1:2] == " " else line[1:])
        elif kind == ":":
            text = line[1:]
            tokens = _REFERENCE_SPLIT.split(text) if "\t" in text else text.split(" ")
            for token in tokens:
                if token:
                    locations.append(reference(token))
        elif kind == "," or kind == "!":
            add_flags(flags, line[1:])
        else:
            user.append(line[1:] if kind == " " else line)
    # In the order Message.__init__ sets them.  Babel types a reference's line as int,
    # but None (a reference without one) is what its own reader stores.
    if len(locations) > 1:
        locations = list(dict.fromkeys(locations))
    message.locations = locations  # type: ignore[assignment]
    message.flags = resolve_flags(flags) if flags else set()
    message.auto_comments = auto
    message.user_comments = user
