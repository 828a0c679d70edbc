"""Publishing the built language: PDF handouts (WeasyPrint), the index page and the Atom feed."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from pipeline.errors import ReleaseError
from pipeline.files import atomic_write, exclusive_lock
from pipeline.project import SOURCE_LANG, TARGET_LANGS, Config, Project, check_lang, load_config
from pipeline.publish import fonts
from pipeline.publish.newsletter import article_lead, issue_ids, load_article, load_issue
from pipeline.publish.render import LOCALES, inline_html, inline_text, make_page, render_outputs
from pipeline.publish.ui import UiStrings, ui_strings
from pipeline.reports import Problem
from pipeline.source.document import Document

# Before weasyprint is first imported (in render_pdf, to keep `pipeline --help` fast): the
# PDFs are set in the bundled fonts only, whatever the machine has (see use_bundled_fonts).
fonts.use_bundled_fonts()

#: Where an article's image is looked for, relative to the project root (first found wins).
IMAGE_DIRS = ("content/images", "content/nl/images", "content/nl")
#: What stands for a page counter in the translated page footer until :func:`css_content`;
#: NUL never occurs in a catalog, so a translation cannot fake one.
_COUNTER_MARK = "\0{}\0"


@dataclass(slots=True)
class PdfReport:
    """What :func:`build_pdfs` did, for the CLI to print."""

    #: The number of pages of each article's PDF, by slug.
    pages: dict[str, int] = field(default_factory=dict)
    #: Things left out that a reader may miss (a missing image), ``file:line: …``.
    warnings: list[str] = field(default_factory=list)
    #: Files written (as users see them).
    written: list[str] = field(default_factory=list)


def other_lang(lang: str) -> str:
    """The language a page links to as its other version."""
    return TARGET_LANGS[0] if lang == SOURCE_LANG else SOURCE_LANG


def environment(project: Project, ui: UiStrings) -> Any:
    """The templates' Jinja2 environment with ``ui``'s strings, as ``build`` makes it, and
    the ``css_content`` filter of the print style sheet."""
    from pipeline.publish.render import template_environment

    env = template_environment(project.templates_dir, ui.gettext)
    env.filters["css_content"] = css_content
    return env


def handout_html(env: Any, lang: str, document: Document, *, draft: bool) -> str:
    """The HTML handout of a (translated) article, exactly as ``build`` renders it."""
    page = make_page(document, lang=lang, other_lang=other_lang(lang), draft=draft)
    return render_outputs(page, env, document.env)[".html"].decode()


def print_css(env: Any) -> str:
    """The print style sheet (``print.css.j2``), its page footer in the environment's language."""
    css: str = env.get_template("print.css.j2").render(
        page=_COUNTER_MARK.format("page"), pages=_COUNTER_MARK.format("pages")
    )
    return css


def css_content(text: str) -> str:
    """Text holding counter marks as a CSS ``content`` value: ``"Page " counter(page) …``."""
    shown = []
    # re.split puts the captured counter names at the odd places, the text around them between.
    for i, part in enumerate(re.split(_COUNTER_MARK.format("(pages?)"), text)):
        if i % 2:
            shown.append(f"counter({part})")
        elif part:
            shown.append(css_string(part))
    return " ".join(shown) or '""'


def css_string(text: str) -> str:
    """``text`` as a CSS string literal: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\{ord(char):x} ")  # a hex escape ends at the space
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _refuse(lang: str, problems: list[Problem], what: str) -> None:
    raise ReleaseError(
        f"{len(problems)} segment(s) not reviewed in {lang}; {what} were not"
        " built (translate them, remove 'fuzzy', or build with --draft)",
        [str(p) for p in problems],
    )


def find_image(project: Project, name: str) -> Path | None:
    """The article image's file, looked for in :data:`IMAGE_DIRS`, or ``None``."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None  # a name, not a path: nothing outside the image folders is read
    for folder in IMAGE_DIRS:
        candidate = project.root / folder / name
        if candidate.is_file():
            return candidate
    return None


