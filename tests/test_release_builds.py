"""Editions: a release publishes every ready article, outdated ones with a notice, and holds
back the rest; a property test over random edits, translations and reviews."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import po as pofile
from pipeline.cli import main
from pipeline.errors import ReleaseError
from pipeline.project import Project
from pipeline.publish.newsletter import build_newsletter
from pipeline.release import count_words
from pipeline.runs.handouts import build as build_handouts
from pipeline.runs.stats import project_stats, stats_json
from pipeline.runs.update import update as update_catalogs

from .conftest import REPO, SEED_SLUG

NEW = "nieuw-artikel"
NEW_SOURCE = """---
title: Een nieuw artikel
date: 2019-11-01
---

Dit is een gloednieuw artikel over vitamine D dat nog niemand vertaalde.

## Tweede kop

Nog een alinea met genoeg woorden om te tellen.
"""
#: A paragraph of the seed, one word of which the tests edit, and its reviewed English.
DUTCH = "Migraine is in verband gebracht met lage gehaltes magnesium in het hersenvocht."
EDITED = DUTCH.replace("lage", "verlaagde")
ENGLISH = "Migraine has been linked to low magnesium levels in the cerebrospinal fluid."


def _add_new_article(project: Path) -> None:
    (project / "content" / "nl" / f"{NEW}.md").write_text(NEW_SOURCE, encoding="utf-8")
    update_catalogs(Project.at(project), "en", jobs=1)


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _review_all(po: Path) -> None:
    """What a translator does after reviewing: ``fuzzy`` and the ``#|`` lines removed."""
    catalog = pofile.read_po(po)
    for message in catalog:
        if message.id:
            message.flags.discard("fuzzy")
            message.previous_id = []
    po.write_text(pofile.generate_po(catalog), encoding="utf-8")


def test_new_untranslated_article_is_held_back_not_blocking(project: Path) -> None:
    build_handouts(Project.at(project), "en", jobs=1)
    _add_new_article(project)
    po = project / "content" / "en" / f"{NEW}.po"
    out = project / "build" / "en"
    report = build_handouts(Project.at(project), "en", jobs=1)
    (held,) = report.editions
    first = _line_of(po, 'msgid "Een nieuw artikel"')
    assert (held.slug, held.state, held.where) == (NEW, "held-back", f"content/en/{NEW}.po:{first}")
    assert (held.segments_left, held.words_left) == (4, 3 + 12 + 2 + 9)
    assert (out / f"{SEED_SLUG}.html").is_file() and not (out / f"{NEW}.html").exists()
    assert NEW not in (out / "index.html").read_text() + (out / "feed.xml").read_text()
    # --strict: all or nothing, each segment at its file:line.
    with pytest.raises(ReleaseError) as caught:
        build_handouts(Project.at(project), "en", strict=True, jobs=1)
    assert len(caught.value.problems) == 4
    assert caught.value.problems[0].startswith(f"content/en/{NEW}.po:{first}: untranslated")
    # --draft builds it, marked; the next release withdraws the draft page.
    build_handouts(Project.at(project), "en", draft=True, jobs=1)
    assert "draft-banner" in (out / f"{NEW}.html").read_text()
    assert NEW in (out / "index.html").read_text()
    build_handouts(Project.at(project), "en", jobs=1)
    assert not any(out.glob(f"{NEW}.*")) and (out / f"{SEED_SLUG}.json").is_file()
    assert NEW not in (out / "index.html").read_text()


def test_cli_and_make_report_held_back_and_strict_fails(project: Path) -> None:
    _add_new_article(project)
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(project), "build", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"content/en/{NEW}\.po:\d+: held-back: {NEW}: 4 segment\(s\)", result.stderr)
    assert "1 article(s) held back" in result.stdout
    result = runner.invoke(main, ["-C", str(project), "build", "--lang", "en", "--strict"])
    assert result.exit_code == 1 and f"content/en/{NEW}.po:" in result.stderr


