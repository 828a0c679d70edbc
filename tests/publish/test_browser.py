"""The built pages in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.project import Config, Project
from pipeline.publish import fonts, newsletter
from pipeline.publish.review import write_reviews
from pipeline.runs.handouts import build as build_handouts

from ..accessibility import axe_violations
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
#: axe-core (tests/axe/, from its npm package; MPL-2.0), injected into each page.

#: What axe checks: WCAG 2.1 A and AA, and its best practices (landmarks, one h1, …).
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Every kind of page, by its path under ``build/``, and the rules it is held to: an
#: e-mail is a table layout without landmarks (mail clients know none), so WCAG alone.
AXE_PAGES = {
    **{name: [*WCAG, "best-practice"] for name in PAGES if "/newsletter/" not in name},
    f"review/en/{SEED_SLUG}.html": [*WCAG, "best-practice"],
    **{name: WCAG for name in PAGES if "/newsletter/" in name},
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
            newsletter.write_newsletter(project, lang, "2019-10")
        write_reviews(project, "en")
    return root / "build"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium; its absence fails the tests (CI installs it), never skips them."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # The project's fonts only, as in the PDFs: the pages must look right with the fonts
        # they link, whatever the machine has (its fonts are fallbacks no page should need).
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=ARGS,
            env={**os.environ, "FONTCONFIG_FILE": str(fonts.fontconfig_file())},
        )
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
        other = "en" if name.startswith("nl/") else "nl"
        # The link leads to the other language, in words of the page's own.
        assert link.get_attribute("hreflang") == other
        assert link.get_attribute("lang") is None
        target = PAGES[name]
        if target.startswith("https://"):
            assert link.get_attribute("href") == target
        else:
            link.click()
            page.wait_for_load_state("load")
            assert page.url == (site / target).as_uri()
            assert page.evaluate("document.documentElement.lang") == other
    finally:
        context.close()
    assert problems == []


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_page_has_no_accessibility_violations(site: Path, browser: Any, name: str) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    page = context.new_page()
    try:
        page.goto((site / name).as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready")
        violations = axe_violations(page, AXE_PAGES[name])
        for width in WIDTHS[1:]:  # the wide layout too: contrast and overlap can differ
            page.set_viewport_size({"width": width, "height": 800})
            violations += axe_violations(page, AXE_PAGES[name])
    finally:
        context.close()
    assert not violations, "\n".join([name, *violations])
