"""``pipeline serve``: the workbench app, its watcher, on uvicorn, until Ctrl-C."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import secrets
import socket
import webbrowser
from types import FrameType

import uvicorn

from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.serve.app import Workbench, create_app
from pipeline.serve.watcher import watch
from pipeline.serve.workspace import Workspace

#: Seconds a stop waits for open requests before it closes them.
GRACE = 3


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (``127.0.0.1``, ``::1``, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url(host: str, port: int) -> str:
    """The workbench's address, e.g. ``http://127.0.0.1:8000/``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


class _Server(uvicorn.Server):
    """uvicorn, ending the open pages' event streams as soon as a stop is asked.

    Else uvicorn would wait for them (they never end by themselves) before stopping.
    """

    def __init__(self, config: uvicorn.Config, bench: Workbench) -> None:
        super().__init__(config)
        self.bench = bench
        self.loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.loop is not None:  # a signal handler: hand the closing to the loop
            self.loop.call_soon_threadsafe(self.bench.hub.close)
        super().handle_exit(sig, frame)


def serve(project: Project, *, host: str, port: int, open_browser: bool = False) -> None:
    """Serve the workbench on ``host:port`` until interrupted (Ctrl-C: KeyboardInterrupt).

    The socket is bound here, so a port in use is a PipelineError, not uvicorn's exit.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise PipelineError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    port = sock.getsockname()[1]
    bench = Workbench(Workspace(project), token=secrets.token_urlsafe(32), background=[watch])
    app = create_app(bench, host=host, port=port)
    _logging()
    config = uvicorn.Config(
        app,
        log_config=None,
        timeout_graceful_shutdown=GRACE,
        lifespan="on",
    )
    server = _Server(config, bench)
    if open_browser:
        webbrowser.open(url(host, port))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _logging() -> None:
    """One line per request and per refusal on stderr (uvicorn's and the workbench's)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    for name in ("uvicorn", "pipeline.serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
