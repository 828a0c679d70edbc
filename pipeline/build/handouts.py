"""``build``: every handout of one language, only the stale ones rendered, published at once."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline import files
from pipeline.build import parallel
from pipeline.build.editions import (
    NONE,
    Packed,
    decided_alike,
    gather_problems,
    pack,
    published_entries,
    unpack,
)
from pipeline.build.staging import staging_folder, swap
from pipeline.catalogs.edition import Pairs, load_record, record_key, save_record
from pipeline.catalogs.io import Entry
from pipeline.files import atomic_write, under_lock
from pipeline.project import SOURCE_LANG, TEMPLATES_DOMAIN, Project, check_lang, other_lang
from pipeline.publish.edition import translate_article
from pipeline.publish.fonts import FONTS, web_fonts
from pipeline.publish.image import article_image, copy_image, image_state
from pipeline.publish.index import IndexEntry, build_index
from pipeline.publish.render import make_page, render_outputs, template_environment
from pipeline.publish.ui import UiStrings, ui_strings
from pipeline.reports import BuildReport, Edition, Progress, Unreviewed
from pipeline.source.document import Document


@dataclass(frozen=True, slots=True)
class _RenderTask:
    """One article to build (picklable, for a worker process)."""

    #: The project directory.
    root: str
    #: The language to build.
    lang: str
    #: Whether untranslated text may stand in (a draft).
    draft: bool
    #: The article.
    slug: str
    #: The staging folder its files go into.
    staging: str
    #: The digest of everything but the article's own files (templates, code, …).
    setting: str
    #: The reviewed pairs recorded for the article (``catalogs.edition``), packed.
    reviewed: bytes = b""

    @classmethod
    def of(
        cls,
        project: Project,
        lang: str,
        draft: bool,
        slug: str,
        staging: Path,
        setting: str,
        record: Packed,
    ) -> _RenderTask:
        """The task of one stale article, with its record of reviewed pairs."""
        reviewed = record.get(slug, b"")
        return cls(str(project.root), lang, draft, slug, str(staging), setting, reviewed)


@dataclass(frozen=True, slots=True)
class _Rendered:
    """One article built: what the release check and the index need of it."""

    #: The article.
    slug: str
    #: Its segments a release cannot ship.
    problems: tuple[Unreviewed, ...]
    #: The digest of its inputs, as read.
    key: str
    #: The templates' strings it used that are not reviewed, by text.
    ui_missing: tuple[tuple[str, Unreviewed], ...]
    #: The article as the index lists it (``None``: held back, not published).
    entry: IndexEntry | None
    #: The files written, by name under ``build/<lang>/`` (its image's ``images/<name>``).
    names: tuple[str, ...]
    #: Its edition in the language built.
    edition: Edition
    #: The reviewed pairs known after reading its catalog, when its catalog added any to
    #: the record (else empty: a run holds one copy of the record; :func:`record_key` of
    #: the pairs it was decided with stands in for them in the build's records).
    reviewed: Pairs = NONE
    #: :func:`record_key` of ``reviewed``.
    reviewed_key: tuple[int, int] = (0, 0)
    #: Things left out that a reader may miss (its image not found).
    warnings: tuple[str, ...] = ()
    #: The front matter's image name and :func:`image_state` as rendered, if it names one.
    image: tuple[str, tuple[str, tuple[int, int, int] | None]] | None = None


@dataclass(frozen=True, slots=True)
class _BuildRecord:
    """An article's last build: its inputs' digest, its findings, and its published files."""

    #: What :class:`_Rendered` said.
    rendered: _Rendered
    #: Size, modification time and inode of each published file, by name.
    stamps: tuple[tuple[str, tuple[int, int, int] | None], ...]

    @classmethod
    def of(cls, rendered: _Rendered, target: Path) -> _BuildRecord:
        """The record of ``rendered`` as published in ``target``."""
        stamps = tuple((n, files.file_stamp(target / n)) for n in rendered.names)
        return cls(replace(rendered, reviewed=NONE) if rendered.reviewed else rendered, stamps)


class _Gettext:
    """The templates' ``gettext``, asking the UI strings of the article being rendered."""

    def __init__(self) -> None:
        self.ui: UiStrings | None = None

    def __call__(self, text: str) -> str:
        assert self.ui is not None
        return self.ui.gettext(text)


