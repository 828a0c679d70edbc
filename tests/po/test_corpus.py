"""The PO corpus's verdicts in one listing (fixtures/corpus.md): msgfmt's and the reader's.

A case's input is a file of ``tests/po/corpus/``; its expected output msgfmt's verdict
(``msgfmt --check-format --check-header``) and line, then the reader's: the error at its line,
or each message it read (line, context, msgid, msgstr, fuzzy) and the obsolete ones' count.
"""

from __future__ import annotations

import pytest
from babel.messages.catalog import Message

from pipeline.errors import CatalogError
from pipeline.po import parse_po
from tests.po.gnu import CORPUS, CORPUS_FILES, msgfmt_verdict

from ..conftest import fixture_cases

LISTING = CORPUS.parent / "fixtures" / "corpus.md"


def _message(message: Message) -> str:
    context = f"{message.context!r} | " if message.context is not None else ""
    fuzzy = " (fuzzy)" if message.fuzzy else ""
    return f"line {message.lineno}: {context}{message.id!r} -> {message.string!r}{fuzzy}\n"


def verdicts(name: str) -> str:
    """msgfmt's verdict and the reader's on one corpus file, as the listing shows them."""
    path = CORPUS / name
    accepted, line, _ = msgfmt_verdict(path)
    gnu = "accepted" if accepted else f"rejected at line {line}"
    try:
        catalog = parse_po(path.read_bytes(), filename=name)
    except CatalogError as error:
        return f"msgfmt: {gnu}\nread: rejected at line {error.lineno}: {error.message}\n"
    messages = [_message(m) for m in catalog if m.id or m.context is not None]
    return f"msgfmt: {gnu}\nread: accepted, {len(catalog.obsolete)} obsolete\n" + "".join(messages)


@pytest.mark.parametrize(("text", "expected"), fixture_cases(LISTING))
def test_corpus_verdicts(text: str, expected: str) -> None:
    assert verdicts(text.strip()) == expected


def test_the_listing_has_every_corpus_file_once() -> None:
    listed = [case.values[0].strip() for case in fixture_cases(LISTING)]
    assert listed == [path.name for path in CORPUS_FILES]
