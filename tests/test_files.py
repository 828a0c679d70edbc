"""pipeline/files.py: durable and regenerable writes, digests hashed only when a stat changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline import files


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
    files.save(tmp_path / "cache.pickle", {"a": 1})  # a cache: no fsync either
    assert synced == []


def test_digests_hash_a_settled_file_once_and_a_changed_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "SETTLED_NS", 0)  # every file counts as settled
    source = tmp_path / "a.md"
    source.write_bytes(b"een")
    known = files.Digests(tmp_path)
    first = known.of(source)
    assert first == files.file_digest(source)
    known.save()

    def no_reading(path: Path) -> str:
        raise AssertionError(f"{path} read although its stat is unchanged")

    again = files.Digests(tmp_path)  # the next run, from the saved stats
    with monkeypatch.context() as patch:
        patch.setattr(files, "file_digest", no_reading)
        assert again.of(source) == first
    source.write_bytes(b"twee")  # another size: hashed anew
    assert again.of(source) == files.file_digest(source) != first
    assert again.of(tmp_path / "missing.md") == "-"


def test_a_file_changed_just_now_is_hashed_every_time(tmp_path: Path) -> None:
    """Within the clock's tick a second write could keep the stat: not remembered (git's
    "racily clean")."""
    source = tmp_path / "a.md"
    source.write_bytes(b"een")
    known = files.Digests(tmp_path)
    assert known.of(source) == files.file_digest(source)
    known.save()
    assert files.load(files.cache_dir(tmp_path) / "digests.pickle") == {}
    source.write_bytes(b"twe")  # same size, perhaps the same mtime
    assert known.of(source) == files.file_digest(source)


def test_a_tree_digest_follows_names_and_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.j2").write_text("a")
    known = files.Digests(tmp_path)
    before = known.tree(folder)
    (folder / "sub" / "b.css").write_text("b")
    after = known.tree(folder)
    (folder / "sub" / "b.css").rename(folder / "sub" / "c.css")
    assert len({before, after, known.tree(folder)}) == 3
    assert known.tree(tmp_path / "none") == files.digest()


def test_digests_of_an_older_shape_are_not_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache of the earlier (stat, hex digest) tuples is ignored, not an error: each file
    is hashed again, and then kept packed."""
    monkeypatch.setattr(files, "SETTLED_NS", 0)
    source = tmp_path / "a.md"
    source.write_bytes(b"een")
    found = source.stat()
    stat = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
    store = files.cache_dir(tmp_path) / "digests.pickle"
    files.save(store, {str(source): (stat, "0" * 40)})  # the stat matches: would be trusted
    known = files.Digests(tmp_path)
    assert known.of(source) == files.file_digest(source)
    known.save()
    (saved,) = files.load(store).values()
    assert isinstance(saved, bytes) and saved.endswith(bytes.fromhex(files.file_digest(source)))


def test_records_are_saved_in_chunks_and_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_CHUNK", 3)
    store = tmp_path / "cache.pickle"
    records = {f"artikel-{n}": ("shared", n) for n in range(10)}
    files.save(store, records)
    assert files.load(store) == records
    assert list(files.load(store)) == list(records)  # in their order
    store.write_bytes(store.read_bytes()[:-5])  # torn by a crash: read as none
    assert files.load(store) == {}
    files.save(store, {})
    assert files.load(store) == {}


def test_a_pickled_digest_follows_the_value() -> None:
    assert files.pickled_digest(["a", 1]) == files.pickled_digest(["a", 1])
    assert files.pickled_digest(["a", 1]) != files.pickled_digest(["a", 2])
