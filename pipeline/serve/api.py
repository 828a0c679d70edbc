"""The workbench's data, as JSON for its panel: each segment of a catalog (an article's, a
newsletter issue's, the templates' strings) with its state and findings, and each article's
and issue's edition in the release's own words (``str(edition)``, ``edition.details()``:
decided by :mod:`pipeline.release`, never here)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.messages.catalog import Catalog, Message

from pipeline import digests
from pipeline.checks.glossary import Glossary
from pipeline.checks.report import Finding
from pipeline.checks.rules import CHECKS, check_catalog
from pipeline.checks.text import inline
from pipeline.publish.article import decide_article
from pipeline.publish.newsletter import translated_issue
from pipeline.publish.review import Row, review_rows
from pipeline.release import (
    CURRENT,
    HELD_BACK,
    OUTDATED,
    Decision,
    Edition,
    count_words,
    issue_published,
)
from pipeline.serve.workspace import NotFound, Workspace
from pipeline.source.document import Document
from pipeline.source.issues import issue_ids, issue_path, read_issue

#: Checks whose finding the page shows as the segment's status instead.
_STATUS_CHECKS = frozenset({"untranslated", "fuzzy"})


#: Each check's own ``ignore-…`` flag: what the panel adds when a finding is wrong.
IGNORE_FLAG = {check.name: check.flags[0] for check in CHECKS}


def entry_findings(
    ws: Workspace, lang: str, catalog: Catalog, shown: str
) -> dict[str, list[Finding]]:
    """The QA findings of ``catalog`` by msgid (as the release's checks find them), but the
    two a page shows as the segment's status (untranslated, fuzzy)."""
    report = check_catalog(
        catalog,
        path=shown,
        glossary=ws.glossary(lang),
        source_lang=ws.project.source_lang,
        target_lang=lang,
    )
    found: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.check not in _STATUS_CHECKS:
            found.setdefault(finding.msgid, []).append(finding)
    return found


def finding_json(finding: Finding) -> dict[str, str | None]:
    """A finding for the panel: its words, and the flag that says it is wrong."""
    return {
        "text": finding.text,
        "severity": finding.severity,
        "check": finding.check,
        "flag": IGNORE_FLAG.get(finding.check),
    }


def rows(ws: Workspace, lang: str, slug: str, document: Document) -> tuple[list[Row], str, str]:
    """The review rows of an article (document order), its catalog's path and digest."""
    data, catalog = ws.catalog(lang, slug)
    shown = ws.project.display(ws.project.catalog_path(lang, slug))
    digest = digests.digest(data) if data is not None else "-"
    found = kept_findings(ws, lang, catalog, shown, digest)
    as_text = {msgid: [f.text for f in entries] for msgid, entries in found.items()}
    return review_rows(document, catalog, findings=as_text), shown, digest


def kept_findings(
    ws: Workspace, lang: str, catalog: Catalog, shown: str, digest: str
) -> dict[str, list[Finding]]:
    """:func:`entry_findings` of the catalog as read (``digest``: its bytes'), worked out
    once for those bytes and the glossary as it is (do not change the result)."""
    key = ("findings", lang, shown, digest, ws.glossary_digest())
    return ws.memo(key, lambda: entry_findings(ws, lang, catalog, shown))


def segments(ws: Workspace, lang: str, slug: str) -> dict[str, Any]:
    """What the page's script shows of each segment when picked, in document order."""
    if lang not in ws.project.languages.targets:
        raise NotFound(f"no catalog in {lang!r}")
    document = ws.document(slug)
    data, catalog = ws.catalog(lang, slug)
    shown = ws.project.display(ws.project.catalog_path(lang, slug))
    found = kept_findings(ws, lang, catalog, shown, digests.digest(data) if data else "-")
    segments = _rows_json(document, catalog, found, shown, ws.glossary(lang))
    return _page_json("article", slug, lang, shown, edition_json(ws, lang, slug), segments)


def segment_json(
    index: int,
    msgid: str,
    *,
    kind: str,
    status: str,
    message: Message | None,
    found: list[Finding],
    where: str | None,
    source: str | None,
    anchor: str,
    diff_html: str | None,
    glossary: Glossary | None,
) -> dict[str, Any]:
    """One entry as the panel shows it: its source, translation, state, findings, place,
    translator comments, the glossary rows its source uses, and the entry as taken."""
    translation = message.string if message is not None and isinstance(message.string, str) else ""
    flags = sorted(f for f in message.flags if f != "fuzzy") if message is not None else []
    terms = glossary.missing(inline(msgid).prose, "") if glossary is not None else []
    return {
        "index": index,
        "msgid": msgid,
        "kind": kind,
        "status": status,
        "translation": msgid if status == "verbatim" else translation,
        "original": {
            "translation": translation,
            "fuzzy": bool(message is not None and message.fuzzy),
            "flags": flags,
        },
        "diff_html": diff_html,
        "findings": [finding_json(f) for f in found],
        "where": where,
        "source": source,
        "anchor": anchor,
        "comments": list(message.user_comments) if message is not None else [],
        "places": [f"{path}:{line}" if line else path for path, line in message.locations]
        if message is not None
        else [],
        "glossary": [
            {
                "source": " | ".join(term.source),
                "target": " | ".join(term.target),
                "note": term.note,
                "found": text,
            }
            for text, term in terms
        ],
    }


def edition_json(ws: Workspace, lang: str, slug: str) -> dict[str, Any]:
    """The article's edition in ``lang`` in the release build's own words."""
    edition = edition_of(ws, lang, slug)
    return {
        "state": edition.state,
        "text": str(edition),
        "details": edition.details(),
        "words_left": edition.words_left,
    }


def edition_of(ws: Workspace, lang: str, slug: str) -> Edition:
    """What a release publishes of the article in ``lang`` (:mod:`pipeline.release`)."""
    return decision_of(ws, lang, slug).edition


def decision_of(ws: Workspace, lang: str, slug: str, document: Document | None = None) -> Decision:
    """:func:`pipeline.publish.article.decide_article`, worked out once for the bytes of
    the files it reads (the source, the catalog, its approvals record, the glossary); the
    source is parsed only when it is worked out and no ``document`` is given."""
    project = ws.project
    key = (
        "decision",
        lang,
        slug,
        ws.digest_of(ws.source_path(slug)),
        ws.digest_of(ws.catalog_path(lang, slug)),
        ws.digest_of(project.approvals_path(lang, slug)),
        ws.glossary_digest(),
    )

    def make() -> Decision:
        # decide_article reads the document's segments only: the copy kept is not changed.
        parsed = document if document is not None else ws.document(slug)
        return decide_article(project, lang, slug, parsed)[1]

    return ws.memo(key, make)


def issue_segments(ws: Workspace, lang: str, issue_id: str) -> dict[str, Any]:
    """The entries of a newsletter issue's own text (subject, preheader, introduction)."""
    if lang not in ws.project.languages.targets or issue_id not in issue_ids(ws.project):
        raise NotFound(f"no newsletter issue {issue_id!r} in {lang!r}")
    path = ws.issue_catalog_path(lang, issue_id)
    ws.inside(issue_path(ws.project, issue_id), ws.project.source_dir / "newsletters")
    issue = read_issue(ws.project, issue_id)
    _, catalog = ws.catalog_at(lang, path)
    shown = ws.project.display(path)
    found = entry_findings(ws, lang, catalog, shown)
    segments = _rows_json(issue.document, catalog, found, shown, ws.glossary(lang))
    return _page_json("issue", issue_id, lang, shown, issue_edition(ws, lang, issue_id), segments)


def issue_edition(ws: Workspace, lang: str, issue_id: str) -> dict[str, Any]:
    """Whether a release publishes the issue (:func:`pipeline.release.issue_published`),
    and what holds it back: its own text, and its articles' editions."""
    issue = read_issue(ws.project, issue_id)
    own = translated_issue(ws.project, lang, issue)
    editions = {slug: edition_of(ws, lang, slug) for slug in issue.articles}
    published = {slug for slug, e in editions.items() if e.state != HELD_BACK}
    details = [f"  {p.where}: {p.reason or p.status}" for p in own]
    details += [f"  {e}" for e in editions.values() if e.state == HELD_BACK]
    if issue_published(own, issue.articles, published):
        state, text = "published", f"newsletters/{issue_id}: published"
    else:
        state = HELD_BACK
        text = (
            f"newsletters/{issue_id}: held back: {len(own)} segment(s) of its own not "
            f"reviewed, {len(issue.articles) - len(published)} article(s) held back"
        )
    words = sum(count_words(p.segment.text) for p in own)
    return {"state": state, "text": text, "details": details, "words_left": words}


def template_segments(ws: Workspace, lang: str) -> dict[str, Any]:
    """The entries of the templates' strings (``_templates.po``), with where each appears."""
    path = ws.templates_catalog_path(lang)
    data, catalog = ws.catalog_at(lang, path)
    if data is None:
        raise NotFound("no catalog of the templates' strings yet (run pipeline update)")
    shown = ws.project.display(path)
    found = entry_findings(ws, lang, catalog, shown)
    glossary = ws.glossary(lang)
    entries = []
    for index, message in enumerate(m for m in catalog if m.id and isinstance(m.id, str)):
        msgid = str(message.id)
        status = "untranslated" if not message.string else "fuzzy" if message.fuzzy else "reviewed"
        entries.append(
            segment_json(
                index,
                msgid,
                kind="template",
                status=status,
                message=message,
                found=found.get(msgid, []),
                where=f"{shown}:{message.lineno}",
                source=None,
                anchor=f"entry-{message.lineno}",
                diff_html=None,
                glossary=glossary,
            )
        )
    return _page_json("templates", "_templates", lang, shown, None, entries)


def editions(ws: Workspace) -> dict[str, dict[str, Any]]:
    """Every article's and issue's edition in each target language, by ``lang/slug`` and
    ``lang/newsletter/id``: its state, the words left, and the release's line about it."""
    found: dict[str, dict[str, Any]] = {}
    for lang in ws.project.languages.targets:
        for slug in ws.articles():
            edition = edition_of(ws, lang, slug)
            found[f"{lang}/{slug}"] = {
                "state": edition.state,
                "words": _state_words(edition.state),
                "words_left": edition.words_left,
                "text": str(edition),
            }
        for issue_id in issue_ids(ws.project):
            state = issue_edition(ws, lang, issue_id)
            found[f"{lang}/newsletter/{issue_id}"] = {
                "state": state["state"],
                "words": _state_words(state["state"]),
                "words_left": state["words_left"],
                "text": state["text"],
            }
    return found


def _state_words(state: str) -> str:
    words = {CURRENT: "current", OUTDATED: "outdated", HELD_BACK: "held back"}
    words["published"] = "published"
    return words.get(state, state)


def _page_json(
    kind: str,
    slug: str,
    lang: str,
    shown: str,
    edition: dict[str, Any] | None,
    segments: list[dict[str, Any]],
) -> dict[str, Any]:
    """What the page's script gets of one catalog (an article's, an issue's or the
    templates'): which it is, as users see it (``shown``), its edition and its entries."""
    return {
        "kind": kind,
        "slug": slug,
        "lang": lang,
        "catalog": shown,
        "edition": edition,
        "segments": segments,
    }


def _rows_json(
    document: Document,
    catalog: Catalog,
    found: Mapping[str, list[Finding]],
    shown: str,
    glossary: Glossary | None,
) -> list[dict[str, Any]]:
    """The panel's data of the review rows of an article or an issue, in document order."""
    rows = review_rows(document, catalog, findings={})
    return [
        segment_json(
            index,
            row.segment.text,
            kind=row.segment.kind,
            status=row.status,
            message=None if row.segment.verbatim else catalog.get(row.segment.text),
            found=list(found.get(row.segment.text, [])),
            where=f"{shown}:{row.po_line}" if row.po_line else None,
            source=f"{row.segment.source}:{row.segment.line}",
            anchor=row.anchor,
            diff_html=str(row.diff_html) if row.diff_html is not None else None,
            glossary=glossary,
        )
        for index, row in enumerate(rows)
    ]
