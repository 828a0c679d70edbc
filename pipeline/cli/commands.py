"""The commands: each parses its options, calls one library function and prints its report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.cli.output import (
    Line,
    failures,
    on_terminal,
    progress_bar,
    recording,
    say,
    summary,
    summary_lines,
    timing,
)
from pipeline.errors import PipelineError, ReleaseError
from pipeline.project import LANGS, SOURCE_LANG, TARGET_LANGS, Project

if TYPE_CHECKING:
    from pipeline.reports import BuildReport

#: Every language a handout is built in, and the languages translated into (the project's).
LANG_CHOICE = click.Choice(LANGS)
TARGET_CHOICE = click.Choice(TARGET_LANGS)
TARGET = TARGET_LANGS[0]


def target_lang(help_text: str) -> Callable[[Any], Any]:
    """The ``--lang`` option of the commands that work on translations."""
    return click.option(
        "--lang", type=TARGET_CHOICE, default=TARGET, show_default=True, help=help_text
    )


def _project(ctx: click.Context) -> Project:
    with failures():
        return Project.at(ctx.obj["root"])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Work on the project in this directory (it holds content/).",
)
@click.version_option(package_name="nl-en-pipeline")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Dutch articles to gettext catalogs to Markdown and HTML handouts."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing content/nl/<slug>.md.")
@click.pass_context
def import_(ctx: click.Context, file: Path, force: bool) -> None:
    """Import a scraped article text as content/nl/<slug>.md."""
    from pipeline.source.importer import import_text, write_article  # lazy: --help stays fast
    from pipeline.source.load import read_text

    project = _project(ctx)
    with failures():
        article = import_text(read_text(file, str(file)), filename=str(file))
        target = project.source_dir / f"{article.slug}.md"
        if target.exists() and not force:
            raise PipelineError(
                "already imported (an editor may have changed it); use --force to overwrite",
                filename=project.display(target),
            )
        write_article(article, project.source_dir)
    click.echo(f"wrote {project.display(target)}")


@main.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write the POT of every article (and of the templates) into content/pot/."""
    from pipeline.runs.extract import extract as extract_templates  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        report = extract_templates(project)
    summary(report.written, report.unchanged)


@main.command()
@target_lang("The language whose catalogs to update.")
@click.pass_context
def update(ctx: click.Context, lang: str) -> BuildReport:
    """Extract, then merge into content/<lang>/*.po (no translation is ever dropped)."""
    from pipeline.runs.update import update as update_catalogs  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        with progress_bar("updating") as progress:
            report = update_catalogs(project, lang, progress=progress)
    summary(report.written, report.unchanged)
    timing(report)
    return report


@main.command("build")
@click.option("--lang", type=LANG_CHOICE, required=True, help="The language to build.")
@click.option(
    "--draft",
    is_flag=True,
    help="Build even with untranslated or fuzzy text (Dutch in its place, marked).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="All or nothing: any article held back or outdated is an error, nothing is built.",
)
@click.pass_context
def build_(ctx: click.Context, lang: str, draft: bool, strict: bool) -> None:
    """Build the handouts of one language into build/<lang>/ (.md, .html, .json).

    A release publishes every article that is ready: current ones as they are,
    outdated ones (the Dutch changed since the English was reviewed) with their
    last-reviewed English and a notice; the rest is held back, one line each.
    """
    from pipeline.release import HELD_BACK
    from pipeline.runs.handouts import build  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        with progress_bar(f"building {lang}") as progress:
            report = build(project, lang, draft=draft, strict=strict, progress=progress)
    for warning in report.warnings:
        say(f"warning: {warning}", err=True)
    for problem in report.problems:
        say(f"{problem.where}: draft: {problem.status}: {problem.segment.text}", err=True)
    if not draft:
        for edition in report.editions:
            say(str(edition), err=True)
            for line in edition.details():
                say(line, err=True)
    held = sum(e.state == HELD_BACK for e in report.editions)
    say(
        f"built {len(report.written)} file(s) in {project.display(project.build_dir(lang))}"
        + (f" (draft: {len(report.problems)} segment(s) in Dutch)" if draft else "")
        + (
            f" ({held} article(s) held back, {len(report.editions) - held} outdated)"
            if report.editions and not draft
            else ""
        )
    )
    timing(report)


