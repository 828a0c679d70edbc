"""pipeline/lock.py: one run at a time on a project; interruptions held back."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.lock import exclusive_lock, interrupts_held, under_lock
from pipeline.project import Project


def test_a_second_holder_is_refused_with_the_first_ones_pid(tmp_path: Path) -> None:
    path = tmp_path / "build" / ".lock"
    with exclusive_lock(path):
        assert path.read_text() == f"pid {os.getpid()}\n"
        with pytest.raises(PipelineError, match=f"pid {os.getpid()}"), exclusive_lock(path):
            pass
    assert path.read_text() == ""  # released, the holder forgotten
    with exclusive_lock(path):  # free again
        pass


def test_under_lock_holds_the_projects_lock(tmp_path: Path) -> None:
    project = Project(tmp_path)

    @under_lock
    def run(project: Project, value: int) -> int:
        with pytest.raises(PipelineError), exclusive_lock(project.lock_path):
            pass
        return value + 1

    assert run(project, 1) == 2
    with exclusive_lock(project.lock_path):  # released after
        pass


@pytest.fixture()
def ctrl_c() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in this test, as at a terminal: a run in the
    background (nohup, a CI job) starts with SIGINT ignored."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("ctrl_c")
def test_an_interrupt_waits_for_the_end_of_the_block() -> None:
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            steps.append("both renames")  # not cut in two
        steps.append("after")  # the interrupt is delivered before this
    assert steps == ["both renames"]
