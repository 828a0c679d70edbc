"""``extract``: one POT per article and one for the templates, an unchanged POT left as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.project import TEMPLATES_DOMAIN, Project
from pipeline.runs.extract import catalog_templates, extract
from pipeline.source.load import read_sources

from ..conftest import SEED_SLUG

POTS = [f"content/pot/{SEED_SLUG}.pot", "content/pot/_templates.pot"]


def _pots(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "content" / "pot").iterdir())}


def test_catalog_templates_one_per_article_and_the_templates(project: Path) -> None:
    root = Project.at(project)
    templates = catalog_templates(root, read_sources(root))
    assert list(templates) == [SEED_SLUG, TEMPLATES_DOMAIN]
    assert "Wat is de NMDA-receptor?" in templates[SEED_SLUG]
    assert "Lees verder" in templates[TEMPLATES_DOMAIN]


def test_an_unchanged_pot_is_left_untouched_whatever_the_date(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # another day than the shipped POTs'
    before = _pots(project)
    report = extract(Project.at(project))
    assert (report.written, sorted(report.unchanged)) == ([], sorted(POTS))
    assert _pots(project) == before


def test_extract_writes_the_pots_of_new_and_changed_articles(project: Path) -> None:
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Wat is de NMDA-", "Wat is een NMDA-"), encoding="utf-8")
    (project / "content" / "nl" / "nieuw.md").write_text("# Nieuw\n\nEen alinea.\n", "utf-8")
    report = extract(Project.at(project))
    assert sorted(report.written) == [
        "content/pot/7-keer-magnesium-voor-de-hersenen.pot",
        "content/pot/nieuw.pot",
    ]
    assert report.unchanged == ["content/pot/_templates.pot"]
    pot = (project / "content" / "pot" / f"{SEED_SLUG}.pot").read_text(encoding="utf-8")
    assert 'msgid "Wat is een NMDA-receptor?"' in pot and "Wat is de NMDA" not in pot
    new = (project / "content" / "pot" / "nieuw.pot").read_text(encoding="utf-8")
    assert '#: content/nl/nieuw.md:3\nmsgid "Een alinea."' in new
    assert "POT-Creation-Date: 2019-10-02 00:00+0000" in new  # SOURCE_DATE_EPOCH
