"""The segmenter's small cases, from ``fixtures/segments.md``: each segment's kind, 1-based
line, whether it is kept verbatim, and its msgid (backslashes and line breaks escaped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.source.document import parse_document
from pipeline.source.segments import segments

from ..conftest import fixture_cases

CASES = Path(__file__).parent / "fixtures" / "segments.md"


def _shown(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


@pytest.mark.parametrize(("text", "expected"), fixture_cases(CASES))
def test_segments(text: str, expected: str) -> None:
    document = parse_document(text, source="doc.md", slug="doc")
    found = [
        f"{s.kind} {s.line}{' verbatim' if s.verbatim else ''}: {_shown(s.text)}\n"
        for s in segments(document)
    ]
    assert "".join(found) == expected
