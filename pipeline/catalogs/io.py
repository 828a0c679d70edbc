"""A project's catalogs on disk: their entries by msgid, and writing them without spurious diffs."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from pipeline import files, po
from pipeline.catalogs.memory import COMMENT_PREFIX as TM_COMMENT
from pipeline.catalogs.merge import declare_languages, live
from pipeline.files import atomic_write
from pipeline.project import Project
from pipeline.reports import Report


@dataclass(frozen=True, slots=True)
class Entry:
    """A catalog's translation of one msgid."""

    #: The translated text (empty when untranslated).
    string: str
    #: Whether the entry is marked fuzzy (not reviewed).
    fuzzy: bool
    #: 1-based line of the entry in its PO file.
    lineno: int
    #: Of a fuzzy entry, the Dutch its translation was last reviewed for (``#| msgid``).
    previous: str | None = None
    #: Whether the translation memory filled it (a ``# TM …`` comment): never reviewed here.
    memory: bool = False


def entries(catalog: Catalog) -> dict[str, Entry]:
    """The catalog's active entries by msgid (the header and plurals left out)."""
    found: dict[str, Entry] = {}
    for message in live(catalog):
        if message.id and isinstance(message.id, str) and isinstance(message.string, str):
            # Segments are NFC (parse_document); a tool may have saved the msgid as NFD.
            key = unicodedata.normalize("NFC", message.id)
            entry = Entry(
                message.string,
                message.fuzzy,
                message.lineno or 1,
                _previous(message) if message.fuzzy else None,
                any(c.startswith(TM_COMMENT) for c in message.user_comments),
            )
            if key == message.id or key not in found:
                found[key] = entry
    return found


def _previous(message: Message) -> str | None:
    previous = message.previous_id
    if isinstance(previous, str):
        return unicodedata.normalize("NFC", previous) or None
    return unicodedata.normalize("NFC", previous[0]) if previous else None


def catalog_bytes(project: Project, path: Path, catalog: Catalog) -> bytes | None:
    """What writing ``catalog`` to ``path`` would put there, or ``None`` if nothing would change.

    The header names the catalog's languages (`declare_languages`). Only a new creation
    date is no change: the file keeps its old one (no spurious diffs).
    A template's revision date is its creation date, so it is no change either.
    """
    language = catalog.locale_identifier if path.suffix == ".po" else None
    data = declare_languages(po.generate_po(catalog), language=language).encode()
    old = files.file_bytes(path)
    if old is not None:
        dates = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')
        ignored = dates if catalog.revision_date == catalog.creation_date else dates[:1]
        if _header_without(old, ignored) == _header_without(data, ignored):
            return None
    return data


def _header_without(data: bytes, fields: tuple[bytes, ...]) -> bytes:
    """PO ``data`` without the header lines of ``fields`` (the header: up to the first blank)."""
    end = data.find(b"\n\n")
    header = data if end < 0 else data[:end]
    kept = b"\n".join(line for line in header.split(b"\n") if not line.startswith(fields))
    return kept if end < 0 else kept + data[end:]


def write_catalog(path: Path, catalog: Catalog, report: Report, project: Project) -> None:
    """Write unless only the creation date would change (no spurious diffs).

    A catalog (``.po``) holds a translator's work: it is written durably. A POT is made
    again from its source by the next update: it is not.
    """
    data = catalog_bytes(project, path, catalog)
    if data is None:
        report.unchanged.append(project.display(path))
        return
    atomic_write(path, data, durable=path.suffix != ".pot")
    report.written.append(project.display(path))


def read_catalog(project: Project, lang: str, name: str) -> tuple[dict[str, Entry], str]:
    path = project.catalog_path(lang, name)
    shown = project.display(path)
    if not path.exists():
        return {}, shown
    return entries(po.read_po(path, display_name=shown)), shown
