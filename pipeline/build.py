"""The stages put together: extract, update and build a project, with staging and atomic publish."""

from __future__ import annotations

import copy
import datetime
import os
import shutil
import signal
import tempfile
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message

from . import cache, catalogs, parallel, pofile
from .apply import Entry, Problem, apply_translations
from .checks import CheckReport, check_catalog, load_glossary
from .document import Document
from .errors import CatalogError, PipelineError, ReleaseError
from .files import atomic_write, exclusive_lock
from .memory import Match, Memory, suggestions
from .project import SOURCE_LANG, TARGET_LANGS, TEMPLATES_DOMAIN, Project, check_lang
from .publish import IndexEntry
from .render import make_page, render_outputs, template_environment
from .segments import segments
from .workspace import (
    Report,
    UiStrings,
    read_catalog,
    read_source,
    read_sources,
    write_catalog,
)


def _templates(project: Project, documents: list[Document]) -> dict[str, Catalog]:
    """The POT of every article and of the templates, by catalog name."""
    date = catalogs.creation_date()
    found: dict[str, Catalog] = {}
    for document in documents:
        found[document.slug] = catalogs.segments_template(document.slug, segments(document),
                                                          date=date)
    found[TEMPLATES_DOMAIN] = catalogs.ui_template(project.templates_dir, "templates", date=date)
    return found


def extract(project: Project) -> Report:
    """Write one POT per article (and one for the templates) into ``content/pot/``."""
    report = Report()
    templates = _templates(project, read_sources(project))
    for name, template in templates.items():
        write_catalog(project.pot_path(name), template, report, project)
    return report


#: A callback for long runs: ``progress(done, total)`` after each article.
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class BuildReport(Report):
    """What ``update`` or ``build`` did, with how much of it a cache spared."""

    #: Articles processed in this run.
    built: int = 0
    #: Articles skipped because nothing they depend on changed.
    fresh: int = 0
    #: Wall-clock seconds the run took.
    seconds: float = 0.0


def update(project: Project, lang: str, *, jobs: int | None = None,
           progress: Progress | None = None) -> BuildReport:
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
    #: The reviewed entries of its catalog as it was (for the translation memory).
    units: tuple[tuple[bool, str, str, int | None], ...]
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
    #: Its catalog's reviewed entries (for the translation memory), ``None``: read the file.
    units: tuple[tuple[bool, str, str, int | None], ...] | None


def _update_key(project: Project, lang: str, slug: str) -> str:
    return cache.digest(cache.code_digest(), lang,
                        cache.file_bytes(project.source_dir / f"{slug}.md") or b"-",
                        cache.file_bytes(project.catalog_path(lang, slug)) or b"-",
                        cache.file_bytes(project.pot_path(slug)) or b"-")


def _units(catalog: Catalog | None) -> tuple[tuple[bool, str, str, int | None], ...]:
    """The reviewed entries of ``catalog``: (obsolete, msgid, msgstr, line)."""
    if catalog is None:
        return ()
    return tuple((obsolete, m.id, m.string, m.lineno)
                 for obsolete, messages in ((False, catalog), (True, catalog.obsolete.values()))
                 for m in messages
                 if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
                 and not m.fuzzy)


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
        self.obsolete = {k: _Reviewed(i, s, n)
                         for k, (obsolete, i, s, n) in enumerate(units) if obsolete}

    def __iter__(self) -> Iterator[_Reviewed]:
        return iter(self._live)


def _untranslated(catalog: Catalog) -> bool:
    return any(isinstance(m.id, str) and m.id and not m.string for m in catalog)


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
    old = pofile.read_po(path, display_name=shown) if path.exists() else None
    units = _units(old)
    pot = _changed(project, project.pot_path(task.slug), copy.deepcopy(template))
    merged = catalogs.merge(template, old, lang=task.lang, plain=True)
    if _untranslated(merged):
        if memory is None:
            return _Updated(task.slug, key, units, needs_memory=True)
        from .memory import prefill  # as catalogs.merge does with a memory: after the merge

        prefill(merged, memory, shown=shown)
    po = _changed(project, path, merged)
    return _Updated(task.slug, key, units,
                    pot=_stage_file(project.pot_path(task.slug), pot, task.suffix),
                    po=_stage_file(path, po, task.suffix), untranslated=_untranslated(merged))


def _changed(project: Project, path: Path, catalog: Catalog) -> bytes | None:
    """The bytes ``write_catalog`` would write to ``path``, or ``None`` if it would not."""
    if path.exists():
        try:
            old = pofile.read_po(path, display_name=project.display(path))
        except CatalogError:
            old = None
        if old is not None:
            date, revision = catalog.creation_date, catalog.revision_date
            catalog.creation_date = old.creation_date
            if revision == date:  # a template: its revision date is its creation date
                catalog.revision_date = old.revision_date
            data = pofile.generate_po(catalog).encode()
            if data == path.read_bytes():
                return None
            catalog.creation_date, catalog.revision_date = date, revision
    return pofile.generate_po(catalog).encode()


