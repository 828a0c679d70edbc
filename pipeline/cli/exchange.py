"""The exchange commands: XLIFF to and from translation agencies, the project's TMX."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline.cli.commands import _project, main
from pipeline.cli.languages import target_lang
from pipeline.cli.output import failures, say

F = TypeVar("F", bound=Callable[..., Any])


def _output(name: str, help: str, *, folder: bool) -> Callable[[F], F]:
    """The ``-o``/``--output`` option: a folder or a file, passed as ``name``."""
    kind = click.Path(file_okay=not folder, dir_okay=folder, path_type=Path)
    return click.option("-o", "--output", name, type=kind, help=help)


@main.group()
def xliff() -> None:
    """XLIFF 1.2 for a translation agency: export catalogs, import their work."""


@xliff.command("export")
@target_lang("The language of the catalogs to export.")
@_output(
    "out_dir", "The folder to write <slug>.xlf into  [default: build/xliff/<lang>/].", folder=True
)
@click.argument("slugs", nargs=-1)
@click.pass_context
def export_xliff(
    ctx: click.Context, lang: str, out_dir: Path | None, slugs: tuple[str, ...]
) -> None:
    """Write each article's catalog (or SLUG's) as XLIFF 1.2: one <slug>.xlf each.

    Every entry is a unit: the Dutch, the English, its state (reviewed: approved,
    fuzzy: needs-review-translation, empty: new), its notes and flags.
    """
    from pipeline.exchange import xliff as exchange  # lazy: --help stays fast

    project = _project(ctx)
    folder = out_dir if out_dir is not None else project.root / "build" / "xliff" / lang
    with failures():
        names = list(slugs) or [path.stem for path in project.articles()]
        written = exchange.export_xliff(project, lang, names, folder)
    for path in written:
        click.echo(f"wrote {project.display(path)}")


@xliff.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def import_xliff(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Merge an agency's XLIFF files into the catalogs they were exported from.

    An approved unit becomes a reviewed entry, another a fuzzy one. A unit whose Dutch
    changed, or whose entry changed in the catalog since the export, is reported and
    left out; nothing else in a catalog changes.
    """
    from pipeline.exchange import receive  # lazy: --help stays fast

    project = _project(ctx)
    with failures():
        report = receive.import_xliff(project, files)
    for notice in report.notices:
        say(str(notice), err=True)
    for shown in report.written:
        click.echo(f"wrote {shown}")
    say(
        f"imported {report.units} unit(s) into {len(report.written)} catalog(s),"
        f" {len(report.notices)} left out",
        err=True,
    )


@main.group()
def tmx() -> None:
    """TMX: the project's reviewed translations as a translation memory."""


@tmx.command("export")
@target_lang("The language of the translations.")
@_output("out", "The file to write  [default: build/tmx/nl-<lang>.tmx].", folder=False)
@click.pass_context
def export_tmx(ctx: click.Context, lang: str, out: Path | None) -> None:
    """Write every reviewed pair (articles, newsletters, templates) as one TMX file."""
    from pipeline.exchange import tmx as exchange  # lazy: --help stays fast

    project = _project(ctx)
    path = (
        out
        if out is not None
        else project.root / "build" / "tmx" / f"{project.source_lang}-{lang}.tmx"
    )
    with failures():
        count = exchange.export_tmx(project, lang, path)
    click.echo(f"wrote {project.display(path)} ({count} translation unit(s))")
