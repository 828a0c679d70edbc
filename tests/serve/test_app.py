"""The workbench app over HTTP (Starlette's TestClient): the build's pages, and its guard.

Every refusal is a 4xx with a log line, and writes nothing: a foreign ``Host``, a write
without the token or from another origin, climbing paths, a symlink out of the project.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from pipeline.cli import main
from pipeline.lock import exclusive_lock
from pipeline.project import Project
from pipeline.publish.article import decide_article
from pipeline.runs.handouts import build as build_handouts
from pipeline.serve import server
from pipeline.serve.guard import Guard

from ..conftest import SEED_SLUG, published
from .conftest import BASE, OWN, TOKEN, asgi_call, snapshot


def api(client: TestClient) -> dict[str, Any]:
    found: dict[str, Any] = client.get(f"/_workbench/api/en/{SEED_SLUG}").json()
    return found


def edit(
    client: TestClient, translation: str = "What exactly is the NMDA receptor?"
) -> dict[str, Any]:
    data = api(client)
    heading = next(s for s in data["segments"] if s["msgid"] == "Wat is de NMDA-receptor?")
    return {
        "msgid": heading["msgid"],
        "translation": translation,
        "reviewed": True,
        "original": heading["original"],
    }


def without_workbench(html: bytes) -> bytes:
    """A workbench page less what the workbench adds: its head lines and segment tags."""
    text = re.sub(
        rb'<meta name="wb-[^\n]*\n|<link rel="stylesheet" href="/_workbench[^\n]*\n', b"", html
    )
    text = re.sub(rb'<script src="/_workbench[^\n]*\n', b"", text)
    text = re.sub(rb' data-seg="\d+"', b"", text)
    return re.sub(rb' class="wb-findings"| wb-findings', b"", text)


def test_pages_are_the_builds_own_at_its_paths(project: Path, client: TestClient) -> None:
    # Everything reviewed: the release build's page; else the draft build's.
    for draft in (False, True):
        if draft:
            po = project / "content" / "en" / f"{SEED_SLUG}.po"
            text = po.read_text(encoding="utf-8")
            po.write_text(text.replace("#. heading\n", "#. heading\n#, fuzzy\n", 1), "utf-8")
        build_handouts(Project.at(project), "nl")
        build_handouts(Project.at(project), "en", draft=draft)
        built = published(project)
        for path in (f"nl/{SEED_SLUG}.html", f"en/{SEED_SLUG}.html"):
            response = client.get(f"/{path}")
            assert response.status_code == 200
            assert without_workbench(response.content) == built[path]
    tagged = client.get(f"/en/{SEED_SLUG}.html").text
    assert tagged.count("data-seg=") == len(api(client)["segments"]) - 1  # the title: the h1
    assert 'class="draft-fuzzy"' in tagged
    for path in ("/", "/nl/index.html", "/en/index.html", f"/review/en/{SEED_SLUG}.html"):
        response = client.get(path)
        assert response.status_code == 200 and "/_workbench/workbench.js" in response.text
    issue = client.get("/en/newsletter/2019-10.html")
    assert issue.status_code == 200 and 'lang="en"' in issue.text
    assert client.get(f"/en/{SEED_SLUG}.pdf").content.startswith(b"%PDF-")


def test_a_release_build_has_none_of_the_workbench(project: Path) -> None:
    build_handouts(Project.at(project), "en")
    page = (project / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert "data-seg" not in page and "wb-" not in page and "_workbench" not in page


def test_every_page_carries_a_content_security_policy(client: TestClient) -> None:
    for path in ("/", f"/en/{SEED_SLUG}.html", "/en/nothing.html"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy


def test_the_fonts_the_pages_link_are_served_by_name_only(client: TestClient) -> None:
    for prefix in ("/en/fonts/", "/nl/fonts/", "/review/en/fonts/"):
        found = client.get(prefix + "SourceSerif4-Regular.woff2")
        assert found.status_code == 200
        assert found.headers["content-type"] == "font/woff2"
        assert found.content[:4] == b"wOF2"
    assert client.get("/en/fonts/fonts.conf").status_code == 404  # not one the pages link
    assert client.get("/en/fonts/nothing.woff2").status_code == 404


def test_segment_api_gives_state_findings_and_place(project: Path, client: TestClient) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace("study of 30 ", "study of 31 "), "utf-8")
    data = api(client)
    assert data["catalog"] == f"content/en/{SEED_SLUG}.po"
    damaged = next(s for s in data["segments"] if "study of 31" in s["translation"])
    assert any(f["text"].startswith("error: numbers:") for f in damaged["findings"])
    assert damaged["findings"][0]["flag"] == "ignore-numbers"
    assert re.fullmatch(rf"content/en/{SEED_SLUG}\.po:\d+", damaged["where"])
    assert (
        f'data-seg="{damaged["index"]}" class="wb-findings"'
        in client.get(f"/en/{SEED_SLUG}.html").text
    )
    statuses = {s["status"] for s in data["segments"]}
    assert statuses == {"reviewed", "verbatim"}


def test_typed_text_is_checked_without_writing(project: Path, client: TestClient) -> None:
    before = snapshot(project)
    body = edit(client, "What is the NMDA receptor 7?")
    found = client.post(f"/_workbench/api/en/{SEED_SLUG}/check", json=body, headers=OWN).json()
    assert any(f["check"] == "numbers" for f in found["findings"])
    assert snapshot(project) == before


def test_reviewed_with_a_check_error_is_refused_with_its_findings(
    project: Path, client: TestClient
) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    before = po.read_bytes()
    save = f"/_workbench/api/en/{SEED_SLUG}/save"
    body = edit(client, "What is the <script>alert()</script> NMDA receptor?")
    refused = client.post(save, json=body, headers=OWN)
    assert refused.status_code == 422
    assert {f["check"] for f in refused.json()["findings"] if f["severity"] == "error"} == {"html"}
    assert po.read_bytes() == before
    # Needs review: saved as typed, fuzzy.
    assert client.post(save, json={**body, "reviewed": False}, headers=OWN).status_code == 200
    assert "#, fuzzy" in (project / "content" / "en" / f"{SEED_SLUG}.po").read_text("utf-8")


def test_a_finding_said_wrong_is_an_ignore_flag_the_release_heeds(
    project: Path, client: TestClient
) -> None:
    save = f"/_workbench/api/en/{SEED_SLUG}/save"
    body = edit(client, "What is the NMDA receptor 7?")
    assert client.post(save, json=body, headers=OWN).status_code == 422
    saved = client.post(save, json={**body, "ignore": ["ignore-numbers"]}, headers=OWN)
    assert saved.status_code == 200
    assert saved.json()["entry"] == {
        "translation": "What is the NMDA receptor 7?",
        "fuzzy": False,
        "flags": ["ignore-numbers"],
    }
    po = (project / "content" / "en" / f"{SEED_SLUG}.po").read_text("utf-8")
    assert '#, ignore-numbers\nmsgid "Wat is de NMDA-receptor?"' in po
    _, decision = decide_article(Project.at(project), "en", SEED_SLUG)
    assert decision.edition.state == "current", str(decision.edition)


def test_foreign_host_is_refused(
    project: Path, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    before = snapshot(project)
    with caplog.at_level(logging.WARNING, logger="pipeline.serve"):
        for host in ("evil.example:8000", "127.0.0.1.nip.io:8000", "localhost:9999", ""):
            assert client.get("/", headers={"Host": host}).status_code == 400
            response = client.post(
                f"/_workbench/api/en/{SEED_SLUG}/save",
                json=edit(client),
                headers={**OWN, "Host": host},
            )
            assert response.status_code == 400
    assert "only requests for its own host" in caplog.text
    assert snapshot(project) == before
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_writes_need_the_token_and_the_same_origin(
    project: Path, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    before = snapshot(project)
    body = edit(client)
    save = f"/_workbench/api/en/{SEED_SLUG}/save"
    with caplog.at_level(logging.WARNING, logger="pipeline.serve"):
        assert client.post(save, json=body, headers={"Origin": BASE}).status_code == 403
        wrong = {"Origin": BASE, "X-Workbench-Token": "guess"}
        assert client.post(save, json=body, headers=wrong).status_code == 403
        other = {"Origin": "http://evil.example", "X-Workbench-Token": TOKEN}
        assert client.post(save, json=body, headers=other).status_code == 403
        no_origin = {"X-Workbench-Token": TOKEN}
        assert client.post(save, json=body, headers=no_origin).status_code == 403
    assert "needs this run's token" in caplog.text and "from a page of this" in caplog.text
    assert snapshot(project) == before
    assert client.post(save, json=body, headers=OWN).status_code == 200
    assert snapshot(project) != before


def raw_get(app: Guard, raw_path: bytes) -> int:
    """GET a path exactly as given (HTTP clients tidy ``..`` away before sending)."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    sent = asgi_call(app, "GET", raw_path, [(b"host", b"127.0.0.1:8000")], receive)
    status: int = sent[0]["status"]
    return status


