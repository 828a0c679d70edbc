"""The fast PO reader (pipeline.pofast) gives what the strict reader gives, or falls back to it.

Every comparison reads the same bytes twice: ``parse_po(..., fast=False)`` (the strict,
msgfmt-mirroring reader alone) and ``parse_po(...)`` (the fast path, which hands
anything unusual to the strict reader).  Both must give the same catalog -- header
entry and fields, every message field including ``lineno``, obsolete entries, order
-- or the same `CatalogError` (message, file and line).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.util import LOCALTZ
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import CatalogError
from pipeline.po import fast as pofast
from pipeline.po.file import generate_po, parse_po

REPO = Path(__file__).resolve().parent.parent
CORPUS_FILES = sorted((REPO / "tests" / "po").glob("*.po"))
CONTENT_FILES = sorted(p for p in (REPO / "content").rglob("*") if p.suffix in (".po", ".pot"))


def _message_dump(message: Message) -> list[tuple[str, object]]:
    """Every attribute of a message, in order (id, string, ..., lineno, previous_context)."""
    return list(vars(message).items())


def dump(catalog: Catalog) -> object:
    """Everything a catalog holds, comparable with ``==``."""
    fields = {}
    for name, value in vars(catalog).items():
        if name in ("_messages", "obsolete", "po_header_entry"):
            continue
        if name == "creation_date" and getattr(value, "tzinfo", None) is LOCALTZ:
            value = "now()"  # no POT-Creation-Date: babel's Catalog() takes the clock
        fields[name] = value
    header = getattr(catalog, "po_header_entry", None)
    return (
        fields,
        None if header is None else _message_dump(header),
        [(key, _message_dump(m)) for key, m in catalog._messages.items()],
        [(key, _message_dump(m)) for key, m in catalog.obsolete.items()],
    )


def outcome(data: bytes, *, fast: bool, filename: str = "t.po") -> object:
    """The catalog's dump, or the error as (message, filename, line)."""
    try:
        return dump(parse_po(data, filename=filename, fast=fast))
    except CatalogError as exc:
        return ("CatalogError", exc.message, exc.filename, exc.lineno)


def assert_same(data: bytes, filename: str = "t.po") -> object:
    strict = outcome(data, fast=False, filename=filename)
    assert outcome(data, fast=True, filename=filename) == strict
    return strict


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_same_result_or_error(path: Path) -> None:
    result = assert_same(path.read_bytes(), filename=path.name)
    rejected = path.name.startswith(("bad_", "strict_"))
    assert (result[0] == "CatalogError") == rejected  # type: ignore[index]


def test_corpus_is_all_there() -> None:
    assert len(CORPUS_FILES) == 62


def test_fast_path_takes_plain_corpus_files_and_refuses_bad_ones() -> None:
    taken = {
        p.name for p in CORPUS_FILES if pofast.parse_catalog(p.read_bytes(), p.name) is not None
    }
    assert {
        "ok_basic.po",
        "ok_plural.po",
        "ok_obsolete.po",
        "ok_escapes.po",
        "ok_multiline.po",
        "ok_flags.po",
    } <= taken
    # Odd spellings go to the strict reader: "#|msgid", CRLF, backslash-newline,
    # octal escapes, other charsets.
    assert not taken & {
        "ok_previous.po",
        "ok_crlf.po",
        "ok_continuation.po",
        "ok_octal_hex.po",
        "ok_latin1.po",
        "ok_shift_jis.po",
    }
    assert not any(name.startswith(("bad_", "strict_")) for name in taken)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_content_catalogs_same_result_by_the_fast_path(path: Path) -> None:
    data = path.read_bytes()
    assert_same(data, filename=str(path))
    assert pofast.parse_catalog(data, str(path)) is not None  # our writer's output


def test_content_catalogs_exist() -> None:
    assert len(CONTENT_FILES) >= 4


def test_header_fields_babel_refuses_are_kept_as_babel_leaves_them() -> None:
    """Babel's header setter raises half-way for some values (Language: 12 sets the
    identifier, then fails); the cached effect must be the same as the live one."""
    for header in (
        '"Language: 12\\n"',
        '"Language: xx_YY\\n"',
        '"Language: \\n"',
        '"POT-Creation-Date: 2019-13-45 00:00+0000\\n"',
        '"POT-Creation-Date: 2019-10-02 10:00\\n"',
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"',
        '"Plural-Forms: plural=n;\\n"',
        '"Project-Id-Version: \\n"',
        '"Content-Type: text/plain\\n"',
        '"X-Other: yes\\n"',
    ):
        data = (
            '#, fuzzy\nmsgid ""\nmsgstr ""\n' + header + '\n"Content-Type: text/plain; '
            'charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'
        ).encode()
        assert assert_same(data)[0] != "CatalogError"  # type: ignore[index]
        assert pofast.parse_catalog(data, "t.po") is not None


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

    Most are valid (the fast path reads them); some are not (wrong plural count, format
    strings msgfmt refuses, a second header), for the strict path to refuse.
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
        header.user_comments = draw(st.lists(_LINE, max_size=2))
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
            message.user_comments = draw(st.lists(_LINE, max_size=2))
            message.auto_comments = draw(st.lists(_LINE, max_size=2))
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


# Drawing a random catalog takes most of the time: these keep the file at a few seconds.
_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(random_catalogs())
def test_random_catalogs_same_result(catalog: Catalog) -> None:
    assert_same(generate_po(catalog).encode("utf-8"))


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


@_SETTINGS
@given(st.data())
def test_mutated_random_catalogs_same_result_or_error(data: st.DataObject) -> None:
    text = generate_po(data.draw(random_catalogs())).encode("utf-8")
    assert_same(data.draw(mutated(text)))


_VALID_FILES = [p for p in CORPUS_FILES if p.name.startswith("ok_")] + CONTENT_FILES


@settings(_SETTINGS, max_examples=150)
@given(st.data())
def test_mutated_files_same_result_or_error(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_VALID_FILES))
    assert_same(data.draw(mutated(path.read_bytes())), filename=path.name)
