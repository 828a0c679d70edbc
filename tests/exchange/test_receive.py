"""pipeline.exchange.receive through the CLI: an agency's XLIFF merged back, what is left out."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from babel.messages.catalog import Catalog
from translate.storage import xliff

from pipeline import po

from ..conftest import SEED_SLUG
from .conftest import DEPRESSION, MIGRAINE, NMDA, catalog_file, content_bytes, rewrite, run


def test_a_round_trip_without_edits_changes_no_byte(agency: Path) -> None:
    before = content_bytes(agency)
    assert run(agency, "xliff", "export")[0] == 0
    folder = agency / "build" / "xliff" / "en"
    code, out, err = run(agency, "xliff", "import", *map(str, sorted(folder.glob("*.xlf"))))
    assert code == 0, err
    assert out == "" and "imported 0 unit(s) into 0 catalog(s), 0 left out" in err
    assert content_bytes(agency) == before


def _edit(path: Path, edits: dict[str, tuple[str, bool]]) -> None:
    """What an agency's tool does: a new English per unit, approved or not."""
    store = xliff.xlifffile.parsestring(path.read_bytes())
    for unit in store.units:
        if str(unit.source) in edits:
            english, approved = edits[str(unit.source)]
            unit.target = english
            unit.markapproved(approved)
            unit.xmlelement.find(unit.namespaced("target")).set(
                "state", "final" if approved else "translated"
            )
    path.write_bytes(bytes(store))


def test_an_agencys_edits_are_merged_and_a_changed_dutch_is_reported(agency: Path) -> None:
    assert run(agency, "xliff", "export", SEED_SLUG)[0] == 0
    xlf = agency / "build" / "xliff" / "en" / f"{SEED_SLUG}.xlf"
    _edit(
        xlf,
        {
            NMDA: ("What is an NMDA receptor?", True),
            MIGRAINE: ("1. Migraine headaches", False),
            DEPRESSION: ("2. Depression (revised)", True),
        },
    )
    # Meanwhile the editor changes a heading's Dutch, and update merges it.
    source = agency / "content" / "nl" / f"{SEED_SLUG}.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("## 2. Depressie", "## 2. Depressiviteit"),
        encoding="utf-8",
    )
    assert run(agency, "update")[0] == 0
    before = po.read_po(catalog_file(agency))
    code, out, err = run(agency, "xliff", "import", str(xlf))
    assert code == 0, err
    assert out == f"wrote content/en/{SEED_SLUG}.po\n"
    line = next(
        n
        for n, text in enumerate(xlf.read_text(encoding="utf-8").splitlines(), 1)
        if f"<source>{DEPRESSION}</source>" in text
    )
    assert (
        f"build/xliff/en/{SEED_SLUG}.xlf:{line - 1}: warning: its Dutch is no longer in"
        f" content/en/{SEED_SLUG}.po: not imported"
    ) in err
    assert "imported 2 unit(s) into 1 catalog(s), 1 left out" in err
    # Exactly what the two units say changed, nothing else.
    expected = before
    expected[NMDA].string = "What is an NMDA receptor?"
    expected[NMDA].flags.discard("fuzzy")
    expected[NMDA].previous_id = []
    expected[MIGRAINE].string = "1. Migraine headaches"
    expected[MIGRAINE].flags.add("fuzzy")
    written = catalog_file(agency).read_bytes()
    assert written == po.generate_po(expected).encode()
    after = po.read_po(catalog_file(agency))
    assert "ignore-same" in after[NMDA].flags and not after[NMDA].previous_id
    assert after[MIGRAINE].fuzzy and after["2. Depressiviteit"].string != "2. Depression (revised)"
    if shutil.which("msgcat"):
        gnu = subprocess.run(["msgcat", str(catalog_file(agency))], capture_output=True, check=True)
        assert gnu.stdout == written.replace(b"#, ignore-same\n", b"")  # GNU drops it


def test_an_entry_changed_since_the_export_is_a_conflict_not_overwritten(agency: Path) -> None:
    assert run(agency, "xliff", "export", SEED_SLUG)[0] == 0
    xlf = agency / "build" / "xliff" / "en" / f"{SEED_SLUG}.xlf"
    _edit(xlf, {NMDA: ("Agency's NMDA", True), MIGRAINE: ("1. Migraine (agency)", True)})

    def translator(catalog: Catalog) -> None:  # a translator saves in Poedit meanwhile
        catalog[NMDA].string = "Translator's NMDA"

    rewrite(agency, translator)
    code, out, err = run(agency, "xliff", "import", str(xlf))
    assert code == 0, err
    line = po.read_po(catalog_file(agency))[NMDA].lineno
    assert f"conflict: content/en/{SEED_SLUG}.po:{line} changed since the export" in err
    after = po.read_po(catalog_file(agency))
    assert after[NMDA].string == "Translator's NMDA" and after[NMDA].fuzzy
    assert after[MIGRAINE].string == "1. Migraine (agency)" and not after[MIGRAINE].fuzzy


def test_a_malformed_file_is_one_line_at_its_place_and_nothing_is_written(agency: Path) -> None:
    assert run(agency, "xliff", "export", SEED_SLUG)[0] == 0
    xlf = agency / "build" / "xliff" / "en" / f"{SEED_SLUG}.xlf"
    _edit(xlf, {MIGRAINE: ("1. Migraine (agency)", True)})
    before = content_bytes(agency)
    broken = agency / "broken.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n')
    code, _, err = run(agency, "xliff", "import", str(xlf), str(broken))
    assert code == 1 and err.startswith("Error: broken.xlf:4: not XML:") and err.count("\n") == 1
    wrong = agency / "wrong.xlf"
    wrong.write_text(
        xlf.read_text(encoding="utf-8").replace('source-language="nl"', 'source-language="de"')
    )
    code, _, err = run(agency, "xliff", "import", str(xlf), str(wrong))
    assert code == 1 and err == "Error: wrong.xlf:3: source-language de, not nl\n"
    newline = agency / "newline.xlf"
    text = xlf.read_text(encoding="utf-8")
    newline.write_text(text.replace("1. Migraine (agency)", "1. Migraine\n"))
    code, _, err = run(agency, "xliff", "import", str(newline))
    assert code == 1 and err.startswith("Error: newline.xlf:") and err.count("\n") == 1
    assert content_bytes(agency) == before


def test_an_english_as_exported_not_approved_leaves_a_reviewed_entry_reviewed(
    agency: Path,
) -> None:
    assert run(agency, "xliff", "export", SEED_SLUG)[0] == 0
    xlf = agency / "build" / "xliff" / "en" / f"{SEED_SLUG}.xlf"
    title = "7 keer magnesium voor de hersenen"
    english = str(po.read_po(catalog_file(agency))[title].string)
    before = content_bytes(agency)
    _edit(xlf, {title: (english, False)})  # a tool that dropped approved="yes"
    code, _, err = run(agency, "xliff", "import", str(xlf))
    assert code == 0 and "imported 0 unit(s)" in err
    assert content_bytes(agency) == before
