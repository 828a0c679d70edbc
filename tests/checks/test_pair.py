"""What a check is given and gives back: a string pair read once, the context, problems."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.checks import markup
from pipeline.checks.pair import Check, Context, Pair, Problem
from pipeline.checks.text import inline

CONTEXT = Context(glossary=None, norm=1.0, source_lang="nl", target_lang="en")


def test_pair_of_reads_each_side_once() -> None:
    pair = Pair.of("Zie *dit* op https://a.nl/x.", "See *this* at https://a.nl/x.", formatted=False)
    assert pair.source_inline is inline("Zie *dit* op https://a.nl/x.")  # the cached reading
    assert pair.translation_inline == inline("See *this* at https://a.nl/x.")
    assert pair.source_inline.urls == pair.translation_inline.urls == ("https://a.nl/x",)
    assert dict(pair.source_inline.marks) == {"emphasis": 1}
    assert (pair.source, pair.translation, pair.formatted) == (
        "Zie *dit* op https://a.nl/x.",
        "See *this* at https://a.nl/x.",
        False,
    )


def test_prose_leaves_out_markup_urls_and_named_placeholders() -> None:
    pair = Pair.of("Een *zin* op www.a.nl", "%(n)s **sentences** `code`", formatted=True)
    assert pair.source_prose.split() == ["Een", "zin", "op"]
    assert pair.translation_prose.split() == ["sentences"]
    assert pair.formatted


def test_pair_and_context_are_frozen() -> None:
    pair = Pair.of("Een zin.", "A sentence.", formatted=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.translation = "Another."  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        CONTEXT.norm = 2.0  # type: ignore[misc]


def test_a_problem_has_no_flags_of_its_own_unless_given() -> None:
    assert Problem("x").flags == ()
    assert Problem("x", ("ignore-md-link",)).flags == ("ignore-md-link",)


def test_a_check_runs_its_function_on_a_pair_and_context() -> None:
    check = Check("numbers", "error", ("ignore-numbers",), markup.numbers)
    hit = Pair.of("Er zijn 30 patiënten.", "There are 31 patients.", formatted=False)
    passing = Pair.of("Er zijn 30 patiënten.", "There are 30 patients.", formatted=False)
    assert [p.message for p in check.function(hit, CONTEXT)] == [
        "'30' has no counterpart in the translation",
        "'31' in the translation has no counterpart in the source",
    ]
    assert check.function(passing, CONTEXT) == []
