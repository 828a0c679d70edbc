"""Quality checks for translated catalog entries, aware of Markdown, like Weblate's.

Each check is a plain function collected in `CHECKS`, as in babel's ``checkers.py``.
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
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import lru_cache

from babel.messages.catalog import Catalog, Message
from babel.numbers import get_decimal_symbol, get_group_symbol
from markdown_it import MarkdownIt

from pipeline.document import MAX_SEGMENT_CHARS, is_safe_link, markdown_parser, parse_inline
from pipeline.glossary import Glossary, load_glossary

__all__ = ["CHECKS", "Check", "CheckReport", "Finding", "Glossary", "check_catalog",
           "load_glossary", "report_json"]

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
    """A source string and its translation, with their prose (text without markup)."""

    #: The msgid (or msgid_plural).
    source: str
    #: The msgstr (or one plural form).
    translation: str
    #: Whether the strings are format strings (templates, ``python-format``).
    formatted: bool
    #: The source's text outside markup, code, URLs and placeholders.
    source_prose: str
    #: The translation's text outside markup, code, URLs and placeholders.
    translation_prose: str

    @classmethod
    def of(cls, source: str, translation: str, *, formatted: bool) -> Pair:
        return cls(source, translation, formatted, _prose(source), _prose(translation))


# ---------------------------------------------------------------- the checks

#: Inline token types the markdown check counts, and what to call them.
_MARKS = {"em_open": "emphasis", "strong_open": "strong emphasis", "hardbreak": "hard line break"}
_PLAIN = [("paragraph", "")]
_BLOCK_NAMES = {"paragraph": "a paragraph", "heading": "a heading", "blockquote": "a quote",
                "bullet_list": "a bulleted list", "ordered_list": "a numbered list",
                "code_block": "an indented code block", "fence": "a code fence",
                "hr": "a horizontal rule", "table": "a table", "front_matter": "front matter"}


def _markdown(pair: Pair, context: Context) -> list[Problem]:
    problems = []
    for difference in _differences(_inline_marks(pair.source), _inline_marks(pair.translation)):
        links = difference.startswith(("link", "image"))
        problems.append(Problem(difference, ("ignore-md-link" if links else "ignore-md-syntax",)))
    # The msgid is one block's inline content: the translation must parse to the same
    # block shape, or a leading "# " or "1986. " would turn prose into a heading or list.
    source, translation = _blocks(pair.source), _blocks(pair.translation)
    if translation != source and translation != _PLAIN:  # a plain paragraph injects nothing
        problems.append(Problem(f"the translation parses as {_describe(translation)}, "
                                f"the source as {_describe(source)}", ("ignore-md-syntax",)))
    for end, what in (("\\", "a backslash"), ("  ", "two spaces")):
        if pair.translation.endswith(end) and not pair.source.endswith(end):
            problems.append(Problem(f"the translation ends with {what} (a hard line break)",
                                    ("ignore-md-syntax",)))
    return problems


def _placeholders(pair: Pair, context: Context) -> list[Problem]:
    if not pair.formatted:
        return []
    return [Problem(d) for d in _differences(
        Counter(f"placeholder {p!r}" for p in _PLACEHOLDER.findall(pair.source)),
        Counter(f"placeholder {p!r}" for p in _PLACEHOLDER.findall(pair.translation)))]


def _numbers(pair: Pair, context: Context) -> list[Problem]:
    source = _number_values(pair.source_prose, context.source_lang, context.target_lang)
    target = _number_values(pair.translation_prose, context.target_lang, None)
    missing = _subtract(source, target)
    extra = _subtract(target, source)
    if context.source_lang == "nl":  # "zeven" may become "7"
        words = {_NL_NUMBERS[w] for w in _WORD.findall(pair.source_prose.lower())
                 if w in _NL_NUMBERS}
        extra = [(text, value) for text, value in extra if value not in words]
    return ([Problem(f"{text!r} has no counterpart in the translation") for text, _ in missing]
            + [Problem(f"{text!r} in the translation has no counterpart in the source")
               for text, _ in extra])


def _urls(pair: Pair, context: Context) -> list[Problem]:
    return [Problem(d) for d in _differences(
        Counter(f"address {u!r}" for u in _urls_in(_prose(pair.source, urls=True))),
        Counter(f"address {u!r}" for u in _urls_in(_prose(pair.translation, urls=True))))]


def _same(pair: Pair, context: Context) -> list[Problem]:
    # Names, acronyms and numbers stay as they are ("1. Migraine"): only text with
    # ordinary words left unchanged is suspect.
    words = _words(pair.source_prose)
    ordinary = any(w[0].islower() and len(w) > 1 or w.lower() in _DUTCH for w in words)
    if pair.source.strip() != pair.translation.strip() or not ordinary:
        return []
    return [Problem("the translation is the same as the source")]


def _dutch(pair: Pair, context: Context) -> list[Problem]:
    if context.source_lang != "nl":
        return []
    words = _words(pair.translation_prose)
    dutch = [w for w in words if w.lower() in _DUTCH]
    # English prose has one now and then ("de novo"); a Dutch sentence has many.
    if len(dutch) < _DUTCH_MIN or len(dutch) < _DUTCH_SHARE * len(words):
        return []
    shown = ", ".join(dict.fromkeys(w.lower() for w in dutch))
    return [Problem(f"the translation reads as Dutch ({len(dutch)} of {len(words)} words "
                    f"are Dutch function words: {shown})")]


def _end_punctuation(pair: Pair, context: Context) -> list[Problem]:
    source, target = _end_mark(pair.source_prose), _end_mark(pair.translation_prose)
    if source == target:
        return []
    flags = tuple(_END_FLAGS[m] for m in (source, target) if m)
    return [Problem(f"the source ends with {_END_NAMES[source]}, "
                    f"the translation with {_END_NAMES[target]}", flags)]


def _double_space(pair: Pair, context: Context) -> list[Problem]:
    found = _DOUBLE_SPACE.search(pair.translation)
    if found is None or _DOUBLE_SPACE.search(pair.source):
        return []
    around = pair.translation[max(found.start() - 12, 0):found.end() + 12]
    return [Problem(f"the translation has a double space: {around!r}")]


def _whitespace(pair: Pair, context: Context) -> list[Problem]:
    problems = []
    for where, strip, flag in (("starts", str.lstrip, "ignore-begin-space"),
                               ("ends", str.rstrip, "ignore-end-space")):
        source, target = (_edge(s, strip, where) for s in (pair.source, pair.translation))
        if source != target:
            problems.append(Problem(f"the translation {where} with {target!r}, "
                                    f"the source with {source!r}", (flag,)))
    return problems


def _invisible(pair: Pair, context: Context) -> list[Problem]:
    source = Counter(_INVISIBLE.findall(pair.source))
    problems = []
    for char, count in Counter(_INVISIBLE.findall(pair.translation)).items():
        if count > source[char]:
            name = unicodedata.name(char, "control character")
            flags = ("ignore-zero-width-space",) if char == "\u200b" else ()
            problems.append(Problem(f"U+{ord(char):04X} {name} in the translation "
                                    "is not in the source", flags))
    return problems


def _length(pair: Pair, context: Context) -> list[Problem]:
    if len(pair.source) < MIN_LENGTH:
        return []
    ratio = len(pair.translation) / len(pair.source)
    if context.norm * 0.5 <= ratio <= context.norm * 2:
        return []
    return [Problem(f"the translation is {ratio:.2f} times as long as the source; "
                    f"this catalog's norm is {context.norm:.2f}")]


def _unsafe_link(pair: Pair, context: Context) -> list[Problem]:
    return _unsafe_in(pair.source, "source") + _unsafe_in(pair.translation, "translation")


def _unsafe_in(text: str, side: str) -> list[Problem]:
    """A problem for each link or image target in ``text`` that publishing refuses."""
    found = []
    for target in dict.fromkeys(_link_targets(text)):
        if not is_safe_link(target):
            shown = target if len(target) <= 60 else target[:57] + "..."
            found.append(Problem(f"the {side} links to {shown!r}: only http, https, mailto "
                                 "and relative links are published; it shows as plain text"))
    return found


@lru_cache(maxsize=1)
def _any_link_parser() -> MarkdownIt:
    """The pipeline's parser, but turning every link into a link, so its target is seen."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def _link_targets(text: str) -> Iterator[str]:
    if "](" not in text and "<" not in text and "]:" not in text and "][" not in text:
        return  # no link syntax: most entries
    for block in _any_link_parser().parse(text, {}):
        for token in block.children or []:
            if token.type in ("link_open", "image"):
                yield str(token.attrGet("href") or token.attrGet("src") or "")


