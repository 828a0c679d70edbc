"""pipeline.pofile against GNU gettext 0.21: msgfmt verdicts, msgunfmt contents, msgcat output."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import CatalogError
from pipeline.po import generate_po, parse_po, read_po, write_po
from tests.po.gnu import (
    CORPUS,
    CORPUS_FILES,
    STRICTER,
    compiled_messages,
    declared_charset,
    msgcat,
    msgfmt_verdict,
    our_messages,
)


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS_FILES) >= 35


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_parse_matches_msgfmt(path: Path, tmp_path: Path) -> None:
    accepted, first_line, stderr = msgfmt_verdict(path)
    data = path.read_bytes()
    if path.name in STRICTER:
        assert accepted, stderr
        with pytest.raises(CatalogError):
            parse_po(data, filename=path.name)
        return
    if not accepted:
        with pytest.raises(CatalogError) as info:
            parse_po(data, filename=path.name)
        assert info.value.lineno == first_line, (str(info.value), stderr)
        assert info.value.filename == path.name
        return
    catalog = parse_po(data, filename=path.name)
    assert our_messages(catalog, fuzzy=True) == compiled_messages(path, tmp_path, True)
    assert our_messages(catalog, fuzzy=False) == compiled_messages(path, tmp_path, False)


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
    # check), after GNU's own. Apart from those, the output is msgcat's, byte for byte.
    unknown = re.compile(r", (?:ignore-[\w-]+|whatever-flag)(?=,|$)", re.MULTILINE)
    assert unknown.sub("", ours).replace("\n#,\n", "\n") == msgcat(path)


def test_writer_keeps_flags_gnu_does_not_know() -> None:
    data = (CORPUS / "ok_flags.po").read_bytes()
    written = generate_po(parse_po(data, filename="ok_flags.po"))
    assert "#, fuzzy, c-format, no-wrap, whatever-flag\n" in written
    again = generate_po(parse_po(written.encode(), filename="again.po"))
    assert again == written


def test_corpus_verdicts_are_as_named() -> None:
    """ok_* files are accepted and bad_* rejected by msgfmt (guards the corpus itself)."""
    for path in CORPUS_FILES:
        accepted = msgfmt_verdict(path)[0]
        assert accepted == (not path.name.startswith("bad_")), path.name


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("bad_unterminated.po", 11, "unterminated string"),
        ("bad_escape_q.po", 10, "invalid escape sequence \\q"),
        ("bad_keyword_msgtsr.po", 11, 'keyword "msgtsr" unknown'),
        ("bad_missing_msgstr.po", 10, "missing msgstr"),
        ("bad_duplicate.po", 14, "duplicate message definition (first defined at line 10)"),
        ("bad_empty.po", None, "missing header entry"),
        ("bad_charset_mismatch.po", 14, "invalid multibyte sequence"),
        ("strict_unknown_charset.po", 2, 'charset "FOO-1" is not a portable encoding name'),
    ],
)
def test_error_messages(name: str, line: int | None, reason: str) -> None:
    with pytest.raises(CatalogError) as info:
        read_po(CORPUS / name, display_name=f"po/{name}")
    assert info.value.lineno == line
    assert reason in info.value.message
    assert str(info.value).startswith(f"po/{name}")


def test_fields_are_kept(tmp_path: Path) -> None:
    catalog = read_po(CORPUS / "ok_basic.po")
    hello = catalog["Hello %(name)s"]
    assert hello.locations == [("src/app.py", 12), ("src/app.py", 40), ("README", None)]
    assert hello.user_comments == ["translator comment"]
    assert hello.auto_comments == [" extracted comment with two spaces"]
    assert hello.flags == {"python-format"}
    assert hello.lineno == 19  # the line of its msgid keyword
    assert catalog.get("Open", context="menu").string == "Open (menu)"
    assert str(catalog.locale) == "en" and catalog.fuzzy is False
    assert "X-Custom-Field: kept as is" in catalog.po_header_entry.string
    previous = read_po(CORPUS / "ok_previous.po")
    new = previous.get("New text", context="new ctx")
    assert new.previous_id == ["Old text"] and new.previous_context == "old ctx" and new.fuzzy
    assert previous[("pear", "pears")].previous_id == ["apple", "apples"]
    obsolete = read_po(CORPUS / "ok_obsolete.po").obsolete
    assert obsolete["old"].previous_id == ["older"]
    assert obsolete["old"].user_comments == ["old translator note"]
    assert obsolete["multi"].string == "line one line two"
    assert read_po(CORPUS / "ok_fuzzy_header.po").fuzzy is True
    assert read_po(CORPUS / "ok_latin1.po")["café"].string == "été § ½"
    assert read_po(CORPUS / "ok_crlf.po")["a"].string == "b"


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


def test_huge_lines(tmp_path: Path) -> None:
    word = "woord, "
    body = (word * 40000).encode()
    path = tmp_path / "huge.po"
    path.write_bytes(
        (CORPUS / "ok_multiline.po").read_bytes()
        + b'\nmsgid "'
        + body
        + b'"\nmsgstr "'
        + body.replace(b"w", b"W")
        + b'"\n'
    )
    catalog = read_po(path)
    assert catalog[body.decode()].string == body.decode().replace("w", "W")
    assert generate_po(catalog) == msgcat(path)
    path.write_bytes(path.read_bytes() + b'\nmsgid "' + body + b"\n")
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert info.value.lineno == msgfmt_verdict(path)[1]


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
        message.user_comments,
        message.auto_comments,
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