#: Per process: the Jinja2 environment and UI strings of the setting last built.
_CONTEXT: dict[str, tuple[Any, _Gettext, dict[str, Entry], str]] = {}


def _context(
    project: Project, lang: str, setting: str
) -> tuple[Any, _Gettext, dict[str, Entry], str]:
    if setting not in _CONTEXT:
        _CONTEXT.clear()
        gettext = _Gettext()
        ui = ui_strings(project, lang)
        _CONTEXT[setting] = (
            # made for this setting (the templates' digest among it): not reloaded
            template_environment(project.templates_dir, gettext, reload=False),
            gettext,
            ui.translations,
            ui.catalog_name,
        )
    return _CONTEXT[setting]


def _article_key(
    setting: str,
    slug: str,
    folders: tuple[Path, Path | None],
    digest_of: Callable[[Path], str] = files.file_digest,
) -> str:
    """The digest of an article's inputs; ``folders``: its sources' and catalogs' (``None``
    for the Dutch); ``digest_of``: each file's digest (from its stat when it is unchanged)."""
    sources, catalogs = folders
    catalog = digest_of(catalogs / f"{slug}.po") if catalogs else ""
    return files.digest(setting, digest_of(sources / f"{slug}.md"), catalog)


def _folders(project: Project, lang: str) -> tuple[Path, Path | None]:
    return project.source_dir, project.catalog_dir(lang) if lang != SOURCE_LANG else None


def _render_article(task: _RenderTask) -> _Rendered:
    """Parse, translate and render one article into the staging folder (a release: only
    when its edition is published)."""
    project = Project(Path(task.root))
    lang = task.lang
    # The key before reading (see update), from the bytes: this process has no stats.
    key = _article_key(task.setting, task.slug, _folders(project, lang))
    env, gettext, ui_translations, ui_shown = _context(project, lang, task.setting)
    known = unpack(task.reviewed)
    article = translate_article(project, lang, task.slug, known, draft=task.draft)
    gettext.ui = UiStrings(lang, ui_translations, ui_shown)
    entry, names, warnings = None, list[str](), list[str]()
    if task.draft or article.published:
        document = article.document
        image, warnings = article_image(project, document)
        status = article.edition.state
        entry = IndexEntry.of_article(document, status=status)
        page = make_page(
            document,
            lang=lang,
            other_lang=other_lang(lang),
            draft=task.draft,
            status=status,
            image_src=image.published if image else None,
        )
        outputs = render_outputs(page, env, document.env)
        names = [_stage(Path(task.staging), f"{document.slug}{s}", d) for s, d in outputs.items()]
        if image is not None:
            names.append(copy_image(image, Path(task.staging)))
    return _Rendered(
        task.slug,
        article.problems,
        key,
        tuple(gettext.ui.missing.items()),
        entry,
        tuple(names),
        article.edition,
        article.record if article.record != known else NONE,  # new pairs only
        record_key(article.record),
        tuple(warnings),
        _image_state(project, article.document),
    )


def _image_state(
    project: Project, document: Document
) -> tuple[str, tuple[str, tuple[int, int, int] | None]] | None:
    name = document.meta.get("image")
    return (name, image_state(project, name)) if isinstance(name, str) and name.strip() else None


