"""pipeline/files.py: durable and regenerable writes through one temp-file writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline import cache, files


def _fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what each ``os.fsync`` flushed (a file or a folder), then flush it."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


def test_a_durable_write_flushes_the_file_then_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = _fsyncs(monkeypatch)
    target = tmp_path / "content" / "en" / "a.po"
    files.atomic_write(target, b"msgid")
    assert target.read_bytes() == b"msgid"
    assert len(synced) == 2
    assert Path(synced[0]).parent == target.parent  # the temp file, before its rename
    assert synced[1] == str(target.parent)
    assert [p.name for p in target.parent.iterdir()] == ["a.po"]  # no temp file left


def test_a_regenerable_write_is_atomic_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = _fsyncs(monkeypatch)
    target = tmp_path / "build" / "en" / "a.html"
    files.atomic_write(target, b"old", durable=False)
    files.atomic_write(target, b"new", durable=False)
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    cache.RecordsFile(tmp_path / "cache.pickle").save({"a": 1})  # a cache: no fsync either
    assert synced == []


def test_a_named_temp_file_waits_beside_its_target(tmp_path: Path) -> None:
    """A staged update's file: whole and readable, under the run's name, not renamed."""
    target = tmp_path / "content" / "pot" / "a.pot"
    with files.temp_file(target, durable=False, name=".a.pot.run-1") as (handle, temp):
        handle.write(b"msgid")
    assert temp == target.with_name(".a.pot.run-1")
    assert temp.read_bytes() == b"msgid"
    assert oct(temp.stat().st_mode & 0o777) == "0o644"
    assert not target.exists()


def test_a_write_that_fails_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "a.po"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), files.replacing(target, durable=True) as handle:
        handle.write(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.po"]


def test_write_if_changed_leaves_the_same_bytes_alone(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    assert files.write_if_changed(target, b"x", durable=False)
    before = target.stat().st_ino
    assert not files.write_if_changed(target, b"x", durable=False)
    assert target.stat().st_ino == before  # not replaced
    assert files.write_if_changed(target, b"y", durable=False)
    assert target.read_bytes() == b"y"
    assert files.file_bytes(tmp_path / "none") is None
