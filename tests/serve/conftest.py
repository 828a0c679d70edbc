"""The workbench app as the tests make it: on a loopback address, with a known token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.project import Project
from pipeline.serve.app import Workbench, create_app
from pipeline.serve.guard import Guard
from pipeline.serve.workspace import Workspace

from ..publish.test_browser import ARGS, CHROMIUM

TOKEN = "run-token"
BASE = "http://127.0.0.1:8000"
OWN = {"Origin": BASE, "X-Workbench-Token": TOKEN}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the project but the build cache (which readers may fill)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "build" not in p.relative_to(root).parts[:1]
    }


@pytest.fixture()
def app(project: Path) -> Guard:
    return create_app(
        Workbench(Workspace(Project.at(project)), token=TOKEN), host="127.0.0.1", port=8000
    )


@pytest.fixture()
def client(app: Guard) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def ws(project: Path) -> Workspace:
    """The workbench's warm state of a copy of the project."""
    return Workspace(Project.at(project))
