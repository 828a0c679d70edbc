"""What a build of one language publishes, article by article: the release rules, once."""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

from pipeline.catalogs.edition import Pairs, Record, record_key
from pipeline.project import Project
from pipeline.publish.image import image_state
from pipeline.publish.index import IndexEntry
from pipeline.reports import CURRENT, BuildReport, Edition, Unreviewed, refuse_unreviewed

#: No reviewed pairs recorded (an article no build or update read yet).
NONE: Pairs = frozenset()

#: The record as a build holds it: each article's pairs as 8 bytes a digest, not a set
#: of Python ints (~100 bytes a pair: 15 MiB for 5000 articles' record, 1 MiB packed).
Packed = dict[str, bytes]


def pack(record: Record) -> Packed:
    """``record`` packed, each article's digests in order (this process's byte order: it
    is not kept on disk, only handed to workers this process starts)."""
    return {slug: array("Q", sorted(pairs)).tobytes() for slug, pairs in record.items()}


def unpack(packed: bytes) -> Pairs:
    """The pairs :func:`pack` packed (``b""``: :data:`NONE`)."""
    return frozenset(array("Q", packed)) if packed else NONE


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
    def reviewed_key(self) -> tuple[int, int]: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...
    @property
    def image(self) -> tuple[str, tuple[str, tuple[int, int, int] | None]] | None: ...


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
    one also with any article not current, each segment at its ``file:line``. A
    release publishes what each article's edition says and holds back the rest:
    nothing else refuses text (a draft refuses nothing).
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
        refuse_unreviewed([p for e in report.editions for p in e.left] + report.problems, lang)
    refuse_unreviewed(report.problems, lang)


B = TypeVar("B", bound=Built)


def decided_alike(project: Project, fresh: Mapping[str, B], record: Packed) -> dict[str, B]:
    """The fresh articles whose recorded reviewed pairs are those they were decided with
    (a pair recorded since, by an update, may change an edition: decide again), and
    whose image is the file it was (or still missing)."""
    return {
        s: b
        for s, b in fresh.items()
        if b.reviewed_key == record_key(unpack(record.get(s, b"")))
        and (b.image is None or image_state(project, b.image[0]) == b.image[1])
    }


def published_entries(done: Mapping[str, Built], slugs: Sequence[str]) -> list[IndexEntry]:
    """The index's articles: the ones published (a release holds some back)."""
    return [entry for slug in slugs if (entry := done[slug].entry) is not None]
