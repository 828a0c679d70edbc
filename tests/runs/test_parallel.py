"""Speed without change: parallel and incremental builds give the serial build's bytes;
``parallel.run`` keeps the order and the errors of one process."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from bench.corpus import generate
from pipeline.project import Project
from pipeline.publish.fonts import web_fonts
from pipeline.runs import parallel
from pipeline.runs.handouts import build as build_handouts

from ..conftest import published


def test_parallel_build_is_byte_identical_to_serial(tmp_path: Path) -> None:
    serial = generate(30, tmp_path / "serial")
    parallel = tmp_path / "parallel"
    shutil.copytree(serial, parallel)
    for lang in ("nl", "en"):
        build_handouts(Project.at(serial), lang, jobs=1)
        report = build_handouts(Project.at(parallel), lang, jobs=2)
        assert report.built == 30 and report.fresh == 0
    assert published(serial) == published(parallel)
    # Each language: three files an article, index and feed, and the fonts the pages link.
    fonts = len(web_fonts(Project.at(serial).templates_dir))
    assert len(published(serial)) == 2 * (30 * 3 + 2 + fonts)


def test_incremental_build_rebuilds_only_what_changed(tmp_path: Path) -> None:
    root = generate(30, tmp_path / "corpus")
    project = Project.at(root)
    build_handouts(project, "en", jobs=1)
    first = published(root)
    report = build_handouts(project, "en", jobs=1)
    assert (report.built, report.fresh) == (0, 30)
    assert published(root) == first
    po = root / "content" / "en" / "artikel-00007.po"
    po.write_bytes(po.read_bytes().replace(b'msgstr "EN ', b'msgstr "EN* ', 1))
    seen: list[tuple[int, int]] = []
    report = build_handouts(
        project, "en", jobs=1, progress=lambda done, total: seen.append((done, total))
    )
    assert (report.built, report.fresh) == (1, 30 - 1)
    assert seen[-1] == (30, 30)
    changed = {name for name, data in published(root).items() if first.get(name) != data}
    # The edited entry is the title, which the index and the feed list too.
    assert changed == {
        "en/artikel-00007.html",
        "en/artikel-00007.md",
        "en/artikel-00007.json",
        "en/index.html",
        "en/feed.xml",
    }
    incremental = published(root)
    # The same edit from scratch gives the same bytes as the incremental build.
    shutil.rmtree(root / "build")
    again = build_handouts(project, "en", jobs=2)
    assert again.fresh == 0
    assert published(root) == incremental


def test_cached_articles_are_still_checked_for_release(tmp_path: Path) -> None:
    from pipeline.errors import ReleaseError

    root = generate(3, tmp_path / "corpus")
    project = Project.at(root)
    build_handouts(project, "en", jobs=1)
    po = root / "content" / "en" / "artikel-00002.po"
    first, rest = po.read_text(encoding="utf-8").split("\n#. ", 1)
    po.write_text(first + "\n#, fuzzy\n#. " + rest, encoding="utf-8")
    before = published(root)
    with pytest.raises(ReleaseError):
        build_handouts(project, "en", strict=True, jobs=1)
    assert published(root) == before  # the previous build stays as it was
    assert len(build_handouts(project, "en", draft=True, jobs=1).problems) == 1
    cached = build_handouts(project, "en", draft=True, jobs=1)
    assert (cached.built, len(cached.problems)) == (0, 1)  # found again, from the cache
    held = build_handouts(project, "en", jobs=1)
    assert [(e.slug, e.state) for e in held.editions] == [("artikel-00002", "held-back")]
    cached = build_handouts(project, "en", jobs=1)
    assert (cached.built, [e.slug for e in cached.editions]) == (0, ["artikel-00002"])
    with pytest.raises(ReleaseError):
        build_handouts(project, "en", strict=True, jobs=1)


# ---------------------------------------------------------------- pipeline.runs.parallel


def _square_slowly(n: int) -> int:
    """Early tasks take longest: a pool that returned results as they came would reorder them."""
    import time

    time.sleep(0.002 * (20 - n) if n < 20 else 0)
    return n * n


def _fail_on_odd_from_three(n: int) -> int:
    if n >= 3 and n % 2:
        raise ValueError(f"task {n} failed")
    return n


def test_run_keeps_the_order_of_results_across_workers() -> None:
    tasks = list(range(40))
    assert list(parallel.run(_square_slowly, tasks, jobs=2)) == [n * n for n in tasks]


def test_run_re_raises_the_first_failing_tasks_error() -> None:
    for jobs in (1, 2):
        results = parallel.run(_fail_on_odd_from_three, list(range(20)), jobs=jobs)
        with pytest.raises(ValueError, match="^task 3 failed$"):
            list(results)


def test_one_job_or_one_task_runs_in_this_process() -> None:
    seen: list[int] = []

    def work(n: int) -> int:  # a closure: no worker process could be sent it
        seen.append(n)
        return -n

    assert list(parallel.run(work, [1, 2, 3], jobs=1)) == [-1, -2, -3]
    assert list(parallel.run(work, [4], jobs=4)) == [-4]
    assert list(parallel.run(work, [], jobs=4)) == []
    assert seen == [1, 2, 3, 4]


def test_workers_choices() -> None:
    assert parallel.workers(1000, 3) == 3  # as asked
    assert parallel.workers(1000, 0) == parallel.workers(5, -2) == 1
    assert parallel.workers(parallel.PARALLEL_MIN - 1, None) == 1  # too little work
    assert parallel.workers(parallel.PARALLEL_MIN, None) == parallel.cpu_count()
    assert parallel.cpu_count() == len(os.sched_getaffinity(0)) >= 1


# Each script runs parallel.run in a process of its own, Ctrl-C handled as a terminal
# gives it (a background job starts with SIGINT ignored).
_INTERRUPTED_AT_FORK = """
import os, signal, sys
from pipeline.runs import parallel

