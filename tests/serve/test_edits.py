"""Saving one entry from the browser: the strict writer's bytes, one entry changed, conflicts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import CatalogError, PipelineError
from pipeline.po import generate_po, parse_po
from pipeline.project import Languages, Project
from pipeline.release import is_reviewed
from pipeline.serve.edits import (
    Busy,
    Conflict,
    Edit,
    Refused,
    Version,
    check_edit,
    edit_from,
    save_edit,
    waiting_lock,
)
from pipeline.serve.workspace import Workspace, affected, matches

from ..conftest import SEED_SLUG

HEADING = "Wat is de NMDA-receptor?"


def fuzzy_catalog(project: Path) -> Path:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    catalog = parse_po(po.read_bytes(), filename=str(po))
    message = catalog.get(HEADING)
    message.flags.add("fuzzy")
    message.previous_id = ["Wat is een NMDA-receptor?"]
    po.write_bytes(generate_po(catalog).encode())
    return po


def po_of(project: Path) -> Path:
    return project / "content" / "en" / f"{SEED_SLUG}.po"


def taken(project: Path, msgid: str = HEADING) -> Version:
    """The entry as a panel takes it from the file now."""
    message = parse_po(po_of(project).read_bytes(), filename="t.po").get(msgid)
    return Version.of(message)


def msgcat(path: Path) -> bytes:
    return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout


@pytest.mark.parametrize("reviewed", [True, False])
def test_a_save_changes_that_entry_only_as_msgcat_writes_it(project: Path, reviewed: bool) -> None:
    po = fuzzy_catalog(project)
    before = po.read_bytes()
    ws = Workspace(Project.at(project))
    edit = Edit(HEADING, "What exactly is the NMDA receptor?", reviewed, taken(project))
    saved = save_edit(ws, "en", po, edit)
    after = po.read_bytes()
    assert saved.translation == edit.translation and saved.fuzzy is not reviewed
    assert msgcat(po) == after
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    old_entries, new_entries = before.split(b"\n\n"), after.split(b"\n\n")
    changed = [i for i, (a, b) in enumerate(zip(old_entries, new_entries, strict=True)) if a != b]
    assert len(changed) == 1
    entry = new_entries[changed[0]].decode()
    assert 'msgstr "What exactly is the NMDA receptor?"' in entry
    if reviewed:  # reviewed: no fuzzy, and the previous Dutch goes with it
        assert "fuzzy" not in entry and "#|" not in entry
    else:
        assert "#, fuzzy" in entry and '#| msgid "Wat is een NMDA-receptor?"' in entry


#: English as translators type it: any printable text, quotes, backslashes, tabs, newlines.
_ENGLISH = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from(['"', "\\", "\n", "\t", "*", "[", "]"]),
    min_size=1,
    max_size=120,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(english=_ENGLISH, reviewed=st.booleans())
def test_any_english_is_saved_as_msgcat_writes_it(
    project: Path, english: str, reviewed: bool
) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    ws = Workspace(Project.at(project))
    before = po.read_bytes()
    edit = Edit(HEADING, english, reviewed, taken(project))
    try:
        save_edit(ws, "en", po, edit)
    except CatalogError as refused:  # msgfmt would refuse it: a newline at one end only
        assert english.startswith("\n") or english.endswith("\n"), refused
        assert po.read_bytes() == before  # nothing written
        return
    except Refused as refused:  # reviewed with a check error: the release would hold it
        assert (
            reviewed and any(f.severity == "error" for f in refused.findings) or not english.strip()
        )
        assert po.read_bytes() == before
        return
    after = po.read_bytes()
    try:
        assert msgcat(po) == after
        catalog = parse_po(after, filename=str(po))
        assert catalog.get(HEADING).string == english
        assert catalog.get(HEADING).fuzzy is not reviewed
        pairs = zip(before.split(b"\n\n"), after.split(b"\n\n"), strict=True)
        assert sum(a != b for a, b in pairs) <= 1
    finally:
        po.write_bytes(before)  # the next example starts from the same catalog


@pytest.mark.parametrize("english", ["\nWhat is the NMDA receptor?", "What is it?\n"])
def test_english_msgfmt_would_refuse_is_not_saved(project: Path, english: str) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    before = po.read_bytes()
    ws = Workspace(Project.at(project))
    with pytest.raises((CatalogError, Refused)):
        save_edit(ws, "en", po, Edit(HEADING, english, True, taken(project)))
    assert po.read_bytes() == before


def test_an_entry_changed_since_taken_is_not_overwritten(project: Path) -> None:
    po = po_of(project)
    loaded = taken(project)
    theirs = po.read_text(encoding="utf-8").replace(
        'msgstr "What is the NMDA receptor?"', 'msgstr "Theirs"'
    )
    po.write_text(theirs, encoding="utf-8")
    ws = Workspace(Project.at(project))
    with pytest.raises(Conflict) as caught:
        save_edit(ws, "en", po, Edit(HEADING, "Mine: what is the NMDA receptor?", True, loaded))
    assert caught.value.disk.translation == "Theirs"
    assert po.read_text(encoding="utf-8") == theirs
    # Saving against what the entry now is goes through.
    save_edit(
        ws, "en", po, Edit(HEADING, "Mine: what is the NMDA receptor?", True, caught.value.disk)
    )
    assert 'msgstr "Mine: what is the NMDA receptor?"' in po.read_text(encoding="utf-8")


def test_other_entries_changed_on_disk_are_kept(project: Path) -> None:
    po = po_of(project)
    loaded = taken(project)
    catalog = parse_po(po.read_bytes(), filename="t.po")
    other = next(m for m in catalog if m.id and m.id != HEADING and m.string)
    other.string = "Theirs, elsewhere."
    other.flags.add("fuzzy")
    po.write_bytes(generate_po(catalog).encode())
    ws = Workspace(Project.at(project))
    save_edit(ws, "en", po, Edit(HEADING, "What exactly is the NMDA receptor?", True, loaded))
    after = parse_po(po.read_bytes(), filename="t.po")
    assert after.get(HEADING).string == "What exactly is the NMDA receptor?"
    assert after.get(other.id).string == "Theirs, elsewhere." and after.get(other.id).fuzzy


@pytest.mark.parametrize(
    "text",
    [
        "What is the <script>alert(1)</script> NMDA receptor?",
        'What is the <img src="x" onerror="alert(1)"> NMDA receptor?',
        "What is the\u2028NMDA receptor?",
        "What is the NMDA receptor?\x07",
        "What is the \x1b[31mNMDA receptor?",
        "   ",
        "",
        "What is the NMDA receptor? " * 4000,
    ],
)
def test_reviewed_with_a_check_error_is_refused_and_needs_review_saved(
    project: Path, text: str
) -> None:
    po = po_of(project)
    before = po.read_bytes()
    ws = Workspace(Project.at(project))
    with pytest.raises(Refused):
        save_edit(ws, "en", po, Edit(HEADING, text, True, taken(project)))
    assert po.read_bytes() == before
    save_edit(ws, "en", po, Edit(HEADING, text, False, taken(project)))
    saved = parse_po(po.read_bytes(), filename="t.po").get(HEADING)
    assert saved.string == text and not is_reviewed(saved.string, saved.fuzzy)


def test_a_finding_said_wrong_adds_its_flag_and_the_release_agrees(project: Path) -> None:
    po = po_of(project)
    ws = Workspace(Project.at(project))
    text = "What is the NMDA receptor 7?"
    with pytest.raises(Refused) as caught:
        save_edit(ws, "en", po, Edit(HEADING, text, True, taken(project)))
    assert [f.check for f in caught.value.findings if f.severity == "error"] == ["numbers"]
    save_edit(ws, "en", po, Edit(HEADING, text, True, taken(project), ("ignore-numbers",)))
    message = parse_po(po.read_bytes(), filename="t.po").get(HEADING)
    assert message.string == text and "ignore-numbers" in message.flags and not message.fuzzy
    assert check_edit(ws, "en", po, Edit(HEADING, text, True)) == [] or all(
        f.check != "numbers" for f in check_edit(ws, "en", po, Edit(HEADING, text, True))
    )


def test_a_save_waits_for_the_project_lock_a_while(project: Path) -> None:
    lock = Project.at(project).lock_path
    with waiting_lock(lock):
        with pytest.raises(Busy):
            with waiting_lock(lock, seconds=0.3):
                pass
    with waiting_lock(lock, seconds=0.3):
        pass


def test_checking_typed_text_reads_the_catalog_and_writes_nothing(project: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    before = po.read_bytes()
    ws = Workspace(Project.at(project))
    found = check_edit(ws, "en", po, Edit(HEADING, "What is the NMDA receptor", True))
    assert [f"{f.severity}: {f.check}: {f.message}" for f in found] == [
        "warning: end-punctuation: the source ends with a question mark, "
        "the translation with no punctuation"
    ]
    fixed = Edit(HEADING, "What is the NMDA receptor?", True)
    assert check_edit(ws, "en", po, fixed) == []
    assert po.read_bytes() == before


def test_an_unknown_entry_or_bad_request_is_an_error(project: Path) -> None:
    ws = Workspace(Project.at(project))
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    with pytest.raises(PipelineError, match="no entry"):
        save_edit(ws, "en", po, Edit("Niet hier", "x", True))
    for bad in (
        [],
        {"msgid": 1},
        {"msgid": "a", "translation": "b", "reviewed": "yes"},
        {"msgid": "a", "translation": "b", "ignore": ["fuzzy"]},
        {"msgid": "a", "translation": "b", "ignore": [[]]},
        {"msgid": "a", "translation": "b", "original": {"translation": 1}},
    ):
        with pytest.raises(PipelineError):
            edit_from(bad)


def test_a_change_tells_the_pages_that_show_it() -> None:
    article = affected(f"content/en/{SEED_SLUG}.po", Languages())
    assert f"/en/{SEED_SLUG}.html" in article and f"/review/en/{SEED_SLUG}.html" in article
    assert not matches(f"/nl/{SEED_SLUG}.html", article)
    assert not matches("/en/other.html", article)
    assert matches("/en/newsletter/2019-10.html", article)
    source = affected(f"content/nl/{SEED_SLUG}.md", Languages())
    assert matches(f"/nl/{SEED_SLUG}.html", source) and matches(f"/en/{SEED_SLUG}.html", source)
    assert matches("/en/anything.html", affected("templates/handout.css", Languages()))
    assert matches("/review/en/x.html", affected("content/glossary.csv", Languages()))
    assert not matches("/nl/x.html", affected("content/glossary.csv", Languages()))
    assert (
        affected("content/pot/x.pot", Languages()) == set()
        and affected("README.md", Languages()) == set()
    )
    assert matches(
        "/_workbench/templates/en.html", affected("content/en/_templates.po", Languages())
    )
    assert matches("/", article) and not matches(
        "/", affected("templates/x.css", Languages()) - {"*"}
    )
