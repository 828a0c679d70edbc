"""The workbench's pages: the build's own pages, rendered from warm state, tagged for picking.

A handout in a target language is rendered through the release's own path (its edition
decided by :func:`pipeline.publish.article.decide_article`, ``make_page`` and
``render_outputs``, its image) with each segment's block carrying ``data-seg`` (its place
in the segmenter's order) and ``wb-findings`` where the QA checks found something, and the
Dutch marked where no reviewed translation is; the release build never calls this module,
so never shows either. The panel's data (:func:`segments`, :func:`issue_segments`,
:func:`template_segments`) is one shape for every catalog: an article's, a newsletter
issue's, the templates' strings. Editions are said in the release's words
(``str(edition)``, ``edition.details()``), never decided here.
"""

from __future__ import annotations

import dataclasses
import json
import mimetypes
import re
from collections.abc import Mapping
from typing import Any

from babel.messages.catalog import Catalog, Message
from markupsafe import escape

from pipeline import digests
from pipeline.catalogs.entries import catalog_entries
from pipeline.checks.glossary import Glossary
from pipeline.checks.report import Finding
from pipeline.checks.rules import CHECKS, check_catalog
from pipeline.checks.text import inline
from pipeline.project import SOURCE_LANG, TARGET_LANGS, load_config, shipped_templates
from pipeline.publish import newsletter, pdf
from pipeline.publish.apply import apply_translations
from pipeline.publish.article import decide_article
from pipeline.publish.image import article_image, find_image
from pipeline.publish.index import IndexEntry, build_index
from pipeline.publish.newsletter import translated_issue
from pipeline.publish.review import TEMPLATE, Row, render_review, review_rows
from pipeline.release import (
    CURRENT,
    HELD_BACK,
    OUTDATED,
    Decision,
    Edition,
    Unreviewed,
    count_words,
    issue_published,
)
from pipeline.serve.workspace import NAME, NotFound, Workspace
from pipeline.source.document import Document
from pipeline.source.issues import issue_ids, issue_path, read_issue
from pipeline.source.segments import iter_slots

#: An image's file name as a page links it (no folders, one suffix).
NAME_WITH_SUFFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,199}\.[A-Za-z0-9]{1,5}")
#: Checks whose finding the page shows as the segment's status instead.
_STATUS_CHECKS = frozenset({"untranslated", "fuzzy"})
#: Each check's own ``ignore-…`` flag: what the panel adds when a finding is wrong.
IGNORE_FLAG = {check.name: check.flags[0] for check in CHECKS}

_TOKEN = '<meta name="wb-token" content="{token}">\n'
_HEAD = (
    '<meta name="wb-page" content="{page}">\n'
    '<link rel="stylesheet" href="/_workbench/workbench.css">\n'
    '<script src="/_workbench/workbench.js" defer></script>\n'
)


def inject(html: str, *, token: str | None, page: Mapping[str, str]) -> bytes:
    """``html`` with the workbench's script, style sheet, page facts and write token
    (``None``: none, when the port is shared and a session cookie stands for it)."""
    head = _HEAD.format(page=escape(json.dumps(dict(page))))
    if token is not None:
        head = _TOKEN.format(token=escape(token)) + head
    at = html.find("</head>")
    if at < 0:
        return (head + html).encode()
    return (html[:at] + head + html[at:]).encode()


def entry_findings(
    ws: Workspace, lang: str, catalog: Catalog, shown: str
) -> dict[str, list[Finding]]:
    """The QA findings of ``catalog`` by msgid (as the release's checks find them), but the
    two a page shows as the segment's status (untranslated, fuzzy)."""
    report = check_catalog(
        catalog, path=shown, glossary=ws.glossary(), source_lang=SOURCE_LANG, target_lang=lang
    )
    found: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.check not in _STATUS_CHECKS:
            found.setdefault(finding.msgid, []).append(finding)
    return found


def finding_text(finding: Finding) -> str:
    """A finding as the review sheet and the panel list it."""
    return f"{finding.severity}: {finding.check}: {finding.message}"


def finding_json(finding: Finding) -> dict[str, str | None]:
    """A finding for the panel: its words, and the flag that says it is wrong."""
    return {
        "text": finding_text(finding),
        "severity": finding.severity,
        "check": finding.check,
        "flag": IGNORE_FLAG.get(finding.check),
    }


