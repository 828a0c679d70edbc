"""What a build of one language publishes, gathered article by article for its report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

from pipeline.project import Project
from pipeline.publish.image import ImageState, image_state
from pipeline.publish.index import IndexEntry
from pipeline.release import CURRENT, Edition, Unreviewed, refuse_strict, refuse_unreviewed
from pipeline.reports import BuildReport


class Built(Protocol):
    """What a build knows of one article it rendered (or kept): ``article_build.Rendered``."""

    @property
    def problems(self) -> tuple[Unreviewed, ...]: ...
    @property
    def ui_missing(self) -> tuple[tuple[str, Unreviewed], ...]: ...
    @property
    def entry(self) -> IndexEntry | None: ...
    @property
    def edition(self) -> Edition: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...
    @property
    def image(self) -> ImageState | None: ...


def gather_problems(
    report: BuildReport,
    done: Mapping[str, Built],
    slugs: Sequence[str],
    lang: str,
    draft: bool,
    strict: bool,
) -> None:
    """Gather the articles' problems and editions into ``report``.

    A release with any of the templates' strings unreviewed is refused; a strict
    one also with any article not current (:func:`pipeline.release.refuse_strict`).
    Otherwise a release publishes what each article's edition says and holds back
    the rest: nothing else refuses text (a draft refuses nothing).
    """
    ui_missing: dict[str, Unreviewed] = {}
    for slug in slugs:
        built = done[slug]
        report.problems += built.problems
        report.warnings += built.warnings
        if built.edition.state != CURRENT:
            report.editions.append(built.edition)
        for text, problem in built.ui_missing:
            ui_missing.setdefault(text, problem)
    report.problems += ui_missing.values()
    if draft:
        return
    if strict:
        refuse_strict(report.editions, lang)
    refuse_unreviewed(report.problems, lang)


B = TypeVar("B", bound=Built)


def images_alike(project: Project, fresh: Mapping[str, B]) -> dict[str, B]:
    """The fresh articles whose image is the file it was (or still missing)."""
    return {
        s: b
        for s, b in fresh.items()
        if b.image is None or image_state(project, b.image.name) == b.image
    }


def published_entries(done: Mapping[str, Built], slugs: Sequence[str]) -> list[IndexEntry]:
    """The index's articles: the ones published (a release holds some back)."""
    return [entry for slug in slugs if (entry := done[slug].entry) is not None]
