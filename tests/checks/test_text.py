"""The checks' shortcuts and caches change no finding: each equals the plain computation.

``pipeline.checktext`` reads each string once and remembers it; ``Glossary.missing`` skips
searches that cannot match. Each test here holds one of them against the straightforward
code it replaced (kept below as the oracle), on random Markdown, numbers, URLs and terms.
"""

from __future__ import annotations

import re
import string
import sys
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import pytest
from babel.messages.catalog import Catalog
from babel.numbers import get_decimal_symbol, get_group_symbol
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pipeline.checks import glossary
from pipeline.checks import text as checktext
from pipeline.checks.glossary import Glossary, GlossaryTerm, load_glossary
from pipeline.checks.rules import check_catalog
from pipeline.source.document import markdown_parser, parse_inline

from ..conftest import REPO

GLOSSARY = load_glossary(REPO / "content" / "glossary.csv")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- random texts

#: Pieces that start, end or look like Markdown, numbers, addresses and placeholders.
FRAGMENTS = [
    "magnesium",
    "De",
    "de",
    "van",
    "Baaij",
    "NMDA",
    "zeven",
    "het",
    "is",
    "een",
    "EN",
    "hersenvocht",
    "Hersenvocht",
    "magnesiumtekorten",
    "cerebrospinal fluid",
    "deficiencies",
    "serum magnesium levels",
    "serumgehalte",
    "İ",
    "ı",
    "ſ",
    "K",
    "é",
    "’",
    "'",
    "ë",
    "Σ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "    ",
    "\r",
    "\x00",
    "\u200b",
    "\u00a0",
    "\u202f",
    "*",
    "**",
    "_",
    "`",
    "``",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "]:",
    "][",
    "<",
    ">",
    "#",
    "# ",
    "## ",
    "- ",
    "+ ",
    "* ",
    "> ",
    "1. ",
    "1986. ",
    "2) ",
    "---",
    "===",
    "|",
    "| a | b |\n|---|---|",
    "```",
    "~~~",
    ":",
    ";",
    ".",
    ",",
    "!",
    "?",
    "...",
    "…",
    "&amp;",
    "&",
    "@",
    "%",
    "%s",
    "%(name)s",
    "%d",
    "{",
    "}",
    "~",
    "=",
    "^",
    "$",
    "0",
    "1",
    "7",
    "12",
    "2.7",
    "2,7",
    "1.000",
    "1,000",
    "10.000,5",
    "1 000",
    "3’000",
    "https://example.org/a",
    "http://x.nl/p?q=1).",
    "www.natura.nl",
    "ftp://f.org/x",
    "info@natura.nl",
    "javascript:alert(1)",
    "data:text/html,x",
    "//evil.example",
    "[dit](https://example.org)",
    "![beeld](/img.png)",
    "<https://a.nl>",
    "[a]: /ref",
    "(zie https://natura.nl/x).",
    "‘www.natura.nl’ ",
    "info@natura.nl”",
    "http://a.nl/b)]'",
]
fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join)
texts = st.one_of(
    fragments,
    st.text(alphabet="ab1.,* _[]()!<>#`\\-:\n@/%~&|İıſK’", max_size=30),
    st.text(alphabet="ab " + string.punctuation, max_size=8),
    st.text(max_size=20),
)


# ---------------------------------------------------------------- the plain computations

_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"]+|www\.[^\s<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MARKS = {"em_open": "emphasis", "strong_open": "strong emphasis", "hardbreak": "hard line break"}
_PARTICLES = frozenset("de van der den ten ter te von et la le du di da del della dos y".split())


def old_prose(text: str, *, urls: bool = False) -> str:
    parts: list[str] = []
    for token in parse_inline(text, {}):
        if token.type == "text":
            parts.append(token.content)
        elif token.type == "image":
            parts.append(token.content)
        elif token.type in ("code_inline", "softbreak", "hardbreak"):
            parts.append(" ")
    prose = "".join(parts)
    if urls:
        return prose
    # an address goes, the punctuation after it stays (a sentence's full stop)
    without = _URL.sub(lambda m: " " + m[0][len(m[0].rstrip(".,;:!?)]'’”")) :], prose)
    return _NAMED_PLACEHOLDER.sub(" ", without)


def old_inline_marks(text: str) -> Counter[str]:
    marks: Counter[str] = Counter()
    for token in parse_inline(text, {}):
        kind = _MARKS.get(token.type)
        if token.type == "link_open":
            kind = f"link to {token.attrGet('href')!r}"
        elif token.type == "image":
            kind = f"image {token.attrGet('src')!r}"
        elif token.type == "code_inline":
            kind = f"code span `{token.content}`"
        if kind:
            marks[kind] += 1
    return marks


def old_urls_in(prose: str) -> list[str]:
    return [u.rstrip(".,;:!?)]'’”") for u in _URL.findall(prose)]


def old_blocks(text: str) -> list[tuple[str, str]]:
    return [
        (t.type.removesuffix("_open"), t.markup)
        for t in markdown_parser().parse(text, {})
        if t.nesting == 1 or (t.nesting == 0 and t.type != "inline")
    ]


