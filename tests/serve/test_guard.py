"""The guard over HTTP: a shared address's one-time secret and cookie, body limits, bad JSON.

On a loopback address the pages carry the run's token (tests/serve/test_app.py); on any
other address no page carries a credential: the terminal's secret, used once, gives a
session cookie that every request needs, and a write its own Origin too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.project import Project
from pipeline.serve.app import Workbench, create_app
from pipeline.serve.guard import LOG_LIMIT, MAX_BODY, Guard
from pipeline.serve.workspace import Workspace

from ..conftest import SEED_SLUG
from .conftest import BASE, OWN, TOKEN, asgi_call, snapshot
from .test_app import edit, raw_get

SECRET = "the-terminals-secret"
SAVE = f"/_workbench/api/en/{SEED_SLUG}/save"
PAGES = ("/", f"/en/{SEED_SLUG}.html", f"/review/en/{SEED_SLUG}.html", "/en/index.html")


@pytest.fixture()
def shared(project: Path) -> Guard:
    """The app as ``--host 0.0.0.0`` makes it."""
    bench = Workbench(Workspace(Project.at(project)), token=SECRET, shared=True)
    return create_app(bench, host="0.0.0.0", port=8000)


@pytest.fixture()
def stranger(shared: Guard) -> Iterator[TestClient]:
    """A browser on the network that never saw the terminal."""
    with TestClient(shared, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture()
def translator(shared: Guard) -> Iterator[TestClient]:
    """The browser that opened the terminal's address."""
    with TestClient(shared, base_url=BASE, follow_redirects=False) as test_client:
        opened = test_client.get(f"/en/{SEED_SLUG}.html?token={SECRET}")
        assert opened.status_code == 303
        assert opened.headers["location"] == f"/en/{SEED_SLUG}.html"
        cookie = opened.headers["set-cookie"]
        assert "wb-session-8000=" in cookie and "HttpOnly" in cookie
        assert "samesite=strict" in cookie.lower() and SECRET not in cookie
        yield test_client


def test_shared_pages_carry_no_credential(
    project: Path, stranger: TestClient, translator: TestClient
) -> None:
    for path in PAGES:
        page = translator.get(path)
        assert page.status_code == 200, path
        assert "wb-token" not in page.text and SECRET not in page.text
        assert "/_workbench/workbench.js" in page.text
    assert translator.get("/_workbench/workbench.js").status_code == 200


