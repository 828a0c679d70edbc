"""pipeline/catalogs/issue_catalogs.py: a newsletter issue's template and merged catalog."""

from __future__ import annotations

import datetime
from pathlib import Path

from pipeline.catalogs.issue_catalogs import issue_catalogs, issue_template
from pipeline.project import Project

ISSUE = "2019-10"
DATE = datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC)


def test_an_issues_template_holds_its_subject_and_text_at_their_lines(project: Path) -> None:
    template = issue_template(Project.at(project), ISSUE, date=DATE)
    ids = [m.id for m in template if m.id]
    assert ids[0] == "Magnesium en de hersenen: zeven toepassingen"
    locations = {loc for m in template if m.id for loc in m.locations}
    assert {path for path, _ in locations} == {f"content/nl/newsletters/{ISSUE}.md"}
    assert all(line >= 1 for _, line in locations)


def test_every_issue_has_its_catalog_merged_with_the_translations(project: Path) -> None:
    merged = issue_catalogs(Project.at(project), "en")
    path = project / "content" / "en" / "newsletters" / f"{ISSUE}.po"
    assert list(merged) == [path]
    catalog = merged[path]
    live = [m for m in catalog if m.id]
    assert live and all(m.string and not m.fuzzy for m in live)  # the shipped one is reviewed


def test_a_new_issue_gets_a_catalog_of_untranslated_entries(project: Path) -> None:
    source = project / "content" / "nl" / "newsletters" / "2019-11.md"
    source.write_text(
        "---\ndate: 2019-11-01\nsubject: Nieuw nummer\narticles:\n"
        "- 7-keer-magnesium-voor-de-hersenen\n---\n\nEen inleiding.\n",
        encoding="utf-8",
    )
    merged = issue_catalogs(Project.at(project), "en")
    new = merged[project / "content" / "en" / "newsletters" / "2019-11.po"]
    assert [m.id for m in new if m.id] == ["Nieuw nummer", "Een inleiding."]
    assert not any(m.string for m in new if m.id)  # nothing to borrow: untranslated
