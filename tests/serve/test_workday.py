"""A translator's day in the workbench, in Debian's Chromium: the keyboard and the queue,
no lost typing (the unload guard, a server restart, a broken catalog), two tabs, the filter,
every catalog (an issue, the template strings), a phone's width and axe-core."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.po import generate_po, parse_po

from ..accessibility import axe_violations
from ..conftest import SEED_SLUG
from .conftest import free_port, start_serve
from .test_browser import (
    HEADING_EN,
    HEADING_NL,
    WAIT_MS,
    Served,
    make_fuzzy,
    save_outside,
)

#: Two more entries the fixture leaves untranslated: the queue then holds three.
BLANKED = ("1. Migraine", "2. Depressie")
MESSAGE = "document.querySelector('#wb-panel .wb-message').textContent"
SAVED = f"{MESSAGE}.startsWith('Saved')"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture()
def served(project: Path) -> Iterator[Served]:
    """``pipeline serve`` on a copy whose queue holds a fuzzy heading and two untranslated ones."""
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    make_fuzzy(po)
    catalog = parse_po(po.read_bytes(), filename=str(po))
    for msgid in BLANKED:
        catalog.get(msgid).string = ""
    po.write_bytes(generate_po(catalog).encode())
    port = free_port()
    holder = [start_serve(project, port)]
    served = Served(project, f"http://127.0.0.1:{port}", holder[0])
    try:
        yield served
    finally:
        for process in holder:
            if process.poll() is None:
                process.kill()
                process.communicate()


def open_page(browser: Any, url: str, *, width: int = 1100, height: int = 720) -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    page.goto(url, wait_until="load")
    page.wait_for_selector("html[data-wb-ready][data-wb-live]", timeout=WAIT_MS)
    return page


def entry(po: Path, msgid: str) -> Any:
    return parse_po(po.read_bytes(), filename=str(po)).get(msgid)


def test_three_segments_translated_by_keyboard_alone(served: Served, browser: Any) -> None:
    english = {
        HEADING_NL: HEADING_EN,
        "1. Migraine": "1. Migraine",
        "2. Depressie": "2. Depression",
    }
    page = open_page(browser, served.page)
    try:
        # Every segment is a tab stop; Enter on one opens it.
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.dataset.wbSeg") is not None:
                break
        assert page.evaluate("document.activeElement.dataset.wbSeg") == "0"  # the title
        panel = page.locator("#wb-panel")
        done = []
        for _ in range(3):
            page.keyboard.press("Alt+n")  # the next untranslated or fuzzy segment
            panel.wait_for(state="visible")
            page.wait_for_function("document.activeElement.id === 'wb-text'", timeout=WAIT_MS)
            dutch = panel.locator(".wb-dutch").text_content()
            assert dutch in english and dutch not in done
            page.keyboard.press("Control+a")
            page.keyboard.insert_text(english[dutch])
            page.keyboard.press("Control+Enter")  # save as reviewed
            page.wait_for_function(SAVED, timeout=WAIT_MS)
            done.append(dutch)
        assert "Ctrl+Enter" in panel.locator(".wb-keys").text_content()
        page.keyboard.press("Escape")
        panel.wait_for(state="hidden")
    finally:
        page.context.close()
    assert sorted(done) == sorted(english)
    for dutch, text in english.items():
        saved = entry(served.po, dutch)
        assert saved.string == text and not saved.fuzzy
    assert page.problems == []


def test_leaving_with_unsaved_text_asks_first(served: Served, browser: Any) -> None:
    page = open_page(browser, served.page)
    asked: list[str] = []
    try:
        page.locator("h2", has_text=HEADING_NL).click()
        page.locator("#wb-text").fill("Half a translat")
        page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.close(run_before_unload=True)
        page.wait_for_timeout(500)
        assert asked == ["beforeunload"]
        assert not page.is_closed()
    finally:
        page.context.close()


def test_unsaved_text_survives_a_server_restart(served: Served, browser: Any) -> None:
    page = open_page(browser, served.page)
    text = "What exactly is the NMDA receptor?"
    try:
        page.locator("h2", has_text=HEADING_NL).click()
        page.locator("#wb-text").fill(text)
        os.killpg(served.process.pid, signal.SIGKILL)  # the server goes, hard
        served.process.wait()
        # The tab is reloaded while the server is away… then it comes back, a new run
        # with a new token; the text typed is back in the panel, and saves.
        page.on("dialog", lambda dialog: dialog.accept())  # leave: the text is kept
        with pytest.raises(Exception, match="ERR_CONNECTION_REFUSED"):
            page.reload(wait_until="commit")
        port = int(served.base.rsplit(":", 1)[1])
        again = start_serve(served.root, port)
        try:
            page.goto(served.page, wait_until="load")
            page.wait_for_selector("html[data-wb-ready]", timeout=WAIT_MS)
            assert page.locator("#wb-text").input_value() == text
            # The server goes once more; a save while it is away waits for it.
            os.killpg(again.pid, signal.SIGKILL)
            again.wait()
            page.locator(".wb-reviewed").click()
            page.wait_for_function(
                f"{MESSAGE}.includes('not answering')",
                timeout=WAIT_MS,
            )
            again = start_serve(served.root, port)
            page.wait_for_function(SAVED, timeout=WAIT_MS)
            assert page.locator("#wb-panel .wb-message").text_content() == "Saved, reviewed."
            page.wait_for_timeout(800)  # the live reload that follows keeps it
            assert page.locator("#wb-panel .wb-message").text_content() == "Saved, reviewed."
        finally:
            again.kill()
            again.communicate()
    finally:
        page.context.close()
    assert entry(served.po, HEADING_NL).string == text


def test_two_tabs_editing_different_entries_both_keep_theirs(served: Served, browser: Any) -> None:
    first = open_page(browser, served.page)
    second = first.context.new_page()
    second.goto(served.page, wait_until="load")
    second.wait_for_selector("html[data-wb-ready][data-wb-live]", timeout=WAIT_MS)
    try:
        first.locator("h2", has_text=HEADING_NL).click()
        first.locator("#wb-text").fill("What exactly is the NMDA receptor?")
        second.locator("h2", has_text="2. Depressie").click()
        second.locator("#wb-text").fill("2. Depression")
        first.locator(".wb-reviewed").click()
        first.wait_for_function(SAVED, timeout=WAIT_MS)
        second.locator(".wb-reviewed").click()
        second.wait_for_function(SAVED, timeout=WAIT_MS)
    finally:
        first.context.close()
    assert entry(served.po, HEADING_NL).string == "What exactly is the NMDA receptor?"
    assert entry(served.po, "2. Depressie").string == "2. Depression"


def test_a_broken_catalog_shows_where_and_keeps_the_last_good_text(
    served: Served, browser: Any
) -> None:
    page = open_page(browser, served.page)
    good = served.po.read_text(encoding="utf-8")
    try:
        broken = good.replace('msgstr "1. Migraine"', 'msgstr "1. Migraine', 1)
        broken = broken.replace(
            'msgid "1. Migraine"\nmsgstr ""', 'msgid "1. Migraine"\nmsgstr "x', 1
        )
        assert broken != good
        save_outside(served.po, broken)
        banner = page.locator("#wb-banner")
        banner.wait_for(state="visible", timeout=WAIT_MS)
        assert f"content/en/{SEED_SLUG}.po:" in banner.text_content()
        assert page.evaluate("document.documentElement.classList.contains('wb-stale')")
        assert page.locator("h2", has_text=HEADING_NL).count() == 1  # the last good text
        save_outside(served.po, good)
        banner.wait_for(state="detached", timeout=WAIT_MS)
    finally:
        page.context.close()


def test_filter_and_search(served: Served, browser: Any) -> None:
    page = open_page(browser, served.page)
    try:
        total = page.evaluate("document.querySelectorAll('[data-wb-seg]').length")
        count = page.locator("#wb-bar .wb-count")
        page.select_option("#wb-filter", "untranslated")
        assert count.text_content().startswith("2 of ")
        page.select_option("#wb-filter", "fuzzy")
        assert count.text_content().startswith("1 of "), count.text_content()
        assert page.locator("h2", has_text=HEADING_NL).evaluate(
            "n => !n.classList.contains('wb-dim')"
        )
        page.select_option("#wb-filter", "all")
        page.fill("#wb-search", "magnesium")
        shown = int(count.text_content().split()[0])
        assert 0 < shown < total
        page.fill("#wb-search", "researcher to watch")  # the English is searched too
        assert count.text_content().startswith("1 of ")
        assert "held back" in page.locator("#wb-bar .wb-edition").text_content()
        # A fuzzy segment: the Dutch stands in, or its unreviewed English, marked.
        page.select_option("#wb-fuzzy", "translation")
        fuzzy = page.locator("h2.wb-is-fuzzy", has_text=HEADING_EN)
        fuzzy.wait_for(timeout=WAIT_MS)
        assert "fuzzy=translation" in page.url
        page.select_option("#wb-fuzzy", "source")
        page.locator("h2.wb-is-fuzzy", has_text=HEADING_NL).wait_for(timeout=WAIT_MS)
    finally:
        page.context.close()


def test_a_newsletter_entry_and_a_template_string_are_edited_in_the_browser(
    served: Served, browser: Any
) -> None:
    page = open_page(browser, f"{served.base}/en/newsletter/2019-10.html")
    issue_po = served.root / "content" / "en" / "newsletters" / "2019-10.po"
    templates_po = served.root / "content" / "en" / "_templates.po"
    try:
        page.locator("h1.subject").click()
        panel = page.locator("#wb-panel")
        assert (
            panel.locator(".wb-dutch").text_content()
            == "Magnesium en de hersenen: zeven toepassingen"
        )
        panel.locator("#wb-text").fill("Magnesium and the brain: seven uses")
        panel.locator(".wb-reviewed").click()
        page.wait_for_function(SAVED, timeout=WAIT_MS)
        page.goto(f"{served.base}/_workbench/templates/en.html", wait_until="load")
        page.wait_for_selector("html[data-wb-ready]", timeout=WAIT_MS)
        row = page.locator("tr", has_text="Dit artikel in het %(language)s")
        row.locator(".wb-pick").click()
        assert "templates/" in panel.locator(".wb-comments").text_content()  # where it appears
        panel.locator("#wb-text").fill("Read this article in %(language)s")
        panel.locator(".wb-reviewed").click()
        page.wait_for_function(SAVED, timeout=WAIT_MS)
    finally:
        page.context.close()
    assert entry(issue_po, "Magnesium en de hersenen: zeven toepassingen").string == (
        "Magnesium and the brain: seven uses"
    )
    assert entry(templates_po, "Dit artikel in het %(language)s").string == (
        "Read this article in %(language)s"
    )


def test_at_390_px_the_panel_is_a_bottom_sheet_and_the_article_readable(
    served: Served, browser: Any, tmp_path: Path
) -> None:
    page = open_page(browser, served.page, width=390, height=844)
    try:
        page.locator("h2", has_text=HEADING_NL).click()
        panel = page.locator("#wb-panel")
        panel.wait_for(state="visible")
        shot = tmp_path / "workbench-390.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        box = panel.bounding_box()
        assert box["width"] == 390 and box["height"] <= 0.6 * 844
        assert abs(box["y"] + box["height"] - 844) <= 1  # at the bottom
        picked = page.locator("h2.wb-picked").bounding_box()
        assert picked["y"] >= 0 and picked["y"] + picked["height"] <= box["y"]  # above the sheet
        article = page.locator("article").bounding_box()
        assert 300 <= article["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()


@pytest.mark.parametrize("where", ["english", "review", "home"])
def test_axe_finds_nothing_with_the_panel_open(served: Served, browser: Any, where: str) -> None:
    url = {
        "english": served.page,
        "review": f"{served.base}/review/en/{SEED_SLUG}.html",
        "home": f"{served.base}/",
    }[where]
    context = browser.new_context(viewport={"width": 1100, "height": 720}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_selector("html[data-wb-ready]", timeout=WAIT_MS)
        if where != "home":
            page.wait_for_selector("html[data-wb-ready]", timeout=WAIT_MS)
            target = "tr.status-fuzzy .wb-pick" if where == "review" else "h2.draft-fuzzy"
            page.locator(target).first.click()
            page.locator("#wb-panel").wait_for(state="visible")
            page.wait_for_selector("#wb-panel .wb-tm li", timeout=WAIT_MS)
        violations = axe_violations(page, WCAG)
    finally:
        context.close()
    assert violations == []
