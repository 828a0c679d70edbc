"""The msgid form of inline markup: soft breaks joined, every other line ending as markdown-it
reads it (a code span's space, a link's destination or title, a ``<…>`` left open)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML

from pipeline.source import inline
from pipeline.source.document import markdown_parser, normalise_inline, parse_inline

from ..conftest import TESTS, characters, fixture_cases

FIXTURES = TESTS / "source" / "fixtures"


@pytest.mark.parametrize(("source", "msgid"), fixture_cases(FIXTURES / "msgids.md"))
def test_msgid_joins_soft_breaks_only(source: str, msgid: str) -> None:
    assert normalise_inline(characters(source.removesuffix("\n"))) == characters(
        msgid.removesuffix("\n")
    )


def test_references_are_read_as_the_document_defines_them() -> None:
    env = {"references": {"R": {"href": "/r", "title": ""}}}
    assert normalise_inline("[a\nb][r] ![c `d \ne`][r]", env) == "[a b][r] ![c `d  e`][r]"


def _spaced_html(text: str) -> str:
    """The inline HTML with each soft break written as the space the msgid puts there."""
    md = markdown_parser()
    renderer = RendererHTML()
    renderer.rules["softbreak"] = lambda tokens, idx, options, env: " "
    return renderer.render(parse_inline(text, {}), md.options, {})


@pytest.mark.parametrize(
    "source",
    [
        "``\nfoo \n``",
        "`foo   bar \nbaz`",
        "[link](<foo\nbar>)",
        "[a](<b)c\n[a](<b)c>\n[a](<b>c)",
        '[a](/u "t\nu") en\n*b*',
        "a  \n b\\\nc \n d",
    ],
)
def test_msgid_reads_as_its_source(source: str) -> None:
    assert _spaced_html(normalise_inline(source)) == _spaced_html(source)


def _recording() -> MarkdownIt:
    """A plain CommonMark parser with the module's recording rules, nothing of the pipeline's."""
    md = MarkdownIt("commonmark")
    inline.record_line_ends(md)
    return md


@pytest.mark.parametrize(
    ("source", "msgid"),
    [
        ("a\nb", "a b"),
        ("a  \n b", "a  \nb"),
        ("`a\nb` c\nd", "`a b` c d"),
        ('[a](/u "t\nu")', '[a](/u "t\nu")'),
        ("[a](<b\nc>)", "[a](<b\nc>)"),
        ("one line", "one line"),
    ],
)
def test_normalise_with_the_recording_rules_alone(source: str, msgid: str) -> None:
    assert inline.normalise(source, _recording(), {}) == msgid


def test_without_the_recording_rules_no_line_end_is_joined() -> None:
    """A parser that records nothing: no line ending is known to be a soft break or code."""
    assert inline.normalise("a\nb `c\nd`", MarkdownIt("commonmark"), {}) == "a\nb `c\nd`"


def test_a_parse_that_does_not_ask_records_nothing() -> None:
    md = _recording()
    env: dict[str, object] = {}
    tokens = md.parse("a\nb `c\nd`", env)
    assert [t.type for t in tokens[1].children or []] == [
        "text",
        "softbreak",
        "text",
        "code_inline",
    ]
    assert env == {}  # the rules only write into a record normalise passes
