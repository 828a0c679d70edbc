"""pipeline/__main__.py: ``python -m pipeline`` is the ``pipeline`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import SEED_SLUG


def test_python_m_pipeline_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "Usage:" in done.stdout and "build" in done.stdout


def test_an_error_exits_with_its_file_and_line(project: Path) -> None:
    catalog = project / "content" / "en" / f"{SEED_SLUG}.po"
    catalog.write_text('msgid "a"\nmsgstr\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(project), "check", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert done.stderr.startswith(f"Error: content/en/{SEED_SLUG}.po:3: syntax error")
