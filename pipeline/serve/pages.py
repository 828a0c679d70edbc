"""The workbench's pages: the build's own pages, rendered from warm state, tagged for picking.

A handout in a target language is rendered through the release's own path (its edition
decided by :func:`pipeline.publish.article.decide_article`, ``make_page`` and
``render_outputs``, its image) with each segment's block carrying ``data-seg`` (its place
in the segmenter's order) and ``wb-findings`` where the QA checks found something, and the
Dutch marked where no reviewed translation is; the release build never calls this module,
so never shows either. The panel's data (:mod:`pipeline.serve.api`: ``segments``,
``issue_segments``, ``template_segments``) is one shape for every catalog: an article's, a
newsletter issue's, the templates' strings. Editions are said in the release's words
(``str(edition)``, ``edition.details()``), never decided here.
"""

from __future__ import annotations

import dataclasses
import json
import mimetypes
import re
from collections.abc import Mapping

from markupsafe import escape

from pipeline.catalogs.entries import catalog_entries
from pipeline.project import load_config, shipped_templates
from pipeline.publish import newsletter, pdf
from pipeline.publish.apply import apply_translations
from pipeline.publish.image import article_image, find_image
from pipeline.publish.index import IndexEntry, build_index
from pipeline.publish.review import TEMPLATE, render_review
from pipeline.release import (
    CURRENT,
    Unreviewed,
)
from pipeline.serve.api import decision_of, rows, template_segments
from pipeline.serve.workspace import NAME, NotFound, Workspace
from pipeline.source.document import Document
from pipeline.source.issues import issue_ids, issue_path
from pipeline.source.segments import iter_slots

#: An image's file name as a page links it (no folders, one suffix).
NAME_WITH_SUFFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,199}\.[A-Za-z0-9]{1,5}")


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


def translated(ws: Workspace, lang: str, slug: str) -> tuple[Document, list[Unreviewed]]:
    """The article in ``lang``: reviewed text in place, the Dutch (marked) where none is."""
    document = ws.document(slug)
    return document, _apply(ws, lang, slug, document)


def _apply(ws: Workspace, lang: str, slug: str, document: Document) -> list[Unreviewed]:
    if lang == ws.project.source_lang:
        return []
    _, catalog = ws.catalog(lang, slug)
    shown = ws.project.display(ws.project.catalog_path(lang, slug))
    return apply_translations(
        document, catalog_entries(catalog), catalog_name=shown, mark_lang=ws.project.source_lang
    )


def handout(ws: Workspace, lang: str, slug: str, *, fuzzy: str = "source") -> str:
    """The article's HTML handout through the release's own path (its edition decided,
    :func:`pipeline.publish.render.make_page` and ``render_outputs``, its image); in a
    target language each segment's block tagged, and the Dutch marked where no reviewed
    translation is. ``fuzzy="translation"``: a fuzzy segment shows its unreviewed
    translation instead (the page's script marks it)."""
    env = ws.environment(_lang(ws, lang))
    document = ws.document(slug)
    status = CURRENT
    if lang != ws.project.source_lang:
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
        problems = apply_translations(
            document, entries, catalog_name=shown, mark_lang=ws.project.source_lang
        )
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
        languages=ws.project.languages,
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
    if lang not in ws.project.languages.targets:
        raise NotFound(f"no review sheet in {lang!r}")
    document = ws.document(slug)
    found, _, _ = rows(ws, lang, slug, document)
    template_dir = ws.project.templates_dir
    if not (template_dir / TEMPLATE).is_file():  # a project's own templates predating sheets
        template_dir = shipped_templates()
    return render_review(
        found,
        document=document,
        lang=lang,
        template_dir=template_dir,
        source_lang=ws.project.source_lang,
    )


def templates(ws: Workspace, lang: str) -> str:
    """A page listing the templates' strings: each with its translation and where it appears."""
    entries = template_segments(ws, lang)
    rows = []
    for entry in entries["segments"]:
        places = "<br>".join(f"<code>{escape(p)}</code>" for p in entry["places"])
        rows.append(
            f'<tr id="{entry["anchor"]}" class="status-{entry["status"]}">'
            f'<td lang="{ws.project.source_lang}">{escape(entry["msgid"])}</td>'
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
    with its edition and the words left (:func:`pipeline.serve.api.editions`: they take a
    while to work out for a thousand articles, so the page itself comes at once), both
    languages' indexes, and the templates' strings."""
    source = ws.project.source_lang
    head = "".join(f'<th scope="col">{lang}</th>' for lang in ws.project.languages.targets)
    items = []
    for slug in ws.articles():
        cells = "".join(
            f'<td><span data-edition="{lang}/{slug}">…</span> '
            f'<a href="/{lang}/{slug}.html">page</a> · '
            f'<a href="/review/{lang}/{slug}.html">review</a></td>'
            for lang in ws.project.languages.targets
        )
        items.append(
            f'<tr><th scope="row"><a href="/{source}/{slug}.html"><code>{escape(slug)}'
            f"</code></a></th>{cells}</tr>"
        )
    for issue_id in issue_ids(ws.project):
        name = escape(issue_id)
        cells = "".join(
            f'<td><span data-edition="{lang}/newsletter/{name}">…</span> '
            f'<a href="/{lang}/newsletter/{name}.html">e-mail</a></td>'
            for lang in ws.project.languages.targets
        )
        items.append(
            f'<tr><th scope="row"><a href="/{ws.project.source_lang}/newsletter/{name}.html">'
            f"newsletter <code>{name}</code></a></th>{cells}</tr>"
        )
    indexes = " · ".join(
        f'<a href="/{lang}/index.html">index ({lang})</a>'
        for lang in (ws.project.source_lang, *ws.project.languages.targets)
    )
    strings = " · ".join(
        f'<a href="/_workbench/templates/{lang}.html">template strings ({lang})</a>'
        for lang in ws.project.languages.targets
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


def index(ws: Workspace, lang: str) -> bytes:
    """The index of ``lang`` as the build makes it (a draft: unreviewed text in Dutch)."""
    lang = _lang(ws, lang)
    articles = []
    for slug in ws.articles():
        document, _ = translated(ws, lang, slug)
        articles.append(IndexEntry.of_article(document))
    return build_index(ws.project, lang, draft=True, articles=articles)["index.html"]


def issue(ws: Workspace, lang: str, issue_id: str) -> bytes:
    """A newsletter issue's e-mail HTML in ``lang`` (a draft)."""
    lang = _lang(ws, lang)
    if not NAME.fullmatch(issue_id) or issue_id not in issue_ids(ws.project):
        raise NotFound(f"no newsletter issue {issue_id!r}")
    folder = ws.project.source_dir / "newsletters"
    ws.inside(issue_path(ws.project, issue_id), folder)
    return newsletter.build_newsletter(ws.project, lang, issue_id, draft=True)[".html"]


def handout_pdf(ws: Workspace, lang: str, slug: str) -> bytes:
    """The article's print handout (a draft), made on request."""
    lang = _lang(ws, lang)
    document, _ = translated(ws, lang, slug)
    config = load_config(ws.project)
    data, _, _ = pdf.render_pdf(
        ws.project, config, ws.environment(lang), lang, document, draft=True
    )
    return data


def _lang(ws: Workspace, lang: str) -> str:
    if lang not in ws.project.languages.all:
        raise NotFound(f"no language {lang!r}")
    return lang
