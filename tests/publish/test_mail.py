"""A newsletter issue as e-mail: absolute links, wrapped plain text, the MIME message's headers."""

from __future__ import annotations

import email
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from pipeline.project import Config, Project
from pipeline.publish.mail import (
    TEXT_WIDTH,
    ArticleCard,
    absolutise,
    blocks_as_text,
    inline_as_text,
    render_email,
)
from pipeline.source.document import parse_document, parse_inline
from pipeline.source.issues import read_issue

from ..conftest import SEED_SLUG

BASE = "https://example.org/en/"
LONG_URL = "https://example.org/" + "a-very-long-path/" * 6


def _tokens(markdown: str) -> tuple[list[Token], dict[str, Any]]:
    document = parse_document(markdown, source="x.md", slug="x")
    return document.tokens, document.env


def _targets(tokens: list[Token]) -> list[str]:
    return [
        str(child.attrGet(attr))
        for token in tokens
        for child in [token, *(token.children or [])]
        for attr in ("href", "src")
        if child.attrGet(attr) is not None
    ]


# ---------------------------------------------------------------- absolutise


def test_absolutise_resolves_relative_links_and_images() -> None:
    tokens, _ = _tokens(
        "[a](archief.html) [b](/nl/x.html) [c](../nl/y.html#kop) ![d](img/foto.jpg)\n\n"
        "[e](https://other.org/z) [f](mailto:a@b.nl) [g](#top)\n"
    )
    absolutise(tokens, BASE)
    assert _targets(tokens) == [
        "https://example.org/en/archief.html",
        "https://example.org/nl/x.html",
        "https://example.org/nl/y.html#kop",
        "https://example.org/en/img/foto.jpg",
        "https://other.org/z",
        "mailto:a@b.nl",
        "https://example.org/en/#top",
    ]


def test_absolutise_reaches_inline_children_too() -> None:
    children = parse_inline("Zie [dit](x.html).", {})
    absolutise(children, BASE)
    assert _targets(children) == ["https://example.org/en/x.html"]


# ---------------------------------------------------------------- inline_as_text


def test_inline_as_text_numbers_links_once_each() -> None:
    links: list[str] = []
    children = parse_inline(
        "Zie [dit](https://a.nl/x) en *[dat](https://a.nl/y)*, weer [dit](https://a.nl/x).", {}
    )
    assert inline_as_text(children, links) == "Zie dit [1] en dat [2], weer dit [1]."
    assert links == ["https://a.nl/x", "https://a.nl/y"]
    more = parse_inline("En [nog een](https://a.nl/z).", {})
    assert inline_as_text(more, links) == "En nog een [3]."  # numbering goes on


def test_inline_as_text_a_bare_url_is_its_own_reference() -> None:
    links: list[str] = []
    children = parse_inline("Kijk op <https://a.nl/x> of [https://a.nl/y](https://a.nl/y).", {})
    assert inline_as_text(children, links) == "Kijk op https://a.nl/x of https://a.nl/y."
    assert links == []


def test_inline_as_text_breaks_code_and_images() -> None:
    links: list[str] = []
    children = parse_inline("Een `code`\nregel,\\\nnieuw ![een foto](f.jpg).", {})
    assert inline_as_text(children, links) == "Een code regel,\nnieuw een foto."


# ---------------------------------------------------------------- blocks_as_text


def test_blocks_as_text_headings_lists_and_code() -> None:
    tokens, env = _tokens(
        "# Titel\n\nEen [alinea](https://a.nl).\n\n## Kop\n\n- een\n- twee\n  - diep\n\n"
        "1. eerst\n\n```\ncode  blijft\n```\n"
    )
    links: list[str] = []
    assert blocks_as_text(tokens, env, links) == (
        "Titel\n=====\n\nEen alinea [1].\n\nKop\n---\n\n- een\n\n- twee\n\n  - diep\n\n"
        "1. eerst\n\ncode  blijft"
    )
    assert links == ["https://a.nl"]


def test_blocks_as_text_wraps_at_78_and_never_breaks_a_url() -> None:
    words = " ".join(["magnesium"] * 40)
    tokens, env = _tokens(f"{words}\n\n- {words}\n\nZie {LONG_URL} daar.\n\n# {words}\n")
    text = blocks_as_text(tokens, env, [])
    lines = text.split("\n")
    assert TEXT_WIDTH == 78
    assert max(len(line) for line in lines if LONG_URL not in line) <= 78
    assert max(len(line) for line in lines if LONG_URL not in line) >= 70  # filled, not short
    assert LONG_URL in lines  # on a line of its own, whole
    assert "  magnesium" in text  # the list item's lines indented under its bullet
    assert "=" * 78 in lines and "=" * 79 not in text  # a heading's rule at most 78


# ---------------------------------------------------------------- the e-mail


def _email(project: Path, config: Config) -> dict[str, bytes]:
    root = Project.at(project)
    issue = read_issue(root, "2019-10")
    cards = [
        ArticleCard(
            SEED_SLUG,
            "Magnesium *en* de hersenen",
            "Een [inleiding](meer.html) over " + " ".join(["magnesium"] * 30) + ".",
            config.url("nl", f"{SEED_SLUG}.html"),
            {},
        )
    ]
    return render_email(root, config, "nl", issue, cards, lambda text: text, draft=False)


def _message(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_the_eml_headers(project: Path) -> None:
    message = _message(_email(project, Config())[".eml"])
    assert message["Message-ID"] == "<newsletter-2019-10.nl@naturafoundation.nl>"
    assert message["List-Unsubscribe"] == (
        "<mailto:afmelden@naturafoundation.nl?subject=unsubscribe>, "
        "<https://www.naturafoundation.nl/nieuwsbrief/afmelden>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Date"] == "Wed, 02 Oct 2019 00:00:00 +0000"
    assert message["Content-Language"] == "nl"
    assert message.get_content_type() == "multipart/alternative"


def test_list_unsubscribe_without_an_address_is_the_page_alone(project: Path) -> None:
    config = Config(sender="Team <team@example.org>", unsubscribe_email="")
    message = _message(_email(project, config)[".eml"])
    assert message["List-Unsubscribe"] == "<https://www.naturafoundation.nl/nieuwsbrief/afmelden>"
    assert message["Message-ID"] == "<newsletter-2019-10.nl@example.org>"  # the sender's domain


def test_the_same_issue_gives_the_same_bytes(project: Path) -> None:
    first = _email(project, Config())
    assert _email(project, Config()) == first
    assert b"boundary=" in first[".eml"]


def test_the_text_part_is_wrapped_at_78_with_links_listed(project: Path) -> None:
    outputs = _email(project, Config())
    text = outputs[".txt"].decode()
    assert max(len(line) for line in text.split("\n")) <= 78
    assert "Een inleiding [1] over magnesium" in text
    assert "[1] https://www.naturafoundation.nl/nl/meer.html" in text  # made absolute
    assert "Magnesium en de hersenen\n" in text  # the card's title as text
    html = outputs[".html"].decode()
    assert 'href="https://www.naturafoundation.nl/nl/meer.html"' in html
    assert "<style" not in html and 'style="' in html  # the CSS inlined
