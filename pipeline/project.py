"""A project directory: its paths, languages and settings (``pipeline.toml``)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError

#: The catalog of the strings the templates add, beside the articles' catalogs.
TEMPLATES_DOMAIN = "_templates"

#: The Babel locale of a language when ``[languages] locales`` does not name one: the house
#: writes British English ("2 October 2019"); any other language is its own locale.
DEFAULT_LOCALES = {"nl": "nl_NL", "en": "en_GB"}

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


@dataclass(frozen=True, slots=True)
class Languages:
    """The project's languages (``[languages]`` of ``pipeline.toml``), as Sphinx's
    ``language`` and po4a's ``[po4a_langs]`` give them: data, not code."""

    #: The language the articles are written in (``content/<source>/*.md``).
    source: str = "nl"
    #: The languages they are translated into (``content/<target>/*.po``), in order.
    targets: tuple[str, ...] = ("en",)
    #: Babel locales by language where one is named (``en = "en_GB"``); see :meth:`locale`.
    locales: tuple[tuple[str, str], ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        """Every language a handout is built in: the source first, then the targets."""
        return (self.source, *self.targets)

    def others(self, lang: str) -> tuple[str, ...]:
        """The languages a page in ``lang`` links to: every other one, in :attr:`all`'s order."""
        return tuple(other for other in self.all if other != lang)

    def locale(self, lang: str) -> str:
        """The Babel locale that writes dates, numbers and plurals of ``lang``."""
        return dict(self.locales).get(lang) or DEFAULT_LOCALES.get(lang, lang)

    def check(self, lang: str, *, targets_only: bool = False) -> str:
        """``lang`` if the project has it, else a :class:`PipelineError`."""
        allowed = self.targets if targets_only else self.all
        if lang not in allowed:
            raise PipelineError(
                f"unknown language {lang!r} (this project has: {', '.join(allowed)})"
            )
        return lang


@dataclass(frozen=True, slots=True)
class Project:
    """Paths of one newsletter project (a directory holding ``content/``)."""

    #: The project directory.
    root: Path
    #: Its languages (``[languages]`` of ``pipeline.toml``; :meth:`at` reads them).
    languages: Languages = field(default_factory=Languages)

    @classmethod
    def at(cls, root: Path) -> Project:
        """The project at ``root``, which must hold ``content/<source language>``."""
        root = root.resolve()
        languages = read_languages(root)
        if not (root / "content" / languages.source).is_dir():
            raise PipelineError(
                f"no content/{languages.source}/ folder: not a project directory", filename=root
            )
        return cls(root, languages)

    @property
    def source_lang(self) -> str:
        """The language the articles are written in."""
        return self.languages.source

    @property
    def source_dir(self) -> Path:
        """The Markdown sources, one ``<slug>.md`` per article."""
        return self.root / "content" / self.languages.source

    def catalog_dir(self, lang: str) -> Path:
        """Where the reviewed catalogs of ``lang`` live."""
        return self.root / "content" / self.languages.check(lang, targets_only=True)

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
        return self.root / "build" / self.languages.check(lang)

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
    #: The source and target languages (``[languages]``).
    languages: Languages = field(default_factory=Languages)
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
    return _config(_read_text(path, shown), shown)


def read_languages(root: Path) -> Languages:
    """The ``[languages]`` of the project at ``root`` (the defaults without the file or the
    table), read alone: what :meth:`Project.at` needs, without checking the other settings."""
    path = root / CONFIG_NAME
    if not path.exists():
        return Languages()
    return _languages_of(_read_text(path, CONFIG_NAME))


# Parsed once per text: a worker asks for the project (and so its languages) for every
# article, and update for its TMX files (the settings) too.


@functools.lru_cache(maxsize=8)
def _config(text: str, shown: str) -> Config:
    return _from_data(_parse_toml(text, shown), text, shown)


@functools.lru_cache(maxsize=8)
def _languages_of(text: str) -> Languages:
    def fail(message: str, section: str, key: str | None = None) -> PipelineError:
        return PipelineError(message, filename=CONFIG_NAME, lineno=_line_of(text, section, key))

    return _languages(_parse_toml(text, CONFIG_NAME), fail)


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise PipelineError("not UTF-8", filename=shown) from None


def _parse_toml(text: str, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 puts the place only in the message: "... (at line 3, column 5)".
        found = re.search(r"at line (\d+)", str(exc))
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        raise PipelineError(
            f"not valid TOML: {reason}",
            filename=shown,
            lineno=int(found.group(1)) if found else None,
        ) from None


def _languages(data: dict[str, Any], fail: Any) -> Languages:
    """``[languages] source = "nl", targets = ["en"]`` (and optionally ``locales``)."""
    table = data.get("languages", {})
    if not isinstance(table, dict):
        raise fail("'languages' must be a table ([languages])", "languages")
    known = {"source", "targets", "locales"}
    for key in table:
        if key not in known:
            raise fail(
                f"unknown key {key!r} in [languages] (known: {', '.join(sorted(known))})",
                "languages",
                key,
            )
    defaults = Languages()
    source = table.get("source", defaults.source)
    if not isinstance(source, str) or not _LANGUAGE_CODE.fullmatch(source):
        raise fail(
            f"source must be a language code such as 'nl', not {source!r}", "languages", "source"
        )
    targets = table.get("targets", list(defaults.targets))
    if (
        not isinstance(targets, list)
        or not targets
        or not all(isinstance(t, str) and _LANGUAGE_CODE.fullmatch(t) for t in targets)
    ):
        raise fail(
            f"targets must be a list of language codes such as ['en'], not {targets!r}",
            "languages",
            "targets",
        )
    if source in targets or len(set(targets)) != len(targets):
        raise fail(
            "targets must name each language once, and not the source", "languages", "targets"
        )
    locales = table.get("locales", {})
    if not isinstance(locales, dict) or not all(
        isinstance(v, str) and _LANGUAGE_CODE.fullmatch(v) for v in locales.values()
    ):
        raise fail(
            'locales must map languages to Babel locales (en = "en_GB")', "languages", "locales"
        )
    found = Languages(source, tuple(targets), tuple(sorted(locales.items())))
    if table:  # the defaults are known to Babel
        for lang in found.all:
            _check_locale(found.locale(lang), fail)
    return found


def _check_locale(locale: str, fail: Any) -> None:
    from babel import Locale, UnknownLocaleError  # only with a [languages] table to check

    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise fail(f"Babel knows no locale {locale!r}", "languages") from None


def _from_data(data: dict[str, Any], text: str, shown: str) -> Config:
    def fail(message: str, section: str, key: str | None = None) -> PipelineError:
        return PipelineError(message, filename=shown, lineno=_line_of(text, section, key))

    site = _table(data, "site", {"base_url"}, fail)
    newsletter = _table(
        data, "newsletter", {"sender", "unsubscribe_url", "unsubscribe_email"}, fail
    )
    tmx = _tmx_paths(data, fail)
    languages = _languages(data, fail)
    unknown = sorted(set(data) - {"site", "newsletter", "memory", "languages"})
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
        languages=languages,
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
