"""The reviewed entries a translation memory is made of, kept per catalog in the build cache."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from babel.messages.catalog import Catalog

from pipeline import cache, po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.memory import Memory
from pipeline.digests import digest
from pipeline.exchange.tmx import tmx_memories
from pipeline.files import file_bytes
from pipeline.project import Project


@dataclass(frozen=True, slots=True)
class Unit:
    """A reviewed entry, as kept and as the translation memory reads it (a message's fields)."""

    #: The Dutch (msgid).
    id: str
    #: Its reviewed translation (msgstr).
    string: str
    #: Its line in the catalog.
    lineno: int | None
    #: Whether the entry is obsolete (``#~``).
    obsolete: bool = False
    #: Never fuzzy: only reviewed entries are kept.
    fuzzy: ClassVar[bool] = False


def reviewed_memory(project: Project, lang: str, names: list[str]) -> Memory:
    """The translation memory of the catalogs ``names`` of ``lang``, as they are on disk,
    made from their kept reviewed entries (a catalog is parsed only when it changed), and
    of the TMX files ``pipeline.toml`` names."""
    catalogs = (  # every catalog as it was, one at a time
        (project.display(project.catalog_path(lang, name)), _UnitsCatalog(units))
        for name in names
        if (units := _catalog_units(project, lang, name)) is not None
    )
    return Memory.from_catalogs(itertools.chain(catalogs, tmx_memories(project, lang)))


def keep_reviewed(project: Project, lang: str, name: str, data: bytes, catalog: Catalog) -> None:
    """Keep a catalog's reviewed entries by its bytes' digest, for a later memory."""
    cache.UNITS.at(project.root, lang, name).save(digest(data), _units(catalog))


def _units(catalog: Catalog | None) -> tuple[Unit, ...]:
    """The reviewed entries of ``catalog``."""
    if catalog is None:
        return ()
    return tuple(
        Unit(m.id, m.string, m.lineno, obsolete)
        for obsolete, messages in (
            (False, catalogs.live(catalog)),
            (True, catalog.obsolete.values()),
        )
        for m in messages
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    )


class _UnitsCatalog:
    """Cached reviewed entries, shaped as the memory reads a catalog (no re-parsing)."""

    def __init__(self, units: tuple[Unit, ...]) -> None:
        self._live = [unit for unit in units if not unit.obsolete]
        self.obsolete = {k: unit for k, unit in enumerate(units) if unit.obsolete}

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._live)


def _catalog_units(project: Project, lang: str, name: str) -> tuple[Unit, ...] | None:
    """A catalog's reviewed entries (kept, or read anew), ``None`` when there is no catalog.

    One file per catalog, read when the memory is built: an update holds no catalog's
    text longer than it needs it.
    """
    path = project.catalog_path(lang, name)
    known = cache.digests(project.root).of(path)  # the file read only when its stat changed
    units = cache.UNITS.at(project.root, lang, name).load(known)
    if units is None:
        data = file_bytes(path)
        if data is None:
            return None
        catalog = po.parse_po(data, filename=project.display(path))
        keep_reviewed(project, lang, name, data, catalog)
        units = _units(catalog)
    return units
