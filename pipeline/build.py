"""The stages put together: extract, update and build a project, with staging and atomic publish."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from . import catalogs, pofile
from .apply import Entry, Problem, apply_translations, entries
from .document import Document, parse_document
from .checks import CheckReport, check_catalog, load_glossary
from .errors import CatalogError, PipelineError, ReleaseError, SourceError
from .files import atomic_write, exclusive_lock
from .memory import Match, Memory, suggestions
from .project import SOURCE_LANG, TARGET_LANGS, TEMPLATES_DOMAIN, Project, check_lang
from .render import make_page, render_outputs, template_environment
from .segments import Segment, segments


@dataclass(slots=True)
class Report:
    """What a command did, for the CLI to print."""

    #: Files written (as users see them).
    written: list[str] = field(default_factory=list)
    #: Files left as they were because nothing changed.
    unchanged: list[str] = field(default_factory=list)
    #: Segments a draft build shipped in Dutch.
    problems: list[Problem] = field(default_factory=list)


def read_source(project: Project, path: Path) -> Document:
    """Read and parse one Dutch source; a file that is not UTF-8 is an error at its line."""
    shown = project.display(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(f"not UTF-8 (byte 0x{data[exc.start]:02x})", filename=shown,
                          lineno=line) from None
    return parse_document(text.removeprefix("\ufeff"), source=shown, slug=path.stem)


def read_sources(project: Project) -> list[Document]:
    """Every article of the project, parsed."""
    return [read_source(project, path) for path in project.articles()]


def _templates(project: Project, documents: list[Document]) -> dict[str, Catalog]:
    """The POT of every article and of the templates, by catalog name."""
    date = catalogs.creation_date()
    found: dict[str, Catalog] = {}
    for document in documents:
        found[document.slug] = catalogs.segments_template(document.slug, segments(document),
                                                          date=date)
    found[TEMPLATES_DOMAIN] = catalogs.ui_template(project.templates_dir, "templates", date=date)
    return found


def _write_catalog(path: Path, catalog: Catalog, report: Report, project: Project) -> None:
    """Write unless only the creation date would change (no spurious diffs)."""
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
            same = pofile.generate_po(catalog).encode() == path.read_bytes()
            if same:
                report.unchanged.append(project.display(path))
                return
            catalog.creation_date, catalog.revision_date = date, revision
    pofile.write_po(path, catalog)
    report.written.append(project.display(path))


def extract(project: Project) -> Report:
    """Write one POT per article (and one for the templates) into ``content/pot/``."""
    report = Report()
    templates = _templates(project, read_sources(project))
    for name, template in templates.items():
        _write_catalog(project.pot_path(name), template, report, project)
    return report


def update(project: Project, lang: str) -> Report:
    """Extract, then merge each POT into ``content/<lang>/<slug>.po`` (under the project lock)."""
    with exclusive_lock(project.lock_path):
        return _update(project, lang)


def _update(project: Project, lang: str) -> Report:
    """Extract, then merge each POT into ``content/<lang>/<slug>.po``.

    Every existing catalog is read (strictly) before anything is written, so a
    malformed one stops the update with no file changed.
    """
    check_lang(lang, targets_only=True)
    documents = read_sources(project)
    templates = _templates(project, documents)
    old: dict[str, Catalog | None] = {}
    for name in templates:
        path = project.catalog_path(lang, name)
        exists = path.exists()
        old[name] = pofile.read_po(path, display_name=project.display(path)) if exists else None
    # Built before any merge: merging changes the catalogs in ``old`` in place.
    memory = Memory.from_catalogs((project.display(project.catalog_path(lang, name)), catalog)
                                  for name, catalog in old.items() if catalog is not None)
    report = Report()
    for name, template in templates.items():
        _write_catalog(project.pot_path(name), copy.deepcopy(template), report, project)
    for name, template in templates.items():
        shown = project.display(project.catalog_path(lang, name))
        merged = catalogs.merge(template, old[name], lang=lang, plain=name != TEMPLATES_DOMAIN,
                                memory=memory, shown=shown)
        _write_catalog(project.catalog_path(lang, name), merged, report, project)
    return report


@dataclass(slots=True)
class _Strings:
    """The templates' strings in one language, remembering the ones not reviewed."""

    lang: str
    translations: dict[str, Entry]
    catalog_name: str
    missing: dict[str, Problem] = field(default_factory=dict)

    def gettext(self, text: str) -> str:
        if self.lang == SOURCE_LANG:
            return text
        entry = self.translations.get(text)
        if entry is not None and entry.string and not entry.fuzzy:
            return entry.string
        if entry is None:
            where, status = f"{self.catalog_name}", "untranslated"
        else:
            status = "fuzzy" if entry.fuzzy and entry.string else "untranslated"
            where = f"{self.catalog_name}:{entry.lineno}"
        segment = Segment(text, "template", "templates", 0, verbatim=False)
        self.missing.setdefault(text, Problem(segment, status, where))
        return text


def _read_catalog(project: Project, lang: str, name: str) -> tuple[dict[str, Entry], str]:
    path = project.catalog_path(lang, name)
    shown = project.display(path)
    if not path.exists():
        return {}, shown
    return entries(pofile.read_po(path, display_name=shown)), shown


def build(project: Project, lang: str, *, draft: bool = False) -> Report:
    """Build every handout of ``lang`` and publish them together (under the project lock)."""
    with exclusive_lock(project.lock_path):
        return _build(project, lang, draft=draft)


def _build(project: Project, lang: str, *, draft: bool = False) -> Report:
    """Build every handout of ``lang`` (Markdown, HTML, JSON) and publish them together.

    A release build refuses untranslated or fuzzy text, listing each; a draft
    build puts the Dutch in its place, marked. Outputs are built in a staging
    folder and swapped into ``build/<lang>/`` only when all succeeded.
    """
    check_lang(lang)
    other = TARGET_LANGS[0] if lang == SOURCE_LANG else SOURCE_LANG
    if lang == SOURCE_LANG:
        ui = _Strings(lang, {}, "")
    else:
        ui = _Strings(lang, *_read_catalog(project, lang, TEMPLATES_DOMAIN))
    env = template_environment(project.templates_dir, ui.gettext)
    report = Report()
    outputs: dict[str, bytes] = {}
    for path in project.articles():
        document = read_source(project, path)
        if lang != SOURCE_LANG:
            translations, shown = _read_catalog(project, lang, document.slug)
            report.problems += apply_translations(document, translations, catalog_name=shown,
                                                  mark_lang=SOURCE_LANG)
        page = make_page(document, lang=lang, other_lang=other, draft=draft)
        for suffix, data in render_outputs(page, env, document.env).items():
            outputs[f"{document.slug}{suffix}"] = data
    report.problems += ui.missing.values()
    if report.problems and not draft:
        raise ReleaseError(
            f"{len(report.problems)} segment(s) not reviewed in {lang}; nothing was built"
            " (translate them, remove 'fuzzy', or build with --draft)",
            [str(p) for p in report.problems])
    _publish(project.build_dir(lang), outputs)
    report.written = [project.display(project.build_dir(lang) / name) for name in sorted(outputs)]
    return report


def _publish(target: Path, outputs: dict[str, bytes]) -> None:
    """Write ``outputs`` into a staging folder, then swap it in for ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a run that was killed (we hold the lock)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    try:
        for name, data in outputs.items():
            atomic_write(staging / name, data)
        os.chmod(staging, 0o755)
        # No interruption between the two renames: there is always a build/<lang>/.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            if target.exists():
                os.replace(target, retired)
            os.replace(staging, target)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
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
