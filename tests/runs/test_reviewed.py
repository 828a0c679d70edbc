"""The translation memory's reviewed entries, kept per catalog by its bytes' digest."""

from __future__ import annotations

from pathlib import Path

from pipeline import po
from pipeline.project import Project
from pipeline.runs.reviewed import keep_reviewed, reviewed_memory

from ..conftest import SEED_SLUG

QUESTION = "Wat is de NMDA-receptor?"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'


def _catalog(pairs: dict[str, str]) -> bytes:
    return (
        HEADER + "".join(f'\nmsgid "{nl}"\nmsgstr "{en}"\n' for nl, en in pairs.items())
    ).encode()


def _best(project: Project, text: str, names: list[str]) -> list[tuple[float, str, str]]:
    memory = reviewed_memory(project, "en", names)
    return [(m.score, m.target, m.origin) for m in memory.best(text, limit=1)]


def test_the_memory_holds_the_reviewed_entries_of_the_catalogs_named(project: Path) -> None:
    root = Project.at(project)
    found = _best(root, QUESTION, [SEED_SLUG, "no-such-catalog"])
    assert found == [(100.0, "What is the NMDA receptor?", f"content/en/{SEED_SLUG}.po:56")]
    assert len(reviewed_memory(root, "en", [])) == 0


def test_fuzzy_and_untranslated_entries_are_left_out(project: Path) -> None:
    root = Project.at(project)
    root.catalog_path("en", "x").write_bytes(
        _catalog({"Een zin.": "A sentence.", "Leeg.": ""})
        + b'\n#, fuzzy\nmsgid "Twee zinnen."\nmsgstr "Two sentences."\n'
        + b'\n#~ msgid "Oud."\n#~ msgstr "Old."\n'
    )
    memory = reviewed_memory(root, "en", ["x"])
    assert len(memory) == 2
    assert [m.origin for m in memory.best("Oud.")] == ["content/en/x.po:16 (obsolete)"]
    assert memory.best("Twee zinnen.") == memory.best("Leeg.") == []


def test_the_memory_uses_the_kept_units_of_unchanged_bytes(project: Path) -> None:
    root = Project.at(project)
    path = root.catalog_path("en", "x")
    data = _catalog({"Een zin.": "A sentence."})
    path.write_bytes(data)
    # Kept under these bytes' digest: the memory takes them and does not parse the file.
    other = po.parse_po(_catalog({"Een zin.": "Kept, not parsed."}), filename="other.po")
    keep_reviewed(root, "en", "x", data, other)
    assert _best(root, "Een zin.", ["x"])[0][1] == "Kept, not parsed."


def test_a_changed_catalog_is_read_anew(project: Path) -> None:
    root = Project.at(project)
    path = root.catalog_path("en", "x")
    path.write_bytes(_catalog({"Een zin.": "A sentence."}))
    assert _best(root, "Een zin.", ["x"])[0][1] == "A sentence."
    path.write_bytes(_catalog({"Een zin.": "One sentence."}))
    assert _best(root, "Een zin.", ["x"])[0][1] == "One sentence."
