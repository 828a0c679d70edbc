"""pipeline/source/load.py: sources read as UTF-8, parsed documents kept in the build cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import cache
from pipeline.errors import SourceError
from pipeline.project import Project
from pipeline.source import load

from ..conftest import SEED_SLUG


def test_a_bom_is_dropped_and_other_bytes_are_an_error_at_their_line() -> None:
    assert load.decode_text("\ufeffTekst".encode(), "a.md") == "Tekst"
    with pytest.raises(SourceError, match="not UTF-8 \\(byte 0xff\\)") as caught:
        load.decode_text(b"een\ntwee\n\xff", "content/nl/a.md")
    assert (caught.value.filename, caught.value.lineno) == ("content/nl/a.md", 3)


def test_a_parsed_source_is_kept_and_read_back(project: Path) -> None:
    p = Project.at(project)
    path = project / "content" / "nl" / f"{SEED_SLUG}.md"
    first = load.read_source(p, path)
    assert first.slug == SEED_SLUG and first.source == f"content/nl/{SEED_SLUG}.md"
    kept = cache.DOCUMENTS.at(project, name=first.source)
    assert kept.path.is_file()
    assert load.read_source(p, path).meta == first.meta  # from the cache this time


def test_a_changed_source_is_parsed_again(project: Path) -> None:
    p = Project.at(project)
    path = project / "content" / "nl" / f"{SEED_SLUG}.md"
    load.read_source(p, path)
    path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    document = load.read_source(p, path)
    assert "Een nieuwe zin." in [t.content for t in document.tokens if t.type == "inline"]


def test_every_article_is_read(project: Path) -> None:
    documents = load.read_sources(Project.at(project))
    assert [d.slug for d in documents] == [p.stem for p in Project.at(project).articles()]
