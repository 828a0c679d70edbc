"""The command line: a thin click group over the build functions (``pipeline --help``)."""

from pipeline.cli import exchange  # noqa: F401 -- registers the xliff and tmx commands
from pipeline.cli.commands import main, run

__all__ = ["main", "run"]
