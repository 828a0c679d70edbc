"""Import a scraped plain-text newsletter article into Markdown with YAML front matter."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml

from pipeline.errors import SourceError
from pipeline.files import atomic_write


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """One imported article: its file-name slug and the whole Markdown file."""

    slug: str
    markdown: str


@dataclass(frozen=True, slots=True)
class _Line:
    lineno: int
    text: str


# NBSP, tabs and line/paragraph separators are layout noise from the scraper;
# other Unicode spaces (thin, narrow no-break) are typography and are kept.
_NOISE_SPACE_RE = re.compile(r"[ \t\v\f\u00a0\u2028\u2029]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_DATE_RE = re.compile(r"gepubliceerd op\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*(.*)$", re.I)
_IMAGE_RE = re.compile(r"[^\s/<>]+\.(?:jpe?g|png|gif|webp)", re.I)
# An item needs a letter or digit: "* * *" is a separator, not a list.
_BULLET_RE = re.compile(r"(?:[•·] ?|[-*–] )(?P<text>\S.*\w.*|\w)")
# Up to three digits: a year such as "1986. " opens a sentence, not a list.
_NUMBERED_RE = re.compile(r"(?P<num>\d{1,3})(?P<delim>[.)]) (?P<text>\S.*)")
_DOMAIN = r"(?:[A-Za-z0-9-]+\.)+[a-z]{2,24}"
_URL_LINE_RE = re.compile(
    rf"https?://[^\s<>]+|www\.{_DOMAIN}(?:/[^\s<>]*)?|{_DOMAIN}/[^\s<>]*"
    r"|(?:[A-Za-z0-9-]+\.)+(?:nl|be|com|org|net|eu|info)"
)
# In running text a scheme-less URL needs "www." or a path, so "receptor.Dat" stays text.
_URL_IN_TEXT_RE = re.compile(
    rf"(?<![\w/@.\\])(?:https?://[^\s<>]+|www\.{_DOMAIN}[^\s<>]*|{_DOMAIN}/[^\s<>]*)"
)
_URL_TRAILING = ".,;:!?'\"’”»"
_SOURCES_RE = re.compile(r"(?:bron(?:nen|vermelding)?|referenties|literatuur(?:lijst)?):?", re.I)
_NAME_PARTICLES = frozenset("de den der van von ten ter te het 't ’t la le du di da el".split())
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_EMAIL_AUTOLINK_RE = re.compile(r"<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]")
# Letters NFKD does not decompose into ASCII.
_LIGATURES = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe"})
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def import_text(text: str, *, filename: str) -> ImportedArticle:
    """Turn one scraped article text into an :class:`ImportedArticle`."""
    lines = _clean_lines(text, filename)
    if not lines:
        _fail(filename, 1, "empty text: nothing to import")
    title, date, body, title_line = _split_header(lines, filename)
    image = None
    if body and _IMAGE_RE.fullmatch(body[-1].text):
        image = body.pop().text
    if not body:
        _fail(filename, title_line, "no body text after the title")
    blocks, verbatim, sections = _render_body(body, title)
    fields = (
        ("title", title),
        ("date", date),
        ("image", image),
        ("verbatim", verbatim),
        ("verbatim_sections", sections),
    )
    meta: dict[str, object] = {key: value for key, value in fields if value}  # only keys present
    front = _dump_front_matter(meta, filename)
    slug = slugify(title)
    if not slug:
        _fail(filename, title_line, f"title {title!r} gives an empty slug")
    return ImportedArticle(slug=slug, markdown=f"---\n{front}---\n\n" + "\n\n".join(blocks) + "\n")


def write_article(article: ImportedArticle, content_dir: Path) -> Path:
    """Write ``article`` atomically to ``content_dir/<slug>.md`` and return that path."""
    path = content_dir / f"{article.slug}.md"
    atomic_write(path, article.markdown.encode("utf-8"))
    return path


def slugify(title: str) -> str:
    """Lowercase ASCII slug: accents stripped, non-alphanumeric runs become ``-``."""
    text = title.translate(_LIGATURES)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _clean_lines(text: str, filename: str) -> list[_Line]:
    """NFC, whitespace noise removed; only non-blank lines, with their 1-based numbers."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    result = []
    for lineno, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        # Markdown would drop or mangle a control character, and UTF-8 cannot hold a surrogate.
        if bad := _CONTROL_RE.search(raw):
            _fail(filename, lineno, f"control or invalid character U+{ord(bad[0]):04X} in text")
        line = _NOISE_SPACE_RE.sub(" ", raw).strip()
        if line:  # blank and NBSP-only lines only separate blocks; each line is a block anyway
            result.append(_Line(lineno, line))
    return result


def _fail(filename: str, lineno: int, message: str) -> NoReturn:
    raise SourceError(message, filename=filename, lineno=lineno)


