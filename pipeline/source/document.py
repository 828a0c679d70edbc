"""A Dutch source document: front matter and the markdown-it token tree of its body."""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from pipeline.errors import PipelineError, SourceError
from pipeline.source import inline

#: The only URL schemes a published link may have (relative links need none).
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Front-matter keys whose values are translated.
TRANSLATABLE_META = (
    "title",
    "subtitle",
    "description",
    "lead",
    "subject",
    "preheader",
    "image_alt",
)
#: The longest source accepted, in characters: 50 times the longest article so far. Parsing
#: and rendering take time in proportion; past this, an article is refused, not slow.
MAX_SOURCE_CHARS = 500_000
#: The longest segment (one block's text, Dutch or translated), in characters: ten times
#: the longest paragraph so far. markdown-it's inline parsing of some texts (``[[[…``,
#: ``*a *a …``) grows with the square of a block's length; this keeps each block fast.
MAX_SEGMENT_CHARS = 20_000
#: The most segments an article may have: fuzzy matching in ``update`` compares each
#: changed segment with every old one.
MAX_SEGMENTS = 5_000

#: Characters no prose carries: C0 controls other than tab and newline, DEL, C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The Markdown parser of sources: CommonMark plus tables, raw HTML off (so it is escaped)."""
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    # Keep reference labels on link tokens so mdformat can write them back.
    md.options["store_labels"] = True
    md.core.ruler.before("inline", "pipeline_limits", _limit_blocks)
    # markdown-it's own rule steps through the text one character at a time (a profile's
    # top line); this one skips the same characters with one regular expression.
    md.inline.ruler.at("text", _text_rule)
    inline.record_line_ends(md)
    return md


#: A run of characters markdown-it's ``text`` rule skips (not in its ``_TerminatorChars``).
_PLAIN_TEXT = re.compile(r"[^\n!#$%&*+\-:<=>@\[\\\]^_`{}~]+")


def _text_rule(state: Any, silent: bool) -> bool:
    """markdown-it's ``text`` inline rule, the same characters, matched at once."""
    match = _PLAIN_TEXT.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if not silent:
        state.pending += match.group()
    state.pos = match.end()
    return True


#: The key of markdown-it's ``env`` that names the source being parsed (see `_limit_blocks`).
_SOURCE_KEY = "pipeline_source"


def _limit_blocks(state: Any) -> None:
    """Refuse a source block too long to parse inline quickly, before it is parsed.

    Only for a whole source (``parse_document`` names it in ``env``); other
    callers check their texts' length themselves.
    """
    source = state.env.get(_SOURCE_KEY)
    if source is None:
        return
    count = 0
    for token in state.tokens:
        if token.type != "inline":
            continue
        line = token.map[0] + 1 if token.map else None
        count += 1
        if count > MAX_SEGMENTS:
            raise SourceError(
                f"more than {MAX_SEGMENTS:,} segments in one article; split it",
                filename=source,
                lineno=line,
            )
        if len(token.content) > MAX_SEGMENT_CHARS:
            raise SourceError(
                f"a block of {len(token.content):,} characters (at most "
                f"{MAX_SEGMENT_CHARS:,}); split it into paragraphs",
                filename=source,
                lineno=line,
            )


def check_segment_length(
    text: str,
    *,
    what: str,
    filename: str | None,
    lineno: int | None,
    error: type[PipelineError] = SourceError,
) -> None:
    """Raise ``error`` when ``text`` is longer than `MAX_SEGMENT_CHARS`."""
    if len(text) > MAX_SEGMENT_CHARS:
        raise error(
            f"{what} of {len(text):,} characters (at most {MAX_SEGMENT_CHARS:,})",
            filename=filename,
            lineno=lineno,
        )


