"""Quality checks for translated catalog entries, aware of Markdown, like Weblate's.

Each check is a plain function collected in `CHECKS`, as in babel's ``checkers.py``;
what they read in a string (prose, Markdown marks and blocks, numbers, words, links)
comes from `pipeline.checktext`, which reads each distinct string once.
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
length              warning   ignore-length
glossary            error     ignore-glossary, ignore-check-glossary
too-long            error     none (past ``MAX_SEGMENT_CHARS`` no other check runs)
==================  ========  ===============================================================
"""

from __future__ import annotations

import json
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass

from babel.messages.catalog import Catalog, Message

from pipeline.checks.glossary import Glossary, load_glossary
from pipeline.checks.text import (
    DOUBLE_SPACE,
    DUTCH,
    END_FLAGS,
    END_NAMES,
    INVISIBLE,
    NL_NUMBERS,
    PLACEHOLDER,
    PLAIN,
    WORD,
    Inline,
    blocks,
    end_mark,
    inline,
    link_targets,
    number_values,
    pairs,
    words,
)
from pipeline.source.document import MAX_SEGMENT_CHARS, is_safe_link

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

ERROR, WARNING = "error", "warning"
#: Source length (characters) below which the length ratio says nothing.
MIN_LENGTH = 20
#: Translated entries needed before the catalog's own median length ratio is trusted.
MIN_SAMPLES = 5
#: English runs about as long as Dutch: the norm for catalogs too small to measure.
DEFAULT_RATIO = 1.0


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with one catalog entry."""

    #: The catalog as users see it, e.g. ``content/en/<slug>.po``.
    path: str
    #: The entry's line (the 1-based line of its ``msgid``).
    line: int
    #: The check's name, e.g. ``numbers``.
    check: str
    #: ``"error"`` or ``"warning"``.
    severity: str
    #: One line, in plain words, naming what differs.
    message: str
    #: The entry's msgid (the singular, for plural entries).
    msgid: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}"


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What the checks found in one catalog."""

    #: The findings, in catalog order (and check order within an entry).
    findings: list[Finding]
    #: How many findings a flag in the PO file silenced.
    silenced: int


@dataclass(frozen=True, slots=True)
class Context:
    """What the checks know beyond the entry: the catalog's norms and the languages."""

    #: The terminology, or ``None`` to skip the glossary check.
    glossary: Glossary | None
    #: The catalog's median translation/source length ratio.
    norm: float
    #: The source locale (``nl``): its number format, and whether the dutch check applies.
    source_lang: str
    #: The target locale (``en``): its number format.
    target_lang: str


@dataclass(frozen=True, slots=True)
class Check:
    """A check: its name, severity, silencing flags and function."""

    #: The name findings carry.
    name: str
    #: ``"error"`` or ``"warning"``.
    severity: str
    #: Flags that silence every problem of this check.
    flags: tuple[str, ...]
    #: ``(pair, context) -> problems``.
    function: Callable[[Pair, Context], list[Problem]]


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check function reports: the message and flags that silence just this."""

    #: One line, in plain words.
    message: str
    #: Weblate flags that silence this problem beyond the check's own flags.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pair:
    """A source string and its translation, each with its inline Markdown read once."""

    #: The msgid (or msgid_plural).
    source: str
    #: The msgstr (or one plural form).
    translation: str
    #: Whether the strings are format strings (templates, ``python-format``).
    formatted: bool
    #: The source's prose, marks and addresses.
    source_inline: Inline
    #: The translation's prose, marks and addresses.
    translation_inline: Inline

    @classmethod
    def of(cls, source: str, translation: str, *, formatted: bool) -> Pair:
        return cls(source, translation, formatted, inline(source), inline(translation))

    @property
    def source_prose(self) -> str:
        """The source's text outside markup, code, URLs and placeholders."""
        return self.source_inline.prose

    @property
    def translation_prose(self) -> str:
        """The translation's text outside markup, code, URLs and placeholders."""
        return self.translation_inline.prose


# ---------------------------------------------------------------- the checks

_BLOCK_NAMES = {
    "paragraph": "a paragraph",
    "heading": "a heading",
    "blockquote": "a quote",
    "bullet_list": "a bulleted list",
    "ordered_list": "a numbered list",
    "code_block": "an indented code block",
    "fence": "a code fence",
    "hr": "a horizontal rule",
    "table": "a table",
    "front_matter": "front matter",
}
_DUTCH_MIN, _DUTCH_SHARE = 2, 0.15


def _markdown(pair: Pair, context: Context) -> list[Problem]:
    problems = []
    source_marks, target_marks = pair.source_inline.marks, pair.translation_inline.marks
    if source_marks != target_marks:
        for difference in _differences(source_marks, target_marks):
            links = difference.startswith(("link", "image"))
            problems.append(
                Problem(difference, ("ignore-md-link" if links else "ignore-md-syntax",))
            )
    # The msgid is one block's inline content: the translation must parse to the same
    # block shape, or a leading "# " or "1986. " would turn prose into a heading or list.
    translation = blocks(pair.translation)
    if translation != PLAIN:  # a plain paragraph injects nothing
        source = blocks(pair.source)
        if translation != source:
            problems.append(
                Problem(
                    f"the translation parses as {_describe(translation)}, "
                    f"the source as {_describe(source)}",
                    ("ignore-md-syntax",),
                )
            )
    for end, what in (("\\", "a backslash"), ("  ", "two spaces")):
        if pair.translation.endswith(end) and not pair.source.endswith(end):
            problems.append(
                Problem(
                    f"the translation ends with {what} (a hard line break)", ("ignore-md-syntax",)
                )
            )
    return problems


