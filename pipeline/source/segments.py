"""A document's translatable units (segments), for extraction and for applying translations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it.token import Token

from pipeline.source.document import TRANSLATABLE_META, Document, parse_inline

#: Block tokens whose inline child is a segment, and the kind they give it.
_BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "th_open": "table-cell",
    "td_open": "table-cell",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit of a source document."""

    #: The msgid: the block's normalised source markup (or a front-matter value).
    text: str
    #: What it is: title, lead, heading, paragraph, list-item, table-cell, image-alt, …
    kind: str
    #: The source file as users see it, e.g. ``content/nl/<slug>.md``.
    source: str
    #: 1-based line of the segment in the source file.
    line: int
    #: Kept as it is, never sent to translators (a name, a citation, a bare URL).
    verbatim: bool


@dataclass(frozen=True, slots=True)
class Slot:
    """A segment and the place in the document its translation goes."""

    #: The segment found there.
    segment: Segment
    #: Put a translated text in place (the segment's markup, translated).
    put: Callable[[str], None]
    #: The block token that opens the segment's block (for marking), if any.
    block: Token | None


def segments(document: Document) -> list[Segment]:
    """The document's segments in document order (front matter first)."""
    return [slot.segment for slot in iter_slots(document)]


def iter_slots(document: Document) -> Iterator[Slot]:
    """Walk the document once, yielding every segment with its place.

    Extraction reads the segments; applying calls ``put`` on each. Both use this
    one walk, so they cannot disagree on what is a segment.
    """
    meta = document.meta
    keep = set(meta.get("verbatim", []))
    for key in TRANSLATABLE_META:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            segment = Segment(
                value, key, document.source, document.meta_lines.get(key, 1), verbatim=value in keep
            )
            yield Slot(segment, _meta_setter(document, key), None)
    yield from _body_slots(document, keep, set(meta.get("verbatim_sections", [])))


def _meta_setter(document: Document, key: str) -> Callable[[str], None]:
    def put(text: str) -> None:
        document.meta[key] = text

    return put


def _body_slots(document: Document, keep: set[str], keep_sections: set[str]) -> Iterator[Slot]:
    tokens = document.tokens
    parents: list[Token] = []
    kept_level = 0  # heading level of the verbatim section we are in, 0 if none
    seen_block = False
    for i, token in enumerate(tokens):
        if token.nesting == 1:
            parents.append(token)
        elif token.nesting == -1:
            parents.pop()
        if token.type != "inline":
            continue
        opener = parents[-1] if parents else None
        level = _heading_level(opener)
        if level and kept_level and level <= kept_level:
            kept_level = 0
        kind = _kind(parents, first=not seen_block)
        seen_block = True
        line = _line(tokens, i)
        image = _lone_image(token)
        if image is not None:
            text, kind = image.content, "image-alt"
            put = _alt_setter(image, document)
        else:
            text, put = token.content, _inline_setter(token, document)
        if not text.strip():
            continue
        verbatim = text in keep or bool(kept_level) or not _has_words(token)
        if level and text in keep_sections:
            kept_level = level  # decided before ``put`` can change the heading's text
        yield Slot(
            Segment(text, kind, document.source, line, verbatim), put, _visible_block(parents)
        )


def _kind(parents: list[Token], *, first: bool) -> str:
    types = [p.type for p in parents]
    kind = _BLOCK_KINDS.get(types[-1], "paragraph") if types else "paragraph"
    if kind == "paragraph":
        if "list_item_open" in types:
            return "list-item"
        if "blockquote_open" in types:
            return "quote"
        if first and len(types) == 1:
            return "lead"
    return kind


def _heading_level(token: Token | None) -> int:
    if token is None or token.type != "heading_open":
        return 0
    return int(token.tag[1])


def _line(tokens: list[Token], index: int) -> int:
    # Table cells' inline tokens carry their row's map; fall back to the nearest one.
    for token in reversed(tokens[: index + 1]):
        if token.map is not None:
            return token.map[0] + 1
    return 1


def _visible_block(parents: list[Token]) -> Token | None:
    """The innermost open block that is rendered (tight lists hide paragraphs)."""
    for token in reversed(parents):
        if not token.hidden:
            return token
    return None


def _lone_image(token: Token) -> Token | None:
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


def _has_words(token: Token) -> bool:
    """Whether the block has any letters outside URLs, autolinks and code."""
    in_autolink = False
    for child in token.children or []:
        if child.type == "link_open" and child.info == "auto":
            in_autolink = True
        elif child.type == "link_close":
            in_autolink = False
        elif child.type == "text" and not in_autolink and any(c.isalpha() for c in child.content):
            return True
        elif child.type == "image" and any(c.isalpha() for c in child.content):
            return True
    return False


def _inline_setter(token: Token, document: Document) -> Callable[[str], None]:
    def put(text: str) -> None:
        token.content = text
        token.children = parse_inline(text, document.env)

    return put


def _alt_setter(image: Token, document: Document) -> Callable[[str], None]:
    def put(text: str) -> None:
        image.content = text
        image.children = parse_inline(text, document.env)

    return put
