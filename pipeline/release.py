"""The release rules: what a release publishes of each article and issue, and why not.

Build, index, feed, newsletter, PDF, stats and the workbench ask this module; nothing
else decides. The rules, per article and target language:

A segment is **reviewed** when its catalog entry has a translation and no ``fuzzy`` flag
(:func:`is_reviewed`), or is verbatim. The **approvals record** (``content/<lang>/
reviewed/<slug>.tsv``, :mod:`pipeline.catalogs.approvals`) keeps, for each place of the
article, the English a reviewer last approved there; it is committed with the catalogs,
so every clone decides alike.

===========  ===================================================  =========================
edition      when                                                 a release
===========  ===================================================  =========================
current      every segment reviewed, no check error in them       publishes it
outdated     the rest changed in the Dutch since their English    publishes it with that
             was approved at the same place, and their entries    English and a notice
             (merged with the Dutch now) still hold that English
held back    anything else: a new segment, never translated, a    publishes nothing of it
             memory fill or an edit saved as needs work, a check  (no page, Markdown, JSON,
             error in a reviewed entry, no catalog yet            PDF, image, index or feed
                                                                  entry, no issue linking it)
===========  ===================================================  =========================

The edition is decided from the Dutch as it is now and the catalog as merged with it
(as ``update`` would, in memory): a typo fix is *outdated* at once, before any update,
whatever tools saved the catalog (``#|`` lines and ``# TM`` comments play no part).

A newsletter issue is published when its own text is reviewed (no check error in it)
and every article it carries is published (current or outdated: the outdated page says
so); the index and feed list exactly the issues published.

``--strict``: anything not current, or any check error in a reviewed entry, refuses the
whole release (:func:`refuse_strict`). ``--draft``: everything, the Dutch marked where
there is no reviewed English. A check error in an entry nobody reviewed is the
translator's warning, never a release's error.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.catalogs.approvals import Approval, places, text_digest
from pipeline.errors import ReleaseError
from pipeline.source.segments import Segment

#: An article's edition in a language.
CURRENT, OUTDATED, HELD_BACK = "current", "outdated", "held-back"

#: Why a segment holds its article back (what the build prints after its ``file:line``).
NO_CATALOG = "no catalog yet (run `make update`)"
NOT_IN_CATALOG = "new in the Dutch, not in the catalog yet (run `make update`)"
NEW_SEGMENT = "new in the Dutch: no English was ever approved for it"
NEVER_TRANSLATED = "never translated"
MEMORY_FILL = "a translation-memory fill nobody reviewed yet"
NEEDS_WORK = "saved as needs work"
NOT_APPROVED = "fuzzy: new in the Dutch or saved as needs work, its English never approved here"


def is_reviewed(string: object, fuzzy: bool) -> bool:
    """Whether a catalog entry is a reviewed translation: translated (every plural form)
    and not fuzzy."""
    if isinstance(string, (list, tuple)):
        return not fuzzy and bool(string) and all(string)
    return not fuzzy and bool(string)


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit (so a lone dash is no word)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


@dataclass(frozen=True, slots=True)
class Entry:
    """A catalog's translation of one msgid."""

    #: The translated text (empty when untranslated).
    string: str
    #: Whether the entry is marked fuzzy (not reviewed).
    fuzzy: bool
    #: 1-based line of the entry in its PO file.
    lineno: int
    #: Whether the translation memory filled it (a ``# TM …`` comment).
    memory: bool = False

    @property
    def reviewed(self) -> bool:
        """:func:`is_reviewed` of this entry."""
        return is_reviewed(self.string, self.fuzzy)


@dataclass(frozen=True, slots=True)
class Unreviewed:
    """A segment a release cannot ship as it is."""

    #: The Dutch segment.
    segment: Segment
    #: ``untranslated`` or ``fuzzy`` (how a draft marks it).
    status: str
    #: Where to fix it: ``content/en/<slug>.po:LINE``, or the Dutch line when the catalog
    #: has no entry for it yet.
    where: str
    #: Why, in the words the build prints (:data:`NEEDS_WORK`, …).
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.status}: {self.segment.text}"

    @classmethod
    def of(
        cls, segment: Segment, entry: Entry | None, catalog_name: str, reason: str = ""
    ) -> Unreviewed:
        """``segment`` with its catalog ``entry`` (``None``: not in the catalog yet)."""
        if entry is None or entry.lineno <= 0:
            return cls(segment, "untranslated", f"{segment.source}:{segment.line}", reason)
        status = "fuzzy" if entry.fuzzy and entry.string else "untranslated"
        return cls(segment, status, f"{catalog_name}:{entry.lineno}", reason)


