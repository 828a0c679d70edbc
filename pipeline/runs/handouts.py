"""``build``: every handout of one language, only the stale ones rendered, published at once."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import cache
from pipeline.digests import Stamp, digest, file_stamp, pickled_digest
from pipeline.files import atomic_write, file_bytes
from pipeline.lock import under_lock
from pipeline.project import TEMPLATES_DOMAIN, Project
from pipeline.publish.fonts import FONTS, web_fonts
from pipeline.publish.index import IndexEntry, build_index
from pipeline.publish.newsletter import published_issues
from pipeline.reports import BuildReport, Progress
from pipeline.runs import parallel
from pipeline.runs.article_build import (
    Rendered,
    RenderTask,
    article_key,
    render_article,
    source_folders,
)
from pipeline.runs.outcome import gather_problems, images_alike, published_entries
from pipeline.runs.staging import staging_folder, swap


@dataclass(frozen=True, slots=True)
class _BuildRecord:
    """An article's last build: its inputs' digest, its findings, and its published files."""

    #: What :class:`Rendered` said.
    rendered: Rendered
    #: Size, modification time and inode of each published file, by name.
    stamps: tuple[tuple[str, Stamp | None], ...]

    @classmethod
    def of(cls, rendered: Rendered, target: Path) -> _BuildRecord:
        """The record of ``rendered`` as published in ``target``."""
        stamps = tuple((n, file_stamp(target / n)) for n in rendered.names)
        return cls(rendered, stamps)


@under_lock
def build(
    project: Project,
    lang: str,
    *,
    draft: bool = False,
    strict: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every handout of ``lang`` (Markdown, HTML, JSON) and publish them together.

    ``jobs``: worker processes (``1``: all in this one; default: every core when
    many articles are stale). ``progress(done, total)`` is called as articles finish.
    A release build publishes each article's edition (:mod:`pipeline.release`): a
    current one as it is, an outdated one with its last-approved English and a
    notice, and holds back the rest, listing each in the report (nothing of it is
    left in ``build/<lang>/``); ``strict`` refuses any article not current. The
    newsletter issues the index lists are built with it. A draft build puts the
    Dutch in its place, marked. Outputs are staged and swapped into
    ``build/<lang>/`` only when all succeeded; an article whose inputs are
    unchanged keeps its files and findings.
    """
    started = time.perf_counter()
    project.languages.check(lang)
    setting = _setting(project, lang, draft)
    store = cache.BUILD.at(project.root, lang)
    target = project.build_dir(lang)
    slugs = [path.stem for path in project.articles()]
    kept = _fresh(project, lang, setting, slugs, store.load())
    fresh = images_alike(project, {slug: r.rendered for slug, r in kept.items()})
    report = BuildReport(fresh=len(fresh))
    if len(fresh) == len(slugs):  # nothing to render: perhaps nothing to publish either
        gather_problems(report, fresh, slugs, lang, draft, strict)
        index = _index(project, lang, draft, setting, published_entries(fresh, slugs))
        names = {name for rendered in fresh.values() for name in rendered.names}
        if _published(target, names, index):
            return _finish(project, report, target, names | set(index), started)
        report = BuildReport(fresh=len(fresh))
    staging = staging_folder(target)
    try:
        outputs = _link_fresh(fresh, target, staging)
        stale = [slug for slug in slugs if slug not in fresh]
        tasks = [RenderTask.of(project, lang, draft, s, staging, setting) for s in stale]
        report.built = len(tasks)
        done = _render(tasks, fresh, len(slugs), jobs=jobs, progress=progress)
        outputs.update(name for rendered in done.values() for name in rendered.names)
        gather_problems(report, done, slugs, lang, draft, strict)
        index = _index(project, lang, draft, setting, published_entries(done, slugs))
        for name, data in index.items():
            atomic_write(staging / name, data, durable=False)
            outputs.add(name)
        published = {slug for slug in slugs if done[slug].entry is not None}
        swap(target, staging, outputs, published)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # A fresh article's files were linked, not written: their stamps are as recorded.
    store.save({s: kept[s] if s in fresh else _BuildRecord.of(done[s], target) for s in slugs})
    return _finish(project, report, target, outputs, started)


