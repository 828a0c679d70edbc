"""What a command did and what it could not do: the report and problem types, once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.errors import ReleaseError
from pipeline.source.segments import Segment


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


@dataclass(slots=True)
class Report:
    """What a command did, for the CLI to print."""

    #: Files written (as users see them).
    written: list[str] = field(default_factory=list)
    #: Files left as they were because nothing changed.
    unchanged: list[str] = field(default_factory=list)
    #: Segments a draft build shipped in Dutch.
    problems: list[Unreviewed] = field(default_factory=list)


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