def _stage(staging: Path, name: str, data: bytes) -> str:
    with open(staging / name, "xb") as handle:
        handle.write(data)
    return name


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
    A release build publishes each article's edition (``catalogs.edition``): a
    current one as it is, an outdated one with its last-reviewed English and a
    notice, and holds back the rest, listing each in the report; ``strict``
    refuses any article not current. A draft build puts the Dutch in its place,
    marked. Outputs are staged and swapped into ``build/<lang>/`` only when all
    succeeded; an article whose inputs are unchanged keeps its files and findings.
    """
    started = time.perf_counter()
    check_lang(lang)
    setting = _setting(project, lang, draft)
    store = files.cache_dir(project.root) / f"build-{lang}.pickle"
    target = project.build_dir(lang)
    slugs = [path.stem for path in project.articles()]
    record = pack(load_record(project, lang)) if lang != SOURCE_LANG else {}
    kept = _fresh(project, lang, setting, slugs, files.load(store))
    fresh = decided_alike(project, {slug: r.rendered for slug, r in kept.items()}, record)
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
        tasks = [_RenderTask.of(project, lang, draft, s, staging, setting, record) for s in stale]
        report.built = len(tasks)
        done = _render(tasks, fresh, len(slugs), jobs=jobs, progress=progress)
        outputs.update(name for rendered in done.values() for name in rendered.names)
        gather_problems(report, done, slugs, lang, draft, strict)
        index = _index(project, lang, draft, setting, published_entries(done, slugs))
        for name, data in index.items():
            atomic_write(staging / name, data, durable=False)
            outputs.add(name)
        swap(target, staging, outputs)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # A fresh article's files were linked, not written: their stamps are as recorded.
    files.save(
        store,
        {s: kept[s] if s in fresh else _BuildRecord.of(done[s], target) for s in slugs},
    )
    if lang != SOURCE_LANG:
        found = {slug: pairs for slug in slugs if (pairs := done[slug].reviewed)}
        if found:  # else the record is as loaded: not read again to be compared
            save_record(project, lang, {**{s: unpack(p) for s, p in record.items()}, **found})
    return _finish(project, report, target, outputs, started)


def _link_fresh(fresh: dict[str, _Rendered], target: Path, staging: Path) -> set[str]:
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
    known = files.digests(project.root)
    ui = known.of(project.catalog_path(lang, TEMPLATES_DOMAIN)) if lang != SOURCE_LANG else ""
    return files.digest(
        files.code_digest(),
        lang,
        "draft" if draft else "release",
        known.tree(project.templates_dir),
        ui,
        known.of(project.root / "pipeline.toml"),
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
    folders = _folders(project, lang)
    digest_of = files.digests(project.root).of
    published = str(project.build_dir(lang))
    for slug in slugs:
        record = records.get(slug)
        if (
            record is not None
            and record.rendered.key == _article_key(setting, slug, folders, digest_of)
            and all(
                files.file_stamp(os.path.join(published, name)) == stamp
                for name, stamp in record.stamps
            )
        ):
            fresh[slug] = record
    return fresh


def _render(
    tasks: list[_RenderTask],
    fresh: dict[str, _Rendered],
    total: int,
    *,
    jobs: int | None,
    progress: Progress | None,
) -> dict[str, _Rendered]:
    """Render ``tasks`` in worker processes; every article's result, the fresh ones too."""
    done = dict(fresh)
    if progress is not None:
        progress(len(done), total)
    for rendered in parallel.run(_render_article, tasks, jobs=parallel.workers(len(tasks), jobs)):
        done[rendered.slug] = rendered
        if progress is not None:
            progress(len(done), total)
    return done


def _index(
    project: Project, lang: str, draft: bool, setting: str, entries: list[IndexEntry]
) -> dict[str, bytes]:
    """The index and feed of ``entries`` (made anew only when an entry or an issue changed),
    and the web fonts the pages link."""
    known = files.digests(project.root)
    key = files.digest(
        setting,
        files.pickled_digest(entries),
        known.tree(project.source_dir / "newsletters"),
        known.tree(project.catalog_dir(lang) / "newsletters") if lang != SOURCE_LANG else "",
    )
    store = files.cache_dir(project.root) / f"index-{lang}.pickle"
    index: dict[str, bytes] | None = files.load(store).get(key)
    if index is None:
        index = build_index(project, lang, draft=draft, articles=entries)
        files.save(store, {key: index})
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
    return all(files.file_bytes(target / name) == data for name, data in index.items())


def _finish(
    project: Project, report: BuildReport, target: Path, outputs: set[str], started: float
) -> BuildReport:
    files.digests(project.root).save()
    shown = project.display(target)  # once: resolving 3,000 paths costs a noticeable time
    # The fonts are the templates' files, copied: not listed among what was built.
    fonts = FONTS + "/"
    report.written = [f"{shown}/{name}" for name in sorted(outputs) if not name.startswith(fonts)]
    report.seconds = time.perf_counter() - started
    return report
