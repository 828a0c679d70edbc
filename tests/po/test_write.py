"""pipeline.po.write against GNU msgcat 0.21: the same text, byte for byte; a round trip."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.po import generate_po, parse_po, write_po
from tests.po.gnu import CORPUS, CORPUS_FILES, declared_charset, msgcat, msgfmt_verdict

UTF8_ACCEPTED = [
    p
    for p in CORPUS_FILES
    if p.name.startswith("ok_") and declared_charset(p.read_bytes()) == "UTF-8"
]


@pytest.mark.parametrize("path", UTF8_ACCEPTED, ids=lambda p: p.name)
def test_writer_matches_msgcat(path: Path) -> None:
    catalog = parse_po(path.read_bytes(), filename=path.name)
    ours = generate_po(catalog)
    # msgcat drops flags GNU does not know; we keep them (``ignore-same`` silences a
    # check), after GNU's own; and we end every line with LF, where msgcat keeps the CR
    # of a CRLF file's comment. Apart from those, the output is msgcat's, byte for byte.
    unknown = re.compile(r", (?:ignore-[\w-]+|whatever-flag)(?=,|$)", re.MULTILINE)
    gnu = msgcat(path).replace("\r\n", "\n")
    assert unknown.sub("", ours).replace("\n#,\n", "\n") == gnu


def test_writer_keeps_flags_gnu_does_not_know() -> None:
    data = (CORPUS / "ok_flags.po").read_bytes()
    written = generate_po(parse_po(data, filename="ok_flags.po"))
    assert "#, fuzzy, c-format, no-wrap, whatever-flag\n" in written
    again = generate_po(parse_po(written.encode(), filename="again.po"))
    assert again == written


def _fresh_catalog() -> Catalog:
    when = datetime.datetime(2019, 10, 2, 12, 0, tzinfo=datetime.UTC)
    catalog = Catalog(
        locale="en",
        project="demo",
        version="1.0",
        creation_date=when,
        revision_date=when,
        fuzzy=False,
    )
    catalog.add("Een korte zin.", "A short sentence.", locations=[("content/a.md", 3)])
    catalog.add(
        "Een hele lange zin die zeker langer is dan negenenzeventig tekens, zodat hij "
        "gebroken wordt.",
        "A very long sentence that is surely longer than seventy-nine "
        "characters, so it gets broken.",
        auto_comments=["paragraph 2"],
    )
    catalog.add("Regel een\nRegel twee\n", "Line one\nLine two\n")
    fuzzy = catalog.add(
        "Nieuwe tekst", "Old translation", flags=["fuzzy"], previous_id="Oude tekst", context="kop"
    )
    fuzzy.previous_context = "kop"
    catalog.add(("een appel", "%(n)d appels"), ("one apple", "%(n)d apples"))
    catalog.obsolete["weg"] = Message("weg", "gone", user_comments=["verwijderd"])
    return catalog


def test_fresh_catalog_is_gnu_stable_and_valid(tmp_path: Path) -> None:
    catalog = _fresh_catalog()
    text = generate_po(catalog)
    assert text == generate_po(_fresh_catalog())  # deterministic: no now()
    path = tmp_path / "fresh.po"
    assert write_po(path, catalog) is True
    assert write_po(path, catalog) is False
    assert msgcat(path) == text
    accepted, _, stderr = msgfmt_verdict(path)
    assert accepted, stderr
    for field in (
        "Language: en",
        "Plural-Forms: nplurals=2;",
        "charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "MIME-Version: 1.0",
    ):
        assert field in text
    back = parse_po(text.encode(), filename="fresh.po")
    assert back.get("Nieuwe tekst", context="kop").previous_id == ["Oude tekst"]
    assert back.obsolete["weg"].string == "gone"


# ---------------------------------------------------------------- round trip

_TEXT = st.text(
    st.characters(blacklist_characters="\x00\x04", blacklist_categories=("Cs",)), max_size=80
)
# A comment cannot end in a backslash: GNU (and we) read backslash-newline as a
# line continuation anywhere in a PO file, so the next line would join the comment.
_LINE = st.text(
    st.characters(blacklist_characters="\x00\x04\n", blacklist_categories=("Cs",)), max_size=40
).filter(lambda c: not c.endswith("\\"))
_NAME = st.from_regex(r"[a-z][a-z0-9_/.-]{0,20}", fullmatch=True)
# Only format flags whose strings msgfmt does not check (random text is rarely a valid
# python/c format string); the checked ones are covered by the corpus.
_FLAGS = st.sets(
    st.sampled_from(
        [
            "no-python-format",
            "java-format",
            "no-c-format",
            "fuzzy",
            "qt-format",
            "no-wrap",
            "range: 1..5",
        ]
    ),
    max_size=3,
)


def _agree(msgid: str, text: str) -> str:
    """Make ``text`` begin/end with '\\n' exactly when msgid does (msgfmt --check)."""
    core = text.strip("\n")
    head = "\n" if msgid.startswith("\n") else ""
    tail = "\n" if msgid.endswith("\n") else ""
    if not core and head != tail:
        core = "x"  # "\n" alone would both begin and end with a newline
    return head + core + tail if core or not head else "\n"


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    catalog = Catalog(
        locale="nl",
        fuzzy=draw(st.booleans()),
        creation_date=datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC),
    )
    for obsolete in (False, True):
        for _ in range(draw(st.integers(0, 4))):
            msgid = draw(_TEXT.filter(bool))
            plural = draw(st.none() | _TEXT)
            plural = None if plural is None else _agree(msgid, plural)
            strings = [_agree(msgid, draw(_TEXT)) for _ in range(1 if plural is None else 2)]
            flags = draw(_FLAGS)
            if obsolete:
                flags.discard("range: 1..5")  # msgcat does not write ranges of obsolete entries
            if not strings[0] and (obsolete or "fuzzy" in flags):
                # GNU writes neither obsolete entries nor the fuzzy flag without a msgstr.
                strings[0] = _agree(msgid, "x")
            context = draw(st.none() | _TEXT)
            message = Message(
                msgid if plural is None else (msgid, plural),
                strings[0] if plural is None else tuple(strings),
                context=context,
            )
            message.flags = flags
            message.user_comments = draw(st.lists(_LINE, max_size=2))
            message.auto_comments = draw(st.lists(_LINE, max_size=2))
            message.locations = draw(
                st.lists(
                    st.tuples(_NAME, st.none() | st.integers(0, 9999)), max_size=3, unique=True
                )
            )
            message.previous_id = draw(st.lists(_TEXT, max_size=2))
            # A "#| msgctxt" needs a "#| msgid" after it.
            message.previous_context = draw(st.none() | _TEXT) if message.previous_id else None
            key = catalog._key_for(message.id, context)
            if key in catalog._messages or key in catalog.obsolete:
                continue
            (catalog.obsolete if obsolete else catalog._messages)[key] = message
    return catalog


def _fields(message: Message) -> tuple[object, ...]:
    return (
        message.id,
        message.string,
        message.context,
        message.flags,
        # A comment's CR at the end of a line is written as LF alone (CRLF files).
        [c.removesuffix("\r") for c in message.user_comments],
        [c.removesuffix("\r") for c in message.auto_comments],
        message.locations,
        message.previous_id,
        getattr(message, "previous_context", None),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_round_trip(catalog: Catalog) -> None:
    text = generate_po(catalog)
    back = parse_po(text.encode(), filename="round-trip.po")
    assert back.fuzzy == catalog.fuzzy
    for mine, theirs in ((catalog._messages, back._messages), (catalog.obsolete, back.obsolete)):
        assert list(mine) == list(theirs)
        for key, message in mine.items():
            assert _fields(theirs[key]) == _fields(message)
    assert generate_po(back) == text


#: A backslash-CRLF does not join lines as a backslash-newline does: those files are not
#: the same catalog with CRLF.
_CRLF_ALIKE = [p for p in UTF8_ACCEPTED if b"\\\n" not in p.read_bytes().replace(b"\r\n", b"\n")]


@pytest.mark.parametrize("path", _CRLF_ALIKE, ids=lambda p: p.name)
def test_crlf_catalog_is_written_back_with_lf(path: Path, tmp_path: Path) -> None:
    """A catalog saved with CRLF comes back LF-only, and otherwise as msgcat writes the
    same catalog with LF (msgcat itself keeps a comment's CR)."""
    lf = path.read_bytes().replace(b"\r\n", b"\n")
    crlf = lf.replace(b"\n", b"\r\n")
    ours = generate_po(parse_po(crlf, filename=path.name))
    assert "\r" not in ours.replace("\\r", "")
    lf_path = tmp_path / path.name
    lf_path.write_bytes(lf)
    assert ours == generate_po(parse_po(lf, filename=path.name))
    unknown = re.compile(r", (?:ignore-[\w-]+|whatever-flag)(?=,|$)", re.MULTILINE)
    assert unknown.sub("", ours).replace("\n#,\n", "\n") == msgcat(lf_path)


def test_comments_holding_line_breaks_are_written_one_line_each() -> None:
    """A comment another tool wrapped (a header comment set with CRLF or several lines)
    is written as write-po.c writes it: a ``#`` line per line, no CR."""
    header = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
    catalog = parse_po(header, filename="t")
    catalog.po_header_entry.user_comments = ["first\r", "second\r\nthird"]
    message = Message("a", "b", auto_comments=["one\r\ntwo"], user_comments=["x\ny"])
    catalog[message.id] = message
    written = generate_po(catalog)
    assert written.startswith("# first\n# second\n# third\nmsgid")
    assert "# x\n# y\n#. one\n#. two\nmsgid" in written
    fresh = Catalog(locale="nl", header_comment="# first\r\n# second", fuzzy=False)
    assert generate_po(fresh).startswith("# first\n# second\nmsgid")
