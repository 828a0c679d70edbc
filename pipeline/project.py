"""A project directory: its paths, languages and settings (``pipeline.toml``)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

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
            raise PipelineError(
                f"no content/{SOURCE_LANG}/ folder: not a project directory", filename=root
            )
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

    def approvals_path(self, lang: str, slug: str) -> Path:
        """The approvals record of one article in ``lang`` (``pipeline.catalogs.approvals``):
        ``content/<lang>/reviewed/<slug>.tsv``, committed with the catalogs."""
        return self.catalog_dir(lang) / "reviewed" / f"{slug}.tsv"


def check_lang(lang: str, *, targets_only: bool = False) -> str:
    """``lang`` if the project builds it, else a :class:`PipelineError`."""
    allowed = TARGET_LANGS if targets_only else LANGS
    if lang not in allowed:
        raise PipelineError(f"unknown language {lang!r} (this project has: {', '.join(allowed)})")
    return lang


def other_lang(lang: str) -> str:
    """The language a page in ``lang`` links to as its other version."""
    return TARGET_LANGS[0] if lang == SOURCE_LANG else SOURCE_LANG


def shipped_templates() -> Path:
    """The templates installed with the package (or the checkout's ``templates/``)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


#: The configuration file's name, at the project root.
CONFIG_NAME = "pipeline.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """What publishing needs to know that the sources do not say."""

    #: Where the site is published, ``https://…`` without a trailing slash.
    base_url: str = "https://www.naturafoundation.nl"
    #: The newsletter's ``From``, e.g. ``Natura Foundation <nieuwsbrief@…>``.
    sender: str = "Natura Foundation <nieuwsbrief@naturafoundation.nl>"
    #: The unsubscribe page (``https://``), for the footer and ``List-Unsubscribe``.
    unsubscribe_url: str = "https://www.naturafoundation.nl/nieuwsbrief/afmelden"
    #: The unsubscribe address (``mailto:``) for ``List-Unsubscribe``, or empty.
    unsubscribe_email: str = "afmelden@naturafoundation.nl"
    #: TMX files (paths relative to the project) the translation memory also draws on.
    tmx: tuple[str, ...] = ()
    #: Where the values came from: ``pipeline.toml``, or ``None`` for the defaults.
    source: str | None = None

    def url(self, *parts: str) -> str:
        """An absolute URL under the base URL, e.g. ``url("en", "slug.html")``."""
        return "/".join([self.base_url, *parts])


def load_config(project: Project) -> Config:
    """The project's configuration: ``pipeline.toml`` over the defaults.

    A file that is not TOML, an unknown key, or a value of the wrong form is a
    :class:`PipelineError` naming ``pipeline.toml`` and the line.
    """
    path = project.root / CONFIG_NAME
    if not path.exists():
        return Config()
    shown = project.display(path)
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise PipelineError("not UTF-8", filename=shown) from None
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 puts the place only in the message: "... (at line 3, column 5)".
        found = re.search(r"at line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        raise PipelineError(
            f"not valid TOML: {reason}",
            filename=shown,
            lineno=int(found.group(1)) if found else None,
        ) from None
    return _from_data(data, text, shown)


def _from_data(data: dict[str, Any], text: str, shown: str) -> Config:
    def fail(message: str, section: str, key: str | None = None) -> PipelineError:
        return PipelineError(message, filename=shown, lineno=_line_of(text, section, key))

    site = _table(data, "site", {"base_url"}, fail)
    newsletter = _table(
        data, "newsletter", {"sender", "unsubscribe_url", "unsubscribe_email"}, fail
    )
    tmx = _tmx_paths(data, fail)
    unknown = sorted(set(data) - {"site", "newsletter", "memory"})
    if unknown:
        hint = (
            " (the words the templates add are translated in content/<lang>/_templates.po)"
            if unknown[0] == "labels"
            else ""
        )
        raise fail(f"unknown section {unknown[0]!r}{hint}", unknown[0])
    defaults = Config()
    base_url = site.get("base_url", defaults.base_url).rstrip("/")
    if not re.fullmatch(r"https://[^\s/?#]+(/[^\s?#]*)?", base_url):
        raise fail(f"base_url must be an https:// address, not {base_url!r}", "site", "base_url")
    sender = newsletter.get("sender", defaults.sender)
    # email: 11 ms to load, for the commands that read the settings only
    from email.headerregistry import Address
    from email.utils import parseaddr

    name, address = parseaddr(sender)
    if "@" not in address or any(c in sender for c in "\r\n"):
        raise fail(f"sender must be an e-mail address, not {sender!r}", "newsletter", "sender")
    try:
        Address(display_name=name, addr_spec=address)
    except (ValueError, IndexError):
        raise fail(
            f"sender must be an e-mail address, not {sender!r}", "newsletter", "sender"
        ) from None
    unsubscribe_url = newsletter.get("unsubscribe_url", defaults.unsubscribe_url)
    if not re.fullmatch(r"https://\S+", unsubscribe_url):
        raise fail(
            f"unsubscribe_url must be an https:// address, not {unsubscribe_url!r}",
            "newsletter",
            "unsubscribe_url",
        )
    unsubscribe_email = newsletter.get("unsubscribe_email", defaults.unsubscribe_email)
    if unsubscribe_email and not re.fullmatch(r"[^\s@<>]+@[^\s@<>]+", unsubscribe_email):
        raise fail(
            f"unsubscribe_email must be an e-mail address, not {unsubscribe_email!r}",
            "newsletter",
            "unsubscribe_email",
        )
    return Config(
        base_url=base_url,
        sender=sender,
        unsubscribe_url=unsubscribe_url,
        unsubscribe_email=unsubscribe_email,
        tmx=tmx,
        source=shown,
    )


def _tmx_paths(data: dict[str, Any], fail: Any) -> tuple[str, ...]:
    """``[memory] tmx = ["agency.tmx", …]``: the TMX files the translation memory reads."""
    memory = data.get("memory", {})
    if not isinstance(memory, dict):
        raise fail("'memory' must be a table ([memory])", "memory")
    for key in memory:
        if key != "tmx":
            raise fail(f"unknown key {key!r} in [memory] (known: tmx)", "memory", key)
    paths = memory.get("tmx", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise fail("'tmx' must be a list of paths", "memory", "tmx")
    return tuple(paths)


def _table(data: dict[str, Any], name: str, keys: set[str], fail: Any) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise fail(f"{name!r} must be a table ([{name}])", name)
    for key, value in table.items():
        if key not in keys:
            raise fail(
                f"unknown key {key!r} in [{name}] (known: {', '.join(sorted(keys))})", name, key
            )
        if not isinstance(value, str):
            raise fail(f"{key!r} must be text", name, key)
    return table


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """The 1-based line of ``key`` in ``[section]`` (or of the section), for messages."""
    # A section's subtables count as the section: ``[labels.en]`` is where ``labels`` is.
    header = re.compile(r"^\s*\[\s*" + re.escape(section) + r"\s*(\.[^\]]*)?\]\s*(#.*)?$")
    assignment = re.compile(r"^\s*" + re.escape(key or section) + r"\s*=")
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            if key is None:
                return number
            inside = True
        elif line.lstrip().startswith("["):
            inside = False
        elif (inside or key is None) and assignment.match(line):
            return number
    return None