@main.command("all")
@click.pass_context
def all_(ctx: click.Context) -> None:
    """Update the English catalogs, build Dutch, build English.

    What ``update``, ``build --lang nl`` and ``build --lang en`` do one after the
    other, in one process: it stops at the first that fails.
    When no file changed since the last run, it says so at once (``build.unchanged``).
    """
    import time

    from pipeline.runs import unchanged  # lazy: --help stays fast

    started = time.perf_counter()
    project = _project(ctx)
    again = unchanged.unchanged(project)
    if again is not None:
        for err, text in again:
            say(text, err=err)
        if on_terminal():
            seconds = time.perf_counter() - started
            click.echo(f"nothing changed since the last run, {seconds:.1f} s", err=True)
        return
    begun = unchanged.begin(project)
    noop: list[Line] = []  # what this run would print with nothing to do
    for lang in TARGET_LANGS:
        report = ctx.invoke(update, lang=lang)
        noop += summary_lines([], report.written + report.unchanged)
    with recording() as said:  # the rest prints the same with nothing to do
        ctx.invoke(build_, lang=SOURCE_LANG, draft=False, strict=False)
        for lang in TARGET_LANGS:
            ctx.invoke(build_, lang=lang, draft=False, strict=False)
    unchanged.record(project, begun, noop + said)


def run() -> None:
    """The ``pipeline`` program: SIGTERM unwinds like Ctrl-C, so no temp file is left."""
    import signal

    signal.signal(signal.SIGTERM, _interrupt)
    main(prog_name="pipeline")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.command()
@target_lang("The language whose catalogs to check.")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Plain lines for people, or JSON for machines.",
)
@click.option("--errors-only", is_flag=True, help="Report errors only, not warnings.")
@click.argument("slugs", nargs=-1)
@click.pass_context
def check(
    ctx: click.Context, lang: str, format_: str, errors_only: bool, slugs: tuple[str, ...]
) -> None:
    """Check translations against their Dutch: Markdown, numbers, URLs, glossary, ...

    Each finding is printed as FILE:LINE: SEVERITY: CHECK: MESSAGE. Exits 1 when
    there is an error. A flag on an entry silences one check (e.g. ``#, ignore-same``).
    """
    from pipeline.checks.rules import report_json
    from pipeline.runs import quality as checking  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        reports = checking.check(project, lang, slugs, errors_only=errors_only)
    findings = [f for r in reports for f in r.findings]
    errors = sum(f.severity == "error" for f in findings)
    if format_ == "json":
        click.echo(report_json(reports), nl=False)
    else:
        for finding in findings:
            say(str(finding))
        warnings = len(findings) - errors
        silenced = sum(r.silenced for r in reports)
        say(
            f"{len(reports)} catalog(s) checked: {errors} error(s), {warnings} "
            f"warning(s), {silenced} silenced by flags",
            err=True,
        )
    if errors:
        ctx.exit(1)


@main.command()
@target_lang("The language to count.")
@click.option("--json", "as_json", is_flag=True, help="The same numbers as JSON.")
@click.pass_context
def stats(ctx: click.Context, lang: str, as_json: bool) -> None:
    """Segments, words, reviewed, fuzzy, untranslated and obsolete per catalog, with totals."""
    from pipeline.runs.stats import project_stats, stats_json, stats_table  # lazy: --help

    project = _project(ctx)
    with failures():
        found = project_stats(project, lang)
    click.echo(stats_json(found) if as_json else stats_table(found), nl=False)