def render_pdf(
    project: Project,
    config: Config,
    env: Any,
    lang: str,
    document: Document,
    *,
    draft: bool = False,
) -> tuple[bytes, int, list[str]]:
    """One article's PDF handout: its bytes, its page count and its warnings.

    ``env`` is :func:`environment`'s: the strings it could not translate are in its
    :class:`UiStrings`, for the caller to refuse.
    """
    import weasyprint

    html = handout_html(env, lang, document, draft=draft)
    warnings: list[str] = []
    image = document.meta.get("image")
    if isinstance(image, str) and image.strip():
        found = find_image(project, image)
        if found is None:
            where = f"{document.source}:{document.meta_lines.get('image', 1)}"
            warnings.append(
                f"{where}: image {image!r} not found in "
                f"{', '.join(d + '/' for d in IMAGE_DIRS)}; the PDF has none"
            )
        else:
            figure = (
                f'<figure class="article-image"><img src="{escape(found.as_uri())}" '
                'alt=""></figure>\n'
            )
            html = html.replace("</header>\n", "</header>\n" + figure, 1)
    css = weasyprint.CSS(string=print_css(env))
    # base_url: the handout's relative links resolve as on the site; nothing is fetched
    # from it: its fonts are read from the templates, and it links no style sheets or
    # images but the one added above.
    base_url = config.url(lang, "")
    fetcher = fonts.url_fetcher(project, base_url)
    rendered = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[css]
    )
    # No creation date is written (the handout has none); a fixed identifier from the
    # content keeps the bytes the same from run to run.
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    data = rendered.write_pdf(pdf_identifier=identifier)
    return data, len(rendered.pages), warnings


def build_pdfs(project: Project, lang: str, *, draft: bool = False) -> PdfReport:
    """Write ``build/<lang>/<slug>.pdf`` for every article (under the project lock)."""
    check_lang(lang)
    with exclusive_lock(project.lock_path):
        config = load_config(project)
        ui = ui_strings(project, lang)
        env = environment(project, ui)
        outputs: dict[Path, bytes] = {}
        report = PdfReport()
        problems: list[Problem] = []
        for path in project.articles():
            document, found = load_article(project, lang, path.stem)
            problems += found
            if found and not draft:
                continue
            data, pages, warnings = render_pdf(project, config, env, lang, document, draft=draft)
            outputs[project.build_dir(lang) / f"{document.slug}.pdf"] = data
            report.pages[document.slug] = pages
            report.warnings += warnings
        problems += ui.missing.values()
        if problems and not draft:
            _refuse(lang, problems, "the PDF handouts")
        for target, data in outputs.items():
            atomic_write(target, data)
            report.written.append(project.display(target))
        return report


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One article or newsletter issue as the index and the feed list it."""

    #: ``article`` or ``newsletter``.
    kind: str
    #: The title (subject of an issue) as inline Markdown, in the index's language.
    title: str
    #: The publication date (``None`` if the article has none).
    date: datetime.date | None
    #: The path under ``build/<lang>/``, e.g. ``<slug>.html`` or ``newsletter/<id>.html``.
    path: str
    #: A short summary as inline Markdown (the lead, or the issue's preheader).
    summary: str
    #: markdown-it's environment of the source (its link references).
    env: dict[str, Any]


def index_entries(project: Project, lang: str, *, draft: bool = False) -> list[IndexEntry]:
    """Every article and issue of ``lang``, newest first (undated last, then by title)."""
    found, problems = _index_entries(project, lang)
    if problems and not draft:
        _refuse(lang, problems, "the index and feed")
    return found


def _index_entries(
    project: Project,
    lang: str,
    articles: list[IndexEntry] | None = None,
) -> tuple[list[IndexEntry], list[Problem]]:
    """Every article and issue of ``lang``, newest first, and their unreviewed segments.

    ``articles``: the articles' entries when the caller has them (a build, which
    checked their segments already); else each article is loaded here.
    """
    check_lang(lang)
    found: list[IndexEntry] = list(articles or [])
    problems: list[Problem] = []
    for path in project.articles() if articles is None else []:
        document, missing = load_article(project, lang, path.stem)
        problems += missing
        found.append(
            IndexEntry(
                "article",
                document.title,
                document.date,
                f"{document.slug}.html",
                article_lead(document),
                document.env,
            )
        )
    for issue_id in issue_ids(project):
        issue, _, missing = load_issue(project, lang, issue_id, draft=True)
        problems += missing
        found.append(
            IndexEntry(
                "newsletter",
                issue.subject,
                issue.date,
                f"newsletter/{issue_id}.html",
                issue.preheader,
                issue.document.env,
            )
        )
    found.sort(key=lambda e: (-(e.date or datetime.date.min).toordinal(), e.path))
    return found, problems


def build_index(
    project: Project, lang: str, *, draft: bool = False, articles: list[IndexEntry] | None = None
) -> dict[str, bytes]:
    """``index.html`` and ``feed.xml`` of ``lang``, by their names under ``build/<lang>/``.

    A release build refuses unreviewed text, the templates' strings included.
    """
    from babel import Locale
    from babel.dates import format_date

    config = load_config(project)
    entries, problems = _index_entries(project, lang, articles)

    def shown(entry: IndexEntry) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "href": entry.path,
            "title_html": Markup(inline_html(entry.title, entry.env)),
            "summary_html": Markup(inline_html(entry.summary, entry.env)),
            "date": entry.date.isoformat() if entry.date else None,
            "date_display": format_date(entry.date, "long", locale=LOCALES[lang])
            if entry.date
            else None,
        }

    ui = ui_strings(project, lang)
    env = environment(project, ui)
    other = other_lang(lang)
    # As a module, the template also gives the words it set at its top level, for the feed.
    index = env.get_template("index.html.j2").make_module(
        {
            "lang": lang,
            "other_lang": other,
            "other_href": f"../{other}/index.html",
            "other_language": Locale.parse(other).get_display_name(lang) or other,
            "articles": [shown(e) for e in entries if e.kind == "article"],
            "newsletters": [shown(e) for e in entries if e.kind == "newsletter"],
        }
    )
    words = FeedWords(
        title=str(index.site_name),
        articles=str(index.articles_heading),
        newsletters=str(index.newsletters_heading),
    )
    problems += ui.missing.values()
    if problems and not draft:
        _refuse(lang, problems, "the index and feed")
    return {
        "index.html": (str(index).rstrip("\n") + "\n").encode(),
        "feed.xml": build_feed(config, lang, entries, words),
    }


@dataclass(frozen=True, slots=True)
class FeedWords:
    """The feed's own words in its language, as the index page says them."""

    #: The feed's title: the site's name.
    title: str
    #: The category of the articles ("Artikelen", the index's heading over them).
    articles: str
    #: The category of the newsletter issues ("Nieuwsbrieven").
    newsletters: str


