"""pipeline.runs.editions: what a release publishes per article, on articles made up here.

(tests/runs/test_edition.py builds whole projects; these are the rules alone.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.errors import ReleaseError
from pipeline.project import Project
from pipeline.publish.image import ImageState, image_state
from pipeline.publish.index import IndexEntry
from pipeline.release import CURRENT, HELD_BACK, OUTDATED, Edition, Unreviewed
from pipeline.reports import BuildReport
from pipeline.runs.outcome import gather_problems, images_alike, published_entries
from pipeline.source.segments import Segment


@dataclass(frozen=True, slots=True)
class _Built:
    """One article as a build knows it (the ``Built`` protocol)."""

    #: Its segments a draft shipped in Dutch.
    problems: tuple[Unreviewed, ...] = ()
    #: The templates' strings it used unreviewed.
    ui_missing: tuple[tuple[str, Unreviewed], ...] = ()
    #: Its index entry (``None``: held back).
    entry: IndexEntry | None = None
    #: Its edition.
    edition: Edition = Edition("a", CURRENT, "", 0, 0)
    #: Its warnings.
    warnings: tuple[str, ...] = ()
    #: Its image as it was, if any.
    image: ImageState | None = None


def _problem(text: str, where: str = "content/en/a.po:7") -> Unreviewed:
    return Unreviewed(Segment(text, "paragraph", "content/nl/a.md", 3, False), "fuzzy", where)


def _entry(slug: str) -> IndexEntry:
    return IndexEntry("article", slug, None, f"{slug}.html", "", {})


OUTDATED_A = Edition("a", OUTDATED, "content/en/a.po:7", 1, 2, (_problem("Oud woord"),))
HELD_B = Edition(
    "b", HELD_BACK, "content/en/b.po:5", 1, 1, (_problem("Nieuw", "content/en/b.po:5"),)
)


def _gather(done: dict[str, _Built], *, draft: bool = False, strict: bool = False) -> BuildReport:
    report = BuildReport()
    gather_problems(report, done, sorted(done), "en", draft, strict)
    return report


def test_a_release_publishes_outdated_and_holds_back_without_refusing() -> None:
    done = {"a": _Built(edition=OUTDATED_A, warnings=("w",)), "b": _Built(edition=HELD_B)}
    report = _gather(done)
    assert report.editions == [OUTDATED_A, HELD_B]
    assert report.problems == [] and report.warnings == ["w"]


def test_strict_refuses_every_segment_not_current_at_its_line() -> None:
    done = {"a": _Built(edition=OUTDATED_A), "b": _Built(edition=HELD_B)}
    with pytest.raises(ReleaseError) as info:
        _gather(done, strict=True)
    assert info.value.problems == [
        "content/en/a.po:7: fuzzy: Oud woord",
        "content/en/b.po:5: fuzzy: Nieuw",
    ]
    assert "2 segment(s) not reviewed in en" in info.value.message


def test_the_templates_strings_refuse_a_release_once_each() -> None:
    menu = _problem("Menu", "content/en/_templates.po:3")
    done = {"a": _Built(ui_missing=(("Menu", menu),)), "b": _Built(ui_missing=(("Menu", menu),))}
    with pytest.raises(ReleaseError) as info:
        _gather(done)
    assert info.value.problems == ["content/en/_templates.po:3: fuzzy: Menu"]
    report = _gather(done, draft=True, strict=True)  # a draft refuses nothing
    assert report.problems == [menu]


def test_a_draft_gathers_the_dutch_it_shows() -> None:
    dutch = _problem("Nog Nederlands")
    report = _gather({"a": _Built(problems=(dutch,), edition=OUTDATED_A)}, draft=True)
    assert report.problems == [dutch] and report.editions == [OUTDATED_A]


def test_published_entries_in_slug_order_without_the_held_back() -> None:
    done = {"c": _Built(entry=_entry("c")), "a": _Built(entry=_entry("a")), "b": _Built()}
    assert [e.title for e in published_entries(done, ["a", "b", "c"])] == ["a", "c"]


def test_images_alike_needs_the_same_image(project: Path) -> None:
    p = Project.at(project)
    folder = project / "content" / "images"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"one")
    fresh = {
        "plain": _Built(),
        "pictured": _Built(image=image_state(p, "a.png")),
        "missing": _Built(image=image_state(p, "b.png")),
    }
    assert sorted(images_alike(p, fresh)) == ["missing", "pictured", "plain"]
    (folder / "a.png").write_bytes(b"changed")  # the image is another file now
    (folder / "b.png").write_bytes(b"found")  # the missing one is there now
    assert sorted(images_alike(p, fresh)) == ["plain"]
