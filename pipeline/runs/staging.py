"""All or nothing: a build's staging folder swapped in for ``build/<lang>/``, an update's
catalogs staged beside the files they replace."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Collection
from pathlib import Path

from pipeline.files import temp_file
from pipeline.lock import interrupts_held
from pipeline.project import Project
from pipeline.release import carried_over
from pipeline.reports import Report


def staging_folder(target: Path) -> Path:
    """A new, empty staging folder beside ``target`` (leftovers of killed runs removed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}.*-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a run that was killed (we hold the lock)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))


def swap(
    target: Path, staging: Path, outputs: Collection[str], published: Collection[str] = ()
) -> None:
    """Carry over what other commands published (of the ``published`` articles), then put
    ``staging`` in ``target``'s place."""
    retired = target.with_name(f".{target.name}.old-{os.getpid()}")
    _carry_over(target, staging, outputs, set(published))
    os.chmod(staging, 0o755)
    # No fsync, no sync: every file here is made again from the sources and catalogs. A
    # crash may leave a handout short or empty; its size then differs from the build's
    # record (or the record is gone with the cache), so the next build makes it again.
    # No interruption between the two renames: there is always a build/<lang>/.
    with interrupts_held():
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
        # Still held back: a signal now would report failure for a build that published.
        shutil.rmtree(retired, ignore_errors=True)


#: Handout files a build owns: an old one not rebuilt is of an article since removed.
_HANDOUT_SUFFIXES = frozenset({".html", ".md", ".json"})


def _carry_over(target: Path, staging: Path, outputs: Collection[str], published: set[str]) -> None:
    """Keep what other commands published in ``target`` that a release keeps
    (:func:`pipeline.release.carried_over`: the PDFs of the articles published).

    Hard links where the file system allows, so carrying over costs no copy.
    """
    if not target.is_dir():
        return
    with os.scandir(target) as listing:  # thousands of handouts: no Path object each
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            for old in sorted(Path(entry.path).rglob("*")):
                relative = old.relative_to(target)
                name = relative.as_posix()
                if not old.is_dir() and name not in outputs and carried_over(name, published):
                    _link(old, staging / relative)
            continue
        handout = (
            os.path.splitext(entry.name)[1] in _HANDOUT_SUFFIXES and entry.name != "index.html"
        )
        if entry.name not in outputs and not handout and carried_over(entry.name, published):
            _link(Path(entry.path), staging / entry.name)


def _link(old: Path, copy_to: Path) -> None:
    copy_to.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(old, copy_to)
    except OSError:
        shutil.copy2(old, copy_to)


# Catalogs are staged file by file, beside the files they replace (an update).


def stage_file(path: Path, data: bytes | None, suffix: str, *, durable: bool = True) -> str | None:
    """Write ``data`` beside ``path`` under a temp name; the caller renames it (or removes it).

    ``durable``: the bytes are on disk (``fsync``) before this returns, so that the
    rename, made durable by an ``fsync`` of the folder after all of them
    (:func:`pipeline.files.sync_folder`), can never put a short file in ``path``'s place.
    """
    if data is None:
        return None
    # the name is the run's own: no clash (content/pot/ made on a first update)
    with temp_file(path, durable=durable, name=f".{path.name}{suffix}") as (handle, temp):
        handle.write(data)
    return str(temp)


def replace_staged(project: Project, target: Path, temp: str | None, report: Report) -> None:
    """Rename a staged file (``temp``, or ``None`` when nothing changed) to ``target``."""
    if temp is None:
        report.unchanged.append(project.display(target))
    else:
        os.replace(temp, target)
        report.written.append(project.display(target))


def remove_staged(project: Project, lang: str, suffix: str) -> None:
    """Remove the catalogs and POTs staged under ``suffix`` (a glob) that were not renamed."""
    catalogs = project.catalog_dir(lang)
    for folder in (project.pot_dir, catalogs, catalogs / "reviewed"):
        for leftover in folder.glob(f".*{suffix}"):
            leftover.unlink(missing_ok=True)
