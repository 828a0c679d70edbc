"""``update``: extract each article's POT and merge it into its catalog, only where stale."""

from __future__ import annotations

import datetime
import os
import signal
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog

from pipeline import files, po
from pipeline.build import parallel
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.io import catalog_bytes, write_catalog
from pipeline.files import atomic_write, exclusive_lock
from pipeline.project import TEMPLATES_DOMAIN, Project, check_lang
from pipeline.reports import BuildReport, Progress, Report
from pipeline.source.document import Document
from pipeline.source.read import read_source
from pipeline.source.segments import segments

if TYPE_CHECKING:
    from pipeline.catalogs.memory import Memory


def catalog_templates(project: Project, documents: list[Document]) -> dict[str, Catalog]:
    """The POT of every article and of the templates, by catalog name."""
    date = catalogs.creation_date()
    found: dict[str, Catalog] = {}
    for document in documents:
        found[document.slug] = catalogs.segments_template(
            document.slug, segments(document), date=date
        )
    found[TEMPLATES_DOMAIN] = catalogs.ui_template(project.templates_dir, "templates", date=date)
    return found


def update(
    project: Project, lang: str, *, jobs: int | None = None, progress: Progress | None = None
) -> BuildReport:
    """Extract, then merge each POT into ``content/<lang>/<slug>.po`` (under the project lock).

    ``jobs``: worker processes (``1``: all in this one; default: every core when
    many articles changed). ``progress(done, total)`` is called as articles finish.
    """
    with exclusive_lock(project.lock_path):
        return _update(project, lang, jobs=jobs, progress=progress)


@dataclass(frozen=True, slots=True)
class _UpdateTask:
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
class _Updated:
    """What updating one article did."""

    #: The article.
    slug: str
    #: The digest of its source, catalog and POT as read.
    key: str
    #: The new POT (a temp file), or ``None`` when unchanged.
    pot: str | None = None
    #: The new catalog (a temp file), or ``None`` when unchanged.
    po: str | None = None
    #: Whether entries stay untranslated (a later memory may fill them).
    untranslated: bool = False
    #: Whether the translation memory is needed and was not given: nothing was done.
    needs_memory: bool = False


@dataclass(frozen=True, slots=True)
class _UpdateRecord:
    """An article whose source, catalog and POT an update left as they were."""

    #: The digest of source, catalog and POT.
    key: str
    #: The memory's digest it was merged with, when some of its entries are untranslated.
    memory: str | None


def _update_key(project: Project, lang: str, slug: str) -> str:
    return _read_key(_Folders.of(project, lang), slug)[0]


@dataclass(frozen=True, slots=True)
class _Folders:
    """Where an article's source, catalog and POT are (made once: thousands of articles)."""

    lang: str
    sources: Path
    catalogs: Path
    pots: Path

    @classmethod
    def of(cls, project: Project, lang: str) -> _Folders:
        return cls(lang, project.source_dir, project.catalog_dir(lang), project.pot_dir)


def _read_key(folders: _Folders, slug: str) -> tuple[str, str, str]:
    """The digest of an article's source, catalog and POT; and of the source and catalog alone."""
    source = files.file_bytes(folders.sources / f"{slug}.md") or b"-"
    catalog = files.file_bytes(folders.catalogs / f"{slug}.po") or b"-"
    key = files.digest(
        files.code_digest(),
        folders.lang,
        source,
        catalog,
        files.file_bytes(folders.pots / f"{slug}.pot") or b"-",
    )
    return key, files.digest(source), files.digest(catalog) if catalog != b"-" else "-"


def _rest_key(project: Project, lang: str, sources: list[str]) -> str:
    """The digest of what the templates' and the newsletters' catalogs are made from.

    The newsletter issues quote the articles, hence their sources' digests; the
    translation memory is the other input, and is recorded beside this key.
    """
    return files.digest(
        files.code_digest(),
        lang,
        files.tree_digest(project.templates_dir),
        files.file_bytes(project.pot_path(TEMPLATES_DOMAIN)) or b"-",
        files.file_bytes(project.catalog_path(lang, TEMPLATES_DOMAIN)) or b"-",
        files.tree_digest(project.source_dir / "newsletters"),
        files.tree_digest(project.catalog_dir(lang) / "newsletters"),
        *sources,
    )


