"""Translations into the token tree: one catalog applied to one parsed document."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from babel.messages.catalog import Catalog

from .catalogs import live
from .document import Document, check_segment_length
from .errors import CatalogError
from .segments import Segment, iter_slots


@dataclass(frozen=True, slots=True)
class Entry:
    """A catalog's translation of one msgid."""

    #: The translated text (empty when untranslated).
    string: str
    #: Whether the entry is marked fuzzy (not reviewed).
    fuzzy: bool
    #: 1-based line of the entry in its PO file.
    lineno: int


@dataclass(frozen=True, slots=True)
class Problem:
    """A segment a release build cannot ship."""

    #: The Dutch segment.
    segment: Segment
    #: ``untranslated`` or ``fuzzy``.
    status: str
    #: Where to fix it: ``content/en/<slug>.po:LINE``, or the source line when the
    #: catalog has no entry for it yet (run ``update``).
    where: str

    def __str__(self) -> str:
        return f"{self.where}: {self.status}: {self.segment.text}"


def entries(catalog: Catalog) -> dict[str, Entry]:
    """The catalog's active entries by msgid (the header and plurals left out)."""
    found: dict[str, Entry] = {}
    for message in live(catalog):
        if message.id and isinstance(message.id, str) and isinstance(message.string, str):
            # Segments are NFC (parse_document); a tool may have saved the msgid as NFD.
            key = unicodedata.normalize("NFC", message.id)
            entry = Entry(message.string, message.fuzzy, message.lineno or 1)
            if key == message.id or key not in found:
                found[key] = entry
    return found


def apply_translations(
    document: Document,
    translations: Mapping[str, Entry],
    *,
    catalog_name: str,
    mark_lang: str = "nl",
) -> list[Problem]:
    """Put every reviewed translation into ``document``, in place.

    A segment without a reviewed translation keeps its Dutch text, its block is
    marked (``class="untranslated"``, ``lang``) for a draft, and it is returned
    as a :class:`Problem`; a release build refuses to ship when any is returned.
    Verbatim segments are kept as they are.
    """
    problems: list[Problem] = []
    for slot in iter_slots(document):
        segment = slot.segment
        if segment.verbatim:
            continue
        entry = translations.get(segment.text)
        if entry is not None and entry.string and not entry.fuzzy:
            check_segment_length(entry.string, what="a translation", filename=catalog_name,
                                 lineno=entry.lineno, error=CatalogError)
            slot.put(entry.string)
            continue
        if entry is None:
            problem = Problem(segment, "untranslated", f"{segment.source}:{segment.line}")
        else:
            status = "fuzzy" if entry.fuzzy and entry.string else "untranslated"
            problem = Problem(segment, status, f"{catalog_name}:{entry.lineno}")
        problems.append(problem)
        if slot.block is not None:
            slot.block.attrJoin("class", f"draft-{problem.status}")
            slot.block.attrSet("lang", mark_lang)
    return problems
