"""Translation memory: reviewed translations of all catalogs, to pre-fill and suggest segments."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from babel.messages.catalog import Catalog, Message

from pipeline.release import is_reviewed

#: How similar (0–100, rapidfuzz's ``fuzz.ratio``) a Dutch text must be to count as a match.
CUTOFF = 75.0
#: How the translator comment that names a pre-fill's origin begins.
COMMENT_PREFIX = "TM "


class Reviewable(Protocol):
    """What the memory reads of a catalog: its entries, and its obsolete ones."""

    @property
    def obsolete(self) -> Mapping[Any, Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


@dataclass(frozen=True, slots=True)
class Pair:
    """A reviewed translation, as the memory reads a catalog's entry: a TMX file's, or a
    catalog's reviewed entry kept in the build cache."""

    #: The Dutch.
    id: str
    #: The English.
    string: str
    #: The 1-based line of its entry (or ``<tu>``) in its file.
    lineno: int | None
    #: Never fuzzy: the memory's pairs count as reviewed.
    fuzzy: ClassVar[bool] = False

    def __reduce__(self) -> tuple[type[Pair], tuple[str, str, int | None]]:
        # Pickled as its fields: a frozen dataclass's default state costs five times as much
        # to read back (every catalog's reviewed entries, kept in the build cache).
        return Pair, (self.id, self.string, self.lineno)


@dataclass(frozen=True, slots=True)
class Pairs:
    """Reviewed pairs, shaped as the memory reads a catalog (:class:`Reviewable`)."""

    #: The live ones, in file order.
    pairs: tuple[Pair, ...]
    #: The obsolete ones (a catalog's ``#~`` entries), by position.
    obsolete: dict[int, Pair] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Pair]:
        return iter(self.pairs)


@dataclass(frozen=True, slots=True)
class Match:
    """A reviewed translation whose Dutch text is the same as, or like, the one looked up."""

    #: Similarity, 0–100; 100 only for the very same text.
    score: float
    #: The Dutch msgid found.
    source: str
    #: Its English msgstr.
    target: str
    #: Where it came from, ``content/en/<slug>.po:LINE``, with `` (obsolete)`` for obsolete entries.
    origin: str


@dataclass(frozen=True, slots=True)
class _Unit:
    """One reviewed translation in the memory, and where it is."""

    #: The translation.
    target: str
    #: The catalog's path as users see it.
    path: str
    #: The 1-based line of its msgid, when the catalog was read from a file.
    line: int | None
    #: Whether the entry is obsolete (reviewed once, no longer in its article).
    obsolete: bool

    @property
    def origin(self) -> str:
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{place} (obsolete)" if self.obsolete else place

    def rank(self) -> tuple[bool, str, int]:
        """Tie-break among equal scores: a live entry before an obsolete one, then by place."""
        return (self.obsolete, self.path, self.line or 0)


