"""A newsletter issue as e-mail: inlined HTML, wrapped plain text, and the MIME message."""

from __future__ import annotations

import datetime
import hashlib
import textwrap
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from markdown_it.token import Token

from pipeline.project import Config, Project
from pipeline.publish import render
from pipeline.source.document import markdown_parser, parse_inline
from pipeline.source.issues import Issue


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
    #: The article image's absolute URL (``build/<lang>/images/<name>``), or empty: none.
    image_url: str = ""
    #: Its alt text as plain text (empty for a decorative image).
    image_alt: str = ""


#: Plain-text lines are wrapped at this width (RFC 5322 recommends at most 78).
TEXT_WIDTH = 78


def render_email(
    project: Project,
    config: Config,
    lang: str,
    issue: Issue,
    cards: list[ArticleCard],
    gettext: Callable[[str], str],
    *,
    draft: bool,
) -> dict[str, bytes]:
    """The three outputs of an issue in ``lang``: ``.html``, ``.txt`` and ``.eml``.

    The words the templates add are msgids of ``content/<lang>/_templates.po``, said
    through ``gettext`` (``UiStrings.gettext``), as the handouts' words are.
    """
    languages = project.languages
    others = [
        {**link, "href": config.url(link["lang"], "newsletter", f"{issue.id}.html")}
        for link in render.language_links(lang, languages.others(lang), "")
    ]
    # Links in an e-mail have no page to be relative to: resolve them against the site.
    site_dir = config.url(lang, "")
    absolutise(issue.document.tokens, site_dir)
    env = render.template_environment(project.templates_dir, gettext, locale=languages.locale(lang))
    common = {
        "lang": lang,
        "subject": issue.subject,
        "preheader": issue.preheader,
        "date_display": render.format_day(issue.date, lang, languages),
        "view_online_url": config.url(lang, "newsletter", f"{issue.id}.html"),
        "others": others,
        # the first other language, for a project's own templates from before [languages]
        "other_lang": others[0]["lang"],
        "other_language": others[0]["name"],
        "other_url": others[0]["href"],
        "unsubscribe_url": config.unsubscribe_url,
        "draft": draft,
    }
    html = _render_html(env, common, issue, cards, site_dir)
    text = _render_text(env, common, issue, cards)
    message = _message(config, lang, issue, text, html)
    return {".html": html.encode(), ".txt": text.encode(), ".eml": message}


def absolutise(tokens: list[Token], base: str) -> None:
    """Make every link and image target in ``tokens`` absolute, resolved against ``base``."""
    for token in tokens:
        for child in [token, *(token.children or [])]:
            for attr in ("href", "src"):
                value = child.attrGet(attr)
                if isinstance(value, str):
                    child.attrSet(attr, urllib.parse.urljoin(base, value))


def _render_html(
    env: Any, common: dict[str, Any], issue: Issue, cards: list[ArticleCard], site_dir: str
) -> str:
    import css_inline
    from markupsafe import Markup

    md = markdown_parser()
    intro = md.renderer.render(issue.document.tokens, md.options, issue.document.env)
    shown = []
    for card in cards:
        lead = parse_inline(card.lead, card.env)
        absolutise(lead, card.url)
        shown.append(
            {
                "url": card.url,
                # A title is a link itself: its own links would nest, so keep only its text.
                "title_text": render.inline_text(card.title, card.env),
                "lead_html": Markup(md.renderer.render(lead, md.options, card.env)),
                "image_url": card.image_url,
                "image_alt": card.image_alt,
            }
        )
    html = env.get_template("newsletter.html.j2").render(
        common,
        intro_html=Markup(intro),
        cards=shown,
        subject_html=Markup(render.inline_html(issue.subject, issue.document.env)),
    )
    # Mail clients drop <style> and <link>: every rule goes into style="" attributes.
    inlined: str = css_inline.inline(
        html,
        keep_style_tags=False,
        keep_link_tags=False,
        load_remote_stylesheets=False,
        base_url=site_dir,
    )
    return inlined.rstrip("\n") + "\n"


