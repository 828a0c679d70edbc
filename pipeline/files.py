"""Files: atomic writes (durable or not), through one temp-file writer, and reading bytes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one.

    Never a half-written file: the bytes go to a temp file beside ``path``, which
    replaces ``path`` in one step. ``durable``: the bytes are on disk before the
    rename and the rename is on disk when this returns (``fsync`` of the file, then
    of its folder), so a crash keeps the old file or the new one, whole: for what
    people wrote (catalogs, sources). ``durable=False`` for what is made again from
    them (handouts, caches): a crash may leave such a file short or empty, which the
    next run finds stale (its size no longer what was recorded) and makes again.
    """
    with replacing(path, durable=durable) as handle:
        handle.write(data)


@contextlib.contextmanager
def replacing(path: Path, *, durable: bool) -> Iterator[BinaryIO]:
    """A temp file beside ``path`` to write, put in its place when the block ends (and
    removed if it raises): :func:`atomic_write`'s steps, for writers that stream."""
    with temp_file(path, durable=durable) as (handle, temp):
        yield handle
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if durable:
        sync_folder(path.parent)


@contextlib.contextmanager
def temp_file(
    path: Path, *, durable: bool, name: str | None = None
) -> Iterator[tuple[BinaryIO, Path]]:
    """A new file beside ``path`` to write, and its path: every atomic write's first step.

    Named ``name`` (a run's own name, which the caller renames later) or a fresh
    temp name. When the block ends the file is whole and readable by all (``0o644``),
    on disk (``fsync``) if ``durable``; if the block raises, it is removed. Renaming it
    into place is the caller's: at once (:func:`replacing`) or after others (a staged
    update).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if name is None:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        temp = Path(temp_name)
    else:
        temp = path.with_name(name)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, temp
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def sync_folder(folder: Path) -> None:
    """Make the renames and new names in ``folder`` durable (``fsync`` of the directory)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_if_changed(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Atomically write ``data`` unless ``path`` already holds exactly it.

    Returns whether the file was written.
    """
    if file_bytes(path) == data:
        return False
    atomic_write(path, data, durable=durable)
    return True


def file_bytes(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` when there is no such file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
