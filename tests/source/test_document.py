"""``is_safe_link``: http(s), mailto and relative targets are published, any other scheme is not."""

from __future__ import annotations

import pytest

from pipeline.source.document import is_safe_link, parse_document


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a:b",
        "HTTP://example.org",
        "mailto:a@example.org",
        "pad/naar:iets",
        "./a:b",
        "/a:b",
        "#a:b",
        "?a=b:c",
        # no scheme: a colon after a character no scheme has is part of a relative path
        "pad)deel:twee",
        "pad%29deel:twee",
        "pad%5Cdeel:twee",
        "1a:b",
        "-a:b",
        "a_b:c",
    ],
)
def test_safe_links(url: str) -> None:
    assert is_safe_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript%3Aalert(1)",
        "java%09script:alert(1)",
        "%20javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "java\u200bscript:alert(1)",
        "vbscript:x",
        "data:text/html,x",
        "file:///etc/passwd",
        "b:c",  # an unknown scheme is a scheme
        "a+b.c-d:e",
        "//evil.example/pad",
        "\\\\evil.example",
        "/\\evil.example",
    ],
)
def test_unsafe_links(url: str) -> None:
    assert not is_safe_link(url)


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[a](pad\\)deel:twee)", "pad)deel:twee"),
        ("[a](pad\\)deel\\:twee)", "pad)deel:twee"),
        ("[a](<pad)deel:twee>)", "pad)deel:twee"),
        ("[a](pad\\\\:twee)", "pad%5C:twee"),
        ("[a](b\\:c)", None),  # an escaped colon is still a colon: the scheme ``b:``
        ("[a](javascript\\:alert(1))", None),
    ],
)
def test_link_target_as_parsed(source: str, href: str | None) -> None:
    document = parse_document(source + "\n", source="a.md", slug="a")
    links = [c for c in document.tokens[1].children or [] if c.type == "link_open"]
    assert [link.attrGet("href") for link in links] == ([href] if href else [])
