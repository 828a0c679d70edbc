"""Interrupting ``build`` or ``update`` (SIGTERM, SIGINT) leaves no partial file and no stale lock.

A project of ~200 articles, so a run lasts long enough to be interrupted in the
middle; the signal goes as a process manager sends it (SIGTERM to the process) or
as a terminal does (SIGINT to the whole process group, workers included).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED_SLUG

ARTICLES = 100
#: A hang guard for one command, far above its normal time.
TIMEOUT = 180


def pipeline(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(root), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=_env(),
    )


def _env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1569974400", "PYTHONPATH": str(REPO)}


def files(root: Path, under: str) -> dict[str, bytes]:
    folder = root / under
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


def leftovers(root: Path) -> list[str]:
    """Temp files and staging or retired folders anywhere in the project."""
    found = []
    for path in root.rglob("*"):
        name = path.name
        if (
            name in (".pipeline.lock", ".cache")
            or ".cache" in path.relative_to(root).parts[:-1]
            and not name.endswith(".tmp")
        ):
            continue
        if name.startswith(".") or name.endswith(".tmp"):
            found.append(path.relative_to(root).as_posix())
    return sorted(found)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project with ARTICLES copies of its article (and its catalog), updated once."""
    root = tmp_path_factory.mktemp("interrupt") / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    source = (root / "content" / "nl" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    catalog = (root / "content" / "en" / f"{SEED_SLUG}.po").read_bytes()
    for n in range(ARTICLES):
        slug = f"artikel-{n:03d}"
        (root / "content" / "nl" / f"{slug}.md").write_text(source, encoding="utf-8")
        (root / "content" / "en" / f"{slug}.po").write_bytes(catalog)
    result = pipeline(root, "update", "--lang", "en")
    assert result.returncode == 0, result.stderr
    begun = time.monotonic()
    result = pipeline(root, "build", "--lang", "en")
    assert result.returncode == 0, result.stderr
    _FULL_TIMES[("build", "--lang", "en")] = time.monotonic() - begun
    shutil.rmtree(root / "build" / ".cache", ignore_errors=True)
    return root


@pytest.fixture(scope="module")
def changed(big: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """``big`` with a change to every article (so ``update`` rewrites every catalog and POT),
    and its content after a complete update."""
    root = tmp_path_factory.mktemp("changed") / "project"
    shutil.copytree(big, root)
    for path in (root / "content" / "nl").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("## 2. Depressie", "## 2. Depressie en angst"), encoding="utf-8"
        )
    done = root.parent / "done"
    shutil.copytree(root, done)
    begun = time.monotonic()
    assert pipeline(done, "update", "--lang", "en").returncode == 0
    _FULL_TIMES[("update", "--lang", "en")] = time.monotonic() - begun
    return root, files(done, "content")


def lock_is_free(root: Path) -> bool:
    from pipeline.errors import PipelineError
    from pipeline.lock import exclusive_lock

    try:
        with exclusive_lock(root / ".pipeline.lock"):
            return True
    except PipelineError:
        return False


def _interruptible() -> None:
    """In the child: Ctrl-C as a terminal gives it, even when the tests run in the background.

    A shell starts background jobs with SIGINT ignored, and Python then leaves it ignored.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt(
    root: Path, args: list[str], sig: signal.Signals, *, group: bool, clear: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``pipeline args`` and send ``sig`` part-way through; retry sooner if it finished.

    ``clear`` is a cache folder removed before each try, so each run does the work.
    """
    started = time.monotonic()
    delays = [0.4, 0.25, 0.12, 0.05]
    for delay in delays:
        if clear is not None:
            shutil.rmtree(clear, ignore_errors=True)
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "-C", str(root), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            start_new_session=True,
            preexec_fn=_interruptible,
        )
        time.sleep(delay * _full_time(root, args))
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # nothing left to trouble the next tests
            proc.communicate()
            pytest.fail(f"{args} still running {TIMEOUT} s after {sig.name}")
        _no_process_left(proc.pid)
        if proc.returncode != 0:
            return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        # It finished before the signal: the state is a complete run; try again, sooner.
    pytest.fail(f"{args} always finished before {sig.name} ({time.monotonic() - started:.1f} s)")


