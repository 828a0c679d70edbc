"""The workbench's Starlette app: the build's paths, the segment API, live-reload events."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from babel import Locale
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.errors import PipelineError
from pipeline.publish.fonts import FONTS, web_fonts
from pipeline.serve import api, pages
from pipeline.serve.edits import Busy, Conflict, Edit, Refused, check_edit, edit_from, save_edit
from pipeline.serve.guard import LOG_LIMIT, Guard, cut
from pipeline.serve.workspace import NotFound, Workspace

log = logging.getLogger("pipeline.serve")

#: Seconds between the comments that keep an idle event stream open through proxies.
HEARTBEAT = 15.0
_TYPES = {".html": "text/html; charset=utf-8", ".pdf": "application/pdf"}


class Hub:
    """The open pages' event streams: each gets every change; closing ends them all."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[dict[str, Any] | None]] = set()
        self.closed = False

    def publish(self, event: dict[str, Any]) -> None:
        for queue in self.queues:
            queue.put_nowait(event)

    def close(self) -> None:
        self.closed = True
        for queue in self.queues:
            queue.put_nowait(None)

    async def stream(self) -> AsyncIterator[str]:
        """One page's events, as ``text/event-stream``, until the page or the server goes."""
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.queues.add(queue)
        try:
            yield "retry: 500\n: connected\n\n"
            while not self.closed:
                try:
                    event = await asyncio.wait_for(queue.get(), HEARTBEAT)
                except TimeoutError:
                    yield ": ping\n\n"
                    continue
                if event is None:
                    return
                yield f"data: {json.dumps(event)}\n\n"
        finally:
            self.queues.discard(queue)


@dataclass(slots=True)
class Workbench:
    """One run of the workbench: the project's warm state, its open pages, its token."""

    #: The project's parsed files.
    workspace: Workspace
    #: The run's secret. On a loopback address, the token every page carries and a write
    #: must send back; shared, the terminal's one-time secret, which no page carries.
    token: str
    #: Whether the port is reachable from other machines (see :mod:`pipeline.serve.guard`).
    shared: bool = False
    #: The open pages' event streams.
    hub: Hub = field(default_factory=Hub)
    #: Run with the app until their event is set (the file watcher).
    background: list[Callable[[Workbench, asyncio.Event], Coroutine[Any, Any, None]]] = field(
        default_factory=list
    )


