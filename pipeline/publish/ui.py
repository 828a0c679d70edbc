"""The words the templates add, in one language, through ``content/<lang>/_templates.po``."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.catalogs.io import read_catalog
from pipeline.project import SOURCE_LANG, TEMPLATES_DOMAIN, Project
from pipeline.release import Entry, Unreviewed
from pipeline.source.segments import Segment


@dataclass(slots=True)
class UiStrings:
    """The templates' strings in one language, remembering the ones not reviewed."""

    lang: str
    translations: dict[str, Entry]
    catalog_name: str
    missing: dict[str, Unreviewed] = field(default_factory=dict)

    def gettext(self, text: str) -> str:
        if self.lang == SOURCE_LANG:
            return text
        entry = self.translations.get(text)
        if entry is not None and entry.reviewed:
            return entry.string
        if entry is None:
            where, status = f"{self.catalog_name}", "untranslated"
        else:
            status = "fuzzy" if entry.fuzzy and entry.string else "untranslated"
            where = f"{self.catalog_name}:{entry.lineno}"
        segment = Segment(text, "template", "templates", 0, verbatim=False)
        self.missing.setdefault(text, Unreviewed(segment, status, where))
        return text


def ui_strings(project: Project, lang: str) -> UiStrings:
    """The templates' strings in ``lang`` (``content/<lang>/_templates.po``; Dutch as written):
    handouts, newsletters, the index and the PDFs say their words through its ``gettext``."""
    if lang == SOURCE_LANG:
        return UiStrings(lang, {}, "")
    return UiStrings(lang, *read_catalog(project, lang, TEMPLATES_DOMAIN))
