"""Translation statistics per catalog: entries and words reviewed, fuzzy, untranslated."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from babel.messages.catalog import Catalog, Message

from pipeline import po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.issue_catalogs import issue_template
from pipeline.project import TEMPLATES_DOMAIN, Project
from pipeline.publish.article import decide_article, errors_of
from pipeline.release import count_words
from pipeline.runs.quality import check
from pipeline.source.issues import issue_catalog_path, issue_ids
from pipeline.source.load import read_source
from pipeline.source.segments import Segment, segments


@dataclass(frozen=True, slots=True)
class Stats:
    """The state of one catalog (an article, or the templates' ``_templates``) in one language."""

    #: The language translated into, e.g. ``en``.
    lang: str
    #: The catalog's name: the article's slug, ``_templates``, or ``total``.
    name: str
    #: Active entries (the header and obsolete entries left out).
    segments: int
    #: Words of the Dutch msgids of the active entries.
    source_words: int
    #: Entries translated and not fuzzy (msgfmt's "translated messages").
    reviewed: int
    #: Entries with a translation marked fuzzy (msgfmt's "fuzzy translations").
    fuzzy: int
    #: Entries with an empty msgstr, fuzzy or not (msgfmt's "untranslated messages").
    untranslated: int
    #: Obsolete (``#~``) entries, kept by the merge but never shipped.
    obsolete: int
    #: Source segments kept as they are: not in the catalog, done by definition.
    verbatim: int
    #: Words of the reviewed entries' msgids.
    reviewed_words: int
    #: Words of the verbatim segments (each occurrence counts).
    verbatim_words: int
    #: Of an article, its edition (``catalogs.edition``): ``current``, ``outdated`` or
    #: ``held-back``; empty for the other catalogs.
    edition: str = ""
    #: Of an article, the words of its Dutch left to translate or review.
    words_left: int = 0

    @property
    def percent_reviewed(self) -> float:
        """Share of the article's words that can ship, 0–100.

        Verbatim words count as reviewed: they ship as they are, so an article whose
        only untranslated-looking text is a list of sources is complete. An empty
        catalog is 100% done (nothing is left to review).
        """
        total = self.source_words + self.verbatim_words
        if total == 0:
            return 100.0
        return 100.0 * (self.reviewed_words + self.verbatim_words) / total


def _singular(value: str | tuple[str, ...] | list[str] | None) -> str:
    """The text itself, or of a plural entry its first form (the one msgfmt checks)."""
    if value is None or isinstance(value, str):
        return value or ""
    return value[0] if value else ""


def _is_header(message: Message) -> bool:
    return message.id == "" and not message.context


def catalog_stats(
    catalog: Catalog, *, lang: str, name: str, verbatim_segments: Iterable[Segment] = ()
) -> Stats:
    """Count one catalog's entries the way ``msgfmt --statistics`` does.

    msgfmt calls an entry untranslated when its (first) msgstr is empty, even when
    it is also marked fuzzy; fuzzy when it has a msgstr and the flag; translated
    otherwise. Obsolete entries and the header count for none of these.
    """
    active = [m for m in catalog if not _is_header(m)]
    words = reviewed = fuzzy = untranslated = reviewed_words = 0
    for message in active:
        n = count_words(_singular(message.id))
        words += n
        if not _singular(message.string):
            untranslated += 1
        elif message.fuzzy:
            fuzzy += 1
        else:
            reviewed += 1
            reviewed_words += n
    kept = list(verbatim_segments)
    return Stats(
        lang=lang,
        name=name,
        segments=len(active),
        source_words=words,
        reviewed=reviewed,
        fuzzy=fuzzy,
        untranslated=untranslated,
        obsolete=len(catalog.obsolete),
        verbatim=len(kept),
        reviewed_words=reviewed_words,
        verbatim_words=sum(count_words(s.text) for s in kept),
    )


def project_stats(project: Project, lang: str) -> list[Stats]:
    """Every article of ``content/nl``, the templates' catalog and every newsletter issue's.

    An article without a catalog yet counts as its fresh template: every segment
    untranslated (what ``update`` would write), so new articles are not hidden.
    """
    project.languages.check(lang, targets_only=True)
    found: list[Stats] = []
    date = catalogs.creation_date()
    # The release's check errors, from the check's cache (worked out once per catalog).
    checked = {r.findings[0].path: r for r in check(project, lang, errors_only=True) if r.findings}
    for path in project.articles():
        document = read_source(project, path)
        found_segments = segments(document)
        read = _read_or(project, lang, document.slug)
        catalog = (
            read
            if read is not None
            else catalogs.segments_template(document.slug, found_segments, date=date)
        )
        kept = [s for s in found_segments if s.verbatim]
        stat = catalog_stats(catalog, lang=lang, name=document.slug, verbatim_segments=kept)
        report = checked.get(project.display(project.catalog_path(lang, document.slug)))
        errors = errors_of(report) if report is not None else {}
        _, decision = decide_article(
            project, lang, document.slug, document, catalog=read, errors=errors
        )
        edition = decision.edition
        found.append(replace(stat, edition=edition.state, words_left=edition.words_left))
    read = _read_or(project, lang, TEMPLATES_DOMAIN)
    if read is None:
        read = catalogs.ui_template(project.templates_dir, "templates", date=date)
    found.append(catalog_stats(read, lang=lang, name=TEMPLATES_DOMAIN))
    for issue_id in issue_ids(project):  # the newsletter issues, as "newsletters/<id>"
        path = issue_catalog_path(project, lang, issue_id)
        catalog = (
            po.read_po(path, display_name=project.display(path))
            if path.exists()
            else issue_template(project, issue_id, date=date)
        )
        found.append(catalog_stats(catalog, lang=lang, name=f"newsletters/{issue_id}"))
    return sorted(found, key=lambda s: s.name)


def _read_or(project: Project, lang: str, name: str) -> Catalog | None:
    path = project.catalog_path(lang, name)
    if not path.exists():
        return None
    return po.read_po(path, display_name=project.display(path))


_COUNTS = tuple(f.name for f in fields(Stats) if f.name not in ("lang", "name", "edition"))


def totals(stats: list[Stats]) -> Stats:
    """The sum of ``stats``, named ``total`` (its language ``*`` when they mix languages)."""
    langs = sorted({s.lang for s in stats})
    lang = langs[0] if len(langs) == 1 else ("*" if langs else "")
    sums = {key: sum(getattr(s, key) for s in stats) for key in _COUNTS}
    return Stats(lang=lang, name="total", **sums)


#: Table columns: heading, and how to get the cell from a Stats.
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("catalog", "name"),
    ("lang", "lang"),
    ("segments", "segments"),
    ("words", "source_words"),
    ("reviewed", "reviewed"),
    ("fuzzy", "fuzzy"),
    ("untranslated", "untranslated"),
    ("obsolete", "obsolete"),
    ("verbatim", "verbatim"),
    ("% reviewed", "percent_reviewed"),
    ("words left", "words_left"),
    ("edition", "edition"),
)


