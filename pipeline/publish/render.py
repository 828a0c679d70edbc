"""One token tree, two renderers: HTML (markdown-it) and Markdown (mdformat), through Jinja2."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, cast

import jinja2
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from pipeline.errors import SourceError
from pipeline.project import Languages
from pipeline.source.document import Document, markdown_parser, parse_inline


@dataclass(frozen=True, slots=True)
class Page:
    """Everything a handout template needs, for one article in one language."""

    #: The article's slug.
    slug: str
    #: The language of this page (``nl``, ``en``, … ).
    lang: str
    #: The title as inline Markdown.
    title: str
    #: The publication date, ISO (``2019-10-02``), or ``None``.
    date: str | None
    #: The date as the locale writes it ("2 October 2019"), or ``None``.
    date_display: str | None
    #: The body rendered to HTML (no page template).
    body_html: str
    #: The body rendered to Markdown (no page template).
    body_markdown: str
    #: The handout's other languages, each linked (hreflang): the source first, then the
    #: other targets, in ``[languages]`` order.
    others: tuple[str, ...]
    #: The source language (the original an outdated page's notice links).
    source_lang: str
    #: The image file name from front matter, or ``None``.
    image: str | None
    #: Whether untranslated Dutch text stands in (a ``--draft`` build).
    draft: bool
    #: The Dutch source, e.g. ``content/nl/<slug>.md``.
    source: str
    #: Its edition: ``current``, or ``outdated`` (the notice at the top; see ``catalogs.edition``).
    status: str = "current"
    #: When the Dutch was last changed (front matter ``updated``), ISO, or ``None``.
    updated: str | None = None
    #: That date as the locale writes it, or ``None``.
    updated_display: str | None = None
    #: The image's address relative to the page (``images/<name>``), or ``None``: none shown.
    image_src: str | None = None
    #: The image's alt text (empty for a decorative image).
    image_alt: str = ""

    @property
    def other_lang(self) -> str:
        """The first of :attr:`others` (what a project's own templates from before
        ``[languages]`` link)."""
        return self.others[0]


def language_links(lang: str, others: tuple[str, ...], name: str) -> list[dict[str, str]]:
    """The links of a page in ``lang`` to its versions in ``others``: ``lang`` (hreflang),
    ``href`` (``../<other>/<name>``), ``name``, the language's name from Babel in the
    page's language ("Engels" on a Dutch page, what the shipped templates say), and
    ``own_name``, its name in itself ("English", for a template's language menu)."""
    from babel import Locale

    return [
        {
            "lang": other,
            "href": f"../{other}/{name}",
            "name": Locale.parse(other).get_display_name(lang) or other,
            "own_name": Locale.parse(other).get_display_name(other) or other,
        }
        for other in others
    ]


def format_day(day: Any, lang: str, languages: Languages) -> str:
    """A date as the locale of ``lang`` writes it in full ("2 October 2019", "2. Oktober 2019")."""
    from babel.dates import format_date

    return format_date(day, "long", locale=languages.locale(lang))


def body_html(tokens: list[Token], env: dict[str, Any]) -> str:
    """The body as HTML; the first paragraph before any heading is the lead."""
    md = markdown_parser()
    if tokens and tokens[0].type == "paragraph_open":
        tokens[0].attrJoin("class", "lead")
    return md.renderer.render(tokens, md.options, env)


def body_markdown(tokens: list[Token], env: dict[str, Any]) -> str:
    """The body as Markdown, rendered from the same tokens by mdformat."""
    import mdformat.plugins

    from pipeline.publish import markdown_escape

    _cheap_char_reference()
    options = {
        "parser_extension": [mdformat.plugins.PARSER_EXTENSIONS["tables"], markdown_escape],
        "mdformat": {"number": True, "wrap": "keep"},
    }
    return markdown_escape.Renderer().render(tokens, options, env)


class CharReference:
    r"""mdformat's pattern of character references, which looks for one only after an ``&``.

    mdformat escapes the ``&`` of a would-be character reference in every text node with
    ``re_char_reference().sub(r"\\\g<0>", text)``. A template string sends CPython's ``re``
    to a cache keyed by the compiled pattern, whose hash is computed from its whole program
    at each call: 35 µs for this 16 kB pattern of every entity name, two thirds of mdformat's
    time on an article. Text without an ``&`` holds no reference: it is returned as it is,
    and the pattern is not even compiled (40 ms) until some text has one.
    """

    def __init__(self, pattern: Callable[[], re.Pattern[str]]) -> None:
        self.pattern = pattern

    def sub(self, repl: str, text: str) -> str:
        return self.pattern().sub(repl, text) if "&" in text else text

    def __call__(self) -> CharReference:
        """What mdformat calls for its pattern (``re_char_reference()``): this."""
        return self


def _cheap_char_reference() -> None:
    """Give mdformat's text renderer a :class:`CharReference` (once per process; left as it
    is if a version of mdformat looks the pattern up elsewhere: slower, the same output)."""
    from mdformat.renderer import _context

    found = getattr(_context, "re_char_reference", None)
    if found is not None and not isinstance(found, CharReference):
        _context.re_char_reference = CharReference(found)  # type: ignore[assignment]


def heading_markdown(text: str, env: dict[str, Any]) -> str:
    """Inline Markdown as a level-1 heading, written by mdformat (so it is escaped)."""
    heading = [
        Token("heading_open", "h1", 1, markup="#", map=[0, 1]),
        Token("inline", "", 0, content=text, children=parse_inline(text, env), map=[0, 1]),
        Token("heading_close", "h1", -1, markup="#"),
    ]
    return body_markdown(heading, env).strip()


def inline_html(text: str, env: dict[str, Any]) -> str:
    """Inline Markdown (a title) as HTML."""
    md = markdown_parser()
    return md.renderer.render(parse_inline(text, env), md.options, env)


def inline_text(text: str, env: dict[str, Any]) -> str:
    """Inline Markdown as plain text (for ``<title>`` and e-mail subjects)."""
    md = markdown_parser()
    renderer = cast(RendererHTML, md.renderer)
    return renderer.renderInlineAsText(parse_inline(text, env), md.options, env)


def make_page(
    document: Document,
    *,
    lang: str,
    languages: Languages,
    draft: bool,
    status: str = "current",
    image_src: str | None = None,
) -> Page:
    """Render a (translated) document's body both ways and gather its page data.

    ``languages``: the project's (the page links every other one, and its dates are
    written in the locale of ``lang``); ``status``: the article's edition (an outdated
    page carries a notice); ``image_src``: where the page finds the article image.
    """
    date, updated = document.date, document.updated
    alt = document.meta.get("image_alt")
    return Page(
        slug=document.slug,
        lang=lang,
        title=document.title,
        date=date.isoformat() if date else None,
        date_display=format_day(date, lang, languages) if date else None,
        body_html=body_html(document.tokens, document.env),
        body_markdown=body_markdown(document.tokens, document.env),
        others=languages.others(lang),
        source_lang=languages.source,
        image=document.meta.get("image") if isinstance(document.meta.get("image"), str) else None,
        draft=draft,
        source=document.source,
        status=status,
        updated=updated.isoformat() if updated else None,
        updated_display=format_day(updated, lang, languages) if updated else None,
        image_src=image_src,
        image_alt=alt if isinstance(alt, str) and image_src else "",
    )


class _Templates(jinja2.Environment):
    """Jinja2, whose syntax errors in a project's templates are errors at their file:line."""

    def handle_exception(self, source: str | None = None) -> NoReturn:
        error = sys.exc_info()[1]
        if isinstance(error, jinja2.TemplateSyntaxError):
            where = Path(error.filename or error.name or "template")
            shown = f"{where.parent.name}/{where.name}" if error.filename else where.name
            raise SourceError(
                f"template: {error.message}", filename=shown, lineno=error.lineno
            ) from None
        super().handle_exception(source)


def template_environment(
    template_dir: Path,
    gettext: Callable[[str], str],
    *,
    reload: bool = True,
    locale: str | None = None,
) -> Any:
    """Jinja2 with autoescape for HTML, StrictUndefined and i18n through ``gettext``.

    ``reload``: whether a template changed on disk is read again (the workbench keeps its
    environment; a build's is made for one run and need not look at every page).
    ``locale``: the Babel locale whose plural rule picks ``ngettext``'s form (its
    ``one`` category the singular msgid, any other the plural); without one, ``n == 1``.
    """
    env = _Templates(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "html.j2", "xml"), default_for_string=True, default=False
        ),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=reload,
    )

    one = _plural_rule(locale)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular) if one(n) else gettext(plural)

    # jinja2.ext.i18n adds the method to the environment at run time
    cast(Any, env).install_gettext_callables(gettext, ngettext, newstyle=True)
    return env


