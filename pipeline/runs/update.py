"""``update``: extract each article's POT and merge it into its catalog, only where stale."""

from __future__ import annotations

import datetime
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline import cache, po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.io import write_catalog
from pipeline.catalogs.issue_catalogs import issue_catalogs
from pipeline.catalogs.memory import Memory
from pipeline.digests import digest
from pipeline.exchange.tmx import tmx_paths
from pipeline.files import sync_folder
from pipeline.lock import interrupts_held, under_lock
from pipeline.project import TEMPLATES_DOMAIN, Project
from pipeline.reports import BuildReport, Progress
from pipeline.runs import parallel
from pipeline.runs.article_update import (
    Folders,
    Updated,
    UpdateTask,
    read_key,
    untranslated,
    update_article,
)
from pipeline.runs.reviewed import reviewed_memory
from pipeline.runs.staging import remove_staged, replace_staged
from pipeline.source.issues import issue_catalog_path, issue_ids


@dataclass(frozen=True, slots=True)
class _UpdateRecord:
    """An article whose source, catalog and POT an update left as they were."""

    #: The digest of source, catalog and POT.
    key: str
    #: The memory's digest it was merged with, when some of its entries are untranslated.
    memory: str | None


def _rest_key(project: Project, lang: str, sources: list[str]) -> str:
    """The digest of what the templates' and the newsletters' catalogs are made from.

    The newsletter issues quote the articles, hence their sources' digests; the
    translation memory is the other input, and is recorded beside this key.
    """
    known = cache.digests(project.root)
    return cache.key(
        lang,
        known.tree(project.templates_dir),
        known.of(project.pot_path(TEMPLATES_DOMAIN)),
        known.of(project.catalog_path(lang, TEMPLATES_DOMAIN)),
        known.tree(project.source_dir / "newsletters"),
        known.tree(project.catalog_dir(lang) / "newsletters"),
        *sources,
    )


@dataclass(frozen=True, slots=True)
class _Plan:
    """What an update must do, decided from the files' digests before anything is read."""

    #: Every article, in order.
    slugs: list[str]
    #: The last update's record of each article it left as it was.
    records: dict[str, _UpdateRecord]
    #: Each article's digest of source, catalog and POT, as read now.
    keys: dict[str, str]
    #: The digests of the sources (what the newsletters' catalogs quote).
    sources: list[str]
    #: The digest of every catalog the translation memory would be made from.
    memory_key: str
    #: The articles the last update left as they are.
    fresh: set[str]
    #: The others, to update.
    tasks: list[UpdateTask]
    #: Whether the templates' and newsletters' catalogs are as the last update left them.
    rest_fresh: bool


@dataclass(frozen=True, slots=True)
class _Merged:
    """What an update made, staged beside the files it replaces."""

    #: Each updated article's staged files.
    done: dict[str, Updated]
    #: The templates' POT, when it is to be written.
    templates_pot: Catalog | None
    #: The templates' catalog as it was (read when it was needed).
    templates_old: Catalog | None
    #: The newsletter issues' merged catalogs, by path (when they are to be written).
    issues: dict[Path, Catalog]
    #: The translation memory, when an entry was to be filled.
    memory: Memory | None


