"""pipeline/serve/api.py: the panel's data, each catalog's segments and the editions."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog

from pipeline.project import Project
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


def test_the_german_panel_checks_the_german_column_of_the_glossary(project: Path) -> None:
    (project / "pipeline.toml").write_text(
        '[languages]\nsource = "nl"\ntargets = ["en", "de"]\n', encoding="utf-8"
    )
    (project / "content" / "glossary.csv").write_text(
        "nl,en,de,note\nmagnesiumtekort,magnesium deficiency,Magnesiummangel,\n", encoding="utf-8"
    )
    ws = Workspace(Project.at(project))
    catalog = Catalog(locale="de")
    catalog.add("Een magnesiumtekort.", "Ein Magnesiummangel.")
    found = api.entry_findings(ws, "de", catalog, "content/de/x.po")
    assert not [f for f in found.get("Een magnesiumtekort.", []) if f.check == "glossary"]
    german = ws.glossary("de")
    assert german is not None and german.lang == "de"
