"""Reading a translate-toolkit store (XLIFF, TMX) from a file, its errors at ``file:line``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pipeline.errors import PipelineError

S = TypeVar("S")


def read_store(path: Path, parse: Callable[[bytes], S], *, kind: str, shown: str) -> S:
    """The store ``parse`` makes of the file at ``path`` (named ``shown`` in errors): a file
    that cannot be read, is not XML or not of ``kind`` (e.g. ``TMX``) is an error."""
    from lxml import etree  # with translate-toolkit, 40 ms to load: only when a file is read

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"cannot read file: {exc.strerror}", filename=shown) from None
    try:
        return parse(data)
    except etree.XMLSyntaxError as exc:
        raise PipelineError(f"not XML: {exc.msg}", filename=shown, lineno=exc.lineno) from None
    except ValueError as exc:
        raise PipelineError(f"not {kind}: {exc}", filename=shown) from None
