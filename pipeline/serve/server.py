"""``pipeline serve``: the workbench app, its watcher, on uvicorn, until Ctrl-C."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import secrets
import socket
import webbrowser
from collections.abc import Callable
from types import FrameType

import uvicorn

from pipeline.errors import PipelineError
from pipeline.project import Project
from pipeline.serve.app import Workbench, create_app
from pipeline.serve.guard import SECRET_PARAM, cut
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


def url(host: str, port: int, *, secret: str | None = None) -> str:
    """The workbench's address, e.g. ``http://127.0.0.1:8000/``, with ``?token=secret``."""
    bare = host.strip("[]")
    shown = f"[{bare}]" if ":" in bare else bare
    return f"http://{shown}:{port}/" + (f"?{SECRET_PARAM}={secret}" if secret else "")


class _Server(uvicorn.Server):
    """uvicorn, ending the open pages' event streams as soon as a stop is asked.

    Else uvicorn would wait for them (they never end by themselves) before stopping.
    """

    def __init__(
        self, config: uvicorn.Config, bench: Workbench, *, started: Callable[[], None]
    ) -> None:
        super().__init__(config)
        self.bench = bench
        self.started_hook = started
        self.loop: asyncio.AbstractEventLoop | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets)
        if self.started and not self.should_exit:
            self.started_hook()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.loop is not None:  # a signal handler: hand the closing to the loop
            self.loop.call_soon_threadsafe(self.bench.hub.close)
        super().handle_exit(sig, frame)


def serve(
    project: Project,
    *,
    host: str,
    port: int,
    open_browser: bool = False,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the workbench on ``host:port`` until interrupted (Ctrl-C: KeyboardInterrupt).

    ``ready`` is called with the address to open once the server accepts connections: on
    any address but a loopback one, it carries the one-time secret (``?token=…``). The
    socket is bound first, so a port in use is a PipelineError before anything is said.
    """
    sock = listen(host, port)
    port = sock.getsockname()[1]
    shared = not is_loopback(host)
    secret = secrets.token_urlsafe(32)
    bench = Workbench(Workspace(project), token=secret, shared=shared, background=[watch])
    address = url(host, port, secret=secret if shared else None)

    def started() -> None:
        if ready is not None:
            ready(address)
        if open_browser:
            webbrowser.open(address)

    app = create_app(bench, host=host, port=port)
    _logging()
    config = uvicorn.Config(
        app,
        log_config=None,
        timeout_graceful_shutdown=GRACE,
        lifespan="on",
    )
    try:
        _Server(config, bench, started=started).run(sockets=[sock])
    finally:
        sock.close()


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening; a PipelineError if it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen()
    except OSError as exc:
        sock.close()
        raise PipelineError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


class _Cut(logging.Filter):
    """Log lines of a sane length and without the terminal's secret: a request's path (in
    uvicorn's access line too) cut at :data:`~pipeline.serve.guard.LOG_LIMIT` characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_shown(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


def _shown(text: str) -> str:
    return cut(re.sub(rf"([?&]{SECRET_PARAM}=)[^&\s]*", r"\1…", text))


def _logging() -> None:
    """One line per request and per refusal on stderr (uvicorn's and the workbench's)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    handler.addFilter(_Cut())
    for name in ("uvicorn", "pipeline.serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