def _placeholders(pair: Pair, context: Context) -> list[Problem]:
    if not pair.formatted:
        return []
    return [
        Problem(d)
        for d in _differences(
            Counter(f"placeholder {p!r}" for p in PLACEHOLDER.findall(pair.source)),
            Counter(f"placeholder {p!r}" for p in PLACEHOLDER.findall(pair.translation)),
        )
    ]


def _numbers(pair: Pair, context: Context) -> list[Problem]:
    source = number_values(pair.source_prose, context.source_lang, context.target_lang)
    target = number_values(pair.translation_prose, context.target_lang, None)
    if source == target:  # most entries: the same numbers, or none
        return []
    missing = _subtract(source, target)
    extra = _subtract(target, source)
    if extra and context.source_lang == "nl":  # "zeven" may become "7"
        spelled = {
            NL_NUMBERS[w] for w in WORD.findall(pair.source_prose.lower()) if w in NL_NUMBERS
        }
        extra = [(text, value) for text, value in extra if value not in spelled]
    return [Problem(f"{text!r} has no counterpart in the translation") for text, _ in missing] + [
        Problem(f"{text!r} in the translation has no counterpart in the source")
        for text, _ in extra
    ]


def _urls(pair: Pair, context: Context) -> list[Problem]:
    source, target = pair.source_inline.urls, pair.translation_inline.urls
    if source == target:  # most entries: none
        return []
    return [
        Problem(d)
        for d in _differences(
            Counter(f"address {u!r}" for u in source), Counter(f"address {u!r}" for u in target)
        )
    ]


def _same(pair: Pair, context: Context) -> list[Problem]:
    if pair.source.strip() != pair.translation.strip():
        return []
    # Names, acronyms and numbers stay as they are ("1. Migraine"): only text with
    # ordinary words left unchanged is suspect.
    if not any(
        w[0].islower() and len(w) > 1 or w.lower() in DUTCH for w in words(pair.source_prose)
    ):
        return []
    return [Problem("the translation is the same as the source")]


def _dutch(pair: Pair, context: Context) -> list[Problem]:
    if context.source_lang != "nl":
        return []
    found = words(pair.translation_prose)
    dutch = [w for w in found if w.lower() in DUTCH]
    # English prose has one now and then ("de novo"); a Dutch sentence has many.
    if len(dutch) < _DUTCH_MIN or len(dutch) < _DUTCH_SHARE * len(found):
        return []
    shown = ", ".join(dict.fromkeys(w.lower() for w in dutch))
    return [
        Problem(
            f"the translation reads as Dutch ({len(dutch)} of {len(found)} words "
            f"are Dutch function words: {shown})"
        )
    ]


def _end_punctuation(pair: Pair, context: Context) -> list[Problem]:
    source, target = end_mark(pair.source_prose), end_mark(pair.translation_prose)
    if source == target:
        return []
    flags = tuple(END_FLAGS[m] for m in (source, target) if m)
    return [
        Problem(
            f"the source ends with {END_NAMES[source]}, the translation with {END_NAMES[target]}",
            flags,
        )
    ]


def _double_space(pair: Pair, context: Context) -> list[Problem]:
    if "  " not in pair.translation:  # what DOUBLE_SPACE needs
        return []
    found = DOUBLE_SPACE.search(pair.translation)
    if found is None or DOUBLE_SPACE.search(pair.source):
        return []
    around = pair.translation[max(found.start() - 12, 0) : found.end() + 12]
    return [Problem(f"the translation has a double space: {around!r}")]


def _whitespace(pair: Pair, context: Context) -> list[Problem]:
    problems = []
    for where, strip, flag in (
        ("starts", str.lstrip, "ignore-begin-space"),
        ("ends", str.rstrip, "ignore-end-space"),
    ):
        source, target = (_edge(s, strip, where) for s in (pair.source, pair.translation))
        if source != target:
            problems.append(
                Problem(
                    f"the translation {where} with {target!r}, the source with {source!r}", (flag,)
                )
            )
    return problems


def _invisible(pair: Pair, context: Context) -> list[Problem]:
    targets = INVISIBLE.findall(pair.translation)
    if not targets:
        return []
    source = Counter(INVISIBLE.findall(pair.source))
    problems = []
    for char, count in Counter(targets).items():
        if count > source[char]:
            name = unicodedata.name(char, "control character")
            flags = ("ignore-zero-width-space",) if char == "\u200b" else ()
            problems.append(
                Problem(f"U+{ord(char):04X} {name} in the translation is not in the source", flags)
            )
    return problems


