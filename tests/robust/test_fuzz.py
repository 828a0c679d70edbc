"""A short run of the fuzzing harness (tests/fuzz/fuzz_pipeline.py)."""

from __future__ import annotations

from tests.fuzz.fuzz_pipeline import fuzz_test


def test_fuzz_the_whole_path_briefly() -> None:
    fuzz_test(25, derandomize=True)()


def test_fuzz_finding_title_without_text() -> None:
    """Found by the fuzzer: an article whose only heading shows no text made the feed fail
    (feedgen's ValueError 'Required fields not set'); its title is now the slug."""
    from tests.fuzz.fuzz_pipeline import SEED_PO, run_pipeline

    for source in (b"# ", b"# ![](x.png)\n\nTekst.\n", b'---\ntitle: " "\n---\n#\n'):
        run_pipeline(source, SEED_PO)
