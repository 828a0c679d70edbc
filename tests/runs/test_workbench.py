"""The translator's workbench through the CLI: check, stats, review, memory in update, suggest."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from pipeline import po
from pipeline.cli import main

from ..conftest import SEED_SLUG


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_on_shipped_content_is_clean(project: Path) -> None:
    code, out, err = run("-C", str(project), "check", "--lang", "en")
    assert code == 0, out
    assert out == "" and "0 error(s), 0 warning(s), 0 silenced" in err


def test_check_reports_damage_at_file_line_and_fails(project: Path) -> None:
    po_path = project / "content" / "en" / f"{SEED_SLUG}.po"
    text = po_path.read_text(encoding="utf-8")
    assert "study of 30 " in text
    po_path.write_text(text.replace("study of 30 ", "study of 31 "), encoding="utf-8")
    code, out, _ = run("-C", str(project), "check", "--lang", "en")
    assert code == 1
    line = re.search(rf"^content/en/{SEED_SLUG}\.po:(\d+): error: numbers: ", out, re.M)
    assert line is not None
    catalog = po.read_po(po_path)
    entry = next(m for m in catalog if m.id and "30 patiënten" in m.id)
    assert int(line.group(1)) == entry.lineno
    code, out, _ = run("-C", str(project), "check", "--lang", "en", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["counts"]["error"] >= 1
    assert {f["check"] for f in data["findings"]} == {"numbers"}


def test_flag_silences_one_check(project: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    text = po.read_text(encoding="utf-8")
    anchor = 'msgid "1. Migraine"'
    text = text.replace(anchor, "#, ignore-same\n" + anchor)
    text = text.replace('msgstr "7. Other disorders"', 'msgstr "7. Overige aandoeningen"')
    po.write_text(text, encoding="utf-8")
    code, out, err = run("-C", str(project), "check", "--lang", "en")
    assert code == 0
    assert "warning: same:" in out and "1. Migraine" not in out
    # The flag survives an update.
    run("-C", str(project), "update", "--lang", "en")
    assert '#, ignore-same\nmsgid "1. Migraine"' in po.read_text(encoding="utf-8")


def test_stats_json_agrees_with_msgfmt(project: Path) -> None:
    code, out, _ = run("-C", str(project), "stats", "--lang", "en", "--json")
    assert code == 0
    data = json.loads(out)
    for entry in data["catalogs"]:
        path = project / "content" / "en" / f"{entry['name']}.po"
        result = subprocess.run(
            ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert f"{entry['reviewed']} translated message" in result.stderr
    code, out, _ = run("-C", str(project), "stats", "--lang", "en")
    assert "total" in out and "100.0" in out


def test_review_sheet_side_by_side(project: Path) -> None:
    code, out, err = run("-C", str(project), "review", "--lang", "en")
    assert code == 0, err
    sheet = (project / "build" / "review" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert "Wat is de NMDA-receptor?" in sheet and "What is the NMDA receptor?" in sheet


def test_update_prefills_a_repeated_paragraph_from_memory(project: Path) -> None:
    seed = (project / "content" / "nl" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    paragraph = next(p for p in seed.split("\n\n") if p.startswith("Meerdere onderzoekers"))
    (project / "content" / "nl" / "nieuw.md").write_text(
        f"# Een nieuw artikel\n\n{paragraph}\n", encoding="utf-8"
    )
    code, _, err = run("-C", str(project), "update", "--lang", "en")
    assert code == 0, err
    catalog = po.read_po(project / "content" / "en" / "nieuw.po")
    entry = catalog.get(paragraph)
    assert entry.fuzzy and entry.string.startswith("Several researchers state")
    assert any(c.startswith("TM 100%: content/en/") for c in entry.user_comments)
    code, out, _ = run("-C", str(project), "suggest", "--lang", "en", "nieuw")
    assert code == 0 and "100.0%  Several researchers state" in out
