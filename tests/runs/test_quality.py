"""pipeline/runs/quality.py: check and suggest over a project's catalogs, findings kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import cache
from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.runs import quality

from ..conftest import SEED_SLUG
from ..robust.test_limits import set_translation

CATALOG = f"content/en/{SEED_SLUG}.po"


def test_the_catalogs_are_every_po_of_the_language_or_those_named(project: Path) -> None:
    p = Project.at(project)
    names = [p.display(path) for path in quality.catalog_paths(p, "en")]
    assert CATALOG in names and "content/en/_templates.po" in names
    assert [path.stem for path in quality.catalog_paths(p, "en", (SEED_SLUG,))] == [SEED_SLUG]
    with pytest.raises(PipelineError, match="no catalog for geen-artikel"):
        quality.catalog_paths(p, "en", ("geen-artikel",))


def _break_a_number(project: Path) -> None:
    set_translation(project, "3. Depression")  # of "2. Depressiviteit"


def test_a_check_finds_the_error_of_a_reviewed_entry(project: Path) -> None:
    _break_a_number(project)
    reports = quality.check(Project.at(project), "en", jobs=1)
    errors = [str(f) for r in reports for f in r.findings if f.severity == "error"]
    assert errors and all(e.startswith(f"{CATALOG}:") and "numbers" in e for e in errors)


def test_a_second_check_keeps_the_findings_without_checking_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_a_number(project)
    p = Project.at(project)
    first = quality.check(p, "en", errors_only=True, jobs=1)
    assert cache.CHECK_ERRORS.at(project, "en").path.is_file()

    def no_checking(task: object) -> None:
        raise AssertionError("checked again although nothing changed")

    monkeypatch.setattr(quality, "_check_catalog", no_checking)
    assert quality.check(p, "en", errors_only=True, jobs=1) == first


def test_suggest_needs_the_catalog(project: Path) -> None:
    with pytest.raises(PipelineError, match="run update first"):
        quality.suggest(Project.at(project), "en", "geen-artikel")
    assert quality.suggest(Project.at(project), "en", SEED_SLUG) == []  # all reviewed
