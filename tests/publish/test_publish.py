"""PDF handouts, the index page and the Atom feed of each language."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import ReleaseError
from pipeline.project import Project
from pipeline.publish import index, pdf
from pipeline.runs.handouts import build as build_handouts

from ..conftest import SEED_SLUG

ATOM = "{http://www.w3.org/2005/Atom}"
TITLES = {
    "nl": "7 keer magnesium voor de hersenen",
    "en": "Magnesium for the brain: 7 applications",
}
DATES = {"nl": "2 oktober 2019", "en": "2 October 2019"}
# The smallest valid JPEG there is (1×1 pixel), so no image library is needed.
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0"
    "000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bff"
    "c400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a10823"
    "42b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a5354555657"
    "58595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aa"
    "b2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8"
    "f9faffda0008010100003f00fbd3ffd9"
)


def _pdftotext(path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: apt-get install poppler-utils"
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, pdf.PdfReport]]:
    """The shipped project's PDFs in both languages (built once: WeasyPrint takes a moment)."""
    from ..conftest import REPO

    root = tmp_path_factory.mktemp("pdfs") / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1569974400")
        reports = {lang: pdf.build_pdfs(Project.at(root), lang) for lang in ("nl", "en")}
    return root, reports


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_has_title_date_page_numbers_and_sources(
    pdfs: tuple[Path, dict[str, pdf.PdfReport]], lang: str
) -> None:
    from pypdf import PdfReader

    root, reports = pdfs
    path = root / "build" / lang / f"{SEED_SLUG}.pdf"
    assert reports[lang].written == [f"build/{lang}/{SEED_SLUG}.pdf"]
    reader = PdfReader(io.BytesIO(path.read_bytes()), strict=True)
    pages = len(reader.pages)
    assert pages == reports[lang].pages[SEED_SLUG] >= 2
    box = reader.pages[0].mediabox  # A4 in points
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = _pdftotext(path)
    # Words, not lines: how the title wraps is the layout's business.
    words = " ".join(text.split())
    assert words.startswith(TITLES[lang]) and DATES[lang] in words[:300]
    footer = {"nl": "Pagina {} van {}", "en": "Page {} of {}"}[lang]
    for number in range(1, pages + 1):
        assert footer.format(number, pages) in text
    # The sources come last: after their heading, only the citation, the link and a footer.
    sources = {"nl": "Bronnen", "en": "Sources"}[lang]
    tail = text[text.rindex(sources) :]
    assert "Physiological Reviews" in tail and "radboudumc.nl/Research" in tail
    assert "Parkinson" not in tail


def test_missing_image_is_left_out_with_a_warning(
    pdfs: tuple[Path, dict[str, pdf.PdfReport]],
) -> None:
    _, reports = pdfs
    for report in reports.values():
        assert len(report.warnings) == 1
        warning = report.warnings[0]
        assert warning.startswith(f"content/nl/{SEED_SLUG}.md:4: image ")
        assert "7-keer-magnesium-voor-de-hersenen-1570002347.jpg" in warning


def test_image_is_printed_when_its_file_exists(project: Path) -> None:
    from pypdf import PdfReader

    images = project / "content" / "images"
    images.mkdir()
    (images / "7-keer-magnesium-voor-de-hersenen-1570002347.jpg").write_bytes(TINY_JPEG)
    report = pdf.build_pdfs(Project.at(project), "en")
    assert report.warnings == []
    reader = PdfReader(project / "build" / "en" / f"{SEED_SLUG}.pdf")
    assert len(reader.pages[0].images) == 1


def test_pdf_bytes_are_reproducible(
    pdfs: tuple[Path, dict[str, pdf.PdfReport]], project: Path
) -> None:
    root, _ = pdfs
    pdf.build_pdfs(Project.at(project), "en")
    again = (project / "build" / "en" / f"{SEED_SLUG}.pdf").read_bytes()
    assert again == (root / "build" / "en" / f"{SEED_SLUG}.pdf").read_bytes()