_FULL_TIMES: dict[tuple[str, ...], float] = {}


def _full_time(root: Path, args: list[str]) -> float:
    """How long an uninterrupted cold run took (measured by the fixtures), at least 0.5 s."""
    return max(_FULL_TIMES[tuple(args)], 0.5)


def _no_process_left(pgid: int) -> None:
    """No worker of the interrupted run is still running (its process group is empty)."""
    for _ in range(100):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(pgid, signal.SIGKILL)
    pytest.fail("a worker process outlived the interrupted run")


@pytest.mark.parametrize(
    ("sig", "group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True), (signal.SIGTERM, True)],
    ids=["SIGTERM", "SIGINT-group", "SIGTERM-group"],
)
def test_interrupted_build_keeps_the_previous_build(
    big: Path, tmp_path: Path, sig: signal.Signals, group: bool
) -> None:
    root = tmp_path / "project"
    shutil.copytree(big, root)
    before = files(root, "build/en")
    assert len(before) > 3 * ARTICLES
    content = files(root, "content")
    result = interrupt(
        root, ["build", "--lang", "en"], sig, group=group, clear=root / "build" / ".cache"
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert leftovers(root) == []
    assert files(root, "build/en") == before
    assert files(root, "content") == content
    assert lock_is_free(root)


def test_interrupted_first_build_publishes_nothing(big: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(big, root)
    shutil.rmtree(root / "build")
    result = interrupt(
        root,
        ["build", "--lang", "en"],
        signal.SIGTERM,
        group=False,
        clear=root / "build" / ".cache",
    )
    assert result.returncode != 0
    assert leftovers(root) == []
    assert not (root / "build" / "en").exists()
    assert lock_is_free(root)


@pytest.mark.parametrize(
    ("sig", "group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True), (signal.SIGTERM, True)],
    ids=["SIGTERM", "SIGINT-group", "SIGTERM-group"],
)
def test_interrupted_update_leaves_every_catalog_whole(
    changed: tuple[Path, dict[str, bytes]], tmp_path: Path, sig: signal.Signals, group: bool
) -> None:
    root = tmp_path / "project"
    shutil.copytree(changed[0], root)
    before, after = files(root, "content"), changed[1]
    assert after != before
    result = interrupt(
        root, ["update", "--lang", "en"], sig, group=group, clear=root / "build" / ".cache"
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert leftovers(root) == []
    now = files(root, "content")
    assert set(now) == set(after)
    for name, data in now.items():
        assert data in (before.get(name), after[name]), f"{name} is neither old nor new"
    assert lock_is_free(root)


def test_update_interrupted_while_renaming_leaves_no_staged_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window the timing tests above rarely hit: a signal between two renames."""
    from pipeline.project import Project
    from pipeline.runs.update import update as update_catalogs

    source = (project / "content" / "nl" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    for n in range(5):
        (project / "content" / "nl" / f"artikel-{n}.md").write_text(
            source.replace("## 2. Depressie", "## 2. Depressie en angst"), encoding="utf-8"
        )
    before = files(project, "content")
    real = os.replace
    calls = []

    def replace(src: object, dst: object) -> None:
        if not str(src).endswith(".tmp"):  # a staged file put in place, not a temp file's write
            calls.append(dst)
            if len(calls) == 2:  # as if SIGINT arrived between the first two
                raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        update_catalogs(Project.at(project), "en")
    monkeypatch.setattr(os, "replace", real)
    assert leftovers(project) == []
    for name in files(project, "content"):
        assert name in before or not name.split("/")[-1].startswith(".")
