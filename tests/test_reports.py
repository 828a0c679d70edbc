"""The report and problem types: an unreviewed segment as a line, the one release refusal."""

from __future__ import annotations

import pytest

from pipeline.errors import PipelineError, ReleaseError
from pipeline.release import Unreviewed, refuse_unreviewed
from pipeline.reports import BuildReport, Report
from pipeline.source.segments import Segment

SEGMENT = Segment("Een *zin*.", "paragraph", "content/nl/x.md", 7, verbatim=False)
FUZZY = Unreviewed(SEGMENT, "fuzzy", "content/en/x.po:12")
NEW = Unreviewed(
    Segment("Titel", "title", "content/nl/x.md", 2, verbatim=False), "untranslated", "x.md:2"
)


def test_unreviewed_prints_as_where_status_and_the_dutch() -> None:
    assert str(FUZZY) == "content/en/x.po:12: fuzzy: Een *zin*."
    assert str(NEW) == "x.md:2: untranslated: Titel"


@pytest.mark.parametrize("problems", [[], (), [FUZZY]])
def test_refuse_unreviewed_refuses_only_what_was_not_reviewed(problems: list[Unreviewed]) -> None:
    """Nothing unreviewed: the release goes on (no error); one segment: refused."""
    report = BuildReport(problems=list(problems))
    if not problems:
        assert refuse_unreviewed(report.problems, "en") is None
        assert refuse_unreviewed(problems, "en", of=" of the issue", outcome="none") is None
    else:
        with pytest.raises(ReleaseError, match="1 segment"):
            refuse_unreviewed(report.problems, "en")


def test_reports_start_empty_and_keep_their_own_lists() -> None:
    first, second = BuildReport(), BuildReport()
    first.written.append("build/en/a.html")
    first.warnings.append("content/nl/a.md:3: image 'x.png' not found")
    assert second.written == [] and second.warnings == [] and second.editions == []
    assert (second.built, second.fresh, second.seconds) == (0, 0, 0.0)
    assert isinstance(first, Report)  # what every command's summary prints


def test_refuse_unreviewed_lists_each_segment_at_its_file_line() -> None:
    with pytest.raises(ReleaseError) as caught:
        refuse_unreviewed([FUZZY, NEW], "en")
    error = caught.value
    assert isinstance(error, PipelineError)
    assert str(error) == (
        "2 segment(s) not reviewed in en; nothing was built"
        " (translate them, remove 'fuzzy', or build with --draft)"
    )
    assert error.problems == [
        "content/en/x.po:12: fuzzy: Een *zin*.",
        "x.md:2: untranslated: Titel",
    ]


def test_refuse_unreviewed_says_of_what_and_the_outcome() -> None:
    with pytest.raises(ReleaseError) as caught:
        refuse_unreviewed([NEW], "en", of=" of issue 2019-10", outcome="no e-mail was made")
    assert caught.value.message.startswith(
        "1 segment(s) of issue 2019-10 not reviewed in en; no e-mail was made ("
    )


def test_reports_start_empty_and_do_not_share_their_lists() -> None:
    first, second = Report(), BuildReport()
    first.written.append("a")
    assert (second.written, second.unchanged, second.problems) == ([], [], [])
    assert (second.built, second.fresh, second.seconds) == (0, 0, 0.0)
