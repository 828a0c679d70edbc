"""Statistics: counts agree with msgfmt --statistics; project totals, table and JSON."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import po
from pipeline.project import Project
from pipeline.runs.stats import (
    Stats,
    catalog_stats,
    count_words,
    project_stats,
    stats_json,
    stats_table,
    totals,
)
from pipeline.source.segments import Segment

from ..conftest import REPO, SEED_SLUG

#: Entries msgfmt must count: fuzzy, untranslated, fuzzy without msgstr, obsolete,
#: plurals (only the first msgstr decides), and a msgctxt with an empty msgid.
MIXED_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Een twee drie"
msgstr "One two three"

#, fuzzy
#| msgid "Een twee"
msgid "Een twee vier"
msgstr "One two four"

msgid "Niet vertaald"
msgstr ""

#, fuzzy
msgid "Fuzzy maar leeg"
msgstr ""

msgid "appel"
msgid_plural "appels"
msgstr[0] ""
msgstr[1] "apples"

msgid "peer"
msgid_plural "peren"
msgstr[0] "pear"
msgstr[1] ""

#, fuzzy
msgid "kers"
msgid_plural "kersen"
msgstr[0] "cherry"
msgstr[1] "cherries"

msgctxt "menu"
msgid ""
msgstr "Menu"

#~ msgid "Oud"
#~ msgstr "Old"

#, fuzzy
#~ msgid "Ouder"
#~ msgstr ""
"""


def msgfmt_counts(path: Path) -> dict[str, int]:
    """What ``msgfmt --statistics`` reports, as translated/fuzzy/untranslated counts."""
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin:/usr/local/bin"},
    )
    found = dict.fromkeys(("translated", "fuzzy", "untranslated"), 0)
    for number, what in re.findall(r"(\d+) (translated|fuzzy|untranslated)", done.stderr):
        found[what] = int(number)
    return found


def ours(stats: Stats) -> dict[str, int]:
    return {"translated": stats.reviewed, "fuzzy": stats.fuzzy, "untranslated": stats.untranslated}


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "content").glob("*/*.po*")),
    ids=lambda p: p.relative_to(REPO / "content").as_posix(),
)
def test_shipped_catalogs_agree_with_msgfmt(path: Path) -> None:
    stats = catalog_stats(po.read_po(path), lang="en", name=path.stem)
    assert ours(stats) == msgfmt_counts(path)
    assert stats.reviewed + stats.fuzzy + stats.untranslated == stats.segments


def test_mixed_catalog_agrees_with_msgfmt(tmp_path: Path) -> None:
    path = tmp_path / "mixed.po"
    path.write_text(MIXED_PO, encoding="utf-8")
    stats = catalog_stats(po.read_po(path), lang="en", name="mixed")
    assert ours(stats) == msgfmt_counts(path) == {"translated": 3, "fuzzy": 2, "untranslated": 3}
    assert stats.segments == 8
    assert stats.obsolete == 2
    assert stats.source_words == 3 + 3 + 2 + 3 + 1 + 1 + 1 + 0
    assert stats.reviewed_words == 3 + 1  # "Een twee drie", "peer" (and the empty msgid)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.text("abc ", min_size=1, max_size=8).filter(str.strip),
            st.sampled_from(["", "done"]),
            st.booleans(),
            st.booleans(),
        ),
        max_size=8,
        unique_by=lambda e: e[0],
    )
)
def test_any_catalog_agrees_with_msgfmt(
    tmp_path: Path, entries: list[tuple[str, str, bool, bool]]
) -> None:
    catalog = Catalog(locale="en", fuzzy=False)
    for msgid, msgstr, fuzzy, obsolete in entries:
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
        if obsolete:
            catalog.obsolete[msgid] = catalog._messages.pop(msgid)
    path = tmp_path / "any.po"
    po.write_po(path, catalog)
    stats = catalog_stats(po.read_po(path), lang="en", name="any")
    assert ours(stats) == msgfmt_counts(path)
    # GNU's writer drops obsolete entries without a translation: nothing to revive.
    assert stats.obsolete == sum(1 for e in entries if e[3] and e[1])
    assert stats.segments == stats.reviewed + stats.fuzzy + stats.untranslated


def test_empty_header_is_not_a_segment(tmp_path: Path) -> None:
    # msgfmt counts a header with an empty msgstr as an untranslated message; it is
    # not a segment, so we do not (the pipeline always writes a header).
    path = tmp_path / "bare.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    stats = catalog_stats(po.read_po(path), lang="en", name="bare")
    assert (stats.segments, stats.reviewed, stats.untranslated) == (1, 1, 0)


def test_count_words() -> None:
    assert count_words("NMDA-receptoren zijn – zoals RCT’s – belangrijk.") == 5
    assert count_words("[zie *hier*](https://example.org) of `code`") == 4
    assert count_words("  ") == 0


