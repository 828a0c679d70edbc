"""All or nothing: a build swapped in whole, what other commands published kept, staged
catalogs renamed into place or removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import SourceError
from pipeline.project import Project
from pipeline.reports import Report
from pipeline.runs.handouts import build as build_handouts
from pipeline.runs.staging import (
    remove_staged,
    replace_staged,
    stage_file,
    staging_folder,
    swap,
)

from ..conftest import SEED_SLUG, published


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def test_staging_folder_is_new_and_beside_the_target_leftovers_removed(tmp_path: Path) -> None:
    target = tmp_path / "build" / "en"
    leftover = tmp_path / "build" / ".en.staging-killed"
    _write(leftover, {"a.html": "half"})
    _write(tmp_path / "build", {".nl.staging-other/a.html": "not ours"})
    staging = staging_folder(target)
    assert staging.parent == target.parent and staging.name.startswith(".en.staging-")
    assert list(staging.iterdir()) == []
    assert not leftover.exists()
    assert (tmp_path / "build" / ".nl.staging-other" / "a.html").exists()


def test_swap_keeps_what_other_commands_published(tmp_path: Path) -> None:
    target = tmp_path / "build" / "en"
    _write(
        target,
        {
            "a.html": "old a",
            "gone.html": "an article since removed",
            "gone.json": "an article since removed",
            "a.pdf": "pdf of a",
            "held.pdf": "pdf of an article now held back",
            "images/held.jpg": "its image",
            "index.html": "old index",
            "feed.xml": "old feed",
            "newsletter/2019-10.eml": "an issue the build makes again if it publishes it",
        },
    )
    staging = staging_folder(target)
    _write(staging, {"a.html": "new a", "a.md": "new a", "feed.xml": "new feed"})
    swap(target, staging, {"a.html", "a.md", "feed.xml"}, {"a"})
    assert _files(target) == {
        "a.html": b"new a",
        "a.md": b"new a",
        "a.pdf": b"pdf of a",
        "feed.xml": b"new feed",
        "index.html": b"old index",
    }
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["en"]  # nothing left over
    assert (target / "a.pdf").stat().st_nlink == 1  # the old folder's link is gone with it


def test_swap_into_a_first_build(tmp_path: Path) -> None:
    target = tmp_path / "build" / "nl"
    staging = staging_folder(target)
    _write(staging, {"a.html": "a"})
    swap(target, staging, {"a.html"})
    assert _files(target) == {"a.html": b"a"}
    assert oct(target.stat().st_mode & 0o777) == "0o755"  # not mkdtemp's 0o700


def test_a_failed_build_leaves_the_old_build(project: Path) -> None:
    root = Project.at(project)
    build_handouts(root, "nl", jobs=1)
    before = published(project)
    template = project / "templates" / "handout.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{% endif %}", encoding="utf-8")
    with pytest.raises(SourceError, match="endif") as caught:
        build_handouts(root, "nl", jobs=1)
    assert str(caught.value).startswith("templates/handout.html.j2:")
    assert published(project) == before
    assert sorted(p.name for p in (project / "build").iterdir()) == [".cache", "nl"]
    assert f"nl/{SEED_SLUG}.html" in before


# ---------------------------------------------------------------- staged catalogs


def _project(tmp_path: Path) -> Project:
    for folder in ("nl", "en", "pot"):
        (tmp_path / "content" / folder).mkdir(parents=True)
    return Project.at(tmp_path)


def test_stage_file_writes_beside_the_file_or_nothing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project.catalog_path("en", "a")
    path.write_bytes(b"old")
    staged = stage_file(path, b"new", ".update-1-x")
    assert staged == str(path.parent / ".a.po.update-1-x")
    assert (Path(staged).read_bytes(), path.read_bytes()) == (b"new", b"old")
    assert stage_file(project.catalog_path("en", "b"), None, ".update-1-x") is None


def test_replace_staged_renames_or_reports_unchanged(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project.catalog_path("en", "a")
    path.write_bytes(b"old")
    report = Report()
    replace_staged(project, path, stage_file(path, b"new", ".update-1-x"), report)
    replace_staged(project, project.pot_path("a"), None, report)
    assert path.read_bytes() == b"new"
    assert (report.written, report.unchanged) == (["content/en/a.po"], ["content/pot/a.pot"])
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.po"]


def test_remove_staged_leaves_nothing_behind(tmp_path: Path) -> None:
    project = _project(tmp_path)
    for path in (project.catalog_path("en", "a"), project.pot_path("a")):
        path.write_bytes(b"old")
        stage_file(path, b"new", ".update-1-x")
        stage_file(path, b"killed run", ".update-2-y")
    (project.catalog_dir("en") / ".keep").write_bytes(b"")
    remove_staged(project, "en", ".update-1-x")
    assert sorted(p.name for p in project.pot_dir.iterdir()) == [".a.pot.update-2-y", "a.pot"]
    remove_staged(project, "en", ".update-*")
    assert sorted(p.name for p in project.pot_dir.iterdir()) == ["a.pot"]
    assert sorted(p.name for p in project.catalog_dir("en").iterdir()) == [".keep", "a.po"]
    assert project.catalog_path("en", "a").read_bytes() == b"old"
