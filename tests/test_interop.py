"""Round trips through translators' tools: GNU msgcat, polib, translate-toolkit (Weblate)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from translate.storage import po as ttk_po

from pipeline import po as pofile
from pipeline.project import Project
from pipeline.runs.update import update as update_catalogs

from .conftest import SEED_SLUG


def _busy_catalog(project: Path) -> Path:
    """The seed catalog after edits: fuzzy with previous msgids, obsolete, comments, flags."""
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("Wat is de NMDA-receptor?", "Wat doet de NMDA-receptor?")
    text = text.replace("## 2. Depressie", "## 2. Depressie en angst")
    text = "\n\n".join(p for p in text.split("\n\n") if not p.startswith("Meerdere onderzoekers"))
    source.write_text(text, encoding="utf-8")
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    catalog = pofile.read_po(po)
    catalog.get("1. Migraine").user_comments.append("Kept as in the source, by the editor.")
    pofile.write_po(po, catalog)
    update_catalogs(Project.at(project), "en")
    return po


def _content(path: Path) -> list[tuple]:
    catalog = pofile.read_po(path)
    entries = [
        (m.id, m.string, sorted(m.flags), m.user_comments, m.previous_id, False)
        for m in catalog
        if m.id
    ]
    entries += [
        (m.id, m.string, sorted(m.flags), m.user_comments, m.previous_id, True)
        for m in catalog.obsolete.values()
    ]
    return sorted(entries, key=repr)


def test_busy_catalog_has_what_the_round_trips_must_keep(project: Path) -> None:
    po = _busy_catalog(project)
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" in text and "#| msgid" in text and "#~ msgid" in text
    assert "# Kept as in the source" in text


def test_msgcat_of_every_written_catalog_is_identical(project: Path) -> None:
    _busy_catalog(project)
    content = project / "content"
    written = sorted(content.rglob("*.po")) + sorted(content.rglob("*.pot"))
    assert written
    for path in written:
        result = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
        assert result.stdout == path.read_bytes(), path.name


@pytest.mark.parametrize("tool", ["polib", "translate-toolkit", "msgcat"])
def test_saved_by_another_tool_then_updated_keeps_everything(project: Path, tool: str) -> None:
    po = _busy_catalog(project)
    expected = _content(po)
    original = po.read_bytes()
    if tool != "msgcat":  # GNU drops flags it does not know; Poedit, Weblate and polib keep them
        catalog = pofile.read_po(po)
        catalog.get("1. Migraine").flags.add("ignore-same")
        pofile.write_po(po, catalog)
        expected = _content(po)
        original = po.read_bytes()
    if tool == "polib":
        polib.pofile(str(po), wrapwidth=78).save(str(po))
    elif tool == "translate-toolkit":
        store = ttk_po.pofile.parsefile(str(po))
        po.write_bytes(bytes(store))
    else:
        po.write_bytes(subprocess.run(["msgcat", str(po)], capture_output=True, check=True).stdout)
    assert _content(po) == expected  # the tool kept every translation, flag, comment, #|
    update_catalogs(Project.at(project), "en")
    assert _content(po) == expected  # and so did update
    # No spurious diff in the messages: only the header may keep the tool's field order.
    body = original.split(b"\n\n", 1)[1]
    assert po.read_bytes().split(b"\n\n", 1)[1] == body


def test_every_catalog_and_template_says_its_languages(project: Path) -> None:
    """Poedit reads X-Source-Language; translate-toolkit (and Weblate) the Language."""
    _busy_catalog(project)
    content = project / "content"
    for path in sorted(content.rglob("*.po")) + sorted(content.rglob("*.pot")):
        store = ttk_po.pofile.parsefile(str(path))
        header = store.parseheader()
        assert header["X-Source-Language"] == "nl", path.name
        if path.suffix == ".po":
            assert (header["Language"], store.gettargetlanguage()) == ("en", "en"), path.name
        else:  # a template is no translation: no tool must take the Dutch for one
            assert "Language" not in header, path.name