@under_lock
def update(
    project: Project, lang: str, *, jobs: int | None = None, progress: Progress | None = None
) -> BuildReport:
    """Extract, then merge each POT into ``content/<lang>/<slug>.po``.

    ``jobs``: worker processes (``1``: all in this one; default: every core when
    many articles changed). ``progress(done, total)`` is called as articles finish.

    Every existing catalog is read (strictly) before anything is written, so a
    malformed one stops the update with no file changed: new files wait beside
    the old ones under a temp name until every article is done. An article whose
    source, catalog and POT are as the last update left them is skipped.
    """
    started = time.perf_counter()
    project.languages.check(lang, targets_only=True)
    date = catalogs.creation_date()
    suffix = f".update-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    remove_staged(project, lang, ".update-*")  # left by a run that was killed (we hold the lock)
    plan = _plan(project, lang, date, suffix)
    if not plan.tasks and plan.rest_fresh:  # nothing to do at all
        report = BuildReport(fresh=len(plan.fresh))
        report.unchanged = _catalog_files(project, lang, plan.slugs)
        cache.digests(project.root).save()
        report.seconds = time.perf_counter() - started
        return report
    try:
        merged = _merge(project, lang, plan, date, suffix, jobs=jobs, progress=progress)
    except BaseException:
        remove_staged(project, lang, suffix)
        raise
    # Put everything in place with SIGINT/SIGTERM held back: an interruption now would
    # leave staged files behind and the catalogs half updated.
    with interrupts_held():
        try:
            report = _commit(project, lang, plan, merged)
            if not plan.rest_fresh:
                old = merged.templates_old
                templates_memory = plan.memory_key if old is None or untranslated(old) else None
                rest = cache.UPDATE_REST.at(project.root, lang)
                rest.save(_rest_key(project, lang, plan.sources), (templates_memory,))
            cache.digests(project.root).save()
            report.seconds = time.perf_counter() - started
            return report
        except BaseException:
            remove_staged(project, lang, suffix)  # e.g. a disk error half-way: no staged file left
            raise


def _plan(project: Project, lang: str, date: datetime.datetime, suffix: str) -> _Plan:
    """Which articles changed since the last update, and whether the rest did."""
    records: dict[str, _UpdateRecord] = cache.UPDATE.at(project.root, lang).load()
    slugs = [path.stem for path in project.articles()]
    folders = Folders.of(project, lang)
    known = cache.digests(project.root)
    read = {slug: read_key(folders, slug, known.of) for slug in slugs}
    keys = {slug: key for slug, (key, _, _) in read.items()}
    sources = [source for _, source, _ in read.values()]
    memory_key = digest(
        *(catalog for _, _, catalog in read.values()),
        known.of(project.catalog_path(lang, TEMPLATES_DOMAIN)),
        *(f"{path}={known.of(path)}" for path in tmx_paths(project)),  # an agency's memory
    )
    fresh = {
        slug
        for slug in slugs
        if (record := records.get(slug)) is not None
        and record.key == keys[slug]
        and record.memory in (None, memory_key)
    }
    tasks = [
        UpdateTask(str(project.root), lang, slug, date, suffix)
        for slug in slugs
        if slug not in fresh
    ]
    rest = cache.UPDATE_REST.at(project.root, lang).load(_rest_key(project, lang, sources))
    # The templates' and newsletters' catalogs are as the last update left them, from the
    # same inputs (and the same memory, if it mattered): they need not be made again.
    rest_fresh = rest is not None and rest[0] in (None, memory_key)
    return _Plan(slugs, records, keys, sources, memory_key, fresh, tasks, rest_fresh)


def _merge(
    project: Project,
    lang: str,
    plan: _Plan,
    date: datetime.datetime,
    suffix: str,
    *,
    jobs: int | None,
    progress: Progress | None,
) -> _Merged:
    """Merge the stale articles (in workers), then the templates and newsletters; the
    articles that need the translation memory wait until every catalog was read."""
    done: dict[str, Updated] = {}
    count = len(plan.fresh)
    if progress is not None:
        progress(count, len(plan.slugs))
    tasks = plan.tasks
    for result in parallel.run(update_article, tasks, jobs=parallel.workers(len(tasks), jobs)):
        done[result.slug] = result
        count += 1
        if progress is not None:
            progress(count, len(plan.slugs))
    needy = [slug for slug, result in done.items() if result.needs_memory]
    templates_path = project.catalog_path(lang, TEMPLATES_DOMAIN)
    templates_old = (
        po.read_po(templates_path, display_name=project.display(templates_path))
        if templates_path.exists() and (needy or not plan.rest_fresh)
        else None
    )
    templates_pot: Catalog | None = None
    issues: dict[Path, Catalog] = {}
    if not plan.rest_fresh:
        templates_pot = catalogs.ui_template(project.templates_dir, "templates", date=date)
        issues = issue_catalogs(project, lang)  # newsletters are read after the articles
    memory: Memory | None = None
    if needy or (not plan.rest_fresh and (templates_old is None or untranslated(templates_old))):
        memory = reviewed_memory(project, lang, [*plan.slugs, TEMPLATES_DOMAIN])
    for slug in needy:
        task = UpdateTask(str(project.root), lang, slug, date, suffix)
        done[slug] = update_article(task, memory)
    return _Merged(done, templates_pot, templates_old, issues, memory)


