"""The workbench's latency: a catalog saved from outside → the open page in Chromium updated.

Starts ``pipeline serve`` on a corpus (``bench/corpus.py``), opens one English page in
Debian's Chromium, then saves a changed ``msgstr`` of that article's catalog as an editor
does (temp file, rename) and takes the time from just before the rename to the moment the
page has swapped in the new body *and* re-marked its segments (the page script sets
``data-wb-reloads`` last; a MutationObserver in the page notes the time on the same clock).

    python -m bench.serve [--sizes 1,1000] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.corpus import generate
from bench.run import ENV, PY, WORK

CHROMIUM = "/usr/bin/chromium"
_OBSERVE = """() => {
  window.__updated = [];
  new MutationObserver(() => window.__updated.push(performance.timeOrigin + performance.now()))
    .observe(document.documentElement, {attributes: true, attributeFilter: ["data-wb-reloads"]});
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [PY, "-m", "pipeline", "-C", str(root), "serve", "--port", str(port)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/", timeout=5):
                return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("pipeline serve did not start")


def _title_line(po: Path) -> str:
    """The title's ``msgstr "…"`` line (the first entry's; titles fit on one line)."""
    text = po.read_text(encoding="utf-8")
    entry = text.split("\n\n")[1]
    return next(line for line in entry.splitlines() if line.startswith('msgstr "'))


def measure(count: int, runs: int) -> list[float]:
    """Seconds from save to updated page, ``runs`` times, on a corpus of ``count`` articles."""
    from playwright.sync_api import sync_playwright

    root = generate(count, WORK / f"corpus-{count}")
    slug = sorted(p.stem for p in (root / "content" / "nl").glob("*.md"))[count // 2]
    po = root / "content" / "en" / f"{slug}.po"
    original = po.read_text(encoding="utf-8")
    line = _title_line(po)
    process, base = _start(root)
    seconds: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"{base}/en/{slug}.html")
            page.wait_for_selector("html[data-wb-ready][data-wb-live]")
            page.evaluate(_OBSERVE)
            for run in range(runs):
                changed = original.replace(line, line[:-1] + f' (edit {run})"', 1)
                temp = po.with_name(f".{po.name}.bench")
                temp.write_text(changed, encoding="utf-8")
                started = time.time()
                os.replace(temp, po)
                page.wait_for_function(f"() => window.__updated.length > {run}", timeout=20_000)
                updated = page.evaluate(f"window.__updated[{run}]") / 1000
                assert f"(edit {run})" in page.inner_text("h1")
                seconds.append(updated - started)
                time.sleep(0.2)  # an editor's saves are seconds apart
            browser.close()
    finally:
        po.write_text(original, encoding="utf-8")
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,1000")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"{'articles':>8} {'median ms':>10} {'p90 ms':>8} {'max ms':>8} {'min ms':>8}")
    for count in [int(s) for s in args.sizes.split(",")]:
        found = sorted(measure(count, args.runs))
        p90 = found[min(len(found) - 1, int(0.9 * len(found)))]
        print(
            f"{count:>8} {1000 * statistics.median(found):10.0f} {1000 * p90:8.0f} "
            f"{1000 * found[-1]:8.0f} {1000 * found[0]:8.0f}",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
