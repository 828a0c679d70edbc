"""pipeline/publish/markdown_escape.py: Markdown written so that it reads back as it was."""

from __future__ import annotations

import pytest

from pipeline.publish.markdown_escape import destination, title
from pipeline.publish.render import body_html, body_markdown
from pipeline.source.document import parse_document


def test_a_destination_keeps_a_reference_from_being_read() -> None:
    assert destination("https://a.nl/x") == "https://a.nl/x"
    assert destination("https://a.nl/?a=1&amp;b=2") == "https://a.nl/?a=1\\&amp;b=2"
    assert destination("a b") == "<a b>"  # a space: in brackets


def test_a_title_escapes_its_quotes_and_escaping_backslashes() -> None:
    assert title("Een titel") == '"Een titel"'
    assert title('Zei "ja"') == '"Zei \\"ja\\""'
    assert title("a\\*b") == '"a\\\\*b"'


@pytest.mark.parametrize(
    "text",
    [
        '[link](https://a.nl/?a=1&amp;b=2 "Zei \\"ja\\"")',
        "*nadruk*en **vet**",
        '![beeld](<a b.png> "titel")',
        "Tekst met \\*sterretjes\\* en &amp; een entiteit.",
    ],
)
def test_the_markdown_reads_back_as_the_same_page(text: str) -> None:
    document = parse_document(text + "\n", source="a.md", slug="a")
    written = body_markdown(document.tokens, document.env)
    again = parse_document(written, source="a.md", slug="a")
    assert body_html(again.tokens, again.env) == body_html(document.tokens, document.env)