def _stage_file(path: Path, data: bytes | None, suffix: str) -> str | None:
    """Write ``data`` beside ``path`` under a temp name; the caller renames it (or removes it)."""
    if data is None:
        return None
    temp = path.with_name(f".{path.name}{suffix}")
    atomic_write(temp, data)
    return str(temp)


def _update(project: Project, lang: str, *, jobs: int | None = None,
            progress: Progress | None = None) -> BuildReport:
    """Extract, then merge each POT into ``content/<lang>/<slug>.po``.

    Every existing catalog is read (strictly) before anything is written, so a
    malformed one stops the update with no file changed: new files wait beside
    the old ones under a temp name until every article is done. An article whose
    source, catalog and POT are as the last update left them is skipped.
    """
    started = time.perf_counter()
    check_lang(lang, targets_only=True)
    date = catalogs.creation_date()
    store = cache.cache_dir(project.root) / f"update-{lang}.pickle"
    records: dict[str, _UpdateRecord] = cache.load(store)
    slugs = [path.stem for path in project.articles()]
    suffix = f".update-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    keys = {slug: _update_key(project, lang, slug) for slug in slugs}
    catalog_digests = [cache.file_digest(project.catalog_path(lang, name))
                       for name in [*slugs, TEMPLATES_DOMAIN]]
    memory_key = cache.digest(*catalog_digests)
    fresh = {slug for slug in slugs if (record := records.get(slug)) is not None
             and record.key == keys[slug] and record.memory in (None, memory_key)}
    tasks = [_UpdateTask(str(project.root), lang, slug, date, suffix)
             for slug in slugs if slug not in fresh]
    done: dict[str, _Updated] = {}
    try:
        count = len(fresh)
        if progress is not None:
            progress(count, len(slugs))
        for result in parallel.run(_update_article, tasks,
                                   jobs=parallel.workers(len(tasks), jobs)):
            done[result.slug] = result
            count += 1
            if progress is not None:
                progress(count, len(slugs))
        templates_pot = catalogs.ui_template(project.templates_dir, "templates", date=date)
        templates_path = project.catalog_path(lang, TEMPLATES_DOMAIN)
        templates_old = (pofile.read_po(templates_path, display_name=project.display(
            templates_path)) if templates_path.exists() else None)
        from .newsletter import issue_catalogs  # newsletters are read after the articles

        issues = issue_catalogs(project, lang)
        memory: Memory | None = None
        needy = [slug for slug, result in done.items() if result.needs_memory]
        if needy or (templates_old is None or _untranslated(templates_old)):
            units = {slug: done[slug].units if slug in done else _record_units(
                project, lang, slug, records[slug]) for slug in slugs}
            units[TEMPLATES_DOMAIN] = _units(templates_old)
            memory = Memory.from_catalogs(
                (project.display(project.catalog_path(lang, name)), _UnitsCatalog(found))
                for name, found in units.items() if found or project.catalog_path(
                    lang, name).exists())
        for slug in needy:
            done[slug] = _update_article(
                _UpdateTask(str(project.root), lang, slug, date, suffix), memory)
    except BaseException:
        _remove_staged(project, lang, suffix)
        raise
    report = BuildReport(built=len(tasks), fresh=len(fresh))
    pots = [(project.pot_path(slug), done[slug].pot if slug in done else None) for slug in slugs]
    pos = [(project.catalog_path(lang, slug), done[slug].po if slug in done else None)
           for slug in slugs]
    for target, temp in pots:
        _replace(project, target, temp, report)
    write_catalog(project.pot_path(TEMPLATES_DOMAIN), copy.deepcopy(templates_pot), report, project)
    for target, temp in pos:
        _replace(project, target, temp, report)
    shown = project.display(templates_path)
    merged = catalogs.merge(templates_pot, templates_old, lang=lang, plain=False, memory=memory,
                            shown=shown)
    write_catalog(templates_path, merged, report, project)
    for path, catalog in issues.items():
        write_catalog(path, catalog, report, project)
    for slug in slugs:
        if slug in fresh:
            continue
        result = done[slug]
        if result.pot is None and result.po is None:  # as it was: skip it next time
            records[slug] = _UpdateRecord(result.key, memory_key if result.untranslated
                                          else None, result.units)
        else:  # an update of what it wrote changes nothing: skip it next time too
            records[slug] = _UpdateRecord(_update_key(project, lang, slug), None, None)
    for slug in set(records) - set(slugs):
        del records[slug]
    cache.save(store, records)
    report.seconds = time.perf_counter() - started
    return report


