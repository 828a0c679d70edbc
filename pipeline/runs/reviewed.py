"""The reviewed entries a translation memory is made of, kept per catalog in the build cache."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from babel.messages.catalog import Catalog, Message

from pipeline import cache, po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.memory import Memory, Pair, Pairs
from pipeline.digests import digest
from pipeline.exchange.tmx import tmx_memories
from pipeline.files import file_bytes
from pipeline.project import Project
from pipeline.release import is_reviewed


def reviewed_memory(project: Project, lang: str, names: list[str]) -> Memory:
    """The translation memory of the catalogs ``names`` of ``lang``, as they are on disk,
    made from their kept reviewed entries (a catalog is parsed only when it changed), and
    of the TMX files ``pipeline.toml`` names."""
    catalogs = (  # every catalog as it was, one at a time
        (project.display(project.catalog_path(lang, name)), units)
        for name in names
        if (units := _catalog_units(project, lang, name)) is not None
    )
    return Memory.from_catalogs(itertools.chain(catalogs, tmx_memories(project, lang)))


def keep_reviewed(project: Project, lang: str, name: str, data: bytes, catalog: Catalog) -> None:
    """Keep a catalog's reviewed entries by its bytes' digest, for a later memory."""
    cache.UNITS.at(project.root, lang, name).save(digest(data), _units(catalog))


def _units(catalog: Catalog | None) -> Pairs:
    """The reviewed entries of ``catalog``, live and obsolete."""
    if catalog is None:
        return Pairs(())
    live, obsolete = _pairs(catalogs.live(catalog)), _pairs(catalog.obsolete.values())
    return Pairs(live, dict(enumerate(obsolete)))


def _pairs(messages: Iterable[Message]) -> tuple[Pair, ...]:
    return tuple(
        Pair(m.id, m.string, m.lineno)
        for m in messages
        if isinstance(m.id, str) and m.id and isinstance(m.string, str)
        if is_reviewed(m.string, m.fuzzy)
    )


def _catalog_units(project: Project, lang: str, name: str) -> Pairs | None:
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
