"""Shared fixtures: the repository, a copy of the project to change, fixed dates; the fixture
files' reader, and the count of the cases read from them (printed after every run)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from markdown_it.utils import read_fixture_file

# No per-example deadline: a shared 2-core machine (CI's, or one running other jobs) makes a
# 5 ms example take 400 ms now and then; speed is measured in bench/, not here. The same
# examples every run (derandomize), so that a run's verdict does not depend on luck; new
# ones with HYPOTHESIS_PROFILE=explore (and --hypothesis-seed=N). What exploring finds is
# kept: the msgcat case in tests/po/test_wrap.py's @example, for one.
settings.register_profile("shared-machine", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "shared-machine"))

REPO = Path(__file__).resolve().parent.parent
#: The tests' folder: fixture files, golden files, the PO corpus.
TESTS = REPO / "tests"
SEED_SLUG = "7-keer-magnesium-voor-de-hersenen"


@pytest.fixture(autouse=True)
def _fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Catalog headers take their dates from SOURCE_DATE_EPOCH: reproducible runs."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1569974400")  # 2019-10-02


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project (content and templates) to change freely."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/golden/ from the current outputs (review the diff).",
    )


@pytest.fixture()
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def published(root: Path) -> dict[str, bytes]:
    """Every file a project's builds published, by its path under ``build/`` (not the cache)."""
    return {
        p.relative_to(root / "build").as_posix(): p.read_bytes()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file() and ".cache" not in p.parts
    }


#: The mark of a test case read from a fixture file (input and expected output both there).
FIXTURE_CASE = pytest.mark.fixture_case
_SHARE = pytest.StashKey[tuple[int, int]]()


def fixture_cases(path: Path, *, titled: bool = False) -> list[Any]:
    """The cases of a fixture file in markdown-it-py's format (title, ``.``, input, ``.``,
    expected, ``.``), as pytest parameters ``(text, expected)`` named by line and title;
    ``titled``: ``(title, text, expected)``, for a title that carries the case's options."""
    return [
        pytest.param(
            *([title] if titled else []), text, expected, id=f"{line}-{title}", marks=FIXTURE_CASE
        )
        for line, title, text, expected in read_fixture_file(path)
    ]


def characters(text: str) -> str:
    """A fixture's text with each ``<U+XXXX>`` as its character: for the characters a fixture
    file cannot show (spaces other than the space, format and control characters, NFD)."""
    return re.sub(r"<U\+([0-9A-F]{4,6})>", lambda m: chr(int(m.group(1), 16)), text)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fixture_case: a test case read from a fixture file")


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect: the share of what was collected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    cases = sum(1 for item in items if item.get_closest_marker("fixture_case"))
    config.stash[_SHARE] = (cases, len(items))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    cases, total = config.stash.get(_SHARE, (0, 0))
    if total:
        terminalreporter.write_line(
            f"fixture cases: {cases} of {total} collected tests ({cases / total:.1%})"
        )
