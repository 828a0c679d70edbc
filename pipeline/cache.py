"""The build cache (``build/.cache/``): every store and what it keeps, the keys, load and save.

Everything here is made again from the sources and catalogs: a file of the cache that
is missing, torn by a crash, or written by other code counts as empty, and a failure
to keep something is no failure of the command. Two shapes of store:

- :class:`Records`: many records in one file, loaded and saved whole (an article's
  build, its update), dropped together when the pipeline's code changes;
- :class:`Values`: one value a file, kept under a key (the digest of what it was made
  from, :func:`key`): a file holding another key is a miss.
"""

from __future__ import annotations

import os
import pickle
import struct
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.digests import SETTLED_NS, digest, file_digest, stat_of
from pipeline.files import atomic_write, replacing

#: Bump when the records' shape changes: an older cache is then ignored as a whole.
FORMAT = 3


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The pipeline's own version: its source files and the libraries that shape the outputs."""
    from importlib import metadata

    package = Path(__file__).resolve().parent
    parts: list[bytes | str] = [str(FORMAT)]
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    shaping = "markdown-it-py mdit-py-plugins mdformat jinja2 babel pyyaml markupsafe feedgen"
    for name in shaping.split():
        try:
            parts += [name, metadata.version(name)]
        except metadata.PackageNotFoundError:
            parts += [name, "-"]
    return digest(*parts)


def key(*parts: bytes | str) -> str:
    """The key of a result made from ``parts`` (digests, names) by this pipeline's code."""
    return digest(code_digest(), *parts)


def folder(root: Path) -> Path:
    """Where a project's cache lives: ``build/.cache/`` (git-ignored with ``build/``)."""
    return root / "build" / ".cache"


#: What reading a cache file can raise when it is missing, cut short or from other code.
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    TypeError,
    ValueError,
    IndexError,
)

#: Records pickled together: the pickler remembers every object of a pickle (its memo),
#: so thousands of records pickled as one would cost a table of them all (15 MiB for
#: 5000 articles' build records).
_CHUNK = 256


@dataclass(frozen=True, slots=True)
class Records:
    """A file of records by name, loaded and saved whole."""

    #: Its path under ``build/.cache/`` (``{lang}`` filled in by :meth:`at`).
    pattern: str
    #: What it keeps.
    keeps: str

    def at(self, root: Path, lang: str = "") -> RecordsFile:
        """The project's file of this store (of ``lang``)."""
        return RecordsFile(folder(root) / self.pattern.format(lang=lang))


@dataclass(frozen=True, slots=True)
class RecordsFile:
    """One file of a :class:`Records` store."""

    #: Where it is.
    path: Path

    def load(self) -> dict[str, Any]:
        """The records kept; empty when there are none or they cannot be read."""
        records: dict[str, Any] = {}
        try:
            with open(self.path, "rb") as handle:
                header = pickle.load(handle)
                if not (isinstance(header, tuple) and header[:2] == (FORMAT, code_digest())):
                    return {}
                for _ in range(header[2]):
                    chunk = pickle.load(handle)
                    if not isinstance(chunk, dict):
                        return {}
                    records.update(chunk)
        except _UNREADABLE:
            return {}
        return records

    def save(self, records: dict[str, Any]) -> None:
        """Keep ``records`` for the next run, replacing what was kept (never half of it).

        Streamed, a pickle a chunk of :data:`_CHUNK` records: no copy of them in memory,
        nor the pickler's memo of them all. No ``fsync``: a cache torn by a crash reads
        as empty, and everything is made again.
        """
        items = list(records.items())
        chunks = range(0, len(items), _CHUNK)
        with replacing(self.path, durable=False) as handle:
            pickle.dump((FORMAT, code_digest(), len(chunks)), handle)
            for start in chunks:
                chunk = dict(items[start : start + _CHUNK])
                pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True, slots=True)
class Values:
    """Files of one value each, kept under a key."""

    #: Its path under ``build/.cache/`` (``{lang}`` and ``{name}`` filled in by :meth:`at`).
    pattern: str
    #: What it keeps, and its key.
    keeps: str
    #: Whether the file is named by the digest of the name given (a path as shown).
    hashed: bool = False

    def at(self, root: Path, lang: str = "", name: str = "") -> ValueFile:
        """The project's file of this store for ``name`` (of ``lang``)."""
        name = digest(name) if self.hashed else name
        return ValueFile(folder(root) / self.pattern.format(lang=lang, name=name))


