"""The importer's small cases (fixtures/importer.md): scraped text in, the slug and the whole
Markdown file out; its refusals (fixtures/importer_errors.md), the error as it prints.
``<U+XXXX>`` in either stands for a character a fixture file cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.source.importer import import_text

from ..conftest import characters, fixture_cases

CASES = Path(__file__).parent / "fixtures" / "importer.md"
ERRORS = Path(__file__).parent / "fixtures" / "importer_errors.md"


@pytest.mark.parametrize(("text", "expected"), fixture_cases(CASES))
def test_import(text: str, expected: str) -> None:
    article = import_text(characters(text), filename="t.txt")
    assert f"slug: {article.slug}\n{article.markdown}" == characters(expected)


@pytest.mark.parametrize(("text", "expected"), fixture_cases(ERRORS))
def test_import_refused(text: str, expected: str) -> None:
    with pytest.raises(SourceError) as info:
        import_text(characters(text), filename="bad.txt")
    error = info.value
    assert f"{error.filename}:{error.lineno}: {error.message}\n" == characters(expected)
    assert str(error) == characters(expected).removesuffix("\n")
