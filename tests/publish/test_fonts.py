"""The fonts that travel with the project: the PDFs use them alone, the pages link them."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.project import Project
from pipeline.publish import fonts
from pipeline.runs.handouts import build as build_handouts

from ..conftest import REPO, SEED_SLUG

FONTS_DIR = REPO / "templates" / "fonts"
#: The families the bundled files give (PDF font names drop the spaces).
FAMILIES = ("Source-Serif-4", "Source-Sans-3")
#: Dutch and English typography the handouts need: diaeresis, accents, typographic quotes,
#: dashes, a fraction, and what articles on health print (°, µ, ±, ×, €, …).
TYPOGRAPHY = "ëéèïöüáóú’‘“”–—½¼…°µ±×€≥≤·"
#: Text that no ``@font-face`` rule serves: code asks for a monospace face, which the
#: machine's fonts would give if WeasyPrint could see them.
CODE = "\nDe formule: `Mg2+ + ATP -> MgATP`, in code.\n"


def _pdf_in_child(root: Path, env: dict[str, str]) -> bytes:
    """``pipeline pdf --lang nl`` in a fresh process with ``env``: the Dutch PDF's bytes."""
    subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(root), "pdf", "--lang", "nl"],
        env=env,
        check=True,
        capture_output=True,
    )
    return (root / "build" / "nl" / f"{SEED_SLUG}.pdf").read_bytes()


def _project(where: Path) -> Path:
    """A copy of the project whose Dutch article also has :data:`CODE`."""
    shutil.copytree(REPO / "content", where / "content")
    shutil.copytree(REPO / "templates", where / "templates")
    with open(where / "content" / "nl" / f"{SEED_SLUG}.md", "a", encoding="utf-8") as source:
        source.write(CODE)
    return where


def test_pdf_is_byte_identical_with_no_system_fonts_and_with_the_machines(
    tmp_path: Path,
) -> None:
    # The machine's own configuration: this process set FONTCONFIG_FILE when the PDF
    # module was imported, so the child gets the environment as it was before.
    machine = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    machine["SOURCE_DATE_EPOCH"] = "1569974400"
    # A machine with no fonts at all: a configuration without a single font folder.
    empty = tmp_path / "empty-fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    bare = {**machine, "FONTCONFIG_FILE": str(empty), "XDG_DATA_HOME": str(tmp_path / "none")}
    with_fonts = _pdf_in_child(_project(tmp_path / "a"), machine)
    without = _pdf_in_child(_project(tmp_path / "b"), bare)
    assert with_fonts.startswith(b"%PDF-")
    assert with_fonts == without


def test_pdf_embeds_the_bundled_fonts_only(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from pipeline.publish import pdf

    project = _project(tmp_path / "project")
    pdf.build_pdfs(Project.at(project), "nl")
    reader = PdfReader(io.BytesIO((project / "build" / "nl" / f"{SEED_SLUG}.pdf").read_bytes()))
    embedded = {
        str(font["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert embedded, "no font in the PDF"
    assert "/CreationDate" not in (reader.metadata or {})  # no clock in the bytes
    assert all(name.startswith(FAMILIES) for name in embedded), embedded
    # The text face and the headings' face are both there.
    assert {name.split("-")[1] for name in embedded} == {"Serif", "Sans"}


def test_fontconfig_file_lists_the_bundled_folder_alone() -> None:
    conf = fonts.fontconfig_file().read_text(encoding="utf-8")
    assert re.findall(r"<dir\b[^>]*>([^<]*)</dir>", conf) == ["."]
    assert 'prefix="relative"' in conf and "<include" not in conf and "cachedir" not in conf
    assert os.environ["FONTCONFIG_FILE"] == str(fonts.fontconfig_file())  # set on import


@pytest.mark.parametrize(
    "path", sorted([*FONTS_DIR.glob("*.ttf"), *FONTS_DIR.glob("*.woff2")]), ids=lambda p: p.name
)
def test_each_face_covers_dutch_and_english_typography(path: Path) -> None:
    from fontTools.ttLib import TTFont

    cmap = TTFont(path).getBestCmap()
    assert [char for char in TYPOGRAPHY if ord(char) not in cmap] == []


def test_every_face_comes_as_ttf_and_woff2_with_its_licence() -> None:
    faces = {path.stem for path in FONTS_DIR.glob("*.ttf")}
    assert faces == {path.stem for path in FONTS_DIR.glob("*.woff2")}
    assert len(faces) == 4
    for family in ("SourceSerif4", "SourceSans3"):
        licence = (FONTS_DIR / f"OFL-{family}.txt").read_text(encoding="utf-8")
        assert "SIL Open Font License, Version 1.1" in licence


def test_build_publishes_every_font_its_pages_link(project: Path) -> None:
    root = Project.at(project)
    build_handouts(root, "en")
    out = project / "build" / "en"
    for page in (f"{SEED_SLUG}.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        linked = re.findall(r'url\("(fonts/[^"]+)"\)', html)
        assert len(linked) == 4, page
        for name in linked:
            assert (out / name).read_bytes() == (project / "templates" / name).read_bytes()
    assert sorted(p.name for p in (out / "fonts").iterdir()) == sorted(
        name.removeprefix("fonts/") for name in fonts.web_fonts(root.templates_dir)
    )
    assert (out / "fonts" / "OFL-SourceSerif4.txt").is_file()
