"""The approvals record: which English a reviewer approved for each place of an article.

A catalog shows what is reviewed *now*; once the Dutch changes, ``update`` (or another
tool's merge) turns the entry fuzzy and the proof that its English was approved is gone
from it. The record keeps that proof beside the catalogs, committed with them:
``content/<lang>/reviewed/<slug>.tsv``, written by ``pipeline update``, never by hand.

One line per segment, in the article's order (an edit changes one line, as in the
catalog, so it diffs and merges as the catalog does)::

    <Dutch digest> TAB <English digest> [TAB <Dutch digest the English was approved for>]

``-`` stands for no approved English; the third column is there only when the Dutch
changed since its English was approved. Digests are the first 64 bits of SHA-256, hex.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import CatalogError

#: The record's first line, which says what it is.
_HEADER = "# Approved English per segment of {source}, in order: written by `pipeline update`."
_NONE = "-"


def text_digest(text: str) -> str:
    """The record's digest of a Dutch or English text."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Approval:
    """What was approved for the segment at one place of an article."""

    #: The digest of the segment's Dutch, as the record last saw it.
    dutch: str
    #: The digest of the English a reviewer approved for this place, or ``None``.
    english: str | None = None
    #: The digest of the Dutch that English was approved for (``dutch`` when unchanged).
    approved_for: str = ""

    @property
    def changed(self) -> bool:
        """Whether the Dutch changed since its English was approved."""
        return self.english is not None and self.approved_for != self.dutch


def record_lines(rows: Sequence[Approval], *, source: str) -> str:
    """The record file's text for ``rows`` (``source``: the Dutch file, as users see it)."""
    lines = [_HEADER.format(source=source)]
    for row in rows:
        if row.english is None:
            lines.append(f"{row.dutch}\t{_NONE}")
        elif row.changed:
            lines.append(f"{row.dutch}\t{row.english}\t{row.approved_for}")
        else:
            lines.append(f"{row.dutch}\t{row.english}")
    return "\n".join(lines) + "\n"


def parse_record(data: bytes, *, filename: str) -> tuple[Approval, ...]:
    """The rows of a record file; a malformed line is a :class:`CatalogError` at its line."""
    rows: list[Approval] = []
    for lineno, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3) or not all(_is_digest(f) for f in fields if f != _NONE):
            raise CatalogError(
                "not a line of an approvals record (written by `pipeline update`: restore it"
                " from git, or delete the file and run `make update`)",
                filename=filename,
                lineno=lineno,
            )
        dutch, english = fields[0], fields[1]
        if english == _NONE:
            rows.append(Approval(dutch))
        else:
            rows.append(Approval(dutch, english, fields[2] if len(fields) == 3 else dutch))
    return tuple(rows)


def _is_digest(field: str) -> bool:
    return len(field) == 16 and all(c in "0123456789abcdef" for c in field)


def read_record(path: Path, *, shown: str) -> tuple[Approval, ...] | None:
    """The record at ``path``, or ``None`` when there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse_record(data, filename=shown)


def places(
    now: Sequence[str], rows: Sequence[Approval], english: Sequence[str | None]
) -> dict[int, int]:
    """Which row of the record stands at the place of each segment of the Dutch as it is now.

    ``now``: the segments' Dutch digests, in order; ``english``: the digest of the
    English each segment's catalog entry holds (``None``: none). An unchanged segment
    is at its own row; in a stretch the Dutch rewrote, a segment takes the row whose
    approved English its entry holds, in order (a row is taken once, and a segment
    never takes a row before one taken already). A segment with no row is new.
    """
    found: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, [r.dutch for r in rows], list(now), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            found.update((j1 + k, i1 + k) for k in range(j2 - j1))
        elif op == "replace":
            start = i1
            for j in range(j1, j2):
                wanted = english[j]
                for i in range(start, i2):
                    if wanted is not None and rows[i].english == wanted:
                        found[j] = i
                        start = i + 1
                        break
    return found
