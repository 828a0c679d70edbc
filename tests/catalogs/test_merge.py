"""Extract and merge: POT contents, kept translations, fuzzy, obsolete and revived entries."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline import po
from pipeline.catalogs import merge as catalogs
from pipeline.source.document import parse_document
from pipeline.source.segments import segments

DATE = datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC)


def _template(text: str) -> Catalog:
    document = parse_document(text, source="content/nl/a.md", slug="a")
    return catalogs.segments_template("a", segments(document), date=DATE)


def test_template_has_references_kinds_and_one_entry_per_text() -> None:
    pot = _template("# Kop\n\nTekst.\n\nTekst.\n\n50% daalt\n")
    messages = {m.id: m for m in pot if m.id}
    assert list(messages) == ["Kop", "Tekst.", "50% daalt"]
    assert messages["Kop"].auto_comments == ["heading"]
    assert messages["Tekst."].locations == [("content/nl/a.md", 3), ("content/nl/a.md", 5)]
    # Prose is not a format string, whatever babel guesses from "% d".
    assert "python-format" not in messages["50% daalt"].flags


def test_new_catalog_has_a_valid_header(tmp_path: Path) -> None:
    merged = catalogs.merge(_template("Tekst.\n"), None, lang="en", plain=True)
    path = tmp_path / "a.po"
    po.write_po(path, merged)
    text = path.read_text(encoding="utf-8")
    for field in (
        "Language: en",
        "Plural-Forms: nplurals=2; plural=(n != 1);",
        "Content-Type: text/plain; charset=UTF-8",
    ):
        assert field in text
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def _merge_text(old: Catalog, text: str) -> Catalog:
    return catalogs.merge(_template(text), old, lang="en", plain=True)


def _start(text: str, **translations: str) -> Catalog:
    catalog = catalogs.merge(_template(text), None, lang="en", plain=True)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
    return catalog


def test_update_keeps_changes_fuzzy_and_obsoletes() -> None:
    old = _start(
        "Een hond.\n\nEen kat.\n\nEen vis.\n",
        **{"Een hond.": "A dog.", "Een kat.": "A cat.", "Een vis.": "A fish."},
    )
    new = _merge_text(old, "Een hond.\n\nEen kat!\n\nEen paard.\n")
    assert new.get("Een hond.").string == "A dog."
    assert not new.get("Een hond.").fuzzy
    changed = new.get("Een kat!")
    assert changed.string == "A cat." and changed.fuzzy
    assert changed.previous_id == ["Een kat."]
    # "Een vis." is gone from the source: its translation is kept as obsolete...
    assert "Een vis." in {m.id for m in new.obsolete.values()}
    # ...and comes back, reviewed as it was, when the Dutch does.
    again = _merge_text(new, "Een hond.\n\nEen vis.\n")
    assert again.get("Een vis.").string == "A fish."
    assert not again.get("Een vis.").fuzzy


def test_update_keeps_previous_msgid_of_a_still_fuzzy_entry() -> None:
    old = _start("Een kat.\n", **{"Een kat.": "A cat."})
    fuzzy = _merge_text(old, "Een kat!\n")
    again = _merge_text(fuzzy, "Een kat!\n")
    assert again.get("Een kat!").fuzzy
    assert again.get("Een kat!").previous_id == ["Een kat."]


def test_update_keeps_translator_comments_and_flags() -> None:
    old = _start("Een kat.\n", **{"Een kat.": "A cat."})
    old.get("Een kat.").user_comments = ["checked with the author"]
    old.get("Een kat.").flags.add("ignore-same")
    new = _merge_text(old, "Een kat.\n\nNieuw.\n")
    assert new.get("Een kat.").user_comments == ["checked with the author"]
    assert "ignore-same" in new.get("Een kat.").flags


def test_ui_template_extracts_trans_blocks(tmp_path: Path) -> None:
    (tmp_path / "page.html.j2").write_text(
        "{% trans %}Gepubliceerd op{% endtrans %}\n{{ _('Bronnen') }}\n", encoding="utf-8"
    )
    pot = catalogs.ui_template(tmp_path, "templates", date=DATE)
    assert [(m.id, m.locations) for m in pot if m.id] == [
        ("Gepubliceerd op", [("templates/page.html.j2", 1)]),
        ("Bronnen", [("templates/page.html.j2", 2)]),
    ]


# ---------------------------------------------------------------- the header's languages


_PO = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '\nmsgid "a"\nmsgstr ""\n'
)


def test_declare_languages_adds_what_the_header_lacks_at_its_end() -> None:
    from pipeline.catalogs.merge import declare_languages

    text = declare_languages(_PO, language="en", source="nl")
    assert text == _PO.replace('8\\n"\n\n', '8\\n"\n"X-Source-Language: nl\\n"\n\n')
    assert declare_languages(text, language="en", source="nl") == text  # once
    template = _PO.replace('"Language: en\\n"\n', "")
    assert '"Language:' not in declare_languages(template, language=None, source="nl")
    assert '"Language: en\\n"\n"X-Source-Language' in declare_languages(
        template, language="en", source="nl"
    )


def test_declare_languages_leaves_an_odd_header_as_it_is() -> None:
    from pipeline.catalogs.merge import declare_languages

    odd = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8"\n'
    assert declare_languages(odd, language="en", source="nl") == odd
