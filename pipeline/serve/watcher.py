"""The watcher: a save in any editor tells the open pages it changed (watchfiles, in-process).

It watches ``content/`` (sources, catalogs, the glossary, issues), the project's own
``templates/`` and ``pipeline.toml``. Nothing is rebuilt here: the workspace forgets the
heavier pages the changed files show, and each open page that shows one asks for itself
again, which parses just the changed file (everything else is warm).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from watchfiles import Change, DefaultFilter, awatch

from pipeline.project import CONFIG_NAME
from pipeline.serve.app import Workbench

log = logging.getLogger("pipeline.serve")

#: Milliseconds of quiet after a change before it is reported (an editor's save is
#: several events: a temp file written, then renamed over the file).
STEP_MS = 20


class _Filter(DefaultFilter):
    """watchfiles' defaults, and no hidden files (our own and editors' temp files)."""

    def __call__(self, change: Change, path: str) -> bool:
        name = Path(path).name
        if name.startswith(".") or name.endswith((".tmp", "~")):
            return False
        return super().__call__(change, path)


async def watch(bench: Workbench, stop: asyncio.Event) -> None:
    """Until ``stop``: tell the open pages what each change of the project's files affects."""
    project = bench.workspace.project
    folders = [project.root / "content"]
    if (project.root / "templates").is_dir():
        folders.append(project.root / "templates")
    await asyncio.gather(
        _loop(bench, stop, folders, recursive=True),
        _loop(bench, stop, [project.root], recursive=False),  # pipeline.toml, however saved
    )


async def _loop(
    bench: Workbench, stop: asyncio.Event, paths: list[Path], *, recursive: bool
) -> None:
    project = bench.workspace.project
    async for changes in awatch(
        *paths,
        watch_filter=_Filter(),
        step=STEP_MS,
        stop_event=stop,
        recursive=recursive,
        ignore_permission_denied=True,
    ):
        shown = {project.display(Path(path)) for _, path in changes}
        if not recursive:
            shown &= {CONFIG_NAME}
        told = bench.workspace.changed(shown)
        if told:
            log.info("changed: %s", ", ".join(sorted(shown)))
            bench.hub.publish({"paths": sorted(told)})