def create_app(bench: Workbench, *, host: str, port: int) -> Guard:
    """The ASGI app of ``bench``, behind its :class:`Guard` for ``host:port``."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        tasks = [asyncio.create_task(run(bench, stop)) for run in bench.background]
        try:
            yield
        finally:
            bench.hub.close()
            stop.set()
            if tasks:
                await asyncio.wait(tasks, timeout=2)
            for task in tasks:
                task.cancel()

    routes: list[BaseRoute] = [
        Route("/", _home),
        Route("/favicon.ico", _nothing),
        Route("/_workbench/events", _events),
        Route("/_workbench/templates/{lang}.html", _templates),
        Route("/_workbench/api/editions", _editions),
    ]
    # One catalog's entries: an article's, an issue's, the templates' strings.
    for entries in (
        "/_workbench/api/{lang}/_templates",
        "/_workbench/api/{lang}/newsletter/{issue}",
        "/_workbench/api/{lang}/{name}",
    ):
        routes += [
            Route(entries, _segments),
            Route(entries + "/suggest", _suggest),
            Route(entries + "/check", _check, methods=["POST"]),
            Route(entries + "/save", _save, methods=["POST"]),
        ]
    routes += [
        Mount("/_workbench", StaticFiles(packages=[("pipeline.serve", "assets")])),
        Route("/review/{lang}/fonts/{font}", _font),
        Route("/{lang}/fonts/{font}", _font),
        Route("/review/{lang}/{name}.html", _review),
        Route("/{lang}/newsletter/{name}.html", _issue),
        Route("/{lang}/images/{file}", _image),
        Route("/{lang}/{name}.html", _handout),
        Route("/{lang}/{name}.pdf", _pdf),
    ]
    app = Starlette(routes=routes, exception_handlers={PipelineError: _failed}, lifespan=lifespan)
    app.state.bench = bench
    return Guard(app, host=host, port=port, token=bench.token, shared=bench.shared)


def _bench(request: Request) -> tuple[Workbench, str, str]:
    """The run's workbench and the request's language and name (slug or issue id)."""
    bench: Workbench = request.app.state.bench
    return bench, request.path_params.get("lang", ""), request.path_params.get("name", "")


async def _home(request: Request) -> Response:
    bench, _, _ = _bench(request)
    html = await run_in_threadpool(pages.home, bench.workspace)
    return _html(bench, html, {"kind": "home"})


async def _handout(request: Request) -> Response:
    bench, lang, name = _bench(request)
    ws = bench.workspace
    if name == "index":
        data = await run_in_threadpool(_kept, ws, request.url.path, pages.index, lang)
        return _html(bench, data.decode(), {"kind": "index", "lang": lang})
    fuzzy = request.query_params.get("fuzzy", "source")
    html = await run_in_threadpool(partial(pages.handout, fuzzy=fuzzy), ws, lang, name)
    facts = {"kind": "handout", "lang": lang, "slug": name}
    if lang in bench.workspace.project.languages.targets:
        facts["api"] = f"/_workbench/api/{lang}/{name}"
    return _html(bench, html, facts)


async def _review(request: Request) -> Response:
    bench, lang, name = _bench(request)
    html = await run_in_threadpool(pages.review, bench.workspace, lang, name)
    facts = {"kind": "review", "lang": lang, "slug": name, "api": f"/_workbench/api/{lang}/{name}"}
    return _html(bench, html, facts)


async def _issue(request: Request) -> Response:
    bench, lang, name = _bench(request)
    path = request.url.path
    data = await run_in_threadpool(_kept, bench.workspace, path, pages.issue, lang, name)
    facts = {"kind": "issue", "lang": lang, "slug": name}
    if lang in bench.workspace.project.languages.targets:
        facts["api"] = f"/_workbench/api/{lang}/newsletter/{name}"
    return _html(bench, data.decode(), facts)


async def _image(request: Request) -> Response:
    bench, _, _ = _bench(request)
    data, kind = await run_in_threadpool(pages.image, bench.workspace, request.path_params["file"])
    return Response(data, media_type=kind)


async def _pdf(request: Request) -> Response:
    bench, lang, name = _bench(request)
    path = request.url.path
    data = await run_in_threadpool(_kept, bench.workspace, path, pages.handout_pdf, lang, name)
    return Response(data, media_type=_TYPES[".pdf"])


async def _editions(request: Request) -> Response:
    bench, _, _ = _bench(request)
    return JSONResponse(await run_in_threadpool(api.editions, bench.workspace))


async def _templates(request: Request) -> Response:
    bench, lang, _ = _bench(request)
    html = await run_in_threadpool(pages.templates, bench.workspace, lang)
    api = f"/_workbench/api/{lang}/_templates"
    return _html(bench, html, {"kind": "templates", "lang": lang, "api": api})


def _catalog_file(ws: Workspace, request: Request) -> Path:
    """The catalog an API request is about (checked to lie in the project)."""
    lang, params = request.path_params["lang"], request.path_params
    if "issue" in params:
        return ws.issue_catalog_path(lang, params["issue"])
    if "name" in params:
        return ws.catalog_path(lang, params["name"])
    return ws.templates_catalog_path(lang)


def _entries(ws: Workspace, request: Request) -> dict[str, Any]:
    lang, params = request.path_params["lang"], request.path_params
    if "issue" in params:
        return api.issue_segments(ws, lang, params["issue"])
    if "name" in params:
        return api.segments(ws, lang, params["name"])
    return api.template_segments(ws, lang)


async def _segments(request: Request) -> Response:
    bench, _, _ = _bench(request)
    return JSONResponse(await run_in_threadpool(_entries, bench.workspace, request))


async def _suggest(request: Request) -> Response:
    bench, lang, _ = _bench(request)
    msgid = request.query_params.get("msgid", "")
    path = _catalog_file(bench.workspace, request)
    return JSONResponse(await run_in_threadpool(_matches, bench.workspace, lang, path, msgid))


async def _edit(request: Request) -> tuple[Workbench, str, Path, Edit] | Response:
    """The workbench, language, catalog and edit of a check or a save, or the response that
    refuses its body."""
    bench, lang, _ = _bench(request)
    try:
        data = json.loads(await request.body())
    except RecursionError:
        return _refused(request, 400, "not JSON the workbench takes: nested too deep")
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError: one line each
        return _refused(request, 400, f"not JSON: {exc}")
    try:
        edit = edit_from(data)
    except PipelineError as exc:
        return _refused(request, 400, str(exc))
    return bench, lang, _catalog_file(bench.workspace, request), edit


async def _check(request: Request) -> Response:
    about = await _edit(request)
    if isinstance(about, Response):
        return about
    bench, lang, path, edit = about
    found = await run_in_threadpool(check_edit, bench.workspace, lang, path, edit)
    return JSONResponse({"findings": [api.finding_json(f) for f in found]})


async def _save(request: Request) -> Response:
    about = await _edit(request)
    if isinstance(about, Response):
        return about
    bench, lang, path, edit = about
    try:
        saved = await run_in_threadpool(save_edit, bench.workspace, lang, path, edit)
    except Conflict as exc:
        log.warning("refused a save of %s: %s", exc.filename, exc.message)
        body = {
            "conflict": str(exc),
            "disk": exc.disk.json(),
            "yours": {"translation": edit.translation, "fuzzy": not edit.reviewed},
        }
        return JSONResponse(body, status_code=409)
    except Refused as exc:
        log.warning("refused a save of %s: %s", exc.filename, exc.message)
        found = [api.finding_json(f) for f in exc.findings]
        return JSONResponse({"refused": str(exc), "findings": found}, status_code=422)
    except Busy as exc:
        return _refused(request, 503, str(exc))
    log.info("saved %s: %s", bench.workspace.project.display(path), cut(edit.msgid, 60))
    return JSONResponse({"saved": True, "entry": saved.json()})


async def _events(request: Request) -> Response:
    bench, _, _ = _bench(request)
    return StreamingResponse(bench.hub.stream(), media_type="text/event-stream")


async def _font(request: Request) -> Response:
    """A font the pages link (``fonts/<name>``), looked up by name among the templates' own:
    no path is built from the request."""
    bench, _, _ = _bench(request)
    name = f"{FONTS}/{request.path_params['font']}"
    data = web_fonts(bench.workspace.project.templates_dir).get(name)
    if data is None:
        return PlainTextResponse("not found\n", status_code=404)
    kind = "font/woff2" if name.endswith(".woff2") else "text/plain; charset=utf-8"
    return Response(data, media_type=kind)


async def _nothing(request: Request) -> Response:
    return Response(status_code=204)


async def _failed(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, NotFound) else 422
    return _refused(request, status, str(exc))


def _html(bench: Workbench, html: str, facts: dict[str, str]) -> Response:
    token = None if bench.shared else bench.token  # shared: the session cookie instead
    # The languages are the project's: the panel names them as Babel does, in English.
    languages = bench.workspace.project.languages
    facts = {"source": languages.source, "source_name": _name(languages.source), **facts}
    if facts.get("lang") in languages.targets:
        facts["lang_name"] = _name(facts["lang"])
    return Response(pages.inject(html, token=token, page=facts), media_type=_TYPES[".html"])


def _name(lang: str) -> str:
    return Locale.parse(lang).get_display_name("en") or lang


def _refused(request: Request, status: int, reason: str) -> Response:
    reason = cut(reason, 2 * LOG_LIMIT)  # it may quote the request (a 64 KB slug)
    log.warning("refused %s %s: %s", request.method, cut(request.url.path), reason)
    return PlainTextResponse(reason + "\n", status_code=status)


def _kept(ws: Workspace, path: str, make: Callable[..., bytes], *args: str) -> bytes:
    """A heavier page, made once and kept until the watcher says a file it shows changed."""
    with ws.lock:
        kept, generation = ws.pages.get(path), ws.generation
    if kept is None:
        kept = make(ws, *args)
        with ws.lock:
            if ws.generation == generation:  # else a file changed while it was made
                ws.pages[path] = kept
    return kept


def _matches(ws: Workspace, lang: str, path: Path, msgid: str) -> dict[str, Any]:
    shown = ws.project.display(path)
    matches = ws.memory(lang).best(msgid, limit=3, own=shown) if msgid else []
    return {
        "suggestions": [
            {"score": round(m.score, 1), "source": m.source, "target": m.target, "origin": m.origin}
            for m in matches
        ]
    }
