"""pipeline.serve.watcher: a save tells the open pages what it affects (real files, watchfiles)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from watchfiles import Change

from pipeline.project import Project
from pipeline.serve.app import Workbench
from pipeline.serve.watcher import _Filter, watch
from pipeline.serve.workspace import Workspace

from ..conftest import SEED_SLUG


def test_hidden_and_temporary_files_are_not_watched() -> None:
    keep = _Filter()
    assert keep(Change.modified, f"/p/content/en/{SEED_SLUG}.po")
    for name in (".a.po.swp", "a.po.tmp", "a.po~", ".#a.po"):
        assert not keep(Change.modified, f"/p/content/en/{name}"), name
    assert not keep(Change.modified, "/p/content/__pycache__/x.pyc")  # watchfiles' defaults


async def _told(project: Path, edits: list[tuple[str, bool]]) -> list[set[str]]:
    """Start the watcher, save each file (path, whether pages are told) and collect every
    event the open pages get."""
    bench = Workbench(Workspace(Project.at(project)), token="t")
    queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
    bench.hub.queues.add(queue)
    stop = asyncio.Event()
    task = asyncio.create_task(watch(bench, stop))
    try:
        await asyncio.sleep(0.2)  # the watcher's first look
        for path, tells in edits:
            for attempt in range(20):  # until the watcher is up (the first edit only)
                (project / path).write_text(f"saved {attempt}\n", encoding="utf-8")
                if not tells:
                    await asyncio.sleep(0.3)  # time enough to tell, were it told
                    break
                try:
                    event = await asyncio.wait_for(queue.get(), 0.5)
                except TimeoutError:
                    continue
                await queue.put(event)
                break
        await asyncio.sleep(0.1)
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)
    told = []
    while not queue.empty():
        event = queue.get_nowait()
        assert event is not None
        told.append(set(event["paths"]))
    return told


def test_a_save_tells_the_pages_it_changes_and_nothing_else(project: Path) -> None:
    edits = [
        (f"content/en/{SEED_SLUG}.po", True),
        ("notes.txt", False),  # at the root, only pipeline.toml counts
        ("content/nl/.notes.md.swp", False),
        ("pipeline.toml", True),
    ]
    told = asyncio.run(_told(project, edits))
    assert told == [
        {
            f"/en/{SEED_SLUG}.html",
            f"/en/{SEED_SLUG}.pdf",
            f"/review/en/{SEED_SLUG}.html",
            "/en/index.html",
            "/en/newsletter/",
            "/",  # the home page's editions
        },
        {"*"},
    ]
