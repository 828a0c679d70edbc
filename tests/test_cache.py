"""pipeline/cache.py: the stores of build/.cache/, records and values, digests kept by stat."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from pipeline import cache
from pipeline.digests import digest, file_digest


def test_every_store_has_its_own_file_and_says_what_it_keeps(tmp_path: Path) -> None:
    stores = [v for v in vars(cache).values() if isinstance(v, cache.Records | cache.Values)]
    assert len(stores) == 10
    assert all(store.keeps for store in stores)
    paths = {
        store.at(tmp_path, "en", "a").path
        if isinstance(store, cache.Values)
        else store.at(tmp_path, "en").path
        for store in stores
    }
    assert len(paths) == len(stores)  # no two stores share a file
    assert all(path.is_relative_to(tmp_path / "build" / ".cache") for path in paths)


def test_a_hashed_store_names_its_file_by_the_digest_of_the_name(tmp_path: Path) -> None:
    shown = "content/en/a.po"
    path = cache.CHECK.at(tmp_path, "en", shown).path
    assert path == tmp_path / "build" / ".cache" / "check" / "en" / f"{digest(shown)}.pickle"
    assert cache.UNITS.at(tmp_path, "en", "a").path.name == "a.pickle"


def test_a_value_is_found_under_its_key_only(tmp_path: Path) -> None:
    kept = cache.DOCUMENTS.at(tmp_path, name="content/nl/a.md")
    assert kept.load("k1") is None  # nothing kept yet
    kept.save("k1", {"tree": [1, 2]})
    assert kept.load("k1") == {"tree": [1, 2]}
    assert kept.load("k2") is None  # made from other inputs: a miss
    kept.forget()
    assert not kept.path.exists()


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle", pickle.dumps(("other", "k", 1)), pickle.dumps((cache.FORMAT, "k"))],
)
def test_a_value_file_that_cannot_be_read_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    kept = cache.SNAPSHOT.at(tmp_path)
    kept.path.parent.mkdir(parents=True)
    kept.path.write_bytes(damage)
    assert kept.load("k") is None


def test_a_value_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "build").write_text("a file where the folder would be")
    kept = cache.UPDATE_REST.at(tmp_path, "en")
    kept.save("k", ("memory",))  # no exception: the next run makes it again
    assert kept.load("k") is None


def test_records_of_other_code_are_not_read(tmp_path: Path) -> None:
    store = cache.BUILD.at(tmp_path, "en")
    store.save({"a": 1})
    data = store.path.read_bytes()
    store.path.write_bytes(data.replace(cache.code_digest().encode(), b"0" * 40))
    assert store.load() == {}


def test_a_key_follows_the_code_and_the_parts() -> None:
    assert cache.key("en", "a") == cache.key("en", "a")
    assert cache.key("en", "a") != cache.key("en", "b")
    assert cache.key("en", "a") == digest(cache.code_digest(), "en", "a")


def test_value_files_travel_to_worker_processes(tmp_path: Path) -> None:
    kept = cache.CHECK.at(tmp_path, "en", "content/en/a.po")
    assert pickle.loads(pickle.dumps(kept)) == kept
    with pytest.raises(dataclasses.FrozenInstanceError):
        kept.path = tmp_path  # type: ignore[misc]


def test_digests_hash_a_settled_file_once_and_a_changed_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # every file counts as settled
    source = tmp_path / "a.md"
    source.write_bytes(b"een")
    known = cache.Digests(tmp_path)
    first = known.of(source)
    assert first == file_digest(source)
    known.save()

    def no_reading(path: Path) -> str:
        raise AssertionError(f"{path} read although its stat is unchanged")

    again = cache.Digests(tmp_path)  # the next run, from the saved stats
    with monkeypatch.context() as patch:
        patch.setattr(cache, "file_digest", no_reading)
        assert again.of(source) == first
    source.write_bytes(b"twee")  # another size: hashed anew
    assert again.of(source) == file_digest(source) != first
    assert again.of(tmp_path / "missing.md") == "-"


def test_a_file_changed_just_now_is_hashed_every_time(tmp_path: Path) -> None:
    """Within the clock's tick a second write could keep the stat: not remembered (git's
    "racily clean")."""
    source = tmp_path / "a.md"
    source.write_bytes(b"een")
    known = cache.Digests(tmp_path)
    assert known.of(source) == file_digest(source)
    known.save()
    assert cache.DIGESTS.at(tmp_path).load() == {}
    source.write_bytes(b"twe")  # same size, perhaps the same mtime
    assert known.of(source) == file_digest(source)


def test_a_tree_digest_follows_names_and_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.j2").write_text("a")
    known = cache.Digests(tmp_path)
    before = known.tree(folder)
    (folder / "sub" / "b.css").write_text("b")
    after = known.tree(folder)
    (folder / "sub" / "b.css").rename(folder / "sub" / "c.css")
    assert len({before, after, known.tree(folder)}) == 3
    assert known.tree(tmp_path / "none") == digest()


def test_digests_of_an_older_shape_are_not_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache of the earlier (stat, hex digest) tuples is ignored, not an error: each file
    is hashed again, and then kept packed."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    source = tmp_path / "a.md"
    source.write_bytes(b"een")
    found = source.stat()
    stat = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
    store = cache.DIGESTS.at(tmp_path)
    store.save({str(source): (stat, "0" * 40)})  # the stat matches: would be trusted
    known = cache.Digests(tmp_path)
    assert known.of(source) == file_digest(source)
    known.save()
    (saved,) = store.load().values()
    assert isinstance(saved, bytes) and saved.endswith(bytes.fromhex(file_digest(source)))


def test_records_are_saved_in_chunks_and_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_CHUNK", 3)
    store = cache.RecordsFile(tmp_path / "cache.pickle")
    records = {f"artikel-{n}": ("shared", n) for n in range(10)}
    store.save(records)
    assert store.load() == records
    assert list(store.load()) == list(records)  # in their order
    store.path.write_bytes(store.path.read_bytes()[:-5])  # torn by a crash: read as none
    assert store.load() == {}
    store.save({})
    assert store.load() == {}