def old_number_values(prose: str, lang: str, fallback: str | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for text in re.findall(r"\d+(?:[.,\u00a0\u202f’']\d+)*", prose):
        value = old_read_number(text, lang)
        if value is None and fallback is not None:
            value = old_read_number(text, fallback)
        found += (
            [(text, value)] if value is not None else [(text, v) for v in re.findall(r"\d+", text)]
        )
    return found


def old_read_number(text: str, lang: str) -> str | None:
    group, decimal = re.escape(get_group_symbol(lang)), re.escape(get_decimal_symbol(lang))
    match = re.fullmatch(rf"(\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(\d+))?", text)
    if match is None:
        return None
    whole = re.sub(r"\D", "", match.group(1))
    return whole + ("." + match.group(2) if match.group(2) else "")


def old_words(prose: str) -> list[str]:
    words = [w for w in _WORD.findall(prose) if not (len(w) > 1 and w.isupper())]
    kept = []
    for i, word in enumerate(words):
        if word in _PARTICLES:
            following = next((w for w in words[i + 1 :] if w not in _PARTICLES), "")
            if following[:1].isupper() and following[1:2].islower():
                continue
        kept.append(word)
    return kept


@lru_cache(maxsize=1)
def _any_link_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def old_link_targets(text: str) -> Iterator[str]:
    if "](" not in text and "<" not in text and "]:" not in text and "][" not in text:
        return
    for block in _any_link_parser().parse(text, {}):
        for token in block.children or []:
            if token.type in ("link_open", "image"):
                yield str(token.attrGet("href") or token.attrGet("src") or "")


def old_missing(terms: Glossary, source: str, translation: str) -> list[tuple[str, GlossaryTerm]]:
    result: list[tuple[str, GlossaryTerm]] = []
    for term in terms.terms:
        found = next((m for nl in term.source if (m := glossary._dutch(nl).search(source))), None)
        if found and not any(glossary._target(en, "en").search(translation) for en in term.target):
            result.append((found.group(), term))
    return result


# ---------------------------------------------------------------- each shortcut holds


@SETTINGS
@given(texts)
@example("*nadruk* en **vet**")
@example("_nadruk_ en __vet__")
@example("a `b` c")
@example("a  \nb\\\nc")
@example("&amp; &#42; \\*")
@example("<https://a.nl> <b@c.nl>")
@example("Zie ‘https://natura.nl/x’ en *www.natura.nl*, of info@natura.nl”.")
@example("[dit](https://example.org) ![beeld](/b.png) `code` **vet**  \nregel %(naam)s")
def test_inline_equals_parsing_once_per_question(text: str) -> None:
    for read in (checktext.inline(text), checktext.inline.__wrapped__(text)):
        assert read.prose == old_prose(text)
        assert dict(read.marks) == dict(old_inline_marks(text))
        assert list(read.urls) == old_urls_in(old_prose(text, urls=True))


@SETTINGS
@given(
    st.one_of(
        texts,
        st.lists(
            st.sampled_from(
                ["Magnesium", "de hersenen", "3 keer", "1986", ". ", ") ", "\n", "- ", "2"]
            ),
            max_size=6,
        ).map("".join),
    )
)
def test_blocks_equal_a_full_parse(text: str) -> None:
    expected = old_blocks(text)
    assert list(checktext.blocks(text)) == expected
    assert list(checktext.blocks.__wrapped__(text)) == expected


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "12",
                "123",
                "1234",
                "0",
                "٣",
                "²",
                ".",
                ",",
                "\u00a0",
                "\u202f",
                "’",
                "'",
                " ",
                "a",
                "-",
            ]
        ),
        max_size=14,
    ).map("".join),
    st.sampled_from(["nl", "en", "de", "fr", "de_CH"]),
    st.sampled_from([None, "nl", "en", "fr"]),
)
def test_number_values_equal_reading_the_locale_each_time(
    prose: str, lang: str, fallback: str | None
) -> None:
    assert list(checktext.number_values(prose, lang, fallback)) == old_number_values(
        prose, lang, fallback
    )
    assert list(checktext.number_values.__wrapped__(prose, lang, fallback)) == old_number_values(
        prose, lang, fallback
    )


@SETTINGS
@given(
    st.one_of(
        texts,
        st.lists(
            st.sampled_from(
                ["de", "van", "der", "te", "Baaij", "NMDA", "Gogh", "het", "De", "A", "y", " ", "-"]
            ),
            max_size=12,
        ).map(" ".join),
    )
)
def test_words_equal_the_plain_scan(prose: str) -> None:
    assert list(checktext.words(prose)) == old_words(prose)
    assert list(checktext.words.__wrapped__(prose)) == old_words(prose)


@SETTINGS
@given(texts)
def test_link_targets_equal_the_plain_scan(text: str) -> None:
    assert list(checktext.link_targets(text)) == list(old_link_targets(text))


# ---------------------------------------------------------------- the glossary's shortcut

_ALL_CHARACTERS = "".join(map(chr, range(sys.maxunicode + 1)))


