"""Fast path for reading well-formed PO files into babel Catalogs.

`pipeline.poparse` mirrors msgfmt token by token, character by character, so that a
bad catalog is refused at the very line msgfmt names.  That is slow, and nearly every
file we read is one our writer (or msgcat) produced: only lines like ``#: ref``,
``#, flags``, ``# comment``, ``#. comment``, ``#| msgid "…"``, ``msgid "…"``,
``msgstr "…"``, ``"…"``, their ``#~`` twins and blank lines.  `parse_catalog` reads
such files with one regular expression per entry and returns ``None`` -- "use the
strict path" -- on anything else, so every error still comes from the strict path,
with its exact message and line.

Why the result is the same as the strict path's (`poparse.parse_entries` followed by
`pofile._Converter` and `apply_header`):

* Every string and comment must decode as UTF-8 (the rest of a match is ASCII), and
  the header must declare UTF-8 (or the ``CHARSET`` placeholder, or nothing): so the
  strict reader decodes the same bytes as UTF-8 too, and its byte checks cannot fail.
* No ``\\``-newline (msgfmt drops it anywhere, moving line numbers), NUL or EOT byte,
  and no escapes but the simple ones (``\\n``, ``\\"``, …): octal and hex escapes can
  make bytes that are not UTF-8.  Anything else falls back.
* The entry pattern accepts only the grammar's plain shapes: comments, then optional
  ``#|`` lines, optional ``msgctxt``, ``msgid``, then ``msgstr`` or ``msgid_plural``
  with ``msgstr[0]``, ``msgstr[1]``, … (the indices are checked).  Every keyword and
  string line of an obsolete entry must carry ``#~`` (``#~|`` for its previous
  strings), those of an active entry must not.  One keyword and one string per line,
  separated by one space, no other whitespace (a CR too sends the file to the strict
  path); blank lines only between entries.  On these lines the strict lexer finds
  exactly the tokens the pattern sees, so the entries and their line numbers (the
  line of the ``msgid`` keyword) are equal.
* The checks that can fail are redone: duplicates, a missing header, the header's
  charset, and msgfmt's ``--check`` (`pocheck.check_entries`, run on the header and
  on the entries whose checks are not trivially passed).  Any failure falls back.
* Messages are built with the same field values `pofile._Converter.message` gives,
  without babel's ``Message.__init__`` (which guesses python-format flags that
  ``_Converter`` overwrites anyway); header fields are applied with babel's own
  setter, whose effect per ``(name, value)`` is cached (every article's header has
  mostly the same fields).

``tests/test_poparse_fast.py`` checks all this against the strict path.
"""

from __future__ import annotations

import re
from typing import Any

from babel.messages.catalog import Catalog, Message

from pipeline.po.check import check_entries
from pipeline.po.parse import RawEntry, add_flags, canonical_charset, format_key, reference

__all__ = ["parse_catalog"]

# ---------------------------------------------------------------- the entry pattern

# The patterns work on the file's bytes (faster than on text); the strings and
# comments they capture are decoded as UTF-8 one by one.  Outside them a match holds
# only ASCII, so if they all decode, the whole file would.  The quantifiers are
# possessive (``*+``): giving back a line or a character never lets a pattern match
# otherwise (a string's text stops at '"', '\\' or a newline; a string's continuation
# lines start with '"' after the prefix, the lines after them with a keyword), so
# they only spare the regex engine its bookkeeping.

_BODY = rb'[^"\\\n]*+(?:\\[abfnrtv\\"][^"\\\n]*+)*+'  # a string's text: simple escapes only
_ESCAPE = re.compile(r'\\[abfnrtv\\"]')
_UNESCAPE = {
    "\\a": "\a",
    "\\b": "\b",
    "\\f": "\f",
    "\\n": "\n",
    "\\r": "\r",
    "\\t": "\t",
    "\\v": "\v",
    "\\\\": "\\",
    '\\"': '"',
}


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
        rb"((?:#(?:[^~|\n][^\n]*+)?\n)*+)"  # comments: '#' but not '#~' or '#|'
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


def _text(block: bytes, separator: bytes) -> str:
    """The value of a matched string block: quotes and line breaks gone, escapes decoded.

    Raises `UnicodeDecodeError` if it is not UTF-8.
    """
    raw = block[1:-2]  # drop the first '"' and the last '"\n'
    if b'"\n' in raw:
        raw = raw.replace(separator, b"")
    text = raw.decode()
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: _UNESCAPE[m.group()], text)
    return text


# ---------------------------------------------------------------- comments and flags

_REFERENCE_SPLIT = re.compile(r"[ \t\n]+")


