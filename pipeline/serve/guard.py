"""The workbench's guard: who may ask it what (a middleware around the whole app).

It answers only requests whose ``Host`` is its own (a DNS-rebinding page cannot reach
it), refuses paths that try to climb out (``..``, encoded dots and slashes), refuses a
body over :data:`MAX_BODY` before reading it whole, lets a write through only from a page
of its own origin with the run's credential, and sends every page with a
Content-Security-Policy. A refusal is a 4xx and one log line; an error below it is a
500 and one log line, never a traceback to the client.

The credential depends on who can reach the port. On a loopback address it is the run's
token, which every page carries. On any other address no page carries one: the terminal
prints an address with a one-time secret, whose first use sets an HttpOnly, SameSite=Strict
session cookie (and is then spent); every request, read or write, needs that cookie.

Starlette's ``TrustedHostMiddleware`` is not used for the Host check: it ignores the port
and matches names only, where this guard wants the run's own port and accepts any IP
address (no rebinding attack can send one) besides its own name.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import re
import secrets

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("pipeline.serve")

#: The header a write carries the run's token in (loopback only).
TOKEN_HEADER = "x-workbench-token"
#: The query parameter of the terminal's one-time address (shared only).
SECRET_PARAM = "token"
#: Methods that change nothing (no token asked).
SAFE_METHODS = frozenset({"GET", "HEAD"})
#: The largest request body taken, in bytes (an edit is a few kilobytes).
MAX_BODY = 1_000_000
#: The longest path (or other request text) a log line shows.
LOG_LIMIT = 200
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


def cut(text: str, limit: int = LOG_LIMIT) -> str:
    """``text`` for a log line: at most ``limit`` characters, an ellipsis where cut."""
    return text if len(text) <= limit else text[:limit] + "…"


class _TooLarge(Exception):
    """Raised into the app when the body it reads passes :data:`MAX_BODY`."""


class Guard:
    """ASGI middleware: the checks above, then ``app``."""

    def __init__(self, app: ASGIApp, *, host: str, port: int, token: str, shared: bool) -> None:
        self.app = app
        self.host = host.lower().strip("[]")
        self.port = port
        #: Loopback: the token every page carries; shared: the terminal's one-time secret.
        self.token = token
        #: Whether the port is reachable from other machines (the cookie mode).
        self.shared = shared
        #: The session cookie's name (per port: browsers share cookies across ports) and value.
        self.cookie = f"wb-session-{port}"
        self.session = secrets.token_urlsafe(32)
        #: Whether the one-time secret has been used.
        self.spent = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = refused = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if refused:  # the 413 is sent; the app's own answer to it is dropped
                return
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        request = Request(scope)
        answer = self.refusal(request) or self.exchange(request)
        if answer is not None:
            await answer(scope, receive, send_with_headers)
            return
        read = 0

        async def limited() -> Message:
            nonlocal read, refused
            message = await receive()
            read += len(message.get("body", b""))
            if read > MAX_BODY:
                too_large = _refuse(request, 413, f"a request body over {MAX_BODY:,} bytes")
                if not started:
                    await too_large(scope, receive, send_with_headers)
                refused = True
                raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send_with_headers)
        except _TooLarge:
            pass
        except Exception as exc:  # one line in the log, a plain 500 to the client
            log.error(
                "error answering %s %s: %s", scope["method"], cut(scope["path"]), cut(repr(exc))
            )
            if not started:
                answer = PlainTextResponse("internal error (see the workbench's log)\n", 500)
                await answer(scope, receive, send_with_headers)

    def refusal(self, request: Request) -> Response | None:
        """The answer refusing this request (logged), or ``None`` to let it through."""
        reason = self.why_refused(request)
        return None if reason is None else _refuse(request, *reason)

    def why_refused(self, request: Request) -> tuple[int, str] | None:
        """Why this request is refused (status, reason), or ``None``."""
        headers = request.headers
        if not self.own_host(headers.get("host", "")):
            return 400, "this workbench answers only requests for its own host"
        path: str = request.scope["path"]
        raw: bytes = request.scope.get("raw_path") or path.encode()
        segments = path.split("/")
        if ".." in segments or "." in segments or "\\" in path or "\0" in path:
            return 400, "no such path"
        if _ENCODED.search(raw):
            return 400, "no such path"
        if self.shared and not self.has_session(request) and not self.offers_secret(request):
            return (
                403,
                "open the address with a secret that pipeline serve printed, in this browser",
            )
        length = headers.get("content-length", "0")
        if not (length.isascii() and length.isdigit()):
            return 400, "a Content-Length that is no number"
        if int(length) > MAX_BODY:
            return 413, f"a request body over {MAX_BODY:,} bytes"
        if request.method not in SAFE_METHODS:
            if headers.get("origin", "") != f"http://{headers.get('host', '')}":
                return 403, "a write must come from a page of this workbench"
            if not self.shared and not _same(headers.get(TOKEN_HEADER, ""), self.token):
                return 403, "a write needs this run's token"
        return None

    def has_session(self, request: Request) -> bool:
        """Whether the request carries this run's session cookie (shared mode)."""
        return _same(request.cookies.get(self.cookie, ""), self.session)

    def offers_secret(self, request: Request) -> bool:
        """Whether it is the terminal's address being opened (a GET: a HEAD spends nothing)."""
        return SECRET_PARAM in request.query_params and request.method == "GET"

    def exchange(self, request: Request) -> Response | None:
        """Shared mode, the terminal's address opened: the cookie, and the same URL without
        the secret; a wrong or spent secret is refused. ``None`` for any other request."""
        if not self.shared or not self.offers_secret(request):
            return None
        query = request.url.remove_query_params(SECRET_PARAM).query
        target = request.url.path + (f"?{query}" if query else "")
        if not self.has_session(request):
            offered = request.query_params[SECRET_PARAM]
            if self.spent or not _same(offered, self.token):
                return _refuse(request, 403, "this address's secret is wrong or already used")
            self.spent = True  # no await since the check: no other request can come between
            log.info("the terminal's address was opened; its secret is now spent")
        answer = RedirectResponse(target, status_code=303)
        answer.set_cookie(self.cookie, self.session, path="/", httponly=True, samesite="strict")
        return answer

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


def _same(given: str, secret: str) -> bool:
    """Whether ``given`` is ``secret``, compared in constant time."""
    return hmac.compare_digest(given.encode(), secret.encode())


def _refuse(request: Request, status: int, reason: str) -> Response:
    """A refusal's answer, its line logged (the path cut, no secret shown)."""
    log.warning(
        "refused %s %s (Host %r): %s",
        request.method,
        cut(request.scope.get("raw_path", b"").decode("latin-1")),
        cut(request.headers.get("host", "")),
        reason,
    )
    return PlainTextResponse(reason + "\n", status_code=status)