#: How many entries the feed carries: the newest, as feed readers expect (the index page
#: lists every article and issue).
FEED_ENTRIES = 50


def build_feed(config: Config, lang: str, entries: list[IndexEntry], words: FeedWords) -> bytes:
    """The Atom feed of ``lang``: the newest :data:`FEED_ENTRIES` articles and issues, newest
    first (``entries`` come sorted so)."""
    from feedgen.feed import FeedGenerator

    def moment(day: datetime.date | None) -> datetime.datetime:
        return datetime.datetime.combine(
            day or datetime.date(1970, 1, 1), datetime.time(), datetime.UTC
        )

    feed = FeedGenerator()
    feed.id(config.url(lang, ""))
    feed.title(words.title)
    feed.subtitle(f"{words.articles} · {words.newsletters}")
    feed.author({"name": "Natura Foundation"})
    feed.link(href=config.url(lang, "index.html"), rel="alternate", hreflang=lang)
    feed.link(href=config.url(lang, "feed.xml"), rel="self")
    feed.language(lang)
    # The newest entry's date, not "now": the same sources give the same feed.
    feed.updated(moment(max((e.date for e in entries if e.date), default=None)))
    for entry in entries[:FEED_ENTRIES]:
        item = feed.add_entry(order="append")
        url = config.url(lang, entry.path)
        item.id(url)
        item.title(inline_text(entry.title, entry.env) or entry.path)
        item.link(href=url, rel="alternate", hreflang=lang)
        item.updated(moment(entry.date))
        item.published(moment(entry.date))
        if entry.summary:
            item.summary(inline_text(entry.summary, entry.env))
        item.category(term=entry.kind, label=getattr(words, entry.kind + "s"))
    data: bytes = feed.atom_str(pretty=True)
    return data


def write_index(project: Project, lang: str, *, draft: bool = False) -> list[str]:
    """Write ``build/<lang>/index.html`` and ``feed.xml`` (under the project lock)."""
    with exclusive_lock(project.lock_path):
        outputs = build_index(project, lang, draft=draft)
        written = []
        for name, data in outputs.items():
            atomic_write(project.build_dir(lang) / name, data)
            written.append(project.display(project.build_dir(lang) / name))
        return written
