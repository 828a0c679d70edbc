"""Content digests (what a kept result is keyed by) and stat records (whether a file changed)."""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pipeline.files import file_bytes


def digest(*parts: bytes | str) -> str:
    """One digest of ``parts``, each length-prefixed (so ``ab|c`` and ``a|bc`` differ)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def pickled_digest(value: Any) -> str:
    """The digest of ``value`` pickled, the pickle streamed into the hash (thousands of
    index entries: no copy of their pickle in memory)."""
    hasher = hashlib.blake2b(digest_size=20)
    hashing = SimpleNamespace(write=hasher.update)  # a file that hashes what it is given
    pickle.Pickler(hashing, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """The digest of one file's bytes (``-`` for a missing file)."""
    data = file_bytes(path)
    return "-" if data is None else digest(data)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What tells that a file we published is still the one we wrote."""

    #: Its size in bytes.
    size: int
    #: Its modification time, in nanoseconds.
    mtime_ns: int
    #: Its inode.
    inode: int

    def __reduce__(self) -> tuple[type[Stamp], tuple[int, int, int]]:
        # Pickled as its fields: a frozen dataclass's default state costs five times as much
        # to read back (thousands of stamps in a build's records).
        return Stamp, (self.size, self.mtime_ns, self.inode)


def file_stamp(path: Path | str) -> Stamp | None:
    """The file's :class:`Stamp`, or ``None`` when there is no such file."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return Stamp(found.st_size, found.st_mtime_ns, found.st_ino)


#: A file's size, modification and change times (ns) and inode: what git's index
#: compares before hashing (a plain tuple: thousands of them are compared and pickled).
Stat = tuple[int, int, int, int]


def stat_of(found: os.stat_result) -> Stat:
    """The :data:`Stat` of ``os.stat``'s result."""
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


#: A file changed this recently (ns) may change again within one tick of its clock with
#: the same stat ("racily clean", as git calls it): its digest is not remembered.
SETTLED_NS = 2_000_000_000
