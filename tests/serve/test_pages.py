"""pipeline.serve.pages: the workbench's pages are the build's own, tagged in a target language."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from pipeline.project import Project
from pipeline.runs.handouts import build as build_handouts
from pipeline.serve import api, pages
from pipeline.serve.workspace import NotFound, Workspace

from ..conftest import SEED_SLUG, published


def _untagged(html: str) -> str:
    return re.sub(r' data-seg="\d+"| class="wb-findings"| wb-findings', "", html)


def test_inject_puts_the_workbench_before_the_head_ends() -> None:
    source = "<html><head><title>t</title></head><body></body></html>"
    html = pages.inject(source, token='a"b', page={"lang": "en"})
    text = html.decode()
    assert text.index('<meta name="wb-token" content="a&#34;b">') < text.index("</head>")
    assert '<meta name="wb-page" content="{&#34;lang&#34;: &#34;en&#34;}">' in text
    assert text.endswith("</head><body></body></html>")
    assert pages.inject("<p>x</p>", token="t", page={}).decode().endswith("\n<p>x</p>")


def test_handouts_are_the_builds_pages(project: Path, ws: Workspace) -> None:
    build_handouts(Project.at(project), "nl")
    build_handouts(Project.at(project), "en")
    built = published(project)
    nl = pages.handout(ws, "nl", SEED_SLUG)
    assert nl.encode() == built[f"nl/{SEED_SLUG}.html"] and "data-seg" not in nl
    en = pages.handout(ws, "en", SEED_SLUG)
    assert _untagged(en).encode() == built[f"en/{SEED_SLUG}.html"]
    tags = [int(n) for n in re.findall(r'data-seg="(\d+)"', en)]
    assert (
        tags == sorted(tags) and len(tags) == len(api.segments(ws, "en", SEED_SLUG)["segments"]) - 1
    )


def test_a_finding_tags_its_segment(project: Path, ws: Workspace) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace("study of 30 ", "study of 31 "), "utf-8")
    data = api.segments(ws, "en", SEED_SLUG)
    (damaged,) = [s for s in data["segments"] if s["findings"]]
    assert "study of 31" in damaged["translation"]
    assert damaged["where"].startswith(f"content/en/{SEED_SLUG}.po:")
    assert f'data-seg="{damaged["index"]}" class="wb-findings"' in pages.handout(
        ws, "en", SEED_SLUG
    )


def test_a_draft_handout_when_anything_is_unreviewed(project: Path, ws: Workspace) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace("#. heading\n", "#. heading\n#, fuzzy\n", 1), "utf-8"
    )
    build_handouts(Project.at(project), "en", draft=True)
    assert (
        _untagged(pages.handout(ws, "en", SEED_SLUG)).encode()
        == published(project)[f"en/{SEED_SLUG}.html"]
    )
    statuses = {s["status"] for s in api.segments(ws, "en", SEED_SLUG)["segments"]}
    assert "fuzzy" in statuses


def test_the_index_and_the_home_page(project: Path, ws: Workspace) -> None:
    build_handouts(Project.at(project), "en", draft=True)
    assert pages.index(ws, "en") == published(project)["en/index.html"]
    home = pages.home(ws)
    for link in (f"/nl/{SEED_SLUG}.html", f"/en/{SEED_SLUG}.html", f"/review/en/{SEED_SLUG}.html"):
        assert f'href="{link}"' in home
    assert "<h1>Workbench: project</h1>" in home
    assert (
        f'data-edition="en/{SEED_SLUG}"' in home and 'data-edition="en/newsletter/2019-10"' in home
    )
    found = api.editions(ws)
    assert found[f"en/{SEED_SLUG}"]["state"] == "current"
    assert found[f"en/{SEED_SLUG}"]["words_left"] == 0
    assert found["en/newsletter/2019-10"]["state"] == "published"


def test_review_sheet_and_segments_only_in_a_target_language(ws: Workspace) -> None:
    sheet = pages.review(ws, "en", SEED_SLUG)
    assert "Wat is de NMDA-receptor?" in sheet and "What is the NMDA receptor?" in sheet
    for page in (pages.review, api.segments):
        with pytest.raises(NotFound):
            page(ws, "nl", SEED_SLUG)
    with pytest.raises(NotFound):
        pages.index(ws, "fr")
    with pytest.raises(NotFound):
        pages.issue(ws, "en", "../secret")
    assert b'lang="en"' in pages.issue(ws, "en", "2019-10")


def test_a_template_changed_on_disk_shows_in_the_next_page(project: Path, ws: Workspace) -> None:
    """The workbench keeps its Jinja environment: a template saved since is read again."""
    before = pages.handout(ws, "nl", SEED_SLUG)
    template = project / "templates" / "handout.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("</body>", "<!-- opnieuw -->\n</body>", 1), encoding="utf-8")
    stat = template.stat()  # a second later: the same clock tick cannot hide the change
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    after = pages.handout(ws, "nl", SEED_SLUG)
    assert "<!-- opnieuw -->" in after and "<!-- opnieuw -->" not in before
