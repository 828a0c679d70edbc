"""One article built in a worker process: translated, rendered, staged for ``build``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.digests import digest, file_digest
from pipeline.project import Project
from pipeline.publish.article import translate_article
from pipeline.publish.image import ImageState, article_image, copy_image, image_state
from pipeline.publish.index import IndexEntry
from pipeline.publish.render import make_page, render_outputs, template_environment
from pipeline.publish.ui import UiStrings, ui_strings
from pipeline.release import Edition, Entry, Unreviewed
from pipeline.source.document import Document


@dataclass(frozen=True, slots=True)
class RenderTask:
    """One article to build (picklable, for a worker process)."""

    #: The project directory.
    root: str
    #: The language to build.
    lang: str
    #: Whether untranslated text may stand in (a draft).
    draft: bool
    #: The article.
    slug: str
    #: The staging folder its files go into.
    staging: str
    #: The digest of everything but the article's own files (templates, code, …).
    setting: str

    @classmethod
    def of(
        cls, project: Project, lang: str, draft: bool, slug: str, staging: Path, setting: str
    ) -> RenderTask:
        """The task of one stale article."""
        return cls(str(project.root), lang, draft, slug, str(staging), setting)


@dataclass(frozen=True, slots=True)
class Rendered:
    """One article built: what the release check and the index need of it."""

    #: The article.
    slug: str
    #: Its segments a release cannot ship.
    problems: tuple[Unreviewed, ...]
    #: The digest of its inputs, as read.
    key: str
    #: The templates' strings it used that are not reviewed, by text.
    ui_missing: tuple[tuple[str, Unreviewed], ...]
    #: The article as the index lists it (``None``: held back, not published).
    entry: IndexEntry | None
    #: The files written, by name under ``build/<lang>/`` (its image's ``images/<name>``).
    names: tuple[str, ...]
    #: Its edition in the language built.
    edition: Edition
    #: Things left out that a reader may miss (its image not found).
    warnings: tuple[str, ...] = ()
    #: The image the front matter names, as it was when rendered (``None``: it names none).
    image: ImageState | None = None


class _Gettext:
    """The templates' ``gettext``, asking the UI strings of the article being rendered."""

    def __init__(self) -> None:
        self.ui: UiStrings | None = None

    def __call__(self, text: str) -> str:
        assert self.ui is not None
        return self.ui.gettext(text)


#: Per process: the Jinja2 environment and UI strings of the setting last built.
_CONTEXT: dict[str, tuple[Any, _Gettext, dict[str, Entry] | None, str]] = {}


def _context(
    project: Project, lang: str, setting: str
) -> tuple[Any, _Gettext, dict[str, Entry] | None, str]:
    # The templates' folder too: two projects with the same templates share a setting,
    # and a Jinja2 environment reads its templates from one folder.
    key = f"{setting}:{project.templates_dir}"
    if key not in _CONTEXT:
        _CONTEXT.clear()
        gettext = _Gettext()
        ui = ui_strings(project, lang)
        _CONTEXT[key] = (
            # made for this setting (the templates' digest among it): not reloaded
            template_environment(
                project.templates_dir,
                gettext,
                reload=False,
                locale=project.languages.locale(lang),
            ),
            gettext,
            ui.translations,
            ui.catalog_name,
        )
    return _CONTEXT[key]


def article_key(
    setting: str,
    slug: str,
    folders: tuple[Path, Path | None],
    digest_of: Callable[[Path], str] = file_digest,
) -> str:
    """The digest of an article's inputs; ``folders``: its sources' and catalogs' (``None``
    for the Dutch); ``digest_of``: each file's digest (from its stat when it is unchanged).
    A translation's inputs are its catalog and its approvals record besides the source."""
    sources, catalogs = folders
    catalog = record = ""
    if catalogs is not None:
        catalog = digest_of(catalogs / f"{slug}.po")
        record = digest_of(catalogs / "reviewed" / f"{slug}.tsv")
    return digest(setting, digest_of(sources / f"{slug}.md"), catalog, record)


def source_folders(project: Project, lang: str) -> tuple[Path, Path | None]:
    return project.source_dir, project.catalog_dir(lang) if lang != project.source_lang else None


def render_article(task: RenderTask) -> Rendered:
    """Parse, translate and render one article into the staging folder (a release: only
    when its edition is published)."""
    project = Project.at(Path(task.root))
    lang = task.lang
    # The key before reading (see update), from the bytes: this process has no stats.
    key = article_key(task.setting, task.slug, source_folders(project, lang))
    env, gettext, ui_translations, ui_shown = _context(project, lang, task.setting)
    article = translate_article(project, lang, task.slug, draft=task.draft)
    gettext.ui = UiStrings(lang, ui_translations, ui_shown)
    entry, names, warnings = None, list[str](), list[str]()
    if task.draft or article.published:
        document = article.document
        image, warnings = article_image(project, document)
        status = article.edition.state
        entry = IndexEntry.of_article(document, status=status)
        page = make_page(
            document,
            lang=lang,
            languages=project.languages,
            draft=task.draft,
            status=status,
            image_src=image.published if image else None,
        )
        outputs = render_outputs(page, env, document.env)
        names = [_stage(Path(task.staging), f"{document.slug}{s}", d) for s, d in outputs.items()]
        if image is not None:
            names.append(copy_image(image, Path(task.staging)))
    return Rendered(
        slug=task.slug,
        problems=article.problems,
        key=key,
        ui_missing=tuple(gettext.ui.missing.items()),
        entry=entry,
        names=tuple(names),
        edition=article.edition,
        warnings=tuple(warnings),
        image=_image_state(project, article.document),
    )


def _image_state(project: Project, document: Document) -> ImageState | None:
    name = document.meta.get("image")
    return image_state(project, name) if isinstance(name, str) and name.strip() else None


def _stage(staging: Path, name: str, data: bytes) -> str:
    with open(staging / name, "xb") as handle:
        handle.write(data)
    return name