def _commit(project: Project, lang: str, plan: _Plan, merged: _Merged) -> BuildReport:
    """Rename the staged catalogs into place and write the rest: the update's last step."""
    report = BuildReport(built=len(plan.tasks), fresh=len(plan.fresh))
    done = merged.done
    for slug in plan.slugs:
        replace_staged(
            project, project.pot_path(slug), done[slug].pot if slug in done else None, report
        )
    if merged.templates_pot is not None:
        write_catalog(project.pot_path(TEMPLATES_DOMAIN), merged.templates_pot, report, project)
    else:  # as the last update left it, from the same templates
        report.unchanged.append(project.display(project.pot_path(TEMPLATES_DOMAIN)))
    for slug in plan.slugs:
        path = project.catalog_path(lang, slug)
        replace_staged(project, path, done[slug].po if slug in done else None, report)
        # the approvals record, with the catalog it was decided from (pipeline.release)
        record = done[slug].record if slug in done else None
        if record is not None:
            replace_staged(project, project.approvals_path(lang, slug), record, report)
    if any(result.po is not None for result in done.values()):
        sync_folder(project.catalog_dir(lang))  # the renames above, on disk
    if any(result.record is not None for result in done.values()):
        sync_folder(project.catalog_dir(lang) / "reviewed")
    templates_path = project.catalog_path(lang, TEMPLATES_DOMAIN)
    if merged.templates_pot is not None:
        shown = project.display(templates_path)
        catalog = catalogs.merge(
            merged.templates_pot,
            merged.templates_old,
            lang=lang,
            plain=False,
            memory=merged.memory,
            shown=shown,
        )
        write_catalog(templates_path, catalog, report, project)
        for path, issue_catalog in merged.issues.items():
            write_catalog(path, issue_catalog, report, project)
    else:
        issues = (issue_catalog_path(project, lang, i) for i in issue_ids(project))
        paths = (templates_path, *issues)
        report.unchanged += [project.display(path) for path in paths]
    records = plan.records
    folders = Folders.of(project, lang)  # once: it reads pipeline.toml (the agency's TMX)
    for slug, result in done.items():
        if result.pot is None and result.po is None and result.record is None:  # as it was
            untranslated = plan.memory_key if result.untranslated else None
            records[slug] = _UpdateRecord(result.key, untranslated)
        else:  # an update of what it wrote changes nothing: skip it next time too
            records[slug] = _UpdateRecord(read_key(folders, slug)[0], None)
    for slug in set(records) - set(plan.slugs):
        del records[slug]
    cache.UPDATE.at(project.root, lang).save(records)
    return report


def _catalog_files(project: Project, lang: str, slugs: list[str]) -> list[str]:
    """What an update writes, as shown: the POTs, then the catalogs (articles, templates,
    newsletters). The folders shown once: thousands of articles."""
    pots, catalogs = project.display(project.pot_dir), project.display(project.catalog_dir(lang))
    return [
        *(f"{pots}/{slug}.pot" for slug in [*slugs, TEMPLATES_DOMAIN]),
        *(f"{catalogs}/{slug}.po" for slug in [*slugs, TEMPLATES_DOMAIN]),
        *(project.display(issue_catalog_path(project, lang, i)) for i in issue_ids(project)),
    ]
