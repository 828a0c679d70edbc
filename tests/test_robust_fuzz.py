"""A short run of the fuzzing harness (tests/fuzz/fuzz_pipeline.py): only PipelineError, safe HTML."""

from __future__ import annotations

from tests.fuzz.fuzz_pipeline import fuzz_test


def test_fuzz_the_whole_path_briefly() -> None:
    fuzz_test(25, derandomize=True)()
