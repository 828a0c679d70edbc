"""The command line: a thin click group over the build functions."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import PipelineError, ReleaseError

LANG_CHOICE = click.Choice(["nl", "en"])


class Failure(click.ClickException):
    """A PipelineError as click shows it: ``Error: file:line: message``, exit 1."""

    def __init__(self, error: PipelineError) -> None:
        super().__init__(str(error))


def _project(ctx: click.Context):  # type: ignore[no-untyped-def]
    from .project import Project

    try:
        return Project.at(ctx.obj["root"])
    except PipelineError as exc:
        raise Failure(exc) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Work on the project in this directory (it holds content/).")
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
    from .importer import import_text, write_article

    project = _project(ctx)
    try:
        data = file.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise PipelineError("not UTF-8", filename=file, lineno=line) from None
        article = import_text(text, filename=str(file))
        target = project.source_dir / f"{article.slug}.md"
        if target.exists() and not force:
            raise PipelineError("already imported (an editor may have changed it); "
                                "use --force to overwrite", filename=project.display(target))
        write_article(article, project.source_dir)
    except PipelineError as exc:
        raise Failure(exc) from None
    click.echo(f"wrote {project.display(target)}")


@main.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write the POT of every article (and of the templates) into content/pot/."""
    from . import build

    project = _project(ctx)
    try:
        report = build.extract(project)
    except PipelineError as exc:
        raise Failure(exc) from None
    _summary(report.written, report.unchanged)


@main.command()
@click.option("--lang", type=LANG_CHOICE, default="en", show_default=True,
              help="The language whose catalogs to update.")
@click.pass_context
def update(ctx: click.Context, lang: str) -> None:
    """Extract, then merge into content/<lang>/*.po (no translation is ever dropped)."""
    from . import build

    project = _project(ctx)
    try:
        report = build.update(project, lang)
    except PipelineError as exc:
        raise Failure(exc) from None
    _summary(report.written, report.unchanged)


@main.command("build")
@click.option("--lang", type=LANG_CHOICE, required=True, help="The language to build.")
@click.option("--draft", is_flag=True,
              help="Build even with untranslated or fuzzy text (Dutch in its place, marked).")
@click.pass_context
def build_(ctx: click.Context, lang: str, draft: bool) -> None:
    """Build the handouts of one language into build/<lang>/ (.md, .html, .json)."""
    from . import build

    project = _project(ctx)
    try:
        report = build.build(project, lang, draft=draft)
    except ReleaseError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        raise Failure(exc) from None
    except PipelineError as exc:
        raise Failure(exc) from None
    for problem in report.problems:
        click.echo(f"{problem.where}: draft: {problem.status}: {problem.segment.text}", err=True)
    click.echo(f"built {len(report.written)} file(s) in {project.display(project.build_dir(lang))}"
               + (f" (draft: {len(report.problems)} segment(s) in Dutch)" if draft else ""))


def run() -> None:
    """The ``pipeline`` program: SIGTERM unwinds like Ctrl-C, so no temp file is left."""
    import signal

    signal.signal(signal.SIGTERM, _interrupt)
    main(prog_name="pipeline")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _summary(written: list[str], unchanged: list[str]) -> None:
    for name in written:
        click.echo(f"wrote {name}")
    click.echo(f"{len(written)} written, {len(unchanged)} unchanged")
