"""An article in one language as a release or a draft publishes it (its edition applied)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import EllipsisType

from babel.messages.catalog import Catalog

from pipeline import po
from pipeline.catalogs.approvals import read_record
from pipeline.catalogs.entries import entries_now
from pipeline.checks.glossary import project_glossary
from pipeline.checks.report import ERROR, CheckReport
from pipeline.checks.rules import check_catalog
from pipeline.project import Project
from pipeline.publish.apply import apply_translations
from pipeline.release import CURRENT, HELD_BACK, Decision, Edition, Unreviewed, decide
from pipeline.source.document import Document
from pipeline.source.load import read_source
from pipeline.source.segments import segments


@dataclass(frozen=True, slots=True)
class Translated:
    """An article read, decided and (unless held back from a release) translated."""

    #: The source, with the translations put in (untouched when held back from a release).
    document: Document
    #: Its edition in the language.
    edition: Edition
    #: Segments shown in Dutch (a draft's; a release shows none).
    problems: tuple[Unreviewed, ...]

    @property
    def published(self) -> bool:
        """Whether a release publishes it (current or outdated)."""
        return self.edition.state != HELD_BACK


def decide_article(
    project: Project,
    lang: str,
    slug: str,
    document: Document | None = None,
    *,
    catalog: Catalog | None | EllipsisType = ...,
    errors: Mapping[str, tuple[int, str]] | None = None,
) -> tuple[Document, Decision]:
    """An article's source and its decision in ``lang`` (:func:`pipeline.release.decide`),
    from its catalog (read from disk unless the caller has read it: ``None`` when there is
    none), its approvals record and the check errors of its reviewed entries (``errors``,
    when the caller has them: :func:`errors_of` a check's report)."""
    if document is None:
        document = read_source(project, project.source_dir / f"{slug}.md")
    path = project.catalog_path(lang, slug)
    shown = project.display(path)
    if isinstance(catalog, EllipsisType):
        catalog = po.read_po(path, display_name=shown) if path.exists() else None
    record = read_record(
        project.approvals_path(lang, slug),
        shown=project.display(project.approvals_path(lang, slug)),
    )
    found = segments(document)
    before, now = entries_now(slug, found, catalog, lang=lang)
    decision = decide(
        slug,
        found,
        before,
        now,
        record,
        catalog_name=shown,
        errors=errors if errors is not None else release_errors(project, catalog, shown, lang),
    )
    return document, decision


def release_errors(
    project: Project, catalog: Catalog | None, shown: str, lang: str
) -> dict[str, tuple[int, str]]:
    """The first check error of each entry of ``catalog`` (reviewed ones: the others have
    warnings only), by msgid: its line and ``check: message``."""
    if catalog is None:
        return {}
    report = check_catalog(
        catalog,
        path=shown,
        glossary=project_glossary(project, lang),
        source_lang=project.source_lang,
        target_lang=lang,
    )
    return errors_of(report)


def errors_of(report: CheckReport) -> dict[str, tuple[int, str]]:
    """The first error finding of each entry of a check's ``report`` (only reviewed entries
    have errors), by msgid: its line and ``check: message``."""
    errors: dict[str, tuple[int, str]] = {}
    for finding in report.findings:
        if finding.severity == ERROR:
            errors.setdefault(finding.msgid, (finding.line, f"{finding.check}: {finding.message}"))
    return errors


def translate_article(project: Project, lang: str, slug: str, *, draft: bool) -> Translated:
    """``slug`` in ``lang``: a draft with every reviewed translation and the Dutch marked
    where there is none; a release with its edition's (the last-approved English of an
    outdated article's changed segments), or, held back, not translated at all."""
    if lang == project.source_lang:
        document = read_source(project, project.source_dir / f"{slug}.md")
        return Translated(document, Edition(slug, CURRENT, "", 0, 0), ())
    document, decision = decide_article(project, lang, slug)
    edition = decision.edition
    if not draft and not decision.published:
        return Translated(document, edition, ())
    shown = project.display(project.catalog_path(lang, slug))
    applied = decision.entries if draft else decision.release_entries()
    problems = apply_translations(
        document, applied, catalog_name=shown, mark_lang=project.source_lang
    )
    return Translated(document, edition, tuple(problems))
