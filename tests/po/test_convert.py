"""pipeline.po.convert: entries as read into babel's Catalog, then msgfmt's checks."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from pipeline.errors import CatalogError
from pipeline.po.convert import CatalogBuilder, apply_header
from pipeline.po.exact import parse_entries

HEADER = (
    b'# Vertaling\n#, fuzzy\nmsgid ""\nmsgstr ""\n'
    b'"Project-Id-Version: demo 1.0\\n"\n'
    b'"Language: en\\n"\n'
    b'"Content-Type: text/plain; charset=UTF-8\\n"\n'
    b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    b'"X-Own: kept\\n"\n\n'
)


def convert(data: bytes) -> Catalog:
    entries, codec, deferred = parse_entries(data, "t.po")
    builder = CatalogBuilder(codec, "t.po")
    for entry in entries:
        builder.add_entry(entry)
    return builder.finish(deferred)


def test_flags_comments_references_and_lines() -> None:
    catalog = convert(
        HEADER + b"# mens\n#. machine\n#: a.md:3 b.md\n#, fuzzy, c-format\n#, no-c-format\n"
        b'msgid "Hallo %s"\nmsgstr "Hello %s"\n'
    )
    message = catalog["Hallo %s"]
    assert message.string == "Hello %s"
    assert message.flags == {"fuzzy", "no-c-format"}  # a later flag wins its slot
    assert message.fuzzy
    assert message.user_comments == ["mens"] and message.auto_comments == ["machine"]
    assert message.locations == [("a.md", 3), ("b.md", None)]
    assert message.lineno == 16


def test_previous_msgid_and_context() -> None:
    catalog = convert(
        HEADER + b'#, fuzzy\n#| msgctxt "oud"\n#| msgid "Vorige"\n#| msgid_plural "Vorigen"\n'
        b'msgctxt "nieuw"\nmsgid "Nu"\nmsgstr "Now"\n'
    )
    message = catalog.get("Nu", context="nieuw")
    assert message is not None
    assert message.previous_id == ["Vorige", "Vorigen"]
    assert message.previous_context == "oud"  # type: ignore[attr-defined]
    assert message.context == "nieuw"


def test_obsolete_entries_are_kept_apart() -> None:
    catalog = convert(HEADER + b'#~ msgid "Weg"\n#~ msgstr "Gone"\n')
    assert "Weg" not in catalog
    assert catalog.obsolete["Weg"].string == "Gone"
    assert catalog.obsolete["Weg"].lineno == 11


def test_plurals() -> None:
    body = b'msgid "dag"\nmsgid_plural "dagen"\nmsgstr[0] "day"\nmsgstr[1] "days"\n'
    catalog = convert(HEADER + body)
    message = catalog["dag"]
    assert message.id == ("dag", "dagen") and message.string == ("day", "days")
    assert message.pluralizable and catalog.num_plurals == 2


def test_header_fields_and_the_header_entry_as_read() -> None:
    catalog = convert(HEADER)
    assert catalog.project == "demo" and catalog.version == "1.0"
    assert str(catalog.locale) == "en"
    assert catalog.fuzzy and catalog.header_comment == "# Vertaling"
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    header = catalog.po_header_entry  # type: ignore[attr-defined]
    assert "X-Own: kept\n" in header.string and header.lineno == 3
    assert catalog.po_filename == "t.po"  # type: ignore[attr-defined]


def test_apply_header_replays_babels_setter() -> None:
    catalog = Catalog(locale=None)
    source = convert(HEADER)
    apply_header(catalog, source.po_header_entry)  # type: ignore[attr-defined]
    assert (catalog.project, catalog.version, str(catalog.locale)) == ("demo", "1.0", "en")


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        # msgfmt's checks, at the msgstr's line
        (b'msgid "a\\n"\nmsgstr "b"\n', "do not both end with '\\n'", 12),
        (b'#, c-format\nmsgid "%d"\nmsgstr "%s"\n', "format specifications", 13),
        (b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n', "has 1 plural forms", 4),
    ],
)
def test_msgfmts_checks_run_after_conversion(body: bytes, message: str, line: int) -> None:
    with pytest.raises(CatalogError) as info:
        convert(HEADER + body)
    assert message in info.value.message
    assert (info.value.filename, info.value.lineno) == ("t.po", line)


def test_a_fuzzy_entry_is_not_checked() -> None:
    catalog = convert(HEADER + b'#, fuzzy\nmsgid "a\\n"\nmsgstr "b"\n')
    assert catalog["a\n"].string == "b"


def test_bytes_not_in_the_charset_are_refused_last() -> None:
    with pytest.raises(CatalogError, match="string is not valid UTF-8") as info:
        convert(HEADER + b'msgid "a"\nmsgstr "\\377"\n')
    assert info.value.lineno == 12
    with pytest.raises(CatalogError, match="comment is not valid UTF-8") as info:
        convert(HEADER + b'# \xff\nmsgid "a"\nmsgstr ""\n')
    assert info.value.lineno == 11
