"""The code a benchmark runs: this checkout, or an earlier commit in a temporary git worktree.

Every code runs with this checkout's virtualenv, ``PYTHONPATH`` choosing the package (the
virtualenv's editable install may point at another checkout), each on a copy of its own of
the same corpus, with that code's settings and template strings (a later ``pipeline.toml``
may name sections an earlier code lacks).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from bench.corpus import REPO, generate


class Code(NamedTuple):
    """One version of the pipeline: its name in the tables and the checkout it runs from."""

    name: str
    checkout: Path

    def env(self, base: Mapping[str, str]) -> dict[str, str]:
        """``base`` with ``PYTHONPATH`` choosing this code."""
        return {**base, "PYTHONPATH": str(self.checkout)}

    def corpus(self, count: int, work: Path) -> Path:
        """A fresh copy of the ``count``-article corpus (made once in ``work``) for this code."""
        root = work / f"corpus-{count}-{self.name}"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(generate(count, work / f"corpus-{count}") / "content", root / "content")
        shutil.copy(self.checkout / "pipeline.toml", root)
        shutil.copy(self.checkout / "content" / "en" / "_templates.po", root / "content" / "en")
        return root

    def compile(self) -> None:
        """Byte-compile the package, as a run before leaves it: no command pays for that."""
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(self.checkout / "pipeline")])


#: The code of this checkout.
NOW = Code("now", REPO)


def _git(*args: str) -> None:
    done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed:\n{done.stderr}")


@contextmanager
def codes(before: str | None) -> Iterator[list[Code]]:
    """The code of git revision ``before`` (in a temporary worktree, removed afterwards) and
    this checkout's, byte-compiled; this checkout's alone if ``before`` is None."""
    if before is None:
        NOW.compile()
        yield [NOW]
        return
    folder = Path(tempfile.mkdtemp(prefix="pipeline-bench-")) / "before"
    _git("worktree", "add", "--detach", str(folder), before)
    try:
        old = Code("before", folder)
        for code in (old, NOW):
            code.compile()
        yield [old, NOW]
    finally:
        _git("worktree", "remove", "--force", str(folder))
        folder.parent.rmdir()
