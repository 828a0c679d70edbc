"""pipeline/serve/api.py: the panel's data, each catalog's segments and the editions."""

from __future__ import annotations

from pathlib import Path

from pipeline.serve import api
from pipeline.serve.workspace import Workspace

from ..conftest import SEED_SLUG


def test_an_article_held_back_says_why_in_the_releases_words(project: Path, ws: Workspace) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("#. heading\n", "#. heading\n#, fuzzy\n", 1), "utf-8"
    )
    edition = api.segments(ws, "en", SEED_SLUG)["edition"]
    assert edition["state"] == "held-back" and "held-back" in edition["text"]
    assert edition["details"] and edition["details"][0].strip().startswith(
        f"content/en/{SEED_SLUG}.po:"
    )
    assert api.editions(ws)["en/newsletter/2019-10"]["state"] == "held-back"
