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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.codes import codes


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
    python = sys.executable
    build = [python, "-m", "pipeline", "build", "--lang", "en"]
    commands = {
        "before": [[python, "-m", "pipeline", "check", "--lang", "en", "--errors-only"], build],
        "now": [build],
    }
    found: dict[str, dict[str, list[float]]] = {c: {"scratch": [], "again": []} for c in commands}
    with codes(args.before) as versions:
        for _ in range(args.runs):
            for code in versions:
                root, env = code.corpus(args.size, work), code.env(os.environ)
                found[code.name]["scratch"].append(_timed(commands[code.name], root, env))
                found[code.name]["again"].append(_timed(commands[code.name], root, env))
    print(f"make en, {args.size} articles, median of {args.runs} (seconds):")
    for kind in ("scratch", "again"):
        before = statistics.median(found["before"][kind])
        after = statistics.median(found["now"][kind])
        print(f"  {kind:8} before {before:7.2f}  after {after:7.2f}  ({after / before - 1:+.1%})")


if __name__ == "__main__":
    main()
