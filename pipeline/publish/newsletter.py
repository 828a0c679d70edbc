"""Newsletter issues: their source, their catalog, and their e-mail in one language."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog

from pipeline import po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.io import Entry, entries
from pipeline.errors import PipelineError, ReleaseError, SourceError
from pipeline.files import atomic_write, exclusive_lock
from pipeline.project import SOURCE_LANG, Config, Project, check_lang, load_config
from pipeline.publish.apply import apply_translations
from pipeline.publish.ui import ui_strings
from pipeline.reports import Problem, Report
from pipeline.source.document import Document
from pipeline.source.read import read_source
from pipeline.source.segments import Slot, iter_slots

#: Front-matter keys of an issue that are translated besides the articles' ones.
ISSUE_META = ("subject", "preheader")
#: Gmail clips a message whose HTML is larger than this.
MAX_HTML_BYTES = 102 * 1024
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


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """What an issue shows of one article: title, lead and where to read on."""

    #: The article's slug.
    slug: str
    #: The (translated) title as inline Markdown.
    title: str
    #: The lead as inline Markdown, or empty when the article has none.
    lead: str
    #: The article page's absolute URL.
    url: str
    #: markdown-it's environment of the article (its link references).
    env: dict[str, Any]


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
    _check_subject(str(meta["subject"]), shown, lines.get("subject"))
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


def _check_subject(subject: str, filename: str, lineno: int | None) -> None:
    """A line break in a subject would start a new header: refuse it, do not fold it."""
    if _LINE_BREAKS.search(subject):
        raise PipelineError(
            f"the subject has a line break: {subject!r}", filename=filename, lineno=lineno
        )


def iter_issue_slots(document: Document) -> Iterator[Slot]:
    """The one segmenter over an issue: subject and preheader are front-matter segments."""
    return iter_slots(document)


def issue_template(project: Project, issue_id: str, *, date: datetime.datetime) -> Catalog:
    """The POT of an issue, as ``extract`` makes one for an article."""
    issue = read_issue(project, issue_id)
    found = [slot.segment for slot in iter_issue_slots(issue.document)]
    return catalogs.segments_template(f"newsletters/{issue_id}", found, date=date)


def issue_catalogs(project: Project, lang: str) -> dict[Path, Catalog]:
    """Every issue's catalog in ``lang`` merged with its segments, by path (nothing written).

    Every existing catalog is read (strictly) before any is returned, so a caller
    that writes them writes none when one is malformed.
    """
    check_lang(lang, targets_only=True)
    date = catalogs.creation_date()
    templates = {i: issue_template(project, i, date=date) for i in issue_ids(project)}
    old: dict[str, Catalog | None] = {}
    for issue_id in templates:
        path = issue_catalog_path(project, lang, issue_id)
        shown = project.display(path)
        old[issue_id] = po.read_po(path, display_name=shown) if path.exists() else None
    return {
        issue_catalog_path(project, lang, issue_id): catalogs.merge(
            template, old[issue_id], lang=lang, plain=True
        )
        for issue_id, template in templates.items()
    }


def update_issue_catalogs(project: Project, lang: str) -> Report:
    """Write every issue's catalog in ``lang`` that changed (under the project lock)."""
    from pipeline.catalogs.io import write_catalog  # the "only the date changed" rule is build's

    with exclusive_lock(project.lock_path):
        report = Report()
        for path, catalog in issue_catalogs(project, lang).items():
            write_catalog(path, catalog, report, project)
        return report


def read_translations(project: Project, path: Path) -> tuple[dict[str, Entry], str]:
    """A catalog's entries and its name as users see it (no entries if it does not exist)."""
    shown = project.display(path)
    if not path.exists():
        return {}, shown
    return entries(po.read_po(path, display_name=shown)), shown


def translate_issue(
    issue: Issue, translations: Mapping[str, Entry], *, catalog_name: str
) -> list[Problem]:
    """Put the issue's reviewed translations in place, as for an article."""
    document = issue.document
    subject = document.meta.get("subject")
    entry = translations.get(subject) if isinstance(subject, str) else None
    problems = apply_translations(
        document, translations, catalog_name=catalog_name, mark_lang=SOURCE_LANG
    )
    if entry is not None and entry.string and not entry.fuzzy:
        _check_subject(issue.subject, catalog_name, entry.lineno)
    else:
        _check_subject(issue.subject, document.source, document.meta_lines.get("subject"))
    return problems


