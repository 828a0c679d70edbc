"""Reading the Dutch sources: UTF-8 text, parsed documents kept in the build cache."""

from __future__ import annotations

from pathlib import Path

from pipeline import cache
from pipeline.errors import SourceError
from pipeline.project import Project
from pipeline.source.document import Document, parse_document


def read_text(path: Path, shown: str) -> str:
    """A UTF-8 text file (a leading BOM dropped); other bytes are an error at their line."""
    return decode_text(path.read_bytes(), shown)


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8 ``data`` as text (a leading BOM dropped); other bytes are an error at their line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x})", filename=shown, lineno=line
        ) from None
    return text.removeprefix("\ufeff")


def read_source(project: Project, path: Path) -> Document:
    """Read and parse one Dutch source.

    The parsed document is kept in the project's cache, keyed by the file's bytes,
    its name and the pipeline's code: ``update`` parses an article and the two
    builds after it read the tree back (about a tenth of a parse's time).
    """
    shown = project.display(path)
    data = path.read_bytes()
    key = cache.key(shown, path.stem, data)
    store = cache.DOCUMENTS.at(project.root, name=shown)
    document = store.load(key)
    if isinstance(document, Document):
        return document
    document = parse_document(decode_text(data, shown), source=shown, slug=path.stem)
    store.save(key, document)
    return document


def read_sources(project: Project) -> list[Document]:
    """Every article of the project, parsed."""
    return [read_source(project, path) for path in project.articles()]
