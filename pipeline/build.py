"""The stages put together: extract, update and build a project, with staging and atomic publish."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from . import catalogs, pofile
from .apply import apply_translations
from .checks import CheckReport, check_catalog, load_glossary
from .document import Document
from .errors import PipelineError, ReleaseError
from .files import atomic_write, exclusive_lock
from .memory import Match, Memory, suggestions
from .project import SOURCE_LANG, TARGET_LANGS, TEMPLATES_DOMAIN, Project, check_lang
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
    from .newsletter import issue_catalogs  # newsletters are read after the articles

    issues = issue_catalogs(project, lang)
    report = Report()
    for name, template in templates.items():
        write_catalog(project.pot_path(name), copy.deepcopy(template), report, project)
    for name, template in templates.items():
        shown = project.display(project.catalog_path(lang, name))
        merged = catalogs.merge(template, old[name], lang=lang, plain=name != TEMPLATES_DOMAIN,
                                memory=memory, shown=shown)
        write_catalog(project.catalog_path(lang, name), merged, report, project)
    for path, catalog in issues.items():
        write_catalog(path, catalog, report, project)
    return report


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
        ui = UiStrings(lang, {}, "")
    else:
        ui = UiStrings(lang, *read_catalog(project, lang, TEMPLATES_DOMAIN))
    env = template_environment(project.templates_dir, ui.gettext)
    report = Report()
    outputs: dict[str, bytes] = {}
    for path in project.articles():
        document = read_source(project, path)
        if lang != SOURCE_LANG:
            translations, shown = read_catalog(project, lang, document.slug)
            report.problems += apply_translations(document, translations, catalog_name=shown,
                                                  mark_lang=SOURCE_LANG)
        page = make_page(document, lang=lang, other_lang=other, draft=draft)
        for suffix, data in render_outputs(page, env, document.env).items():
            outputs[f"{document.slug}{suffix}"] = data
    report.problems += ui.missing.values()
    if not report.problems or draft:
        from .publish import build_index  # the index lists what this build publishes

        outputs.update(build_index(project, lang, draft=draft))
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


#: Handout files a build owns: an old one not rebuilt is of an article since removed.
_HANDOUT_SUFFIXES = frozenset({".html", ".md", ".json"})


def _carry_over(target: Path, staging: Path, outputs: dict[str, bytes]) -> None:
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