@pytest.mark.parametrize(
    "raw",
    [
        b"/en/../../pipeline.toml",
        b"/../content/en/" + SEED_SLUG.encode() + b".po",
        b"/en/%2e%2e/%2e%2e/etc/passwd",
        b"/en/%2E%2E%2Fcontent%2Fglossary.csv",
        b"/review/en/..%2f..%2fetc%2fpasswd.html",
        b"/en/..%5c..%5cpipeline.toml",
        b"/_workbench/..%2fworkbench.js",
    ],
)
def test_climbing_paths_are_refused(
    project: Path, app: Guard, raw: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pipeline.serve"):
        assert 400 <= raw_get(app, raw) < 500
    assert "refused GET" in caplog.text


def test_symlink_out_of_the_project_is_not_served_nor_written(
    project: Path, client: TestClient, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text("---\ntitle: Geheim\n---\n\nGeheime tekst.\n", encoding="utf-8")
    (project / "content" / "nl" / "leak.md").symlink_to(secret)
    catalog = outside / "leak.po"
    catalog.write_text('msgid ""\nmsgstr ""\n\nmsgid "Geheim"\nmsgstr "Secret"\n', "utf-8")
    (project / "content" / "en" / "leak.po").symlink_to(catalog)
    kept = catalog.read_bytes()
    for path in ("/nl/leak.html", "/en/leak.html", "/review/en/leak.html", "/en/leak.pdf"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Geheim" not in response.text
    assert client.get("/_workbench/api/en/leak").status_code == 404
    body = {"msgid": "Geheim", "translation": "Leaked", "reviewed": True}
    response = client.post("/_workbench/api/en/leak/save", json=body, headers=OWN)
    assert response.status_code == 404
    assert catalog.read_bytes() == kept
    assert "leak" not in client.get("/").text and "Geheim" not in client.get("/en/index.html").text


def test_bad_requests_are_4xx_never_a_traceback(client: TestClient) -> None:
    save = f"/_workbench/api/en/{SEED_SLUG}/save"
    for body in (b"not json", b"[]", b'{"msgid": 3}', b'{"msgid": "x", "translation": "y"}'):
        response = client.post(save, content=body, headers=OWN)
        assert 400 <= response.status_code < 500, body
        assert "Traceback" not in response.text
    for path in ("/en/no-such-article.html", "/fr/x.html", "/en/newsletter/1999-01.html"):
        assert client.get(path).status_code == 404


def test_listens_on_loopback_unless_told(monkeypatch: pytest.MonkeyPatch, project: Path) -> None:
    calls: list[dict[str, Any]] = []

    def fake_serve(project: Project, **options: Any) -> None:
        calls.append(options)
        options["ready"](server.url(options["host"], options["port"]))

    monkeypatch.setattr(server, "serve", fake_serve)
    result = CliRunner().invoke(main, ["-C", str(project), "serve"])
    assert result.exit_code == 0, result.output
    assert {k: v for k, v in calls[-1].items() if k != "ready"} == {
        "host": "127.0.0.1",
        "port": 8000,
        "open_browser": False,
    }
    assert "warning" not in result.stderr
    assert "serving " in result.stderr
    result = CliRunner().invoke(main, ["-C", str(project), "serve", "--host", "0.0.0.0"])
    assert calls[-1]["host"] == "0.0.0.0"
    assert "warning: listening on 0.0.0.0" in result.stderr
    assert "whose secret works once" in result.stderr


def test_port_in_use_is_an_error_not_an_exit(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["-C", str(project), "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "serving" not in result.stderr and "warning" not in result.stderr


def test_the_article_image_is_served_where_the_page_finds_it(
    project: Path, client: TestClient
) -> None:
    name = "7-keer-magnesium-voor-de-hersenen-1570002347.jpg"  # the seed's front matter
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / name).write_bytes(b"\xff\xd8\xff\xe0 a JPEG")
    html = client.get(f"/en/{SEED_SLUG}.html").text
    (src,) = re.findall(r'<img[^>]* src="(images/[^"]+)"', html)
    image = client.get(f"/en/{src}")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    for bad in ("/en/images/..%2Fsecret.jpg", "/en/images/.hidden.jpg", "/en/images/nope.jpg"):
        assert client.get(bad).status_code in (400, 404), bad


def test_a_fuzzy_segment_shows_as_the_dutch_or_as_its_translation(
    project: Path, client: TestClient
) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("#. heading\n", "#. heading\n#, fuzzy\n", 1), "utf-8"
    )
    dutch = client.get(f"/en/{SEED_SLUG}.html").text
    assert "Wat is de NMDA-receptor?" in dutch and "What is the NMDA receptor?" not in dutch
    english = client.get(f"/en/{SEED_SLUG}.html?fuzzy=translation").text
    assert "What is the NMDA receptor?" in english


def test_a_save_waits_for_a_build_holding_the_project_lock(
    project: Path, client: TestClient
) -> None:
    held, release = threading.Event(), threading.Event()

    def build() -> None:
        with exclusive_lock(Project.at(project).lock_path):
            held.set()
            release.wait(5)

    holder = threading.Thread(target=build)
    holder.start()
    assert held.wait(5)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    saved = client.post(f"/_workbench/api/en/{SEED_SLUG}/save", json=edit(client), headers=OWN)
    assert release.is_set()  # it saved once the build let go of the lock, not before
    holder.join()
    assert saved.status_code == 200 and time.monotonic() - started >= 0.4


def test_a_save_conflicts_only_when_its_own_entry_moved(project: Path, client: TestClient) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    save = f"/_workbench/api/en/{SEED_SLUG}/save"
    body = edit(client)  # the panel takes the heading
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "1. Migraine"', 'msgstr "1. Migraine (theirs)"'), "utf-8")
    assert client.post(save, json=body, headers=OWN).status_code == 200  # another entry
    assert 'msgstr "1. Migraine (theirs)"' in po.read_text(encoding="utf-8")
    stale = {**body, "translation": "What, exactly, is the NMDA receptor?"}
    conflict = client.post(save, json=stale, headers=OWN)  # its own entry moved: ours above
    assert conflict.status_code == 409
    answer = conflict.json()
    assert answer["disk"]["translation"] == "What exactly is the NMDA receptor?"
    assert answer["yours"]["translation"] == "What, exactly, is the NMDA receptor?"
    again = client.post(save, json={**stale, "original": answer["disk"]}, headers=OWN)
    assert again.status_code == 200
