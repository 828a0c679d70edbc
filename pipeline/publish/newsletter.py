"""A newsletter issue in one language: translated, with its article cards, as e-mail."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipeline.catalogs.io import read_catalog
from pipeline.errors import PipelineError, ReleaseError
from pipeline.files import atomic_write
from pipeline.lock import exclusive_lock
from pipeline.project import Config, Project, load_config
from pipeline.publish.apply import apply_translations
from pipeline.publish.article import translate_article
from pipeline.publish.image import article_image
from pipeline.publish.mail import ArticleCard, render_email
from pipeline.publish.render import article_lead, inline_text
from pipeline.publish.ui import ui_strings
from pipeline.release import Edition, Entry, Unreviewed, issue_published, refuse_unreviewed
from pipeline.reports import Report
from pipeline.source.issues import Issue, check_subject, issue_ids, read_issue

#: Gmail clips a message whose HTML is larger than this.
MAX_HTML_BYTES = 102 * 1024


def translate_issue(
    issue: Issue, translations: Mapping[str, Entry], *, catalog_name: str, source_lang: str
) -> list[Unreviewed]:
    """Put the issue's reviewed translations in place, as for an article."""
    document = issue.document
    subject = document.meta.get("subject")
    entry = translations.get(subject) if isinstance(subject, str) else None
    problems = apply_translations(
        document, translations, catalog_name=catalog_name, mark_lang=source_lang
    )
    if entry is not None and entry.reviewed:
        check_subject(issue.subject, catalog_name, entry.lineno)
    else:
        check_subject(issue.subject, document.source, document.meta_lines.get("subject"))
    return problems


def translated_issue(project: Project, lang: str, issue: Issue) -> list[Unreviewed]:
    """Put the issue's own translations in place (subject, preheader, introduction), from
    ``content/<lang>/newsletters/<id>.po``; its articles are not read."""
    translations, shown = read_catalog(project, lang, f"newsletters/{issue.id}")
    return translate_issue(issue, translations, catalog_name=shown, source_lang=project.source_lang)


def _load_issue(
    project: Project, lang: str, issue_id: str, *, draft: bool
) -> tuple[Issue, list[ArticleCard], list[Unreviewed], list[Edition]]:
    """The issue as ``draft`` (or a release) shows it, and the editions of its articles a
    release holds back (:func:`pipeline.release.issue_published`).

    A release shows the same cards: it is made only when every article is published,
    and a card shows an article's title, lead and image, which a release publishes.
    """
    project.languages.check(lang)
    config = load_config(project)
    issue = read_issue(project, issue_id)
    problems: list[Unreviewed] = []
    if lang != project.source_lang:
        problems += translated_issue(project, lang, issue)
    cards, waiting = [], []
    for slug in issue.articles:
        article = translate_article(project, lang, slug, draft=draft)
        if not article.published:
            waiting.append(article.edition)
        problems += article.problems
        document = article.document
        image, _ = article_image(project, document)  # a missing one: the build warns
        cards.append(
            ArticleCard(
                slug,
                document.title,
                article_lead(document),
                config.url(lang, f"{slug}.html"),
                document.env,
                config.url(lang, image.published) if image else "",
                inline_text(image.alt, document.env) if image else "",
            )
        )
    return issue, cards, problems, waiting


def refuse_waiting(issue: Issue, lang: str, waiting: list[Edition]) -> None:
    """An issue links to its articles' pages: a release of it waits until each is
    published in ``lang`` (a held-back one is named at its ``file:line``)."""
    if waiting:
        raise ReleaseError(
            f"newsletter {issue.id} not built in {lang}: {len(waiting)} of its article(s)"
            " held back (translate or review them; --draft builds it anyway)",
            [f"{issue.document.source}: {edition}" for edition in waiting],
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
) -> tuple[dict[str, bytes], list[Unreviewed]]:
    config: Config = load_config(project)
    issue, cards, problems, waiting = _load_issue(project, lang, issue_id, draft=draft)
    if not draft:
        refuse_waiting(issue, lang, waiting)
    ui = ui_strings(project, lang)
    outputs = render_email(project, config, lang, issue, cards, ui.gettext, draft=bool(problems))
    if ui.missing and not problems and draft:
        # Only rendering shows which of the templates' strings are missing: once it did,
        # render again with the draft banner.
        outputs = render_email(project, config, lang, issue, cards, ui.gettext, draft=True)
    problems += ui.missing.values()
    if not draft:
        refuse_unreviewed(
            problems, lang, of=f" of newsletter {issue_id}", outcome="the issue was not built"
        )
    size = len(outputs[".html"])
    if size > MAX_HTML_BYTES:
        raise PipelineError(
            f"the {lang} e-mail's HTML is {size // 1024} KB; Gmail clips past"
            f" {MAX_HTML_BYTES // 1024} KB (shorten the issue)",
            filename=issue.document.source,
        )
    return outputs, problems


def published_issues(
    project: Project, lang: str, published: set[str], *, draft: bool
) -> dict[str, bytes]:
    """The e-mail of every issue a release of ``lang`` publishes, by name under
    ``build/<lang>/`` (``newsletter/<id>.html``, ``.txt``, ``.eml``): each issue whose
    own text is reviewed and whose articles are among those ``published`` (slugs; a
    draft: every issue)."""
    outputs: dict[str, bytes] = {}
    for issue_id in issue_ids(project):
        issue = read_issue(project, issue_id)
        own = translated_issue(project, lang, issue) if lang != project.source_lang else []
        if not (draft or issue_published(own, issue.articles, published)):
            continue
        built, _ = _build(project, lang, issue_id, draft=draft)
        outputs.update({f"newsletter/{issue_id}{suffix}": data for suffix, data in built.items()})
    return outputs


def newsletter_dir(project: Project, lang: str) -> Path:
    """Where the issues of ``lang`` are published: ``build/<lang>/newsletter/``."""
    return project.build_dir(lang) / "newsletter"


def write_newsletter(project: Project, lang: str, issue_id: str, *, draft: bool = False) -> Report:
    """Build the issue in ``lang`` and publish ``build/<lang>/newsletter/<id>.{html,txt,eml}``.

    Each file is replaced atomically, and only after all three were built; a release
    that holds the issue back (:class:`ReleaseError`) removes what was published of it.
    """
    with exclusive_lock(project.lock_path):
        target = newsletter_dir(project, lang)
        try:
            outputs, problems = _build(project, lang, issue_id, draft=draft)
        except ReleaseError:
            # held back: an issue built before must not keep linking what is withdrawn
            for suffix in (".html", ".txt", ".eml"):
                (target / f"{issue_id}{suffix}").unlink(missing_ok=True)
            raise
        report = Report(problems=problems)
        for suffix, data in outputs.items():
            atomic_write(target / f"{issue_id}{suffix}", data, durable=False)
            report.written.append(project.display(target / f"{issue_id}{suffix}"))
        return report
