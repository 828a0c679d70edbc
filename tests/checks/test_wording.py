"""The checks of the translation's wording: each function on its cases (fixtures/wording.md)."""

from __future__ import annotations

import pytest

from pipeline.checks import wording
from pipeline.checks.pair import Context, Pair

from .cases import FIXTURES, Function, check_cases, run_case, verdicts

CASES = FIXTURES / "wording.md"
CHECKS = {
    "same": wording.same,
    "dutch": wording.dutch,
    "end-punctuation": wording.end_punctuation,
    "double-space": wording.double_space,
    "whitespace": wording.whitespace,
    "length": wording.length,
    "glossary": wording.glossary,
    "surname-particle": wording.surname_particle,
}


@pytest.mark.parametrize(("title", "source", "translation", "expected"), check_cases(CASES))
def test_wording_cases(title: str, source: str, translation: str, expected: str) -> None:
    assert run_case(CHECKS, title, source, translation) == expected


def test_every_check_has_a_hit_and_a_pass() -> None:
    assert verdicts(CASES) == {name: {"hit", "pass"} for name in CHECKS}


def test_the_trailing_space_of_the_whitespace_case_survived_editing() -> None:
    assert "\n A sentence. \n" in CASES.read_text(encoding="utf-8")


@pytest.mark.parametrize("check", [wording.glossary, wording.surname_particle])
def test_glossary_checks_need_a_glossary(check: Function) -> None:
    context = Context(glossary=None, norm=1.0, source_lang="nl", target_lang="en")
    pair = Pair.of("Volgens De Baaij een magnesiumtekort.", "Baaij: a lack.", formatted=False)
    assert check(pair, context) == []