@dataclass(frozen=True, slots=True)
class Edition:
    """What a release publishes of one article in one language, and what is left to do."""

    #: The article (or ``newsletters/<id>``).
    slug: str
    #: :data:`CURRENT`, :data:`OUTDATED` or :data:`HELD_BACK`.
    state: str
    #: Where to start: the first segment that holds it back (else the first changed one),
    #: ``content/en/<slug>.po:LINE``; empty when current.
    where: str
    #: Segments (distinct msgids) not reviewed for the Dutch as it is now.
    segments_left: int
    #: Words of their Dutch.
    words_left: int
    #: Each segment not reviewed, at its ``file:line``, with its reason.
    left: tuple[Unreviewed, ...] = ()
    #: The changed segments' last-approved English that stands in (outdated), by msgid.
    stand_ins: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        if self.state == CURRENT:
            return f"{self.slug}: current"
        if self.state == OUTDATED:
            why = "published with the English approved before"
        else:
            why = next((p.reason for p in self.left if p.where == self.where), "")
        return (
            f"{self.where}: {self.state}: {self.slug}: {self.segments_left} segment(s),"
            f" {self.words_left} word(s) to translate or review" + (f" ({why})" if why else "")
        )

    def details(self) -> list[str]:
        """One line per segment left, at its ``file:line``, with its reason."""
        return [f"  {p.where}: {p.reason or p.status}" for p in self.left]


#: The reason of a segment an outdated article publishes with its last-approved English.
_CHANGED = "changed in the Dutch since its English was approved"


@dataclass(frozen=True, slots=True)
class Decision:
    """An article's edition, the translations a release applies, and the record to keep."""

    #: The edition.
    edition: Edition
    #: The entries as merged with the Dutch as it is now (``update``'s result, in memory).
    entries: dict[str, Entry]
    #: The approvals record of the Dutch as it is now (what ``update`` writes).
    approvals: tuple[Approval, ...] = field(default=())

    @property
    def published(self) -> bool:
        """Whether a release publishes the article (current or outdated)."""
        return self.edition.state != HELD_BACK

    def release_entries(self) -> dict[str, Entry]:
        """The translations a release applies: the reviewed ones, and of an outdated
        article the last-approved English of each changed segment, in its place."""
        applied = dict(self.entries)
        for msgid, text in self.edition.stand_ins:
            old = applied.get(msgid)
            applied[msgid] = Entry(text, False, old.lineno if old is not None else 0)
        return applied


def decide(
    slug: str,
    found: Sequence[Segment],
    before: Mapping[str, Entry] | None,
    now: Mapping[str, Entry] | None,
    record: Sequence[Approval] | None,
    *,
    catalog_name: str,
    errors: Mapping[str, tuple[int, str]] | None = None,
) -> Decision:
    """The edition of the article ``slug`` whose Dutch segments are ``found`` now.

    ``before``: its catalog's entries as on disk (``None``: no catalog yet); ``now``: the
    catalog merged with the Dutch as it is now, as ``update`` would
    (:func:`pipeline.catalogs.entries.entries_now`); ``record``: its approvals record
    (``None``: none, the catalog's own order stands in); ``errors``: by msgid, the line
    and text of the first check error of each entry (only reviewed ones matter).
    """
    texts = _distinct(found)
    has_catalog = before is not None
    before = before or {}
    now = now if now is not None else before
    rows = _reference(record, before)
    digests = [text_digest(s.text) for s in texts]
    held = [
        text_digest(now[s.text].string) if s.text in now and now[s.text].string else None
        for s in texts
    ]
    at = places(digests, rows, held)
    left: list[Unreviewed] = []
    blocking = False
    stand_ins: list[tuple[str, str]] = []
    approvals: list[Approval] = []
    words = 0
    for index, segment in enumerate(texts):
        dutch = digests[index]
        entry = now.get(segment.text)
        shown_entry = before.get(segment.text)  # its line on disk (none: merged in memory)
        if entry is not None and entry.reviewed:
            approvals.append(Approval(dutch, text_digest(entry.string), dutch))
            error = (errors or {}).get(segment.text)
            if error is not None:
                line, text = error
                left.append(
                    Unreviewed(segment, "fuzzy", f"{catalog_name}:{line}", f"check error: {text}")
                )
                words += count_words(segment.text)
                blocking = True
            continue
        row = rows[at[index]] if index in at else None
        words += count_words(segment.text)
        if (
            row is not None
            and row.english is not None
            and row.approved_for != dutch
            and entry is not None
            and held[index] == row.english
        ):  # its entry holds the English approved at its place for the Dutch before
            approvals.append(Approval(dutch, row.english, row.approved_for))
            stand_ins.append((segment.text, entry.string))
            left.append(Unreviewed.of(segment, shown_entry, catalog_name, _CHANGED))
            continue
        approvals.append(Approval(dutch))
        reason = _reason(has_catalog, segment, before, entry, row)
        left.append(Unreviewed.of(segment, shown_entry, catalog_name, reason))
        blocking = True
    state = HELD_BACK if blocking else OUTDATED if left else CURRENT
    first = [p for p in left if p.reason != _CHANGED] if blocking else left
    edition = Edition(
        slug,
        state,
        first[0].where if first else "",
        len(left),
        words,
        tuple(left),
        tuple(stand_ins),
    )
    return Decision(edition, dict(now), tuple(approvals))