def _length(pair: Pair, context: Context) -> list[Problem]:
    if len(pair.source) < MIN_LENGTH:
        return []
    ratio = len(pair.translation) / len(pair.source)
    if context.norm * 0.5 <= ratio <= context.norm * 2:
        return []
    return [
        Problem(
            f"the translation is {ratio:.2f} times as long as the source; "
            f"this catalog's norm is {context.norm:.2f}"
        )
    ]


def _unsafe_link(pair: Pair, context: Context) -> list[Problem]:
    return _unsafe_in(pair.source, "source") + _unsafe_in(pair.translation, "translation")


def _unsafe_in(text: str, side: str) -> list[Problem]:
    """A problem for each link or image target in ``text`` that publishing refuses."""
    found = []
    for target in dict.fromkeys(link_targets(text)):
        if not is_safe_link(target):
            shown = target if len(target) <= 60 else target[:57] + "..."
            found.append(
                Problem(
                    f"the {side} links to {shown!r}: only http, https, mailto "
                    "and relative links are published; it shows as plain text"
                )
            )
    return found


def _glossary(pair: Pair, context: Context) -> list[Problem]:
    if context.glossary is None:
        return []
    return [
        Problem(
            f"the source has {found!r}, the translation lacks "
            + " or ".join(repr(en) for en in term.target)
            + f" (glossary line {term.line})"
        )
        for found, term in context.glossary.missing(pair.source_prose, pair.translation_prose)
    ]


# ---------------------------------------------------------------- comparing the sides


def _differences(source: Mapping[str, int], target: Mapping[str, int]) -> list[str]:
    """A sentence for each item the two sides hold a different number of times."""
    result = []
    for item in sorted(source.keys() | target.keys()):
        s, t = source.get(item, 0), target.get(item, 0)
        if t == 0:
            result.append(f"{item} is missing from the translation")
        elif s == 0:
            result.append(f"{item} is in the translation, not in the source")
        elif s != t:
            result.append(f"{item}: {s} in the source, {t} in the translation")
    return result


def _describe(found: tuple[tuple[str, str], ...]) -> str:
    if not found:
        return "nothing (a link reference definition?)"
    kind, marker = found[0]
    name = _BLOCK_NAMES.get(kind, kind) + (f" ({marker!r})" if marker else "")
    if len(found) > 1 and kind == "paragraph":
        return f"{name} and more blocks (a blank line or a block marker inside)"
    return name


def _subtract(
    left: Sequence[tuple[str, str]], right: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    remaining = Counter(value for _, value in right)
    result = []
    for text, value in left:
        if remaining[value]:
            remaining[value] -= 1
        else:
            result.append((text, value))
    return result


def _edge(text: str, strip: Callable[[str], str], where: str) -> str:
    rest = len(strip(text))
    return text[: len(text) - rest] if where == "starts" else text[rest:]


#: Every check, in the order findings for one entry are listed.
CHECKS: list[Check] = [
    Check("markdown", ERROR, ("ignore-markdown",), _markdown),
    Check("placeholders", ERROR, ("ignore-placeholders", "ignore-python-format"), _placeholders),
    Check("numbers", ERROR, ("ignore-numbers",), _numbers),
    Check("urls", ERROR, ("ignore-urls", "ignore-url"), _urls),
    Check("glossary", ERROR, ("ignore-glossary", "ignore-check-glossary"), _glossary),
    Check("invisible", ERROR, ("ignore-invisible",), _invisible),
    Check("unsafe-link", ERROR, ("ignore-unsafe-link",), _unsafe_link),
    Check("same", WARNING, ("ignore-same",), _same),
    Check("dutch", WARNING, ("ignore-dutch",), _dutch),
    Check("end-punctuation", WARNING, ("ignore-end-punctuation",), _end_punctuation),
    Check("double-space", WARNING, ("ignore-double-space",), _double_space),
    Check("whitespace", WARNING, ("ignore-whitespace",), _whitespace),
    Check("length", WARNING, ("ignore-length",), _length),
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
    """
    messages = [m for m in catalog if m.id]
    context = Context(
        glossary=glossary,
        norm=_length_norm(messages),
        source_lang=source_lang,
        target_lang=target_lang,
    )
    findings: list[Finding] = []
    silenced = 0
    for message in messages:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        for name, severity, problem in _problems(message, context):
            if message.flags.intersection(problem.flags):
                silenced += 1
                continue
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
    return CheckReport(findings=findings, silenced=silenced)


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
                for problem in _unsafe_in(source, "source"):
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
        if not m.fuzzy
        for s, t in pairs(m)
        if t and len(s) >= MIN_LENGTH
    ]
    return statistics.median(ratios) if len(ratios) >= MIN_SAMPLES else DEFAULT_RATIO


def report_json(reports: list[CheckReport]) -> str:
    """A stable JSON document of ``reports`` for machines: findings, counts, silenced."""
    findings = [asdict(f) for report in reports for f in report.findings]
    counts = {ERROR: 0, WARNING: 0}
    for finding in findings:
        counts[finding["severity"]] += 1
    document = {
        "version": 1,
        "findings": findings,
        "counts": counts,
        "silenced": sum(r.silenced for r in reports),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