def _link_fresh(fresh: dict[str, Rendered], target: Path, staging: Path) -> set[str]:
    """Put the fresh articles' published files in ``staging`` (hard links: no copy)."""
    outputs: set[str] = set()
    for rendered in fresh.values():
        for name in rendered.names:
            if name in outputs:  # an image two articles show
                continue
            if "/" in name:
                (staging / name).parent.mkdir(exist_ok=True)
            os.link(target / name, staging / name)
            outputs.add(name)
    return outputs


def _setting(project: Project, lang: str, draft: bool) -> str:
    """The digest of what every article's handouts depend on besides its own files."""
    known = cache.digests(project.root)
    ui = (
        known.of(project.catalog_path(lang, TEMPLATES_DOMAIN))
        if lang != project.source_lang
        else ""
    )
    return cache.key(
        lang,
        "draft" if draft else "release",
        known.tree(project.templates_dir),
        ui,
        known.of(project.root / "pipeline.toml"),
        # a check error in a reviewed entry holds its article back
        known.of(project.root / "content" / "glossary.csv") if lang != project.source_lang else "",
    )


def _fresh(
    project: Project,
    lang: str,
    setting: str,
    slugs: list[str],
    records: dict[str, _BuildRecord],
) -> dict[str, _BuildRecord]:
    """The records of the articles whose inputs and published files are as the last build
    left them."""
    fresh: dict[str, _BuildRecord] = {}
    folders = source_folders(project, lang)
    digest_of = cache.digests(project.root).of
    published = str(project.build_dir(lang))
    for slug in slugs:
        record = records.get(slug)
        if (
            record is not None
            and record.rendered.key == article_key(setting, slug, folders, digest_of)
            and all(
                file_stamp(os.path.join(published, name)) == stamp for name, stamp in record.stamps
            )
        ):
            fresh[slug] = record
    return fresh


def _render(
    tasks: list[RenderTask],
    fresh: dict[str, Rendered],
    total: int,
    *,
    jobs: int | None,
    progress: Progress | None,
) -> dict[str, Rendered]:
    """Render ``tasks`` in worker processes; every article's result, the fresh ones too."""
    done = dict(fresh)
    if progress is not None:
        progress(len(done), total)
    for rendered in parallel.run(render_article, tasks, jobs=parallel.workers(len(tasks), jobs)):
        done[rendered.slug] = rendered
        if progress is not None:
            progress(len(done), total)
    return done


def _index(
    project: Project, lang: str, draft: bool, setting: str, entries: list[IndexEntry]
) -> dict[str, bytes]:
    """The index and feed of ``entries``, and the newsletter issues it lists (made anew
    only when an entry or an issue changed), and the web fonts the pages link."""
    known = cache.digests(project.root)
    key = digest(
        setting,
        pickled_digest(entries),
        known.tree(project.source_dir / "newsletters"),
        known.tree(project.catalog_dir(lang) / "newsletters")
        if lang != project.source_lang
        else "",
    )
    store = cache.INDEX.at(project.root, lang)
    index: dict[str, bytes] | None = store.load().get(key)
    if index is None:
        index = build_index(project, lang, draft=draft, articles=entries)
        published = {e.path.removesuffix(".html") for e in entries if e.kind == "article"}
        index.update(published_issues(project, lang, published, draft=draft))
        store.save({key: index})
    return {**index, **web_fonts(project.templates_dir)}


def _published(target: Path, names: set[str], index: dict[str, bytes]) -> bool:
    """Whether ``target`` holds these handouts (checked by the caller) and this index, only."""
    try:
        listed = os.listdir(target)
    except FileNotFoundError:
        return False
    handouts = {
        name
        for name in listed
        if os.path.splitext(name)[1] in (".html", ".md", ".json") and name not in index
    }
    # An article removed since: its files must go (its image may stay).
    if handouts != {name for name in names if "/" not in name}:
        return False
    return all(file_bytes(target / name) == data for name, data in index.items())


def _finish(
    project: Project, report: BuildReport, target: Path, outputs: set[str], started: float
) -> BuildReport:
    cache.digests(project.root).save()
    shown = project.display(target)  # once: resolving 3,000 paths costs a noticeable time
    # The fonts are the templates' files, copied: not listed among what was built.
    fonts = FONTS + "/"
    report.written = [f"{shown}/{name}" for name in sorted(outputs) if not name.startswith(fonts)]
    report.seconds = time.perf_counter() - started
    return report
