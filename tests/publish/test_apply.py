"""Translations into the token tree: reviewed ones applied, the rest kept Dutch and marked."""

from __future__ import annotations

import pytest

from pipeline.errors import CatalogError
from pipeline.publish.apply import apply_translations
from pipeline.release import Entry
from pipeline.source.document import MAX_SEGMENT_CHARS, Document, markdown_parser, parse_document

SOURCE = """---
title: Magnesium en de hersenen
verbatim:
- Jeroen de Baaij
---

Een *korte* inleiding.

## Jeroen de Baaij

Een alinea die nog fuzzy is.

Een alinea zonder vertaling.

Een alinea die nieuw is.
"""
REVIEWED = {
    "Magnesium en de hersenen": Entry("Magnesium and the brain", False, 20),
    "Een *korte* inleiding.": Entry("A *short* introduction.", False, 24),
    "Jeroen de Baaij": Entry("Somebody else", False, 28),  # verbatim: never applied
    "Een alinea die nog fuzzy is.": Entry("A paragraph still fuzzy.", True, 32),
    "Een alinea zonder vertaling.": Entry("", False, 36),
    # "Een alinea die nieuw is." has no entry: the catalog was not updated yet.
}


def _document() -> Document:
    return parse_document(SOURCE, source="content/nl/x.md", slug="x")


def _html(document: Document) -> str:
    md = markdown_parser()
    return md.renderer.render(document.tokens, md.options, document.env)


def test_reviewed_translations_are_applied_and_verbatim_segments_kept() -> None:
    document = _document()
    apply_translations(document, REVIEWED, catalog_name="content/en/x.po")
    assert document.meta["title"] == "Magnesium and the brain"
    html = _html(document)
    assert "<p>A <em>short</em> introduction.</p>" in html
    assert "<h2>Jeroen de Baaij</h2>" in html
    assert "Somebody else" not in html


def test_fuzzy_and_untranslated_are_problems_at_file_line() -> None:
    problems = apply_translations(_document(), REVIEWED, catalog_name="content/en/x.po")
    assert [str(p) for p in problems] == [
        "content/en/x.po:32: fuzzy: Een alinea die nog fuzzy is.",
        "content/en/x.po:36: untranslated: Een alinea zonder vertaling.",
        "content/nl/x.md:15: untranslated: Een alinea die nieuw is.",
    ]
    assert [(p.segment.kind, p.segment.line) for p in problems] == [
        ("paragraph", 11),
        ("paragraph", 13),
        ("paragraph", 15),
    ]


def test_the_dutch_stays_marked_for_a_draft() -> None:
    document = _document()
    apply_translations(document, REVIEWED, catalog_name="content/en/x.po")
    html = _html(document)
    assert '<p class="draft-fuzzy" lang="nl">Een alinea die nog fuzzy is.</p>' in html
    assert '<p class="draft-untranslated" lang="nl">Een alinea zonder vertaling.</p>' in html
    assert '<p class="draft-untranslated" lang="nl">Een alinea die nieuw is.</p>' in html
    assert html.count("draft-") == 3  # nothing reviewed is marked


def test_the_mark_names_the_language_shown() -> None:
    document = parse_document("A paragraph.\n", source="content/en/x.md", slug="x")
    problems = apply_translations(document, {}, catalog_name="content/nl/x.po", mark_lang="en")
    assert [p.status for p in problems] == ["untranslated"]
    assert _html(document) == '<p class="draft-untranslated" lang="en">A paragraph.</p>\n'


def test_a_fuzzy_entry_without_text_is_untranslated() -> None:
    document = parse_document("Een zin.\n", source="content/nl/x.md", slug="x")
    entry = {"Een zin.": Entry("", True, 9)}
    problems = apply_translations(document, entry, catalog_name="content/en/x.po")
    assert [str(p) for p in problems] == ["content/en/x.po:9: untranslated: Een zin."]


def test_everything_reviewed_gives_no_problem() -> None:
    document = parse_document("Een zin.\n", source="content/nl/x.md", slug="x")
    entry = {"Een zin.": Entry("A sentence.", False, 9)}
    assert apply_translations(document, entry, catalog_name="content/en/x.po") == []
    assert _html(document) == "<p>A sentence.</p>\n"


def test_a_translation_too_long_is_refused_at_its_catalog_line() -> None:
    document = parse_document("Een zin.\n", source="content/nl/x.md", slug="x")
    entry = {"Een zin.": Entry("x" * (MAX_SEGMENT_CHARS + 1), False, 9)}
    with pytest.raises(CatalogError) as caught:
        apply_translations(document, entry, catalog_name="content/en/x.po")
    assert str(caught.value).startswith("content/en/x.po:9: a translation of 20,001 characters")