def _comments(
    lines: list[str],
) -> tuple[list[str], list[str], list[tuple[str, int | None]], list[str]]:
    """User comments, extracted comments, references and flags of an entry's comment lines.

    What `pofile._Converter.message` and `poparse.entry_flags` make of them (the same rules).
    """
    user: list[str] = []
    auto: list[str] = []
    locations: list[tuple[str, int | None]] = []
    flags: list[str] = []
    for line in lines:
        kind = line[1:2]
        if kind == ".":
            auto.append(line[3:] if line[2:3] == " " else line[2:])
        elif kind == ":":
            for token in _REFERENCE_SPLIT.split(line[2:]):
                if token:
                    locations.append(reference(token))
        elif kind == "," or kind == "!":
            add_flags(flags, line[2:])
        else:
            user.append(line[2:] if kind == " " else line[1:])
    return user, auto, locations, flags


# ---------------------------------------------------------------- the header

_UNSET = object()
#: What babel's ``Catalog.mime_headers`` setter assigns for one (name, value) field.
_FIELD_EFFECTS: dict[tuple[str, str], dict[str, Any]] = {}


def _field_effect(name: str, value: str) -> dict[str, Any]:
    """The attributes babel's header setter assigns for one field (also when it raises).

    Each field's assignments depend on its name and value only (the setter reads
    ``charset``, but only to decode bytes, and these are text), so they are found once
    on an empty probe catalog and replayed.
    """
    key = (name, value)
    effect = _FIELD_EFFECTS.get(key)
    if effect is None:
        probe = Catalog.__new__(Catalog)
        probe.charset = _UNSET  # type: ignore[assignment]
        try:
            probe.mime_headers = [(name, value)]
        except Exception:  # noqa: BLE001,S110 -- as in apply_header
            pass
        effect = {k: v for k, v in vars(probe).items() if v is not _UNSET}
        if len(_FIELD_EFFECTS) >= 10_000:  # dates and project names vary: stay small
            _FIELD_EFFECTS.clear()
        _FIELD_EFFECTS[key] = effect
    return effect


def apply_header(catalog: Catalog, header: Message, *, cached: bool = True) -> None:
    """Set ``catalog``'s fields from its header entry, as babel's header setter does.

    ``cached``: replay each field's effect (`_field_effect`); else call the setter
    (the strict reader, which the tests compare with).
    """
    catalog.po_header_entry = header  # type: ignore[attr-defined]
    catalog.fuzzy = header.fuzzy
    catalog.header_comment = "\n".join(f"# {c}".rstrip() for c in header.user_comments)
    for line in str(header.string).split("\n"):
        name, sep, value = line.partition(":")
        if not sep:
            continue
        if cached:
            for attribute, setting in _field_effect(name.strip(), value.strip()).items():
                setattr(catalog, attribute, setting)
            continue
        try:
            catalog.mime_headers = [(name.strip(), value.strip())]
        except Exception:  # noqa: BLE001 -- babel rejects odd locales and dates
            pass  # the raw header (po_header_entry) still has the field


# ---------------------------------------------------------------- checks and catalog

# Message.__init__ guesses python-format flags (a regex search per message) that
# pofile._Converter then overwrites; we set its attributes, in its order, ourselves.
# If babel's Message ever gets other attributes, it is built the ordinary way.
_BYPASS_INIT = tuple(vars(Message("x"))) == (
    "id",
    "string",
    "locations",
    "flags",
    "auto_comments",
    "user_comments",
    "previous_id",
    "lineno",
    "context",
)


_CHARSET_NAME = re.compile(r"[^ \t\n]*")


def _charset_is_utf8(header: str) -> bool:
    """Whether `poparse._Parser.set_charset` reads the file as UTF-8, without complaint."""
    found = header.find("charset=")
    if found < 0:
        return True
    name = _CHARSET_NAME.match(header, found + 8).group()  # type: ignore[union-attr]
    return name.isascii() and (name == "CHARSET" or canonical_charset(name) == "UTF-8")


def _raw(
    msgid: str,
    msgstr: list[str],
    msgctxt: str | None,
    msgid_plural: str | None,
    comments: list[str],
) -> RawEntry:
    """The `RawEntry` the strict parser makes of an active entry (for `check_entries`;
    line numbers left out: a failing check sends the file to the strict path)."""
    return RawEntry(
        msgid.encode(),
        [s.encode() for s in msgstr],
        0,
        0,
        False,
        None if msgctxt is None else msgctxt.encode(),
        None if msgid_plural is None else msgid_plural.encode(),
        comments=[(c.encode(), 0) for c in comments],
    )


def parse_catalog(data: bytes, filename: str) -> Catalog | None:
    """`pofile.parse_po` for plain, valid files; ``None`` means "use the strict path"."""
    if b"\\\n" in data or b"\0" in data or b"\x04" in data:
        return None
    try:
        return _parse(data, filename)
    except UnicodeDecodeError:
        return None


