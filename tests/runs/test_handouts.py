"""Building handouts: golden outputs of the seed, release refusals, drafts, staging."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.errors import CatalogError, ReleaseError, SourceError
from pipeline.project import Project
from pipeline.runs.handouts import build as build_handouts

from ..conftest import REPO, SEED_SLUG, TESTS

GOLDEN = TESTS / "golden"
OUTPUTS = [(lang, suffix) for lang in ("nl", "en") for suffix in (".md", ".html", ".json")]


@pytest.mark.parametrize(("lang", "suffix"), OUTPUTS)
def test_seed_outputs_match_golden(
    project: Path, lang: str, suffix: str, update_goldens: bool
) -> None:
    build_handouts(Project.at(project), lang)
    produced = (project / "build" / lang / f"{SEED_SLUG}{suffix}").read_bytes()
    golden = GOLDEN / lang / f"{SEED_SLUG}{suffix}"
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert produced == golden.read_bytes()


def test_english_handout_is_english(project: Path) -> None:
    build_handouts(Project.at(project), "en")
    html = (project / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "2 October 2019" in html
    assert 'hreflang="nl"' in html and f'href="../nl/{SEED_SLUG}.html"' in html
    assert "Published on" in html and "Gepubliceerd" not in html
    data = json.loads((project / "build" / "en" / f"{SEED_SLUG}.json").read_text())
    assert data["lang"] == "en" and data["date"] == "2019-10-02"
    assert {"slug", "lang", "title", "date", "body_html", "body_markdown"} <= set(data)
    # Verbatim segments appear unchanged.
    assert "Jeroen H. F. de Baaij, Joost G. J. Hoenderop" in data["body_markdown"]
    assert "https://radboudumc.nl/Research/" in data["body_html"]


def test_dutch_handout_is_dutch(project: Path) -> None:
    build_handouts(Project.at(project), "nl")
    html = (project / "build" / "nl" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "2 oktober 2019" in html
    assert 'hreflang="en"' in html


def test_build_is_deterministic(project: Path) -> None:
    out = project / "build" / "en"
    build_handouts(Project.at(project), "en")
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    build_handouts(Project.at(project), "en")
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second


def _make_fuzzy(po: Path, english: str) -> int:
    """Mark the entry whose msgstr starts with ``english`` fuzzy; return its msgid line."""
    lines = po.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("msgstr") and english in line + "".join(lines[i + 1 : i + 3]):
            start = i
            while not lines[start].startswith("msgid"):
                start -= 1
            lines.insert(start, "#, fuzzy")
            po.write_text("\n".join(lines), encoding="utf-8")
            return start + 1 + 1  # 1-based, after the inserted flag line
    raise AssertionError(english)


def test_strict_build_refuses_fuzzy_release_holds_back_draft_marks_it(project: Path) -> None:
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    before = (REPO / "tests" / "golden" / "en" / f"{SEED_SLUG}.html").read_bytes()
    build_handouts(Project.at(project), "en")  # a good build first...
    line = _make_fuzzy(po, "What is the NMDA receptor?")
    po_fuzzy = po.read_text(encoding="utf-8")
    assert "#, fuzzy" in po_fuzzy
    with pytest.raises(ReleaseError) as caught:
        build_handouts(Project.at(project), "en", strict=True)
    assert caught.value.problems == [
        f"content/en/{SEED_SLUG}.po:{line}: fuzzy: Wat is de NMDA-receptor?"
    ]
    # ...which the failed one left untouched.
    assert (project / "build" / "en" / f"{SEED_SLUG}.html").read_bytes() == before
    # A fuzzy entry with no #| msgid was never reviewed: a release holds the article back.
    report = build_handouts(Project.at(project), "en")
    assert [(e.slug, e.state, e.where) for e in report.editions] == [
        (SEED_SLUG, "held-back", f"content/en/{SEED_SLUG}.po:{line}")
    ]
    assert not (project / "build" / "en" / f"{SEED_SLUG}.html").exists()
    report = build_handouts(Project.at(project), "en", draft=True)
    assert [p.status for p in report.problems] == ["fuzzy"]
    html = (project / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert '<h2 class="draft-fuzzy" lang="nl">Wat is de NMDA-receptor?</h2>' in html
    assert "draft-banner" in html
    assert before != html.encode()


def test_failed_build_leaves_previous_build_intact(project: Path) -> None:
    build_handouts(Project.at(project), "en")
    out = project / "build" / "en"

    def published() -> dict[Path, bytes]:
        return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    before = published()
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "x\n', encoding="utf-8")
    with pytest.raises(CatalogError):
        build_handouts(Project.at(project), "en")
    assert published() == before
    # No staging folder is left; build/.cache/ holds what the next build may reuse.
    assert sorted(p.name for p in (project / "build").iterdir()) == [".cache", "en"]


def test_untranslated_new_segment_is_named_by_its_source_line(project: Path) -> None:
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    text = source.read_text(encoding="utf-8")
    heading = "## Wat is de NMDA-receptor?"
    source.write_text(text.replace(heading, "Een nieuwe alinea.\n\n" + heading), encoding="utf-8")
    lines = text[: text.index(heading)].count("\n") + 1
    with pytest.raises(ReleaseError) as caught:
        build_handouts(Project.at(project), "en", strict=True)
    assert caught.value.problems == [
        f"content/nl/{SEED_SLUG}.md:{lines}: untranslated: Een nieuwe alinea."
    ]


def test_source_not_utf8_is_an_error_at_its_line(project: Path) -> None:
    (project / "content" / "nl" / "latin.md").write_bytes(b"# Kop\n\nCaf\xe9\n")
    with pytest.raises(SourceError, match=r"^content/nl/latin.md:3: not UTF-8"):
        build_handouts(Project.at(project), "nl")


def test_article_without_front_matter_builds(project: Path) -> None:
    (project / "content" / "nl" / "kaal.md").write_text("Alleen tekst.\n", encoding="utf-8")
    build_handouts(Project.at(project), "nl")
    html = (project / "build" / "nl" / "kaal.html").read_text(encoding="utf-8")
    assert re.search(r"<title>kaal \| Nieuwsbrief Natura Foundation</title>", html)


def test_raw_html_is_escaped_in_every_output(project: Path) -> None:
    (project / "content" / "nl" / "html.md").write_text(
        "---\ntitle: 'Kop <script>alert(1)</script>'\n---\n\n<script>alert(2)</script>\n\n"
        "Tekst <img src=x onerror=alert(3)>\n",
        encoding="utf-8",
    )
    build_handouts(Project.at(project), "nl")
    html = (project / "build" / "nl" / "html.html").read_text(encoding="utf-8")
    data = json.loads((project / "build" / "nl" / "html.json").read_text(encoding="utf-8"))
    for out in (html, data["body_html"], data["title_html"]):
        assert "<script" not in out and "<img src=x" not in out
    assert data["title"] == "Kop <script>alert(1)</script>"  # plain text, for a CMS to escape
    markdown = (project / "build" / "nl" / "html.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown.replace("\\<script>", "")


def test_second_run_at_once_is_refused_with_a_clear_message(project: Path) -> None:
    from pipeline.errors import PipelineError
    from pipeline.lock import exclusive_lock

    with exclusive_lock(project / ".pipeline.lock"):
        with pytest.raises(PipelineError, match="another pipeline run .* is working"):
            build_handouts(Project.at(project), "en")
    build_handouts(Project.at(project), "en")  # released: no stale lock


def test_leftovers_of_a_killed_build_are_cleared(project: Path) -> None:
    (project / "build" / ".en.staging-abc").mkdir(parents=True)
    (project / "build" / ".en.staging-abc" / "half.html").write_text("<p>half", encoding="utf-8")
    build_handouts(Project.at(project), "en")
    # No staging folder is left; build/.cache/ holds what the next build may reuse.
    assert sorted(p.name for p in (project / "build").iterdir()) == [".cache", "en"]


def test_index_follows_an_edited_title_and_a_new_issue(project: Path) -> None:
    build_handouts(Project.at(project), "nl")
    source = project / "content" / "nl" / f"{SEED_SLUG}.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "title: 7 keer magnesium voor de hersenen", "title: Zeven keer magnesium"
        ),
        encoding="utf-8",
    )
    build_handouts(Project.at(project), "nl")
    index = (project / "build" / "nl" / "index.html").read_text(encoding="utf-8")
    assert "Zeven keer magnesium" in index and "7 keer magnesium" not in index
    issue = project / "content" / "nl" / "newsletters" / "2019-10.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace(
            'subject: "Magnesium en de hersenen: zeven toepassingen"',
            'subject: "Magnesium en het brein"',
        ),
        encoding="utf-8",
    )
    build_handouts(Project.at(project), "nl")
    index = (project / "build" / "nl" / "index.html").read_text(encoding="utf-8")
    assert "Magnesium en het brein" in index
