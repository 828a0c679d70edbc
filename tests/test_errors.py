"""pipeline/errors.py: one error family, each error printed at its file:line."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import CatalogError, PipelineError, ReleaseError, SourceError


def test_an_error_prints_where_then_what() -> None:
    assert str(PipelineError("bad")) == "bad"
    assert str(PipelineError("bad", filename="a.po")) == "a.po: bad"
    assert str(PipelineError("bad", filename=Path("content/a.po"), lineno=3)) == (
        "content/a.po:3: bad"
    )


def test_the_fields_stay_for_the_cli() -> None:
    error = SourceError("not UTF-8", filename=Path("content/nl/a.md"), lineno=7)
    assert (error.message, error.filename, error.lineno) == ("not UTF-8", "content/nl/a.md", 7)


def test_every_error_is_a_pipeline_error() -> None:
    for error in (
        CatalogError("x"),
        SourceError("x"),
        ReleaseError("refused", ["a.po:1: fuzzy: Een."]),
    ):
        assert isinstance(error, PipelineError)


def test_a_release_error_carries_each_problem() -> None:
    error = ReleaseError("2 segment(s) not reviewed", ["a.po:1: fuzzy: Een.", "b.md:2: x"])
    assert str(error) == "2 segment(s) not reviewed"
    assert error.problems == ["a.po:1: fuzzy: Een.", "b.md:2: x"]
