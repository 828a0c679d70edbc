"""A project directory: where its sources, catalogs, templates and outputs live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import PipelineError

#: The language articles are written in.
SOURCE_LANG = "nl"
#: The languages they are translated into.
TARGET_LANGS = ("en",)
#: Every language a handout is built in.
LANGS = (SOURCE_LANG, *TARGET_LANGS)
#: The catalog of the strings the templates add, beside the articles' catalogs.
TEMPLATES_DOMAIN = "_templates"


@dataclass(frozen=True, slots=True)
class Project:
    """Paths of one newsletter project (a directory holding ``content/``)."""

    #: The project directory.
    root: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        """The project at ``root``, which must hold ``content/nl``."""
        root = root.resolve()
        if not (root / "content" / SOURCE_LANG).is_dir():
            raise PipelineError(f"no content/{SOURCE_LANG}/ folder: not a project directory",
                                filename=root)
        return cls(root)

    @property
    def source_dir(self) -> Path:
        """Dutch Markdown sources, one ``<slug>.md`` per article."""
        return self.root / "content" / SOURCE_LANG

    def catalog_dir(self, lang: str) -> Path:
        """Where the reviewed catalogs of ``lang`` live."""
        return self.root / "content" / check_lang(lang, targets_only=True)

    @property
    def pot_dir(self) -> Path:
        """Generated templates (POT), one per article: rewritten by ``extract``."""
        return self.root / "content" / "pot"

    @property
    def templates_dir(self) -> Path:
        """The project's Jinja2 templates, else the ones shipped with the pipeline."""
        own = self.root / "templates"
        return own if own.is_dir() else shipped_templates()

    def build_dir(self, lang: str) -> Path:
        """Where the handouts of ``lang`` are published."""
        return self.root / "build" / check_lang(lang)

    @property
    def lock_path(self) -> Path:
        """The lock that keeps two runs from writing the same project at once."""
        return self.root / ".pipeline.lock"

    def articles(self) -> list[Path]:
        """The Dutch sources, sorted by name."""
        return sorted(self.source_dir.glob("*.md"))

    def display(self, path: Path) -> str:
        """A path as users see it: relative to the project, with ``/``."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:  # resolving costs system calls: only when the path as given is not under root
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def catalog_path(self, lang: str, slug: str) -> Path:
        """The catalog of one article (or of the templates) in ``lang``."""
        return self.catalog_dir(lang) / f"{slug}.po"

    def pot_path(self, slug: str) -> Path:
        """The POT of one article (or of the templates)."""
        return self.pot_dir / f"{slug}.pot"


def check_lang(lang: str, *, targets_only: bool = False) -> str:
    """``lang`` if the project builds it, else a :class:`PipelineError`."""
    allowed = TARGET_LANGS if targets_only else LANGS
    if lang not in allowed:
        raise PipelineError(f"unknown language {lang!r} (this project has: {', '.join(allowed)})")
    return lang


def shipped_templates() -> Path:
    """The templates installed with the package (or the checkout's ``templates/``)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"
