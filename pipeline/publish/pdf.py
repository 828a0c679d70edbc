"""PDF handouts (WeasyPrint): each article's handout page set for print on A4."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.files import atomic_write
from pipeline.lock import exclusive_lock
from pipeline.project import Config, Languages, Project, load_config
from pipeline.publish import fonts
from pipeline.publish.article import translate_article
from pipeline.publish.image import article_image
from pipeline.publish.render import make_page, render_outputs, template_environment
from pipeline.publish.ui import UiStrings, ui_strings
from pipeline.release import CURRENT, Unreviewed, refuse_unreviewed
from pipeline.source.document import Document

# Before weasyprint is first imported (in render_pdf, to keep `pipeline --help` fast): the
# PDFs are set in the bundled fonts only, whatever the machine has (see use_bundled_fonts).
fonts.use_bundled_fonts()

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


def environment(project: Project, ui: UiStrings) -> Any:
    """The templates' Jinja2 environment with ``ui``'s strings, as ``build`` makes it, and
    the ``css_content`` filter of the print style sheet."""
    env = template_environment(
        project.templates_dir, ui.gettext, locale=project.languages.locale(ui.lang)
    )
    env.filters["css_content"] = css_content
    return env


def handout_html(
    env: Any,
    lang: str,
    document: Document,
    *,
    draft: bool,
    status: str = CURRENT,
    image_src: str | None = None,
    languages: Languages,
) -> str:
    """The HTML handout of a (translated) article, exactly as ``build`` renders it;
    ``languages``: the project's (``Project.languages``)."""
    page = make_page(
        document,
        lang=lang,
        languages=languages,
        draft=draft,
        status=status,
        image_src=image_src,
    )
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


def render_pdf(
    project: Project,
    config: Config,
    env: Any,
    lang: str,
    document: Document,
    *,
    draft: bool = False,
    status: str = CURRENT,
) -> tuple[bytes, int, list[str]]:
    """One article's PDF handout: its bytes, its page count and its warnings.

    ``env`` is :func:`environment`'s: the strings it could not translate are in its
    :class:`UiStrings`, for the caller to refuse.
    """
    import weasyprint

    image, warnings = article_image(project, document, missing="the PDF has none")
    src = image.path.as_uri() if image else None
    html = handout_html(
        env,
        lang,
        document,
        draft=draft,
        status=status,
        image_src=src,
        languages=project.languages,
    )
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
    project.languages.check(lang)
    with exclusive_lock(project.lock_path):
        config = load_config(project)
        ui = ui_strings(project, lang)
        env = environment(project, ui)
        outputs: dict[Path, bytes] = {}
        report = PdfReport()
        problems: list[Unreviewed] = []
        for path in project.articles():
            article = translate_article(project, lang, path.stem, draft=draft)
            problems += article.problems
            if not (draft or article.published):
                report.warnings.append(f"{article.edition}; no PDF")
                # nothing of a held-back article stays published (pipeline.release)
                (project.build_dir(lang) / f"{path.stem}.pdf").unlink(missing_ok=True)
                continue
            document, status = article.document, article.edition.state
            data, pages, warnings = render_pdf(
                project, config, env, lang, document, draft=draft, status=status
            )
            outputs[project.build_dir(lang) / f"{document.slug}.pdf"] = data
            report.pages[document.slug] = pages
            report.warnings += warnings
        problems += ui.missing.values()
        if not draft:
            refuse_unreviewed(problems, lang, outcome="the PDF handouts were not built")
        for target, data in outputs.items():
            atomic_write(target, data, durable=False)  # made again from the sources
            report.written.append(project.display(target))
        return report