def test_pdf_holds_back_unreviewed_text_unless_draft(project: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgid "2. Depressie"', '#, fuzzy\nmsgid "2. Depressie"'
        ),
        encoding="utf-8",
    )
    held = pdf.build_pdfs(Project.at(project), "en")
    assert held.pages == {} and not (project / "build" / "en").exists()
    line = _line(po, 'msgid "2. Depressie"')
    assert [w for w in held.warnings if "held-back" in w] == [
        f"content/en/{SEED_SLUG}.po:{line}: held-back:"
        f" {SEED_SLUG}: 1 segment(s), 2 word(s) to translate or review"
        " (saved as needs work); no PDF"
    ]
    report = pdf.build_pdfs(Project.at(project), "en", draft=True)
    assert report.pages[SEED_SLUG] >= 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_index_lists_articles_and_issues_newest_first(project: Path, lang: str) -> None:
    older = project / "content" / "nl" / "ouder-artikel.md"
    older.write_text(
        "---\ntitle: Ouder artikel\ndate: 2018-05-01\n---\n\nEen alinea.\n", encoding="utf-8"
    )
    outputs = index.build_index(Project.at(project), lang, draft=True)
    html = outputs["index.html"].decode()
    other = "en" if lang == "nl" else "nl"
    assert f'<html lang="{lang}">' in html
    assert f'hreflang="{other}" href="../{other}/index.html"' in html
    assert html.index(f'href="{SEED_SLUG}.html"') < html.index('href="ouder-artikel.html"')
    assert 'href="newsletter/2019-10.html"' in html
    assert DATES[lang] in html and {"nl": "1 mei 2018", "en": "1 May 2018"}[lang] in html
    assert TITLES[lang] in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_feed_is_atom_with_its_language(project: Path, lang: str) -> None:
    root = Project.at(project)
    written = build_handouts(root, lang).written
    assert {f"build/{lang}/index.html", f"build/{lang}/feed.xml"} <= set(written)
    feed = ET.fromstring((project / "build" / lang / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip()
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith("https://")
        assert f"/{lang}/" in link.get("href", "")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert TITLES[lang] in titles
    # Same sources, same bytes: the feed's date is the newest entry's, not the clock's.
    before = (project / "build" / lang / "feed.xml").read_bytes()
    (project / "build" / lang / "feed.xml").unlink()  # made again, the same
    build_handouts(root, lang)
    assert (project / "build" / lang / "feed.xml").read_bytes() == before


def test_index_leaves_out_an_issue_not_reviewed_unless_draft(project: Path) -> None:
    po = project / "content" / "en" / "newsletters" / "2019-10.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgid "Magnesium en de hersenen', '#, fuzzy\nmsgid "Magnesium en de hersenen'
        ),
        encoding="utf-8",
    )
    # A release does not list the issue (it is not built in English); a draft does.
    html = index.build_index(Project.at(project), "en")["index.html"].decode()
    assert "newsletter/2019-10.html" not in html and f"{SEED_SLUG}.html" in html
    html = index.build_index(Project.at(project), "en", draft=True)["index.html"].decode()
    assert "Magnesium en de hersenen" in html


def _set_template_translation(
    project: Path, msgid: str, msgstr: str, *, fuzzy: bool = False
) -> int:
    """Change one entry of ``content/en/_templates.po``; the line of its ``msgid``."""
    po = project / "content" / "en" / "_templates.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgid "{msgid}"')
    assert lines[at + 1].startswith("msgstr ")
    lines[at + 1] = f"msgstr {msgstr}"
    if fuzzy:
        lines.insert(at, "#, fuzzy")
        at += 1
    po.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_index_and_feed_words_are_translated(project: Path, lang: str) -> None:
    outputs = index.build_index(Project.at(project), lang)
    html = outputs["index.html"].decode()
    words = {
        "nl": (
            "Nieuwsbrief Natura Foundation",
            "Artikelen",
            "Nieuwsbrieven",
            "Deze pagina in het Engels",
        ),
        "en": ("Natura Foundation newsletter", "Articles", "Newsletters", "This page in Dutch"),
    }[lang]
    assert f"<title>{words[0]}</title>" in html and f"<h1>{words[0]}</h1>" in html
    assert f"<h2>{words[1]}</h2>" in html and f"<h2>{words[2]}</h2>" in html
    assert f'hreflang="{"en" if lang == "nl" else "nl"}">{words[3]}</a>' in html
    feed = ET.fromstring(outputs["feed.xml"])
    assert feed.findtext(f"{ATOM}title") == words[0]
    assert feed.findtext(f"{ATOM}subtitle") == f"{words[1]} · {words[2]}"
    labels = {c.get("term"): c.get("label") for c in feed.iter(f"{ATOM}category")}
    assert labels == {"article": words[1], "newsletter": words[2]}


