"""The review sheet: both languages per segment, statuses, diffs of fuzzy entries, escaping."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from markupsafe import escape

from pipeline import po
from pipeline.catalogs import merge as catalogs
from pipeline.project import Project
from pipeline.publish.render import inline_html
from pipeline.publish.review import Row, render_review, review_rows, word_diff, write_reviews
from pipeline.source.document import Document, parse_document
from pipeline.source.load import read_source
from pipeline.source.segments import segments

from ..conftest import REPO, SEED_SLUG

TEMPLATES = REPO / "templates"


@pytest.fixture(scope="module")
def seed() -> tuple[Document, Catalog]:
    project = Project.at(REPO)
    document = read_source(project, project.source_dir / f"{SEED_SLUG}.md")
    return document, po.read_po(project.catalog_path("en", SEED_SLUG))


def sheet(
    document: Document, catalog: Catalog, findings: dict[str, list[str]] | None = None
) -> tuple[list[Row], str]:
    rows = review_rows(document, catalog, findings=findings or {})
    return rows, render_review(
        rows, document=document, lang="en", template_dir=TEMPLATES, source_lang="nl"
    )


def doc(text: str) -> Document:
    return parse_document(text, source="content/nl/t.md", slug="t")


def test_seed_sheet_shows_both_languages_for_every_segment(seed: tuple[Document, Catalog]) -> None:
    document, catalog = seed
    rows, html = sheet(document, catalog)
    found = segments(document)
    assert [row.segment for row in rows] == found
    assert html.count('<tr id="seg-') == len(found) == 25
    assert rows[0].segment.kind == "title"
    for row in rows:
        assert inline_html(row.segment.text, document.env) in html
        if row.status == "verbatim":
            assert row.english == row.segment.text
        else:
            message = catalog.get(row.segment.text)
            assert message is not None
            assert row.english == message.string
            assert str(escape(message.string)) in html
    assert [r.status for r in rows].count("verbatim") == 3
    assert {r.status for r in rows} == {"reviewed", "verbatim"}


def test_sheet_header_and_cells(seed: tuple[Document, Catalog]) -> None:
    document, catalog = seed
    _, html = sheet(document, catalog)
    assert f'href="../../en/{SEED_SLUG}.html"' in html
    assert '<h1 lang="nl">7 keer magnesium voor de hersenen</h1>' in html
    assert "Magnesium for the brain: 7 applications" in html
    assert re.search(r'class="status-reviewed"><span class="badge">reviewed</span> 22<', html)
    assert re.search(r'class="status-verbatim"><span class="badge">verbatim</span> 3<', html)
    assert html.count('lang="nl" data-label="Nederlands"') == 25
    assert html.count('lang="en" data-label="English"') == 25
    assert "@page { size: A4 landscape" in html
    assert "thead { display: table-header-group; }" in html  # header on every page
    assert "tr { break-inside: avoid;" in html
    assert "<script" not in html.lower()


def test_anchors_are_unique_and_link_to_themselves() -> None:
    document = doc("Inleiding.\n\n| Naam | Waarde |\n|---|---|\n| Een | Twee |\n")
    _, html = sheet(document, Catalog(locale="en"))
    anchors = re.findall(r'<tr id="([^"]+)"', html)
    assert anchors == ["seg-1", "seg-3", "seg-3-2", "seg-5", "seg-5-2"]
    for anchor in anchors:
        assert f'href="#{anchor}"' in html


def test_statuses() -> None:
    document = doc("Klaar.\n\nTwijfel.\n\nLeeg.\n\nOntbreekt.\n\n<https://example.org>\n")
    catalog = Catalog(locale="en")
    catalog.add("Klaar.", "Done.")
    catalog.add("Twijfel.", "Doubt.", flags=["fuzzy"])
    catalog.add("Leeg.", "", flags=["fuzzy"])
    rows, html = sheet(document, catalog)
    assert [r.status for r in rows] == [
        "reviewed",
        "fuzzy",
        "untranslated",
        "untranslated",
        "verbatim",
    ]
    assert html.count("(no translation)") == 2
    assert re.search(r'status-fuzzy"><span class="badge">fuzzy</span> 1<', html)
    assert re.search(r'status-untranslated"><span class="badge">untranslated</span> 2<', html)


def test_fuzzy_entry_shows_a_word_diff_of_the_dutch(seed: tuple[Document, Catalog]) -> None:
    document, catalog = seed
    catalog = copy.deepcopy(catalog)
    message = catalog.get("Wat is de NMDA-receptor?")
    assert message is not None
    message.flags.add("fuzzy")
    message.previous_id = ["Wat was de NMDA-receptor?"]
    rows, html = sheet(document, catalog)
    row = next(r for r in rows if r.segment.text == "Wat is de NMDA-receptor?")
    assert row.status == "fuzzy"
    assert row.diff_html == "Wat <del>was</del> <ins>is</ins> de NMDA-receptor?"
    assert "<del>was</del> <ins>is</ins>" in html
    assert sum(r.diff_html is not None for r in rows) == 1


def test_word_diff() -> None:
    assert word_diff("a b c", "a b c") == "a b c"
    assert word_diff("Kan leiden.", "Kan leiden!") == "Kan leiden<del>.</del><ins>!</ins>"
    assert word_diff("een twee", "een drie vier twee") == "een <ins>drie vier</ins> twee"
    assert word_diff("x <b>", "x <i>") == "x &lt;<del>b</del><ins>i</ins>&gt;"


def test_html_in_sources_translations_and_findings_is_escaped() -> None:
    document = doc("Let op <script>alert(1)</script> en **vet**.\n")
    text = "Let op <script>alert(1)</script> en **vet**."
    catalog = Catalog(locale="en")
    catalog.add(
        text,
        "Mind <script>alert(2)</script> {{ 7 * 7 }} {% raw %} and **bold**.",
        flags=["fuzzy"],
        previous_id=["Let op <script>x</script>"],
    )
    _, html = sheet(document, catalog, {text: ["<img src=x onerror=alert(3)> & more"]})
    assert "<script" not in html.lower() and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7 * 7 }} {% raw %}" in html  # data, never a template
    assert "<strong>vet</strong>" in html and "<strong>bold</strong>" in html
    assert "&lt;img src=x onerror=alert(3)&gt; &amp; more" in html


def test_findings_are_on_their_row(seed: tuple[Document, Catalog]) -> None:
    document, catalog = seed
    _, html = sheet(document, catalog, {"Wat is de NMDA-receptor?": ["term: use 'NMDA receptor'"]})
    row_html = html.split('<tr id="seg-15"')[1].split("</tr>")[0]
    assert "<li>term: use &#39;NMDA receptor&#39;</li>" in row_html
    assert html.count('class="findings"') == 1


def test_render_is_deterministic(seed: tuple[Document, Catalog]) -> None:
    document, catalog = seed
    assert sheet(document, catalog)[1] == sheet(document, catalog)[1]


def test_write_reviews_publishes_every_article(project: Path) -> None:
    root = Project.at(project)
    out = root.root / "build" / "review" / "en"
    out.mkdir(parents=True)
    (out / "gone.html").write_text("old")
    (root.catalog_path("en", SEED_SLUG)).unlink()  # no catalog yet: all untranslated
    (root.source_dir / "b.md").write_text("# Kop\n\nTekst.\n", encoding="utf-8")
    findings = {"Tekst.": ["check me"]}
    written = write_reviews(root, "en", findings_for=lambda slug: findings if slug == "b" else {})
    assert written == [out / f"{SEED_SLUG}.html", out / "b.html"]
    assert sorted(p.name for p in out.iterdir()) == [f"{SEED_SLUG}.html", "b.html", "fonts"]
    assert (out / "fonts" / "SourceSerif4-Regular.woff2").is_file()  # the sheets link it
    first = {p: p.read_bytes() for p in written}
    assert b"check me" in first[out / "b.html"]
    assert first[written[0]].count(b'<tr id="seg-') == 25
    assert write_reviews(root, "en") and written[0].read_bytes() == first[written[0]]


def test_the_sheet_adds_no_strings_to_the_templates_catalog() -> None:
    pot = catalogs.ui_template(TEMPLATES, "templates", date=catalogs.creation_date())
    assert not [m for m in pot if any("review" in path for path, _ in m.locations)]