def _parse(data: bytes, filename: str) -> Catalog | None:
    """`parse_catalog`, but raises `UnicodeDecodeError` if a string or comment is not UTF-8."""
    catalog = Catalog(locale=None, fuzzy=False)
    catalog.po_filename = filename  # type: ignore[attr-defined]
    messages, obsolete = catalog._messages, catalog.obsolete
    header: Message | None = None
    header_text = ""
    checked: list[RawEntry] = []  # entries check_entries has to look at (the header first)
    new_message, text = Message.__new__, _text
    pos, end = 0, len(data)
    line, at = 1, 0  # ``line`` is the line number at offset ``at``
    while pos < end:
        m = _ACTIVE.match(data, pos)
        if m is not None:
            is_obsolete, sep, prev_sep, form_pattern = False, b'"\n"', b'"\n#| "', _ACTIVE_FORM
        else:
            m = _OBSOLETE.match(data, pos)
            if m is None:
                if data.count(b"\n", pos) != end - pos:
                    return None  # not just blank lines left: for the strict path
                break
            is_obsolete, sep, prev_sep, form_pattern = (
                True,
                b'"\n#~ "',
                b'"\n#~| "',
                _OBSOLETE_FORM,
            )
        pos = m.end()
        comments, pc, pi, pp, x, i, p, f, s = m.groups()
        start = m.start(6)  # the msgid's string: on the line of its keyword
        line += data.count(b"\n", at, start)
        at = start

        msgid = text(i, sep)
        msgctxt = None if x is None else text(x, sep)
        if p is None:
            msgstr = [text(s, sep)]
        else:
            msgstr = []
            for index, form in enumerate(form_pattern.finditer(f)):
                if int(form.group(1)) != index:
                    return None  # msgfmt: "plural form has the wrong index"
                msgstr.append(text(form.group(2), sep))

        lines = comments[:-1].decode().split("\n") if comments else []
        user, auto, locations, flag_list = _comments(lines)
        flags: set[str] = set()
        if flag_list:
            slots: dict[str, str] = {}  # slot -> flag; a later flag wins, as in GNU
            for flag in flag_list:
                slots[format_key(flag) or flag] = flag
            flags = set(slots.values())

        message = new_message(Message) if _BYPASS_INIT else Message("")
        if p is None:
            message.id = msgid
            message.string = msgstr[0]
        else:
            message.id = (msgid, text(p, sep))  # type: ignore[assignment]
            message.string = tuple(msgstr)  # type: ignore[assignment]
        # GNU drops duplicate references too.  (Babel types the line as int, but None,
        # for a reference without one, is what its own reader stores.)
        if len(locations) > 1:
            locations = list(dict.fromkeys(locations))
        message.locations = locations  # type: ignore[assignment]
        message.flags = flags
        message.auto_comments = auto
        message.user_comments = user
        previous = message.previous_id = []
        if pi is not None:
            previous.append(text(pi, prev_sep))
            if pp is not None:
                previous.append(text(pp, prev_sep))
        message.lineno = line
        message.context = msgctxt
        message.previous_context = None if pc is None else text(pc, prev_sep)  # type: ignore[attr-defined]

        if msgctxt is None and not msgid:  # the header, or a second one
            if header is not None or is_obsolete:
                return None  # msgfmt: duplicate message definition
            header, header_text = message, msgstr[0]
            checked.insert(0, _raw(msgid, msgstr, None, None, []))
            continue
        key = msgid if msgctxt is None else (msgid, msgctxt)
        if key in messages or key in obsolete:
            return None  # msgfmt: duplicate message definition
        if is_obsolete:
            obsolete[key] = message
            continue
        messages[key] = message
        # msgfmt --check looks at translated, not fuzzy entries (pocheck.check_entries).
        value = msgstr[0]
        if not value or (flag_list and "fuzzy" in flag_list):
            continue
        if p is not None or (flag_list and any(flag.endswith("-format") for flag in flag_list)):
            checked.append(
                _raw(
                    msgid,
                    msgstr,
                    msgctxt,
                    message.id[1] if p is not None else None,
                    [c[1:] for c in lines],
                )
            )
        elif msgid and ("\n" in msgid or "\n" in value):  # pocheck._check_newlines
            if (value[:1] == "\n") != (msgid[:1] == "\n") or (value[-1:] == "\n") != (
                msgid[-1:] == "\n"
            ):
                return None

    if header is None or not _charset_is_utf8(header_text):
        return None
    try:
        check_entries(checked, filename)
    except Exception:  # noqa: BLE001 -- whatever it is, the strict path raises it
        return None
    apply_header(catalog, header)
    return catalog
