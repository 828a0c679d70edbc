"""A short run of the fuzzing harness (tests/fuzz/fuzz_pipeline.py)."""

from __future__ import annotations

from tests.fuzz.fuzz_pipeline import STATS, fuzz_test


def test_fuzz_the_whole_path_briefly() -> None:
    """25 mutated inputs through every command: no bug (the harness raises on one), and
    the run reached the builds, not only the refusals of malformed input."""
    before = dict(STATS)
    fuzz_test(25, derandomize=True)()
    assert STATS["inputs"] - before["inputs"] >= 25
    assert STATS["builds"] > before["builds"]


def test_fuzz_finding_title_without_text() -> None:
    """Found by the fuzzer: an article whose only heading shows no text made the feed fail
    (feedgen's ValueError 'Required fields not set'); its title is now the slug."""
    from tests.fuzz.fuzz_pipeline import SEED_PO, run_pipeline

    for source in (b"# ", b"# ![](x.png)\n\nTekst.\n", b'---\ntitle: " "\n---\n#\n'):
        outcomes = run_pipeline(source, SEED_PO)
        assert outcomes["build nl"] is None, outcomes  # the feed was made
        assert outcomes["build en --draft"] is None, outcomes