def _edit_seed(project: Path) -> None:
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace(DUTCH, EDITED).replace(
        "date: 2019-10-02\n", "date: 2019-10-02\nupdated: 2019-11-05\n"
    )
    source.write_text(text, encoding="utf-8")
    update_catalogs(Project.at(project), "en", jobs=1)


def test_one_word_edit_publishes_the_reviewed_english_with_the_notice(project: Path) -> None:
    build_handouts(Project.at(project), "en", jobs=1)
    feed = (project / "build" / "en" / "feed.xml").read_bytes()
    _edit_seed(project)
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    assert '#| "Migraine is in verband gebracht met lage' in po.read_text(encoding="utf-8")
    report = build_handouts(Project.at(project), "en", jobs=1)
    (outdated,) = report.editions
    assert (outdated.state, outdated.segments_left) == ("outdated", 1)
    out = project / "build" / "en"
    html = (out / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    data = json.loads((out / f"{SEED_SLUG}.json").read_text(encoding="utf-8"))
    markdown = (out / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    notice = "The Dutch original was updated on"
    for text in (html, data["body_html"], markdown):
        assert EDITED not in text and DUTCH not in text
    assert ENGLISH in html and ENGLISH in markdown and data["status"] == "outdated"
    assert f'{notice} <time datetime="2019-11-05">5 November 2019</time>' in html
    assert f'href="../nl/{SEED_SLUG}.html"' in html.split(notice)[1].split("</p>")[0]
    assert f"{notice} 5 November 2019; this translation is being revised." in markdown
    assert "Translation being revised" in (out / "index.html").read_text()
    # The feed does not announce it again: the same feed as before.
    assert (out / "feed.xml").read_bytes() == feed
    # Reviewed: current again.
    _review_all(po)
    report = build_handouts(Project.at(project), "en", jobs=1)
    assert report.editions == []
    data = json.loads((out / f"{SEED_SLUG}.json").read_text(encoding="utf-8"))
    assert data["status"] == "current" and notice not in data["body_html"]
    assert notice not in (out / f"{SEED_SLUG}.html").read_text(encoding="utf-8")


def test_an_edit_saved_as_fuzzy_by_the_translator_holds_the_article_back(project: Path) -> None:
    build_handouts(Project.at(project), "en", jobs=1)
    _edit_seed(project)
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8").replace(ENGLISH, "Not yet approved."), "utf-8")
    report = build_handouts(Project.at(project), "en", jobs=1)
    assert [e.state for e in report.editions] == ["held-back"]
    assert not (project / "build" / "en" / f"{SEED_SLUG}.html").exists()


def test_update_records_a_review_no_build_saw(project: Path) -> None:
    _edit_seed(project)  # no build before: the update read the reviewed catalog
    report = build_handouts(Project.at(project), "en", jobs=1)
    assert [e.state for e in report.editions] == ["outdated"]


def test_a_second_build_with_nothing_changed_renders_nothing(project: Path) -> None:
    _edit_seed(project)
    build_handouts(Project.at(project), "en", jobs=1)
    report = build_handouts(Project.at(project), "en", jobs=1)
    assert (report.built, [e.state for e in report.editions]) == (0, ["outdated"])


def _clear(po: Path, dutch: str) -> tuple[int, int]:
    """Empty the translation of the entry whose Dutch holds ``dutch``: its line and words."""
    catalog = pofile.read_po(po)
    message = next(m for m in catalog if m.id and dutch in m.id)
    message.string = ""
    po.write_text(pofile.generate_po(catalog), encoding="utf-8")
    line = next(m.lineno for m in pofile.read_po(po) if m.id == message.id)
    return line, count_words(message.id)


def test_newsletter_issue_waits_for_its_articles(project: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    line, words = _clear(po, DUTCH)
    with pytest.raises(ReleaseError) as caught:
        build_newsletter(Project.at(project), "en", "2019-10")
    assert "newsletter 2019-10 not built in en" in str(caught.value)
    assert caught.value.problems == [
        f"content/nl/newsletters/2019-10.md: content/en/{SEED_SLUG}.po:{line}: held-back:"
        f" {SEED_SLUG}: 1 segment(s), {words} word(s) to translate or review (never translated)"
    ]
    assert build_newsletter(Project.at(project), "nl", "2019-10")[".html"]
    # The CLI holds the issue back and builds the others; --strict fails.
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(project), "newsletter", "--lang", "en"])
    assert result.exit_code == 0 and "held back: newsletter 2019-10" in result.stderr
    assert not (project / "build" / "en" / "newsletter" / "2019-10.html").exists()
    result = runner.invoke(main, ["-C", str(project), "newsletter", "--lang", "en", "--strict"])
    assert result.exit_code == 1
    # The index does not link the issue (nor the held-back article).
    build_handouts(Project.at(project), "en", jobs=1)
    index = (project / "build" / "en" / "index.html").read_text()
    assert "newsletter/2019-10.html" not in index and SEED_SLUG not in index


def test_stats_json_gives_each_article_its_edition(project: Path) -> None:
    _add_new_article(project)
    build_handouts(Project.at(project), "en", jobs=1)
    _edit_seed(project)
    data = json.loads(stats_json(project_stats(Project.at(project), "en")))
    editions = {c["name"]: (c.get("edition"), c["words_left"]) for c in data["catalogs"]}
    assert editions[SEED_SLUG][0] == "outdated" and editions[SEED_SLUG][1] > 13
    assert editions[NEW] == ("held-back", 26)
    assert editions["_templates"] == (None, 0)


def test_seed_image_is_shown_copied_and_has_an_alt(project: Path) -> None:
    name = "7-keer-magnesium-voor-de-hersenen-1570002347.jpg"
    report = build_handouts(Project.at(project), "en", jobs=1)
    assert report.warnings == [
        f"content/nl/{SEED_SLUG}.md:4: image {name!r} not found in content/images/,"
        " content/nl/images/, content/nl/; the page has none"
    ]
    assert "<img" not in (project / "build" / "en" / f"{SEED_SLUG}.html").read_text()
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / name).write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    report = build_handouts(Project.at(project), "en", jobs=1)
    assert report.warnings == []
    out = project / "build" / "en"
    html = (out / f"{SEED_SLUG}.html").read_text()
    assert f'<figure class="article-image"><img src="images/{name}" alt=""></figure>' in html
    assert f"![](images/{name})" in (out / f"{SEED_SLUG}.md").read_text()
    assert (out / "images" / name).read_bytes() == b"\xff\xd8\xff\xe0 a jpeg"
    email = build_newsletter(Project.at(project), "en", "2019-10")[".html"].decode()
    assert f"https://www.naturafoundation.nl/en/images/{name}" in email
    # The alt text is a segment: translated like the rest.
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("image:", "image_alt: Een brein\nimage:"), encoding="utf-8")
    update_catalogs(Project.at(project), "en", jobs=1)
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgid "Een brein"\nmsgstr ""', 'msgid "Een brein"\nmsgstr "A brain"'
        ),
        encoding="utf-8",
    )
    build_handouts(Project.at(project), "en", jobs=1)
    assert 'alt="A brain"' in (out / f"{SEED_SLUG}.html").read_text()
    assert (out / "images" / name).is_file()  # kept by the next build too


