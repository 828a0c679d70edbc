"""The surname-particle check: a name from the glossary keeps its particle in running text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.checks.glossary import Glossary, load_glossary
from pipeline.checks.names import Name, names_in, particle_problems
from pipeline.checks.rules import check_catalog
from pipeline.po import read_po

from ..conftest import FIXTURE_CASE, REPO, TESTS
from .test_rules import catalog, entry

CASES = TESTS / "checks" / "surname-particle.txt"
GLOSSARY_TEXT = (
    "nl,en,note\n"
    "moeheid,fatigue,\n"
    "Jeroen de Baaij,Jeroen de Baaij,Name: De Baaij without the first name.\n"
    'Johannes Diderik van der Waals,Johannes Diderik van der Waals,"name; physicist"\n'
)


def _cases() -> list[Any]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            verdict, text = line.split("\t")
            rows.append(pytest.param(verdict, text, marks=FIXTURE_CASE))
    return rows


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    path = tmp_path_factory.mktemp("glossary") / "glossary.csv"
    path.write_text(GLOSSARY_TEXT, encoding="utf-8")
    return load_glossary(path)


@pytest.mark.parametrize(("verdict", "english"), _cases())
def test_surname_particle_cases(glossary: Glossary, verdict: str, english: str) -> None:
    report = check_catalog(catalog(entry("Een zin.", english)), path="t.po", glossary=glossary)
    found = [f for f in report.findings if f.check == "surname-particle"]
    assert bool(found) == (verdict == "hit"), found
    assert all(f.severity == "error" for f in found)


def test_fixture_has_hits_and_passes() -> None:
    verdicts = [case.values[0] for case in _cases()]
    assert verdicts.count("hit") >= 5 and verdicts.count("pass") >= 5
    assert set(verdicts) == {"hit", "pass"}


def test_names_come_from_rows_whose_note_says_name(glossary: Glossary) -> None:
    assert names_in(glossary.terms) == (
        Name(("Jeroen",), "de", "Baaij", 3),
        Name(("Johannes", "Diderik"), "van der", "Waals", 4),
    )
    assert names_in(glossary.terms)[1].capitalised == "Van der"


def test_rows_without_the_name_note_or_a_particle_give_no_name(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "nl,en,note\n"
        "Jeroen de Baaij,Jeroen de Baaij,A researcher.\n"  # not marked as a name
        "Joost Hoenderop,Joost Hoenderop,Name: no particle.\n"
        "De Baaij,De Baaij,Name: no first name.\n",
        encoding="utf-8",
    )
    assert names_in(load_glossary(path).terms) == ()


def test_messages_say_what_to_write(glossary: Glossary) -> None:
    names = names_in(glossary.terms)
    assert particle_problems("according to Baaij.", names) == [
        "'Baaij' without its particle: 'De Baaij', or 'Jeroen de Baaij' (glossary line 3)"
    ]
    assert particle_problems("according to de Baaij.", names) == [
        "'de Baaij' without a first name: 'De Baaij' (glossary line 3)"
    ]
    assert particle_problems("Jeroen De Baaij said.", names) == [
        "'De Baaij' after a first name or initials: 'de Baaij' (glossary line 3)"
    ]


def test_flag_silences_it_on_one_entry(glossary: Glossary) -> None:
    cat = catalog(
        entry("Aldus Baaij.", "According to Baaij.", flags="ignore-surname-particle"),
        entry("Zegt Baaij.", "So says Baaij."),
    )
    report = check_catalog(cat, path="t.po", glossary=glossary)
    assert [f.msgid for f in report.findings if f.check == "surname-particle"] == ["Zegt Baaij."]
    assert report.silenced == 1


def test_shipped_glossary_catches_the_unrevised_seed_and_passes_the_revised() -> None:
    shipped = load_glossary(REPO / "content" / "glossary.csv")
    unrevised = catalog(
        entry("Aldus Baaij.", "Large-scale research is needed, according to Baaij."),
        entry("Jeroen de Baaij (1987)", "Jeroen de Baaij (born 1987)"),
    )
    report = check_catalog(unrevised, path="t.po", glossary=shipped)
    assert [(f.msgid, f.check) for f in report.findings] == [("Aldus Baaij.", "surname-particle")]
    seed = "content/en/7-keer-magnesium-voor-de-hersenen.po"
    revised = check_catalog(read_po(REPO / seed), path=seed, glossary=shipped)
    assert revised.findings == []
