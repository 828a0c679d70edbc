"""pipeline.cli.commands through click's CliRunner: exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli.commands import main

from ..conftest import REPO, SEED_SLUG

SEED_TEXT = REPO / "tests" / "importer" / "seed.txt"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_on_every_command() -> None:
    for command in ([], *([name] for name in main.commands)):
        code, out, _ = run(*command, "--help")
        assert code == 0 and "Usage:" in out


def test_the_language_choices_are_the_projects(project: Path) -> None:
    code, out, _ = run("-C", str(project), "languages")
    assert code == 0 and out == "nl en\n"
    code, out, _ = run("-C", str(project), "languages", "--targets")
    assert code == 0 and out == "en\n"
    code, out, _ = run("update", "--help")
    assert code == 0 and "[default: (first target)]" in " ".join(out.split())
    (project / "pipeline.toml").write_text('[languages]\ntargets = ["en", "de"]\n')
    code, out, _ = run("-C", str(project), "languages")
    assert code == 0 and out == "nl en de\n"
    code, _, err = run("-C", str(project), "stats", "--lang", "fr")
    assert code == 2 and "'fr' is not one of 'en', 'de'" in err
    code, _, err = run("-C", str(project), "stats", "--lang", "nl")
    assert code == 2 and "'nl' is not one of 'en', 'de'" in err


def test_build_both_languages(project: Path) -> None:
    for lang in ("nl", "en"):
        code, out, err = run("-C", str(project), "build", "--lang", lang)
        assert code == 0, err
        assert f"built 8 file(s) in build/{lang}" in out  # handouts, index, feed, issue
        assert (project / "build" / lang / f"{SEED_SLUG}.html").exists()


def test_unknown_language_is_refused(project: Path) -> None:
    code, _, err = run("-C", str(project), "build", "--lang", "fr")
    assert code == 2 and "'fr' is not one of" in err


def test_not_a_project(tmp_path: Path) -> None:
    code, _, err = run("-C", str(tmp_path), "build", "--lang", "nl")
    assert code == 1 and "no content/nl/ folder" in err


def test_fuzzy_entry_fails_release_names_file_and_line_then_draft_builds(project: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    text = po.read_text(encoding="utf-8")
    anchor = 'msgid "Wat is de NMDA-receptor?"'
    lineno = text[: text.index(anchor)].count("\n") + 2  # the flag line pushes it down one
    po.write_text(text.replace(anchor, "#, fuzzy\n" + anchor), encoding="utf-8")
    code, out, err = run("-C", str(project), "build", "--lang", "en")
    assert code == 0 and "(1 article(s) held back, 0 outdated)" in out
    assert f"content/en/{SEED_SLUG}.po:{lineno}: held-back: {SEED_SLUG}: 1 segment(s)" in err
    code, _, err = run("-C", str(project), "build", "--lang", "en", "--strict")
    assert code == 1
    assert f"content/en/{SEED_SLUG}.po:{lineno}: fuzzy: Wat is de NMDA-receptor?" in err
    assert "Error: 1 segment(s) not reviewed in en" in err
    code, out, err = run("-C", str(project), "build", "--lang", "en", "--draft")
    assert code == 0
    assert "draft: 1 segment(s) in Dutch" in out
    html = (project / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert 'class="draft-fuzzy" lang="nl"' in html


def test_malformed_po_is_one_line_error(project: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "open\n', encoding="utf-8")
    code, _, err = run("-C", str(project), "build", "--lang", "en")
    assert code == 1
    assert err.startswith(f"Error: content/en/{SEED_SLUG}.po:")
    assert len(err.strip().splitlines()) == 1


def test_bad_front_matter_is_one_line_error(project: Path) -> None:
    (project / "content" / "nl" / "kapot.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    code, _, err = run("-C", str(project), "build", "--lang", "nl")
    assert code == 1 and err.startswith("Error: content/nl/kapot.md:2: front matter is not valid")


def test_import_writes_the_seed_and_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "content" / "nl").mkdir(parents=True)
    code, out, err = run("-C", str(tmp_path), "import", str(SEED_TEXT))
    assert code == 0, err
    assert out == f"wrote content/nl/{SEED_SLUG}.md\n"
    written = (tmp_path / "content" / "nl" / f"{SEED_SLUG}.md").read_bytes()
    assert written == (REPO / "content" / "nl" / f"{SEED_SLUG}.md").read_bytes()
    code, _, err = run("-C", str(tmp_path), "import", str(SEED_TEXT))
    assert code == 1 and "already imported" in err
    code, _, _ = run("-C", str(tmp_path), "import", "--force", str(SEED_TEXT))
    assert code == 0


def test_update_then_extract_on_a_new_project(tmp_path: Path) -> None:
    (tmp_path / "content" / "nl").mkdir(parents=True)
    (tmp_path / "content" / "nl" / "a.md").write_text("# Kop\n\nTekst.\n", encoding="utf-8")
    code, out, err = run("-C", str(tmp_path), "update", "--lang", "en")
    assert code == 0, err
    assert "wrote content/en/a.po" in out and "wrote content/pot/a.pot" in out
    code, out, _ = run("-C", str(tmp_path), "extract")
    assert code == 0 and "0 written" in out


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage: pipeline" in result.stdout


def test_project_without_templates_uses_the_shipped_ones(project: Path) -> None:
    import shutil

    shutil.rmtree(project / "templates")
    code, _, err = run("-C", str(project), "build", "--lang", "en")
    assert code == 0, err
    html = (project / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert "Published on" in html


def test_project_templates_override_the_shipped_ones(project: Path) -> None:
    (project / "templates" / "handout.md.j2").write_text(
        "EIGEN {{ title_markdown }}\n", encoding="utf-8"
    )
    code, _, err = run("-C", str(project), "build", "--lang", "nl")
    assert code == 0, err
    markdown = (project / "build" / "nl" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    assert markdown == "EIGEN # 7 keer magnesium voor de hersenen\n"
