"""pipeline.po.wrap equals write-po.c's wrap() ported unit by unit, for every input.

`wrap.wrap` finds the break opportunities of "simple" characters with regular
expressions, of the others with `possible_breaks`; `reference_wrap.wrap_reference` is
the C code's port (and GNU msgcat, below and in test_write.py, the last word).  These
properties check that the two agree on text built to hit every case the regular
expressions handle differently: runs of spaces, all ASCII punctuation, escapes
(``\\n``, ``\\t``, ``"``, ``\\``), no-break spaces, dashes, curly quotes, words longer
than a line, non-ASCII letters, and characters they leave to `possible_breaks`
(zero-width, combining, wide, emoji, controls, mandatory breaks...).
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from babel.messages.catalog import Catalog, Message
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import po
from pipeline.errors import CatalogError
from pipeline.po import wrap as powrap
from pipeline.po import write as powrite
from tests.po.gnu import msgcat
from tests.po.reference_wrap import wrap_reference

# Characters the fast path handles ("simple" ones, and what escaping makes simple).
_SIMPLE = [
    *string.ascii_letters,
    *string.digits,
    *string.punctuation,
    " ",
    "\n",
    "\t",
    "\r",
    "\a",
    "\b",
    "\f",
    "\v",
    '"',
    "\\",
    "\u00a0",  # no-break space (GL)
    "\u2013",
    "\u2014",
    "\u2010",
    "\u2011",  # dashes, hyphens
    "\u2018",
    "\u2019",
    "\u201a",
    "\u201c",
    "\u201d",
    "\u201e",
    "\u00ab",
    "\u00bb",
    "\u2026",
    "\u2024",
    "\u203c",
    "\u2044",
    "\u00b4",
    "\u00bf",
    "\u00a1",
    "\u20ac",
    "\u00a3",
    "\u00b0",
    "\u2030",
    "\u202f",
    "\u00e9",
    "\u00eb",
    "\u00ef",
    "\u00f6",
    "\u00fc",
    "\u00e0",
    "\u00e7",
    "\u00c5",
]
# Characters it leaves to the reference: zero width, combining, wide, emoji, controls,
# mandatory breaks, Hebrew, zero-width joiner, soft hyphen and word joiner (no width),
# regional indicators (counted in pairs: LB30a).
_OTHER = [
    "\U0001f1f3",
    "\U0001f1f1",
    "\u200b",
    "\u00ad",
    "\u2060",
    "\u0301",
    "\u0308",
    "\u4e2d",
    "\u6587",
    "\U0001f600",
    "\ud55c",
    "\x01",
    "\x1b",
    "\x7f",
    "\u2028",
    "\u0085",
    "\u05d0",
    "\u200d",
    "\u3001",
    "\ufeff",
]
_WORDS = [
    "de",
    "het",
    "magnesium",
    "NMDA-receptor",
    "e-mail",
    "www.natura.nl/nieuws",
    "50%",
    "\u20ac12,50",
    "(1.0)",
    "\u201caldus\u201d",
    "zo\u2019n",
    "idee\u00ebn",
    "caf\u00e9",
    "\u2014",
    " \u2013 ",
    "...",
    "!?",
    "a/b",
    "1.000.000",
    "x\\ny",
]
_SPACES = st.sampled_from([" ", "  ", "   ", " " * 8])
_LONG_WORD = st.builds(lambda ch, n: ch * n, st.sampled_from('xé-/."\\'), st.integers(60, 170))


def _text(characters: list[str]) -> st.SearchStrategy[str]:
    token = st.one_of(st.sampled_from(characters), st.sampled_from(_WORDS), _SPACES, _LONG_WORD)
    return st.lists(token, max_size=80).map("".join)


_SIMPLE_TEXT = _text(_SIMPLE)
_ANY_TEXT = _text(_SIMPLE + _OTHER)
_PREFIXES = st.sampled_from(["", "#~ ", "#| ", "#~| ", "#" * 76])  # the last: no room left
_NAMES = st.sampled_from(["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[0]"])
_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_SETTINGS
@given(_SIMPLE_TEXT, _PREFIXES, _NAMES, st.booleans())
def test_simple_text_takes_the_regexes_and_equals_reference(
    value: str, prefix: str, name: str, wrap: bool
) -> None:
    with mock.patch.object(powrap, "possible_breaks", side_effect=AssertionError("slow")):
        lines = powrap.wrap.__wrapped__(prefix, name, value, wrap)
    assert list(lines) == wrap_reference(prefix, name, value, wrap)


@_SETTINGS
@given(_ANY_TEXT, _PREFIXES, _NAMES, st.booleans())
def test_wrap_equals_reference(value: str, prefix: str, name: str, wrap: bool) -> None:
    reference = wrap_reference(prefix, name, value, wrap)
    assert powrap.wrap(prefix, name, value, wrap, "") == tuple(reference)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _ANY_TEXT
    | st.from_regex(r"([a-z %{}().\-]|%[-+ #0]*[0-9]*[sdif%]|\{[a-z0-9]*\})*", fullmatch=True),
    _PREFIXES,
    st.booleans(),
    st.sampled_from(["c", "python", "python-brace", "java", ""]),
)
def test_wrap_equals_reference_with_format_languages(
    value: str, prefix: str, wrap: bool, language: str
) -> None:
    # Directives (c, python) must stay whole.
    assert powrap.wrap(prefix, "msgid", value, wrap, language) == tuple(
        wrap_reference(prefix, "msgid", value, wrap, language)
    )


def test_edge_cases() -> None:
    cases = [
        "",
        "\n",
        "\n\n",
        "a\n",
        "a\nb",
        " ",
        "   ",
        " x",
        "x ",
        "\\",
        "\\\\" * 60,
        "a" * 77,
        "a" * 78,
        "a" * 200,
        "word " * 40,
        "word  " * 40,
        "a -b" * 30,
        ("x" * 70 + " \n") * 3,
        ("x" * 69 + " \\\n"),
        '"' * 100,
        "a\u2014" * 50,
        "a\u00b4" * 50,
        "1 000 000 " * 12,
        "( a ) [ b ] { c } ! ? , . ; :" * 4,
        "\u00a0".join(["woord"] * 30),
        "http://example.org/" + "pad/" * 30,
    ]
    for value in cases:
        # Long prefixes leave (almost) no room: the name alone overflows the line.
        for prefix in ("", "#~ ", "#| ", "#~| ", "#" * 70, "#" * 76, "#" * 80):
            for name in ("msgid", "msgstr[0]"):
                for wrap in (True, False):
                    lines = powrap.wrap(prefix, name, value, wrap)
                    assert list(lines) == wrap_reference(prefix, name, value, wrap), value


def test_typical_text_takes_the_regexes(tmp_path: Path) -> None:
    """Dutch text with dashes, curly quotes and accents is wrapped without
    `possible_breaks` (character by character, slow), into the lines msgcat writes."""
    text = (
        "Jeroen de Baaij is een onderzoeker om in de gaten te houden \u2013 zo\u2019n "
        "idee\u00ebn, caf\u00e9\u2019s en \u201cNMDA-receptoren\u201d (50%)\u2026\n"
    ) * 5
    with mock.patch.object(powrap, "possible_breaks", side_effect=AssertionError("slow")):
        lines = list(powrap.wrap.__wrapped__("", "msgid", text, True))
    path = tmp_path / "typical.po"
    path.write_text(po.generate_po(_one_message(text)), encoding="utf-8")
    entry = msgcat(path).split("\n\n")[1]
    assert lines == entry[: entry.index("\nmsgstr ")].split("\n")


# ---------------------------------------------------------------- whole catalogs


@contextmanager
def _reference_writer() -> Iterator[None]:
    """`generate_po` with the reference wrapping and no memoisation anywhere."""
    with (
        mock.patch.object(powrite, "wrap", wrap_reference),
        mock.patch.object(powrite, "_flag_line", powrite._flag_line.__wrapped__),
        mock.patch.object(powrite, "_string_language", powrite._string_language.__wrapped__),
    ):
        yield


def _reference_po(catalog: Catalog) -> str:
    with _reference_writer():
        return po.generate_po(catalog)


_FLAGS = st.sets(
    st.sampled_from(
        [
            "fuzzy",
            "no-wrap",
            "c-format",
            "no-c-format",
            "python-format",
            "python-brace-format",
            "java-format",
            "range: 1..5",
            "ignore-same",
        ]
    ),
    max_size=3,
)


@st.composite
def catalogs(draw: st.DrawFn) -> Catalog:
    catalog = Catalog(
        locale="nl",
        fuzzy=draw(st.booleans()),
        project="Nieuwsbrief",
        version=draw(_SIMPLE_TEXT),
        creation_date=datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC),
    )
    text = _SIMPLE_TEXT | _ANY_TEXT
    for obsolete in (False, True):
        for _ in range(draw(st.integers(0, 4))):
            msgid = draw(text.filter(bool))
            plural = draw(st.none() | text)
            strings = [draw(text) for _ in range(1 if plural is None else 2)]
            context = draw(st.none() | text)
            message = Message(
                msgid if plural is None else (msgid, plural),
                strings[0] if plural is None else tuple(strings),
                context=context,
            )
            message.flags = draw(_FLAGS)
            message.auto_comments = draw(
                st.lists(st.sampled_from(["title", "paragraph"]), max_size=1)
            )
            message.locations = draw(
                st.lists(
                    st.tuples(st.sampled_from(_WORDS[:4]), st.none() | st.integers(0, 9999)),
                    max_size=3,
                    unique=True,
                )
            )
            message.previous_id = draw(st.lists(text, max_size=2))
            message.previous_context = (  # type: ignore[attr-defined]
                draw(st.none() | text) if message.previous_id else None
            )
            key = catalog._key_for(message.id, context)
            if key not in catalog._messages and key not in catalog.obsolete:
                (catalog.obsolete if obsolete else catalog._messages)[key] = message
    return catalog


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogs())
def test_generate_po_equals_reference(catalog: Catalog) -> None:
    assert po.generate_po(catalog) == _reference_po(catalog)


def test_corpus_equals_reference() -> None:
    # The msgcat corpus (the files the reader accepts).
    written = 0
    for path in sorted((Path(__file__).parent / "corpus").glob("*.po")):
        try:
            catalog = po.read_po(path)
        except CatalogError:
            continue  # a file the corpus holds to be refused
        assert po.generate_po(catalog) == _reference_po(catalog), path.name
        written += 1
    assert written >= 20


# ---------------------------------------------------------------- real msgcat as the oracle

# Emoji with skin tones (LB30b: no break between an EB and its EM), wide and combining
# characters, format directives: what the wrapping rules treat specially.
_EMOJI = ["\U0001f44d", "\U0001f3fd", "\U0001f44b\U0001f3fb", "\u270a\U0001f3ff", "\U0001f600"]
_MSGCAT_TEXT = _text(_SIMPLE + _OTHER + _EMOJI) | st.from_regex(
    r"([a-z %{}().\-]|%[-+ #0]*[0-9]*[sdif%]|%\([a-z]+\)s|%<PRIuMAX>|\{[a-z0-9]*\})*",
    fullmatch=True,
)
_MSGCAT_FLAGS = st.sets(
    st.sampled_from(["c-format", "python-format", "python-brace-format", "no-wrap", "fuzzy"]),
    max_size=2,
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(_MSGCAT_TEXT.filter(bool), _MSGCAT_TEXT, _MSGCAT_FLAGS), min_size=1, max_size=40
    ),
    st.sampled_from(["", "#~ "]),
)
# Found by this test: a "#| msgid" one column too long whose only break is before a
# control character after "( " (libunistring 1.0 breaks there; we held it to one line).
@example(entries=[("aaa" + "x" * 60 + "\x01 (1.0)", "", set())], prefix="")
def test_wrapping_is_msgcats(
    tmp_path_factory: object, entries: list[tuple[str, str, set[str]]], prefix: str
) -> None:
    """Many strings in one file, written by us and rewritten by the real msgcat: equal."""
    catalog = Catalog(
        locale="nl", creation_date=datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC)
    )
    for index, (msgid, msgstr, flags) in enumerate(entries):
        message = Message(msgid, msgstr or "x", context=str(index))
        message.flags = set(flags)
        previous = [msgid[::-1]] if index % 3 == 0 else []
        message.previous_id = previous
        target = catalog.obsolete if prefix else catalog._messages
        target[(msgid, str(index))] = message
    text = po.generate_po(catalog)
    path = Path(tmp_path_factory.mktemp("wrap")) / "wrap.po"  # type: ignore[attr-defined]
    path.write_text(text, encoding="utf-8")
    assert msgcat(path) == text


def test_no_break_between_emoji_and_skin_tone() -> None:
    """UAX #14 LB30b, as msgcat 0.21 (libunistring 1.0) applies it."""
    value = "Goed gedaan " + "\U0001f44d\U0001f3fd" * 30 + " en dan \U0001f44b\U0001f3fb\U0001f44b"
    lines = po.generate_po(_one_message(value)).split("\n\n")[1].split("\n")
    for line in lines:
        assert not line.startswith('"\U0001f3fd') and not line.startswith('"\U0001f3fb'), line
    path = Path(__file__).parent / "corpus" / "ok_emoji_skin_tones.po"
    assert msgcat(path) == po.generate_po(po.read_po(path))


def _one_message(value: str) -> Catalog:
    catalog = Catalog(
        locale="nl", creation_date=datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC)
    )
    catalog.add(value, "x")
    return catalog