def test_shared_reads_and_writes_need_the_cookie(
    project: Path, stranger: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    before = snapshot(project)
    with caplog.at_level(logging.WARNING, logger="pipeline.serve"):
        for path in (*PAGES, "/_workbench/workbench.js", "/_workbench/events"):
            refused = stranger.get(path)
            assert refused.status_code == 403, path
            assert "pipeline serve printed" in refused.text and SECRET not in refused.text
        api = stranger.get(f"/_workbench/api/en/{SEED_SLUG}")
        assert api.status_code == 403
        body = {"msgid": "Wat is de NMDA-receptor?", "translation": "x", "reviewed": True}
        for headers in ({"Origin": BASE}, {"Origin": BASE, "X-Workbench-Token": SECRET}, OWN):
            assert stranger.post(SAVE, json=body, headers=headers).status_code == 403
    assert "refused POST" in caplog.text and SECRET not in caplog.text
    assert snapshot(project) == before


def test_the_terminals_secret_opens_once(
    project: Path, shared: Guard, translator: TestClient
) -> None:
    before = snapshot(project)
    body = edit(translator)
    assert translator.post(SAVE, json=body).status_code == 403  # no Origin
    assert (
        translator.post(SAVE, json=body, headers={"Origin": "http://evil.example"}).status_code
        == 403
    )
    assert snapshot(project) == before
    assert translator.post(SAVE, json=body, headers={"Origin": BASE}).status_code == 200
    assert snapshot(project) != before
    # Opened again in the same browser: no harm, the same cookie.
    assert translator.get(f"/?token={SECRET}").status_code == 303
    with TestClient(shared, base_url=BASE, follow_redirects=False) as other:
        assert other.get(f"/?token={SECRET}").status_code == 403  # spent
        assert other.get("/").status_code == 403
    with TestClient(shared, base_url=BASE, follow_redirects=False) as other:
        assert other.get("/?token=guess").status_code == 403


def test_a_wrong_secret_or_a_head_does_not_spend_it(shared: Guard) -> None:
    with TestClient(shared, base_url=BASE, follow_redirects=False) as other:
        assert other.get("/?token=guess").status_code == 403
        assert other.head(f"/?token={SECRET}").status_code == 403  # a link checker's
        assert other.get(f"/?token={SECRET}&lang=en").headers["location"] == "/?lang=en"
        assert other.get("/").status_code == 200


def asgi(app: Guard, headers: dict[str, str], chunks: Iterator[bytes]) -> tuple[int, bytes, int]:
    """POST a save straight to the ASGI app: its status, body, and how many chunks it read."""
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": next(chunks), "more_body": True}

    fields = [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()]
    sent = asgi_call(app, "POST", SAVE.encode(), fields, receive)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    return sent[0]["status"], sent[1]["body"], read


def endless(size: int = 65_536) -> Iterator[bytes]:
    while True:
        yield b"[" * size


def test_a_big_content_length_is_refused_unread(project: Path, app: Guard) -> None:
    before = snapshot(project)
    headers = {"Host": "127.0.0.1:8000", **OWN, "Content-Length": str(MAX_BODY + 1)}
    status, body, read = asgi(app, headers, endless())
    assert (status, read) == (413, 0)
    assert body == b"a request body over 1,000,000 bytes\n"
    assert snapshot(project) == before


def test_a_content_length_of_other_digits_is_a_400(app: Guard) -> None:
    headers = {"Host": "127.0.0.1:8000", **OWN, "Content-Length": "²"}  # "²".isdigit()
    status, body, read = asgi(app, headers, endless())
    assert (status, read) == (400, 0)
    assert body == b"a Content-Length that is no number\n"


def test_a_big_chunked_body_is_refused_while_read(
    project: Path, app: Guard, caplog: pytest.LogCaptureFixture
) -> None:
    before = snapshot(project)
    headers = {"Host": "127.0.0.1:8000", **OWN, "Transfer-Encoding": "chunked"}
    with caplog.at_level(logging.WARNING, logger="pipeline.serve"):
        status, body, read = asgi(app, headers, endless())
    assert status == 413 and b"over 1,000,000 bytes" in body
    assert read == MAX_BODY // 65_536 + 1  # it stopped reading at the limit: no more taken
    assert "refused POST" in caplog.text and "error" not in caplog.text.lower()
    assert snapshot(project) == before


def test_bad_json_is_a_one_line_400(client: TestClient) -> None:
    for body, says in ((b"[" * 100_000, "nested too deep"), (b'{"msgid": ', "not JSON: ")):
        response = client.post(SAVE, content=body, headers=OWN)
        assert response.status_code == 400
        assert says in response.text and response.text.count("\n") == 1
        assert "Traceback" not in response.text
    nested = b'{"msgid": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert client.post(SAVE, content=nested, headers=OWN).status_code == 400


def test_a_long_path_is_logged_cut(app: Guard, caplog: pytest.LogCaptureFixture) -> None:
    long = b"/en/" + b"a" * 65_536 + b".html"
    with caplog.at_level(logging.WARNING, logger="pipeline.serve"):
        assert raw_get(app, long) == 404  # the app's refusal
        assert raw_get(app, long + b"/../x") == 400  # the guard's
    assert caplog.records
    for record in caplog.records:
        assert len(record.getMessage()) < 4 * LOG_LIMIT
        assert "a" * 100 + "…" in record.getMessage()


def test_loopback_pages_still_carry_the_token(client: TestClient) -> None:
    assert f'<meta name="wb-token" content="{TOKEN}">' in client.get("/").text
