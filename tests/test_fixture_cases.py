"""The segmenter's and the renderers' small cases, one fixture file each (markdown-it-py's style:
title, ``.``, input, ``.``, expected, ``.``): a new case is a few lines of text and no code."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from pipeline.publish.render import body_html, body_markdown
from pipeline.source.document import Document, parse_document
from pipeline.source.segments import segments

FIXTURES = Path(__file__).parent / "fixtures"


def _cases(name: str) -> list[object]:
    return [
        pytest.param(text, expected, id=f"{line}-{title}")
        for line, title, text, expected in read_fixture_file(FIXTURES / name)
    ]


def _document(text: str) -> Document:
    return parse_document(text, source="doc.md", slug="doc")


def _shown(text: str) -> str:
    """A segment's text on one line: backslashes and line breaks escaped."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


@pytest.mark.parametrize(("text", "expected"), _cases("segments.md"))
def test_segments(text: str, expected: str) -> None:
    found = [
        f"{s.kind} {s.line}{' verbatim' if s.verbatim else ''}: {_shown(s.text)}\n"
        for s in segments(_document(text))
    ]
    assert "".join(found) == expected


@pytest.mark.parametrize(("text", "expected"), _cases("render_html.md"))
def test_render_html(text: str, expected: str) -> None:
    document = _document(text)
    assert body_html(document.tokens, document.env) == expected


@pytest.mark.parametrize(("text", "expected"), _cases("render_markdown.md"))
def test_render_markdown(text: str, expected: str) -> None:
    document = _document(text)
    assert body_markdown(document.tokens, document.env) == expected
