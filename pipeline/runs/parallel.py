"""Run one function over many articles: in this process, or chunked across worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from pipeline.errors import PipelineError
from pipeline.lock import interrupts_held

T = TypeVar("T")
R = TypeVar("R")

#: Fewer stale articles than this are not worth starting worker processes for.
PARALLEL_MIN = 16


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(tasks: int, jobs: int | None) -> int:
    """How many processes to use: ``jobs`` if given, else every core once there is enough work."""
    if jobs is not None:
        return max(1, jobs)
    return cpu_count() if tasks >= PARALLEL_MIN else 1


def run(work: Callable[[T], R], tasks: Sequence[T], *, jobs: int) -> Iterator[R]:
    """``work(task)`` for every task, results in the tasks' order.

    With ``jobs`` > 1 the tasks go to that many worker processes in chunks; the
    first task (in order) that raises raises here, as it would in one process.
    """
    if jobs <= 1 or len(tasks) < 2:
        for task in tasks:
            yield work(task)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, min(32, len(tasks) // (jobs * 4)))
    others = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_leave_interrupts_to_parent)
    # Ctrl-C and SIGTERM wait while the pool starts and while it shuts down. Cut in two,
    # either leaves workers that nothing stops (its thread not started yet, or dead of
    # the interruption), and the exit then waits for them for ever.
    try:
        with interrupts_held():
            results = pool.map(work, tasks, chunksize=chunk)  # submitting starts the workers
        yield from results
    except BrokenProcessPool:
        # A worker was killed (say, short of memory). The pool stops the others with
        # SIGTERM, which they ignore (below): they are ended here, or shutting down would
        # wait for a busy one for ever.
        for worker in set(multiprocessing.active_children()) - others:
            worker.kill()
        raise PipelineError(
            "a worker process ended abruptly (killed, or out of memory?): "
            "the run stopped, nothing of it was published"
        ) from None
    finally:
        with interrupts_held():
            pool.shutdown(wait=True, cancel_futures=True)


def _leave_interrupts_to_parent() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) and SIGTERM are the parent's.

    The parent cancels what is left and shuts the pool down; a worker interrupted too,
    half-way through reading its queue or writing a file, could leave the parent waiting
    for it for ever, or a temp file behind. A worker whose parent is gone ends when its
    queue closes.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # Started with both held back (see run): one sent since is now ignored, not delivered.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
