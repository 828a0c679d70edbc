"""pipeline/publish/render.py: the renderers' small cases, Markdown in and the handout body
out, as HTML (``fixtures/render_html.md``) and as Markdown (``fixtures/render_markdown.md``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file
from mdformat.plugins import PARSER_EXTENSIONS
from mdformat.renderer import MDRenderer, _context
from mdformat.renderer._util import re_char_reference

from pipeline.publish.render import CharReference, body_html, body_markdown
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


@pytest.mark.parametrize(("text", "expected"), fixture_cases(FIXTURES / "render_markdown.md"))
def test_render_markdown_reads_back_as_the_source(text: str, expected: str) -> None:
    assert _html(expected) == _html(text)


def _html(text: str) -> str:
    """The body's HTML, a soft break and a space the same (a block's msgid joins its lines)."""
    document = parse_document(text, source="doc.md", slug="doc")
    return re.sub("[ \n]+", " ", body_html(document.tokens, document.env))


def test_mdformat_itself_still_gets_these_wrong() -> None:
    # The cases pipeline/publish/markdown_escape.py is for. When mdformat writes one right,
    # this fails: drop its workaround there, and its "mdformat:" from the fixture's title.
    cases = [
        (title, text)
        for _, title, text, _ in read_fixture_file(FIXTURES / "render_markdown.md")
        if title.startswith("mdformat:")
    ]
    options = {"parser_extension": [PARSER_EXTENSIONS["tables"]], "mdformat": {"wrap": "keep"}}
    right = []
    for title, text in cases:
        document = parse_document(text, source="doc.md", slug="doc")
        plain = MDRenderer().render(document.tokens, options, document.env)
        if _html(plain) == _html(text):
            right.append(title)
    assert len(cases) == 8
    assert right == []


_PIECES = st.sampled_from([*"&;#xX09afAFampcopy <\\\n", "&amp;", "&#x1F600;", "&copy"])


@given(st.lists(_PIECES).map("".join))
def test_char_reference_escapes_as_mdformat_does(text: str) -> None:
    pattern = re_char_reference()  # mdformat's own, as it is
    cheap = CharReference(re_char_reference)
    assert cheap.sub(r"\\\g<0>", text) == pattern.sub(r"\\\g<0>", text)


def test_mdformat_renders_with_the_cheap_pattern() -> None:
    document = parse_document("Tom &amp; Jerry &copy; x\n", source="doc.md", slug="doc")
    assert body_markdown(document.tokens, document.env) == "Tom & Jerry © x\n"
    # if mdformat stops looking the pattern up there, this fails: the speed-up is gone
    assert isinstance(_context.re_char_reference(), CharReference)
    document = parse_document("\\&amp; and &amp;amp;\n", source="doc.md", slug="doc")
    assert body_markdown(document.tokens, document.env) == "\\&amp; and \\&amp;\n"
