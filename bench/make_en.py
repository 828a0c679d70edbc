"""``make en`` on a corpus, this checkout against an earlier commit, interleaved.

    python -m bench.make_en [--size 1000] [--runs 3] [--before 4cbb3d5]

Before the release rules moved into the build, ``make en`` was ``pipeline check --lang en
--errors-only`` then ``pipeline build --lang en``; now it is the build alone (which checks
each article it renders). Each run times both, from scratch (``make clean``) and again with
nothing changed, alternating the two codes so that a busy machine weighs on both alike. The
earlier code runs from a git worktree of ``--before`` with this checkout's virtualenv.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import REPO, generate


def _timed(commands: list[list[str]], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    for argv in commands:
        subprocess.run(argv, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", default="4cbb3d5")
    args = parser.parse_args()
    work = Path(tempfile.gettempdir()) / "pipeline-bench-make-en"
    old_code = work / "before"
    if not old_code.exists():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(old_code), args.before],
            check=True,
            capture_output=True,
        )
    python = sys.executable
    codes = {
        "before": (
            [
                [python, "-m", "pipeline", "check", "--lang", "en", "--errors-only"],
                [python, "-m", "pipeline", "build", "--lang", "en"],
            ],
            {**os.environ, "PYTHONPATH": str(old_code)},
        ),
        "after": (
            [[python, "-m", "pipeline", "build", "--lang", "en"]],
            {**os.environ, "PYTHONPATH": str(REPO)},
        ),
    }
    found: dict[str, dict[str, list[float]]] = {c: {"scratch": [], "again": []} for c in codes}
    for _ in range(args.runs):
        for code, (commands, env) in codes.items():
            root = generate(args.size, work / f"corpus-{args.size}-{code}")
            shutil.rmtree(root / "build", ignore_errors=True)
            found[code]["scratch"].append(_timed(commands, root, env))
            found[code]["again"].append(_timed(commands, root, env))
    print(f"make en, {args.size} articles, median of {args.runs} (seconds):")
    for kind in ("scratch", "again"):
        before = statistics.median(found["before"][kind])
        after = statistics.median(found["after"][kind])
        print(f"  {kind:8} before {before:7.2f}  after {after:7.2f}  ({after / before - 1:+.1%})")


if __name__ == "__main__":
    main()
