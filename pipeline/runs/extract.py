"""``extract``: one POT per article and one for the templates, into ``content/pot/``."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.io import write_catalog
from pipeline.project import TEMPLATES_DOMAIN, Project
from pipeline.reports import Report
from pipeline.source.document import Document
from pipeline.source.load import read_sources
from pipeline.source.segments import segments


def catalog_templates(project: Project, documents: list[Document]) -> dict[str, Catalog]:
    """The POT of every article and of the templates, by catalog name."""
    date = catalogs.creation_date()
    found: dict[str, Catalog] = {}
    for document in documents:
        found[document.slug] = catalogs.segments_template(
            document.slug, segments(document), date=date
        )
    found[TEMPLATES_DOMAIN] = catalogs.ui_template(project.templates_dir, "templates", date=date)
    return found


def extract(project: Project) -> Report:
    """Write one POT per article (and one for the templates) into ``content/pot/``."""
    report = Report()
    templates = catalog_templates(project, read_sources(project))
    for name, template in templates.items():
        write_catalog(project.pot_path(name), template, report, project)
    return report
