"""``check`` and ``suggest``: the QA checks over a project's catalogs, and the memory's matches."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from babel.messages.catalog import Message

from pipeline import cache, po
from pipeline.catalogs.memory import Match, Memory, suggestions
from pipeline.checks.consistency import inconsistent_terms
from pipeline.checks.glossary import project_glossary
from pipeline.checks.rules import CheckReport, check_catalog
from pipeline.errors import PipelineError
from pipeline.exchange.tmx import tmx_memories
from pipeline.project import Project
from pipeline.publish.review import write_reviews
from pipeline.runs import parallel


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
    others are checked in worker processes when there are many; then the catalogs are held
    against each other (`inconsistent_terms`). ``errors_only``: the reports keep their
    errors only (what is held stays small however many catalogs).
    """
    project.languages.check(lang, targets_only=True)
    known = cache.digests(project.root)
    glossary = known.of(project.root / "content" / "glossary.csv")
    paths = catalog_paths(project, lang, slugs)
    shown_paths = [(project.display(path), path) for path in paths]
    keys = [cache.key(lang, s, glossary, known.of(p)) for s, p in shown_paths]
    known.save()
    # The errors-only reports of the last such check, by catalog and key, in one file: a
    # check with nothing (or one catalog) changed reads that one, not one file per catalog.
    # Each says whether it is the whole report (the catalog had no warnings): then a
    # check of everything may take it too.
    errors = cache.CHECK_ERRORS.at(project.root, lang)
    last: dict[str, tuple[str, CheckReport, bool]] = errors.load()
    reports: dict[str, CheckReport] = {}
    complete: dict[str, bool] = {}
    tasks: list[_CheckTask] = []
    order: list[str] = []
    for (shown, path), key in zip(shown_paths, keys, strict=True):
        order.append(shown)
        if (hit := last.get(shown)) is not None and hit[0] == key and (errors_only or hit[2]):
            reports[shown], complete[shown] = hit[1], hit[2]
            continue
        store = cache.CHECK.at(project.root, lang, shown)
        found = store.load(key)
        if isinstance(found, CheckReport):
            reports[shown], complete[shown] = _kept(found, errors_only)
        else:
            tasks.append(
                _CheckTask(str(project.root), lang, str(path), shown, key, store, errors_only)
            )
    if tasks:
        project_glossary(project, lang)  # a bad glossary is one error here, not one per catalog
    for shown, report, whole in parallel.run(
        _check_catalog, tasks, jobs=parallel.workers(len(tasks), jobs)
    ):
        reports[shown], complete[shown] = report, whole
    current = {
        shown: (key, reports[shown], complete[shown])
        for shown, key in zip(order, keys, strict=True)
    }
    if errors_only and current != {shown: last.get(shown) for shown in order}:
        # small whatever the number of catalogs (errors only); others' kept unless all checked
        errors.save(current if not slugs else {**last, **current})
    return inconsistent_terms([reports[shown] for shown in order], errors_only=errors_only)


def _kept(report: CheckReport, errors_only: bool) -> tuple[CheckReport, bool]:
    """What a check keeps of ``report``, and whether that is all of it."""
    if not errors_only:
        return report, True
    errors = [f for f in report.findings if f.severity == "error"]
    return replace(report, findings=errors), len(errors) == len(report.findings)


@dataclass(frozen=True, slots=True)
class _CheckTask:
    """One catalog to check (picklable, for a worker process)."""

    root: str
    lang: str
    path: str
    shown: str
    #: The digest of what its findings depend on, and where they are kept under it.
    key: str
    store: cache.ValueFile
    errors_only: bool


def _check_catalog(task: _CheckTask) -> tuple[str, CheckReport, bool]:
    """One catalog's report (errors only, if asked), and whether that is the whole report.

    The whole report is kept in the catalog's own cache file unless what is returned is
    all of it (a catalog without warnings: most of them), which the caller keeps with
    the others: one file written per run, not one per catalog.
    """
    project = Project.at(Path(task.root))
    glossary = project_glossary(project, task.lang)
    catalog = po.read_po(Path(task.path), display_name=task.shown)
    report = check_catalog(
        catalog,
        path=task.shown,
        glossary=glossary,
        source_lang=project.source_lang,
        target_lang=task.lang,
    )
    kept, whole = _kept(report, task.errors_only)
    if not (task.errors_only and whole):
        task.store.save(task.key, report)
    return task.shown, kept, whole


def suggest(project: Project, lang: str, slug: str) -> list[tuple[Message, list[Match]]]:
    """For each untranslated or fuzzy entry of one catalog, the best memory matches."""
    project.languages.check(lang, targets_only=True)
    path = project.catalog_path(lang, slug)
    if not path.exists():
        raise PipelineError(f"no catalog {project.display(path)} (run update first)")
    shown = project.display(path)
    pairs = [
        (project.display(p), po.read_po(p, display_name=project.display(p)))
        for p in catalog_paths(project, lang)
    ]
    memory = Memory.from_catalogs([*pairs, *tmx_memories(project, lang)])
    catalog = next(c for name, c in pairs if name == shown)
    return suggestions(catalog, memory, shown=shown)


def review_sheets(project: Project, lang: str) -> list[Path]:
    """Write the review sheet of every article of ``lang``, with the checks' findings."""
    by_catalog: dict[str, dict[str, list[str]]] = {}
    for report in check(project, lang):
        for finding in report.findings:
            if finding.check in {"untranslated", "fuzzy"}:
                continue  # the sheet shows the status itself
            name = Path(finding.path).stem
            entry = by_catalog.setdefault(name, {}).setdefault(finding.msgid, [])
            entry.append(finding.text)
    return write_reviews(project, lang, findings_for=lambda slug: by_catalog.get(slug, {}))
