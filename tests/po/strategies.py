"""Hypothesis strategies for PO files: random catalogs (odd strings, plurals, contexts,
obsolete and previous entries, odd headers) and line-level mutations of a file."""

from __future__ import annotations

import datetime

from babel.messages.catalog import Catalog, Message
from hypothesis import strategies as st

# ---------------------------------------------------------------- random catalogs

_ODD = list('aZ "\\\n\t\r\v\f\a\b%s%(n)d{0}{x}#~|:.,;[]0é€😀\u00a0\u2028\x7f')
# NUL and EOT make msgfmt (and us) refuse a file: the mutations below bring them in.
_ANY = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04")
_TEXT = st.text(st.sampled_from(_ODD) | _ANY, max_size=30)
_LINE = st.text(
    st.sampled_from([c for c in _ODD if c != "\n"])
    | st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04\n"),
    max_size=20,
)
#: A comment's text: a line, not ending in CR (that is a CRLF line end, which the writer
#: writes as LF: a catalog saved with CRLF comes back LF-only).
_COMMENT = _LINE.filter(lambda line: not line.endswith("\r"))
_FLAG = st.sampled_from(
    [
        "fuzzy",
        "python-format",
        "no-python-format",
        "c-format",
        "possible-c-format",
        "python-brace-format",
        "java-format",
        "no-wrap",
        "wrap",
        "range: 1..5",
        "ignore-same",
        "whatever",
    ]
)
_LOCATION = st.tuples(
    st.from_regex(r"[a-z./:_-]{1,12}", fullmatch=True), st.none() | st.integers(0, 99999)
)
_PLURAL_FORMS = {
    1: "nplurals=1; plural=0;",
    2: "nplurals=2; plural=(n != 1);",
    3: "nplurals=3; plural=n%10==1 ? 0 : n ? 1 : 2;",
}
_HEADER_FIELD = st.sampled_from(
    [
        "Project-Id-Version: demo 1.0",
        "Project-Id-Version: ",
        "Language: nl",
        "Language: en_GB",
        "Language: 12",
        "Language: ",
        "POT-Creation-Date: 2019-10-02 00:00+0000",
        "PO-Revision-Date: 2020-01-01 12:30+0100",
        "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE",
        "POT-Creation-Date: garbage",
        "Last-Translator: Iemand <a@b.nl>",
        "X-Custom: é",
        "Plural-Forms: nplurals=2; plural=n/0;",
        "Plural-Forms: nplurals=x;",
        "Content-Transfer-Encoding: 8bit",
        "MIME-Version: 1.0",
        "Content-Type: text/plain",
        "Content-Type: text/plain; charset=CHARSET",
    ]
)


@st.composite
def random_catalogs(draw: st.DrawFn) -> Catalog:
    """Babel catalogs with odd strings, plurals, contexts, obsolete and previous entries.

    Most are valid; some are not (wrong plural count, format strings msgfmt refuses, a
    second header), for the reader to refuse as msgfmt does.
    """
    nplurals = draw(st.sampled_from([1, 2, 2, 3]))
    catalog = Catalog(
        locale=draw(st.sampled_from(["nl", "en"])),
        fuzzy=draw(st.booleans()),
        creation_date=datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC),
    )
    if nplurals != 2 or draw(st.integers(0, 4)):  # a header as read from a file
        fields = draw(st.lists(_HEADER_FIELD, max_size=5))
        if draw(st.integers(0, 9)):
            fields.insert(
                draw(st.integers(0, len(fields))), f"Plural-Forms: {_PLURAL_FORMS[nplurals]}"
            )
        header = Message(
            "", "".join(f"{f}\n" for f in fields) + "Content-Type: text/plain; charset=UTF-8\n"
        )
        header.user_comments = draw(st.lists(_COMMENT, max_size=2))
        header.flags = set(draw(st.lists(_FLAG, max_size=2)))
        catalog.po_header_entry = header  # type: ignore[attr-defined]
    for obsolete in (False, True):
        for _ in range(draw(st.integers(0, 5))):
            msgid = draw(_TEXT)
            context = draw(st.none() | _TEXT)
            if not msgid and context is None and draw(st.integers(0, 9)):
                msgid = "x"  # else a second header
            if draw(st.integers(0, 3)):
                ident: str | tuple[str, str] = msgid
                string: str | tuple[str, ...] = draw(_TEXT)
            else:
                forms = nplurals if draw(st.integers(0, 9)) else draw(st.integers(1, 3))
                ident = (msgid, draw(_TEXT))
                string = tuple(draw(_TEXT) for _ in range(forms))
            message = Message(ident, string, context=context)
            message.flags = set(draw(st.lists(_FLAG, max_size=3)))
            message.user_comments = draw(st.lists(_COMMENT, max_size=2))
            message.auto_comments = draw(st.lists(_COMMENT, max_size=2))
            message.locations = draw(st.lists(_LOCATION, max_size=3))
            message.previous_id = draw(st.lists(_TEXT, max_size=2))
            message.previous_context = (  # type: ignore[attr-defined]
                draw(st.none() | _TEXT) if message.previous_id else None
            )
            key = catalog._key_for(message.id, message.context)
            # Duplicates are kept out here; the mutations below make some.
            if key not in catalog._messages and key not in catalog.obsolete:
                (catalog.obsolete if obsolete else catalog._messages)[key] = message
    return catalog


# ---------------------------------------------------------------- mutations


_STRAY = [
    b'"',
    b"\\",
    b"#",
    b"~",
    b"|",
    b" ",
    b"\t",
    b"\r",
    b"\n",
    b"x",
    b"[",
    b"0",
    b"\x00",
    b"\x04",
    "é".encode(),
    b"\xff",
    b"\\\n",
    b"msgid ",
    b'msgstr "',
    b"#~ ",
    b"#| ",
    b"\\0",
    b"\\x41",
    b"\\q",
]


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with one to three line-level changes."""
    lines = data.splitlines(keepends=True) or [b""]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(["delete", "duplicate", "swap", "drop quote", "insert", "blank"])
        )
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif action == "drop quote" and b'"' in lines[i]:
            quotes = [k for k, c in enumerate(lines[i]) if c == ord('"')]
            k = draw(st.sampled_from(quotes))
            lines[i] = lines[i][:k] + lines[i][k + 1 :]
        elif action == "insert":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.sampled_from(_STRAY)) + lines[i][k:]
        elif action == "blank":
            lines.insert(i, b"\n")
    return b"".join(lines)
