"""pipeline/checks/glossary.py: the terminology read from CSV, and terms found or missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks.glossary import load_glossary, project_glossary
from pipeline.errors import PipelineError
from pipeline.project import Project


def _glossary(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "glossary.csv"
    path.write_text("nl,en,note\n" + rows, encoding="utf-8")
    return path


def test_rows_become_terms_with_their_alternatives_and_lines(tmp_path: Path) -> None:
    glossary = load_glossary(
        _glossary(tmp_path, "suppletie,supplementation,\nbrein|hersenen,brain,x\n")
    )
    assert [(t.source, t.target, t.line) for t in glossary.terms] == [
        (("suppletie",), ("supplementation",), 2),
        (("brein", "hersenen"), ("brain",), 3),
    ]


def test_a_term_missing_from_the_translation_is_found(tmp_path: Path) -> None:
    glossary = load_glossary(_glossary(tmp_path, "suppletie,supplementation,\n"))
    ((found, term),) = glossary.missing("Over suppletie.", "About supplements.")
    assert found == "suppletie" and term.target == ("supplementation",)
    assert glossary.missing("Over suppletie.", "About supplementation.") == []
    assert glossary.missing("Over iets anders.", "About something else.") == []


def test_the_alternative_a_translation_uses_is_told(tmp_path: Path) -> None:
    glossary = load_glossary(_glossary(tmp_path, "tekort,deficiency|shortage,\n"))
    ((found, _, index),) = glossary.used("Een tekort.", "A shortage.")
    assert (found, index) == ("tekort", 1)


def test_a_bad_row_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = _glossary(tmp_path, "suppletie,supplementation,\n,brain,\n")
    with pytest.raises(PipelineError) as caught:
        load_glossary(path, display_name="content/glossary.csv")
    assert (caught.value.filename, caught.value.lineno) == ("content/glossary.csv", 3)


def test_the_projects_glossary_is_content_glossary_csv(project: Path) -> None:
    glossary = project_glossary(Project.at(project))
    assert glossary is not None and glossary.terms[0].source == ("NMDA-receptor",)
    (project / "content" / "glossary.csv").unlink()
    assert project_glossary(Project.at(project)) is None
