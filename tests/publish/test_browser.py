"""The built pages in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.build.handouts import build as build_handouts
from pipeline.project import Config, Project
from pipeline.publish import index, newsletter

from ..conftest import REPO, SEED_SLUG

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (375, 1024)
#: Each page, by the path under ``build/``, and the page its language link leads to.
PAGES = {
    f"nl/{SEED_SLUG}.html": f"en/{SEED_SLUG}.html",
    f"en/{SEED_SLUG}.html": f"nl/{SEED_SLUG}.html",
    "nl/index.html": "en/index.html",
    "en/index.html": "nl/index.html",
    # The e-mail links the other language's copy on the site: an absolute address.
    "nl/newsletter/2019-10.html": f"{Config().base_url}/en/newsletter/2019-10.html",
    "en/newsletter/2019-10.html": f"{Config().base_url}/nl/newsletter/2019-10.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with its handouts, index and newsletter built in both languages."""
    root = tmp_path_factory.mktemp("browser") / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    project = Project.at(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1569974400")
        for lang in ("nl", "en"):
            build_handouts(project, lang)  # first: it replaces build/<lang>/ as a whole
            index.write_index(project, lang)
            newsletter.write_newsletter(project, lang, "2019-10")
    return root / "build"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium; its absence fails the tests (CI installs it), never skips them."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _screenshots(site: Path) -> list[Path]:
    """Where screenshots go: ``build/screenshots/`` of the built project, and also of the
    directory named by ``PIPELINE_SCREENSHOTS`` (e.g. the checkout's ``build/screenshots``)."""
    folders = [site / "screenshots"]
    extra = os.environ.get("PIPELINE_SCREENSHOTS")
    if extra:
        folders.append(Path(extra))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    return folders


@pytest.mark.parametrize("name", list(PAGES))
def test_page_in_chromium(site: Path, browser: Any, name: str) -> None:
    page_file = site / name
    assert page_file.is_file(), name
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert sizes[0] <= sizes[1], f"{name} overflows at {width}px: {sizes}"
            wide = page.evaluate(
                """(w) => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > w + 0.5)
                .map(e => e.tagName + '.' + e.className)""",
                width,
            )
            assert wide == [], f"{name} at {width}px: {wide}"
            shot = name.replace("/", "_").removesuffix(".html") + f"-{width}.png"
            for folder in _screenshots(site):
                page.screenshot(path=str(folder / shot), full_page=True)
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF-") and len(pdf) > 1000

        link = page.locator("a[hreflang]").first
        target = PAGES[name]
        if target.startswith("https://"):
            assert link.get_attribute("href") == target
        else:
            link.click()
            page.wait_for_load_state("load")
            assert page.url == (site / target).as_uri()
            other = "en" if name.startswith("nl/") else "nl"
            assert page.evaluate("document.documentElement.lang") == other
    finally:
        context.close()
    assert problems == []
