"""The fixture files themselves: a line ``.`` alone ends a section, so a case whose text holds
one (or a character ``str.splitlines`` breaks at) would shift every case after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from .conftest import TESTS

FILES = sorted(TESTS.glob("*/fixtures/*.md"))


def test_there_are_fixture_files() -> None:
    assert len(FILES) >= 16


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_every_case_has_a_title_an_input_and_an_expected_output(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    cases = read_fixture_file(path)
    assert cases and all(len(case) == 4 and case[1] for case in cases)
    separators = [line for line in text.splitlines() if line.rstrip() == "."]
    assert len(separators) == 3 * len(cases)
    assert text.splitlines() == text.split("\n")[: len(text.splitlines())]
