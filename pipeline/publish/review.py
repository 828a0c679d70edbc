"""The review sheet: an article's Dutch and English side by side, with status, findings, diffs."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from markupsafe import Markup, escape

from pipeline import files, po
from pipeline.errors import CatalogError
from pipeline.files import atomic_write
from pipeline.project import Project, shipped_templates
from pipeline.publish.fonts import web_fonts
from pipeline.publish.render import inline_html, inline_text, template_environment
from pipeline.source.document import Document, check_segment_length
from pipeline.source.load import read_source
from pipeline.source.segments import Segment, segments

#: Every status a row can have, in the order the sheet's header counts them.
STATUSES = ("reviewed", "fuzzy", "untranslated", "verbatim")
#: The sheet's template (its stylesheet, ``review.css``, is included from it).
TEMPLATE = "review.html.j2"


@dataclass(frozen=True, slots=True)
class Row:
    """One segment of the sheet, in document order."""

    #: The Dutch segment (its text is the msgid).
    segment: Segment
    #: ``reviewed``, ``fuzzy``, ``untranslated`` or ``verbatim``.
    status: str
    #: The English markup: the msgstr (empty when none), or the Dutch for a verbatim segment.
    english: str
    #: QA findings on this segment, as the checks wrote them.
    findings: tuple[str, ...]
    #: For a fuzzy entry with ``#| msgid``: the previous Dutch against the current, as
    #: HTML with ``<del>``/``<ins>``; else ``None``.
    diff_html: Markup | None
    #: The fragment id of the row, unique in the sheet: ``seg-<line>``, then ``seg-<line>-2``…
    anchor: str
    #: 1-based line of the entry in the PO file, when the catalog has one.
    po_line: int | None


#: Diff units: a run of letters and digits, or of punctuation, with the blanks after it.
#: Splitting punctuation off means "leiden." → "leiden!" marks only the "!".
_TOKEN = re.compile(r"\w+\s*|[^\w\s]+\s*|\s+")


def word_diff(old: str, new: str) -> Markup:
    """``old`` against ``new`` word by word, escaped, with ``<del>``/``<ins>`` around changes."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    # Compare without the trailing blanks, so a word at the end of a line still matches.
    matcher = difflib.SequenceMatcher(
        None, [t.rstrip() for t in old_tokens], [t.rstrip() for t in new_tokens], autojunk=False
    )
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(str(escape("".join(new_tokens[j1:j2]))))
            continue
        if op in ("delete", "replace"):
            parts.append(_marked("del", "".join(old_tokens[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(_marked("ins", "".join(new_tokens[j1:j2])))
    return Markup("".join(parts))


def _marked(tag: str, text: str) -> str:
    # Blanks go after the tag, so the underline or strike-through stops at the word.
    core = text.rstrip()
    return f"<{tag}>{escape(core)}</{tag}>{escape(text[len(core) :])}"


def _string(message: Message | None) -> str:
    """The msgstr (of a plural entry, its first form, which msgfmt checks)."""
    if message is None:
        return ""
    string = message.string
    return string if isinstance(string, str) else (string[0] if string else "")


def _status(message: Message | None) -> str:
    """As ``apply`` and msgfmt decide: an empty msgstr is untranslated, fuzzy or not."""
    if message is None or not _string(message):
        return "untranslated"
    return "fuzzy" if message.fuzzy else "reviewed"


def review_rows(
    document: Document, catalog: Catalog, *, findings: Mapping[str, list[str]]
) -> list[Row]:
    """One row per segment of ``document`` (verbatim ones too), in document order."""
    rows: list[Row] = []
    seen: Counter[int] = Counter()
    for segment in segments(document):
        seen[segment.line] += 1
        anchor = f"seg-{segment.line}"
        if seen[segment.line] > 1:  # table cells share their row's line
            anchor += f"-{seen[segment.line]}"
        message = None if segment.verbatim else catalog.get(segment.text)
        diff = None
        if message is not None and message.fuzzy and message.previous_id:
            diff = word_diff(message.previous_id[0], segment.text)
        if segment.verbatim:
            status, english = "verbatim", segment.text
        else:
            status = _status(message)
            english = _string(message)
        rows.append(
            Row(
                segment=segment,
                status=status,
                english=english,
                findings=tuple(findings.get(segment.text, ())),
                diff_html=diff,
                anchor=anchor,
                po_line=message.lineno if message is not None else None,
            )
        )
    return rows


def render_review(
    rows: list[Row],
    *,
    document: Document,
    lang: str,
    template_dir: Path,
    source_lang: str,
) -> str:
    """The sheet as HTML: both sides' Markdown rendered inline, everything else escaped.

    The texts reach the template as data only (never as template source), and the
    template adds no strings to translate, so the templates' catalog is unchanged. The
    columns are headed by each language's name in itself (Babel): ``source_lang`` (the
    project's) and ``lang``.
    """
    from babel import Locale

    env = template_environment(template_dir, lambda text: text)
    counts = Counter(row.status for row in rows)
    title = next((row for row in rows if row.segment.kind == "title"), None)
    english_title = title.english if title is not None and title.english else None
    context: dict[str, Any] = {
        "lang": lang,
        "source_lang": source_lang,
        "source_name": Locale.parse(source_lang).get_display_name(source_lang) or source_lang,
        # the sheet's own words are English: the target language named in English
        "target_name": Locale.parse(lang).get_display_name("en") or lang,
        "slug": document.slug,
        "source": document.source,
        "title_html": Markup(inline_html(document.title, document.env)),
        "title_text": inline_text(document.title, document.env),
        "english_title_html": (
            Markup(inline_html(english_title, document.env)) if english_title else None
        ),
        "handout_href": f"../../{lang}/{document.slug}.html",
        "counts": [(status, counts[status]) for status in STATUSES],
        "total": len(rows),
        "rows": [_view(row, document.env) for row in rows],
    }
    html = env.get_template(TEMPLATE).render(context)
    return html.rstrip("\n") + "\n"


def _view(row: Row, env: dict[str, Any]) -> dict[str, Any]:
    return {
        "row": row,
        "dutch_html": Markup(inline_html(row.segment.text, env)),
        "english_html": Markup(inline_html(row.english, env)) if row.english else None,
    }


def review_dir(project: Project, lang: str) -> Path:
    """Where the review sheets of ``lang`` are published: ``build/review/<lang>/``."""
    return project.root / "build" / "review" / project.languages.check(lang, targets_only=True)


def write_reviews(
    project: Project,
    lang: str,
    *,
    findings_for: Callable[[str], Mapping[str, list[str]]] = lambda slug: {},
) -> list[Path]:
    """Write the review sheet of every article of ``lang``; return the files, sorted.

    Every sheet is rendered before any is written, so an error leaves the old sheets;
    each is then written atomically. Sheets of articles that no longer exist are removed.
    """
    project.languages.check(lang, targets_only=True)
    template_dir = project.templates_dir
    if not (template_dir / TEMPLATE).is_file():  # a project's own templates predating sheets
        template_dir = shipped_templates()
    outputs: dict[Path, bytes] = {}
    target = review_dir(project, lang)
    for path in project.articles():
        document = read_source(project, path)
        catalog_file = project.catalog_path(lang, document.slug)
        catalog = (
            po.read_po(catalog_file, display_name=project.display(catalog_file))
            if catalog_file.exists()
            else Catalog(locale=lang)
        )
        rows = review_rows(document, catalog, findings=findings_for(document.slug))
        for row in rows:  # the English is rendered: as long as a build would take it
            check_segment_length(
                row.english,
                what="a translation",
                filename=project.display(catalog_file),
                lineno=row.po_line,
                error=CatalogError,
            )
        html = render_review(
            rows,
            document=document,
            lang=lang,
            template_dir=template_dir,
            source_lang=project.source_lang,
        )
        outputs[target / f"{document.slug}.html"] = html.encode()
    for out, data in outputs.items():
        atomic_write(out, data, durable=False)  # made again from the catalogs
    for name, data in web_fonts(template_dir).items():  # the fonts the sheets link
        files.write_if_changed(target / name, data, durable=False)
    if target.is_dir():
        for old in target.glob("*.html"):
            if old not in outputs:
                old.unlink()
    return sorted(outputs)
