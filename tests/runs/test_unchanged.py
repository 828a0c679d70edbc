"""``pipeline all`` with nothing changed: said again from the files' stats, or run again."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import cache
from pipeline.cli.commands import main
from pipeline.project import Project
from pipeline.runs import unchanged

from ..conftest import SEED_SLUG


def _all(project: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), "all"])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def stages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs of ``all`` that went through the stages."""
    begun: list[int] = []
    real = unchanged.begin

    def counted(project: Project) -> unchanged.Begun:
        begun.append(1)
        return real(project)

    monkeypatch.setattr(unchanged, "begin", counted)
    return begun


def _store(project: Path) -> Path:
    return cache.SNAPSHOT.at(project).path


def test_nothing_changed_says_at_once_what_the_stages_would_say(
    project: Path, stages: list[int]
) -> None:
    code, *_ = _all(project)
    assert code == 0 and stages == [1]
    assert _store(project).is_file()
    quick = _all(project)
    assert stages == [1]  # no stage ran
    _store(project).unlink()
    slow = _all(project)  # the stages, finding nothing to do
    assert stages == [1, 1]
    assert quick == slow
    assert quick[0] == 0 and "0 written" in quick[1] and "built " in quick[1]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


SOURCE = f"content/nl/{SEED_SLUG}.md"
CATALOG = f"content/en/{SEED_SLUG}.po"

CHANGES: dict[str, Callable[[Path], None]] = {
    "a source edited": lambda p: _edit(p / SOURCE, "magnesium", "Magnesium"),
    "a translation edited": lambda p: _edit(p / CATALOG, 'msgstr "', 'msgstr "The '),
    "a template edited": lambda p: _edit(p / "templates" / "handout.html.j2", "<", "<!-- -->\n<"),
    "the settings added": lambda p: (p / "pipeline.toml").write_text("[site]\n", encoding="utf-8"),
    "an article added": lambda p: shutil.copy(p / SOURCE, p / "content" / "nl" / "nieuw.md"),
    "an image added": lambda p: (p / "content" / "nl" / "beeld.jpg").write_bytes(b"\xff\xd8"),
    "a handout removed": lambda p: (p / "build" / "en" / f"{SEED_SLUG}.html").unlink(),
    "a handout changed": lambda p: _edit(p / "build" / "nl" / f"{SEED_SLUG}.md", "#", "##"),
    "the approvals record removed": lambda p: (
        p / "content" / "en" / "reviewed" / f"{SEED_SLUG}.tsv"
    ).unlink(),
    "an image in a linked folder changed": lambda p: _edit(
        p / "content" / "images" / "elders" / "noot.txt", "een", "twee"
    ),
}


@pytest.fixture
def project(project: Path) -> Path:
    """The shipped project, its image folder a link to a folder elsewhere."""
    elsewhere = project.parent / "elders"
    elsewhere.mkdir()
    (elsewhere / "noot.txt").write_text("een\n", encoding="utf-8")
    (project / "content" / "images").mkdir(exist_ok=True)
    (project / "content" / "images" / "elders").symlink_to(elsewhere)
    return project


@pytest.mark.parametrize("change", CHANGES.values(), ids=list(CHANGES))
def test_any_change_runs_the_stages(
    project: Path, stages: list[int], change: Callable[[Path], None]
) -> None:
    assert _all(project)[0] == 0
    change(project)
    _all(project)
    assert stages == [1, 1]
    assert (project / "build" / "en" / f"{SEED_SLUG}.html").is_file()  # put right


def test_an_input_racily_clean_is_compared_by_its_bytes(project: Path, stages: list[int]) -> None:
    """A file changed just before the run could change again within one tick of the
    clock with the same stat: its bytes as the run read them are kept and compared."""
    assert _all(project)[0] == 0
    saved = cache.SNAPSHOT.at(project).load(unchanged._KEY)
    racy = saved[1]
    assert str(project / SOURCE) in racy  # the project was made a moment ago
    racy[str(project / SOURCE)] = "another file's digest"
    cache.SNAPSHOT.at(project).save(unchanged._KEY, saved)
    _all(project)
    assert stages == [1, 1]


def test_a_run_whose_inputs_changed_while_it_ran_keeps_no_snapshot(project: Path) -> None:
    found = Project.at(project)
    assert _all(project)[0] == 0
    begun = unchanged.begin(found)
    assert not _store(project).exists()  # a run that fails half-way leaves none
    _edit(project / CATALOG, 'msgstr "', 'msgstr "The ')  # by an editor, as it ran
    assert not unchanged.record(found, begun, [(False, "done")])
    assert unchanged.unchanged(found) is None


def test_a_failed_run_and_an_update_that_wrote_keep_none(project: Path, stages: list[int]) -> None:
    _edit(project / CATALOG, 'msgstr "3. Epilepsy"', 'msgstr "3. Epilepsy')
    assert _all(project)[0] == 1  # a catalog half saved: the update refuses it
    assert not _store(project).exists()
    _edit(project / CATALOG, 'msgstr "3. Epilepsy', 'msgstr "3. Epilepsy"')
    _edit(project / SOURCE, "magnesium", "Magnesium")  # the update writes the catalog
    code, out, _ = _all(project)
    assert code == 0 and "0 written" not in out
    assert not _store(project).exists()  # what it read is not what is there now
    assert _all(project)[0] == 0  # the stages, finding nothing to do: kept now
    assert _store(project).exists()
    _all(project)
    assert stages == [1, 1, 1]


def test_what_other_commands_publish_beside_it_changes_nothing(
    project: Path, stages: list[int]
) -> None:
    """``make all`` runs ``pipeline pdf`` and ``pipeline newsletter`` after ``pipeline all``:
    their files, made again each time, are not ``all``'s."""
    assert _all(project)[0] == 0
    (project / "build" / "en" / f"{SEED_SLUG}.pdf").write_bytes(b"%PDF-1.7")
    (project / "build" / "nl" / "newsletter").mkdir(exist_ok=True)
    (project / "build" / "nl" / "newsletter" / "2019-10.html").write_text("<p></p>\n")
    assert _all(project)[0] == 0
    assert stages == [1]
    (project / "build" / "en" / "zwerver.html").write_text("<p></p>\n")  # a stray handout
    _all(project)
    assert stages == [1, 1]
    assert not (project / "build" / "en" / "zwerver.html").exists()


def test_libraries_installed_a_moment_ago_are_a_folder_to_stat(
    project: Path, stages: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh virtualenv's site-packages changed a moment before the run: a folder, whose
    stat is kept (not its bytes, which it has none of); installing into it is a change."""
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.setattr(unchanged, "_library_folders", lambda: [str(site)])
    assert _all(project)[0] == 0
    assert _all(project)[0] == 0
    assert stages == [1]
    (site / "another-1.0.dist-info").mkdir()
    assert _all(project)[0] == 0
    assert stages == [1, 1]
