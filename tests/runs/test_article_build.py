"""One article rendered in a worker: its files staged, what the build needs of it returned."""

from __future__ import annotations

from pathlib import Path

from pipeline.project import Project
from pipeline.release import CURRENT, HELD_BACK
from pipeline.runs.article_build import RenderTask, article_key, render_article, source_folders

from ..conftest import SEED_SLUG, TESTS


def test_an_article_is_staged_as_the_golden_files_and_described(
    project: Path, tmp_path: Path
) -> None:
    found = Project.at(project)
    staging = tmp_path / "staging"
    staging.mkdir()
    rendered = render_article(
        RenderTask(str(found.root), "en", False, SEED_SLUG, str(staging), "s")
    )
    names = {f"{SEED_SLUG}{suffix}" for suffix in (".html", ".md", ".json")}
    assert set(rendered.names) == names == {p.name for p in staging.iterdir()}
    for name in names:
        assert (staging / name).read_bytes() == (TESTS / "golden" / "en" / name).read_bytes()
    assert rendered.key == article_key("s", SEED_SLUG, source_folders(found, "en"))
    assert rendered.entry is not None and rendered.entry.path == f"{SEED_SLUG}.html"
    assert rendered.edition.state == CURRENT and rendered.problems == ()


def test_an_article_held_back_from_a_release_stages_nothing(project: Path, tmp_path: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "3. Epilepsy"', 'msgstr ""'))
    staging = tmp_path / "staging"
    staging.mkdir()
    rendered = render_article(RenderTask(str(project), "en", False, SEED_SLUG, str(staging), "s"))
    assert rendered.names == () and rendered.entry is None
    assert rendered.edition.state == HELD_BACK and list(staging.iterdir()) == []