def _distinct(found: Iterable[Segment]) -> list[Segment]:
    """The segments a catalog has an entry for: not verbatim, each text once, in order."""
    seen: set[str] = set()
    texts = []
    for segment in found:
        if not segment.verbatim and segment.text not in seen:
            seen.add(segment.text)
            texts.append(segment)
    return texts


def _reference(record: Sequence[Approval] | None, before: Mapping[str, Entry]) -> list[Approval]:
    """The places of the article as last recorded, with what the catalog shows reviewed
    now (a review since the record was written counts); without a record, the catalog's
    entries in its order (the Dutch of the last update)."""
    reviewed = {
        text_digest(msgid): text_digest(e.string) for msgid, e in before.items() if e.reviewed
    }
    if record is None:
        record = [Approval(text_digest(msgid)) for msgid in before]
    return [
        Approval(r.dutch, reviewed[r.dutch], r.dutch) if r.dutch in reviewed else r for r in record
    ]


def _reason(
    has_catalog: bool,
    segment: Segment,
    before: Mapping[str, Entry],
    entry: Entry | None,
    row: Approval | None,
) -> str:
    """Why a segment with no reviewed English holds its article back."""
    if not has_catalog:
        return NO_CATALOG
    if row is None:
        return NOT_IN_CATALOG if segment.text not in before else NEW_SEGMENT
    if entry is None or not entry.string:
        return NEVER_TRANSLATED if segment.text in before else NOT_IN_CATALOG
    if row.english is None:
        return MEMORY_FILL if entry.memory else NOT_APPROVED
    return NEEDS_WORK


# The policy: what a release refuses as a whole.


def refuse_unreviewed(
    problems: Sequence[Unreviewed], lang: str, *, of: str = "", outcome: str = "nothing was built"
) -> None:
    """Refuse text no reviewer approved: a :class:`ReleaseError` listing each segment at
    its ``file:line`` when there is any, else nothing."""
    if problems:
        raise ReleaseError(
            f"{len(problems)} segment(s){of} not reviewed in {lang}; {outcome}"
            " (translate them, remove 'fuzzy', or build with --draft)",
            [str(p) for p in problems],
        )


def refuse_strict(editions: Sequence[Edition], lang: str) -> None:
    """``--strict``: any article not current refuses the release, each segment named."""
    refuse_unreviewed([p for e in editions if e.state != CURRENT for p in e.left], lang)


def issue_published(
    own_problems: Sequence[Unreviewed], articles: Iterable[str], published: Iterable[str]
) -> bool:
    """Whether a release publishes an issue: its own text reviewed (``own_problems``
    empty) and each of its ``articles`` among the ``published`` ones."""
    shown = set(published)
    return not own_problems and all(slug in shown for slug in articles)


def carried_over(name: str, published: Collection[str]) -> bool:
    """Whether a build keeps a file another command published in ``build/<lang>/``: an
    article's PDF (``pipeline pdf``) only while the article is ``published`` (slugs);
    never an image (the build copies those of what it publishes) or an issue (the build
    makes the issues it publishes)."""
    if "/" in name:
        return name.split("/", 1)[0] not in {"images", "newsletter"}
    return name.removesuffix(".pdf") in published if name.endswith(".pdf") else True