def is_safe_link(url: str) -> bool:
    """Whether a link or image target may be published: http(s), mailto or relative.

    Whatever the encoding (entities are decoded by the parser; percent-escapes,
    blanks and controls are undone here), a ``javascript:``, ``vbscript:``,
    ``data:`` or ``file:`` target, or a protocol-relative ``//host``, is refused,
    and the link stays plain text.
    """
    decoded = url
    for _ in range(5):  # percent-decoding may uncover more percent-escapes
        step = urllib.parse.unquote(decoded)
        if step == decoded:
            break
        decoded = step
    decoded = html.unescape(decoded)
    bare = re.sub(
        r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]", "", decoded
    ).lower()
    if bare.startswith(("//", "\\", "/\\", "\\/")):
        return False
    # A scheme as browsers read one (WHATWG URL): a letter, then letters, digits, ``+-.``,
    # up to a colon. Anything else is relative, a colon later on included (``a)b:c``).
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", bare)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES


def normalise_inline(content: str, env: dict[str, Any] | None = None) -> str:
    """The msgid form of a block's inline source markup.

    Soft line breaks become single spaces; hard breaks stay, without the next
    line's indentation. A line ending that is no break stays what it is: a
    space inside a code span (its blanks kept), or as written inside a link's
    destination or title, and where joining would close a ``<…>`` destination.
    The result parses to the same inline tokens, apart from soft breaks.
    ``env`` holds the document's link references.
    """
    return inline.normalise(content, markdown_parser(), env or {})


def parse_inline(text: str, env: dict[str, Any]) -> list[Token]:
    """Inline tokens for ``text``, resolving references against ``env``."""
    md = markdown_parser()
    children: list[Token] = []
    md.inline.parse(text, md, env, children)
    return _join_text(children)


def _join_text(children: list[Token]) -> list[Token]:
    """What markdown-it's core ``text_join`` rule does to a block's inline tokens."""
    joined: list[Token] = []
    for child in children:
        if child.type == "text_special":
            child.type = "text"
        if child.type == "text" and joined and joined[-1].type == "text":
            joined[-1].content += child.content
        else:
            joined.append(child)
    return joined


