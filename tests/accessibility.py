"""axe-core in a real Chromium page: the accessibility violations a page must have none of."""

from __future__ import annotations

from typing import Any

from .conftest import TESTS

#: axe-core 4 (MPL-2.0), vendored: tests/axe/.
AXE = TESTS / "axe" / "axe.min.js"


def axe_violations(page: Any, tags: list[str]) -> list[str]:
    """What axe finds on ``page`` against the rules of ``tags``: one line a rule, with where."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return list(
        page.evaluate(
            """async (tags) => {
                const found = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return found.violations.map(v => v.id + ': ' + v.help + ' at ' +
                    v.nodes.map(n => n.target.join(' ')).join(', '));
            }""",
            tags,
        )
    )
