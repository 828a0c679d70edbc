"""One article's catalog brought up to date in a worker: new files staged beside the old."""

from __future__ import annotations

import datetime
from pathlib import Path

from pipeline import po as pofile
from pipeline.project import Project
from pipeline.runs.article_update import Updated, UpdateTask, update_article, update_key
from pipeline.runs.reviewed import reviewed_memory

from ..conftest import SEED_SLUG

DATE = datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC)
SUFFIX = ".update-1-test"
QUESTION = "## Wat is de NMDA-receptor?"


def _task(project: Path) -> UpdateTask:
    return UpdateTask(str(project), "en", SEED_SLUG, DATE, SUFFIX)


def _source(project: Path) -> Path:
    return project / "content" / "nl" / f"{SEED_SLUG}.md"


def _edit(project: Path, old: str, new: str) -> None:
    text = _source(project).read_text(encoding="utf-8")
    assert old in text
    _source(project).write_text(text.replace(old, new, 1), encoding="utf-8")


def _content(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


def test_an_article_up_to_date_stages_nothing(project: Path) -> None:
    before = _content(project)
    result = update_article(_task(project))
    key = update_key(Project.at(project), "en", SEED_SLUG)
    assert result == Updated(SEED_SLUG, key)
    assert _content(project) == before


def test_new_files_are_staged_beside_the_old_ones(project: Path) -> None:
    _edit(project, QUESTION, "## Wat is een NMDA-receptor?")
    before = _content(project)
    result = update_article(_task(project))
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    pot = project / "content" / "pot" / f"{SEED_SLUG}.pot"
    staged_po, staged_pot = (
        po.with_name(f".{po.name}{SUFFIX}"),
        pot.with_name(f".{pot.name}{SUFFIX}"),
    )
    assert (result.po, result.pot) == (str(staged_po), str(staged_pot))
    assert not result.untranslated and not result.needs_memory
    after = _content(project)
    assert {name: after[name] for name in before} == before  # the old files as they were
    staged = pofile.parse_po(staged_po.read_bytes(), filename="staged.po")
    changed = staged.get("Wat is een NMDA-receptor?")
    assert (
        changed is not None
        and changed.fuzzy
        and changed.previous_id == ["Wat is de NMDA-receptor?"]
    )
    assert b'msgid "Wat is een NMDA-receptor?"' in staged_pot.read_bytes()


def test_an_untranslated_entry_needs_the_memory(project: Path) -> None:
    _edit(project, QUESTION, "Een geheel nieuwe alinea over iets anders.\n\n" + QUESTION)
    before = _content(project)
    result = update_article(_task(project))
    assert result.needs_memory and (result.po, result.pot) == (None, None)
    assert _content(project) == before  # nothing staged: the caller comes back with a memory
    memory = reviewed_memory(Project.at(project), "en", [SEED_SLUG])
    filled = update_article(_task(project), memory)
    assert not filled.needs_memory and filled.untranslated  # nothing like it to fill from
    assert filled.po is not None and Path(filled.po).is_file()


def test_the_memory_fills_a_new_entry_like_a_reviewed_one(project: Path) -> None:
    _edit(project, QUESTION, "Wat is de NMDA-receptor precies?\n\n" + QUESTION)
    memory = reviewed_memory(Project.at(project), "en", [SEED_SLUG])
    result = update_article(_task(project), memory)
    assert result.po is not None and not result.untranslated
    staged = pofile.parse_po(Path(result.po).read_bytes(), filename="staged.po")
    filled = staged.get("Wat is de NMDA-receptor precies?")
    assert filled is not None and filled.fuzzy and filled.string == "What is the NMDA receptor?"


def test_the_key_changes_with_the_source(project: Path) -> None:
    root = Project.at(project)
    key = update_key(root, "en", SEED_SLUG)
    assert update_key(root, "en", SEED_SLUG) == key
    _edit(project, QUESTION, "## Wat is een NMDA-receptor?")
    assert update_key(root, "en", SEED_SLUG) != key
