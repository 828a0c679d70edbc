"""A project's catalogs on disk: their entries by msgid, and writing them without spurious diffs."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline import files, po
from pipeline.catalogs.entries import catalog_entries
from pipeline.catalogs.merge import declare_languages
from pipeline.files import atomic_write
from pipeline.project import Project
from pipeline.release import Entry
from pipeline.reports import Report


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
    return catalog_entries(po.read_po(path, display_name=shown)), shown
