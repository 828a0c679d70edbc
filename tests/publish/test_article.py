"""pipeline.publish.edition: an article in one language as a release or a draft publishes it."""

from __future__ import annotations

from pathlib import Path

from pipeline.project import Project
from pipeline.publish.article import translate_article
from pipeline.release import CURRENT, HELD_BACK, OUTDATED
from pipeline.source.segments import segments

from ..conftest import SEED_SLUG

DUTCH = "Wat is de NMDA-receptor?"
ENGLISH = "What is the NMDA receptor?"
EDITED = "Wat is de NMDA-receptor precies?"


def _texts(project: Path, lang: str, *, draft: bool) -> list[str]:
    translated = translate_article(Project.at(project), lang, SEED_SLUG, draft=draft)
    return [s.text for s in segments(translated.document)]


def _po(project: Path) -> Path:
    return project / "content" / "en" / f"{SEED_SLUG}.po"


def _edit(project: Path, old: str, new: str) -> None:
    po = _po(project)
    po.write_text(po.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_the_source_language_is_current_as_written(project: Path) -> None:
    nl = translate_article(Project.at(project), "nl", SEED_SLUG, draft=False)
    assert (nl.edition.state, nl.problems, nl.published) == (CURRENT, (), True)
    assert DUTCH in [s.text for s in segments(nl.document)]


def test_everything_reviewed_is_current_and_in_english(project: Path) -> None:
    en = translate_article(Project.at(project), "en", SEED_SLUG, draft=False)
    assert en.edition.state == CURRENT and en.published and en.problems == ()
    texts = [s.text for s in segments(en.document)]
    assert ENGLISH in texts and DUTCH not in texts


def test_a_fuzzy_segment_holds_a_release_back_and_a_draft_shows_the_dutch(project: Path) -> None:
    _edit(project, f'msgid "{DUTCH}"', f'#, fuzzy\nmsgid "{DUTCH}"')
    release = translate_article(Project.at(project), "en", SEED_SLUG, draft=False)
    assert release.edition.state == HELD_BACK and not release.published
    assert release.problems == ()  # held back: not translated at all
    assert ENGLISH not in _texts(project, "en", draft=False)
    draft = translate_article(Project.at(project), "en", SEED_SLUG, draft=True)
    (problem,) = draft.problems
    assert (problem.status, problem.segment.text) == ("fuzzy", DUTCH)
    texts = _texts(project, "en", draft=True)
    assert DUTCH in texts and ENGLISH not in texts
    assert texts[0] == "Magnesium for the brain: 7 applications"  # the rest in English


def test_an_outdated_article_publishes_the_last_reviewed_english(project: Path) -> None:
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(DUTCH, EDITED), "utf-8")
    # as another tool merges it: fuzzy, without `#|`; the approvals record is committed
    _edit(project, f'msgid "{DUTCH}"', f'#, fuzzy\nmsgid "{EDITED}"')
    release = translate_article(Project.at(project), "en", SEED_SLUG, draft=False)
    assert release.edition.state == OUTDATED and release.published
    assert release.edition.stand_ins == ((EDITED, ENGLISH),)
    assert ENGLISH in _texts(project, "en", draft=False)
    # Without the record the English is nobody's: held back.
    (project / "content" / "en" / "reviewed" / f"{SEED_SLUG}.tsv").unlink()
    alone = translate_article(Project.at(project), "en", SEED_SLUG, draft=False)
    assert alone.edition.state == HELD_BACK
    # A draft shows no stand-in: the edited Dutch, marked.
    draft = translate_article(Project.at(project), "en", SEED_SLUG, draft=True)
    assert [p.segment.text for p in draft.problems] == [EDITED]
