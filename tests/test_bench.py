"""``bench.run --before``: both codes timed on copies of one corpus, the worse figures flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import run
from bench.codes import codes


def test_before_times_each_of_our_commands_with_both_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "WORK", tmp_path)
    with codes("HEAD") as versions:
        old = versions[0].checkout
        assert (old / "pipeline" / "__init__.py").exists()
        results = run.bench(3, 1, False, versions)
    assert not old.exists()  # the temporary worktree is gone
    assert set(results) == {"before", "now"}
    for name in run.OURS:
        assert results["before"][f"{name} cpu"] > 0 and results["now"][f"{name} cpu"] > 0
    assert "md" in results["now"] and "md" not in results["before"]  # run once, no code of ours
    assert (tmp_path / "corpus-3-before" / "build" / "en").is_dir()


def test_a_figure_more_than_5_per_cent_worse_in_cpu_is_flagged() -> None:
    before = {"articles": 100, "full": 2.0, "full cpu": 1.0, "peak_mib": 40.0}
    slower = {"articles": 100, "full": 1.0, "full cpu": 1.06, "peak_mib": 40.0}
    row, worse = run.compared({"before": before, "now": slower}, "full")
    assert worse and "more than 5 % worse" in row
    _, worse = run.compared({"before": before, "now": {**slower, "full cpu": 1.04}}, "full")
    assert not worse  # the wall time does not count, the CPU time does
    _, worse = run.compared({"before": before, "now": {**slower, "peak_mib": 43.0}}, "peak_mib")
    assert worse