def _glossary(pair: Pair, context: Context) -> list[Problem]:
    if context.glossary is None:
        return []
    return [Problem(f"the source has {found!r}, the translation lacks "
                    + " or ".join(repr(en) for en in term.target)
                    + f" (glossary line {term.line})")
            for found, term in context.glossary.missing(pair.source_prose,
                                                        pair.translation_prose)]


# ---------------------------------------------------------------- what they look at

_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"]+|www\.[^\s<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")
_CLOSING = "\"'”’»)]*_ "
_END_NAMES = {".": "a full stop", "?": "a question mark", "!": "an exclamation mark",
              ":": "a colon", ";": "a semicolon", "…": "an ellipsis", "": "no punctuation"}
_END_FLAGS = {".": "ignore-end-stop", "?": "ignore-end-question", "!": "ignore-end-exclamation",
              ":": "ignore-end-colon", ";": "ignore-end-semicolon", "…": "ignore-end-ellipsis"}
#: Dutch words English never uses; words English shares (is, over, die, met, door, …) left out.
_DUTCH = frozenset(
    "de het een en van zijn niet voor op dat wordt worden ook bij naar aan om maar als dan "
    "nog wel geen hebben heeft kan kunnen deze dit er uit tot zoals waarbij te ze hij zij wij "
    "hun zich werd werden zou zouden moet moeten kon omdat wanneer waar wat wie hoe welke "
    "tussen onder tegen zonder dus echter daarom waardoor waarin hetgeen tijdens volgens "
    "vaak zeer alle andere beide heel hele veel meer hier daar hierbij daarbij ook alleen "
    "reeds steeds eerst".split())
