"""pipeline/checks/report.py: the findings of a check, as lines and as JSON."""

from __future__ import annotations

import json

from pipeline.checks.report import CheckReport, Finding, report_json


def _finding(severity: str, line: int) -> Finding:
    return Finding("content/en/a.po", line, "numbers", severity, "12 is missing", "Zin 12.")


def test_a_finding_prints_as_file_line_severity_check_and_message() -> None:
    assert str(_finding("error", 7)) == "content/en/a.po:7: error: numbers: 12 is missing"


def test_the_json_counts_every_finding_and_what_was_silenced() -> None:
    reports = [
        CheckReport([_finding("error", 7), _finding("warning", 9)], silenced=1),
        CheckReport([_finding("warning", 3)], silenced=2),
    ]
    document = json.loads(report_json(reports))
    assert document["version"] == 1
    assert document["counts"] == {"error": 1, "warning": 2}
    assert document["silenced"] == 3
    assert [f["line"] for f in document["findings"]] == [7, 9, 3]
    assert document["findings"][0]["msgid"] == "Zin 12."


def test_the_json_is_stable() -> None:
    reports = [CheckReport([_finding("error", 7)], silenced=0)]
    assert report_json(reports) == report_json(list(reports))
    assert report_json([]).endswith("\n")
    assert json.loads(report_json([]))["counts"] == {"error": 0, "warning": 0}
