"""``pipeline all`` with nothing changed since its last run, told from the files' stats.

A run of ``all`` that read no file that changed while it ran keeps a snapshot of the
project as it left it (:func:`record`): the size, times and inode of every file under
``content/``, the templates, ``pipeline.toml``, the pipeline's own code, the folders the
libraries are installed in, and every file it published, as git's index keeps them; and
the lines a run with nothing to do prints. The next ``all`` looks at the same folders
(:func:`unchanged`): when every file is there with the same stat and no other file is,
none can have changed, and those lines are printed again without loading a stage.

Anything else, and the stages run as ever, each deciding from its own records what is
stale: the snapshot is only a faster way to know that they would find nothing. A file
changed within :data:`pipeline.digests.SETTLED_NS` of the snapshot could change again with
the same stat ("racily clean", as git says): its bytes are compared as well.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pipeline
from pipeline import cache
from pipeline.digests import SETTLED_NS, Stat, file_digest, stat_of
from pipeline.project import Project

#: A line a run printed: whether to standard error, and its text.
Line = tuple[bool, str]

#: The snapshot's key in its cache file (whose format is the build cache's).
_KEY = "snapshot 1"


@dataclass(frozen=True, slots=True)
class Begun:
    """What a run of ``all`` found before it read anything."""

    #: Every input file's stat, by path.
    inputs: dict[str, Stat]
    #: The digest of each input too recently changed for its stat to tell.
    racy: dict[str, str]


def begin(project: Project) -> Begun:
    """Look at the inputs before the stages read them (and forget the last snapshot: a run
    that fails leaves none)."""
    cache.SNAPSHOT.at(project.root).forget()
    now = time.time_ns()
    inputs = _inputs(project)
    recent = now - SETTLED_NS
    racy = {
        path: file_digest(Path(path))
        for path, stat in inputs.items()
        if (stat[1] >= recent or stat[2] >= recent) and not path.endswith(os.sep)
    }
    return Begun(inputs, racy)


def record(project: Project, begun: Begun, lines: list[Line]) -> bool:
    """Keep the snapshot of what ``all`` left, and ``lines`` (what a run with nothing to do
    prints), unless an input changed while it ran (its own update, or someone's edit): then
    the next run goes through the stages. Whether it was kept."""
    if _inputs(project) != begun.inputs:
        return False
    snapshot = (begun.inputs, begun.racy, _outputs(project), lines)
    cache.SNAPSHOT.at(project.root).save(_KEY, snapshot)
    return True


def unchanged(project: Project) -> list[Line] | None:
    """The lines to print again when nothing changed since the last snapshot, else ``None``."""
    saved = cache.SNAPSHOT.at(project.root).load(_KEY)
    if not (isinstance(saved, tuple) and len(saved) == 4):
        return None
    inputs, racy, outputs, lines = saved
    if _inputs(project) != inputs or _outputs(project) != outputs:
        return None
    for path, digest in racy.items():
        if file_digest(Path(path)) != digest:
            return None
    return list(lines)


def _inputs(project: Project) -> dict[str, Stat]:
    """What the stages read: the content, templates and settings, the pipeline's code and
    the folders its libraries are installed in (an upgrade changes their entries)."""
    found: dict[str, Stat] = {}
    root = str(project.root)
    _walk(os.path.join(root, "content"), found)
    _walk(str(project.templates_dir), found)
    _walk(str(Path(pipeline.__file__).parent), found)
    _stat(os.path.join(root, "pipeline.toml"), found)
    for folder in _library_folders():  # a folder: its stat only, no bytes to compare
        _stat(folder, found, os.path.join(folder, ""))
    return found


#: What other commands publish beside ``all``'s handouts, which ``all`` neither reads nor
#: checks: the PDFs (``pipeline pdf``) and the newsletter issues (``pipeline newsletter``),
#: made again by each ``make all`` after ``pipeline all``.
_NOT_ALLS = ("newsletter", "newsletter" + os.sep)


def _outputs(project: Project) -> dict[str, Stat]:
    """What ``all`` published (the approvals records it reads are under ``content/``)."""
    found: dict[str, Stat] = {}
    for lang in project.languages.all:
        folder = str(project.build_dir(lang))
        published: dict[str, Stat] = {}
        _walk(folder, published)
        start = len(os.path.join(folder, ""))
        found.update(
            (path, stat)
            for path, stat in published.items()
            if not path.endswith(".pdf") and not path[start:].startswith(_NOT_ALLS)
        )
    return found


def _library_folders() -> list[str]:
    """The folders on the import path that hold installed packages."""
    return [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]


def _walk(folder: str, found: dict[str, Stat], seen: set[tuple[int, int]] | None = None) -> None:
    """The stat of every file under ``folder`` (compiled bytecode aside), by path; linked
    folders followed (a file changed in one is a change), each folder once."""
    seen = set() if seen is None else seen
    try:
        entries = os.scandir(folder)
        here = os.stat(folder)
    except OSError:
        return
    with entries:
        if (here.st_dev, here.st_ino) in seen:
            return
        seen.add((here.st_dev, here.st_ino))
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    # its own stat too (a folder linked elsewhere instead is a change),
                    # under its name and a slash: a folder, no bytes to compare
                    _stat(entry.path, found, os.path.join(entry.path, ""))
                    _walk(entry.path, found, seen)
                continue
            _stat(entry.path, found)


def _stat(path: str, found: dict[str, Stat], name: str | None = None) -> None:
    try:
        got = os.stat(path)
    except OSError:
        return
    found[name or path] = stat_of(got)