def _record_units(project: Project, lang: str, slug: str,
                  record: _UpdateRecord) -> tuple[tuple[bool, str, str, int | None], ...]:
    if record.units is not None:
        return record.units
    path = project.catalog_path(lang, slug)
    return _units(pofile.read_po(path, display_name=project.display(path)))


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


def build(project: Project, lang: str, *, draft: bool = False, jobs: int | None = None,
          progress: Progress | None = None) -> BuildReport:
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


def _context(project: Project, lang: str, setting: str) -> tuple[Any, _Gettext, dict[str, Entry],
                                                                  str]:
    if setting not in _CONTEXT:
        _CONTEXT.clear()
        gettext = _Gettext()
        if lang == SOURCE_LANG:
            translations, shown = {}, ""
        else:
            translations, shown = read_catalog(project, lang, TEMPLATES_DOMAIN)
        _CONTEXT[setting] = (template_environment(project.templates_dir, gettext), gettext,
                             translations, shown)
    return _CONTEXT[setting]


def _article_key(project: Project, lang: str, setting: str, slug: str) -> str:
    catalog = (cache.file_bytes(project.catalog_path(lang, slug)) or b"-"
               if lang != SOURCE_LANG else b"")
    return cache.digest(setting, cache.file_bytes(project.source_dir / f"{slug}.md") or b"-",
                        catalog)


def _render_article(task: _RenderTask) -> _Rendered:
    """Parse, translate and render one article into the staging folder."""
    from .newsletter import article_lead

    project = Project(Path(task.root))
    lang = task.lang
    key = _article_key(project, lang, task.setting, task.slug)  # before reading: see update
    env, gettext, ui_translations, ui_shown = _context(project, lang, task.setting)
    document = read_source(project, project.source_dir / f"{task.slug}.md")
    problems: list[Problem] = []
    if lang != SOURCE_LANG:
        translations, shown = read_catalog(project, lang, task.slug)
        problems = apply_translations(document, translations, catalog_name=shown,
                                      mark_lang=SOURCE_LANG)
    entry = IndexEntry("article", document.title, document.date, f"{document.slug}.html",
                       article_lead(document), document.env)
    other = TARGET_LANGS[0] if lang == SOURCE_LANG else SOURCE_LANG
    gettext.ui = UiStrings(lang, ui_translations, ui_shown)
    page = make_page(document, lang=lang, other_lang=other, draft=task.draft)
    names = []
    for suffix, data in render_outputs(page, env, document.env).items():
        name = f"{document.slug}{suffix}"
        with open(Path(task.staging) / name, "xb") as handle:
            handle.write(data)
        names.append(name)
    return _Rendered(task.slug, key, tuple(problems), tuple(gettext.ui.missing.items()), entry,
                     tuple(names))


def _build(project: Project, lang: str, *, draft: bool = False, jobs: int | None = None,
           progress: Progress | None = None) -> BuildReport:
    """Build every handout of ``lang`` (Markdown, HTML, JSON) and publish them together.

    A release build refuses untranslated or fuzzy text, listing each; a draft
    build puts the Dutch in its place, marked. Outputs are built in a staging
    folder and swapped into ``build/<lang>/`` only when all succeeded. An article
    whose inputs (source, catalog, templates, configuration, the pipeline itself)
    are unchanged since it was published keeps its files and its findings.
    """
    started = time.perf_counter()
    check_lang(lang)
    ui_bytes = (cache.file_bytes(project.catalog_path(lang, TEMPLATES_DOMAIN)) or b"-"
                if lang != SOURCE_LANG else b"")
    setting = cache.digest(cache.code_digest(), lang, "draft" if draft else "release",
                           cache.tree_digest(project.templates_dir), ui_bytes,
                           cache.file_bytes(project.root / "pipeline.toml") or b"-")
    store = cache.cache_dir(project.root) / f"build-{lang}.pickle"
    records: dict[str, _BuildRecord] = cache.load(store)
    target = project.build_dir(lang)
    slugs = [path.stem for path in project.articles()]
    fresh: dict[str, _Rendered] = {}
    for slug in slugs:
        record = records.get(slug)
        if (record is not None and record.rendered.key == _article_key(project, lang, setting,
                                                                       slug)
                and all(cache.file_stamp(target / name) == stamp
                        for name, stamp in record.stamps)):
            fresh[slug] = record.rendered
    report = BuildReport(fresh=len(fresh))
    staging = _staging(target)
    try:
        outputs: set[str] = set()
        for rendered in fresh.values():
            for name in rendered.names:
                os.link(target / name, staging / name)
                outputs.add(name)
        tasks = [_RenderTask(str(project.root), lang, draft, slug, str(staging), setting)
                 for slug in slugs if slug not in fresh]
        report.built = len(tasks)
        done = dict(fresh)
        if progress is not None:
            progress(len(done), len(slugs))
        for rendered in parallel.run(_render_article, tasks,
                                     jobs=parallel.workers(len(tasks), jobs)):
            done[rendered.slug] = rendered
            outputs.update(rendered.names)
            if progress is not None:
                progress(len(done), len(slugs))
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
                [str(p) for p in report.problems])
        from .publish import build_index  # the index lists what this build publishes

        index = build_index(project, lang, draft=draft,
                            articles=[done[slug].entry for slug in slugs])
        for name, data in index.items():
            atomic_write(staging / name, data)
            outputs.add(name)
        _swap(target, staging, outputs)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    cache.save(store, {slug: _BuildRecord(done[slug], tuple(
        (name, cache.file_stamp(target / name)) for name in done[slug].names)) for slug in slugs})
    report.written = [project.display(target / name) for name in sorted(outputs)]
    report.seconds = time.perf_counter() - started
    return report