signal.signal(signal.SIGINT, signal.default_int_handler)
# Ctrl-C reaches the parent as it starts its workers, before the pool has the thread
# that stops them: the moment an interrupted build once hung in CI.
os.register_at_fork(after_in_child=lambda: os.kill(os.getppid(), signal.SIGINT))
try:
    list(parallel.run(abs, range(100), jobs=2))
except KeyboardInterrupt:
    sys.exit(130)
sys.exit(0)
"""

_SLOW_TASKS = """
import signal, sys, time
from pipeline.runs import parallel

signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    list(parallel.run(time.sleep, [0.002] * 2000, jobs=2))
except KeyboardInterrupt:
    sys.exit(130)
"""


_A_WORKER_KILLED = """
import os, signal, sys, time
from pipeline.runs import parallel
from pipeline.errors import PipelineError


def work(n):
    if n == 0:  # the first chunk's worker is killed, as when memory runs out
        time.sleep(0.3)
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)  # the other one is busy: only SIGTERM from the pool stops it
    return n


try:
    list(parallel.run(work, range(64), jobs=2))
except PipelineError as error:
    print(error)
    sys.exit(1)
"""


def _run_interrupted(script: str, *, again_after: float | None = None) -> int | None:
    """Run ``script``; with ``again_after``, send it Ctrl-C after that many seconds and
    every 3 ms until it ends. Its exit code (``None``: still running after 30 s, killed);
    its workers are gone."""
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        if again_after is not None:
            time.sleep(again_after)
            until = time.monotonic() + 30
            while proc.poll() is None and time.monotonic() < until:
                proc.send_signal(signal.SIGINT)
                time.sleep(0.003)
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        return None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        else:
            with pytest.raises(ProcessLookupError):  # no worker left behind
                os.killpg(proc.pid, 0)


def test_an_interruption_while_workers_start_ends_the_run() -> None:
    # Interrupted (130), never waiting for ever for workers nobody stops.
    assert _run_interrupted(_INTERRUPTED_AT_FORK) == 130


@pytest.mark.parametrize("after", [0.15, 0.2, 0.25, 0.3])
def test_ctrl_c_again_and_again_ends_the_run(after: float) -> None:
    """Ctrl-C also while the pool shuts down (once left its thread dead and the workers
    running): the run ends, its workers with it (which the helper asserts): interrupted,
    by its handler (130) or by the signal itself at shutdown, never finishing its 2,000
    tasks (0), failing otherwise (1) or still running after 30 s (``None``)."""
    assert _run_interrupted(_SLOW_TASKS, again_after=after) in (130, -signal.SIGINT)


def test_a_worker_killed_ends_the_run_with_an_error() -> None:
    """The pool stops the other workers with SIGTERM, which they ignore: they are ended
    all the same (once the run waited for the busy one)."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", _A_WORKER_KILLED],
        start_new_session=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait()
    assert proc.returncode == 1
    assert out == (
        "a worker process ended abruptly (killed, or out of memory?): "
        "the run stopped, nothing of it was published\n"
    )
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(proc.pid, 0)
