"""Files: atomic writes, the project lock, content digests, the build cache (``build/.cache/``)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import struct
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, BinaryIO, Concatenate, ParamSpec, TypeVar

from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.project import Project

P = ParamSpec("P")
R = TypeVar("R")


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one.

    Never a half-written file: the bytes go to a temp file beside ``path``, which
    replaces ``path`` in one step. ``durable``: the bytes are on disk before the
    rename and the rename is on disk when this returns (``fsync`` of the file, then
    of its folder), so a crash keeps the old file or the new one, whole: for what
    people wrote (catalogs, sources). ``durable=False`` for what is made again from
    them (handouts, caches): a crash may leave such a file short or empty, which the
    next run finds stale (its size no longer what was recorded) and makes again.
    """
    with _replacing(path, durable=durable) as handle:
        handle.write(data)


@contextlib.contextmanager
def _replacing(path: Path, *, durable: bool) -> Iterator[BinaryIO]:
    """A temp file beside ``path`` to write, put in its place when the block ends (and
    removed if it raises): :func:`atomic_write`'s steps, for writers that stream."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if durable:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make the renames and new names in ``folder`` durable (``fsync`` of the directory)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_if_changed(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Atomically write ``data`` unless ``path`` already holds exactly it.

    Returns whether the file was written.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, data, durable=durable)
    return True


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the duration, or fail at once.

    The operating system releases the lock when the process ends, however it
    ends, so a killed run never leaves a stale lock behind.
    """
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise PipelineError(
                f"another pipeline run ({holder}) is working on this project; "
                "try again when it has finished",
                filename=path,
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back for the duration, delivered when it ends.

    For steps an interruption must not cut in two: two renames, or worker processes
    half started (which an interrupted parent would wait for at exit, for ever).
    """
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def under_lock(func: Callable[Concatenate[Project, P], R]) -> Callable[Concatenate[Project, P], R]:
    """``func`` run holding its project's lock (:func:`exclusive_lock`): one at a time."""

    @functools.wraps(func)
    def locked(project: Project, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with exclusive_lock(project.lock_path):
            return func(project, *args, **kwargs)

    return locked


#: Bump when the records' shape changes: an older cache is then ignored as a whole.
FORMAT = 2


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


def file_bytes(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` when there is no such file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def file_digest(path: Path) -> str:
    """The digest of one file's bytes (``-`` for a missing file)."""
    data = file_bytes(path)
    return "-" if data is None else digest(data)


def tree_digest(folder: Path) -> str:
    """The digest of every file under ``folder``: names and bytes (templates, style sheets)."""
    parts: list[bytes | str] = []
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The pipeline's own version: its source files and the libraries that shape the outputs."""
    from importlib import metadata

    package = Path(__file__).resolve().parent
    parts: list[bytes | str] = [str(FORMAT)]
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    shaping = "markdown-it-py mdit-py-plugins mdformat jinja2 babel pyyaml markupsafe feedgen"
    for name in shaping.split():
        try:
            parts += [name, metadata.version(name)]
        except metadata.PackageNotFoundError:
            parts += [name, "-"]
    return digest(*parts)


def cache_dir(root: Path) -> Path:
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
)


#: Records pickled together: the pickler remembers every object of a pickle (its memo),
#: so thousands of records pickled as one would cost a table of them all (15 MiB for
#: 5000 articles' build records).
_CHUNK = 256


def load(path: Path) -> dict[str, Any]:
    """The records saved at ``path``; empty when there are none or they cannot be read."""
    records: dict[str, Any] = {}
    try:
        with open(path, "rb") as handle:
            header = pickle.load(handle)
            if not (isinstance(header, tuple) and header[:2] == (FORMAT, code_digest())):
                return {}
            for _ in range(header[2]):
                chunk = pickle.load(handle)
                if not isinstance(chunk, dict):
                    return {}
                records.update(chunk)
    except (*_UNREADABLE, IndexError):
        return {}
    return records


def save(path: Path, records: dict[str, Any]) -> None:
    """Keep ``records`` at ``path`` for the next run (atomically: never half a cache).

    Streamed, a pickle a chunk of :data:`_CHUNK` records: no copy of them in memory,
    nor the pickler's memo of them all. No ``fsync``: a cache torn by a crash reads as
    empty, and everything is made again.
    """
    items = list(records.items())
    chunks = range(0, len(items), _CHUNK)
    with _replacing(path, durable=False) as handle:
        pickle.dump((FORMAT, code_digest(), len(chunks)), handle)
        for start in chunks:
            chunk = dict(items[start : start + _CHUNK])
            pickle.dump(chunk, handle, protocol=pickle.HIGHEST_PROTOCOL)


def load_value(path: Path, key: str) -> Any | None:
    """The value kept at ``path`` under ``key`` by :func:`save_value`, or ``None``."""
    try:
        with open(path, "rb") as handle:
            saved = pickle.load(handle)
    except (*_UNREADABLE, IndexError):
        return None
    if isinstance(saved, tuple) and len(saved) == 3 and saved[:2] == (FORMAT, key):
        return saved[2]
    return None


def save_value(path: Path, key: str, value: Any) -> None:
    """Keep one value at ``path`` under ``key`` (a content digest), replacing what was there.

    A cache, not a record: no fsync (a file torn by a crash reads as a miss), and a
    failure to write is no failure of the command.
    """
    data = pickle.dumps((FORMAT, key, value), protocol=pickle.HIGHEST_PROTOCOL)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
    except BaseException:  # interrupted: no temp file left behind
        temp.unlink(missing_ok=True)
        raise


def file_stamp(path: Path | str) -> tuple[int, int, int] | None:
    """Size, modification time and inode: whether a file we published is still the one we wrote."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino)


#: A file's size, modification and change times (ns) and inode: what git's index
#: compares before hashing.
Stat = tuple[int, int, int, int]


def stat_of(found: os.stat_result) -> Stat:
    """The :data:`Stat` of ``os.stat``'s result."""
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


#: A file's stat packed with the raw bytes of its digest into one ``bytes`` (a tuple of
#: four ints and a hex string cost ~350 bytes a file; packed, ~90).
_KNOWN = struct.Struct("<QqqQ20s")

#: A file changed this recently (ns) may change again within one tick of its clock with
#: the same stat ("racily clean", as git calls it): its digest is not remembered.
SETTLED_NS = 2_000_000_000


class Digests:
    """Content digests of a project's files, a file hashed only when its stat changed.

    The digests stay the truth (keys are made of them, as before); the stat is only a
    way to know that a file cannot have changed since it was hashed: same size, times
    and inode, and both times older than :data:`SETTLED_NS` when it was hashed. Kept in
    ``build/.cache/digests.pickle``; one per project and process (:func:`digests`).
    """

    def __init__(self, root: Path) -> None:
        self._path = cache_dir(root) / "digests.pickle"
        # A value of another shape (another version's cache) is not known.
        self._known: dict[str, bytes] = {
            name: known
            for name, known in load(self._path).items()
            if isinstance(known, bytes) and len(known) == _KNOWN.size
        }
        self._dirty = False

    def of(self, path: Path | str) -> str:
        """The digest of the file's bytes (:func:`file_digest`; ``-`` for a missing file)."""
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
        """:func:`tree_digest` of ``folder``, each file's bytes through :meth:`of`."""
        parts: list[bytes | str] = []
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                parts += [path.relative_to(folder).as_posix(), self.of(path)]
        return digest(*parts)

    def save(self) -> None:
        """Keep what was hashed for the next run (nothing written when nothing was)."""
        if self._dirty:
            save(self._path, self._known)
            self._dirty = False


#: Per process: each project's :class:`Digests`, loaded once (``pipeline all``'s stages).
_DIGESTS: dict[Path, Digests] = {}


def digests(root: Path) -> Digests:
    """The :class:`Digests` of the project at ``root``, shared by this process's commands."""
    if root not in _DIGESTS:
        _DIGESTS[root] = Digests(root)
    return _DIGESTS[root]
