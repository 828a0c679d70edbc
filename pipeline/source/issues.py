"""Newsletter issues as sources: ``content/nl/newsletters/<id>.md``, its front matter checked."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError, SourceError
from pipeline.project import Project
from pipeline.source.document import Document
from pipeline.source.load import read_source

#: Front-matter keys of an issue that are translated besides the articles' ones.
ISSUE_META = ("subject", "preheader")


#: Characters that would end a header line (or look like one) in a subject.
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Issue:
    """One newsletter issue, parsed (and translated, once :func:`translate_issue` ran)."""

    #: The issue's id: its file name without ``.md``, e.g. ``2019-10``.
    id: str
    #: The source: front matter and the introduction's token tree.
    document: Document
    #: The date the issue goes out.
    date: datetime.date
    #: The slugs of the articles it carries, in order.
    articles: tuple[str, ...]

    @property
    def subject(self) -> str:
        """The subject line (translated once the issue is)."""
        return str(self.document.meta["subject"])

    @property
    def preheader(self) -> str:
        """The preview text mail clients show after the subject (may be empty)."""
        return str(self.document.meta.get("preheader") or "")


def issue_path(project: Project, issue_id: str) -> Path:
    """The Dutch source of an issue: ``content/nl/newsletters/<id>.md``."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", issue_id):
        raise PipelineError(f"not an issue id: {issue_id!r} (letters, digits, '.', '-', '_')")
    return project.source_dir / "newsletters" / f"{issue_id}.md"


def issue_catalog_path(project: Project, lang: str, issue_id: str) -> Path:
    """The catalog of an issue: ``content/<lang>/newsletters/<id>.po``."""
    return project.catalog_dir(lang) / "newsletters" / f"{issue_id}.po"


def issue_ids(project: Project) -> list[str]:
    """Every issue of the project, sorted by id."""
    return sorted(p.stem for p in (project.source_dir / "newsletters").glob("*.md"))


def read_issue(project: Project, issue_id: str) -> Issue:
    """Read an issue's source, checking its front matter against the project."""
    path = issue_path(project, issue_id)
    if not path.is_file():
        raise PipelineError(f"no newsletter issue {issue_id!r}", filename=project.display(path))
    document = read_source(project, path)
    meta, lines, shown = document.meta, document.meta_lines, document.source
    if not isinstance(document.date, datetime.date):
        raise SourceError(
            "an issue needs a 'date' (YYYY-MM-DD)", filename=shown, lineno=lines.get("date", 1)
        )
    for key in ISSUE_META:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise SourceError(
                f"front matter {key!r} must be text", filename=shown, lineno=lines.get(key)
            )
    if not str(meta.get("subject") or "").strip():
        raise SourceError("an issue needs a 'subject'", filename=shown, lineno=1)
    check_subject(str(meta["subject"]), shown, lines.get("subject"))
    slugs = meta.get("articles", [])
    if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs) or not slugs:
        raise SourceError(
            "'articles' must be a list of article slugs",
            filename=shown,
            lineno=lines.get("articles", 1),
        )
    known = {p.stem for p in project.articles()}
    for slug in slugs:
        if slug not in known:
            raise SourceError(
                f"no article {slug!r} in {project.display(project.source_dir)}/",
                filename=shown,
                lineno=lines.get("articles"),
            )
    return Issue(issue_id, document, document.date, tuple(slugs))


def check_subject(subject: str, filename: str, lineno: int | None) -> None:
    """A line break in a subject would start a new header: refuse it, do not fold it."""
    if _LINE_BREAKS.search(subject):
        raise PipelineError(
            f"the subject has a line break: {subject!r}", filename=filename, lineno=lineno
        )
