"""The segmenter: what is a segment, its kind, line and verbatim role."""

from __future__ import annotations

import pytest

from pipeline.errors import SourceError
from pipeline.source.document import normalise_inline, parse_document
from pipeline.source.segments import segments

from ..conftest import REPO, SEED_SLUG


def _segments(text: str) -> list[tuple[str, str, int, bool]]:
    document = parse_document(text, source="doc.md", slug="doc")
    return [(s.kind, s.text, s.line, s.verbatim) for s in segments(document)]


@pytest.mark.parametrize(
    ("source", "msgid"),
    [
        ("a\nb", "a b"),
        ("a \n   b", "a b"),
        ("a  \nb", "a  \nb"),
        ("a\\\n  b", "a\\\nb"),
        ("`a\nb`", "`a b`"),
        ("*a\nb*", "*a b*"),
    ],
)
def test_msgid_is_normalised_source_markup(source: str, msgid: str) -> None:
    assert normalise_inline(source) == msgid


def test_title_falls_back_to_first_heading_then_slug() -> None:
    assert parse_document("# Kop\n\ntekst\n", source="a.md", slug="a").title == "Kop"
    assert parse_document("tekst\n", source="a.md", slug="a-slug").title == "a-slug"
    meta = parse_document("---\ntitle: Voorwerk\n---\n# Kop\n", source="a.md", slug="a")
    assert meta.title == "Voorwerk"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("---\ntitle: [unclosed\n---\n", 2, "not valid YAML"),
        ("---\n- a list\n---\n", 2, "must be a mapping"),
        ("---\ntitle: T\ndate: 2019-02-31\n---\n", 3, "is not a date"),
        ("---\ntitle: T\ndate: gisteren\n---\n", 3, "is not a date"),
        ("---\ntitle: 12\n---\n", 2, "'title' must be text"),
        ("---\nverbatim: Jan\n---\n", 2, "'verbatim' must be a list"),
        ("tekst\n\nmet \x07 bel\n", 3, "control character U+0007"),
    ],
)
def test_bad_source_is_an_error_at_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_document(text, source="content/nl/a.md", slug="a")
    assert caught.value.lineno == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"content/nl/a.md:{line}: ")


def test_seed_segments() -> None:
    text = (REPO / "content" / "nl" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    found = segments(parse_document(text, source=f"content/nl/{SEED_SLUG}.md", slug=SEED_SLUG))
    kinds = [s.kind for s in found if not s.verbatim]
    assert kinds[:3] == ["title", "lead", "paragraph"]
    headings = [s.text for s in found if s.kind == "heading"]
    assert headings[:2] == ["Wat is de NMDA-receptor?", "1. Migraine"]
    assert "Bronnen" in headings
    verbatim = [s.text for s in found if s.verbatim]
    assert verbatim[0] == "Jeroen de Baaij"
    assert verbatim[1].startswith("Jeroen H. F. de Baaij, Joost G. J. Hoenderop")
    assert verbatim[2].startswith("<https://radboudumc.nl/")
    assert len(verbatim) == 3
