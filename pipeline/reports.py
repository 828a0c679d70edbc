"""What a command did and what it could not do, for the CLI to print."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.release import Edition, Unreviewed


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
    #: Articles not current in the language built (held back, or outdated).
    editions: list[Edition] = field(default_factory=list)
    #: Things left out that a reader may miss (a missing image), ``file:line: …``.
    warnings: list[str] = field(default_factory=list)