def test_index_refuses_a_fuzzy_template_word_unless_draft(project: Path) -> None:
    line = _set_template_translation(project, "Artikelen", '"Articles"', fuzzy=True)
    with pytest.raises(ReleaseError) as caught:
        index.build_index(Project.at(project), "en")
    assert caught.value.problems == [f"content/en/_templates.po:{line}: fuzzy: Artikelen"]
    outputs = index.build_index(Project.at(project), "en", draft=True)
    assert "<h2>Artikelen</h2>" in outputs["index.html"].decode()
    assert b'label="Artikelen"' in outputs["feed.xml"]


def test_pdf_page_footer_is_a_reviewed_template_string(project: Path) -> None:
    line = _set_template_translation(project, "Pagina %(page)s van %(pages)s", '""')
    with pytest.raises(ReleaseError) as caught:
        pdf.build_pdfs(Project.at(project), "en")
    assert caught.value.problems == [
        f"content/en/_templates.po:{line}: untranslated: Pagina %(page)s van %(pages)s"
    ]
    assert not (project / "build" / "en").exists()
    report = pdf.build_pdfs(Project.at(project), "en", draft=True)
    text = _pdftotext(project / "build" / "en" / f"{SEED_SLUG}.pdf")
    assert f"Pagina 1 van {report.pages[SEED_SLUG]}" in text


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ("Page %(page)s of %(pages)s", ["Page ", "page", " of ", "pages"]),
        ("%(pages)s:%(page)s", ["pages", ":", "page"]),
        (
            'Page "%(page)s" \\ pagepages; } %(pages)s',
            ['Page "', "page", '" \\ pagepages; } ', "pages"],
        ),
        ("Page\n%(page)s\t%(pages)s", ["Page\n", "page", "\t", "pages"]),
    ],
)
def test_page_footer_is_escaped_for_css(
    project: Path, translation: str, expected: list[str]
) -> None:
    import tinycss2

    from pipeline import po
    from pipeline.publish.ui import ui_strings

    po_path = project / "content" / "en" / "_templates.po"
    catalog = po.read_po(po_path)
    catalog["Pagina %(page)s van %(pages)s"].string = translation
    po.write_po(po_path, catalog)
    root = Project.at(project)
    ui = ui_strings(root, "en")
    css = pdf.print_css(pdf.environment(root, ui))
    assert not ui.missing

    def rules(content: list[Any]) -> list[Any]:
        return list(
            tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
        )

    page = next(
        r
        for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        if r.type == "at-rule"
        and r.lower_at_keyword == "page"
        and r.content
        and not tinycss2.serialize(r.prelude).strip()
    )
    bottom = next(
        r
        for r in rules(page.content)
        if r.type == "at-rule" and r.lower_at_keyword == "bottom-center"
    )
    value = next(
        d for d in rules(bottom.content) if d.type == "declaration" and d.lower_name == "content"
    ).value
    read = [
        t.value if t.type == "string" else t.arguments[0].value
        for t in value
        if t.type in ("string", "function")
    ]
    assert all(t.type in ("string", "function", "whitespace") for t in value)
    assert all(t.name == "counter" for t in value if t.type == "function")
    assert read == expected


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)
