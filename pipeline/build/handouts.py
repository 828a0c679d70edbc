"""The stages put together: extract and build a project (update is in updating.py)."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Message

from pipeline import files, po
from pipeline.build import parallel
from pipeline.build.staging import staging_folder, swap
from pipeline.build.update import catalog_templates
from pipeline.build.update import update as update  # re-exported: the CLI's build.update
from pipeline.catalogs.io import Entry, read_catalog, write_catalog
from pipeline.checks.rules import CheckReport, Glossary, check_catalog, load_glossary
from pipeline.errors import PipelineError, ReleaseError
from pipeline.files import atomic_write, exclusive_lock
from pipeline.project import SOURCE_LANG, TARGET_LANGS, TEMPLATES_DOMAIN, Project, check_lang
from pipeline.publish.apply import apply_translations
from pipeline.publish.pdf import IndexEntry
from pipeline.publish.render import make_page, render_outputs, template_environment
from pipeline.publish.ui import UiStrings, ui_strings
from pipeline.reports import BuildReport, Problem, Progress, Report
from pipeline.source.read import read_source, read_sources

if TYPE_CHECKING:
    from pipeline.catalogs.memory import Match


def extract(project: Project) -> Report:
    """Write one POT per article (and one for the templates) into ``content/pot/``."""
    report = Report()
    templates = catalog_templates(project, read_sources(project))
    for name, template in templates.items():
        write_catalog(project.pot_path(name), template, report, project)
    return report


def build(
    project: Project,
    lang: str,
    *,
    draft: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every handout of ``lang`` and publish them together (under the project lock).

    ``jobs``: worker processes (``1``: all in this one; default: every core when
    many articles are stale). ``progress(done, total)`` is called as articles finish.
    """
    with exclusive_lock(project.lock_path):
        return _build(project, lang, draft=draft, jobs=jobs, progress=progress)


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


@dataclass(frozen=True, slots=True)
class _Rendered:
    """One article built: what the release check and the index need of it."""

    #: The article.
    slug: str
    #: The digest of its inputs, as read.
    key: str
    #: Its segments a release cannot ship.
    problems: tuple[Problem, ...]
    #: The templates' strings it used that are not reviewed, by text.
    ui_missing: tuple[tuple[str, Problem], ...]
    #: The article as the index lists it.
    entry: IndexEntry
    #: The files written, by name under ``build/<lang>/``.
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _BuildRecord:
    """An article's last build: its inputs' digest, its findings, and its published files."""

    #: What :class:`_Rendered` said.
    rendered: _Rendered
    #: Size, modification time and inode of each published file, by name.
    stamps: tuple[tuple[str, tuple[int, int, int] | None], ...]


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
            template_environment(project.templates_dir, gettext),
            gettext,
            ui.translations,
            ui.catalog_name,
        )
    return _CONTEXT[setting]


def _article_key(
    project: Project,
    lang: str,
    setting: str,
    slug: str,
    folders: tuple[Path, Path | None] | None = None,
) -> str:
    """The digest of an article's inputs; ``folders``: its sources' and catalogs' (if known)."""
    sources, catalogs = folders or (
        project.source_dir,
        project.catalog_dir(lang) if lang != SOURCE_LANG else None,
    )
    catalog = (files.file_bytes(catalogs / f"{slug}.po") or b"-") if catalogs else b""
    return files.digest(setting, files.file_bytes(sources / f"{slug}.md") or b"-", catalog)


def _render_article(task: _RenderTask) -> _Rendered:
    """Parse, translate and render one article into the staging folder."""
    from pipeline.publish.newsletter import article_lead

    project = Project(Path(task.root))
    lang = task.lang
    key = _article_key(project, lang, task.setting, task.slug)  # before reading: see update
    env, gettext, ui_translations, ui_shown = _context(project, lang, task.setting)
    document = read_source(project, project.source_dir / f"{task.slug}.md")
    problems: list[Problem] = []
    if lang != SOURCE_LANG:
        translations, shown = read_catalog(project, lang, task.slug)
        problems = apply_translations(
            document, translations, catalog_name=shown, mark_lang=SOURCE_LANG
        )
    entry = IndexEntry(
        "article",
        document.title,
        document.date,
        f"{document.slug}.html",
        article_lead(document),
        document.env,
    )
    other = TARGET_LANGS[0] if lang == SOURCE_LANG else SOURCE_LANG
    gettext.ui = UiStrings(lang, ui_translations, ui_shown)
    page = make_page(document, lang=lang, other_lang=other, draft=task.draft)
    names = []
    for suffix, data in render_outputs(page, env, document.env).items():
        name = f"{document.slug}{suffix}"
        with open(Path(task.staging) / name, "xb") as handle:
            handle.write(data)
        names.append(name)
    return _Rendered(
        task.slug, key, tuple(problems), tuple(gettext.ui.missing.items()), entry, tuple(names)
    )