# The property: over random edits, translations and reviews, a release never shows text no
# reviewer approved nor Dutch, and every article is exactly one of the three editions.

_WORDS = [f"nlw{chr(97 + i)}{chr(97 + j)}" for i in range(6) for j in range(6)]


def _letters(n: int) -> str:
    """``n`` in letters: a digit would be a number the check holds the English to."""
    return "".join(chr(97 + int(d)) for d in str(n))


def _paragraph(article: int, paragraph: int) -> list[str]:
    start = (article * 3 + paragraph) * 5
    return [
        _WORDS[(start + k) % len(_WORDS)] + _letters(article * 10 + paragraph) for k in range(6)
    ]


def _write_source(root: Path, slug: str, paragraphs: list[list[str]]) -> None:
    body = "\n\n".join(" ".join(words) + "." for words in paragraphs)
    text = f"---\ndate: 2020-01-0{len(slug)}\n---\n\n{body}\n"
    (root / "content" / "nl" / f"{slug}.md").write_text(text, encoding="utf-8")


_STEP = st.tuples(
    st.sampled_from(["edit", "translate", "review", "build"]),
    st.integers(0, 1),  # article
    st.integers(0, 2),  # paragraph
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(_STEP, min_size=1, max_size=7))
def test_property_release_never_ships_unreviewed_or_dutch(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int]]
) -> None:
    root = tmp_path_factory.mktemp("living")
    (root / "content" / "nl").mkdir(parents=True)
    (root / "content" / "en").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "content" / "en" / "_templates.po", root / "content" / "en")
    slugs = ["a", "bb"]
    texts = {slug: [_paragraph(i, j) for j in range(3)] for i, slug in enumerate(slugs)}
    for slug in slugs:
        _write_source(root, slug, texts[slug])
    project = Project.at(root)
    update_catalogs(project, "en", jobs=1)
    counter = iter(range(1000))
    for paragraph in range(3):  # "a" reviewed and published at the start, "bb" never translated
        _set_translation(root, "a", paragraph, reviewed=True, n=next(counter))
    #: Whether each paragraph's English is reviewed for its Dutch as it is now.
    reviewed = {"a": [True] * 3, "bb": [False] * 3}
    _check_release(root, slugs, texts, reviewed)
    for action, article, paragraph in [*steps, ("build", 0, 0)]:
        slug = slugs[article]
        if action == "edit":
            texts[slug][paragraph][next(counter) % 6] = f"nlwedit{_letters(next(counter))}"
            _write_source(root, slug, texts[slug])
            update_catalogs(project, "en", jobs=1)
        elif action in ("translate", "review"):
            _set_translation(root, slug, paragraph, reviewed=action == "review", n=next(counter))
        else:
            _check_release(root, slugs, texts, reviewed)
            continue
        reviewed[slug][paragraph] = action == "review"


