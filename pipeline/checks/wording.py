"""The checks of the translation's wording: left untranslated or Dutch, punctuation and
spaces, length, the glossary's terms."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.checks import names as surnames
from pipeline.checks.names import names_in, particle_problems
from pipeline.checks.pair import Context, Pair, Problem
from pipeline.checks.text import DOUBLE_SPACE, DUTCH, END_FLAGS, END_NAMES, end_mark, words

#: Source length (characters) below which the length ratio says nothing.
MIN_LENGTH = 20
_DUTCH_MIN, _DUTCH_SHARE = 2, 0.15


def same(pair: Pair, context: Context) -> list[Problem]:
    if pair.source.strip() != pair.translation.strip():
        return []
    # Names, acronyms and numbers stay as they are ("1. Migraine"): only text with
    # ordinary words left unchanged is suspect.
    if not any(
        w[0].islower() and len(w) > 1 or w.lower() in DUTCH for w in words(pair.source_prose)
    ):
        return []
    return [Problem("the translation is the same as the source")]


def dutch(pair: Pair, context: Context) -> list[Problem]:
    if context.source_lang != "nl":
        return []
    found = words(pair.translation_prose)
    dutch_words = [w for w in found if w.lower() in DUTCH]
    # English prose has one now and then ("de novo"); a Dutch sentence has many.
    if len(dutch_words) < _DUTCH_MIN or len(dutch_words) < _DUTCH_SHARE * len(found):
        return []
    shown = ", ".join(dict.fromkeys(w.lower() for w in dutch_words))
    return [
        Problem(
            f"the translation reads as Dutch ({len(dutch_words)} of {len(found)} words "
            f"are Dutch function words: {shown})"
        )
    ]


def end_punctuation(pair: Pair, context: Context) -> list[Problem]:
    source, target = end_mark(pair.source_prose), end_mark(pair.translation_prose)
    if source == target:
        return []
    flags = tuple(END_FLAGS[m] for m in (source, target) if m)
    return [
        Problem(
            f"the source ends with {END_NAMES[source]}, the translation with {END_NAMES[target]}",
            flags,
        )
    ]


def double_space(pair: Pair, context: Context) -> list[Problem]:
    if "  " not in pair.translation:  # what DOUBLE_SPACE needs
        return []
    found = DOUBLE_SPACE.search(pair.translation)
    if found is None or DOUBLE_SPACE.search(pair.source):
        return []
    around = pair.translation[max(found.start() - 12, 0) : found.end() + 12]
    return [Problem(f"the translation has a double space: {around!r}")]


def whitespace(pair: Pair, context: Context) -> list[Problem]:
    problems = []
    for where, strip, flag in (
        ("starts", str.lstrip, "ignore-begin-space"),
        ("ends", str.rstrip, "ignore-end-space"),
    ):
        source, target = (_edge(s, strip, where) for s in (pair.source, pair.translation))
        if source != target:
            problems.append(
                Problem(
                    f"the translation {where} with {target!r}, the source with {source!r}", (flag,)
                )
            )
    return problems


def length(pair: Pair, context: Context) -> list[Problem]:
    if len(pair.source) < MIN_LENGTH:
        return []
    ratio = len(pair.translation) / len(pair.source)
    if context.norm * 0.5 <= ratio <= context.norm * 2:
        return []
    return [
        Problem(
            f"the translation is {ratio:.2f} times as long as the source; "
            f"this catalog's norm is {context.norm:.2f}"
        )
    ]


def glossary(pair: Pair, context: Context) -> list[Problem]:
    if context.glossary is None:
        return []
    return [
        Problem(
            f"the source has {found!r}, the translation lacks "
            + " or ".join(repr(en) for en in term.target)
            + f" (glossary line {term.line})"
        )
        for found, term in context.glossary.missing(pair.source_prose, pair.translation_prose)
    ]


def surname_particle(pair: Pair, context: Context) -> list[Problem]:
    if context.glossary is None or context.target_lang not in surnames.LANGUAGES:
        return []  # no glossary, or a language this rule is not the usage of
    names = names_in(context.glossary.terms)
    return [Problem(p) for p in particle_problems(pair.translation_prose, names)] if names else []


def _edge(text: str, strip: Callable[[str], str], where: str) -> str:
    rest = len(strip(text))
    return text[: len(text) - rest] if where == "starts" else text[rest:]