_DUTCH_MIN, _DUTCH_SHARE = 2, 0.15
#: Lowercase words that belong to a name when a capitalised word follows (Jeroen de Baaij).
_PARTICLES = frozenset("de van der den ten ter te von et la le du di da del della dos y".split())
_NL_NUMBERS = {w: str(n) for n, w in enumerate(
    "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien "
    "vijftien zestien zeventien achttien negentien twintig".split()) if n != 1}
_NL_NUMBERS.update(dertig="30", veertig="40", vijftig="50", honderd="100", duizend="1000")


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) for each form: singular with form 0, plural with the rest."""
    if isinstance(message.id, str):
        return [(message.id, str(message.string or ""))]
    strings = list(message.string) if isinstance(message.string, (list, tuple)) else [""]
    return [(message.id[min(i, 1)], s or "") for i, s in enumerate(strings)]


def _prose(text: str, *, urls: bool = False) -> str:
    """The text outside markup and code; without URLs and placeholders unless ``urls``."""
    parts: list[str] = []
    for token in parse_inline(text, {}):
        if token.type == "text":
            parts.append(token.content)
        elif token.type == "image":
            parts.append(token.content)  # the alt text is translated
        elif token.type in ("code_inline", "softbreak", "hardbreak"):
            parts.append(" ")  # code stays as it is: no words, no numbers from it
    prose = "".join(parts)
    return prose if urls else _NAMED_PLACEHOLDER.sub(" ", _URL.sub(" ", prose))


def _inline_marks(text: str) -> Counter[str]:
    marks: Counter[str] = Counter()
    for token in parse_inline(text, {}):
        kind = _MARKS.get(token.type)
        if token.type == "link_open":
            kind = f"link to {token.attrGet('href')!r}"
        elif token.type == "image":
            kind = f"image {token.attrGet('src')!r}"
        elif token.type == "code_inline":
            kind = f"code span `{token.content}`"
        if kind:
            marks[kind] += 1
    return marks


def _differences(source: Counter[str], target: Counter[str]) -> list[str]:
    """A sentence for each item the two sides hold a different number of times."""
    result = []
    for item in sorted(source.keys() | target.keys()):
        s, t = source[item], target[item]
        if t == 0:
            result.append(f"{item} is missing from the translation")
        elif s == 0:
            result.append(f"{item} is in the translation, not in the source")
        elif s != t:
            result.append(f"{item}: {s} in the source, {t} in the translation")
    return result


def _blocks(text: str) -> list[tuple[str, str]]:
    """The block structure Markdown sees in ``text``: (type, marker) per block token."""
    return [(t.type.removesuffix("_open"), t.markup) for t in markdown_parser().parse(text, {})
            if t.nesting == 1 or (t.nesting == 0 and t.type != "inline")]


def _describe(blocks: list[tuple[str, str]]) -> str:
    if not blocks:
        return "nothing (a link reference definition?)"
    kind, marker = blocks[0]
    name = _BLOCK_NAMES.get(kind, kind) + (f" ({marker!r})" if marker else "")
    if len(blocks) > 1 and kind == "paragraph":
        return f"{name} and more blocks (a blank line or a block marker inside)"
    return name


def _number_values(prose: str, lang: str, fallback: str | None) -> list[tuple[str, str]]:
    """(as written, value) for each number, read with ``lang``'s separators."""
    found: list[tuple[str, str]] = []
    for text in re.findall(r"\d+(?:[.,\u00a0\u202f’']\d+)*", prose):
        value = _read_number(text, lang)
        if value is None and fallback is not None:  # a Dutch source may quote "2.7"
            value = _read_number(text, fallback)
        # Not a number in this locale ("2,7" in English): its digit runs must match singly.
        found += [(text, value)] if value is not None else \
            [(text, v) for v in re.findall(r"\d+", text)]
    return found