def _set_translation(root: Path, slug: str, paragraph: int, *, reviewed: bool, n: int) -> None:
    """A translator's work on one entry: reviewed English (``REV``), or a translation saved
    as needing review (``UNREV``, fuzzy)."""
    path = root / "content" / "en" / f"{slug}.po"
    catalog = pofile.read_po(path)
    messages = [m for m in catalog if m.id]
    message = messages[paragraph]
    message.string = f"{'REV' if reviewed else 'UNREV'}{_letters(n)} english words here."
    if reviewed:
        message.flags.discard("fuzzy")
        message.previous_id = []
    else:
        message.flags.add("fuzzy")
    path.write_text(pofile.generate_po(catalog), encoding="utf-8")


def _check_release(
    root: Path,
    slugs: list[str],
    texts: dict[str, list[list[str]]],
    reviewed: dict[str, list[bool]],
) -> None:
    report = build_handouts(Project.at(root), "en", jobs=1)
    states = {e.slug: e.state for e in report.editions}
    out = root / "build" / "en"
    index = (out / "index.html").read_text(encoding="utf-8")
    for slug in slugs:
        state = states.get(slug, "current")
        assert state in ("current", "outdated", "held-back")
        assert (state == "current") == all(reviewed[slug])
        page = out / f"{slug}.json"
        assert page.exists() == (state != "held-back")
        assert (f'href="{slug}.html"' in index) == (state != "held-back")
        if state == "held-back":
            continue
        data = json.loads(page.read_text(encoding="utf-8"))
        assert data["status"] == state
        html = (out / f"{slug}.html").read_text(encoding="utf-8")
        assert ("outdated-notice" in html) == (state == "outdated")
        for text in (data["body_html"], data["body_markdown"], html, index):
            assert "nlw" not in text and "UNREV" not in text
        # No paragraph dropped: one English paragraph per Dutch one, each reviewed English.
        shown = re.findall(r"<p[^>]*>(.*?)</p>", data["body_html"])
        assert len(shown) == len(texts[slug]) and all(p.startswith("REV") for p in shown)