def _cell(stat: Stats, key: str) -> str:
    value = getattr(stat, key)
    if key == "edition":
        return value or "-"  # a catalog that is no article (and the totals)
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def stats_table(stats: list[Stats]) -> str:
    """A plain-text table, names left-aligned and numbers right-aligned, with a totals row."""
    body = [[_cell(s, key) for _, key in _COLUMNS] for s in stats]
    total = [_cell(totals(stats), key) for _, key in _COLUMNS]
    heading = [title for title, _ in _COLUMNS]
    widths = [max(len(row[i]) for row in (heading, *body, total)) for i in range(len(heading))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(heading), rule, *map(line, body), rule, line(total)]) + "\n"


def _as_dict(stat: Stats) -> dict[str, object]:
    data: dict[str, object] = {"name": stat.name, "lang": stat.lang}
    data.update((key, getattr(stat, key)) for key in _COUNTS)
    data["percent_reviewed"] = round(stat.percent_reviewed, 2)
    if stat.edition:  # an article's: ``edition`` (current, outdated, held-back)
        data["edition"] = stat.edition
    return data


def stats_json(stats: list[Stats]) -> str:
    """The same numbers as JSON, keys in a fixed order: ``catalogs`` then ``totals``."""
    data = {"catalogs": [_as_dict(s) for s in stats], "totals": _as_dict(totals(stats))}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
