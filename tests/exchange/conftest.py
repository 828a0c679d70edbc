"""The exchange tests' project: a catalog with a fuzzy, an empty and an obsolete entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from click.testing import CliRunner

from pipeline import po
from pipeline.cli import main

from ..conftest import SEED_SLUG

NMDA = "Wat is de NMDA-receptor?"
MIGRAINE = "1. Migraine"
DEPRESSION = "2. Depressie"


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def catalog_file(root: Path) -> Path:
    return root / "content" / "en" / f"{SEED_SLUG}.po"


def rewrite(root: Path, change: object) -> None:
    """Change the seed catalog through the project's own reader and writer."""
    path = catalog_file(root)
    catalog = po.read_po(path)
    change(catalog)  # type: ignore[operator]
    path.write_bytes(po.generate_po(catalog).encode())


@pytest.fixture()
def agency(project: Path) -> Path:
    """The project with one fuzzy entry (``#|``, a flag, a comment), one empty, one obsolete."""

    def change(catalog: Catalog) -> None:
        nmda = catalog[NMDA]
        nmda.flags |= {"fuzzy", "ignore-same"}
        nmda.previous_id = ["Wat is NMDA?"]
        nmda.user_comments = ["Ask the editor"]
        catalog[MIGRAINE].string = ""
        catalog.obsolete["Oud."] = catalog[DEPRESSION].clone()
        catalog.obsolete["Oud."].id = "Een oude zin."

    rewrite(project, change)
    return project


def content_bytes(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "content").rglob("*"))
        if p.is_file()
    }
