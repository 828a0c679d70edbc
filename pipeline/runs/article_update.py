"""One article's catalog brought up to date (its POT merged in), in a worker process."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline import cache, po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.approvals import parse_record, record_lines
from pipeline.catalogs.entries import catalog_entries
from pipeline.catalogs.io import catalog_bytes
from pipeline.catalogs.memory import Memory, prefill
from pipeline.digests import file_digest
from pipeline.exchange.tmx import tmx_paths
from pipeline.files import file_bytes
from pipeline.project import Project
from pipeline.release import Entry, decide
from pipeline.runs.reviewed import keep_reviewed
from pipeline.runs.staging import stage_file
from pipeline.source.load import read_source
from pipeline.source.segments import Segment, segments


@dataclass(frozen=True, slots=True)
class UpdateTask:
    """One article to bring up to date (picklable, for a worker process)."""

    #: The project directory.
    root: str
    #: The catalogs' language.
    lang: str
    #: The article.
    slug: str
    #: The POT creation date of this run.
    date: datetime.datetime
    #: What the new files are called until all of them can replace the old ones.
    suffix: str


@dataclass(frozen=True, slots=True)
class Updated:
    """What updating one article did."""

    #: The article.
    slug: str
    #: The digest of its inputs as read (:func:`read_key`).
    key: str
    #: The new POT (a temp file), or ``None`` when unchanged.
    pot: str | None = None
    #: The new catalog (a temp file), or ``None`` when unchanged.
    po: str | None = None
    #: Whether entries stay untranslated (a later memory may fill them).
    untranslated: bool = False
    #: Whether the translation memory is needed and was not given: nothing was done.
    needs_memory: bool = False
    #: The new approvals record (a temp file), or ``None`` when unchanged.
    record: str | None = None


def update_key(project: Project, lang: str, slug: str) -> str:
    return read_key(Folders.of(project, lang), slug)[0]


@dataclass(frozen=True, slots=True)
class Folders:
    """Where an article's source, catalog and POT are (made once: thousands of articles)."""

    lang: str
    sources: Path
    catalogs: Path
    pots: Path
    #: The agency's TMX files the memory reads (``pipeline.toml``): a fill's input too.
    tmx: tuple[Path, ...] = ()

    @classmethod
    def of(cls, project: Project, lang: str) -> Folders:
        tmx = tuple(tmx_paths(project))
        return cls(lang, project.source_dir, project.catalog_dir(lang), project.pot_dir, tmx)


def read_key(
    folders: Folders, slug: str, digest_of: Callable[[Path], str] = file_digest
) -> tuple[str, str, str]:
    """The digest of an article's inputs (source, catalog, POT, approvals record, the TMX
    files); and of the source and catalog alone.

    ``digest_of``: each file's digest (``-`` when missing), from its stat when it is unchanged
    (:class:`pipeline.cache.Digests`) or from its bytes (the default).
    """
    source = digest_of(folders.sources / f"{slug}.md")
    catalog = digest_of(folders.catalogs / f"{slug}.po")
    pot = digest_of(folders.pots / f"{slug}.pot")
    record = digest_of(folders.catalogs / "reviewed" / f"{slug}.tsv")
    tmx = [f"{path}={digest_of(path)}" for path in folders.tmx]
    key = cache.key(folders.lang, source, catalog, pot, record, *tmx)
    return key, source, catalog


def untranslated(catalog: Catalog) -> bool:
    return any(isinstance(m.id, str) and m.id and not m.string for m in catalogs.live(catalog))


def update_article(task: UpdateTask, memory: Memory | None = None) -> Updated:
    """Merge one article's POT into its catalog; new files written beside the old ones.

    Without ``memory``, an article with untranslated entries is left for the
    caller (it returns ``needs_memory``): only the caller has every catalog.
    """
    project = Project.at(Path(task.root))
    key = update_key(project, task.lang, task.slug)  # before reading: a race shows next run
    document = read_source(project, project.source_dir / f"{task.slug}.md")
    found = segments(document)
    template = catalogs.segments_template(task.slug, found, date=task.date)
    path = project.catalog_path(task.lang, task.slug)
    shown = project.display(path)
    data = file_bytes(path)
    old = None
    if data is not None:
        old = po.parse_po(data, filename=shown)
        # the memory may need its reviewed entries: keep them (it is not made here)
        keep_reviewed(project, task.lang, task.slug, data, old)
    pot = catalog_bytes(project, project.pot_path(task.slug), template)
    before = catalog_entries(old) if old is not None else None  # the merge changes ``old``
    merged = catalogs.merge(template, old, lang=task.lang, plain=True)
    if untranslated(merged) and memory is None:
        return Updated(task.slug, key, needs_memory=True)  # done again with the memory
    now = catalog_entries(merged) if old is not None else None  # before the memory's fills
    record = _record(project, task.lang, task.slug, found, before, now, shown)
    if memory is not None and untranslated(merged):
        prefill(merged, memory, shown=shown)  # as catalogs.merge does: after the merge
    catalog_data = catalog_bytes(project, path, merged)
    return Updated(
        task.slug,
        key,
        # A POT is made again from its source by the next update: no fsync for it.
        pot=stage_file(project.pot_path(task.slug), pot, task.suffix, durable=False),
        po=stage_file(path, catalog_data, task.suffix, durable=True),
        untranslated=untranslated(merged),
        record=stage_file(project.approvals_path(task.lang, task.slug), record, task.suffix),
    )


def _record(
    project: Project,
    lang: str,
    slug: str,
    found: list[Segment],
    before: dict[str, Entry] | None,
    now: dict[str, Entry] | None,
    shown: str,
) -> bytes | None:
    """The approvals record of the Dutch as it is now (:mod:`pipeline.release`), decided
    from the catalog's entries ``before`` and ``now``, after the merge (which makes changed
    entries fuzzy); ``None`` when the file already says so."""
    path = project.approvals_path(lang, slug)
    data = file_bytes(path)
    record = None if data is None else parse_record(data, filename=project.display(path))
    decision = decide(slug, found, before, now, record, catalog_name=shown)
    source = project.display(project.source_dir / f"{slug}.md")
    text = record_lines(decision.approvals, source=source).encode()
    return None if data == text else text
