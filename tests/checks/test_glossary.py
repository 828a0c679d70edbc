"""pipeline/checks/glossary.py: the terminology read from CSV (a column per target language),
and terms found or missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks.glossary import Glossary, load_glossary, project_glossary
from pipeline.checks.rules import check_catalog
from pipeline.errors import PipelineError
from pipeline.project import Project

from .test_rules import catalog, entry

THREE = (
    "nl,en,de,note\n"
    "magnesiumtekort,magnesium deficiency,Magnesiummangel,\n"
    "hersenvocht,cerebrospinal fluid,,no German term yet\n"
    "Jeroen de Baaij,Jeroen de Baaij,Jeroen de Baaij,Name: the researcher\n"
)


def _glossary(tmp_path: Path, text: str, lang: str | None = None) -> Glossary:
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    return load_glossary(path, display_name="content/glossary.csv", lang=lang)


def test_each_target_language_reads_its_own_column(tmp_path: Path) -> None:
    english = _glossary(tmp_path, THREE)
    german = _glossary(tmp_path, THREE, "de")
    assert english.lang == "en" and [t.target for t in english.terms] == [
        ("magnesium deficiency",),
        ("cerebrospinal fluid",),
        ("Jeroen de Baaij",),
    ]
    # an empty cell: no term in that language, the row is not checked in it
    assert german.lang == "de" and [t.target for t in german.terms] == [
        ("Magnesiummangel",),
        ("Jeroen de Baaij",),
    ]
    # a language without a column: no terms, no glossary check
    assert _glossary(tmp_path, THREE, "fr").terms == ()


def test_the_shipped_header_keeps_working(tmp_path: Path) -> None:
    glossary = _glossary(tmp_path, "nl,en,note\nsuppletie,supplementation,\n")
    assert glossary.lang == "en" and glossary.terms[0].target == ("supplementation",)
    assert _glossary(tmp_path, "nl,en,note\nsuppletie,supplementation,\n", "de").terms == ()


def test_plural_endings_only_where_the_language_has_a_rule(tmp_path: Path) -> None:
    english = _glossary(tmp_path, THREE)
    german = _glossary(tmp_path, THREE, "de")
    source = "Magnesiumtekorten komen vaak voor."
    assert english.missing(source, "Magnesium deficiencies are common.") == []
    assert german.missing(source, "Ein Magnesiummangel ist häufig.") == []
    # English plural endings are not German ones: the term as written is asked for
    assert [t.line for _, t in german.missing(source, "Magnesiummangelies sind häufig.")] == [2]


def test_surname_particle_is_an_english_rule(tmp_path: Path) -> None:
    cat = catalog(entry("Volgens De Baaij is dat zo.", "Laut Baaij ist das so."))
    german = check_catalog(
        cat, path="t.po", glossary=_glossary(tmp_path, THREE, "de"), target_lang="de"
    )
    assert "surname-particle" not in {f.check for f in german.findings}
    cat = catalog(entry("Volgens De Baaij is dat zo.", "According to Baaij it is."))
    english = check_catalog(cat, path="t.po", glossary=_glossary(tmp_path, THREE))
    assert "surname-particle" in {f.check for f in english.findings}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("nl,en,en,note\n", 1, "first line"),
        ("nl,note\n", 1, "first line"),
        ("nl,en,de,note\nmagnesium,,,\n", 2, "empty term"),
        ("nl,en,de,note\nmagnesium,a,b,c,d\n", 2, "columns"),
    ],
)
def test_header_and_rows_errors(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(PipelineError) as error:
        _glossary(tmp_path, text)
    assert error.value.lineno == line and words in error.value.message


def _written(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "glossary.csv"
    path.write_text("nl,en,note\n" + rows, encoding="utf-8")
    return path


def test_rows_become_terms_with_their_alternatives_and_lines(tmp_path: Path) -> None:
    glossary = load_glossary(
        _written(tmp_path, "suppletie,supplementation,\nbrein|hersenen,brain,x\n")
    )
    assert [(t.source, t.target, t.line) for t in glossary.terms] == [
        (("suppletie",), ("supplementation",), 2),
        (("brein", "hersenen"), ("brain",), 3),
    ]


def test_a_term_missing_from_the_translation_is_found(tmp_path: Path) -> None:
    glossary = load_glossary(_written(tmp_path, "suppletie,supplementation,\n"))
    ((found, term),) = glossary.missing("Over suppletie.", "About supplements.")
    assert found == "suppletie" and term.target == ("supplementation",)
    assert glossary.missing("Over suppletie.", "About supplementation.") == []
    assert glossary.missing("Over iets anders.", "About something else.") == []


def test_the_alternative_a_translation_uses_is_told(tmp_path: Path) -> None:
    glossary = load_glossary(_written(tmp_path, "tekort,deficiency|shortage,\n"))
    ((found, _, index),) = glossary.used("Een tekort.", "A shortage.")
    assert (found, index) == ("tekort", 1)


def test_a_bad_row_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = _written(tmp_path, "suppletie,supplementation,\n,brain,\n")
    with pytest.raises(PipelineError) as caught:
        load_glossary(path, display_name="content/glossary.csv")
    assert (caught.value.filename, caught.value.lineno) == ("content/glossary.csv", 3)


def test_the_projects_glossary_is_content_glossary_csv(project: Path) -> None:
    glossary = project_glossary(Project.at(project))
    assert glossary is not None and glossary.terms[0].source == ("NMDA-receptor",)
    (project / "content" / "glossary.csv").unlink()
    assert project_glossary(Project.at(project)) is None
