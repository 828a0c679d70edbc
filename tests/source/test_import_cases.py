"""The importer's small cases (fixtures/importer.md): scraped text in, the slug and the whole
Markdown file out. ``<U+XXXX>`` in either stands for a character a fixture file cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.source.importer import import_text

from ..conftest import characters, fixture_cases

CASES = Path(__file__).parent / "fixtures" / "importer.md"


@pytest.mark.parametrize(("text", "expected"), fixture_cases(CASES))
def test_import(text: str, expected: str) -> None:
    article = import_text(characters(text), filename="t.txt")
    assert f"slug: {article.slug}\n{article.markdown}" == characters(expected)
