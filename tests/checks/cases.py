"""The check functions' cases in fixture files (markdown-it-py's format), run one by one.

A case's title is ``<check>[ <option>…]: <what it shows>``; options are ``formatted``,
``source=<lang>`` and ``norm=<ratio>``. Its input is the source, a line ``=>`` and the
translation; its expected output one line per problem, ``message [flag, …]`` (empty: a pass).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from markdown_it.utils import read_fixture_file

from pipeline.checks.glossary import load_glossary
from pipeline.checks.pair import Context, Pair, Problem

from ..conftest import FIXTURE_CASE

#: A check function, ``(pair, context) -> problems``.
Function = Callable[[Pair, Context], list[Problem]]

FIXTURES = Path(__file__).parent / "fixtures"
GLOSSARY = load_glossary(FIXTURES / "glossary.csv")


def check_cases(path: Path) -> list[Any]:
    """Each case as pytest parameters ``(title, source, translation, expected)``."""
    cases = []
    for line, title, text, expected in read_fixture_file(path):
        source, translation = text.removesuffix("\n").split("\n=>\n")
        cases.append(
            pytest.param(
                title, source, translation, expected, id=f"{line}-{title}", marks=FIXTURE_CASE
            )
        )
    return cases


def run_case(checks: Mapping[str, Function], title: str, source: str, translation: str) -> str:
    """The problems the titled check finds, one line each, as the expected output shows them."""
    name, *options = title.split(":")[0].split()
    settings = dict(option.partition("=")[::2] for option in options)
    context = Context(
        glossary=GLOSSARY,
        norm=float(settings.get("norm", "1.0")),
        source_lang=settings.get("source", "nl"),
        target_lang="en",
    )
    pair = Pair.of(source, translation, formatted="formatted" in settings)
    return "".join(
        problem.message + (f" [{', '.join(problem.flags)}]" if problem.flags else "") + "\n"
        for problem in checks[name](pair, context)
    )


def verdicts(path: Path) -> dict[str, set[str]]:
    """Per check, whether its cases include a hit (``hit``) and a pass (``pass``)."""
    found: dict[str, set[str]] = {}
    for _, title, _, expected in read_fixture_file(path):
        found.setdefault(title.split(":")[0].split()[0], set()).add("hit" if expected else "pass")
    return found