def _split_header(
    lines: list[_Line], filename: str
) -> tuple[str, datetime.date | None, list[_Line], int]:
    """Title and date from the crumb/date lines; also the body lines and the title's line number."""
    crumb = lines[0].text.startswith("«")
    crumb_title = lines[0].text.strip("«» ") if crumb else None
    date, date_title, date_idx = None, None, None
    for idx, line in enumerate(lines[:3]):
        if line.text.lower().startswith("gepubliceerd op"):
            date, date_title = _parse_date_line(line, filename)
            date_idx = idx
            break
    if date_idx is not None and date_title and crumb_title and date_title != crumb_title:
        # A crumb cut short by an ellipsis is completed by the date line; anything else is lost.
        cut = crumb_title.rstrip("….").strip() if crumb_title.endswith(("…", "...")) else ""
        if not (cut and date_title.startswith(cut)):
            _fail(
                filename,
                lines[date_idx].lineno,
                f"title after the date {date_title!r} differs from the crumb {crumb_title!r}",
            )
        crumb_title = date_title
    title = crumb_title or date_title
    if crumb and not title:  # "« »": the page had a title slot but the scrape lost it
        _fail(filename, lines[0].lineno, "no title found: the crumb is empty")
    used = {0} if crumb else set()
    if date_idx is not None:
        used.add(date_idx)
    title_line = lines[date_idx if date_idx is not None and not crumb else 0].lineno
    if not title:
        first = next((i for i in range(len(lines)) if i not in used), None)
        candidate = lines[first].text if first is not None else ""
        if len(candidate) > 150 or _kind(candidate) not in ("short", "text"):
            at = lines[first if first is not None else 0].lineno
            _fail(filename, at, "no title found: expected a crumb, a date line or a title line")
        assert first is not None
        title, title_line = lines[first].text.strip("«» "), lines[first].lineno
        used.add(first)
    body = [line for i, line in enumerate(lines) if i not in used]
    if body and body[0].text.strip("«» ") == title:  # the page repeats its title above the text
        body.pop(0)
    return title, date, body, title_line


def _parse_date_line(line: _Line, filename: str) -> tuple[datetime.date, str]:
    match = _DATE_RE.match(line.text)
    if not match:
        _fail(filename, line.lineno, "unreadable date: expected 'Gepubliceerd op DD-MM-YYYY'")
    day, month, year, rest = match.groups()
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError as exc:
        _fail(filename, line.lineno, f"impossible date {day}-{month}-{year}: {exc}")
    return date, rest.strip("«» ")


def _kind(text: str) -> str:
    """Classify a body line: "bullet", "url", "image", "short" (heading-like) or "text"."""
    if _BULLET_RE.fullmatch(text):
        return "bullet"
    if _URL_LINE_RE.fullmatch(text):
        return "url"
    if _IMAGE_RE.fullmatch(text):
        return "image"
    end = text.rstrip("\"'”’»)]")  # a sentence may end inside quotes or brackets
    return "short" if len(text) < 100 and not end.endswith((".", ",", ";")) else "text"


def _opens_text(body: list[_Line], i: int) -> bool:
    """Whether running text starts at ``body[i]``; a lead-in ending in ":" before a list counts."""
    if i >= len(body):
        return False
    text = body[i].text
    if (
        text.endswith(":")
        and i + 1 < len(body)
        and (_kind(body[i + 1].text) == "bullet" or _NUMBERED_RE.fullmatch(body[i + 1].text))
    ):
        return True
    return _kind(text) == "text"


def _is_name_heading(text: str, following: str | None) -> bool:
    """An author's name used as heading: the next paragraph (the bio) opens with the same name."""
    words = text.split()
    if following is None or not 2 <= len(words) <= 6 or not following.startswith(text):
        return False
    if len(following) > len(text) and following[len(text)].isalnum():
        return False
    # Capitalised words of two letters or more, initials ("H.") and particles: not "Vitamine D".
    name_word = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])+|[^\W\d_]\.")
    if words[-1] in _NAME_PARTICLES or words[-1].endswith("."):
        return False
    return all(w in _NAME_PARTICLES or name_word.fullmatch(w) and w[0].isupper() for w in words)


def _render_body(body: list[_Line], title: str) -> tuple[list[str], list[str], list[str]]:
    """Markdown blocks for the body lines, plus the verbatim names and verbatim section headings."""
    blocks: list[str] = []
    verbatim: list[str] = []
    sections: list[str] = []
    in_sources = False
    last_list: str | None = None  # two lists in a row would merge in CommonMark
    i = 0
    while i < len(body):
        text = body[i].text
        nxt = body[i + 1].text if i + 1 < len(body) else None
        run = _ordered_run(body, i)
        kind = _kind(text)
        if kind == "bullet":
            j = i
            while j < len(body) and _kind(body[j].text) == "bullet":
                j += 1
            items = [m["text"] for line in body[i:j] if (m := _BULLET_RE.fullmatch(line.text))]
            blocks.append("\n".join("- " + escape_text(_link_urls(item)) for item in items))
            last_list, i = "-", j
            continue
        if len(run) >= 2 and last_list != run[0]["delim"]:
            numbered = (f"{m['num']}{m['delim']} {escape_text(_link_urls(m['text']))}" for m in run)
            blocks.append("\n".join(numbered))
            last_list, i = run[0]["delim"], i + len(run)
            continue
        last_list = None
        if kind == "url":
            blocks.append(_autolink(text))
        elif nxt is not None and _SOURCES_RE.fullmatch(text):
            blocks.append("## " + escape_heading(text))
            sections.append(text)
            in_sources = True
        elif _is_name_heading(text, nxt):
            blocks.append("## " + escape_heading(text))
            verbatim.append(text)
            in_sources = False
        elif (
            not in_sources
            and kind == "short"
            and text != title
            and any(c.isalnum() for c in text)  # "* * *" separates, it is no heading
            and _opens_text(body, i + 1)
        ):
            blocks.append("## " + escape_heading(text))
        else:
            blocks.append(escape_text(_link_urls(text)))
        i += 1
    return blocks, list(dict.fromkeys(verbatim)), list(dict.fromkeys(sections))


