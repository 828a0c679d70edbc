"""The index page and the Atom feed of one language: every article and newsletter issue."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from pipeline.project import Config, Project, load_config
from pipeline.publish.article import translate_article
from pipeline.publish.newsletter import translated_issue
from pipeline.publish.render import (
    article_lead,
    format_day,
    inline_html,
    inline_text,
    language_links,
    template_environment,
)
from pipeline.publish.ui import ui_strings
from pipeline.release import CURRENT, OUTDATED, Unreviewed, issue_published, refuse_unreviewed
from pipeline.source.document import Document
from pipeline.source.issues import issue_ids, read_issue


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
    #: What the title and summary need of markdown-it's environment of the source: its
    #: link references (a build keeps thousands of entries: nothing else).
    env: dict[str, Any]
    #: An article's edition: ``current``, or ``outdated`` (marked in the index).
    status: str = CURRENT

    @classmethod
    def of_article(cls, document: Document, *, status: str = CURRENT) -> IndexEntry:
        """A (translated) article as the index lists it."""
        lead = article_lead(document)
        return cls(
            "article",
            document.title,
            document.date,
            f"{document.slug}.html",
            lead,
            {"references": document.env["references"]} if "references" in document.env else {},
            status,
        )


def _index_entries(
    project: Project,
    lang: str,
    articles: list[IndexEntry] | None = None,
    *,
    draft: bool = False,
) -> tuple[list[IndexEntry], list[Unreviewed]]:
    """Every article and issue ``lang`` publishes, newest first, and their unreviewed
    segments (a draft's: a release lists only what it publishes, and refuses none).

    ``articles``: the articles' entries when the caller has them (a build, which
    decided their editions already); else each article is loaded here. A release
    lists an issue when its own text is reviewed and none of its articles is held back.
    """
    project.languages.check(lang)
    found: list[IndexEntry] = list(articles or [])
    problems: list[Unreviewed] = []
    for path in project.articles() if articles is None else []:
        article = translate_article(project, lang, path.stem, draft=draft)
        problems += article.problems
        if draft or article.published:
            found.append(IndexEntry.of_article(article.document, status=article.edition.state))
    # An issue is listed when it is published (pipeline.release): its own text reviewed,
    # its articles published (an outdated one with its notice).
    published = {e.path.removesuffix(".html") for e in found if e.kind == "article"}
    for issue_id in issue_ids(project):
        issue = read_issue(project, issue_id)
        missing = translated_issue(project, lang, issue) if lang != project.source_lang else []
        if not (draft or issue_published(missing, issue.articles, published)):
            continue  # not built in this language: not linked
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


class _Shown:
    """Entries as the index template shows them, each made when the template reaches it
    (thousands of articles: not all of them at once)."""

    def __init__(
        self, entries: list[IndexEntry], shown: Callable[[IndexEntry], dict[str, Any]]
    ) -> None:
        self._entries, self._shown = entries, shown

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(self._shown, self._entries)


def build_index(
    project: Project, lang: str, *, draft: bool = False, articles: list[IndexEntry] | None = None
) -> dict[str, bytes]:
    """``index.html`` and ``feed.xml`` of ``lang``, by their names under ``build/<lang>/``.

    A release lists what it publishes (:mod:`pipeline.release`) and refuses the templates'
    strings unreviewed; a draft lists everything.
    """
    config = load_config(project)
    languages = project.languages
    entries, problems = _index_entries(project, lang, articles, draft=draft)

    def shown(entry: IndexEntry) -> dict[str, Any]:
        return {
            "kind": entry.kind,
            "href": entry.path,
            "outdated": entry.status == OUTDATED,
            "title_html": Markup(inline_html(entry.title, entry.env)),
            "summary_html": Markup(inline_html(entry.summary, entry.env)),
            "date": entry.date.isoformat() if entry.date else None,
            "date_display": format_day(entry.date, lang, languages) if entry.date else None,
        }

    ui = ui_strings(project, lang)
    env = template_environment(project.templates_dir, ui.gettext, locale=languages.locale(lang))
    others = language_links(lang, languages.others(lang), "index.html")
    # As a module, the template also gives the words it set at its top level, for the feed.
    index = env.get_template("index.html.j2").make_module(
        {
            "lang": lang,
            "others": others,
            # the first other language, for a project's own templates from before [languages]
            "other_lang": others[0]["lang"],
            "other_href": others[0]["href"],
            "other_language": others[0]["name"],
            "articles": _Shown([e for e in entries if e.kind == "article"], shown),
            "newsletters": _Shown([e for e in entries if e.kind == "newsletter"], shown),
        }
    )
    words = FeedWords(
        title=str(index.site_name),
        articles=str(index.articles_heading),
        newsletters=str(index.newsletters_heading),
    )
    problems += ui.missing.values()
    if not draft:
        refuse_unreviewed(problems, lang, outcome="the index and feed were not built")
    return {
        "index.html": (str(index).rstrip("\n") + "\n").encode(),
        "feed.xml": build_feed(config, lang, entries, words, others=languages.others(lang)),
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


def build_feed(
    config: Config,
    lang: str,
    entries: list[IndexEntry],
    words: FeedWords,
    *,
    others: tuple[str, ...] = (),
) -> bytes:
    """The Atom feed of ``lang``: the newest :data:`FEED_ENTRIES` articles and issues, newest
    first (``entries`` come sorted so); it links the index of each language of ``others``."""
    from feedgen.feed import FeedGenerator  # lxml: only for the builds that write a feed

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
    for other in others:
        feed.link(href=config.url(other, "index.html"), rel="alternate", hreflang=other)
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