def _build(
    project: Project,
    lang: str,
    *,
    draft: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every handout of ``lang`` (Markdown, HTML, JSON) and publish them together.

    A release build refuses untranslated or fuzzy text, listing each; a draft
    build puts the Dutch in its place, marked. Outputs are built in a staging
    folder and swapped into ``build/<lang>/`` only when all succeeded. An article
    whose inputs (source, catalog, templates, configuration, the pipeline itself)
    are unchanged since it was published keeps its files and its findings.
    """
    started = time.perf_counter()
    check_lang(lang)
    ui_bytes = (
        files.file_bytes(project.catalog_path(lang, TEMPLATES_DOMAIN)) or b"-"
        if lang != SOURCE_LANG
        else b""
    )
    setting = files.digest(
        files.code_digest(),
        lang,
        "draft" if draft else "release",
        files.tree_digest(project.templates_dir),
        ui_bytes,
        files.file_bytes(project.root / "pipeline.toml") or b"-",
    )
    store = files.cache_dir(project.root) / f"build-{lang}.pickle"
    records: dict[str, _BuildRecord] = files.load(store)
    target = project.build_dir(lang)
    slugs = [path.stem for path in project.articles()]
    fresh: dict[str, _Rendered] = {}
    folders = (project.source_dir, project.catalog_dir(lang) if lang != SOURCE_LANG else None)
    published = str(target)
    for slug in slugs:
        record = records.get(slug)
        if (
            record is not None
            and record.rendered.key == _article_key(project, lang, setting, slug, folders)
            and all(
                files.file_stamp(os.path.join(published, name)) == stamp
                for name, stamp in record.stamps
            )
        ):
            fresh[slug] = record.rendered
    report = BuildReport(fresh=len(fresh))
    if len(fresh) == len(slugs):  # nothing to render: perhaps nothing to publish either
        _refuse_unreviewed(report, fresh, slugs, lang, draft)
        index = _index(project, lang, draft, setting, [fresh[slug].entry for slug in slugs])
        names = {name for rendered in fresh.values() for name in rendered.names}
        if _published(target, names, index):
            return _finish(project, report, target, names | set(index), started)
        report = BuildReport(fresh=len(fresh))
    staging = staging_folder(target)
    try:
        outputs: set[str] = set()
        for rendered in fresh.values():
            for name in rendered.names:
                os.link(target / name, staging / name)
                outputs.add(name)
        tasks = [
            _RenderTask(str(project.root), lang, draft, slug, str(staging), setting)
            for slug in slugs
            if slug not in fresh
        ]
        report.built = len(tasks)
        done = dict(fresh)
        if progress is not None:
            progress(len(done), len(slugs))
        for rendered in parallel.run(
            _render_article, tasks, jobs=parallel.workers(len(tasks), jobs)
        ):
            done[rendered.slug] = rendered
            outputs.update(rendered.names)
            if progress is not None:
                progress(len(done), len(slugs))
        _refuse_unreviewed(report, done, slugs, lang, draft)
        index = _index(project, lang, draft, setting, [done[slug].entry for slug in slugs])
        for name, data in index.items():
            atomic_write(staging / name, data)
            outputs.add(name)
        swap(target, staging, outputs)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files.save(
        store,
        {
            slug: _BuildRecord(
                done[slug],
                tuple((name, files.file_stamp(target / name)) for name in done[slug].names),
            )
            for slug in slugs
        },
    )
    return _finish(project, report, target, outputs, started)


def _refuse_unreviewed(
    report: BuildReport, done: dict[str, _Rendered], slugs: list[str], lang: str, draft: bool
) -> None:
    """Gather the articles' problems into ``report``; a release with any is refused."""
    ui_missing: dict[str, Problem] = {}
    for slug in slugs:
        report.problems += done[slug].problems
        for text, problem in done[slug].ui_missing:
            ui_missing.setdefault(text, problem)
    report.problems += ui_missing.values()
    if report.problems and not draft:
        raise ReleaseError(
            f"{len(report.problems)} segment(s) not reviewed in {lang}; nothing was built"
            " (translate them, remove 'fuzzy', or build with --draft)",
            [str(p) for p in report.problems],
        )


def _index(
    project: Project, lang: str, draft: bool, setting: str, entries: list[IndexEntry]
) -> dict[str, bytes]:
    """The index and feed of ``entries``: made anew only when an entry or an issue changed."""
    from pipeline.publish.pdf import build_index  # the index lists what this build publishes

    key = files.digest(
        setting,
        pickle.dumps(entries),
        files.tree_digest(project.source_dir / "newsletters"),
        files.tree_digest(project.catalog_dir(lang) / "newsletters") if lang != SOURCE_LANG else "",
    )
    store = files.cache_dir(project.root) / f"index-{lang}.pickle"
    index: dict[str, bytes] | None = files.load(store).get(key)
    if index is None:
        index = build_index(project, lang, draft=draft, articles=entries)
        files.save(store, {key: index})
    return index


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
    if handouts != names:  # an article removed since: its files must go
        return False
    return all(files.file_bytes(target / name) == data for name, data in index.items())


def _finish(
    project: Project, report: BuildReport, target: Path, outputs: set[str], started: float
) -> BuildReport:
    shown = project.display(target)  # once: resolving 3,000 paths costs a noticeable time
    report.written = [f"{shown}/{name}" for name in sorted(outputs)]
    report.seconds = time.perf_counter() - started
    return report


def catalog_paths(project: Project, lang: str, slugs: tuple[str, ...] = ()) -> list[Path]:
    """The catalogs of ``lang`` (articles, templates, newsletters), or those of ``slugs``."""
    folder = project.catalog_dir(lang)
    paths = sorted(folder.rglob("*.po"))
    if slugs:
        wanted = set(slugs)
        missing = wanted - {p.stem for p in paths}
        if missing:
            raise PipelineError(
                f"no catalog for {', '.join(sorted(missing))} in {project.display(folder)}"
            )
        paths = [p for p in paths if p.stem in wanted]
    return paths


def check(
    project: Project,
    lang: str,
    slugs: tuple[str, ...] = (),
    *,
    errors_only: bool = False,
    jobs: int | None = None,
) -> list[CheckReport]:
    """Run the QA checks on the catalogs of ``lang`` against the project's glossary.

    A catalog whose bytes, glossary and pipeline are as at its last check keeps that
    check's findings (one file per catalog under ``build/.cache/check/<lang>/``); the
    others are checked in worker processes when there are many. ``errors_only``: the
    reports keep their errors only (what is held stays small however many catalogs).
    """
    check_lang(lang, targets_only=True)
    glossary_bytes = files.file_bytes(project.root / "content" / "glossary.csv")
    stores = files.cache_dir(project.root) / "check" / lang
    reports: dict[str, CheckReport] = {}
    tasks: list[_CheckTask] = []
    order: list[str] = []
    for path in catalog_paths(project, lang, slugs):
        shown = project.display(path)
        order.append(shown)
        key = files.digest(
            files.code_digest(), lang, shown, glossary_bytes or b"-", files.file_bytes(path) or b"-"
        )
        store = stores / f"{files.digest(shown)}.pickle"
        found = files.load_value(store, key)
        if isinstance(found, CheckReport):
            reports[shown] = _kept(found, errors_only)
        else:
            tasks.append(
                _CheckTask(str(project.root), lang, str(path), shown, key, str(store), errors_only)
            )
    if tasks:
        _glossary(project)  # a bad glossary is one error here, not one per catalog
    for shown, report in parallel.run(
        _check_catalog, tasks, jobs=parallel.workers(len(tasks), jobs)
    ):
        reports[shown] = report
    return [reports[shown] for shown in order]


def _kept(report: CheckReport, errors_only: bool) -> CheckReport:
    if not errors_only:
        return report
    return CheckReport(
        findings=[f for f in report.findings if f.severity == "error"], silenced=report.silenced
    )


@dataclass(frozen=True, slots=True)
class _CheckTask:
    """One catalog to check (picklable, for a worker process)."""

    root: str
    lang: str
    path: str
    shown: str
    #: The digest of what its findings depend on, and where they are kept under it.
    key: str
    store: str
    errors_only: bool


#: Per process: the glossary last read, by its file's bytes.
_GLOSSARY: dict[bytes | None, Glossary | None] = {}


def _glossary(project: Project) -> Glossary | None:
    path = project.root / "content" / "glossary.csv"
    data = files.file_bytes(path)
    if data not in _GLOSSARY:
        _GLOSSARY.clear()
        _GLOSSARY[data] = (
            load_glossary(path, display_name=project.display(path)) if data is not None else None
        )
    return _GLOSSARY[data]


def _check_catalog(task: _CheckTask) -> tuple[str, CheckReport]:
    project = Project(Path(task.root))
    glossary = _glossary(project)
    catalog = po.read_po(Path(task.path), display_name=task.shown)
    report = check_catalog(
        catalog, path=task.shown, glossary=glossary, source_lang=SOURCE_LANG, target_lang=task.lang
    )
    files.save_value(Path(task.store), task.key, report)
    return task.shown, _kept(report, task.errors_only)


def suggest(project: Project, lang: str, slug: str) -> list[tuple[Message, list[Match]]]:
    """For each untranslated or fuzzy entry of one catalog, the best memory matches."""
    from pipeline.catalogs.memory import (  # rapidfuzz: only for the commands that need it
        Memory,
        suggestions,
    )

    check_lang(lang, targets_only=True)
    path = project.catalog_path(lang, slug)
    if not path.exists():
        raise PipelineError(f"no catalog {project.display(path)} (run update first)")
    shown = project.display(path)
    pairs = [
        (project.display(p), po.read_po(p, display_name=project.display(p)))
        for p in catalog_paths(project, lang)
    ]
    memory = Memory.from_catalogs(pairs)
    catalog = next(c for name, c in pairs if name == shown)
    return suggestions(catalog, memory, shown=shown)
