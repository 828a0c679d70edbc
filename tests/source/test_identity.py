"""Identity translation reproduces any CommonMark document (fixtures and hypothesis)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.publish.render import body_html, body_markdown
from pipeline.source.document import markdown_parser, parse_document
from pipeline.source.segments import iter_slots

from ..conftest import TESTS

DOCUMENTS = sorted((TESTS / "documents").glob("*.md"))


def _collapse(html: str) -> str:
    """HTML with whitespace runs made one space; a paragraph of only whitespace shows nothing."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"<p( class=\"lead\")?> ?</p>", "", html).strip()


def _rendered(text: str, *, identity: bool) -> tuple[str, str]:
    document = parse_document(text, source="doc.md", slug="doc")
    if identity:
        for slot in list(iter_slots(document)):
            slot.put(slot.segment.text)  # every msgstr = its msgid, verbatim ones too
    return body_html(document.tokens, document.env), body_markdown(document.tokens, document.env)


def _raw_html(text: str) -> str:
    """markdown-it's own rendering of the source, front matter left out."""
    md = markdown_parser()
    env: dict = {}
    tokens = [t for t in md.parse(text, env) if t.type != "front_matter"]
    if tokens and tokens[0].type == "paragraph_open":
        tokens[0].attrJoin("class", "lead")
    return md.renderer.render(tokens, md.options, env)


def check_identity(text: str) -> None:
    dutch_html, dutch_md = _rendered(text, identity=False)
    english_html, english_md = _rendered(text, identity=True)
    # The English body equals the Dutch body, byte for byte, as HTML and Markdown.
    assert english_html == dutch_html
    assert english_md == dutch_md
    # The Markdown renders the same.
    reparsed, _ = _rendered(english_md, identity=False)
    assert _collapse(reparsed) == _collapse(dutch_html)
    # Normalising msgids (and the text to NFC) changed nothing HTML shows.
    assert _collapse(dutch_html) == _collapse(_raw_html(unicodedata.normalize("NFC", text)))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_fixture_documents_survive_identity_translation(path: Path) -> None:
    check_identity(path.read_text(encoding="utf-8"))


def test_fixture_documents_are_not_trivial() -> None:
    sink = TESTS / "documents" / "kitchen-sink.md"
    html, _ = _rendered(sink.read_text(encoding="utf-8"), identity=False)
    for tag in (
        "<em>",
        "<strong>",
        "<code>",
        "<table>",
        "<blockquote>",
        "<ol",
        "<ul>",
        "<img",
        "<pre>",
        "<hr />",
        "<h1>",
        "<h2>",
    ):
        assert tag in html


# --- hypothesis: documents built from CommonMark's constructs and awkward characters ----

_WORD = st.text(alphabet="abcdeëéijklmnoprstuvz", min_size=1, max_size=8)
_PUNCT = st.sampled_from(list("*_`[]()<>!\\&#|~-+.:;\"'=") + ["&amp;", "&#35;", "  ", "\t"])
_RAW = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)


@st.composite
def inline(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        word = draw(_WORD)
        parts.append(
            draw(
                st.sampled_from(
                    [
                        word,
                        f"*{word}*",
                        f"**{word}**",
                        f"_{word}_",
                        f"`{word}`",
                        f"[{word}](/{word})",
                        f'[{word}](<https://x.nl/{word}> "{word}")',
                        f"![{word}]({word}.png)",
                        f"<https://x.nl/{word}>",
                        f"{word}  \n{word}",
                        f"{word}\\\n{word}",
                        f"{word}\n{word}",
                        f"[{word}][r]",
                        f"<b>{word}</b>",
                        f"&copy;{word}",
                    ]
                )
            )
        )
        if draw(st.booleans()):
            parts.append(draw(_PUNCT))
        if draw(st.integers(0, 9)) == 0:
            parts.append(draw(_RAW))
    return " ".join(parts).strip() or "x"


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    kinds = [
        "para",
        "heading",
        "setext",
        "fence",
        "indented",
        "hr",
        "html",
        "table",
        "quote",
        "bullets",
        "ordered",
    ]
    if depth > 1:
        kinds = kinds[:7]
    kind = draw(st.sampled_from(kinds))
    text = draw(inline())
    if kind in {"heading", "setext", "table"}:
        text = text.replace("\n", " ")
    if kind == "para":
        return text
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + text
    if kind == "setext":
        return text + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "fence":
        return "```\n" + text + "\n```"
    if kind == "indented":
        return "    " + text.replace("\n", "\n    ")
    if kind == "hr":
        return "***"
    if kind == "html":
        return "<div>\n" + text + "\n</div>"
    if kind == "table":
        cells = [draw(inline()).replace("\n", " ").replace("|", "\\|") for _ in range(4)]
        return f"| {cells[0]} | {cells[1]} |\n| --- | :-: |\n| {cells[2]} | {cells[3]} |"
    if kind == "quote":
        inner = draw(block(depth + 1))
        return "\n".join("> " + line for line in inner.split("\n"))
    marker = "-" if kind == "bullets" else "1."
    items = []
    for _ in range(draw(st.integers(1, 3))):
        inner = draw(block(depth + 1))
        pad = " " * (len(marker) + 1)
        items.append(marker + " " + inner.replace("\n", "\n" + pad))
    sep = "\n\n" if draw(st.booleans()) else "\n"
    return sep.join(items)


@st.composite
def document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    text = "\n\n".join(blocks)
    if draw(st.booleans()):
        text += "\n\n[r]: https://x.nl/ref"
    if draw(st.booleans()):
        title = draw(_WORD)
        text = f'---\ntitle: "{title}"\n---\n\n' + text
    return text + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document())
def test_identity_translation_reproduces_any_document(text: str) -> None:
    check_identity(text)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=["Cs", "Cc"], include_characters="\t\n"
        ),
        max_size=200,
    )
)
def test_identity_translation_reproduces_any_text(text: str) -> None:
    check_identity(text)