def _units(catalog: Catalog | None) -> tuple[tuple[bool, str, str, int | None], ...]:
    """The reviewed entries of ``catalog``: (obsolete, msgid, msgstr, line)."""
    if catalog is None:
        return ()
    return tuple(
        (obsolete, m.id, m.string, m.lineno)
        for obsolete, messages in (
            (False, catalogs.live(catalog)),
            (True, catalog.obsolete.values()),
        )
        for m in messages
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    )


@dataclass(frozen=True, slots=True)
class _Reviewed:
    """A reviewed entry as the translation memory reads it (a message's four fields)."""

    id: str
    string: str
    lineno: int | None
    fuzzy: bool = False


class _UnitsCatalog:
    """Cached reviewed entries, shaped as the memory reads a catalog (no re-parsing)."""

    def __init__(self, units: tuple[tuple[bool, str, str, int | None], ...]) -> None:
        self._live = [_Reviewed(i, s, n) for obsolete, i, s, n in units if not obsolete]
        self.obsolete = {
            k: _Reviewed(i, s, n) for k, (obsolete, i, s, n) in enumerate(units) if obsolete
        }

    def __iter__(self) -> Iterator[_Reviewed]:
        return iter(self._live)


def _untranslated(catalog: Catalog) -> bool:
    return any(isinstance(m.id, str) and m.id and not m.string for m in catalogs.live(catalog))


def _update_article(task: _UpdateTask, memory: Memory | None = None) -> _Updated:
    """Merge one article's POT into its catalog; new files written beside the old ones.

    Without ``memory``, an article with untranslated entries is left for the
    caller (it returns ``needs_memory``): only the caller has every catalog.
    """
    project = Project(Path(task.root))
    key = _update_key(project, task.lang, task.slug)  # before reading: a race shows next run
    document = read_source(project, project.source_dir / f"{task.slug}.md")
    template = catalogs.segments_template(task.slug, segments(document), date=task.date)
    path = project.catalog_path(task.lang, task.slug)
    shown = project.display(path)
    data = files.file_bytes(path)
    old = po.parse_po(data, filename=shown) if data is not None else None
    if old is not None:  # the memory may need its reviewed entries: keep them (not here)
        _keep_units(project, task.lang, task.slug, data, old)
    pot = catalog_bytes(project, project.pot_path(task.slug), template)
    merged = catalogs.merge(template, old, lang=task.lang, plain=True)
    if _untranslated(merged):
        if memory is None:
            return _Updated(task.slug, key, needs_memory=True)
        from pipeline.catalogs.memory import (
            prefill,  # as catalogs.merge does with a memory: after the merge
        )

        prefill(merged, memory, shown=shown)
    po_bytes = catalog_bytes(project, path, merged)
    return _Updated(
        task.slug,
        key,
        pot=_stage_file(project.pot_path(task.slug), pot, task.suffix),
        po=_stage_file(path, po_bytes, task.suffix),
        untranslated=_untranslated(merged),
    )


def _stage_file(path: Path, data: bytes | None, suffix: str) -> str | None:
    """Write ``data`` beside ``path`` under a temp name; the caller renames it (or removes it)."""
    if data is None:
        return None
    temp = path.with_name(f".{path.name}{suffix}")
    atomic_write(temp, data)
    return str(temp)


