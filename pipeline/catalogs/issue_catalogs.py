"""Newsletter issues' catalogs: each issue's template, merged into its catalog per language."""

from __future__ import annotations

import datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline import po
from pipeline.catalogs import merge as catalogs
from pipeline.project import Project
from pipeline.source.issues import issue_catalog_path, issue_ids, read_issue
from pipeline.source.segments import iter_slots


def issue_template(project: Project, issue_id: str, *, date: datetime.datetime) -> Catalog:
    """The POT of an issue, as ``extract`` makes one for an article."""
    issue = read_issue(project, issue_id)
    found = [slot.segment for slot in iter_slots(issue.document)]
    return catalogs.segments_template(f"newsletters/{issue_id}", found, date=date)


def issue_catalogs(project: Project, lang: str) -> dict[Path, Catalog]:
    """Every issue's catalog in ``lang`` merged with its segments, by path (nothing written).

    Every existing catalog is read (strictly) before any is returned, so a caller
    that writes them writes none when one is malformed.
    """
    project.languages.check(lang, targets_only=True)
    date = catalogs.creation_date()
    templates = {i: issue_template(project, i, date=date) for i in issue_ids(project)}
    old: dict[str, Catalog | None] = {}
    for issue_id in templates:
        path = issue_catalog_path(project, lang, issue_id)
        shown = project.display(path)
        old[issue_id] = po.read_po(path, display_name=shown) if path.exists() else None
    return {
        issue_catalog_path(project, lang, issue_id): catalogs.merge(
            template, old[issue_id], lang=lang, plain=True
        )
        for issue_id, template in templates.items()
    }
