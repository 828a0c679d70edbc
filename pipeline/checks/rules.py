"""Quality checks for translated catalog entries, aware of Markdown, like Weblate's.

Each check is a plain function collected in `CHECKS`, as in babel's ``checkers.py``
(`pipeline.checks.markup`: what must survive unchanged; `pipeline.checks.wording`: the
words); what they read in a string (prose, Markdown marks and blocks, numbers, words,
links) comes from `pipeline.checks.text`, which reads each distinct string once.
A translator silences one check on one entry with a flag, ``#, ignore-<check>``;
where Weblate has the check, its flag name works too:

==================  ========  ===============================================================
check               severity  flags that silence it
==================  ========  ===============================================================
untranslated        warning   none (a release build refuses the entry anyway)
fuzzy               warning   none (a release build refuses the entry anyway)
markdown            error     ignore-markdown; ignore-md-link (links, images);
                              ignore-md-syntax (emphasis, code, line breaks, blocks)
placeholders        error     ignore-placeholders, ignore-python-format
numbers             error     ignore-numbers
urls                error     ignore-urls, ignore-url
same                warning   ignore-same
dutch               warning   ignore-dutch
end-punctuation     warning   ignore-end-punctuation; for one mark ignore-end-stop,
                              ignore-end-question, ignore-end-exclamation, ignore-end-colon,
                              ignore-end-semicolon, ignore-end-ellipsis
double-space        warning   ignore-double-space
whitespace          warning   ignore-whitespace; ignore-begin-space, ignore-end-space
invisible           error     ignore-invisible; ignore-zero-width-space (U+200B only)
unsafe-link         error     ignore-unsafe-link (the link is refused and shown as plain
                              text either way: http, https, mailto and relative only)
html                error     ignore-html (raw HTML the source does not have: ``<script>``,
                              ``<img onerror>``; pages escape it, a feed reader may not)
line-break          error     ignore-line-break (a newline, U+2028 or U+2029 the source
                              segment does not have)
blank               error     ignore-blank (a translation of nothing but whitespace)
length              warning   ignore-length
glossary            error     ignore-glossary, ignore-check-glossary
surname-particle    error     ignore-surname-particle (a glossary row whose note starts
                              with ``Name`` gives the name: Jeroen de Baaij, De Baaij)
inconsistent-term   warning   ignore-inconsistent-term (across the catalogs checked
                              together: `pipeline.checks.consistency`)
too-long            error     none (past ``MAX_SEGMENT_CHARS`` no other check runs)
==================  ========  ===============================================================
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator

from babel.messages.catalog import Catalog, Message

from pipeline.checks import consistency, markup, wording
from pipeline.checks.glossary import Glossary, load_glossary
from pipeline.checks.pair import Check, Context, Pair, Problem
from pipeline.checks.report import ERROR, WARNING, CheckReport, Finding, TermUse, report_json
from pipeline.checks.text import inline, pairs
from pipeline.checks.wording import MIN_LENGTH
from pipeline.release import is_reviewed
from pipeline.source.document import MAX_SEGMENT_CHARS

__all__ = [
    "CHECKS",
    "Check",
    "CheckReport",
    "Finding",
    "Glossary",
    "check_catalog",
    "load_glossary",
    "report_json",
]

#: Translated entries needed before the catalog's own median length ratio is trusted.
MIN_SAMPLES = 5
#: English runs about as long as Dutch: the norm for catalogs too small to measure.
DEFAULT_RATIO = 1.0

#: The Weblate flags that silence a check besides its own, ``ignore-<check>``.
WEBLATE_FLAGS: dict[str, tuple[str, ...]] = {
    "placeholders": ("ignore-python-format",),
    "urls": ("ignore-url",),
    "glossary": ("ignore-check-glossary",),
}


def _checks(severity: str, *functions: Callable[[Pair, Context], list[Problem]]) -> list[Check]:
    """A check of ``severity`` for each function, named after it (``surname_particle``:
    ``surname-particle``) and silenced by ``ignore-<name>`` and its :data:`WEBLATE_FLAGS`."""
    checks = []
    for function in functions:
        name = function.__name__.replace("_", "-")
        flags = (f"ignore-{name}", *WEBLATE_FLAGS.get(name, ()))
        checks.append(Check(name, severity, flags, function))
    return checks


#: Every check, in the order findings for one entry are listed: the errors, then the warnings.
CHECKS: list[Check] = [
    *_checks(
        ERROR,
        markup.markdown,
        markup.placeholders,
        markup.numbers,
        markup.urls,
        wording.glossary,
        wording.surname_particle,
        markup.invisible,
        markup.unsafe_link,
        markup.html,
        markup.line_break,
        markup.blank,
    ),
    *_checks(
        WARNING,
        wording.same,
        wording.dutch,
        wording.end_punctuation,
        wording.double_space,
        wording.whitespace,
        wording.length,
    ),
]


def check_catalog(
    catalog: Catalog,
    *,
    path: str,
    glossary: Glossary | None,
    source_lang: str = "nl",
    target_lang: str = "en",
) -> CheckReport:
    """Run every check on every live entry of ``catalog`` (not the header, not obsolete ones).

    ``path`` is the catalog as users see it; findings carry it and the entry's line.
    An entry nobody reviewed (fuzzy or untranslated) has warnings only: its errors are
    the translator's to fix before review, not a release's (:mod:`pipeline.release`).
    """
    messages = [m for m in catalog if m.id]
    context = Context(
        glossary=glossary,
        norm=_length_norm(messages),
        source_lang=source_lang,
        target_lang=target_lang,
    )
    findings: list[Finding] = []
    terms: list[TermUse] = []
    silenced = 0
    for message in messages:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        reviewed = is_reviewed(message.string, message.fuzzy)
        if glossary is not None and reviewed:
            terms += _term_uses(message, glossary, path=path, msgid=msgid)
        for name, severity, problem in _problems(message, context):
            if message.flags.intersection(problem.flags):
                silenced += 1
                continue
            if not reviewed:
                severity = WARNING
            findings.append(
                Finding(
                    path=path,
                    line=message.lineno or 0,
                    check=name,
                    severity=severity,
                    message=problem.message,
                    msgid=msgid,
                )
            )
    return CheckReport(findings=findings, silenced=silenced, terms=tuple(terms))


def _term_uses(message: Message, glossary: Glossary, *, path: str, msgid: str) -> list[TermUse]:
    """The glossary terms with English alternatives a reviewed entry renders, and how."""
    entry_pairs = pairs(message)
    if any(
        not t or len(s) > MAX_SEGMENT_CHARS or len(t) > MAX_SEGMENT_CHARS for s, t in entry_pairs
    ):
        return []
    uses: dict[tuple[int, int], TermUse] = {}  # plural forms repeat themselves
    for source, translation in entry_pairs:
        for found, term, rank in glossary.used(inline(source).prose, inline(translation).prose):
            uses.setdefault(
                (term.line, rank),
                TermUse(
                    term=term.line,
                    source=found,
                    target=term.target[rank],
                    rank=rank,
                    path=path,
                    line=message.lineno or 0,
                    msgid=msgid,
                    silenced=consistency.FLAG in message.flags,
                ),
            )
    return list(uses.values())


def _problems(message: Message, context: Context) -> Iterator[tuple[str, str, Problem]]:
    entry_pairs = pairs(message)
    longest = max((len(text) for pair in entry_pairs for text in pair), default=0)
    if longest > MAX_SEGMENT_CHARS:  # nothing else is checked: parsing it would take long
        yield (
            "too-long",
            ERROR,
            Problem(
                f"a text of {longest:,} characters (a segment may "
                f"have at most {MAX_SEGMENT_CHARS:,})"
            ),
        )
        return
    # The release build already refuses untranslated and fuzzy entries; these two are
    # warnings so that a review run lists them with the rest, and no flag silences them.
    if any(not translation for _, translation in entry_pairs):
        yield "untranslated", WARNING, Problem("not translated yet")
        if "ignore-unsafe-link" not in message.flags:  # the Dutch alone may hold one
            for source, _ in entry_pairs[:1]:
                for problem in markup.unsafe_in(source, "source"):
                    yield "unsafe-link", ERROR, problem
        return
    if message.fuzzy:
        yield "fuzzy", WARNING, Problem("marked fuzzy: not reviewed yet")
    formatted = "template" in message.auto_comments or "python-format" in message.flags
    seen: set[tuple[str, str]] = set()
    for source, translation in entry_pairs:
        pair = Pair.of(source, translation, formatted=formatted)
        for check in CHECKS:
            for problem in check.function(pair, context):
                if (check.name, problem.message) in seen:  # plural forms repeat themselves
                    continue
                seen.add((check.name, problem.message))
                yield (
                    check.name,
                    check.severity,
                    Problem(problem.message, check.flags + problem.flags),
                )


def _length_norm(messages: list[Message]) -> float:
    """The median translation/source length ratio of the reviewed entries."""
    ratios = [
        len(t) / len(s)
        for m in messages
        if is_reviewed(m.string, m.fuzzy)
        for s, t in pairs(m)
        if t and len(s) >= MIN_LENGTH
    ]
    return statistics.median(ratios) if len(ratios) >= MIN_SAMPLES else DEFAULT_RATIO