def _staging(target: Path) -> Path:
    """A new, empty staging folder beside ``target`` (leftovers of killed runs removed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a run that was killed (we hold the lock)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))


def _publish(target: Path, outputs: dict[str, bytes]) -> None:
    """Write ``outputs`` into a staging folder, then swap it in for ``target``."""
    staging = _staging(target)
    try:
        for name, data in outputs.items():
            atomic_write(staging / name, data)
        _swap(target, staging, set(outputs))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(target: Path, staging: Path, outputs: Collection[str]) -> None:
    """Carry over what other commands published, then put ``staging`` in ``target``'s place."""
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    _carry_over(target, staging, outputs)
    os.chmod(staging, 0o755)
    # No interruption between the two renames: there is always a build/<lang>/.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    shutil.rmtree(retired, ignore_errors=True)


def catalog_paths(project: Project, lang: str, slugs: tuple[str, ...] = ()) -> list[Path]:
    """The catalogs of ``lang`` (articles, templates, newsletters), or those of ``slugs``."""
    folder = project.catalog_dir(lang)
    paths = sorted(folder.rglob("*.po"))
    if slugs:
        wanted = set(slugs)
        missing = wanted - {p.stem for p in paths}
        if missing:
            raise PipelineError(f"no catalog for {', '.join(sorted(missing))} in "
                                f"{project.display(folder)}")
        paths = [p for p in paths if p.stem in wanted]
    return paths


def check(project: Project, lang: str, slugs: tuple[str, ...] = ()) -> list[CheckReport]:
    """Run the QA checks on the catalogs of ``lang`` against the project's glossary."""
    check_lang(lang, targets_only=True)
    glossary_path = project.root / "content" / "glossary.csv"
    glossary = (load_glossary(glossary_path, display_name=project.display(glossary_path))
                if glossary_path.exists() else None)
    reports = []
    for path in catalog_paths(project, lang, slugs):
        shown = project.display(path)
        catalog = pofile.read_po(path, display_name=shown)
        reports.append(check_catalog(catalog, path=shown, glossary=glossary,
                                     source_lang=SOURCE_LANG, target_lang=lang))
    return reports


def suggest(project: Project, lang: str, slug: str) -> list[tuple[Message, list[Match]]]:
    """For each untranslated or fuzzy entry of one catalog, the best memory matches."""
    check_lang(lang, targets_only=True)
    path = project.catalog_path(lang, slug)
    if not path.exists():
        raise PipelineError(f"no catalog {project.display(path)} (run update first)")
    shown = project.display(path)
    pairs = [(project.display(p), pofile.read_po(p, display_name=project.display(p)))
             for p in catalog_paths(project, lang)]
    memory = Memory.from_catalogs(pairs)
    catalog = next(c for name, c in pairs if name == shown)
    return suggestions(catalog, memory, shown=shown)


#: Handout files a build owns: an old one not rebuilt is of an article since removed.
_HANDOUT_SUFFIXES = frozenset({".html", ".md", ".json"})


def _carry_over(target: Path, staging: Path, outputs: Collection[str]) -> None:
    """Keep what other commands published in ``target`` (PDFs, index, feed, newsletters).

    Hard links where the file system allows, so carrying over costs no copy.
    """
    if not target.is_dir():
        return
    for old in sorted(target.rglob("*")):
        relative = old.relative_to(target)
        top_level_handout = (len(relative.parts) == 1 and old.suffix in _HANDOUT_SUFFIXES
                             and relative.name not in {"index.html"})
        if old.is_dir() or relative.as_posix() in outputs or top_level_handout:
            continue
        copy_to = staging / relative
        copy_to.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, copy_to)
        except OSError:
            shutil.copy2(old, copy_to)