def _stats(**counts: int) -> Stats:
    base = dict.fromkeys(
        (
            "segments",
            "source_words",
            "reviewed",
            "fuzzy",
            "untranslated",
            "obsolete",
            "verbatim",
            "reviewed_words",
            "verbatim_words",
        ),
        0,
    )
    return Stats(lang="en", name="x", **(base | counts))


def test_percent_reviewed_counts_verbatim_words_as_done() -> None:
    assert _stats().percent_reviewed == 100.0
    assert _stats(source_words=10, reviewed_words=5).percent_reviewed == 50.0
    assert _stats(source_words=6, reviewed_words=3, verbatim_words=4).percent_reviewed == 70.0


def test_verbatim_segments_are_counted_per_occurrence() -> None:
    kept = [
        Segment("Jeroen de Baaij", "heading", "a.md", 3, True),
        Segment("Jeroen de Baaij", "paragraph", "a.md", 9, True),
    ]
    stats = catalog_stats(Catalog(locale="en"), lang="en", name="a", verbatim_segments=kept)
    assert (stats.segments, stats.verbatim, stats.verbatim_words) == (0, 2, 6)


def test_project_stats_of_the_seed(project: Path) -> None:
    stats = project_stats(Project.at(project), "en")
    assert [s.name for s in stats] == [SEED_SLUG, "_templates", "newsletters/2019-10"]
    seed, ui, issue = stats
    assert (seed.segments, seed.reviewed, seed.fuzzy, seed.untranslated) == (22, 22, 0, 0)
    assert seed.verbatim == 3 and seed.verbatim_words > 0
    assert seed.percent_reviewed == 100.0
    assert (ui.segments, ui.reviewed, ui.verbatim) == (20, 20, 0)
    assert (seed.edition, seed.words_left, ui.edition) == ("current", 0, "")
    assert (issue.segments, issue.reviewed, issue.fuzzy, issue.untranslated) == (7, 7, 0, 0)


def test_project_stats_counts_a_newsletter_issue_without_catalog(project: Path) -> None:
    (project / "content" / "en" / "newsletters" / "2019-10.po").unlink()
    issue = project_stats(Project.at(project), "en")[-1]
    assert issue.name == "newsletters/2019-10"
    assert (issue.segments, issue.reviewed, issue.untranslated) == (7, 0, 7)


def test_project_stats_sorts_and_counts_an_article_without_catalog(project: Path) -> None:
    (project / "content" / "nl" / "a-new-one.md").write_text(
        "---\ntitle: Nieuw\n---\n\nEen alinea van vijf woorden.\n", encoding="utf-8"
    )
    stats = project_stats(Project.at(project), "en")
    assert [s.name for s in stats] == [SEED_SLUG, "_templates", "a-new-one", "newsletters/2019-10"]
    new = stats[2]
    assert (new.segments, new.untranslated, new.source_words) == (2, 2, 6)
    assert new.percent_reviewed == 0.0


def test_totals_sum_every_count() -> None:
    a = _stats(segments=2, source_words=10, reviewed=1, untranslated=1, reviewed_words=4)
    b = _stats(
        segments=3, source_words=5, reviewed=3, reviewed_words=5, verbatim=1, verbatim_words=5
    )
    total = totals([a, b])
    assert (total.name, total.lang) == ("total", "en")
    assert (total.segments, total.source_words, total.reviewed) == (5, 15, 4)
    assert total.percent_reviewed == pytest.approx(70.0)
    assert totals([]).segments == 0


def test_table_is_aligned_with_a_totals_row(project: Path) -> None:
    table = stats_table(project_stats(Project.at(project), "en"))
    lines = table.splitlines()
    assert table.endswith("\n")
    assert lines[0].split()[:3] == ["catalog", "lang", "segments"]
    assert lines[-1].startswith("total")
    assert lines[2].startswith(SEED_SLUG) and lines[3].startswith("_templates")
    assert len({len(line) for line in lines}) == 1  # numbers right-aligned to one edge
    assert lines[-1].split()[2:5] == [
        "49",
        str(sum(s.source_words for s in project_stats(Project.at(project), "en"))),
        "49",
    ]
    assert lines[0].endswith("words left  edition")


def test_json_has_the_same_numbers_in_a_stable_order(project: Path) -> None:
    stats = project_stats(Project.at(project), "en")
    text = stats_json(stats)
    data = json.loads(text)
    assert list(data) == ["catalogs", "totals"]
    assert list(data["catalogs"][0]) == [
        "name",
        "lang",
        "segments",
        "source_words",
        "reviewed",
        "fuzzy",
        "untranslated",
        "obsolete",
        "verbatim",
        "reviewed_words",
        "verbatim_words",
        "words_left",
        "percent_reviewed",
        "edition",
    ]
    assert [c["name"] for c in data["catalogs"]] == [s.name for s in stats]
    assert data["totals"]["segments"] == totals(stats).segments == 49  # 22 + 20 + 7
    assert "edition" not in data["totals"] and "edition" not in data["catalogs"][1]
    assert data["totals"]["percent_reviewed"] == 100.0
    assert text == stats_json(project_stats(Project.at(project), "en"))
