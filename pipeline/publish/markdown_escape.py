"""Where mdformat's Markdown does not read back as the tree it was written from, and our fix.

An mdformat parser extension (``RENDERERS``) that replaces six of its renderers, and a
renderer whose reference definitions are escaped as inline links are. Each
case is in ``tests/publish/fixtures/render_markdown.md`` under a title starting with
``mdformat:``; ``tests/publish/test_render.py`` fails when mdformat itself gets one
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
#: A run of ASCII blanks, which mdformat writes as one space.
_BLANK_RUN = re.compile(r"[ \t\n]+")
#: The tokens of emphasis delimiters.
_DELIMITERS = frozenset({"em_open", "em_close", "strong_open", "strong_close"})
#: The render tree's nodes of emphasis.
_EMPHASIS = frozenset({"em", "strong"})


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

    A delimiter run's length decides what it matches (CommonMark's "rule of 3"), and
    mdformat does not count: it escapes the literal ``**`` of ``*****Hello*world****``,
    which shortens the run. When its text does not read back as the tokens, it is written
    again with the literal delimiters next to a delimiter of theirs unescaped (one run, as
    in the source), and that is taken if it reads back right.
    """
    text = "".join(child.render(context) for child in node.children)
    token = node.token
    if token is None or not token.children or not _delimiters_meet(token.children):
        return text
    env = cast(dict[str, Any], context.env)  # the document's env, which body_markdown gave
    wanted = _html(token.children, env)
    if _html(parse_inline(text, env), env) == wanted:
        return text
    joined = {**context.renderers, "text": _text_joining_runs}
    runs = RenderContext(joined, context.postprocessors, context.options, context.env)
    other = "".join(child.render(runs) for child in node.children)
    return other if _html(parse_inline(other, env), env) == wanted else text


def _text_joining_runs(node: RenderTreeNode, context: RenderContext) -> str:
    """mdformat's text, its escaped ``*`` or ``_`` next to a delimiter of the same character
    unescaped, so that they are one run with it."""
    text = DEFAULT_RENDERERS["text"](node, context)
    parent, before, after = node.parent, node.previous_sibling, node.next_sibling
    if after is not None and after.type in _EMPHASIS:
        text = _unescape_run(text, after.markup[0], at_end=True)
    elif after is None and parent is not None and parent.type in _EMPHASIS:
        text = _unescape_run(text, parent.markup[0], at_end=True)
    if before is not None and before.type in _EMPHASIS:
        text = _unescape_run(text, before.markup[0], at_end=False)
    elif before is None and parent is not None and parent.type in _EMPHASIS:
        text = _unescape_run(text, parent.markup[0], at_end=False)
    return text


def _unescape_run(text: str, char: str, *, at_end: bool) -> str:
    """``text`` with its escaped ``char``\\ s at one end unescaped."""
    escaped = re.escape("\\" + char)
    found = re.search(f"(?:{escaped})+$" if at_end else f"^(?:{escaped})+", text)
    if found is None:
        return text
    return text[: found.start()] + found.group().replace("\\", "") + text[found.end() :]


def _delimiters_meet(children: list[Token]) -> bool:
    """Whether an emphasis delimiter touches another, or a literal ``*`` or ``_``."""
    before = children[0]
    for token in children[1:]:
        if before.type in _DELIMITERS:
            if token.type in _DELIMITERS or token.content[:1] in ("*", "_"):
                return True
        elif token.type in _DELIMITERS and before.content[-1:] in ("*", "_"):
            return True
        before = token
    return False


def _html(tokens: list[Token], env: Any) -> str:
    """The tokens' HTML, blanks collapsed as mdformat collapses them in text."""
    md = markdown_parser()
    return _BLANK_RUN.sub(" ", md.renderer.render(tokens, md.options, env))


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