def findings(ws: Workspace, lang: str, catalog: Catalog, shown: str) -> dict[str, list[str]]:
    """The QA findings of ``catalog`` by msgid, as the review sheet lists them."""
    return {
        msgid: [finding_text(f) for f in found]
        for msgid, found in entry_findings(ws, lang, catalog, shown).items()
    }


def rows(ws: Workspace, lang: str, slug: str, document: Document) -> tuple[list[Row], str, str]:
    """The review rows of an article (document order), its catalog's path and digest."""
    data, catalog = ws.catalog(lang, slug)
    shown = ws.project.display(ws.project.catalog_path(lang, slug))
    digest = digests.digest(data) if data is not None else "-"
    found = kept_findings(ws, lang, catalog, shown, digest)
    as_text = {msgid: [finding_text(f) for f in entries] for msgid, entries in found.items()}
    return review_rows(document, catalog, findings=as_text), shown, digest


def kept_findings(
    ws: Workspace, lang: str, catalog: Catalog, shown: str, digest: str
) -> dict[str, list[Finding]]:
    """:func:`entry_findings` of the catalog as read (``digest``: its bytes'), worked out
    once for those bytes and the glossary as it is (do not change the result)."""
    key = ("findings", lang, shown, digest, ws.glossary_digest())
    return ws.memo(key, lambda: entry_findings(ws, lang, catalog, shown))


def translated(ws: Workspace, lang: str, slug: str) -> tuple[Document, list[Unreviewed]]:
    """The article in ``lang``: reviewed text in place, the Dutch (marked) where none is."""
    document = ws.document(slug)
    return document, _apply(ws, lang, slug, document)


def _apply(ws: Workspace, lang: str, slug: str, document: Document) -> list[Unreviewed]:
    if lang == SOURCE_LANG:
        return []
    _, catalog = ws.catalog(lang, slug)
    shown = ws.project.display(ws.project.catalog_path(lang, slug))
    return apply_translations(
        document, catalog_entries(catalog), catalog_name=shown, mark_lang=SOURCE_LANG
    )


def handout(ws: Workspace, lang: str, slug: str, *, fuzzy: str = "source") -> str:
    """The article's HTML handout through the release's own path (its edition decided,
    :func:`pipeline.publish.render.make_page` and ``render_outputs``, its image); in a
    target language each segment's block tagged, and the Dutch marked where no reviewed
    translation is. ``fuzzy="translation"``: a fuzzy segment shows its unreviewed
    translation instead (the page's script marks it)."""
    env = ws.environment(_lang(lang))
    document = ws.document(slug)
    status = CURRENT
    if lang != SOURCE_LANG:
        found, _, _ = rows(ws, lang, slug, document)
        for index, slot in enumerate(iter_slots(document)):
            if slot.block is not None:
                slot.block.attrSet("data-seg", str(index))
                if found[index].findings:
                    slot.block.attrJoin("class", "wb-findings")
        decision = decision_of(ws, lang, slug, document)
        status = decision.edition.state
        entries = decision.entries
        if fuzzy == "translation":
            entries = {
                msgid: dataclasses.replace(entry, fuzzy=False) if entry.string else entry
                for msgid, entry in entries.items()
            }
        shown = ws.project.display(ws.project.catalog_path(lang, slug))
        problems = apply_translations(document, entries, catalog_name=shown, mark_lang=SOURCE_LANG)
    else:
        problems = []
    image, _ = article_image(ws.project, document)
    return pdf.handout_html(
        env,
        lang,
        document,
        draft=bool(problems),
        status=status,
        image_src=image.published if image is not None else None,
    )


def image(ws: Workspace, name: str) -> tuple[bytes, str]:
    """An article image a page shows (``images/<name>``), found as a build finds it."""
    found = find_image(ws.project, name) if NAME_WITH_SUFFIX.fullmatch(name) else None
    if found is None:
        raise NotFound(f"no image {name!r}")
    ws.inside(found, ws.project.root / "content")
    kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    return found.read_bytes(), kind


def review(ws: Workspace, lang: str, slug: str) -> str:
    """The article's review sheet (Dutch | English, status, findings), as ``make review``."""
    if lang not in TARGET_LANGS:
        raise NotFound(f"no review sheet in {lang!r}")
    document = ws.document(slug)
    found, _, _ = rows(ws, lang, slug, document)
    template_dir = ws.project.templates_dir
    if not (template_dir / TEMPLATE).is_file():  # a project's own templates predating sheets
        template_dir = shipped_templates()
    return render_review(found, document=document, lang=lang, template_dir=template_dir)


