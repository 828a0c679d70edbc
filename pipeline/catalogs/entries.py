"""A catalog's entries as the release reads them: by msgid, as on disk or merged with the
Dutch as it is now (what ``update`` would write, made in memory)."""

from __future__ import annotations

import copy
import datetime
import unicodedata
from collections.abc import Sequence

from babel.messages.catalog import Catalog

from pipeline.catalogs import merge as merging
from pipeline.catalogs.memory import COMMENT_PREFIX as TM_COMMENT
from pipeline.release import Entry
from pipeline.source.segments import Segment


def catalog_entries(catalog: Catalog) -> dict[str, Entry]:
    """The catalog's active entries by msgid (the header and plurals left out)."""
    found: dict[str, Entry] = {}
    for message in merging.live(catalog):
        if message.id and isinstance(message.id, str) and isinstance(message.string, str):
            # Segments are NFC (parse_document); a tool may have saved the msgid as NFD.
            key = unicodedata.normalize("NFC", message.id)
            entry = Entry(
                message.string,
                message.fuzzy,
                message.lineno or 1,
                memory=any(c.startswith(TM_COMMENT) for c in message.user_comments),
            )
            if key == message.id or key not in found:
                found[key] = entry
    return found


def entries_now(
    slug: str, found: Sequence[Segment], catalog: Catalog | None, *, lang: str
) -> tuple[dict[str, Entry] | None, dict[str, Entry] | None]:
    """The entries of ``catalog`` as on disk, and merged with the Dutch segments ``found``
    as ``update`` would merge them (in memory; the same entries when every segment has
    one already). ``(None, None)`` when there is no catalog."""
    if catalog is None:
        return None, None
    before = catalog_entries(catalog)
    if all(s.verbatim or s.text in before for s in found):
        return before, before
    date = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    template = merging.segments_template(slug, found, date=date)
    merged = merging.merge(template, copy.deepcopy(catalog), lang=lang, plain=True)
    return before, catalog_entries(merged)