class Memory:
    """Reviewed (translated, not fuzzy) entries by Dutch text, searchable exactly and fuzzily."""

    __slots__ = ("_units", "_sources", "_lengths")

    def __init__(self, units: dict[str, list[_Unit]]) -> None:
        # Sorted, so the result never depends on the order the catalogs were read in.
        self._units = {source: sorted(found, key=_Unit.rank) for source, found in units.items()}
        # By length, so a lookup only scores the texts whose length allows the cutoff.
        self._sources = sorted(self._units, key=lambda source: (len(source), source))
        self._lengths = [len(source) for source in self._sources]

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, Reviewable]]) -> Memory:
        """The memory of ``(shown path, catalog)`` pairs.

        Obsolete entries are included (marked so in ``origin``): a reviewed
        translation stays valuable after its paragraph left the article.
        """
        units: dict[str, list[_Unit]] = {}
        for shown, catalog in catalogs:
            for obsolete, messages in ((False, catalog), (True, catalog.obsolete.values())):
                for message in messages:
                    if _reviewed(message):
                        unit = _Unit(str(message.string), shown, message.lineno, obsolete)
                        units.setdefault(str(message.id), []).append(unit)
        return cls(units)

    def __len__(self) -> int:
        return sum(len(found) for found in self._units.values())

    def best(
        self,
        text: str,
        *,
        limit: int = 3,
        cutoff: float = CUTOFF,
        exclude_origin_prefix: str | None = None,
        own: str | None = None,
    ) -> list[Match]:
        """At most ``limit`` matches for ``text``, best first, each a distinct translation.

        ``own`` is the path of the catalog ``text`` comes from: the entry with
        that very msgid in it is the entry itself, never a match. Matches whose
        origin starts with ``exclude_origin_prefix`` are left out.
        """
        found: list[tuple[float, _Unit, str]] = []

        def add(source: str, score: float) -> None:
            seen: set[str] = set()  # one match per translation: the best-placed one
            for unit in self._units[source]:
                if source == text and unit.path == own:
                    continue
                if exclude_origin_prefix and unit.origin.startswith(exclude_origin_prefix):
                    continue
                if unit.target not in seen:
                    seen.add(unit.target)
                    found.append((score, unit, source))

        if text in self._units:
            add(text, 100.0)
        # Only the same text scores 100, so a full list of exact matches cannot be beaten.
        if len(found) < limit:
            from rapidfuzz import fuzz, process  # 7 ms to load: only when a match is sought

            for source, score, _ in process.extract(
                text,
                self._window(len(text), cutoff),
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=cutoff,
                limit=None,
            ):
                if source != text:
                    add(source, score)
        found.sort(key=lambda hit: (-hit[0], hit[1].rank(), hit[2]))
        return [
            Match(score, source, unit.target, unit.origin) for score, unit, source in found[:limit]
        ]

    def _window(self, length: int, cutoff: float) -> list[str]:
        """The texts long enough and short enough to reach ``cutoff`` against ``length``.

        ``fuzz.ratio`` is ``100 * (1 - indel / (a + b))`` and ``indel >= |a - b|``,
        so a text outside ``length * (1 - k) / (1 + k)`` … ``length * (1 + k) / (1 - k)``,
        ``k = 1 - cutoff / 100``, cannot reach it: skipping them halves a lookup.
        """
        k = max(1 - cutoff / 100, 0.0)
        if k >= 1:  # no cutoff: every text may match
            return self._sources
        low = bisect.bisect_left(self._lengths, math.floor(length * (1 - k) / (1 + k)))
        high = bisect.bisect_right(self._lengths, math.ceil(length * (1 + k) / (1 - k)))
        return self._sources[low:high]


def prefill(catalog: Catalog, memory: Memory, *, shown: str, cutoff: float = CUTOFF) -> int:
    """Fill the untranslated entries of ``catalog`` from ``memory``; how many were filled.

    Each filled entry is fuzzy, for a human to review, and gets one translator
    comment naming the score and the origin (``TM 100%: content/en/x.po:57``).
    ``shown`` is the catalog's own path, so an entry never matches itself.
    """
    filled = 0
    for message in catalog:
        if not _is_text(message) or message.string:
            continue
        found = memory.best(str(message.id), limit=1, cutoff=cutoff, own=shown)
        if not found:
            continue
        match = found[0]
        message.string = match.target
        message.flags.add("fuzzy")
        # A comment of an earlier pre-fill (its msgstr since emptied) would name the wrong origin.
        kept = [c for c in message.user_comments if not c.startswith(COMMENT_PREFIX)]
        message.user_comments = [*kept, comment(match)]
        filled += 1
    return filled


def comment(match: Match) -> str:
    """The translator comment of a pre-filled entry: ``TM 87%: content/en/x.po:12``."""
    # Rounded down, so a near match never reads as 100%.
    return f"{COMMENT_PREFIX}{math.floor(match.score)}%: {match.origin}"


def suggestions(
    catalog: Catalog, memory: Memory, *, shown: str, limit: int = 3
) -> list[tuple[Message, list[Match]]]:
    """For each untranslated or fuzzy entry of ``catalog`` (path ``shown``), its best matches."""
    return [
        (message, memory.best(str(message.id), limit=limit, own=shown))
        for message in catalog
        if _is_text(message) and not is_reviewed(message.string, message.fuzzy)
    ]


def _is_text(message: Message) -> bool:
    """A singular entry with a msgid: not the header, not a plural (article prose has none)."""
    return isinstance(message.id, str) and bool(message.id)


def _reviewed(message: Message) -> bool:
    return (
        _is_text(message)
        and isinstance(message.string, str)
        and is_reviewed(message.string, message.fuzzy)
    )
