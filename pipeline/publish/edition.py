"""An article in one language as a release or a draft publishes it (its edition applied)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.catalogs.edition import Pairs, article_edition, release_entries
from pipeline.project import SOURCE_LANG, Project
from pipeline.publish.apply import apply_translations
from pipeline.reports import CURRENT, HELD_BACK, Edition, Unreviewed
from pipeline.source.document import Document
from pipeline.source.load import read_source


@dataclass(frozen=True, slots=True)
class Translated:
    """An article read, decided and (unless held back from a release) translated."""

    #: The source, with the translations put in (untouched when held back from a release).
    document: Document
    #: Its edition in the language.
    edition: Edition
    #: Segments shown in Dutch (a draft's; a release shows none).
    problems: tuple[Unreviewed, ...]
    #: The reviewed pairs known after reading its catalog (the record to keep).
    record: Pairs

    @property
    def published(self) -> bool:
        """Whether a release publishes it (current or outdated)."""
        return self.edition.state != HELD_BACK


def translate_article(
    project: Project, lang: str, slug: str, known: Pairs = frozenset(), *, draft: bool
) -> Translated:
    """``slug`` in ``lang``: a draft with every reviewed translation and the Dutch marked
    where there is none; a release with its edition's (the last-reviewed English of an
    outdated article's changed segments), or, held back, not translated at all.

    ``known``: the reviewed pairs recorded for the article (:mod:`pipeline.catalogs.edition`).
    """
    if lang == SOURCE_LANG:
        document = read_source(project, project.source_dir / f"{slug}.md")
        return Translated(document, Edition(slug, CURRENT, "", 0, 0), (), known)
    document, entries, edition, record = article_edition(project, lang, slug, known)
    if not draft and edition.state == HELD_BACK:
        return Translated(document, edition, (), record)
    applied = entries if draft else release_entries(entries, edition)
    shown = project.display(project.catalog_path(lang, slug))
    problems = apply_translations(document, applied, catalog_name=shown, mark_lang=SOURCE_LANG)
    return Translated(document, edition, tuple(problems), record)
