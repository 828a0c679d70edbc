"""``pipeline serve`` for real: a uvicorn process, the English page in Debian's Chromium.

A save from outside updates the open page by itself; an edit in the page writes one
entry of the catalog (msgcat's bytes, ``msgfmt --check`` clean); a file changed on disk
after the page loaded refuses the save and loses neither version; Ctrl-C stops cleanly.
"""

from __future__ import annotations

import difflib
import http.client
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.lock import exclusive_lock
from pipeline.po import generate_po, parse_po

from ..conftest import SEED_SLUG
from .conftest import free_port, serve_log, start_serve
from .test_server import start

HEADING_NL = "Wat is de NMDA-receptor?"
HEADING_EN = "What is the NMDA receptor?"
TITLE_EN = "Magnesium for the brain: 7 applications"
#: How long a page may take to show a change (the target is 0.3 s; the machine is shared).
WAIT_MS = 10_000


@dataclass(frozen=True, slots=True)
class Served:
    """A running ``pipeline serve`` on a copy of the project."""

    #: The project copy.
    root: Path
    #: Its address, ``http://127.0.0.1:PORT``.
    base: str
    #: The server process.
    process: subprocess.Popen[str]

    @property
    def log(self) -> Path:
        """What the server printed."""
        return serve_log(self.root, int(self.base.rsplit(":", 1)[1]))

    @property
    def po(self) -> Path:
        return self.root / "content" / "en" / f"{SEED_SLUG}.po"

    @property
    def page(self) -> str:
        return f"{self.base}/en/{SEED_SLUG}.html"


def save_outside(path: Path, text: str) -> None:
    """Save as an editor does: a temp file beside it, renamed over it."""
    temp = path.with_name(f".{path.name}.editor")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def make_fuzzy(po: Path) -> None:
    """Mark the heading's entry fuzzy with a previous msgid, through the project's writer."""
    catalog = parse_po(po.read_bytes(), filename=str(po))
    message = catalog.get(HEADING_NL)
    message.flags.add("fuzzy")
    message.previous_id = ["Wat is een NMDA-receptor?"]
    po.write_bytes(generate_po(catalog).encode())


@pytest.fixture()
def served(project: Path) -> Iterator[Served]:
    """``pipeline serve`` on the default host (no ``--host``) and a free port."""
    make_fuzzy(project / "content" / "en" / f"{SEED_SLUG}.po")
    port = free_port()
    process = start_serve(project, port)
    base = f"http://127.0.0.1:{port}"
    try:
        yield Served(project, base, process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def open_page(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1100, "height": 720})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="load")
    page.wait_for_selector("html[data-wb-ready][data-wb-live]", timeout=WAIT_MS)
    return context, page, problems


def screenshot(page: Any, root: Path) -> None:
    """The README's picture: ``build/screenshots/workbench.png`` of the project copy, and in
    the folder ``PIPELINE_SCREENSHOTS`` names, if any (e.g. to renew ``docs/workbench.png``)."""
    folders = [root / "build" / "screenshots"]
    if os.environ.get("PIPELINE_SCREENSHOTS"):
        folders.append(Path(os.environ["PIPELINE_SCREENSHOTS"]))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / "workbench.png"))


def changed_lines(old: str, new: str) -> list[int]:
    """The 1-based lines of ``old`` that differ in ``new`` (insertions at their place)."""
    lines: list[int] = []
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    for op, i1, i2, _, _ in matcher.get_opcodes():
        if op != "equal":
            lines += list(range(i1 + 1, max(i2, i1 + 1) + 1))
    return lines


def entry_lines(text: str, msgid: str) -> range:
    """The lines of the entry of ``msgid`` (from its first comment to its blank line)."""
    blocks = text.split("\n\n")
    start = 1
    for block in blocks:
        if f'msgid "{msgid}"' in block:
            return range(start, start + block.count("\n") + 1)
        start += block.count("\n") + 2
    raise AssertionError(f"no entry {msgid!r}")