def _update(
    project: Project, lang: str, *, jobs: int | None = None, progress: Progress | None = None
) -> BuildReport:
    """Extract, then merge each POT into ``content/<lang>/<slug>.po``.

    Every existing catalog is read (strictly) before anything is written, so a
    malformed one stops the update with no file changed: new files wait beside
    the old ones under a temp name until every article is done. An article whose
    source, catalog and POT are as the last update left them is skipped.
    """
    started = time.perf_counter()
    check_lang(lang, targets_only=True)
    date = catalogs.creation_date()
    store = files.cache_dir(project.root) / f"update-{lang}.pickle"
    records: dict[str, _UpdateRecord] = files.load(store)
    slugs = [path.stem for path in project.articles()]
    suffix = f".update-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    _remove_staged(project, lang, ".update-*")  # left by a run that was killed (we hold the lock)
    folders = _Folders.of(project, lang)
    read = {slug: _read_key(folders, slug) for slug in slugs}
    keys = {slug: key for slug, (key, _, _) in read.items()}
    sources = [source for _, source, _ in read.values()]
    memory_key = files.digest(
        *(catalog for _, _, catalog in read.values()),
        files.file_digest(project.catalog_path(lang, TEMPLATES_DOMAIN)),
    )
    fresh = {
        slug
        for slug in slugs
        if (record := records.get(slug)) is not None
        and record.key == keys[slug]
        and record.memory in (None, memory_key)
    }
    tasks = [
        _UpdateTask(str(project.root), lang, slug, date, suffix)
        for slug in slugs
        if slug not in fresh
    ]
    rest_store = files.cache_dir(project.root) / f"update-{lang}-rest.pickle"
    rest = files.load_value(rest_store, _rest_key(project, lang, sources))
    # The templates' and newsletters' catalogs are as the last update left them, from the
    # same inputs (and the same memory, if it mattered): they need not be made again.
    rest_fresh = rest is not None and rest[0] in (None, memory_key)
    if not tasks and rest_fresh:  # nothing to do at all
        report = BuildReport(fresh=len(fresh))
        report.unchanged = [project.display(path) for path in _catalog_files(project, lang, slugs)]
        report.seconds = time.perf_counter() - started
        return report
    done: dict[str, _Updated] = {}
    try:
        count = len(fresh)
        if progress is not None:
            progress(count, len(slugs))
        for result in parallel.run(_update_article, tasks, jobs=parallel.workers(len(tasks), jobs)):
            done[result.slug] = result
            count += 1
            if progress is not None:
                progress(count, len(slugs))
        needy = [slug for slug, result in done.items() if result.needs_memory]
        templates_path = project.catalog_path(lang, TEMPLATES_DOMAIN)
        templates_old = (
            po.read_po(templates_path, display_name=project.display(templates_path))
            if templates_path.exists() and (needy or not rest_fresh)
            else None
        )
        templates_pot: Catalog | None = None
        issues: dict[Path, Catalog] = {}
        if not rest_fresh:
            templates_pot = catalogs.ui_template(project.templates_dir, "templates", date=date)
            from pipeline.publish.newsletter import (
                issue_catalogs,  # newsletters are read after the articles
            )

            issues = issue_catalogs(project, lang)
        memory: Memory | None = None
        if needy or (not rest_fresh and (templates_old is None or _untranslated(templates_old))):
            from pipeline.catalogs.memory import (
                Memory,  # rapidfuzz: only when an entry is to be filled
            )

            memory = Memory.from_catalogs(  # every catalog as it was, one at a time
                (project.display(project.catalog_path(lang, name)), _UnitsCatalog(units))
                for name in [*slugs, TEMPLATES_DOMAIN]
                if (units := _catalog_units(project, lang, name)) is not None
            )
        for slug in needy:
            done[slug] = _update_article(
                _UpdateTask(str(project.root), lang, slug, date, suffix), memory
            )
    except BaseException:
        _remove_staged(project, lang, suffix)
        raise
    # Put everything in place with SIGINT/SIGTERM held back: an interruption now would
    # leave staged files behind and the catalogs half updated.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        report = _commit(
            project,
            lang,
            slugs,
            done,
            fresh,
            tasks,
            records,
            keys,
            memory_key,
            templates_pot,
            templates_path,
            templates_old,
            issues,
            memory,
            store,
            started,
        )
        if not rest_fresh:
            templates_memory = (
                memory_key if templates_old is None or _untranslated(templates_old) else None
            )
            files.save_value(rest_store, _rest_key(project, lang, sources), (templates_memory,))
        return report
    except BaseException:
        _remove_staged(project, lang, suffix)  # e.g. a disk error half-way: no staged file left
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _commit(
    project: Project,
    lang: str,
    slugs: list[str],
    done: dict[str, _Updated],
    fresh: set[str],
    tasks: list[_UpdateTask],
    records: dict[str, _UpdateRecord],
    keys: dict[str, str],
    memory_key: str,
    templates_pot: Catalog | None,
    templates_path: Path,
    templates_old: Catalog | None,
    issues: dict[Path, Catalog],
    memory: Memory | None,
    store: Path,
    started: float,
) -> BuildReport:
    """Rename the staged catalogs into place and write the rest: the update's last step."""
    report = BuildReport(built=len(tasks), fresh=len(fresh))
    pots = [(project.pot_path(slug), done[slug].pot if slug in done else None) for slug in slugs]
    pos = [
        (project.catalog_path(lang, slug), done[slug].po if slug in done else None)
        for slug in slugs
    ]
    for target, temp in pots:
        _replace(project, target, temp, report)
    if templates_pot is not None:
        write_catalog(project.pot_path(TEMPLATES_DOMAIN), templates_pot, report, project)
    else:  # as the last update left it, from the same templates
        report.unchanged.append(project.display(project.pot_path(TEMPLATES_DOMAIN)))
    for target, temp in pos:
        _replace(project, target, temp, report)
    if templates_pot is not None:
        shown = project.display(templates_path)
        merged = catalogs.merge(
            templates_pot, templates_old, lang=lang, plain=False, memory=memory, shown=shown
        )
        write_catalog(templates_path, merged, report, project)
        for path, catalog in issues.items():
            write_catalog(path, catalog, report, project)
    else:
        from pipeline.publish.newsletter import issue_catalog_path, issue_ids

        report.unchanged += [
            project.display(path)
            for path in (
                templates_path,
                *(issue_catalog_path(project, lang, i) for i in issue_ids(project)),
            )
        ]
    for slug in slugs:
        if slug in fresh:
            continue
        result = done[slug]
        if result.pot is None and result.po is None:  # as it was: skip it next time
            records[slug] = _UpdateRecord(result.key, memory_key if result.untranslated else None)
        else:  # an update of what it wrote changes nothing: skip it next time too
            records[slug] = _UpdateRecord(_update_key(project, lang, slug), None)
    for slug in set(records) - set(slugs):
        del records[slug]
    files.save(store, records)
    report.seconds = time.perf_counter() - started
    return report


