"""`make test` sets itself up: tests/setup-tools installs what is missing, or says what to."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

SCRIPT = REPO / "tests" / "setup-tools"
TOOLS = ("msgfmt", "msgcat", "msgunfmt", "pdftotext")
BASH = shutil.which("bash") or "/bin/bash"


def _stub(folder: Path, name: str, body: str = "exit 0") -> Path:
    path = folder / name
    path.write_text(f"#!{BASH}\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def _run(folder: Path, *, uid: int, chromium: Path) -> subprocess.CompletedProcess[str]:
    """The script with only ``folder`` on PATH (its stubs), as user ``uid``."""
    _stub(folder, "id", f"echo {uid}")
    return subprocess.run(
        [BASH, str(SCRIPT)],
        env={"PATH": str(folder), "CHROMIUM": str(chromium)},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture()
def bare(tmp_path: Path) -> Path:
    """A folder for PATH holding none of the tools."""
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


def test_nothing_to_do_when_everything_is_there(bare: Path) -> None:
    for tool in TOOLS:
        _stub(bare, tool)
    _stub(bare, "apt-get", "echo called >&2; exit 1")
    result = _run(bare, uid=1000, chromium=_stub(bare, "chromium"))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_without_root_or_sudo_one_line_says_what_to_install(bare: Path) -> None:
    _stub(bare, "sudo", "exit 1")  # sudo that wants a password
    _stub(bare, "pdftotext")
    result = _run(bare, uid=1000, chromium=bare / "no-chromium")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "make test needs: gettext chromium (apt-get install gettext chromium)\n"
    )


def test_as_root_it_installs_the_missing_packages(bare: Path) -> None:
    log = bare / "apt.log"
    chromium = bare / "chromium"
    # A stand-in for apt-get: it logs its arguments and "installs" the tools.
    installs = " ".join(f"{bare}/{tool}" for tool in TOOLS)
    _stub(
        bare,
        "apt-get",
        f'echo "$*" >> {log}\n'
        f'if [ "$1" = install ]; then for t in {installs} {chromium}; do\n'
        f'  printf "#!{BASH}\\nexit 0\\n" > "$t"; chmod 755 "$t"; done; fi',
    )
    # chmod, printf and echo: printf and echo are built in; chmod comes from the system.
    shutil.copy(shutil.which("chmod") or "/bin/chmod", bare / "chmod")
    result = _run(bare, uid=0, chromium=chromium)
    assert result.returncode == 0, result.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        "update -qq",
        "install -y -qq --no-install-recommends gettext chromium poppler-utils",
    ]
    assert result.stderr == "make test: installing gettext chromium poppler-utils\n"


def test_a_failed_install_ends_with_the_same_one_line(bare: Path) -> None:
    _stub(bare, "apt-get", "exit 100")
    result = _run(bare, uid=0, chromium=bare / "no-chromium")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "make test needs: gettext chromium poppler-utils"
        " (apt-get install gettext chromium poppler-utils)"
    )


def test_make_test_and_ci_run_use_it() -> None:
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "test"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert dry[-2:] == ["bash tests/setup-tools", ".venv/bin/python -m pytest -q"]
    commands = [
        line
        for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert commands == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make test"]
