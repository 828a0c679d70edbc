"""pipeline/cli/exchange.py: the xliff and tmx commands, their options and what they print."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

from ..conftest import SEED_SLUG


def _run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    return result.exit_code, result.stdout, result.stderr


def test_xliff_export_writes_one_file_per_article_into_the_folder_asked(project: Path) -> None:
    folder = project / "out"
    code, out, _ = _run(project, "xliff", "export", "--lang", "en", "-o", str(folder), SEED_SLUG)
    assert code == 0
    assert out == f"wrote out/{SEED_SLUG}.xlf\n"
    assert [p.name for p in folder.iterdir()] == [f"{SEED_SLUG}.xlf"]
    assert b"<xliff" in (folder / f"{SEED_SLUG}.xlf").read_bytes()


def test_xliff_round_trip_imports_every_unit_and_changes_nothing(project: Path) -> None:
    folder = project / "build" / "xliff" / "en"
    assert _run(project, "xliff", "export", "--lang", "en", SEED_SLUG)[0] == 0
    before = (project / "content" / "en" / f"{SEED_SLUG}.po").read_bytes()
    code, out, err = _run(project, "xliff", "import", str(folder / f"{SEED_SLUG}.xlf"))
    assert code == 0, err
    assert out == ""  # the catalog already says what the agency sent: nothing written
    assert "into 0 catalog(s), 0 left out" in err
    assert (project / "content" / "en" / f"{SEED_SLUG}.po").read_bytes() == before


def test_xliff_import_of_a_file_that_is_not_xliff_is_an_error(project: Path) -> None:
    bad = project / "bad.xlf"
    bad.write_text("<xliff")
    code, _, err = _run(project, "xliff", "import", str(bad))
    assert code != 0 and "not XML" in err


def test_tmx_export_writes_the_default_file_and_counts_its_units(project: Path) -> None:
    code, out, _ = _run(project, "tmx", "export", "--lang", "en")
    assert code == 0
    assert out.startswith("wrote build/tmx/nl-en.tmx (") and "translation unit(s)" in out
    assert (project / "build" / "tmx" / "nl-en.tmx").is_file()


def test_output_is_a_folder_for_xliff_and_a_file_for_tmx(project: Path) -> None:
    (project / "afile").write_text("")
    (project / "afolder").mkdir()
    assert _run(project, "xliff", "export", "--lang", "en", "-o", str(project / "afile"))[0] == 2
    assert _run(project, "tmx", "export", "--lang", "en", "-o", str(project / "afolder"))[0] == 2
