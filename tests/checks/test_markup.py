"""The checks of what must survive translation: each function on its cases (fixtures/markup.md)."""

from __future__ import annotations

import pytest

from pipeline.checks import markup
from pipeline.checks.pair import Context, Pair

from .cases import FIXTURES, check_cases, run_case, verdicts

CASES = FIXTURES / "markup.md"
CHECKS = {
    "markdown": markup.markdown,
    "placeholders": markup.placeholders,
    "numbers": markup.numbers,
    "urls": markup.urls,
    "unsafe-link": markup.unsafe_link,
}
CONTEXT = Context(glossary=None, norm=1.0, source_lang="nl", target_lang="en")


@pytest.mark.parametrize(("title", "source", "translation", "expected"), check_cases(CASES))
def test_markup_cases(title: str, source: str, translation: str, expected: str) -> None:
    assert run_case(CHECKS, title, source, translation) == expected


def test_every_check_has_a_hit_and_a_pass() -> None:
    assert verdicts(CASES) == {name: {"hit", "pass"} for name in CHECKS}


# Invisible characters are unreadable in a fixture file: their cases are here.


def test_invisible_reports_a_zero_width_space_with_its_own_flag() -> None:
    problems = markup.invisible(Pair.of("Een zin.", "A\u200bsentence.", formatted=False), CONTEXT)
    assert [(p.message, p.flags) for p in problems] == [
        (
            "U+200B ZERO WIDTH SPACE in the translation is not in the source",
            ("ignore-zero-width-space",),
        )
    ]


def test_invisible_counts_what_the_source_has() -> None:
    def found(source: str, translation: str) -> list[str]:
        pair = Pair.of(source, translation, formatted=False)
        return [p.message for p in markup.invisible(pair, CONTEXT)]

    assert found("Een\u00adzin.", "A\u00adsentence.") == []
    assert found("Een\u00adzin.", "A\u00adsen\u00adtence.") == [
        "U+00AD SOFT HYPHEN in the translation is not in the source"
    ]
    assert found("Een zin.", "A\x07sentence.") == [
        "U+0007 control character in the translation is not in the source"
    ]


def test_unsafe_in_names_each_target_once_and_shortens_long_ones() -> None:
    long = "javascript:" + "x" * 80
    problems = markup.unsafe_in(f"[a]({long}) en [b]({long})", "source")
    assert [p.message for p in problems] == [
        f"the source links to {long[:57] + '...'!r}: only http, https, mailto "
        "and relative links are published; it shows as plain text"
    ]
    assert markup.unsafe_in("[a](https://a.nl) en [b](#kop)", "source") == []