def segments(ws: Workspace, lang: str, slug: str) -> dict[str, Any]:
    """What the page's script shows of each segment when picked, in document order."""
    if lang not in TARGET_LANGS:
        raise NotFound(f"no catalog in {lang!r}")
    document = ws.document(slug)
    data, catalog = ws.catalog(lang, slug)
    shown = ws.project.display(ws.project.catalog_path(lang, slug))
    found = kept_findings(ws, lang, catalog, shown, digests.digest(data) if data else "-")
    rows = review_rows(document, catalog, findings={})
    glossary = ws.glossary()
    return {
        "kind": "article",
        "slug": slug,
        "lang": lang,
        "catalog": shown,
        "edition": edition_json(ws, lang, slug),
        "segments": [
            segment_json(
                index,
                row.segment.text,
                kind=row.segment.kind,
                status=row.status,
                message=None if row.segment.verbatim else catalog.get(row.segment.text),
                found=found.get(row.segment.text, []),
                where=f"{shown}:{row.po_line}" if row.po_line else None,
                source=f"{row.segment.source}:{row.segment.line}",
                anchor=row.anchor,
                diff_html=str(row.diff_html) if row.diff_html is not None else None,
                glossary=glossary,
            )
            for index, row in enumerate(rows)
        ],
    }


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
    return decision_of(ws, lang, slug, ws.document(slug)).edition


def decision_of(ws: Workspace, lang: str, slug: str, document: Document) -> Decision:
    """:func:`pipeline.publish.article.decide_article`, worked out once for the bytes of
    the files it reads (the source, the catalog, its approvals record, the glossary)."""
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
    # decide_article reads the document's segments only: the copy kept is not changed.
    return ws.memo(key, lambda: decide_article(project, lang, slug, document)[1])


def issue_segments(ws: Workspace, lang: str, issue_id: str) -> dict[str, Any]:
    """The entries of a newsletter issue's own text (subject, preheader, introduction)."""
    if lang not in TARGET_LANGS or issue_id not in issue_ids(ws.project):
        raise NotFound(f"no newsletter issue {issue_id!r} in {lang!r}")
    path = ws.issue_catalog_path(lang, issue_id)
    ws.inside(issue_path(ws.project, issue_id), ws.project.source_dir / "newsletters")
    issue = read_issue(ws.project, issue_id)
    _, catalog = ws.catalog_at(lang, path)
    shown = ws.project.display(path)
    rows = review_rows(issue.document, catalog, findings={})
    found = entry_findings(ws, lang, catalog, shown)
    glossary = ws.glossary()
    return {
        "kind": "issue",
        "slug": issue_id,
        "lang": lang,
        "catalog": shown,
        "edition": issue_edition(ws, lang, issue_id),
        "segments": [
            segment_json(
                index,
                row.segment.text,
                kind=row.segment.kind,
                status=row.status,
                message=None if row.segment.verbatim else catalog.get(row.segment.text),
                found=found.get(row.segment.text, []),
                where=f"{shown}:{row.po_line}" if row.po_line else None,
                source=f"{row.segment.source}:{row.segment.line}",
                anchor=row.anchor,
                diff_html=str(row.diff_html) if row.diff_html is not None else None,
                glossary=glossary,
            )
            for index, row in enumerate(rows)
        ],
    }


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
    glossary = ws.glossary()
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
    return {
        "kind": "templates",
        "slug": "_templates",
        "lang": lang,
        "catalog": shown,
        "edition": None,
        "segments": entries,
    }


def templates(ws: Workspace, lang: str) -> str:
    """A page listing the templates' strings: each with its translation and where it appears."""
    entries = template_segments(ws, lang)
    rows = []
    for entry in entries["segments"]:
        places = "<br>".join(f"<code>{escape(p)}</code>" for p in entry["places"])
        rows.append(
            f'<tr id="{entry["anchor"]}" class="status-{entry["status"]}">'
            f'<td lang="{SOURCE_LANG}">{escape(entry["msgid"])}</td>'
            f'<td lang="{escape(lang)}">{escape(entry["translation"])}</td>'
            f"<td>{escape(entry['status'])}</td><td>{places}</td></tr>"
        )
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Template strings ({escape(lang)})</title>\n</head>\n<body>\n"
        f'<main class="wb-home">\n<h1>Template strings ({escape(lang)})</h1>\n'
        f"<p><code>{escape(entries['catalog'])}</code>: the words the templates add to every "
        "page, e-mail and PDF. Pick a row to edit it.</p>\n"
        '<table>\n<thead><tr><th scope="col">Dutch</th><th scope="col">Translation</th>'
        '<th scope="col">State</th><th scope="col">Appears in</th></tr></thead>\n'
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>\n</main>\n</body>\n</html>\n"
    )


