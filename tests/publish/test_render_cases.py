"""The renderers' small cases: Markdown in, the handout body out, as HTML
(``fixtures/render_html.md``) and as Markdown (``fixtures/render_markdown.md``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.publish.render import body_html, body_markdown
from pipeline.source.document import parse_document

from ..conftest import fixture_cases

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(("text", "expected"), fixture_cases(FIXTURES / "render_html.md"))
def test_render_html(text: str, expected: str) -> None:
    document = parse_document(text, source="doc.md", slug="doc")
    assert body_html(document.tokens, document.env) == expected


@pytest.mark.parametrize(("text", "expected"), fixture_cases(FIXTURES / "render_markdown.md"))
def test_render_markdown(text: str, expected: str) -> None:
    document = parse_document(text, source="doc.md", slug="doc")
    assert body_markdown(document.tokens, document.env) == expected