def _render_text(env: Any, common: dict[str, Any], issue: Issue, cards: list[ArticleCard]) -> str:
    links: list[str] = []
    intro = blocks_as_text(issue.document.tokens, issue.document.env, links)
    shown = []
    for card in cards:
        lead = parse_inline(card.lead, card.env)
        absolutise(lead, card.url)  # as in the HTML part: a relative link cannot be followed
        shown.append(
            {
                "title": _wrap(render.inline_text(card.title, card.env)),
                "lead": _wrap(inline_as_text(lead, links)),
                "url": card.url,
            }
        )
    text = env.get_template("newsletter.txt.j2").render(
        common,
        intro=intro,
        cards=shown,
        links=links,
        subject_text=render.inline_text(issue.subject, issue.document.env),
        wrap=_wrap,
    )
    return text.rstrip("\n") + "\n"


def _wrap(text: str, indent: str = "") -> str:
    # URLs and long words are never broken: a broken link cannot be clicked.
    return "\n".join(
        textwrap.fill(
            line,
            TEXT_WIDTH,
            initial_indent=indent,
            subsequent_indent=" " * len(indent),
            break_long_words=False,
            break_on_hyphens=False,
        )
        for line in text.split("\n")
    )


def inline_as_text(children: list[Token], links: list[str]) -> str:
    """Inline tokens as plain text; each link's text gets ``[n]``, its URL goes to ``links``."""
    out: list[str] = []
    pending: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(inline_as_text(child.children or [], links))
        elif child.type == "link_open":
            pending.append(str(child.attrGet("href") or ""))
        elif child.type == "link_close" and pending:
            href = pending.pop()
            text = "".join(out).rstrip()
            if child.info == "auto" or text.endswith(href):
                continue  # a bare URL is its own reference
            if href not in links:
                links.append(href)
            out.append(f" [{links.index(href) + 1}]")
    return "".join(out)


def blocks_as_text(tokens: list[Token], env: dict[str, Any], links: list[str]) -> str:
    """A body's blocks as wrapped plain text, one blank line between blocks."""
    blocks: list[str] = []
    bullets: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "bullet_list_open":
            bullets.append("- ")
        elif token.type == "ordered_list_open":
            bullets.append("1. ")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullets.pop()
        elif token.type == "inline":
            text = inline_as_text(token.children or [], links)
            opener = tokens[i - 1]
            if opener.type == "heading_open":
                blocks.append(
                    _wrap(text)
                    + "\n"
                    + ("=" if opener.tag == "h1" else "-") * min(len(text), TEXT_WIDTH)
                )
            elif bullets:
                blocks.append(_wrap(text, "  " * (len(bullets) - 1) + bullets[-1]))
            else:
                blocks.append(_wrap(text))
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(blocks)


def _message(config: Config, lang: str, issue: Issue, text: str, html: str) -> bytes:
    """The MIME message: multipart/alternative, plain text first (the fallback)."""
    message = EmailMessage(policy=policy.SMTP)
    # The subject was checked for line breaks; the policy folds long ones safely.
    message["Subject"] = issue.subject
    message["From"] = config.sender
    sent = datetime.datetime.combine(issue.date, datetime.time(0, 0), datetime.UTC)
    message["Date"] = format_datetime(sent)
    domain = parseaddr(config.sender)[1].rpartition("@")[2]
    message["Message-ID"] = f"<newsletter-{issue.id}.{lang}@{domain}>"
    unsubscribe = [f"<{config.unsubscribe_url}>"]
    if config.unsubscribe_email:
        unsubscribe.insert(0, f"<mailto:{config.unsubscribe_email}?subject=unsubscribe>")
    message["List-Unsubscribe"] = ", ".join(unsubscribe)
    # RFC 8058: one click on the https URL unsubscribes, without a confirmation page.
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    # Set after add_alternative, which moves every Content-* header into the first part.
    message["Content-Language"] = lang
    # The default boundary is random; one from the content keeps builds byte-identical.
    digest = hashlib.sha256((text + html).encode()).hexdigest()[:32]
    message.set_boundary(f"=_newsletter_{digest}")
    return message.as_bytes()