def test_fold_keeps_every_case_insensitive_match_of_an_ascii_character_in_place() -> None:
    """The premise of ``Glossary.missing``: a term matches at i only where its folded start is."""
    folded = glossary._fold(_ALL_CHARACTERS)
    assert len(folded) == len(_ALL_CHARACTERS)  # one character for one
    for char in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
        literal = re.compile(re.escape(char), re.IGNORECASE)
        for match in literal.finditer(_ALL_CHARACTERS):
            assert folded[match.start()] == char.lower(), (char, match.group())


#: Terms whose first words fold in every way ``_fold`` knows (İ, ı, ſ, K, ’) or start with no
#: ASCII letter, and English words whose pattern drops a y (deficiency: deficiencies).
TERMS = [
    "magnesium",
    "magnesiumtekort",
    "NMDA-receptor",
    "serum … gehalte",
    "İlaç",
    "ıl",
    "ſerum",
    "Kalium",
    "o'neill",
    "dubbelblinde, placebo",
    "ëlf",
    "2 keer",
    "_x",
    "(a)",
    "deficiency",
    "magnesium deficiency",
    "key",
    "NMDA receptor",
    "serum … level",
    "study",
    "levy",
    "ſtudy",
]
term_texts = st.lists(
    st.sampled_from(
        TERMS
        + [
            "magnesiumtekorten",
            "MAGNESIUM",
            "deficiencies",
            "keys",
            "nmda-receptoren",
            "levies",
            "serum magnesium levels",
            "İLAÇ",
            "ilaç",
            "IL",
            "Il",
            "il",
            "serum",
            "SERUM",
            "kalium",
            "KALIUM",
            "O’Neill",
            "studies",
            "STUDIES",
            "x",
            " ",
            " ",
            "-",
            ",",
            "’",
            "ab",
        ]
    ),
    max_size=10,
).map("".join)
terms = st.one_of(
    st.sampled_from(TERMS),
    st.lists(
        st.sampled_from(
            ["magnesium", "Tekort", "NMDA", "-", " ", "…", "ıl", "ſ", "K", "'", "ë", "2", ",", "("]
        ),
        min_size=1,
        max_size=4,
    )
    .map("".join)
    .filter(lambda t: bool(t.strip())),
)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.lists(terms, min_size=1, max_size=2), st.lists(terms, min_size=1, max_size=2)),
        min_size=1,
        max_size=4,
    ),
    term_texts,
    term_texts,
)
@example([(["magnesium"], ["deficiency"])], "magnesium", "deficiencies")
@example([(["ıl", "Kalium"], ["levy", "ſtudy"])], "IL", "ſtudies levies")
@example([(["İlaç"], ["key"])], "ilaç", "KEYS")
@example([(["ſerum … gehalte"], ["serum … level"])], "SERUM x gehalten", "ſerum a b levels")
def test_missing_equals_searching_every_term(
    rows: list[tuple[list[str], list[str]]], source: str, translation: str
) -> None:
    terminology = Glossary(
        terms=tuple(
            GlossaryTerm(tuple(nl), tuple(en), "", line)
            for line, (nl, en) in enumerate(rows, start=2)
        )
    )
    assert terminology.missing(source, translation) == old_missing(terminology, source, translation)


@SETTINGS
@given(term_texts, term_texts)
def test_missing_equals_searching_every_term_of_the_shipped_glossary(
    source: str, translation: str
) -> None:
    for text in (source, old_prose(source)):
        assert GLOSSARY.missing(text, translation) == old_missing(GLOSSARY, text, translation)


# ---------------------------------------------------------------- caches change nothing


def _clear_caches() -> None:
    for helper in (
        checktext.inline,
        checktext.blocks,
        checktext.number_values,
        checktext.words,
        checktext.link_targets,
        checktext.number_pattern,
    ):
        helper.cache_clear()
    glossary._MATCHERS.clear()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts.filter(bool), texts), min_size=1, max_size=5))
def test_a_catalog_checked_again_warm_is_checked_the_same(entries: list[tuple[str, str]]) -> None:
    catalog = Catalog(locale="en")
    for msgid, msgstr in entries:
        catalog.add(msgid, msgstr)

    def findings() -> list[tuple[str, str, str, str]]:
        report = check_catalog(catalog, path="t.po", glossary=GLOSSARY)
        return [(str(f), f.severity, f.check, f.msgid) for f in report.findings] + [
            ("silenced", str(report.silenced), "", "")
        ]

    _clear_caches()
    cold = findings()
    assert findings() == cold  # every helper answers from its cache now
    _clear_caches()
    assert findings() == cold


@pytest.mark.parametrize(
    "helper",
    [
        checktext.inline,
        checktext.blocks,
        checktext.number_values,
        checktext.words,
        checktext.link_targets,
    ],
)
def test_caches_are_bounded_and_hand_out_nothing_mutable(helper: object) -> None:
    assert helper.cache_info().maxsize == checktext.CACHE_SIZE  # type: ignore[attr-defined]
    marks = checktext.inline("*a*").marks
    with pytest.raises(TypeError):
        marks["emphasis"] = 2  # type: ignore[index]