def _plural_rule(locale: str | None) -> Callable[[int], bool]:
    """Whether ``n`` takes the singular in ``locale`` (Babel's CLDR plural rules)."""
    if locale is None:
        return lambda n: n == 1
    from babel import Locale

    parsed = Locale.parse(locale)
    return lambda n: parsed.plural_form(n) == "one"


def render_outputs(page: Page, env: Any, document_env: dict[str, Any]) -> dict[str, bytes]:
    """The handout's files, by suffix: ``.md``, ``.html`` and ``.json``."""
    from markupsafe import Markup

    others = language_links(page.lang, page.others, f"{page.slug}.html")
    context = {
        "page": page,
        "lang": page.lang,
        "title_html": Markup(inline_html(page.title, document_env)),
        "title_text": inline_text(page.title, document_env),
        "title_markdown": heading_markdown(page.title, document_env),
        "body_html": Markup(page.body_html),
        "others": others,
        "source_href": f"../{page.source_lang}/{page.slug}.html",
        # the first other language, for a project's own templates from before [languages]
        "other_href": others[0]["href"],
        "other_language": others[0]["name"],
        "image_alt_text": inline_text(page.image_alt, document_env),
        "image_alt_markdown": _markdown_text(inline_text(page.image_alt, document_env)),
    }
    html = env.get_template("handout.html.j2").render(context)
    markdown = env.get_template("handout.md.j2").render(context)
    data = {
        "slug": page.slug,
        "lang": page.lang,
        "title": context["title_text"],
        "title_html": str(context["title_html"]),
        "title_markdown": str(context["title_markdown"]).removeprefix("# "),
        "date": page.date,
        "date_display": page.date_display,
        "image": page.image,
        "draft": page.draft,
        "status": page.status,
        "source": page.source,
        "body_html": page.body_html,
        "body_markdown": page.body_markdown,
    }
    if page.image_src:  # only with an image: a page without one keeps its fields as they were
        data["image_src"], data["image_alt"] = page.image_src, page.image_alt
    as_json = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return {
        ".md": _one_final_newline(markdown).encode(),
        ".html": _one_final_newline(html).encode(),
        ".json": as_json.encode(),
    }


def _markdown_text(text: str) -> str:
    """Plain text as Markdown that reads as that text (inside an image's brackets)."""
    return "".join("\\" + c if c in "\\[]*_`<>" else c for c in " ".join(text.split()))


def _one_final_newline(text: str) -> str:
    return text.rstrip("\n") + "\n"


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
