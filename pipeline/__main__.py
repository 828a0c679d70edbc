"""``python -m pipeline``: the same as the ``pipeline`` command."""

from pipeline.cli import run

run()
