"""`update` on the shipped project: catalogs up to date, valid for msgfmt, complete."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline import po as pofile
from pipeline.errors import CatalogError
from pipeline.project import Project
from pipeline.runs.update import update as update_catalogs

from ..conftest import REPO

CATALOGS = sorted((REPO / "content").glob("*/*.po")) + sorted((REPO / "content").glob("*/*.pot"))


@pytest.mark.parametrize("path", CATALOGS, ids=[p.name for p in CATALOGS])
def test_msgfmt_check_passes_on_every_catalog(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "path", sorted((REPO / "content" / "en").glob("*.po")), ids=lambda p: p.name
)
def test_english_catalogs_are_complete_and_reviewed(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    catalog = pofile.read_po(path)
    assert all(m.string and not m.fuzzy for m in catalog if m.id)


def test_shipped_catalogs_are_up_to_date(project: Path) -> None:
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.po*")}
    report = update_catalogs(Project.at(project), "en")
    assert report.written == []
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.po*")} == before


def test_update_twice_gives_the_same_bytes(project: Path) -> None:
    source = project / "content" / "nl" / "nieuw.md"
    source.write_text("# Nieuw\n\nEen alinea.\n", encoding="utf-8")
    update_catalogs(Project.at(project), "en")
    first = (project / "content" / "en" / "nieuw.po").read_bytes()
    update_catalogs(Project.at(project), "en")
    assert (project / "content" / "en" / "nieuw.po").read_bytes() == first


def test_malformed_catalog_stops_update_with_no_file_changed(project: Path) -> None:
    po = next((project / "content" / "en").glob("7-*.po"))
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "', 'msgtsr "', 1), encoding="utf-8"
    )
    (project / "content" / "nl" / "nieuw.md").write_text("Nieuw.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    with pytest.raises(CatalogError) as caught:
        update_catalogs(Project.at(project), "en")
    assert str(caught.value).startswith(f"content/en/{po.name}:")
    after = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    assert after == before


def test_no_rewrite_when_only_the_creation_date_would_change(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # "now" is another day than the committed date
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.po*")}
    report = update_catalogs(Project.at(project), "en")
    assert report.written == [] and len(report.unchanged) == len(before)
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.po*")} == before


def test_update_writes_a_crlf_catalog_back_with_lf(project: Path) -> None:
    """A catalog another tool saved with CRLF line endings comes out of update LF-only."""
    po = next((project / "content" / "en").glob("7-*.po"))
    lf = po.read_bytes()
    po.write_bytes(lf.replace(b"\n", b"\r\n"))
    report = update_catalogs(Project.at(project), "en")
    assert report.written == [f"content/en/{po.name}"]
    assert po.read_bytes() == lf
