"""Speed without change: parallel and incremental builds give the serial build's bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.corpus import generate
from pipeline.build.handouts import build as build_handouts
from pipeline.project import Project
from pipeline.publish.fonts import web_fonts

from ..conftest import published


def test_parallel_build_is_byte_identical_to_serial(tmp_path: Path) -> None:
    serial = generate(30, tmp_path / "serial")
    parallel = tmp_path / "parallel"
    shutil.copytree(serial, parallel)
    for lang in ("nl", "en"):
        build_handouts(Project.at(serial), lang, jobs=1)
        report = build_handouts(Project.at(parallel), lang, jobs=2)
        assert report.built == 30 and report.fresh == 0
    assert published(serial) == published(parallel)
    # Each language: three files an article, index and feed, and the fonts the pages link.
    fonts = len(web_fonts(Project.at(serial).templates_dir))
    assert len(published(serial)) == 2 * (30 * 3 + 2 + fonts)


def test_incremental_build_rebuilds_only_what_changed(tmp_path: Path) -> None:
    root = generate(30, tmp_path / "corpus")
    project = Project.at(root)
    build_handouts(project, "en", jobs=1)
    first = published(root)
    report = build_handouts(project, "en", jobs=1)
    assert (report.built, report.fresh) == (0, 30)
    assert published(root) == first
    po = root / "content" / "en" / "artikel-00007.po"
    po.write_bytes(po.read_bytes().replace(b'msgstr "EN ', b'msgstr "EN* ', 1))
    seen: list[tuple[int, int]] = []
    report = build_handouts(
        project, "en", jobs=1, progress=lambda done, total: seen.append((done, total))
    )
    assert (report.built, report.fresh) == (1, 30 - 1)
    assert seen[-1] == (30, 30)
    changed = {name for name, data in published(root).items() if first.get(name) != data}
    # The edited entry is the title, which the index and the feed list too.
    assert changed == {
        "en/artikel-00007.html",
        "en/artikel-00007.md",
        "en/artikel-00007.json",
        "en/index.html",
        "en/feed.xml",
    }
    incremental = published(root)
    # The same edit from scratch gives the same bytes as the incremental build.
    shutil.rmtree(root / "build")
    again = build_handouts(project, "en", jobs=2)
    assert again.fresh == 0
    assert published(root) == incremental


def test_cached_articles_are_still_checked_for_release(tmp_path: Path) -> None:
    import pytest

    from pipeline.errors import ReleaseError

    root = generate(3, tmp_path / "corpus")
    project = Project.at(root)
    build_handouts(project, "en", jobs=1)
    po = root / "content" / "en" / "artikel-00002.po"
    first, rest = po.read_text(encoding="utf-8").split("\n#. ", 1)
    po.write_text(first + "\n#, fuzzy\n#. " + rest, encoding="utf-8")
    before = published(root)
    with pytest.raises(ReleaseError):
        build_handouts(project, "en", jobs=1)
    assert published(root) == before  # the previous build stays as it was
    assert len(build_handouts(project, "en", draft=True, jobs=1).problems) == 1
    cached = build_handouts(project, "en", draft=True, jobs=1)
    assert (cached.built, len(cached.problems)) == (0, 1)  # found again, from the cache
    with pytest.raises(ReleaseError):
        build_handouts(project, "en", jobs=1)
