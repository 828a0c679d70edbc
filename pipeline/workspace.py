"""Reading and writing a project's files: sources, catalogs, reports. Below the stages' users."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from . import cache, pofile
from .apply import Entry, Problem, entries
from .document import Document, parse_document
from .errors import SourceError
from .files import atomic_write
from .project import SOURCE_LANG, TEMPLATES_DOMAIN, Project
from .segments import Segment


@dataclass(slots=True)
class Report:
    """What a command did, for the CLI to print."""

    #: Files written (as users see them).
    written: list[str] = field(default_factory=list)
    #: Files left as they were because nothing changed.
    unchanged: list[str] = field(default_factory=list)
    #: Segments a draft build shipped in Dutch.
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, shown: str) -> str:
    """A UTF-8 text file (a leading BOM dropped); other bytes are an error at their line."""
    return decode_text(path.read_bytes(), shown)


def decode_text(data: bytes, shown: str) -> str:
    """UTF-8 ``data`` as text (a leading BOM dropped); other bytes are an error at their line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(f"not UTF-8 (byte 0x{data[exc.start]:02x})", filename=shown,
                          lineno=line) from None
    return text.removeprefix("\ufeff")


def read_source(project: Project, path: Path) -> Document:
    """Read and parse one Dutch source.

    The parsed document is kept in the project's cache, keyed by the file's bytes,
    its name and the pipeline's code: ``update`` parses an article and the two
    builds after it read the tree back (about a tenth of a parse's time).
    """
    shown = project.display(path)
    data = path.read_bytes()
    key = cache.digest(cache.code_digest(), shown, path.stem, data)
    store = cache.cache_dir(project.root) / "documents" / f"{cache.digest(shown)}.pickle"
    document = cache.load_value(store, key)
    if isinstance(document, Document):
        return document
    document = parse_document(decode_text(data, shown), source=shown, slug=path.stem)
    cache.save_value(store, key, document)
    return document


def read_sources(project: Project) -> list[Document]:
    """Every article of the project, parsed."""
    return [read_source(project, path) for path in project.articles()]


def catalog_bytes(project: Project, path: Path, catalog: Catalog) -> bytes | None:
    """What writing ``catalog`` to ``path`` would put there, or ``None`` if nothing would change.

    Only a new creation date is no change: the file keeps its old one (no spurious diffs).
    A template's revision date is its creation date, so it is no change either.
    """
    data = pofile.generate_po(catalog).encode()
    old = cache.file_bytes(path)
    if old is not None:
        dates = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')
        ignored = dates if catalog.revision_date == catalog.creation_date else dates[:1]
        if _header_without(old, ignored) == _header_without(data, ignored):
            return None
    return data


def _header_without(data: bytes, fields: tuple[bytes, ...]) -> bytes:
    """PO ``data`` without the header lines of ``fields`` (the header: up to the first blank)."""
    end = data.find(b"\n\n")
    header = data if end < 0 else data[:end]
    kept = b"\n".join(line for line in header.split(b"\n") if not line.startswith(fields))
    return kept if end < 0 else kept + data[end:]


def write_catalog(path: Path, catalog: Catalog, report: Report, project: Project) -> None:
    """Write unless only the creation date would change (no spurious diffs)."""
    data = catalog_bytes(project, path, catalog)
    if data is None:
        report.unchanged.append(project.display(path))
        return
    atomic_write(path, data)
    report.written.append(project.display(path))


@dataclass(slots=True)
class UiStrings:
    """The templates' strings in one language, remembering the ones not reviewed."""

    lang: str
    translations: dict[str, Entry]
    catalog_name: str
    missing: dict[str, Problem] = field(default_factory=dict)

    def gettext(self, text: str) -> str:
        if self.lang == SOURCE_LANG:
            return text
        entry = self.translations.get(text)
        if entry is not None and entry.string and not entry.fuzzy:
            return entry.string
        if entry is None:
            where, status = f"{self.catalog_name}", "untranslated"
        else:
            status = "fuzzy" if entry.fuzzy and entry.string else "untranslated"
            where = f"{self.catalog_name}:{entry.lineno}"
        segment = Segment(text, "template", "templates", 0, verbatim=False)
        self.missing.setdefault(text, Problem(segment, status, where))
        return text


def read_catalog(project: Project, lang: str, name: str) -> tuple[dict[str, Entry], str]:
    path = project.catalog_path(lang, name)
    shown = project.display(path)
    if not path.exists():
        return {}, shown
    return entries(pofile.read_po(path, display_name=shown)), shown


def ui_strings(project: Project, lang: str) -> UiStrings:
    """The templates' strings in ``lang`` (``content/<lang>/_templates.po``; Dutch as written):
    handouts, newsletters, the index and the PDFs say their words through its ``gettext``."""
    if lang == SOURCE_LANG:
        return UiStrings(lang, {}, "")
    return UiStrings(lang, *read_catalog(project, lang, TEMPLATES_DOMAIN))


#: A callback for long runs: ``progress(done, total)`` after each article.
Progress = Callable[[int, int], None]


@dataclass(slots=True)
class BuildReport(Report):
    """What ``update`` or ``build`` did, with how much of it a cache spared."""

    #: Articles processed in this run.
    built: int = 0
    #: Articles skipped because nothing they depend on changed.
    fresh: int = 0
    #: Wall-clock seconds the run took.
    seconds: float = 0.0
