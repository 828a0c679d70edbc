"""pipeline/catalogs/entries.py: a catalog's entries as the release reads them, now and merged."""

from __future__ import annotations

import unicodedata

from babel.messages.catalog import Catalog

from pipeline.catalogs.entries import catalog_entries, entries_now
from pipeline.catalogs.memory import COMMENT_PREFIX
from pipeline.release import is_reviewed
from pipeline.source.segments import Segment


def _catalog() -> Catalog:
    catalog = Catalog(locale="en")
    catalog.add("Een.", "One.", lineno=5)
    catalog.add("Twee.", "Two?", lineno=9, flags=["fuzzy"], previous_id="Twee!")
    catalog.add("Drie.", "Three.", lineno=12, user_comments=[f"{COMMENT_PREFIX}agency.tmx"])
    catalog.add(("Appel", "Appels"), ("Apple", "Apples"), lineno=15)
    return catalog


def test_each_entry_by_msgid_with_what_the_release_asks() -> None:
    entries = catalog_entries(_catalog())
    assert list(entries) == ["Een.", "Twee.", "Drie."]  # plurals left out
    one, two, three = entries.values()
    assert (one.string, one.fuzzy, one.lineno, one.memory) == ("One.", False, 5, False)
    assert (two.string, two.fuzzy, two.reviewed) == ("Two?", True, False)  # `#|` plays no part
    assert three.memory  # filled by the translation memory


def test_a_decomposed_msgid_is_found_under_its_composed_form() -> None:
    catalog = Catalog(locale="en")
    catalog.add(unicodedata.normalize("NFD", "Café."), "Café.", lineno=3)
    assert list(catalog_entries(catalog)) == ["Café."]


def _segment(text: str, line: int) -> Segment:
    return Segment(text, "paragraph", "content/nl/a.md", line, verbatim=False)


def test_no_catalog_no_entries() -> None:
    assert entries_now("a", [_segment("Een.", 1)], None, lang="en") == (None, None)


def test_entries_now_are_those_on_disk_when_every_segment_has_one() -> None:
    before, now = entries_now("a", [_segment("Een.", 1)], _catalog(), lang="en")
    assert before is now


def test_a_new_segment_is_merged_in_memory_not_reviewed() -> None:
    catalog = _catalog()
    before, now = entries_now("a", [_segment("Een.", 1), _segment("Vier.", 3)], catalog, lang="en")
    assert before is not None and now is not None
    assert "Vier." not in before
    assert not is_reviewed(now["Vier."].string, now["Vier."].fuzzy)  # at most a fuzzy guess
    assert now["Een."].string == "One." and not now["Een."].fuzzy
    assert "Vier." not in catalog_entries(catalog)  # the catalog itself is left as it was
