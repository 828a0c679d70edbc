"""The project lock (one run at a time) and the interrupt guard (steps not cut in two)."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.project import Project

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the duration, or fail at once.

    The operating system releases the lock when the process ends, however it
    ends, so a killed run never leaves a stale lock behind.
    """
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise PipelineError(
                f"another pipeline run ({holder}) is working on this project; "
                "try again when it has finished",
                filename=path,
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def under_lock(func: Callable[Concatenate[Project, P], R]) -> Callable[Concatenate[Project, P], R]:
    """``func`` run holding its project's lock (:func:`exclusive_lock`): one at a time."""

    @functools.wraps(func)
    def locked(project: Project, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with exclusive_lock(project.lock_path):
            return func(project, *args, **kwargs)

    return locked


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back for the duration, delivered when it ends.

    For steps an interruption must not cut in two: two renames, or worker processes
    half started (which an interrupted parent would wait for at exit, for ever).
    """
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