def _catalog_files(project: Project, lang: str, slugs: list[str]) -> list[Path]:
    """What an update writes: the POTs, then the catalogs (articles, templates, newsletters)."""
    from pipeline.publish.newsletter import issue_catalog_path, issue_ids

    return [
        *(project.pot_path(slug) for slug in slugs),
        project.pot_path(TEMPLATES_DOMAIN),
        *(project.catalog_path(lang, slug) for slug in slugs),
        project.catalog_path(lang, TEMPLATES_DOMAIN),
        *(issue_catalog_path(project, lang, i) for i in issue_ids(project)),
    ]


def _units_store(project: Project, lang: str, name: str) -> Path:
    return files.cache_dir(project.root) / "units" / lang / f"{name}.pickle"


def _keep_units(project: Project, lang: str, name: str, data: bytes, catalog: Catalog) -> None:
    """Keep a catalog's reviewed entries by its bytes' digest, for a later memory."""
    files.save_value(_units_store(project, lang, name), files.digest(data), _units(catalog))


def _catalog_units(
    project: Project, lang: str, name: str
) -> tuple[tuple[bool, str, str, int | None], ...] | None:
    """A catalog's reviewed entries (kept, or read anew), ``None`` when there is no catalog.

    One file per catalog, read when the memory is built: an update holds no catalog's
    text longer than it needs it.
    """
    path = project.catalog_path(lang, name)
    data = files.file_bytes(path)
    if data is None:
        return None
    units = files.load_value(_units_store(project, lang, name), files.digest(data))
    if units is None:
        catalog = po.parse_po(data, filename=project.display(path))
        _keep_units(project, lang, name, data, catalog)
        units = _units(catalog)
    return units


def _replace(project: Project, target: Path, temp: str | None, report: Report) -> None:
    if temp is None:
        report.unchanged.append(project.display(target))
    else:
        os.replace(temp, target)
        report.written.append(project.display(target))


def _remove_staged(project: Project, lang: str, suffix: str) -> None:
    for folder in (project.pot_dir, project.catalog_dir(lang)):
        for leftover in folder.glob(f".*{suffix}"):
            leftover.unlink(missing_ok=True)