@main.command()
@target_lang("The language to review.")
@click.pass_context
def review(ctx: click.Context, lang: str) -> None:
    """Write bilingual review sheets (Dutch | English, status, findings) to build/review/.

    Each entry shows its state and what the checks found in it; fuzzy entries show the
    word diff from the Dutch they were reviewed for to the Dutch now.
    """
    from pipeline.runs.quality import review_sheets  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        written = review_sheets(project, lang)
    for path in written:
        click.echo(f"wrote {project.display(path)}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the workbench in a browser.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, open_browser: bool) -> None:
    """The translator's live workbench: the pages, live, editable in the browser.

    Every page of the build at its own path; a save in any editor updates the open
    pages. Ctrl-C stops it.
    """
    from pipeline.serve import server  # lazy: --help stays fast

    project = _project(ctx)

    def ready(address: str) -> None:  # said once the socket is bound and answering
        if not server.is_loopback(host):
            click.echo(
                f"warning: listening on {host}: anyone who can reach this machine can reach"
                " the workbench; it opens only at the address below, whose secret works once",
                err=True,
            )
        click.echo(f"serving {project.root} at {address} (Ctrl-C stops)", err=True)

    with failures():
        try:
            server.serve(project, host=host, port=port, open_browser=open_browser, ready=ready)
        except KeyboardInterrupt:
            pass
    click.echo("stopped", err=True)


@main.command()
@target_lang("The language of the catalog.")
@click.argument("slug")
@click.pass_context
def suggest(ctx: click.Context, lang: str, slug: str) -> None:
    """For each untranslated or fuzzy entry of SLUG, the best three translation-memory matches."""
    from pipeline.runs import quality as checking  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        found = checking.suggest(project, lang, slug)
    shown = project.display(project.catalog_path(lang, slug))
    for message, matches in found:
        click.echo(f"{shown}:{message.lineno}: {message.id}")
        for match in matches:
            click.echo(f"  {match.score:5.1f}%  {match.target}  ({match.origin})")
        if not matches:
            click.echo("  no match of 75% or more")
    click.echo(
        f"{len(found)} entr{'y' if len(found) == 1 else 'ies'} to translate or review", err=True
    )


@main.command()
@click.option("--lang", type=LANG_CHOICE, required=True, help="The language of the issue.")
@click.option("--draft", is_flag=True, help="Build even with untranslated or fuzzy text.")
@click.option(
    "--strict", is_flag=True, help="An issue that is not ready is an error, not held back."
)
@click.argument("issue_ids", nargs=-1)
@click.pass_context
def newsletter(
    ctx: click.Context, lang: str, draft: bool, strict: bool, issue_ids: tuple[str, ...]
) -> None:
    """Write newsletter issues as e-mail: build/<lang>/newsletter/<id>.html, .txt and .eml.

    Without ISSUE_IDS, every issue in content/nl/newsletters/. An issue whose text is not
    reviewed, or one of whose articles is held back in the language, is held back (its
    reasons listed, what was published of it removed) and the others are built; --strict
    makes that an error.
    """
    from pipeline.publish.newsletter import write_newsletter  # lazy: --help stays fast
    from pipeline.source.issues import issue_ids as all_issues

    project, built, held = _project(ctx), 0, 0
    with failures():
        for issue_id in issue_ids or all_issues(project):
            try:
                report = write_newsletter(project, lang, issue_id, draft=draft)
            except ReleaseError as exc:
                if strict:
                    raise
                for line in exc.problems:
                    click.echo(line, err=True)
                click.echo(f"held back: {exc}", err=True)
                held += 1
                continue
            built += 1
            for name in report.written:
                click.echo(f"wrote {name}")
    if held:
        click.echo(f"{built} issue(s) built, {held} held back", err=True)


@main.command()
@click.option("--lang", type=LANG_CHOICE, required=True, help="The language to print.")
@click.option("--draft", is_flag=True, help="Print even with untranslated or fuzzy text.")
@click.pass_context
def pdf(ctx: click.Context, lang: str, draft: bool) -> None:
    """Print-ready A4 handouts: build/<lang>/<slug>.pdf (WeasyPrint)."""
    from pipeline.publish.pdf import build_pdfs  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        report = build_pdfs(project, lang, draft=draft)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for slug, pages in sorted(report.pages.items()):
        click.echo(
            f"{project.display(project.build_dir(lang) / slug)}.pdf: "
            f"{pages} page{'s' if pages != 1 else ''}"
        )
