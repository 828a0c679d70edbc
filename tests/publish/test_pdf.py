"""pipeline/publish/pdf.py: print-ready PDF handouts."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import ReleaseError
from pipeline.project import Project
from pipeline.publish import pdf

from ..conftest import SEED_SLUG
from .test_index import DATES, TITLES, set_template_translation

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


def test_pdf_page_footer_is_a_reviewed_template_string(project: Path) -> None:
    line = set_template_translation(project, "Pagina %(page)s van %(pages)s", '""')
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