def test_page_updates_live_and_an_edit_in_the_page_writes_one_entry(
    served: Served, browser: Any
) -> None:
    context, page, problems = open_page(browser, served.page)
    try:
        heading = page.locator("h2", has_text=HEADING_NL)  # fuzzy: the Dutch stands in, marked
        assert "draft-fuzzy" in (heading.get_attribute("class") or "")
        assert heading.get_attribute("data-seg") is not None
        page.evaluate("window.__notReloaded = true")

        # A save from outside (Poedit): the page shows it without being reloaded.
        text = served.po.read_text(encoding="utf-8")
        assert TITLE_EN in text  # else the save below would change nothing
        save_outside(served.po, text.replace(TITLE_EN, "Seven uses of magnesium for the brain"))
        page.wait_for_function(
            "() => document.querySelector('h1').textContent.includes('Seven uses')",
            timeout=WAIT_MS,
        )
        assert page.evaluate("window.__notReloaded") is True

        # Pick the fuzzy heading: its Dutch, state, diff against #|, place in the catalog.
        page.locator("h2", has_text=HEADING_NL).scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -250)")
        heading.click()
        panel = page.locator("#wb-panel")
        panel.wait_for(state="visible")
        assert panel.locator(".wb-status").text_content() == "fuzzy"
        assert panel.locator(".wb-dutch").text_content() == HEADING_NL
        assert panel.locator(".wb-diff del").text_content() == "een"
        assert panel.locator(".wb-diff ins").text_content() == "de"
        assert panel.locator(".wb-where").text_content().startswith(f"content/en/{SEED_SLUG}.po:")
        # The QA checks follow the typing: a number the Dutch does not have is an error.
        panel.locator(".wb-text").fill("What is the NMDA receptor 2?")
        page.wait_for_selector("#wb-panel .wb-checks li.wb-error", timeout=WAIT_MS)
        panel.locator(".wb-text").fill("What exactly is the NMDA receptor?")
        page.wait_for_selector("#wb-panel .wb-checks li.wb-ok", timeout=WAIT_MS)
        screenshot(page, served.root)

        before = served.po.read_text(encoding="utf-8")
        panel.locator(".wb-reviewed").click()
        page.wait_for_function(
            "() => document.querySelector('#wb-panel .wb-message').textContent.startsWith('Saved')",
            timeout=WAIT_MS,
        )
        # …and the page shows it, reviewed: English, no longer marked.
        fresh = page.locator("h2", has_text="What exactly is the NMDA receptor?")
        fresh.wait_for(timeout=WAIT_MS)
        assert "draft-fuzzy" not in (fresh.get_attribute("class") or "")
        assert page.evaluate("window.__notReloaded") is True
    finally:
        context.close()
    assert problems == []

    after = served.po.read_text(encoding="utf-8")
    entry = entry_lines(before, HEADING_NL)
    assert set(changed_lines(before, after)) <= set(entry)
    assert 'msgstr "What exactly is the NMDA receptor?"' in after
    reviewed = after.split(f'msgid "{HEADING_NL}"')[0].rsplit("\n\n", 1)[1]
    assert "fuzzy" not in reviewed and "#|" not in reviewed
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(served.po)], check=True)
    msgcat = subprocess.run(["msgcat", str(served.po)], capture_output=True, check=True)
    assert msgcat.stdout == served.po.read_bytes()


