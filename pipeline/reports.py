"""What a command did and what it could not do: the report and problem types, once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.errors import ReleaseError
from pipeline.source.segments import Segment

if TYPE_CHECKING:
    from pipeline.catalogs.io import Entry


@dataclass(slots=True)
class Report:
    """What a command did, for the CLI to print."""

    #: Files written (as users see them).
    written: list[str] = field(default_factory=list)
    #: Files left as they were because nothing changed.
    unchanged: list[str] = field(default_factory=list)
    #: Segments a draft build shipped in Dutch.
    problems: list[Unreviewed] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Unreviewed:
    """A segment a release build cannot ship."""

    #: The Dutch segment.
    segment: Segment
    #: ``untranslated`` or ``fuzzy``.
    status: str
    #: Where to fix it: ``content/en/<slug>.po:LINE``, or the source line when the
    #: catalog has no entry for it yet (run ``update``).
    where: str

    def __str__(self) -> str:
        return f"{self.where}: {self.status}: {self.segment.text}"

    @classmethod
    def of(cls, segment: Segment, entry: Entry | None, catalog_name: str) -> Unreviewed:
        """``segment`` with its catalog ``entry`` (``None``: not in the catalog yet), which is
        not a reviewed translation."""
        if entry is None:
            return cls(segment, "untranslated", f"{segment.source}:{segment.line}")
        status = "fuzzy" if entry.fuzzy and entry.string else "untranslated"
        return cls(segment, status, f"{catalog_name}:{entry.lineno}")


#: An article's edition in a language: published as it is, published with a notice that
#: the Dutch changed since its English was reviewed, or held back until it is reviewed.
CURRENT, OUTDATED, HELD_BACK = "current", "outdated", "held-back"


@dataclass(frozen=True, slots=True)
class Edition:
    """What a release publishes of one article in one language, and what is left to do."""

    #: The article (or ``newsletters/<id>``).
    slug: str
    #: :data:`CURRENT`, :data:`OUTDATED` or :data:`HELD_BACK`.
    state: str
    #: Where to start: the first segment that holds it back (else the first left to
    #: review), ``content/en/<slug>.po:LINE``; empty when current.
    where: str
    #: Segments (distinct msgids) not reviewed for the Dutch as it is now.
    segments_left: int
    #: Words of their Dutch.
    words_left: int
    #: Each segment not reviewed, at its ``file:line`` (what ``--strict`` refuses).
    left: tuple[Unreviewed, ...] = ()
    #: The msgids whose English reviewed for their previous Dutch stands in (outdated).
    stand_ins: tuple[str, ...] = ()

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.state}: {self.slug}: {self.segments_left} segment(s),"
            f" {self.words_left} word(s) to translate or review"
        )


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
    #: Articles not current in the language built (held back, or outdated).
    editions: list[Edition] = field(default_factory=list)
    #: Things left out that a reader may miss (a missing image), ``file:line: …``.
    warnings: list[str] = field(default_factory=list)


def refuse_unreviewed(
    problems: Sequence[Unreviewed], lang: str, *, of: str = "", outcome: str = "nothing was built"
) -> None:
    """The one place a release refuses text no reviewer approved: a :class:`ReleaseError`
    listing each segment at its ``file:line`` when there is any, else nothing."""
    if problems:
        raise ReleaseError(
            f"{len(problems)} segment(s){of} not reviewed in {lang}; {outcome}"
            " (translate them, remove 'fuzzy', or build with --draft)",
            [str(p) for p in problems],
        )
