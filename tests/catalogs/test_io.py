"""A project's catalogs on disk: entries by msgid, and writing them without spurious diffs."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from pipeline import po
from pipeline.catalogs.entries import catalog_entries as entries
from pipeline.catalogs.io import catalog_bytes, read_catalog, write_catalog
from pipeline.catalogs.merge import declare_languages, new_template
from pipeline.errors import CatalogError
from pipeline.project import Project
from pipeline.release import Entry
from pipeline.reports import Report

OCT_2 = datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC)
OCT_3 = datetime.datetime(2019, 10, 3, tzinfo=datetime.UTC)
OCT_4 = datetime.datetime(2019, 10, 4, tzinfo=datetime.UTC)

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)


def _project(tmp_path: Path) -> Project:
    (tmp_path / "content" / "nl").mkdir(parents=True)
    (tmp_path / "content" / "en").mkdir()
    return Project.at(tmp_path)


def _template(date: datetime.datetime) -> Catalog:
    template = new_template("x", date=date)
    template.add("Een zin.", locations=[("content/nl/x.md", 3)], auto_comments=["paragraph"])
    return template


def _translation(created: datetime.datetime, revised: datetime.datetime) -> Catalog:
    catalog = Catalog(locale="en", creation_date=created, revision_date=revised, fuzzy=False)
    catalog.add("Een zin.", "A sentence.")
    return catalog


# ---------------------------------------------------------------- entries


def test_entries_by_msgid_with_fuzzy_flag_and_line() -> None:
    text = (
        HEADER
        + '\nmsgid "Een zin."\nmsgstr "A sentence."\n'  # msgid on line 7
        + '\n#, fuzzy\nmsgid "Twee zinnen."\nmsgstr "Two sentences."\n'  # line 11
        + '\nmsgid "Leeg."\nmsgstr ""\n'  # line 14
    )
    found = entries(po.parse_po(text.encode(), filename="x.po"))
    assert found == {
        "Een zin.": Entry("A sentence.", False, 7),
        "Twee zinnen.": Entry("Two sentences.", True, 11),
        "Leeg.": Entry("", False, 14),
    }


def test_entries_leave_out_the_header_plurals_and_obsolete_entries() -> None:
    text = (
        HEADER
        + '\nmsgid "Een dag"\nmsgid_plural "%d dagen"\nmsgstr[0] "A day"\nmsgstr[1] "%d days"\n'
        + '\n#~ msgid "Oud."\n#~ msgstr "Old."\n'
        + '\nmsgid "Een zin."\nmsgstr "A sentence."\n'
    )
    found = entries(po.parse_po(text.encode(), filename="x.po"))
    assert list(found) == ["Een zin."]


def test_entries_are_keyed_in_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Een patiënt.")
    assert nfd != "Een patiënt."
    text = HEADER + f'\nmsgid "{nfd}"\nmsgstr "A patient."\n'
    found = entries(po.parse_po(text.encode(), filename="x.po"))
    assert list(found) == ["Een patiënt."]
    assert found["Een patiënt."].string == "A patient."


def test_an_nfc_msgid_wins_over_its_nfd_twin_in_either_order() -> None:
    nfc = "Een patiënt."
    nfd = unicodedata.normalize("NFD", nfc)
    for first, second in ((nfd, nfc), (nfc, nfd)):
        text = (
            HEADER
            + f'\nmsgid "{first}"\nmsgstr "{"NFC" if first == nfc else "NFD"}"\n'
            + f'\nmsgid "{second}"\nmsgstr "{"NFC" if second == nfc else "NFD"}"\n'
        )
        found = entries(po.parse_po(text.encode(), filename="x.po"))
        assert found[nfc].string == "NFC"


# ---------------------------------------------------------------- read_catalog


def test_read_catalog_of_a_missing_file_is_empty_with_its_name(tmp_path: Path) -> None:
    assert read_catalog(_project(tmp_path), "en", "nergens") == ({}, "content/en/nergens.po")


def test_read_catalog_reads_entries_and_names_errors_as_users_see_the_file(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    path = project.catalog_path("en", "x")
    path.write_text(HEADER + '\nmsgid "Een zin."\nmsgstr "A sentence."\n', encoding="utf-8")
    assert read_catalog(project, "en", "x") == (
        {"Een zin.": Entry("A sentence.", False, 7)},
        "content/en/x.po",
    )
    path.write_text(HEADER + '\nmsgid "Een zin."\nmsgstr "A sentence.\n', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        read_catalog(project, "en", "x")
    # The line msgfmt names too: where the string was still open (the line after).
    assert str(caught.value).startswith("content/en/x.po:9: unterminated string")


# ---------------------------------------------------------------- catalog_bytes


def _written(catalog: Catalog, language: str | None) -> bytes:
    """What the project writes for ``catalog``: msgcat's text, the languages in its header."""
    return declare_languages(po.generate_po(catalog), language=language).encode()


def test_catalog_bytes_of_a_new_file_is_the_po_text(tmp_path: Path) -> None:
    project = _project(tmp_path)
    template = _template(OCT_2)
    data = catalog_bytes(project, project.pot_path("x"), template)
    assert data == declare_languages(po.generate_po(template), language=None).encode()
    assert b'"X-Source-Language: nl\\n"\n\n' in data and b'"Language:' not in data


def test_catalog_bytes_names_the_languages_of_a_catalog(tmp_path: Path) -> None:
    project = _project(tmp_path)
    data = catalog_bytes(project, project.catalog_path("en", "x"), _translation(OCT_2, OCT_3))
    assert data is not None
    header = data.split(b"\n\n")[0]
    assert header.count(b'"Language: en\\n"') == 1
    assert header.endswith(b'"X-Source-Language: nl\\n"')


def test_catalog_bytes_is_none_when_only_the_creation_date_would_change(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project.catalog_path("en", "x")
    path.write_bytes(_written(_translation(OCT_2, OCT_3), "en"))
    assert catalog_bytes(project, path, _translation(OCT_4, OCT_3)) is None
    # A new revision date of a PO is a change.
    assert catalog_bytes(project, path, _translation(OCT_2, OCT_4)) is not None


def test_a_templates_revision_date_is_its_creation_date_no_change_either(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    path = project.pot_path("x")
    path.parent.mkdir(parents=True)
    path.write_bytes(_written(_template(OCT_2), None))
    assert catalog_bytes(project, path, _template(OCT_4)) is None
    changed = _template(OCT_4)
    changed.add("Nieuw.", locations=[("content/nl/x.md", 5)])
    data = catalog_bytes(project, path, changed)
    assert data is not None and b'msgid "Nieuw."' in data
    assert b"POT-Creation-Date: 2019-10-04" in data  # a real change takes the new date


# ---------------------------------------------------------------- write_catalog


def test_write_catalog_reports_written_then_unchanged(tmp_path: Path) -> None:
    project = _project(tmp_path)
    path = project.pot_path("x")
    path.parent.mkdir(parents=True)
    report = Report()
    write_catalog(path, _template(OCT_2), report, project)
    first = path.read_bytes()
    assert first == _written(_template(OCT_2), None)
    write_catalog(path, _template(OCT_4), report, project)
    assert path.read_bytes() == first  # the old creation date kept
    assert (report.written, report.unchanged) == (["content/pot/x.pot"], ["content/pot/x.pot"])
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.pot"]  # no temp file left
