"""The workbench's guard: who may ask it what (a middleware around the whole app).

It answers only requests whose ``Host`` is its own (a DNS-rebinding page cannot reach
it), refuses paths that try to climb out (``..``, encoded dots and slashes), lets a
write through only with the run's token from a page of its own origin, and sends every
page with a Content-Security-Policy. A refusal is a 4xx and one log line; an error
below it is a 500 and one log line, never a traceback to the client.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("pipeline.serve")

#: The header a write carries the run's token in.
TOKEN_HEADER = "x-workbench-token"
#: Methods that change nothing (no token asked).
SAFE_METHODS = frozenset({"GET", "HEAD"})
#: Every page: scripts and connections only from the workbench itself; the templates'
#: own ``<style>`` blocks (and the e-mail's inline styles) are allowed.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
#: Encoded dots, slashes, backslashes and NULs in the raw path: no reason but climbing.
_ENCODED = re.compile(rb"%(2e|2f|5c|00)", re.IGNORECASE)


class Guard:
    """ASGI middleware: the checks above, then ``app``."""

    def __init__(self, app: ASGIApp, *, host: str, port: int, token: str) -> None:
        self.app = app
        self.host = host.lower().strip("[]")
        self.port = port
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.refusal(scope, headers)
        if refusal is not None:
            status, reason = refusal
            log.warning(
                "refused %s %s (Host %r): %s",
                scope["method"],
                scope.get("raw_path", b"").decode("latin-1"),
                headers.get("host", ""),
                reason,
            )
            await _plain(send, status, reason)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:  # one line in the log, a plain 500 to the client
            log.error("error answering %s %s: %r", scope["method"], scope["path"], exc)
            if not started:
                await _plain(send, 500, "internal error (see the workbench's log)")

    def refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """Why this request is refused (status, reason), or ``None`` to let it through."""
        if not self.own_host(headers.get("host", "")):
            return 400, "this workbench answers only requests for its own host"
        path: str = scope["path"]
        raw: bytes = scope.get("raw_path") or path.encode()
        segments = path.split("/")
        if ".." in segments or "." in segments or "\\" in path or "\0" in path:
            return 400, "no such path"
        if _ENCODED.search(raw):
            return 400, "no such path"
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin", "")
            if origin != f"http://{headers.get('host', '')}":
                return 403, "a write must come from a page of this workbench"
            if not hmac.compare_digest(headers.get(TOKEN_HEADER, "").encode(), self.token.encode()):
                return 403, "a write needs this run's token"
        return None

    def own_host(self, value: str) -> bool:
        """Whether ``Host: value`` names this server: its port, and its own name or an IP."""
        match = re.fullmatch(r"(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?", value)
        if match is None or match.group(2) is None or int(match.group(2)) != self.port:
            return False
        name = match.group(1).lower().strip("[]")
        if name in (self.host, "localhost"):
            return True
        try:  # an address: no rebinding attack can send one (it works with names)
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
