"""The release rules (pipeline/release.py) as a newsletter team meets them: one test per case
of the editions issue, each on a copy of the shipped project."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.release import (
    HELD_BACK,
    NEW_SEGMENT,
    NOT_APPROVED,
    OUTDATED,
    carried_over,
    is_reviewed,
)

from .conftest import SEED_SLUG

BIN = Path(__file__).resolve().parents[1] / ".venv" / "bin"
TYPO = ("Vroegtijdig ingrijpen is dus essentieel.", "Vroegtijdig ingrijpen is dus wezenlijk.")
TBI = "In een kleine studie bij 30 patiënten met traumatische hersenschade"
PARAGRAPH = "Meerdere onderzoekers stellen dat magnesium depressie kan verlichten"


def _run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.output


def _source(project: Path) -> Path:
    return project / "content" / "nl" / f"{SEED_SLUG}.md"


def _catalog(project: Path, slug: str = SEED_SLUG) -> Path:
    return project / "content" / "en" / f"{slug}.po"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edition(project: Path, slug: str = SEED_SLUG) -> str:
    code, out = _run(project, "stats", "--json")
    assert code == 0, out
    (row,) = [r for r in json.loads(out)["catalogs"] if r["name"] == slug]
    return str(row["edition"])


def test_the_reviewed_predicate() -> None:
    assert is_reviewed("x", False) and not is_reviewed("x", True) and not is_reviewed("", False)
    assert is_reviewed(("a", "b"), False) and not is_reviewed(("a", ""), False)


# 1. A Dutch typo fix gives *outdated* everywhere: before any update, after one, after
#    make clean (the record is committed), and after other tools dropped `#|`.


def _typo(project: Path) -> None:
    _edit(_source(project), *TYPO)


def test_typo_fix_is_outdated_before_any_update(project: Path) -> None:
    _typo(project)
    code, out = _run(project, "build", "--lang", "en")
    assert code == 0, out
    assert f"outdated: {SEED_SLUG}: 1 segment(s)" in out and "approved before" in out
    page = (project / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert "this translation is being revised. <a" in page  # case 7: the space is there


def test_typo_fix_is_outdated_after_update_and_make_clean(project: Path) -> None:
    _typo(project)
    assert _run(project, "update")[0] == 0
    shutil.rmtree(project / "build")  # make clean; a fresh clone has no build/ either
    code, out = _run(project, "build", "--lang", "en")
    assert code == 0 and f"outdated: {SEED_SLUG}" in out, out
    assert (project / "build" / "en" / f"{SEED_SLUG}.html").is_file()


def _msgmerge(project: Path) -> None:
    pot = project / "content" / "pot" / f"{SEED_SLUG}.pot"
    subprocess.run(["msgmerge", "-q", "-U", "--backup=none", str(_catalog(project)), str(pot)])


def _babel_round_trip(project: Path) -> None:
    with _catalog(project).open("rb") as handle:
        catalog = read_po(handle)
    with _catalog(project).open("wb") as handle:
        write_po(handle, catalog)  # include_previous=False: the `#|` lines are gone


def _xliff_round_trip(project: Path) -> None:
    xlf = project / "a.xlf"
    subprocess.run([str(BIN / "po2xliff"), str(_catalog(project)), str(xlf)], check=True)
    subprocess.run([str(BIN / "xliff2po"), str(xlf), str(_catalog(project))], check=True)


@pytest.mark.parametrize("tool", [_msgmerge, _babel_round_trip, _xliff_round_trip])
def test_typo_fix_stays_outdated_whatever_tool_saved_the_catalog(project: Path, tool) -> None:
    _typo(project)
    assert _run(project, "update")[0] == 0
    tool(project)
    assert "#| msgid" not in _catalog(project).read_text(encoding="utf-8")
    shutil.rmtree(project / "build", ignore_errors=True)
    code, out = _run(project, "build", "--lang", "en")
    assert code == 0 and f"outdated: {SEED_SLUG}" in out, out
    assert _edition(project) == OUTDATED


# 2. One article's unreviewed entry with a check error holds back that article alone.


def _article_with_tbi(project: Path, number: str) -> None:
    text = _source(project).read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if TBI in p).replace(" 30 ", f" {number} ")
    (project / "content" / "nl" / "nieuw.md").write_text(
        f"---\ntitle: Nieuw\ndate: 2019-12-01\n---\n\n{paragraph}\n", encoding="utf-8"
    )


def test_an_unreviewed_fill_with_a_check_error_blocks_nothing_else(project: Path) -> None:
    _article_with_tbi(project, "40")
    assert _run(project, "update")[0] == 0
    assert "# TM" in _catalog(project, "nieuw").read_text(encoding="utf-8")
    code, out = _run(project, "build", "--lang", "en")
    assert code == 0, out
    assert "held-back: nieuw" in out and "translation-memory fill" in out
    assert (project / "build" / "en" / f"{SEED_SLUG}.html").is_file()
    assert not (project / "build" / "en" / "nieuw.html").exists()
    code, out = _run(project, "check", "--errors-only")  # a fill's error is a warning
    assert code == 0, out
    code, out = _run(project, "build", "--lang", "en", "--strict")
    assert code == 1 and "content/en/nieuw.po:" in out


def _review_as_it_is(project: Path, slug: str) -> None:
    """A translator approves every entry as it is (the title translated first), with polib."""
    catalog = polib.pofile(str(_catalog(project, slug)), wrapwidth=79)
    for entry in catalog:
        if not entry.msgstr:
            entry.msgstr = "New"
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    catalog.save()


def test_a_reviewed_entry_with_a_check_error_holds_back_its_article_alone(project: Path) -> None:
    _article_with_tbi(project, "40")
    assert _run(project, "update")[0] == 0
    _review_as_it_is(project, "nieuw")  # reviewed as it is: 30 for 40
    code, out = _run(project, "build", "--lang", "en")
    assert code == 0, out
    assert "held-back: nieuw" in out and "check error: numbers" in out
    assert (project / "build" / "en" / f"{SEED_SLUG}.html").is_file()
    assert not (project / "build" / "en" / "nieuw.html").exists()
    assert _run(project, "check", "--errors-only")[0] == 1  # the translator's to fix


# 3. A paragraph added beside a similar one never borrows its neighbour's English.


def test_a_paragraph_added_beside_a_similar_one_holds_the_article_back(project: Path) -> None:
    text = _source(project).read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if p.startswith(PARAGRAPH))
    added = paragraph + " Dat blijkt ook uit nieuw onderzoek."
    _edit(_source(project), "## 3. Epilepsie", f"{added}\n\n## 3. Epilepsie")
    for build_first in (True, False):
        if not build_first:
            assert _run(project, "update")[0] == 0
        code, out = _run(project, "build", "--lang", "en")
        assert code == 0 and f"held-back: {SEED_SLUG}" in out, out
        reasons = (NEW_SEGMENT, "not in the catalog yet") if build_first else (NOT_APPROVED,)
        assert any(reason in out for reason in reasons), out
        assert not (project / "build" / "en" / f"{SEED_SLUG}.html").exists()
        index = (project / "build" / "en" / "index.html").read_text(encoding="utf-8")
        assert SEED_SLUG not in index


# 4. A reviewed entry that came from the memory is outdated, not withdrawn, when its
#    Dutch changes: its `# TM` comment plays no part.


def test_a_reviewed_memory_fill_is_outdated_when_its_dutch_changes(project: Path) -> None:
    _article_with_tbi(project, "30")
    assert _run(project, "update")[0] == 0
    _review_as_it_is(project, "nieuw")  # reviewed; the `# TM` comment stays
    assert _edition(project, "nieuw") == "current"
    assert "# TM" in _catalog(project, "nieuw").read_text(encoding="utf-8")
    assert _run(project, "update")[0] == 0
    _edit(project / "content" / "nl" / "nieuw.md", "kleine studie", "kleinere studie")
    assert _edition(project, "nieuw") == OUTDATED
    assert _run(project, "update")[0] == 0
    assert _edition(project, "nieuw") == OUTDATED


# 5. and 6. A held-back article leaves nothing behind, and no issue links it.


def test_a_held_back_article_leaves_nothing_and_no_issue_links_it(project: Path) -> None:
    assert _run(project, "build", "--lang", "en")[0] == 0
    out_dir = project / "build" / "en"
    assert (out_dir / "newsletter" / "2019-10.html").is_file()  # the build makes its issues
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="newsletter/2019-10.html"' in index
    (out_dir / f"{SEED_SLUG}.pdf").write_bytes(b"%PDF-old")  # as make pdf left it
    (out_dir / "images").mkdir(exist_ok=True)
    (out_dir / "images" / "old.jpg").write_bytes(b"old")
    # the translator saves a reviewed entry as needs work
    _edit(_catalog(project), 'msgid ""\n"Migraine is in', '#, fuzzy\nmsgid ""\n"Migraine is in')
    code, out = _run(project, "build", "--lang", "en")
    assert code == 0 and f"held-back: {SEED_SLUG}" in out and "needs work" in out, out
    left = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file())
    assert not [name for name in left if SEED_SLUG in name or name.startswith("images/")]
    assert not [name for name in left if name.startswith("newsletter/")]
    for name in ("index.html", "feed.xml"):
        text = (out_dir / name).read_text(encoding="utf-8")
        assert SEED_SLUG not in text and "newsletter/2019-10" not in text


def test_every_link_of_the_index_leads_to_a_page(project: Path) -> None:
    assert _run(project, "build", "--lang", "en")[0] == 0
    out_dir = project / "build" / "en"
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"#:]+)"', index):
        if not href.startswith(".."):
            assert (out_dir / href).is_file(), href


def test_a_build_carries_over_only_what_a_release_keeps() -> None:
    assert carried_over("a.pdf", {"a"}) and not carried_over("b.pdf", {"a"})
    assert not carried_over("images/x.jpg", {"a"}) and not carried_over("newsletter/1.html", set())
    assert carried_over("robots.txt", set())


def test_held_back_message_names_the_line_and_the_reason(project: Path) -> None:
    (project / "content" / "nl" / "nieuw.md").write_text(
        "---\ntitle: Nieuw\ndate: 2019-12-01\n---\n\nEen alinea die niemand vertaalde.\n",
        encoding="utf-8",
    )
    code, out = _run(project, "build", "--lang", "en")  # no update yet: the Dutch line
    assert code == 0 and re.search(r"content/nl/nieuw\.md:\d+: held-back: nieuw", out), out
    assert "run `make update`" in out
    assert _run(project, "update")[0] == 0
    code, out = _run(project, "build", "--lang", "en")
    assert "content/en/nieuw.po:" in out and "never translated" in out, out
    assert _edition(project, "nieuw") == HELD_BACK


def test_newsletter_names_the_issue_held_back_and_builds_the_other(project: Path) -> None:
    (project / "content" / "nl" / "nieuw.md").write_text(
        "---\ntitle: Nieuw\ndate: 2019-12-01\n---\n\nEen alinea die niemand vertaalde.\n",
        encoding="utf-8",
    )
    (project / "content" / "nl" / "newsletters" / "2019-12.md").write_text(
        "---\ndate: 2019-12-01\nsubject: Nieuw\npreheader: Nieuw\narticles:\n- nieuw\n---\n\n"
        "Beste lezer,\n",
        encoding="utf-8",
    )
    assert _run(project, "update")[0] == 0
    issue = project / "build" / "en" / "newsletter" / "2019-12.html"
    issue.parent.mkdir(parents=True)
    issue.write_text("<p>built before, as a draft</p>")
    code, out = _run(project, "newsletter", "--lang", "en")
    assert code == 0, out
    assert "wrote build/en/newsletter/2019-10.html" in out
    assert "held back: newsletter 2019-12 not built in en" in out
    assert "nothing was built" not in out and "1 issue(s) built, 1 held back" in out
    assert not issue.exists()  # what was published of it is withdrawn
