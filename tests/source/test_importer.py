"""Tests for pipeline.importer: goldens, word preservation, escaping, errors, front matter."""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pipeline.errors import SourceError
from pipeline.source.importer import (
    ImportedArticle,
    escape_heading,
    escape_text,
    import_text,
    slugify,
    write_article,
)

from ..conftest import FIXTURE_CASE, TESTS

FIXTURES = TESTS / "importer"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.txt"))
MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def _read(name: str, ext: str) -> str:
    return (FIXTURES / f"{name}.{ext}").read_text(encoding="utf-8")


def _split(markdown: str) -> tuple[dict[str, object], str]:
    """Front matter (parsed) and body of an imported Markdown file."""
    match = re.fullmatch(r"---\n(.*?)---\n\n(.*)", markdown, re.S)
    assert match, "front matter block missing"
    return yaml.safe_load(match.group(1)), match.group(2)


def _source_words(text: str) -> Counter[str]:
    """Words of a scraped text minus crumb, date line (date, repeated title) and bare title line."""
    lines = [
        " ".join(unicodedata.normalize("NFC", line).replace("\xa0", " ").split())
        for line in text.splitlines()
    ]
    lines = [line for line in lines if line]
    dated = any(line.startswith("Gepubliceerd op") for line in lines[:3])
    if lines[0].startswith("«") or not dated:
        lines = lines[1:]
    lines = [line for line in lines if not line.startswith("Gepubliceerd op")]
    words = " ".join(re.sub(r"^(?:[•·] ?|[-*–] )", "", line) for line in lines).split()
    return Counter(re.sub(r"https?://", "", w) for w in words)


def _rendered_words(markdown: str) -> Counter[str]:
    """Words a reader sees: rendered body text, ordered-list numbers, and the image name."""
    meta, body = _split(markdown)
    parts: list[str] = [str(meta["image"])] if "image" in meta else []
    for token in MD.parse(body):
        if token.type == "list_item_open" and token.info:
            parts.append(token.info + token.markup)
        elif token.type == "inline":
            parts.append(
                "".join(
                    c.content for c in token.children or [] if c.type in ("text", "code_inline")
                )
            )
    return Counter(re.sub(r"https?://", "", w) for w in " ".join(parts).split())


def _visible(rendered_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", rendered_html)).strip()


@FIXTURE_CASE
@pytest.mark.parametrize("name", NAMES)
def test_golden(name: str) -> None:
    article = import_text(_read(name, "txt"), filename=f"{name}.txt")
    assert article.markdown == _read(name, "md")


@pytest.mark.parametrize("name", NAMES)
def test_every_word_survives(name: str) -> None:
    text = _read(name, "txt")
    assert _rendered_words(import_text(text, filename=name).markdown) == _source_words(text)


@pytest.mark.parametrize("name", NAMES)
def test_front_matter_reads_back_and_import_is_deterministic(name: str) -> None:
    text = _read(name, "txt")
    first = import_text(text, filename=name)
    assert import_text(text, filename=name).markdown.encode() == first.markdown.encode()
    assert first.markdown.endswith("\n") and not first.markdown.endswith("\n\n")
    meta, body = _split(first.markdown)
    assert list(meta)[0] == "title" and slugify(str(meta["title"])) == first.slug
    assert f"## {meta['title']}\n" not in body


def test_seed_front_matter() -> None:
    meta, _ = _split(import_text(_read("seed", "txt"), filename="seed.txt").markdown)
    assert meta == {
        "title": "7 keer magnesium voor de hersenen",
        "date": datetime.date(2019, 10, 2),
        "image": "7-keer-magnesium-voor-de-hersenen-1570002347.jpg",
        "verbatim": ["Jeroen de Baaij"],
        "verbatim_sections": ["Bronnen"],
    }


@pytest.mark.parametrize(
    "title",
    [
        "2019-10-02",
        "12",
        "1.5",
        "Ja",
        "null",
        "Vitamine D: feit of fictie",
        "#1 tip",
        "- lijst",
        "'Gezond' eten",
        "Zink & co",
        "Magnesium? Ja!",
        "[1] bron",
        "Zo’n «goede» keuze",
        "{accolade}",
        "%procent",
        "@home",
    ],
)
def test_tricky_titles_read_back(title: str) -> None:
    text = f"« {title}»\n\nGepubliceerd op 01-02-2020 {title}\n\nEen gewone alinea met tekst.\n"
    meta, _ = _split(import_text(text, filename="t.txt").markdown)
    assert meta["title"] == title and meta["date"] == datetime.date(2020, 2, 1)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("7 keer magnesium voor de hersenen", "7-keer-magnesium-voor-de-hersenen"),
        ("Café-ë’s: één «Test»!", "cafe-e-s-een-test"),
        ("  --Straße & Ærø--  ", "strasse-aero"),
        ("Vitamine B12 (cobalamine)", "vitamine-b12-cobalamine"),
    ],
)
def test_slug_rules(title: str, slug: str) -> None:
    assert slugify(title) == slug


def _body(text: str) -> str:
    return _split(import_text(text, filename="t.txt").markdown)[1]


def test_write_article(tmp_path: Path) -> None:
    article = ImportedArticle(slug="abc", markdown="---\ntitle: x\n---\n\ny\n")
    path = write_article(article, tmp_path / "nl")
    assert (
        path == tmp_path / "nl" / "abc.md" and path.read_text(encoding="utf-8") == article.markdown
    )


_ALPHABET = st.one_of(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")),
    st.sampled_from(list(" *_[]()<>&#;!`\\-+.1)=~|:@/\u00a0")),
)


@settings(max_examples=500, deadline=None)
@given(st.text(_ALPHABET, min_size=1))
def test_escaping_renders_back_to_the_text(text: str) -> None:
    expected = " ".join(text.replace("\u00a0", " ").split(" ")).strip()
    expected = re.sub(" +", " ", expected)
    if not expected:
        return
    paragraph = MD.render(escape_text(text))
    assert (
        paragraph.startswith("<p>")
        and paragraph.count("<p>") == 1
        and _visible(paragraph) == expected
    )
    heading = MD.render("## " + escape_heading(text))
    assert (
        heading.startswith("<h2>") and heading.count("<h2>") == 1 and _visible(heading) == expected
    )


_SCRAPED_LINES = [
    "« Titel»",
    "Gepubliceerd op 01-02-2020 Titel",
    "• punt",
    "1. een",
    "2. twee",
    "Bronnen",
    "www.x.nl/a",
    "foto.jpg",
    "\u00a0",
]
_LINE = st.text(_ALPHABET, max_size=40) | st.sampled_from(_SCRAPED_LINES)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_any_text_imports_or_raises_source_error(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        article = import_text(text, filename="fuzz.txt")
    except SourceError as error:
        assert error.filename == "fuzz.txt" and error.lineno is not None
        return
    meta, _ = _split(article.markdown)
    assert isinstance(meta["title"], str) and article.slug
    assert import_text(text, filename="fuzz.txt") == article
