"""An agency's XLIFF received: its units merged into the catalogs they were exported from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline import files, po
from pipeline.catalogs.merge import live
from pipeline.errors import CatalogError, PipelineError
from pipeline.exchange.xliff import Unit, read_units, state_of, unit_id
from pipeline.files import atomic_write
from pipeline.lock import exclusive_lock
from pipeline.project import Project


@dataclass(frozen=True, slots=True)
class Notice:
    """A unit an import left out, and why."""

    #: ``FILE:LINE`` of the unit in the XLIFF file.
    where: str
    #: What happened, in one line.
    message: str

    def __str__(self) -> str:
        return f"{self.where}: warning: {self.message}"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did."""

    #: The catalogs written (as users see them).
    written: tuple[str, ...]
    #: How many units changed an entry.
    units: int
    #: The units left out: Dutch no longer in the catalog, conflicts, …
    notices: tuple[Notice, ...]


def import_xliff(project: Project, paths: Sequence[Path]) -> Imported:
    """Merge the units of the XLIFF files ``paths`` into the project's catalogs.

    An approved unit becomes a reviewed entry (no ``fuzzy``, no ``#|``), another a
    fuzzy one. A unit whose Dutch is no longer in its catalog, or whose entry changed
    in the catalog since the export (a conflict), is a :class:`Notice` and not written;
    nothing else in a catalog changes. A malformed file is a :class:`PipelineError` at
    its ``file:line``, and then nothing is written. Under the project lock.
    """
    by_catalog: dict[Path, list[Unit]] = {}
    for path in paths:
        for catalog_path, units in read_units(project, path):
            by_catalog.setdefault(catalog_path, []).extend(units)
    notices: list[Notice] = []
    count = 0
    with exclusive_lock(project.lock_path):
        new_data: dict[Path, bytes] = {}
        for catalog_path, units in by_catalog.items():
            shown = project.display(catalog_path)
            data = files.file_bytes(catalog_path)
            if data is None:
                raise PipelineError(
                    f"no catalog {shown} (run pipeline update)",
                    filename=units[0].filename,
                    lineno=units[0].line,
                )
            catalog = po.parse_po(data, filename=shown)
            changed = _merge_units(catalog, units, shown, notices)
            if changed:
                new = po.generate_po(catalog).encode()
                po.parse_po(new, filename=shown)  # what is written must read back
                if new != data:
                    new_data[catalog_path] = new
                count += changed
        for catalog_path, new in new_data.items():  # all read and checked: now write
            atomic_write(catalog_path, new)
    written = tuple(project.display(p) for p in new_data)
    return Imported(written, count, tuple(notices))


def _merge_units(catalog: Catalog, units: list[Unit], shown: str, notices: list[Notice]) -> int:
    """Apply ``units`` to ``catalog``; how many changed an entry. Left-out units are noticed."""
    by_id = {unit_id(m): m for m in live(catalog) if isinstance(m.id, str) and m.id}
    changed = 0
    for unit in units:
        message = by_id.get(unit.id)
        if message is None or str(message.id) != unit.source:
            notices.append(Notice(unit.where, f"its Dutch is no longer in {shown}: not imported"))
            continue
        now = state_of(message)
        if unit.new in (now, unit.exported):
            continue  # nothing to do: the catalog has it, or the agency changed nothing
        if not unit.approved and unit.new.english == (unit.exported or now).english:
            continue  # the English as it was, not confirmed: a reviewed entry stays reviewed
        at = f"{shown}:{message.lineno}"
        if unit.exported is None:
            notices.append(
                Notice(unit.where, f"no exported version to compare with {at}: not imported")
            )
            continue
        if now != unit.exported:
            notices.append(
                Notice(unit.where, f"conflict: {at} changed since the export: not imported")
            )
            continue
        if unit.approved and not unit.new.english:
            notices.append(Notice(unit.where, "approved with no English: not imported"))
            continue
        refused = _refused(unit.source, unit.new.english)
        if refused:
            raise CatalogError(refused, filename=unit.filename, lineno=unit.line)
        message.string = unit.new.english
        if unit.new.english and not unit.new.fuzzy:
            message.flags.discard("fuzzy")
            message.previous_id = []
            message.previous_context = None  # type: ignore[attr-defined]
        elif unit.new.english:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
        changed += 1
    return changed


def _refused(msgid: str, msgstr: str) -> str | None:
    """Why msgfmt would refuse ``msgstr`` as the translation of ``msgid``, or ``None``."""
    catalog = Catalog(fuzzy=False)  # msgfmt's checks of one msgid/msgstr: no language needed
    catalog.add(msgid, msgstr)
    try:
        po.parse_po(po.generate_po(catalog).encode(), filename="-")
    except CatalogError as exc:
        return exc.message
    return None