@dataclass(slots=True)
class Document:
    """A parsed Dutch source file: the token tree every output is rendered from."""

    #: The file as users see it, e.g. ``content/nl/<slug>.md``.
    source: str
    #: The article's slug (the file name without ``.md``).
    slug: str
    #: Front matter, as YAML read it (empty when the file has none).
    meta: dict[str, Any]
    #: 1-based line of each top-level front-matter key.
    meta_lines: dict[str, int]
    #: The body's block tokens (front matter removed), inline content normalised.
    tokens: list[Token]
    #: markdown-it's environment: link reference definitions.
    env: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The title: front matter, else the first heading, else the slug.

        One that shows no text (``# ![](x.png)``, an empty heading) is passed over:
        an index, a feed or an e-mail subject needs words.
        """
        title = self.meta.get("title")
        if isinstance(title, str) and self._shows_text(title):
            return title
        for i, token in enumerate(self.tokens):
            if token.type == "heading_open" and self._shows_text(self.tokens[i + 1].content):
                return self.tokens[i + 1].content
        return self.slug

    def _shows_text(self, markup: str) -> bool:
        if not markup.strip():
            return False
        md = markdown_parser()
        return bool(
            cast(RendererHTML, md.renderer)
            .renderInlineAsText(parse_inline(markup, self.env), md.options, self.env)
            .strip()
        )

    @property
    def date(self) -> datetime.date | None:
        """The publication date from front matter, if any."""
        value = self.meta.get("date")
        return value if isinstance(value, datetime.date) else None

    @property
    def updated(self) -> datetime.date | None:
        """When the Dutch was last changed, from front matter ``updated``, if any."""
        value = self.meta.get("updated")
        return value if isinstance(value, datetime.date) else None


def parse_document(text: str, *, source: str, slug: str) -> Document:
    """Parse a Markdown source with optional YAML front matter.

    Raises :class:`SourceError` naming ``source`` and the line for front matter
    that is not YAML or not a mapping, and for a date that is not a date.
    """
    if len(text) > MAX_SOURCE_CHARS:
        raise SourceError(
            f"{len(text):,} characters, more than the {MAX_SOURCE_CHARS:,} an article may have",
            filename=source,
        )
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    bad = _CONTROL.search(text)
    if bad:
        raise SourceError(
            f"control character U+{ord(bad.group()):04X} in the text",
            filename=source,
            lineno=text.count("\n", 0, bad.start()) + 1,
        )
    md = markdown_parser()
    env: dict[str, Any] = {_SOURCE_KEY: source}
    try:
        tokens = md.parse(text, env)
    finally:
        env.pop(_SOURCE_KEY, None)
    meta: dict[str, Any] = {}
    meta_lines: dict[str, int] = {}
    if tokens and tokens[0].type == "front_matter":
        meta, meta_lines = _read_front_matter(tokens[0].content, source=source)
        tokens = tokens[1:]
    for token in tokens:
        if token.type == "inline":
            normal = normalise_inline(token.content, env)
            if normal != token.content:
                token.content = normal
                token.children = parse_inline(normal, env)
    return Document(
        source=source, slug=slug, meta=meta, meta_lines=meta_lines, tokens=tokens, env=env
    )


def _read_front_matter(content: str, *, source: str) -> tuple[dict[str, Any], dict[str, int]]:
    import yaml

    try:
        try:  # libyaml, when PyYAML has it, is several times quicker than pure Python
            node, data = _compose(content, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (ValueError, yaml.YAMLError):  # the pure-Python reader's message and line
            node, data = _compose(content, yaml.SafeLoader)
    except ValueError as exc:  # YAML read a timestamp that is no date, e.g. 2019-02-31
        line = _line_of_bad_date(content)
        raise SourceError(f"date is not a date: {exc}", filename=source, lineno=line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or "not valid YAML"
        raise SourceError(
            f"front matter is not valid YAML: {reason}", filename=source, lineno=line
        ) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "front matter must be a mapping of keys to values", filename=source, lineno=2
        )
    lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    for key in TRANSLATABLE_META:
        if key in data and not isinstance(data[key], str):
            raise SourceError(
                f"front matter {key!r} must be text", filename=source, lineno=lines.get(key)
            )
        if key in data:
            check_segment_length(
                data[key], what=f"front matter {key!r}", filename=source, lineno=lines.get(key)
            )
    for key in ("date", "updated"):  # updated: when the Dutch last changed (the notice's date)
        if key in data:
            data[key] = _check_date(data[key], source=source, lineno=lines.get(key))
    for key in ("verbatim", "verbatim_sections"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SourceError(
                f"front matter {key!r} must be a list of texts",
                filename=source,
                lineno=lines.get(key),
            )
    return data, lines


def _compose(content: str, loader_class: Any) -> tuple[Any, Any]:
    """The YAML node of ``content`` and the data built from it (one parse gives both)."""
    import yaml

    if loader_class is not yaml.SafeLoader and _TAG.search(content):
        raise yaml.YAMLError("a tag: read by the pure-Python reader")
    loader = loader_class(content)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


#: A ``!`` where a YAML tag can start: libyaml resolves the lone ``!`` tag otherwise than the
#: pure-Python reader (a string, not null), so such front matter is read by the latter.
_TAG = re.compile(r"(?:^|[\s\[\]{},:-])!", re.MULTILINE)


def _line_of_bad_date(content: str) -> int:
    for number, line in enumerate(content.split("\n"), start=2):
        if re.search(r":\s*\d{4}-\d{1,2}-\d{1,2}", line):
            return number
    return 2


def _check_date(value: object, *, source: str, lineno: int | None) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise SourceError(
            f"date {value!r} is not a date (expected YYYY-MM-DD)", filename=source, lineno=lineno
        ) from None
