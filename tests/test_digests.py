"""pipeline/digests.py: content digests and stat records."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline import digests


def test_a_digest_tells_the_parts_apart() -> None:
    assert digests.digest("ab", "c") != digests.digest("a", "bc")
    assert digests.digest("a") == digests.digest(b"a")
    assert len(digests.digest()) == 40


def test_a_pickled_digest_follows_the_value() -> None:
    assert digests.pickled_digest(["a", 1]) == digests.pickled_digest(["a", 1])
    assert digests.pickled_digest(["a", 1]) != digests.pickled_digest(["a", 2])


def test_a_file_digest_is_of_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    assert digests.file_digest(path) == "-"
    path.write_bytes(b"een")
    assert digests.file_digest(path) == digests.digest(b"een")


def test_a_stamp_changes_when_the_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    assert digests.file_stamp(path) is None
    path.write_bytes(b"een")
    first = digests.file_stamp(path)
    assert first is not None and first.size == 3
    assert digests.file_stamp(str(path)) == first
    replacement = tmp_path / "b.html"
    replacement.write_bytes(b"twee")
    os.replace(replacement, path)
    assert digests.file_stamp(path) != first


def test_a_stat_holds_size_times_and_inode(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"een")
    found = os.stat(path)
    assert digests.stat_of(found) == (3, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
