"""What the commands print: errors as click shows them, summaries, a progress bar."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from pipeline.errors import PipelineError, ReleaseError


class Failure(click.ClickException):
    """A PipelineError as click shows it: ``Error: file:line: message``, exit 1."""

    def __init__(self, error: PipelineError) -> None:
        super().__init__(str(error))


@contextlib.contextmanager
def failures() -> Iterator[None]:
    """Turn the library's errors into click's: one line, exit 1; a refused release lists why."""
    try:
        yield
    except ReleaseError as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        raise Failure(exc) from None
    except PipelineError as exc:
        raise Failure(exc) from None


#: A line printed: whether to standard error, and its text.
Line = tuple[bool, str]

#: The lists that :func:`recording` blocks gather the printed lines in.
_RECORDING: list[list[Line]] = []


def say(text: str, *, err: bool = False) -> None:
    """Print a line of a command's report (gathered too while :func:`recording`)."""
    click.echo(text, err=err)
    for lines in _RECORDING:
        lines.append((err, text))


@contextlib.contextmanager
def recording() -> Iterator[list[Line]]:
    """The report lines :func:`say` prints within the block (not the terminal's extras)."""
    lines: list[Line] = []
    _RECORDING.append(lines)
    try:
        yield lines
    finally:
        _RECORDING.remove(lines)


def summary_lines(written: list[str], unchanged: list[str]) -> list[Line]:
    """What a command that writes files says: each written, then the counts."""
    return [(False, f"wrote {name}") for name in written] + [
        (False, f"{len(written)} written, {len(unchanged)} unchanged")
    ]


def summary(written: list[str], unchanged: list[str]) -> None:
    for err, text in summary_lines(written, unchanged):
        say(text, err=err)


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on a terminal (stderr) for the library's ``progress`` callback; else none."""
    if not on_terminal():
        yield None
        return
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield progress
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def timing(report: Any) -> None:
    """One line on a terminal: articles built, skipped as fresh, seconds."""
    if on_terminal():
        click.echo(
            f"{report.built} article(s) built, {report.fresh} skipped as fresh, "
            f"{report.seconds:.1f} s",
            err=True,
        )