def test_a_file_changed_on_disk_after_loading_refuses_the_save_and_keeps_both(
    served: Served, browser: Any
) -> None:
    context, page, problems = open_page(browser, served.page)
    try:
        page.locator("h2", has_text=HEADING_NL).click()
        panel = page.locator("#wb-panel")
        panel.locator(".wb-text").fill("Mine: what is the NMDA receptor?")
        # Poedit saves the same entry meanwhile.
        text = served.po.read_text(encoding="utf-8")
        disk = text.replace(f'msgstr "{HEADING_EN}"', 'msgstr "Theirs: the NMDA receptor"')
        save_outside(served.po, disk)
        page.wait_for_function(
            "() => document.querySelector('#wb-panel .wb-message').textContent.includes('changed')",
            timeout=WAIT_MS,
        )
        panel.locator(".wb-reviewed").click()
        conflict = panel.locator(".wb-conflict")
        conflict.wait_for(state="visible", timeout=WAIT_MS)
        assert conflict.locator(".wb-disk").text_content() == "Theirs: the NMDA receptor"
        assert conflict.locator(".wb-yours").text_content() == "Mine: what is the NMDA receptor?"
        assert panel.locator(".wb-text").input_value() == "Mine: what is the NMDA receptor?"
        # Discarding mine: the panel and the page show the file's version.
        conflict.get_by_role("button", name="Discard mine, take the file's").click()
        conflict.wait_for(state="hidden", timeout=WAIT_MS)
        assert panel.locator(".wb-text").input_value() == "Theirs: the NMDA receptor"
        page.keyboard.press("Escape")  # nothing unsaved: it closes without asking
        panel.wait_for(state="hidden", timeout=WAIT_MS)
    finally:
        context.close()
    assert problems == [  # the refusal, as Chromium logs any 4xx
        "Failed to load resource: the server responded with a status of 409 (Conflict)"
    ]
    assert served.po.read_text(encoding="utf-8") == disk  # the other editor's save stands


def test_a_row_of_the_review_sheet_is_picked_too(served: Served, browser: Any) -> None:
    context, page, problems = open_page(browser, f"{served.base}/review/en/{SEED_SLUG}.html")
    try:
        page.locator("tr.status-fuzzy").click()
        panel = page.locator("#wb-panel")
        panel.wait_for(state="visible")
        assert panel.locator(".wb-dutch").text_content() == HEADING_NL
        assert panel.locator(".wb-text").input_value() == HEADING_EN
    finally:
        context.close()
    assert problems == []


def test_ctrl_c_stops_cleanly_with_pages_open(served: Served, browser: Any) -> None:
    context, page, _ = open_page(browser, served.page)  # an open event stream
    try:
        # A path climbing out, sent as written (no client tidies it here).
        connection = http.client.HTTPConnection(served.base.removeprefix("http://"), timeout=5)
        connection.request("GET", "/en/../../../etc/passwd")
        assert connection.getresponse().status == 400
        connection.close()
        started = time.monotonic()
        os.killpg(served.process.pid, signal.SIGINT)
        served.process.wait(timeout=15)
        err = served.log.read_text()
        assert served.process.returncode == 0, err
        assert time.monotonic() - started < 6
    finally:
        context.close()
    assert "Traceback" not in err and "stopped" in err
    with exclusive_lock(served.root / ".pipeline.lock"):  # nobody holds it
        pass
    assert not [p for p in served.root.rglob("*") if p.name.endswith(".tmp")]


def test_on_a_shared_address_the_terminals_address_opens_an_editable_page(
    project: Path, tmp_path: Path, browser: Any
) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    make_fuzzy(po)
    served = start(project, tmp_path, "--host", "0.0.0.0")
    base = f"http://127.0.0.1:{served.port}"
    opened = served.address.replace("http://0.0.0.0", "http://127.0.0.1")
    context = browser.new_context(viewport={"width": 1100, "height": 720})
    try:
        page = context.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(opened, wait_until="load")
        assert page.url == base + "/"  # the secret is gone from the address bar
        assert context.cookies()[0]["httpOnly"] is True
        page.goto(f"{base}/en/{SEED_SLUG}.html", wait_until="load")
        page.wait_for_selector("html[data-wb-ready][data-wb-live]", timeout=WAIT_MS)
        assert page.locator('meta[name="wb-token"]').count() == 0
        page.locator("h2", has_text=HEADING_NL).click()
        panel = page.locator("#wb-panel")
        panel.locator(".wb-text").fill("What exactly is the NMDA receptor?")
        panel.locator(".wb-reviewed").click()
        page.wait_for_function(
            "() => document.querySelector('#wb-panel .wb-message').textContent.startsWith('Saved')",
            timeout=WAIT_MS,
        )
        assert problems == []
        other = browser.new_context()  # another browser: the address is spent
        try:
            refused = other.new_page().goto(opened)
            assert refused is not None and refused.status == 403
        finally:
            other.close()
    finally:
        context.close()
        served.process.kill()
        served.process.wait()
    assert 'msgstr "What exactly is the NMDA receptor?"' in po.read_text(encoding="utf-8")
