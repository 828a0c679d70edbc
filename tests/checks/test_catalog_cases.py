"""Every check as a catalog run meets it (fixtures/catalog.md): one entry, the shipped glossary.

A case's title is ``<check>[ flags=<flag>,…][ kind=<kind>]: <what it shows>``; its input the
Dutch msgid, a line ``=>`` and the English msgstr (``<U+200B>`` stands for the character); its
expected output one line per finding, ``check: severity: message``, and ``(<n> silenced)`` when
flags silenced some (empty: the entry passes).
"""

from __future__ import annotations

import pytest

from pipeline.checks.rules import CHECKS, check_catalog

from ..conftest import characters, fixture_cases
from .cases import FIXTURES
from .test_rules import GLOSSARY, catalog, entry

CASES = FIXTURES / "catalog.md"


def found(title: str, text: str) -> str:
    """The findings of the titled case's entry, one line each, as the expected output shows them."""
    options = dict(o.partition("=")[::2] for o in title.split(":")[0].split()[1:])
    source, translation = characters(text.removesuffix("\n")).split("\n=>\n")
    flags = options.get("flags", "").replace(",", ", ")
    cat = catalog(entry(source, translation, flags=flags, kind=options.get("kind", "paragraph")))
    report = check_catalog(cat, path="t.po", glossary=GLOSSARY)
    lines = [f"{f.check}: {f.severity}: {f.message}\n" for f in report.findings]
    return "".join(lines) + (f"({report.silenced} silenced)\n" if report.silenced else "")


@pytest.mark.parametrize(("title", "text", "expected"), fixture_cases(CASES, titled=True))
def test_catalog_cases(title: str, text: str, expected: str) -> None:
    assert found(title, text) == expected


def test_every_check_has_a_hit_and_a_pass() -> None:
    verdicts: dict[str, set[str]] = {}
    for case in fixture_cases(CASES, titled=True):
        title, _, expected = case.values
        name = title.split(":")[0].split()[0]
        verdicts.setdefault(name, set()).add("hit" if expected else "pass")
    names = [check.name for check in CHECKS] + ["untranslated", "fuzzy"]
    assert {name: verdicts.get(name) for name in names} == {n: {"hit", "pass"} for n in names}
