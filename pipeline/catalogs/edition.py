"""An article's edition in a language: current, outdated or held back, decided in one place.

A segment is *reviewed* when its entry has a translation and no ``fuzzy`` flag (or the
segment is verbatim). A fuzzy entry whose ``#| msgid`` names the Dutch its English was
last reviewed for, and whose English is exactly what a reviewer approved for that Dutch,
has *last-reviewed* English: the record of reviewed pairs below says so. An article is

- current when every segment is reviewed;
- outdated when every segment not reviewed has last-reviewed English (which a release
  publishes in its place, with a notice);
- held back otherwise: a new segment, a translation nobody approved (a translation
  memory fill, an edit saved as fuzzy), or the record lost.

The record (``build/.cache/reviewed-<lang>.json``) keeps, per article, a digest of every
(msgid, msgstr) pair that was reviewed when a build or an update read its catalog.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from pipeline import files
from pipeline.catalogs.io import Entry, read_catalog
from pipeline.files import atomic_write
from pipeline.project import Project
from pipeline.reports import CURRENT, HELD_BACK, OUTDATED, Edition, Unreviewed
from pipeline.source.document import Document
from pipeline.source.load import read_source
from pipeline.source.segments import Segment, segments

#: The digests of an article's reviewed (msgid, msgstr) pairs: 64-bit numbers, so the
#: record of thousands of articles stays small in memory.
Pairs = frozenset[int]
#: What the record reads as: each article's pairs.
Record = dict[str, Pairs]

_FORMAT = 2


def count_words(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit (so a lone dash is no word)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def pair_digest(msgid: str, msgstr: str) -> int:
    """The record's digest of one reviewed translation (its SHA-256's first 64 bits)."""
    return int.from_bytes(hashlib.sha256(f"{msgid}\0{msgstr}".encode()).digest()[:8], "big")


def reviewed_pairs(entries: Mapping[str, Entry], known: Iterable[int] = ()) -> Pairs:
    """``known`` and the digests of ``entries``' reviewed translations."""
    found = {pair_digest(msgid, e.string) for msgid, e in entries.items() if _reviewed(e)}
    return frozenset(known).union(found)


def record_key(pairs: Pairs) -> tuple[int, int]:
    """A short stand-in for a set of pairs, to tell whether it is the one an article was
    decided with: its size and the sum of its digests' first 64 bits (kept by a build
    instead of the set itself, so a run holds one copy of the record, not two)."""
    return len(pairs), sum(pairs) & 0xFFFF_FFFF_FFFF_FFFF


def _reviewed(entry: Entry | None) -> bool:
    return entry is not None and bool(entry.string) and not entry.fuzzy


def last_reviewed(entry: Entry | None, record: Pairs) -> bool:
    """Whether a fuzzy entry's English is what a reviewer approved for its previous Dutch."""
    return (
        entry is not None
        and entry.fuzzy
        and bool(entry.string)
        and not entry.memory
        and entry.previous is not None
        and pair_digest(entry.previous, entry.string) in record
    )


def decide(
    slug: str,
    found: Sequence[Segment],
    entries: Mapping[str, Entry],
    record: Pairs,
    *,
    catalog_name: str,
) -> Edition:
    """The edition of an article with segments ``found``, its catalog's ``entries`` and its
    ``record`` (already holding the catalog's own reviewed pairs: :func:`reviewed_pairs`)."""
    left: list[Unreviewed] = []
    blocking: list[Unreviewed] = []
    stand_ins: list[str] = []
    words = 0
    seen: set[str] = set()
    for segment in found:
        if segment.verbatim or segment.text in seen:
            continue
        seen.add(segment.text)
        entry = entries.get(segment.text)
        if _reviewed(entry):
            continue
        problem = Unreviewed.of(segment, entry, catalog_name)
        left.append(problem)
        words += count_words(segment.text)
        if last_reviewed(entry, record):
            stand_ins.append(segment.text)
        else:
            blocking.append(problem)
    state = HELD_BACK if blocking else OUTDATED if left else CURRENT
    first = (blocking or left)[0].where if left else ""
    return Edition(slug, state, first, len(left), words, tuple(left), tuple(stand_ins))


def release_entries(entries: Mapping[str, Entry], edition: Edition) -> dict[str, Entry]:
    """The translations a release applies: the reviewed ones, and of an outdated article
    the last-reviewed English of each changed segment, in its place."""
    applied = dict(entries)
    for msgid in edition.stand_ins:
        entry = entries[msgid]
        applied[msgid] = Entry(entry.string, False, entry.lineno)
    return applied


def article_edition(
    project: Project, lang: str, slug: str, known: Pairs
) -> tuple[Document, dict[str, Entry], Edition, Pairs]:
    """An article's source, its catalog's entries, its edition given the ``known`` reviewed
    pairs, and the pairs known after reading its catalog."""
    document = read_source(project, project.source_dir / f"{slug}.md")
    entries, shown = read_catalog(project, lang, slug)
    record = reviewed_pairs(entries, known)
    edition = decide(slug, segments(document), entries, record, catalog_name=shown)
    return document, entries, edition, record


# The record, on disk.


def record_path(project: Project, lang: str) -> Path:
    """``build/.cache/reviewed-<lang>.json``."""
    return files.cache_dir(project.root) / f"reviewed-{lang}.json"


def load_record(project: Project, lang: str) -> Record:
    """The reviewed pairs kept so far, per article (empty when there is no record)."""
    return _load(project, lang)[0]


def _load(project: Project, lang: str) -> tuple[Record, dict[str, str]]:
    """The record, and the digest of each catalog :func:`remember_catalogs` last read."""
    try:
        data = json.loads(record_path(project, lang).read_bytes())
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return {}, {}
    articles, read = data.get("articles"), data.get("read")
    if not isinstance(articles, dict) or not isinstance(read, dict):
        return {}, {}
    record = {
        str(slug): frozenset(d for d in digests if isinstance(d, int))
        for slug, digests in articles.items()
        if isinstance(digests, list)
    }
    return record, {str(k): str(v) for k, v in read.items()}


def save_record(
    project: Project, lang: str, record: Record, read: dict[str, str] | None = None
) -> None:
    """Keep ``record`` (sorted: the same record, the same bytes), with the digests of the
    catalogs :func:`remember_catalogs` read (``None``: those kept).

    Called under the project lock, by the commands that read the catalogs, when the
    record grew. Written durably: what a reviewer approved cannot be found again.
    """
    if read is None:
        read = _load(project, lang)[1]
    data = {
        "format": _FORMAT,
        "articles": {s: sorted(d) for s, d in sorted(record.items())},
        "read": dict(sorted(read.items())),
    }
    # compact: json's C encoder (an indented one is Python's, ten times slower)
    text = json.dumps(data, separators=(",", ":")) + "\n"
    atomic_write(record_path(project, lang), text.encode())


def remember_catalogs(project: Project, lang: str, read: Mapping[str, tuple[str, Pairs]]) -> None:
    """Add to the record the reviewed pairs of catalogs as an update read them (before it
    makes entries fuzzy, so a review no build saw is not lost).

    ``read``: per article, the digest of its catalog's bytes and the catalog's reviewed
    pairs (:func:`reviewed_pairs`, made where the catalog was parsed). A catalog whose
    bytes the record has seen before adds nothing new.
    """
    record, seen = _load(project, lang)
    grown = False
    for slug, (digest, pairs) in read.items():
        if seen.get(slug) != digest:
            record[slug] = record.get(slug, frozenset()) | pairs
            seen[slug] = digest
            grown = True
    if grown:
        save_record(project, lang, record, seen)
