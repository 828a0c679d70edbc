"""pipeline/catalogs/approvals.py: the approvals record, written, read back, and its places."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalogs.approvals import (
    Approval,
    parse_record,
    places,
    read_record,
    record_lines,
    text_digest,
)
from pipeline.errors import CatalogError

A, B, C = (text_digest(t) for t in ("Een.", "Twee.", "Drie."))
EN_A, EN_B = text_digest("One."), text_digest("Two.")


def test_a_record_reads_back_what_was_written() -> None:
    rows = (Approval(A, EN_A, A), Approval(B), Approval(C, EN_B, B))
    text = record_lines(rows, source="content/nl/a.md")
    assert text.splitlines()[0].endswith("content/nl/a.md, in order: written by `pipeline update`.")
    assert text.splitlines()[1:] == [f"{A}\t{EN_A}", f"{B}\t-", f"{C}\t{EN_B}\t{B}"]
    assert parse_record(text.encode(), filename="a.tsv") == rows
    assert [row.changed for row in rows] == [False, False, True]


def test_a_malformed_line_is_an_error_at_its_line() -> None:
    data = f"# header\n{A}\t-\nnot a digest\t-\n".encode()
    with pytest.raises(CatalogError, match="not a line of an approvals record") as caught:
        parse_record(data, filename="content/en/reviewed/a.tsv")
    assert (caught.value.filename, caught.value.lineno) == ("content/en/reviewed/a.tsv", 3)


def test_no_record_file_is_none(tmp_path: Path) -> None:
    assert read_record(tmp_path / "a.tsv", shown="a.tsv") is None
    (tmp_path / "a.tsv").write_text(f"{A}\t{EN_A}\n")
    assert read_record(tmp_path / "a.tsv", shown="a.tsv") == (Approval(A, EN_A, A),)


def test_places_follow_unchanged_segments_and_approved_english() -> None:
    rows = [Approval(A, EN_A, A), Approval(B, EN_B, B)]
    # the same Dutch: each segment at its own row
    assert places([A, B], rows, [EN_A, EN_B]) == {0: 0, 1: 1}
    # a new segment in front: no row for it
    assert places([C, A, B], rows, [None, EN_A, EN_B]) == {1: 0, 2: 1}
    # the second rewritten: it takes the row whose English its entry holds
    assert places([A, C], rows, [EN_A, EN_B]) == {0: 0, 1: 1}
    # rewritten and its English gone: new
    assert places([A, C], rows, [EN_A, None]) == {0: 0}
