"""``python -m pipeline``: the same as the ``pipeline`` command."""

from .cli import main

main(prog_name="pipeline")
