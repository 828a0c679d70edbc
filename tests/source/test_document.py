"""``is_safe_link``: http(s), mailto and relative targets are published, any other scheme is not
(fixtures/links.md); a link's target as parsed (fixtures/link_targets.md)."""

from __future__ import annotations

import pytest

from pipeline.source.document import is_safe_link, parse_document

from ..conftest import TESTS, characters, fixture_cases

FIXTURES = TESTS / "source" / "fixtures"


@pytest.mark.parametrize(("url", "verdict"), fixture_cases(FIXTURES / "links.md"))
def test_safe_links(url: str, verdict: str) -> None:
    published = is_safe_link(characters(url.removesuffix("\n")))
    assert ("published\n" if published else "refused\n") == verdict


@pytest.mark.parametrize(("source", "href"), fixture_cases(FIXTURES / "link_targets.md"))
def test_link_target_as_parsed(source: str, href: str) -> None:
    document = parse_document(source, source="a.md", slug="a")
    links = [c for c in document.tokens[1].children or [] if c.type == "link_open"]
    found = "".join(f"{link.attrGet('href')}\n" for link in links)
    assert (found or "(no link)\n") == href
