"""pipeline.cli.output: errors as click shows them, summaries, a progress bar on a terminal only."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from types import SimpleNamespace

import click
import pytest
from click.testing import CliRunner

from pipeline.cli.output import Failure, failures, progress_bar, summary, timing
from pipeline.errors import CatalogError, PipelineError, ReleaseError


def _invoke(body: Callable[[], object]) -> tuple[int, str, str]:
    """Run ``body()`` as a click command; its exit code, stdout and stderr."""

    @click.command()
    def command() -> None:
        body()

    result = CliRunner().invoke(command, [])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_pipeline_error_is_one_line_and_exit_1() -> None:
    def body() -> None:
        with failures():
            raise CatalogError("unterminated string", filename="content/en/a.po", lineno=7)

    assert _invoke(body) == (1, "", "Error: content/en/a.po:7: unterminated string\n")
    assert str(Failure(PipelineError("x", filename="f"))) == "f: x"


def test_a_refused_release_lists_its_problems_first() -> None:
    def body() -> None:
        with failures():
            raise ReleaseError("2 segment(s) not reviewed in en", ["a.po:3: fuzzy: A", "a.po:9: B"])

    code, out, err = _invoke(body)
    assert (code, out) == (1, "")
    assert err == "a.po:3: fuzzy: A\na.po:9: B\nError: 2 segment(s) not reviewed in en\n"


def test_other_errors_pass_through() -> None:
    def body() -> None:
        with failures():
            raise KeyError("not ours")

    with pytest.raises(KeyError, match="not ours"):
        _invoke(body)


def test_nothing_raised_is_nothing_shown() -> None:
    def body() -> None:
        with failures():
            click.echo("done")

    assert _invoke(body) == (0, "done\n", "")


def test_summary() -> None:
    assert _invoke(lambda: summary(["build/en/a.html", "build/en/b.md"], ["c"])) == (
        0,
        "wrote build/en/a.html\nwrote build/en/b.md\n2 written, 1 unchanged\n",
        "",
    )
    assert _invoke(lambda: summary([], []))[1] == "0 written, 0 unchanged\n"


def test_no_progress_bar_and_no_timing_off_a_terminal() -> None:
    def body() -> None:
        with progress_bar("building") as progress:
            assert progress is None
        timing(SimpleNamespace(built=2, fresh=1, seconds=0.25))

    assert _invoke(body) == (0, "", "")


_ON_A_TERMINAL = """
from types import SimpleNamespace
from pipeline.cli.output import progress_bar, timing
with progress_bar("building") as progress:
    assert progress is not None
    for done in range(1, 5):
        progress(done, 4)
timing(SimpleNamespace(built=3, fresh=1, seconds=1.26))
"""


def test_progress_bar_and_timing_on_a_terminal() -> None:
    """stderr a real terminal (a pseudo-terminal): the bar and the timing line appear there."""
    main, other = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _ON_A_TERMINAL],
            stdout=subprocess.PIPE,
            stderr=other,
            timeout=30,
            env={**os.environ, "COLUMNS": "80"},
        )
        os.close(other)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    assert proc.returncode == 0 and proc.stdout == b""
    text = shown.decode()
    assert "building" in text and "100%" in text
    assert text.rstrip().endswith("3 article(s) built, 1 skipped as fresh, 1.3 s")