def _ordered_run(body: list[_Line], start: int) -> list[re.Match[str]]:
    """Consecutive numbered lines from ``start`` (n, n+1, … with one delimiter), as matches."""
    run: list[re.Match[str]] = []
    for line in body[start:]:
        match = _NUMBERED_RE.fullmatch(line.text)
        if not match or run and match["delim"] != run[0]["delim"]:
            break
        if run and int(match["num"]) != int(run[-1]["num"]) + 1:
            break
        run.append(match)
    return run


def _autolink(url: str) -> str:
    return f"<{url}>" if re.match(r"https?://", url) else f"<https://{url}>"


def _link_urls(text: str) -> list[tuple[str, bool]]:
    """Split running text into (text, is_url) pieces; trailing punctuation stays outside the URL."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for match in _URL_IN_TEXT_RE.finditer(text):
        url = match.group()
        # Sentence punctuation and an unbalanced ")" after a URL belong to the sentence.
        while url and (
            url[-1] in _URL_TRAILING or url[-1] == ")" and url.count(")") > url.count("(")
        ):
            url = url[:-1]
        if url.endswith(("://", "www.")):
            continue
        pieces += [(text[pos : match.start()], False), (url, True)]
        pos = match.start() + len(url)
    pieces.append((text[pos:], False))
    return [p for p in pieces if p[0]]


def _collapse(text: str) -> str:
    return _NOISE_SPACE_RE.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()


def escape_text(text: str | list[tuple[str, bool]]) -> str:
    """Escape a paragraph (or list item) so CommonMark renders exactly its text."""
    out = _escape_inline(text)
    # Block syntax matters only at the start: headings, quotes, lists, rules, fences, link defs.
    if m := re.match(r"\d{1,9}(?=[.)]( |$))", out):
        return out[: m.end()] + "\\" + out[m.end() :]
    if re.match(r"(#{1,6}|[-+*])( |$)|>|\[|~~~|-( *-){2,} *$", out):
        return "\\" + out
    return out


def escape_heading(text: str) -> str:
    """Escape an ATX heading's text: inline syntax plus a trailing ``#`` run that would close it."""
    out = _escape_inline(text)
    return re.sub(r"(^| )(#+)$", r"\1\\\2", out)


def _escape_inline(text: str | list[tuple[str, bool]]) -> str:
    pieces = [(_collapse(text), False)] if isinstance(text, str) else text
    full = "".join(p for p, _ in pieces)
    out: list[str] = []
    pos = 0
    for piece, is_url in pieces:
        if is_url:
            out.append(_autolink(piece))
        else:
            out.extend(_escape_char(full, k) for k in range(pos, pos + len(piece)))
        pos += len(piece)
    return "".join(out)


def _escape_char(s: str, k: int) -> str:
    """``s[k]``, backslash-escaped only when it could act as Markdown syntax where it stands."""
    c = s[k]
    prev = s[k - 1] if k > 0 else " "
    nxt = s[k + 1] if k + 1 < len(s) else " "
    if c == "\\":
        escape = nxt in _ASCII_PUNCT
    elif c == "*":
        escape = not (prev == " " and nxt == " ")  # only a space-surrounded star is inert
    elif c == "_":
        escape = not (prev.isalnum() and nxt.isalnum()) and not (prev == " " and nxt == " ")
    elif c == "`":
        escape = True
    elif c == "]":
        escape = nxt in "(["
    elif c == "<":
        inert = nxt == " " or nxt.isdigit() or nxt == "="  # "<5 mg" is no tag or autolink
        escape = not inert or bool(_EMAIL_AUTOLINK_RE.match(s, k))
    elif c == "&":
        escape = bool(_ENTITY_RE.match(s, k))
    else:
        escape = False
    return "\\" + c if escape else c


def _dump_front_matter(meta: dict[str, object], filename: str) -> str:
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    if yaml.safe_load(dumped) != meta:  # PyYAML quotes what it would misread; make sure of it
        _fail(filename, 1, "front matter does not read back as written")
    return dumped
