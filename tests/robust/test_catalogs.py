"""Every catalog msgfmt rejects (and those we refuse on purpose) stops update, check and build.

Through the CLI, as a translator meets it: a non-zero exit, one line
``Error: content/en/<slug>.po:LINE: reason`` with msgfmt's line, and every file of
the project (content/ and the previous build/) byte-identical afterwards.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import SEED_SLUG
from tests.po.gnu import CORPUS, STRICTER, msgfmt_verdict

REJECTED = sorted(p for p in CORPUS.glob("*.po") if p.name.startswith("bad_") or p.name in STRICTER)
SHOWN = f"content/en/{SEED_SLUG}.po"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the project, by relative path (the lock file included)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with a complete English build, made once for the module."""
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("robust") / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1569974400")
        result = CliRunner().invoke(main, ["-C", str(root), "build", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (root / "build" / "en" / f"{SEED_SLUG}.html").is_file()
    return root


def test_corpus_has_rejected_files() -> None:
    assert len(REJECTED) >= 35


@pytest.mark.parametrize("path", REJECTED, ids=lambda p: p.name)
def test_rejected_catalog_stops_every_command(path: Path, built: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    shutil.copyfile(path, root / "content" / "en" / f"{SEED_SLUG}.po")
    accepted, line, stderr = msgfmt_verdict(path)
    assert accepted == (path.name in STRICTER), stderr
    before = snapshot(root)
    runner = CliRunner()
    for command in (
        ["update", "--lang", "en"],
        ["check", "--lang", "en"],
        ["build", "--lang", "en"],
    ):
        result = runner.invoke(main, ["-C", str(root), *command])
        assert result.exit_code != 0, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            result.exception,
        )
        lines = result.output.strip("\n").split("\n")
        assert len(lines) == 1, (command, result.output)
        if line is not None:
            expected = rf"Error: {re.escape(SHOWN)}:{line}: \S.*"
        else:  # no line from msgfmt (an empty file, or one msgfmt accepts): still the file
            expected = rf"Error: {re.escape(SHOWN)}(:\d+)?: \S.*"
        assert re.fullmatch(expected, lines[0]), (command, lines[0], stderr)
        assert snapshot(root) == before, command
