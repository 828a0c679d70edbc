"""The workbench's warm state: parsed sources and catalogs, templates, glossary, memory.

Every request reads the files it needs (one ``read`` each) and parses them again only
when their bytes changed, so what is shown is always what is on disk; the watcher only
says which open pages to tell, and drops the heavier pages kept (index, issues, PDFs).
"""

from __future__ import annotations

import pickle
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from babel.messages.catalog import Catalog, Message

from pipeline import digests, files
from pipeline.catalogs.memory import Memory
from pipeline.checks.glossary import Glossary, project_glossary
from pipeline.errors import PipelineError
from pipeline.po import parse_po
from pipeline.project import TEMPLATES_DOMAIN, Languages, Project
from pipeline.publish import pdf
from pipeline.publish.ui import ui_strings
from pipeline.source.document import Document, parse_document
from pipeline.source.load import decode_text

#: How many results :meth:`Workspace.memo` keeps before it starts again.
MEMO_SIZE = 512
T = TypeVar("T")

#: What an article's slug or an issue's id may look like in a URL (no dots, no slashes).
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,199}")


class NotFound(PipelineError):
    """A page or file the workbench does not serve (unknown, or outside the project)."""


class Workspace:
    """One project's parsed files, kept between requests (thread-safe: one lock)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.root = project.root.resolve()
        self.lock = threading.RLock()
        self._sources: dict[str, tuple[bytes, bytes]] = {}  # slug → (file, pickled Document)
        self._catalogs: dict[Path, tuple[bytes, Catalog]] = {}
        self._envs: dict[str, tuple[bytes, Any]] = {}  # lang → (its _templates.po, Jinja env)
        self._memory: dict[str, Memory] = {}  # lang → memory of all its catalogs
        self.pages: dict[str, bytes] = {}  # URL path → a heavier page (index, issue, PDF)
        self._memo: dict[tuple[str, ...], Any] = {}  # what was worked out of given bytes
        self.generation = 0  # counts the changes seen, so a page made during one is not kept

    # ------------------------------------------------------------ files, safely

    def inside(self, path: Path, folder: Path) -> Path:
        """``path`` if it is a file under ``folder`` once links are followed, else NotFound."""
        resolved = path.resolve()
        if not resolved.is_relative_to(folder.resolve()) or not resolved.is_relative_to(self.root):
            raise NotFound("outside the project: not served", filename=self.project.display(path))
        if not resolved.is_file():
            raise NotFound("no such file", filename=self.project.display(path))
        return path

    def source_path(self, slug: str) -> Path:
        """The source of ``slug``, checked to be a file in the source folder."""
        if not NAME.fullmatch(slug):
            raise NotFound(f"no article {slug!r}")
        return self.inside(self.project.source_dir / f"{slug}.md", self.project.source_dir)

    def catalog_path(self, lang: str, slug: str) -> Path:
        """The catalog of ``slug`` in ``lang`` (it may not exist yet), never outside it."""
        if lang not in self.project.languages.targets or not NAME.fullmatch(slug):
            raise NotFound(f"no catalog {lang}/{slug}")
        path = self.project.catalog_path(lang, slug)
        if path.is_symlink() or path.exists():
            self.inside(path, self.project.catalog_dir(lang))
        return path

    # ------------------------------------------------------------ parsed, warm

    def document(self, slug: str) -> Document:
        """A fresh copy of the parsed source (the caller may translate it in place)."""
        path = self.source_path(slug)
        data = path.read_bytes()
        with self.lock:
            kept = self._sources.get(slug)
            if kept is None or kept[0] != data:
                shown = self.project.display(path)
                document = parse_document(decode_text(data, shown), source=shown, slug=slug)
                kept = (data, pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
                self._sources[slug] = kept
        copy: Document = pickle.loads(kept[1])
        return copy

    def issue_catalog_path(self, lang: str, issue_id: str) -> Path:
        """The catalog of newsletter issue ``issue_id`` in ``lang``, never outside it."""
        if lang not in self.project.languages.targets or not NAME.fullmatch(issue_id):
            raise NotFound(f"no catalog {lang}/newsletters/{issue_id}")
        folder = self.project.catalog_dir(lang) / "newsletters"
        path = folder / f"{issue_id}.po"
        if path.is_symlink() or path.exists():
            self.inside(path, folder)
        return path

    def templates_catalog_path(self, lang: str) -> Path:
        """The catalog of the templates' strings in ``lang`` (``_templates.po``)."""
        if lang not in self.project.languages.targets:
            raise NotFound(f"no catalog {lang}/{TEMPLATES_DOMAIN}")
        path = self.project.catalog_path(lang, TEMPLATES_DOMAIN)
        if path.is_symlink() or path.exists():
            self.inside(path, self.project.catalog_dir(lang))
        return path

    def catalog(self, lang: str, slug: str) -> tuple[bytes | None, Catalog]:
        """The catalog's bytes (``None``: no file yet) and its parsed form (do not change it)."""
        return self.catalog_at(lang, self.catalog_path(lang, slug))

    def catalog_at(self, lang: str, path: Path) -> tuple[bytes | None, Catalog]:
        """The bytes and parsed form of the catalog at ``path`` (one of the paths above)."""
        data = files.file_bytes(path)
        if data is None:
            return None, Catalog(locale=lang)
        return data, self._parsed(path, data)

    def _parsed(self, path: Path, data: bytes) -> Catalog:
        with self.lock:
            kept = self._catalogs.get(path)
            if kept is None or kept[0] != data:
                kept = (data, parse_po(data, filename=self.project.display(path)))
                self._catalogs[path] = kept
            return kept[1]

    def environment(self, lang: str) -> Any:
        """The templates' Jinja2 environment in ``lang`` (Jinja reloads changed templates)."""
        ui_bytes = b""
        if lang != self.project.source_lang:
            ui_bytes = files.file_bytes(self.project.catalog_path(lang, TEMPLATES_DOMAIN)) or b"-"
        with self.lock:
            kept = self._envs.get(lang)
            if kept is None or kept[0] != ui_bytes:
                kept = (ui_bytes, pdf.environment(self.project, ui_strings(self.project, lang)))
                self._envs[lang] = kept
            return kept[1]

    def glossary(self, lang: str) -> Glossary | None:
        """The project's glossary, ``content/glossary.csv``, in ``lang``'s column (``None``
        when there is none): :func:`pipeline.checks.glossary.project_glossary`."""
        return project_glossary(self.project, lang)

    def glossary_digest(self) -> str:
        """The digest of the glossary's bytes now (``-``: none)."""
        return digests.file_digest(self.project.root / "content" / "glossary.csv")

    def memo(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        """``make()``, kept under ``key`` (which names the digests of every file it reads,
        so a changed file is a new key); a few hundred are kept, then all are dropped."""
        with self.lock:
            if key in self._memo:
                found: T = self._memo[key]
                return found
        made = make()
        with self.lock:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = made
        return made

    def digest_of(self, path: Path) -> str:
        """The digest of the file at ``path`` now (``-``: none)."""
        data = files.file_bytes(path)
        return digests.digest(data) if data is not None else "-"

    def memory(self, lang: str) -> Memory:
        """The translation memory of every catalog of ``lang`` (made again after a change)."""
        with self.lock:
            kept = self._memory.get(lang)
            generation = self.generation
        if kept is not None:
            return kept
        pairs = []
        folder = self.project.catalog_dir(lang)
        for path in sorted(folder.rglob("*.po")):
            try:
                data = self.inside(path, folder).read_bytes()
                catalog = self._parsed(path, data)
            except PipelineError:
                continue  # outside the project, or broken: not in the memory
            pairs.append((self.project.display(path), catalog))
        made = Memory.from_catalogs(pairs)
        with self.lock:
            if self.generation == generation:  # else a change came in while it was made
                self._memory[lang] = made
        return made

    def articles(self) -> list[str]:
        """The slugs of the articles served (none whose file lies outside the project)."""
        found = []
        for path in self.project.articles():
            try:
                self.source_path(path.stem)
            except NotFound:
                continue
            found.append(path.stem)
        return found

    # ------------------------------------------------------------ changes

    def changed(self, shown: set[str]) -> set[str]:
        """Forget what the changed files (as users see them) affect; the URL paths to tell.

        A path ending in ``/`` stands for every page under it; ``*`` for every page.
        """
        told: set[str] = set()
        for name in shown:
            told |= affected(name, self.project.languages)
        with self.lock:
            self.generation += 1
            if any(name.endswith(".po") for name in shown):
                self._memory.clear()
            for key in list(self.pages):
                if matches(key, told):
                    del self.pages[key]
        return told


def affected(shown: str, languages: Languages) -> set[str]:
    """The URL paths whose pages a change of the project file ``shown`` changes (the
    project has ``languages``)."""
    parts = shown.split("/")
    if parts[0] == "templates" or shown == "pipeline.toml":
        return {"*"}
    if parts[0] != "content" or len(parts) < 2:
        return set()
    indexes = {f"/{lang}/index.html" for lang in languages.all}
    issues = {f"/{lang}/newsletter/" for lang in languages.all}
    if shown == "content/glossary.csv":
        return {f"/{lang}/" for lang in languages.targets} | {
            f"/review/{lang}/" for lang in languages.targets
        }
    lang, rest = parts[1], parts[2:]
    if lang not in languages.all or not rest:
        return set()
    if rest[0] == "newsletters":
        if lang == languages.source:
            return issues | indexes
        return {f"/{lang}/newsletter/", f"/{lang}/index.html", "/"}
    stem, suffix = rest[-1].rpartition(".")[::2]
    if len(rest) != 1 or suffix not in ("md", "po"):
        return set()
    if stem == TEMPLATES_DOMAIN:
        return {f"/{lang}/", f"/review/{lang}/", f"/_workbench/templates/{lang}.html"}
    if lang == languages.source:
        pages = {f"/{x}/{stem}.html" for x in languages.all}
        pages |= {f"/{x}/{stem}.pdf" for x in languages.all}
        return (
            pages
            | {f"/review/{x}/{stem}.html" for x in languages.targets}
            | indexes
            | issues
            | {"/"}
        )
    return {
        f"/{lang}/{stem}.html",
        f"/{lang}/{stem}.pdf",
        f"/review/{lang}/{stem}.html",
        f"/{lang}/index.html",
        f"/{lang}/newsletter/",
        "/",  # the home page's editions
    }


def matches(path: str, told: set[str]) -> bool:
    """Whether the page at ``path`` is one of ``told`` (see :meth:`Workspace.changed`)."""
    if "*" in told or path in told:
        return True
    return any(t.endswith("/") and len(t) > 1 and path.startswith(t) for t in told)


def live_message(catalog: Catalog, msgid: str) -> Message | None:
    """The entry of ``msgid`` (compared as NFC, as segments are) in ``catalog``."""
    for message in catalog:
        if isinstance(message.id, str) and message.id:
            if unicodedata.normalize("NFC", message.id) == msgid:
                return message
    return None
