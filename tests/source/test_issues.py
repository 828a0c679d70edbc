"""Newsletter issues as sources: their ids and paths, and front matter refused at file:line."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from pipeline.errors import PipelineError, SourceError
from pipeline.project import Project
from pipeline.source.issues import (
    check_subject,
    issue_catalog_path,
    issue_ids,
    issue_path,
    read_issue,
)

from ..conftest import SEED_SLUG

SHOWN = "content/nl/newsletters/2020-01.md"
GOOD = f"""---
date: 2020-01-15
subject: Nieuw jaar
preheader: Wat er komt.
articles:
- {SEED_SLUG}
---

Beste lezer,
"""


def _write(project: Path, text: str, issue_id: str = "2020-01") -> Project:
    (project / "content" / "nl" / "newsletters" / f"{issue_id}.md").write_text(
        text, encoding="utf-8"
    )
    return Project.at(project)


def _refused(project: Path, text: str) -> PipelineError:
    with pytest.raises(PipelineError) as caught:
        read_issue(_write(project, text), "2020-01")
    return caught.value


def test_issue_ids_are_the_sources_sorted(project: Path) -> None:
    _write(project, GOOD, "2020-01")
    _write(project, GOOD, "2019-12")
    assert issue_ids(Project.at(project)) == ["2019-10", "2019-12", "2020-01"]


def test_issue_ids_of_a_project_without_newsletters(tmp_path: Path) -> None:
    (tmp_path / "content" / "nl").mkdir(parents=True)
    assert issue_ids(Project.at(tmp_path)) == []


def test_paths_of_an_issue(project: Path) -> None:
    root = Project.at(project)
    assert issue_path(root, "2019-10") == project / "content/nl/newsletters/2019-10.md"
    catalog = issue_catalog_path(root, "en", "2019-10")
    assert catalog == project / "content/en/newsletters/2019-10.po"


@pytest.mark.parametrize("bad", ["", "../etc", "a/b", ".hidden", "-x", "2019 10", "é"])
def test_a_bad_issue_id_is_refused(project: Path, bad: str) -> None:
    with pytest.raises(PipelineError, match="not an issue id"):
        issue_path(Project.at(project), bad)


def test_read_issue_reads_the_front_matter(project: Path) -> None:
    issue = read_issue(_write(project, GOOD), "2020-01")
    assert issue.id == "2020-01"
    assert issue.date == datetime.date(2020, 1, 15)
    assert issue.articles == (SEED_SLUG,)
    assert (issue.subject, issue.preheader) == ("Nieuw jaar", "Wat er komt.")
    assert issue.document.source == SHOWN


def test_the_preheader_may_be_left_out(project: Path) -> None:
    issue = read_issue(_write(project, GOOD.replace("preheader: Wat er komt.\n", "")), "2020-01")
    assert issue.preheader == ""


def test_a_missing_issue_names_its_file(project: Path) -> None:
    with pytest.raises(PipelineError) as caught:
        read_issue(Project.at(project), "2031-01")
    assert str(caught.value) == "content/nl/newsletters/2031-01.md: no newsletter issue '2031-01'"


def test_a_missing_date_is_refused_at_the_top(project: Path) -> None:
    error = _refused(project, GOOD.replace("date: 2020-01-15\n", ""))
    assert isinstance(error, SourceError)
    assert str(error) == f"{SHOWN}:1: an issue needs a 'date' (YYYY-MM-DD)"


def test_a_date_that_is_text_is_refused_at_its_line(project: Path) -> None:
    error = _refused(project, GOOD.replace("date: 2020-01-15", "date: binnenkort"))
    assert (error.filename, error.lineno) == (SHOWN, 2)


def test_a_missing_subject_is_refused(project: Path) -> None:
    error = _refused(project, GOOD.replace("subject: Nieuw jaar\n", ""))
    assert str(error) == f"{SHOWN}:1: an issue needs a 'subject'"
    blank = _refused(project, GOOD.replace("subject: Nieuw jaar", "subject: '  '"))
    assert blank.message == "an issue needs a 'subject'"


def test_a_subject_that_is_not_text_is_refused_at_its_line(project: Path) -> None:
    error = _refused(project, GOOD.replace("subject: Nieuw jaar", "subject: [a, b]"))
    assert str(error) == f"{SHOWN}:3: front matter 'subject' must be text"


@pytest.mark.parametrize("brk", ["\\n", "\\r", "\\u2028", "\\x85"])
def test_a_subject_with_a_line_break_is_refused_at_its_line(project: Path, brk: str) -> None:
    error = _refused(project, GOOD.replace("subject: Nieuw jaar", f'subject: "Nieuw{brk}jaar"'))
    assert (error.filename, error.lineno) == (SHOWN, 3)
    assert error.message.startswith("the subject has a line break: ")


def test_check_subject_passes_a_subject_on_one_line() -> None:
    check_subject("Magnesium en de hersenen: zeven toepassingen", "x.md", 3)
    with pytest.raises(PipelineError) as caught:
        check_subject("Bcc: iedereen\nSubject: x", "x.md", 3)
    assert str(caught.value).startswith("x.md:3: the subject has a line break")


def test_an_unknown_article_slug_is_refused_at_the_articles_line(project: Path) -> None:
    error = _refused(project, GOOD.replace(f"- {SEED_SLUG}", f"- {SEED_SLUG}\n- bestaat-niet"))
    assert str(error) == f"{SHOWN}:5: no article 'bestaat-niet' in content/nl/"


@pytest.mark.parametrize("articles", ["articles: []", f"articles: {SEED_SLUG}", "articles: [1]"])
def test_articles_must_be_a_list_of_slugs(project: Path, articles: str) -> None:
    error = _refused(project, GOOD.replace(f"articles:\n- {SEED_SLUG}", articles))
    assert str(error) == f"{SHOWN}:5: 'articles' must be a list of article slugs"
