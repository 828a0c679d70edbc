"""The workbench app as the tests make it: on a loopback address, with a known token."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

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


def asgi_call(
    app: Any,
    method: str,
    raw_path: bytes,
    headers: list[tuple[bytes, bytes]],
    receive: Callable[[], Awaitable[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """One request straight to the ASGI ``app``, the path exactly as given and the body
    as ``receive`` hands it over (HTTP clients tidy both): the messages the app sent."""
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": unquote_to_bytes(raw_path).decode("latin-1"),
        "raw_path": raw_path,
        "query_string": b"",
        "headers": headers,
        "http_version": "1.1",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    return sent


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def interruptible() -> None:
    """Ctrl-C as a terminal gives it, even when the tests run as a background job."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def serve_log(root: Path, port: int) -> Path:
    """Where :func:`start_serve` writes what the server prints."""
    return root.parent / f"serve-{port}.log"


def start_serve(root: Path, port: int) -> subprocess.Popen[str]:
    """``pipeline serve`` of the project at ``root`` on ``port`` (its default host), once it
    answers. Its output goes to a log beside the project (``serve-<port>.log``): a pipe
    nobody reads fills with the access lines of a long test, and then the server blocks."""
    log = serve_log(root, port)
    with log.open("a") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "-C", str(root), "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            preexec_fn=interruptible,
        )
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                assert response.status == 200
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                pytest.fail(f"pipeline serve did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
