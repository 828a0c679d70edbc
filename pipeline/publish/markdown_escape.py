"""Where mdformat's Markdown does not read back as the tree it was written from, and our fix.

An mdformat parser extension (``RENDERERS``) that replaces six of its renderers, and a
renderer whose reference definitions are escaped as inline links are. Each
case is in ``tests/publish/fixtures/render_markdown.md`` under a title starting with
``mdformat:``; ``tests/publish/test_render_cases.py`` fails when mdformat itself gets one
right, and then the workaround here for it can go.
"""

from __future__ import annotations

import re
from typing import Any, cast

from markdown_it.token import Token
from mdformat import codepoints
from mdformat.renderer import DEFAULT_RENDERERS, MDRenderer, RenderContext, RenderTreeNode
from mdformat.renderer._context import _render_inline_as_text
from mdformat.renderer._util import maybe_add_link_brackets, re_char_reference

from pipeline.source.document import markdown_parser, parse_inline

#: The blanks a delimiter run cannot have on its inner side (CommonMark's Unicode whitespace).
_BLANKS = codepoints.UNICODE_WHITESPACE
#: What a paragraph of only non-ASCII blanks is written as: markdown-it strips them
#: (``str.strip``), so it reads as the same empty ``<p></p>``; a blank line would drop it.
EMPTY_PARAGRAPH = "\u3000"
#: A backslash before ASCII punctuation or at the end, which would escape what follows it.
_ESCAPING_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
#: mdformat output in which emphasis delimiters meet, as runs or next to an escaped one:
#: a run's length decides what it matches (CommonMark's "rule of 3"), and mdformat does not
#: count (``*****Hello*world****``). Only such text is read again to be sure.
_MEETING_DELIMITERS = re.compile(r"[*_]{3}|\\[*_][*_]|[*_]\\[*_]")


def _escape_references(text: str) -> str:
    """``&`` escaped where it would start a character reference (as mdformat does in text)."""
    if "&" not in text:
        return text
    return re_char_reference().sub(lambda match: "\\" + match.group(), text)


def destination(href: str) -> str:
    """A link destination as Markdown: mdformat's, with a reference's ``&`` escaped."""
    return maybe_add_link_brackets(_escape_references(href))


def title(text: str) -> str:
    """A link title in double quotes: its quotes, references and the backslashes that would
    escape something escaped (mdformat escapes the quotes only: ``\\"`` ends a title)."""
    text = _ESCAPING_BACKSLASH.sub(r"\\\\", text).replace('"', '\\"')
    return '"' + _escape_references(text) + '"'


def _link(node: RenderTreeNode, context: RenderContext) -> str:
    if node.info == "auto" or node.meta.get("label"):
        return DEFAULT_RENDERERS["link"](node, context)
    text = "".join(child.render(context) for child in node.children)
    return _inline_link("", text, node)


def _image(node: RenderTreeNode, context: RenderContext) -> str:
    if node.meta.get("label"):
        return DEFAULT_RENDERERS["image"](node, context)
    return _inline_link("!", _render_inline_as_text(node, context), node)


def _inline_link(bang: str, text: str, node: RenderTreeNode) -> str:
    href = node.attrs["href" if not bang else "src"]
    written = f"{bang}[{text}]({destination(str(href))}"
    found = node.attrs.get("title")
    return written + (f" {title(str(found))})" if found is not None else ")")


def _delimited(node: RenderTreeNode, context: RenderContext) -> str:
    """Emphasis or strong emphasis; a blank just inside it as a character reference.

    A delimiter next to a blank on its inner side cannot open or close: ``*&#x20;*`` is
    emphasis, ``* *`` is not.
    """
    text = "".join(child.render(context) for child in node.children)
    if text[:1] in _BLANKS:
        text = f"&#{ord(text[0])};{text[1:]}"
    if text[-1:] in _BLANKS:
        text = f"{text[:-1]}&#{ord(text[-1])};"
    return node.markup + text + node.markup


def _paragraph(node: RenderTreeNode, context: RenderContext) -> str:
    """A paragraph; one that shows nothing (it held only non-ASCII blanks) is kept."""
    text = DEFAULT_RENDERERS["paragraph"](node, context)
    return text or EMPTY_PARAGRAPH


def _inline(node: RenderTreeNode, context: RenderContext) -> str:
    """A block's inline content; where emphasis delimiters meet, read again to be sure.

    When mdformat's text does not read back as the tokens, the block's own markup (the
    source or the translation the tokens were parsed from) is written instead, if that
    survives the paragraph's stripping of its lines.
    """
    text = "".join(child.render(context) for child in node.children)
    if not _MEETING_DELIMITERS.search(text):
        return text
    token = node.token
    assert token is not None and token.children is not None
    env = cast(dict[str, Any], context.env)  # the document's env, which body_markdown gave
    wanted = _html(token.children, env)
    if _html(parse_inline(text, env), env) == wanted:
        return text
    own = "\n".join(line.strip() for line in token.content.split("\n"))
    return own if _html(parse_inline(own, env), env) == wanted else text


def _html(tokens: list[Token], env: Any) -> str:
    md = markdown_parser()
    return md.renderer.render(tokens, md.options, env)


class Renderer(MDRenderer):
    """mdformat's renderer, its reference definitions written as :func:`_link` writes."""

    @staticmethod
    def _write_references(env: Any) -> str:
        lines = []
        for label in sorted(env["used_refs"], key=_label_order):
            ref = env["references"][label]
            line = f"[{label.lower()}]: {destination(ref['href'])}"
            lines.append(line + (f" {title(ref['title'])}" if ref["title"] else ""))
        return "\n".join(lines)


def _label_order(label: str) -> str:
    """mdformat's order of labels: numbers by value (CommonMark allows 999 digits)."""
    return label.rjust(999, "0") if label.isdigit() and label.isascii() else label


#: mdformat's parser-extension interface: renderers by syntax name.
RENDERERS = {
    "link": _link,
    "image": _image,
    "em": _delimited,
    "strong": _delimited,
    "paragraph": _paragraph,
    "inline": _inline,
}
POSTPROCESSORS: dict[str, Any] = {}