def _read_number(text: str, lang: str) -> str | None:
    group, decimal = re.escape(get_group_symbol(lang)), re.escape(get_decimal_symbol(lang))
    match = re.fullmatch(rf"(\d{{1,3}}(?:{group}\d{{3}})+|\d+)(?:{decimal}(\d+))?", text)
    if match is None:
        return None
    whole = re.sub(r"\D", "", match.group(1))
    return whole + ("." + match.group(2) if match.group(2) else "")


def _subtract(left: list[tuple[str, str]], right: list[tuple[str, str]]) -> list[tuple[str, str]]:
    remaining = Counter(value for _, value in right)
    result = []
    for text, value in left:
        if remaining[value]:
            remaining[value] -= 1
        else:
            result.append((text, value))
    return result


def _urls_in(prose: str) -> list[str]:
    return [u.rstrip(".,;:!?)]'’”") for u in _URL.findall(prose)]


def _words(prose: str) -> list[str]:
    """The words of ``prose`` without acronyms and name particles (van Gogh, Pierre et Marie)."""
    words = [w for w in _WORD.findall(prose) if not (len(w) > 1 and w.isupper())]
    kept = []
    for i, word in enumerate(words):
        if word in _PARTICLES:
            following = next((w for w in words[i + 1:] if w not in _PARTICLES), "")
            if following[:1].isupper() and following[1:2].islower():  # Baaij, not NMDA
                continue
        kept.append(word)
    return kept