@dataclass(frozen=True, slots=True)
class ValueFile:
    """One file of a :class:`Values` store (picklable: a worker process may keep its result)."""

    #: Where it is.
    path: Path

    def load(self, key: str) -> Any | None:
        """The value kept under ``key``, or ``None``."""
        try:
            with open(self.path, "rb") as handle:
                saved = pickle.load(handle)
        except _UNREADABLE:
            return None
        if isinstance(saved, tuple) and len(saved) == 3 and saved[:2] == (FORMAT, key):
            return saved[2]
        return None

    def save(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key``, replacing what was kept (a failure to write is none
        of the command's: the next run makes the value again)."""
        data = pickle.dumps((FORMAT, key, value), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            atomic_write(self.path, data, durable=False)
        except OSError:
            pass

    def forget(self) -> None:
        """Remove what was kept."""
        self.path.unlink(missing_ok=True)


# Every store of the cache, and what it keeps.

DIGESTS = Records("digests.pickle", "each file's digest with its stat (Digests)")
DOCUMENTS = Values(
    "documents/{name}.pickle",
    "a Dutch source parsed (its Document), by its bytes and name",
    hashed=True,
)
UPDATE = Records("update-{lang}.pickle", "each article an update left as it was")
UPDATE_REST = Values(
    "update-{lang}-rest.pickle",
    "whether the templates' and newsletters' catalogs need the memory, by their inputs",
)
UNITS = Values("units/{lang}/{name}.pickle", "a catalog's reviewed entries, by its bytes' digest")
CHECK = Values("check/{lang}/{name}.pickle", "a catalog's check report, by its inputs", hashed=True)
CHECK_ERRORS = Records(
    "check/{lang}/errors.pickle", "the last errors-only check of each catalog, with its key"
)
BUILD = Records("build-{lang}.pickle", "each article's last build and its published files")
INDEX = Records("index-{lang}.pickle", "the index, feed and issues of a build, by their inputs")
SNAPSHOT = Values("unchanged.pickle", "what `all` left, for a run with nothing changed")


#: A file's stat packed with the raw bytes of its digest into one ``bytes`` (a tuple of
#: four ints and a hex string cost ~350 bytes a file; packed, ~90).
_KNOWN = struct.Struct("<QqqQ20s")


class Digests:
    """Content digests of a project's files, a file hashed only when its stat changed.

    The digests stay the truth (keys are made of them); the stat is only a way to know
    that a file cannot have changed since it was hashed: same size, times and inode,
    and both times older than :data:`~pipeline.digests.SETTLED_NS` when it was hashed.
    Kept in :data:`DIGESTS`; one per project and process (:func:`digests`).
    """

    def __init__(self, root: Path) -> None:
        self._file = DIGESTS.at(root)
        # A value of another shape (another version's cache) is not known.
        self._known: dict[str, bytes] = {
            name: known
            for name, known in self._file.load().items()
            if isinstance(known, bytes) and len(known) == _KNOWN.size
        }
        self._dirty = False

    def of(self, path: Path | str) -> str:
        """The digest of the file's bytes (:func:`~pipeline.digests.file_digest`; ``-`` for
        a missing file)."""
        name = os.fspath(path)
        try:
            found = os.stat(name)
        except FileNotFoundError:
            return "-"
        stat = stat_of(found)
        known = self._known.get(name)
        if known is not None:
            *seen, raw = _KNOWN.unpack(known)
            if tuple(seen) == stat:
                return str(raw.hex())
        value = file_digest(Path(name))
        if value != "-" and found.st_ctime_ns < time.time_ns() - SETTLED_NS:
            self._known[name] = _KNOWN.pack(*stat, bytes.fromhex(value))
            self._dirty = True
        elif known is not None:
            del self._known[name]
            self._dirty = True
        return value

    def tree(self, folder: Path) -> str:
        """The digest of every file under ``folder``: names and bytes (templates, style
        sheets), each file's bytes through :meth:`of`."""
        parts: list[bytes | str] = []
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                parts += [path.relative_to(folder).as_posix(), self.of(path)]
        return digest(*parts)

    def save(self) -> None:
        """Keep what was hashed for the next run (nothing written when nothing was)."""
        if self._dirty:
            self._file.save(self._known)
            self._dirty = False


#: Per process: each project's :class:`Digests`, loaded once (``pipeline all``'s stages).
_DIGESTS: dict[Path, Digests] = {}


def digests(root: Path) -> Digests:
    """The :class:`Digests` of the project at ``root``, shared by this process's commands."""
    if root not in _DIGESTS:
        _DIGESTS[root] = Digests(root)
    return _DIGESTS[root]
