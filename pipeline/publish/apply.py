"""Translations into the token tree: one catalog applied to one parsed document."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.errors import CatalogError
from pipeline.release import Entry, Unreviewed
from pipeline.source.document import Document, check_segment_length
from pipeline.source.segments import iter_slots


def apply_translations(
    document: Document,
    translations: Mapping[str, Entry],
    *,
    catalog_name: str,
    mark_lang: str = "nl",
) -> list[Unreviewed]:
    """Put every reviewed translation into ``document``, in place.

    A segment without a reviewed translation keeps its Dutch text, its block is
    marked (``class="untranslated"``, ``lang``) for a draft, and it is returned
    as a :class:`Unreviewed`; a release build refuses to ship when any is returned.
    Verbatim segments are kept as they are.
    """
    problems: list[Unreviewed] = []
    for slot in iter_slots(document):
        segment = slot.segment
        if segment.verbatim:
            continue
        entry = translations.get(segment.text)
        if entry is not None and entry.reviewed:
            check_segment_length(
                entry.string,
                what="a translation",
                filename=catalog_name,
                lineno=entry.lineno,
                error=CatalogError,
            )
            slot.put(entry.string)
            continue
        problem = Unreviewed.of(segment, entry, catalog_name)
        problems.append(problem)
        if slot.block is not None:
            slot.block.attrJoin("class", f"draft-{problem.status}")
            slot.block.attrSet("lang", mark_lang)
    return problems