def load_article(project: Project, lang: str, slug: str) -> tuple[Document, list[Problem]]:
    """An article in ``lang``: its source with the reviewed translations put in."""
    document = read_source(project, project.source_dir / f"{slug}.md")
    if lang == SOURCE_LANG:
        return document, []
    translations, shown = read_translations(project, project.catalog_path(lang, slug))
    return document, apply_translations(
        document, translations, catalog_name=shown, mark_lang=SOURCE_LANG
    )


def article_lead(document: Document) -> str:
    """The lead: front matter ``lead`` or ``description``, else the first paragraph before
    any heading (inline Markdown), else empty."""
    for key in ("lead", "description"):
        value = document.meta.get(key)
        if isinstance(value, str) and value.strip():
            return value
    tokens = document.tokens
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            return ""
        if token.type == "paragraph_open" and token.level == 0:
            return tokens[i + 1].content
    return ""


def load_issue(
    project: Project, lang: str, issue_id: str, *, draft: bool = False
) -> tuple[Issue, list[ArticleCard], list[Problem]]:
    """An issue and its article cards in ``lang``; unreviewed text refused unless ``draft``."""
    check_lang(lang)
    config = load_config(project)
    issue = read_issue(project, issue_id)
    problems: list[Problem] = []
    if lang != SOURCE_LANG:
        translations, shown = read_translations(
            project, issue_catalog_path(project, lang, issue_id)
        )
        problems += translate_issue(issue, translations, catalog_name=shown)
    cards = []
    for slug in issue.articles:
        document, found = load_article(project, lang, slug)
        problems += found
        cards.append(
            ArticleCard(
                slug,
                document.title,
                article_lead(document),
                config.url(lang, f"{slug}.html"),
                document.env,
            )
        )
    if problems and not draft:
        _refuse(lang, issue_id, problems)
    return issue, cards, problems


def _refuse(lang: str, issue_id: str, problems: list[Problem]) -> None:
    raise ReleaseError(
        f"{len(problems)} segment(s) of newsletter {issue_id} not reviewed in {lang};"
        " nothing was built (translate them, remove 'fuzzy', or build with --draft)",
        [str(p) for p in problems],
    )


def build_newsletter(
    project: Project, lang: str, issue_id: str, *, draft: bool = False
) -> dict[str, bytes]:
    """The issue's e-mail in ``lang``: ``{".html": …, ".txt": …, ".eml": …}``.

    A release build refuses unreviewed text (:class:`ReleaseError`), as ``build`` does.
    """
    return _build(project, lang, issue_id, draft=draft)[0]


def _build(
    project: Project, lang: str, issue_id: str, *, draft: bool
) -> tuple[dict[str, bytes], list[Problem]]:
    from pipeline.publish.mail import render_email

    config: Config = load_config(project)
    issue, cards, problems = load_issue(project, lang, issue_id, draft=True)
    ui = ui_strings(project, lang)
    outputs = render_email(project, config, lang, issue, cards, ui.gettext, draft=bool(problems))
    if ui.missing and not problems and draft:
        # Only rendering shows which of the templates' strings are missing: once it did,
        # render again with the draft banner.
        outputs = render_email(project, config, lang, issue, cards, ui.gettext, draft=True)
    problems += ui.missing.values()
    if problems and not draft:
        _refuse(lang, issue_id, problems)
    size = len(outputs[".html"])
    if size > MAX_HTML_BYTES:
        raise PipelineError(
            f"the {lang} e-mail's HTML is {size // 1024} KB; Gmail clips past"
            f" {MAX_HTML_BYTES // 1024} KB (shorten the issue)",
            filename=issue.document.source,
        )
    return outputs, problems


def newsletter_dir(project: Project, lang: str) -> Path:
    """Where the issues of ``lang`` are published: ``build/<lang>/newsletter/``."""
    return project.build_dir(lang) / "newsletter"


def write_newsletter(project: Project, lang: str, issue_id: str, *, draft: bool = False) -> Report:
    """Build the issue in ``lang`` and publish ``build/<lang>/newsletter/<id>.{html,txt,eml}``.

    Each file is replaced atomically, and only after all three were built.
    """
    with exclusive_lock(project.lock_path):
        outputs, problems = _build(project, lang, issue_id, draft=draft)
        target = newsletter_dir(project, lang)
        report = Report(problems=problems)
        for suffix, data in outputs.items():
            atomic_write(target / f"{issue_id}{suffix}", data)
            report.written.append(project.display(target / f"{issue_id}{suffix}"))
        return report