def _end_mark(prose: str) -> str:
    text = _INVISIBLE.sub("", prose).rstrip(_CLOSING).replace("...", "…")
    return text[-1] if text and text[-1] in _END_FLAGS else ""


def _edge(text: str, strip: Callable[[str], str], where: str) -> str:
    rest = len(strip(text))
    return text[:len(text) - rest] if where == "starts" else text[rest:]

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


def check_catalog(catalog: Catalog, *, path: str, glossary: Glossary | None,
                  source_lang: str = "nl", target_lang: str = "en") -> CheckReport:
    """Run every check on every live entry of ``catalog`` (not the header, not obsolete ones).

    ``path`` is the catalog as users see it; findings carry it and the entry's line.
    """
    messages = [m for m in catalog if m.id]
    context = Context(glossary=glossary, norm=_length_norm(messages),
                      source_lang=source_lang, target_lang=target_lang)
    findings: list[Finding] = []
    silenced = 0
    for message in messages:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        for name, severity, problem in _problems(message, context):
            if message.flags.intersection(problem.flags):
                silenced += 1
                continue
            findings.append(Finding(path=path, line=message.lineno or 0, check=name,
                                    severity=severity, message=problem.message, msgid=msgid))
    return CheckReport(findings=findings, silenced=silenced)


def _problems(message: Message, context: Context) -> Iterator[tuple[str, str, Problem]]:
    pairs = _pairs(message)
    longest = max((len(text) for pair in pairs for text in pair), default=0)
    if longest > MAX_SEGMENT_CHARS:  # nothing else is checked: parsing it would take long
        yield "too-long", ERROR, Problem(f"a text of {longest:,} characters (a segment may "
                                         f"have at most {MAX_SEGMENT_CHARS:,})")
        return
    # The release build already refuses untranslated and fuzzy entries; these two are
    # warnings so that a review run lists them with the rest, and no flag silences them.
    if any(not translation for _, translation in pairs):
        yield "untranslated", WARNING, Problem("not translated yet")
        if "ignore-unsafe-link" not in message.flags:  # the Dutch alone may hold one
            for source, _ in pairs[:1]:
                for problem in _unsafe_in(source, "source"):
                    yield "unsafe-link", ERROR, problem
        return
    if message.fuzzy:
        yield "fuzzy", WARNING, Problem("marked fuzzy: not reviewed yet")
    formatted = "template" in message.auto_comments or "python-format" in message.flags
    seen: set[tuple[str, str]] = set()
    for source, translation in pairs:
        pair = Pair.of(source, translation, formatted=formatted)
        for check in CHECKS:
            for problem in check.function(pair, context):
                if (check.name, problem.message) in seen:  # plural forms repeat themselves
                    continue
                seen.add((check.name, problem.message))
                yield check.name, check.severity, Problem(problem.message,
                                                             check.flags + problem.flags)


def _length_norm(messages: list[Message]) -> float:
    """The median translation/source length ratio of the reviewed entries."""
    ratios = [len(t) / len(s) for m in messages if not m.fuzzy
              for s, t in _pairs(m) if t and len(s) >= MIN_LENGTH]
    return statistics.median(ratios) if len(ratios) >= MIN_SAMPLES else DEFAULT_RATIO


def report_json(reports: list[CheckReport]) -> str:
    """A stable JSON document of ``reports`` for machines: findings, counts, silenced."""
    findings = [asdict(f) for report in reports for f in report.findings]
    counts = {ERROR: 0, WARNING: 0}
    for finding in findings:
        counts[finding["severity"]] += 1
    document = {"version": 1, "findings": findings, "counts": counts,
                "silenced": sum(r.silenced for r in reports)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