def home(ws: Workspace) -> str:
    """``/``: every article and issue, with a cell per language that the page's script fills
    with its edition and the words left (:func:`editions`: they take a while to work out
    for a thousand articles, so the page itself comes at once), both languages' indexes,
    and the templates' strings."""
    head = "".join(f'<th scope="col">{lang}</th>' for lang in TARGET_LANGS)
    items = []
    for slug in ws.articles():
        cells = "".join(
            f'<td><span data-edition="{lang}/{slug}">…</span> '
            f'<a href="/{lang}/{slug}.html">page</a> · '
            f'<a href="/review/{lang}/{slug}.html">review</a></td>'
            for lang in TARGET_LANGS
        )
        items.append(
            f'<tr><th scope="row"><a href="/{SOURCE_LANG}/{slug}.html"><code>{escape(slug)}'
            f"</code></a></th>{cells}</tr>"
        )
    for issue_id in issue_ids(ws.project):
        name = escape(issue_id)
        cells = "".join(
            f'<td><span data-edition="{lang}/newsletter/{name}">…</span> '
            f'<a href="/{lang}/newsletter/{name}.html">e-mail</a></td>'
            for lang in TARGET_LANGS
        )
        items.append(
            f'<tr><th scope="row"><a href="/{SOURCE_LANG}/newsletter/{name}.html">'
            f"newsletter <code>{name}</code></a></th>{cells}</tr>"
        )
    indexes = " · ".join(
        f'<a href="/{lang}/index.html">index ({lang})</a>' for lang in (SOURCE_LANG, *TARGET_LANGS)
    )
    strings = " · ".join(
        f'<a href="/_workbench/templates/{lang}.html">template strings ({lang})</a>'
        for lang in TARGET_LANGS
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<title>Workbench</title>\n</head>\n<body>\n<main class="wb-home">\n'
        f"<h1>Workbench: {escape(ws.project.root.name)}</h1>\n<p>{indexes} · {strings}</p>\n"
        "<p>What a release publishes of each (current and outdated: published; held back: "
        "not), as <code>make en</code> decides it, and the words left to translate or "
        "review.</p>\n"
        f'<table>\n<thead><tr><th scope="col">article or issue</th>{head}</tr></thead>\n'
        f"<tbody>\n{chr(10).join(items)}\n</tbody>\n</table>\n</main>\n</body>\n</html>\n"
    )


def editions(ws: Workspace) -> dict[str, dict[str, Any]]:
    """Every article's and issue's edition in each target language, by ``lang/slug`` and
    ``lang/newsletter/id``: its state, the words left, and the release's line about it."""
    found: dict[str, dict[str, Any]] = {}
    for lang in TARGET_LANGS:
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


def index(ws: Workspace, lang: str) -> bytes:
    """The index of ``lang`` as the build makes it (a draft: unreviewed text in Dutch)."""
    lang = _lang(lang)
    articles = []
    for slug in ws.articles():
        document, _ = translated(ws, lang, slug)
        articles.append(IndexEntry.of_article(document))
    return build_index(ws.project, lang, draft=True, articles=articles)["index.html"]


def issue(ws: Workspace, lang: str, issue_id: str) -> bytes:
    """A newsletter issue's e-mail HTML in ``lang`` (a draft)."""
    lang = _lang(lang)
    if not NAME.fullmatch(issue_id) or issue_id not in issue_ids(ws.project):
        raise NotFound(f"no newsletter issue {issue_id!r}")
    folder = ws.project.source_dir / "newsletters"
    ws.inside(issue_path(ws.project, issue_id), folder)
    return newsletter.build_newsletter(ws.project, lang, issue_id, draft=True)[".html"]


def handout_pdf(ws: Workspace, lang: str, slug: str) -> bytes:
    """The article's print handout (a draft), made on request."""
    lang = _lang(lang)
    document, _ = translated(ws, lang, slug)
    config = load_config(ws.project)
    data, _, _ = pdf.render_pdf(
        ws.project, config, ws.environment(lang), lang, document, draft=True
    )
    return data


def _lang(lang: str) -> str:
    if lang != SOURCE_LANG and lang not in TARGET_LANGS:
        raise NotFound(f"no language {lang!r}")
    return lang
