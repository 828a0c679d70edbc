"""pipeline/publish/index.py: the index page and the Atom feed, in each language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.errors import ReleaseError
from pipeline.project import Project
from pipeline.publish import index
from pipeline.runs.handouts import build as build_handouts

from ..conftest import SEED_SLUG

ATOM = "{http://www.w3.org/2005/Atom}"


TITLES = {
    "nl": "7 keer magnesium voor de hersenen",
    "en": "Magnesium for the brain: 7 applications",
}


DATES = {"nl": "2 oktober 2019", "en": "2 October 2019"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_index_lists_articles_and_issues_newest_first(project: Path, lang: str) -> None:
    older = project / "content" / "nl" / "ouder-artikel.md"
    older.write_text(
        "---\ntitle: Ouder artikel\ndate: 2018-05-01\n---\n\nEen alinea.\n", encoding="utf-8"
    )
    outputs = index.build_index(Project.at(project), lang, draft=True)
    html = outputs["index.html"].decode()
    other = "en" if lang == "nl" else "nl"
    assert f'<html lang="{lang}">' in html
    assert f'hreflang="{other}" href="../{other}/index.html"' in html
    assert html.index(f'href="{SEED_SLUG}.html"') < html.index('href="ouder-artikel.html"')
    assert 'href="newsletter/2019-10.html"' in html
    assert DATES[lang] in html and {"nl": "1 mei 2018", "en": "1 May 2018"}[lang] in html
    assert TITLES[lang] in html


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_feed_is_atom_with_its_language(project: Path, lang: str) -> None:
    root = Project.at(project)
    written = build_handouts(root, lang).written
    assert {f"build/{lang}/index.html", f"build/{lang}/feed.xml"} <= set(written)
    feed = ET.fromstring((project / "build" / lang / "feed.xml").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip()
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith("https://")
        assert f"/{lang}/" in link.get("href", "")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert TITLES[lang] in titles
    # Same sources, same bytes: the feed's date is the newest entry's, not the clock's.
    before = (project / "build" / lang / "feed.xml").read_bytes()
    (project / "build" / lang / "feed.xml").unlink()  # made again, the same
    build_handouts(root, lang)
    assert (project / "build" / lang / "feed.xml").read_bytes() == before


def test_index_leaves_out_an_issue_not_reviewed_unless_draft(project: Path) -> None:
    po = project / "content" / "en" / "newsletters" / "2019-10.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgid "Magnesium en de hersenen', '#, fuzzy\nmsgid "Magnesium en de hersenen'
        ),
        encoding="utf-8",
    )
    # A release does not list the issue (it is not built in English); a draft does.
    html = index.build_index(Project.at(project), "en")["index.html"].decode()
    assert "newsletter/2019-10.html" not in html and f"{SEED_SLUG}.html" in html
    html = index.build_index(Project.at(project), "en", draft=True)["index.html"].decode()
    assert "Magnesium en de hersenen" in html


def set_template_translation(project: Path, msgid: str, msgstr: str, *, fuzzy: bool = False) -> int:
    """Change one entry of ``content/en/_templates.po``; the line of its ``msgid``."""
    po = project / "content" / "en" / "_templates.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgid "{msgid}"')
    assert lines[at + 1].startswith("msgstr ")
    lines[at + 1] = f"msgstr {msgstr}"
    if fuzzy:
        lines.insert(at, "#, fuzzy")
        at += 1
    po.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_index_and_feed_words_are_translated(project: Path, lang: str) -> None:
    outputs = index.build_index(Project.at(project), lang)
    html = outputs["index.html"].decode()
    words = {
        "nl": (
            "Nieuwsbrief Natura Foundation",
            "Artikelen",
            "Nieuwsbrieven",
            "Deze pagina in het Engels",
        ),
        "en": ("Natura Foundation newsletter", "Articles", "Newsletters", "This page in Dutch"),
    }[lang]
    assert f"<title>{words[0]}</title>" in html and f"<h1>{words[0]}</h1>" in html
    assert f"<h2>{words[1]}</h2>" in html and f"<h2>{words[2]}</h2>" in html
    assert f'hreflang="{"en" if lang == "nl" else "nl"}">{words[3]}</a>' in html
    feed = ET.fromstring(outputs["feed.xml"])
    assert feed.findtext(f"{ATOM}title") == words[0]
    assert feed.findtext(f"{ATOM}subtitle") == f"{words[1]} · {words[2]}"
    labels = {c.get("term"): c.get("label") for c in feed.iter(f"{ATOM}category")}
    assert labels == {"article": words[1], "newsletter": words[2]}


def test_index_refuses_a_fuzzy_template_word_unless_draft(project: Path) -> None:
    line = set_template_translation(project, "Artikelen", '"Articles"', fuzzy=True)
    with pytest.raises(ReleaseError) as caught:
        index.build_index(Project.at(project), "en")
    assert caught.value.problems == [f"content/en/_templates.po:{line}: fuzzy: Artikelen"]
    outputs = index.build_index(Project.at(project), "en", draft=True)
    assert "<h2>Artikelen</h2>" in outputs["index.html"].decode()
    assert b'label="Artikelen"' in outputs["feed.xml"]
