"""One catalog entry edited in the browser: checked as typed, saved through the PO writer.

A save names the entry as the panel took it (its translation, fuzziness and flags). When
*that entry* has changed on disk since (Poedit saved it), nothing is written and both
versions go back to the page; changes to other entries are simply kept, since the save
reads the file again and changes only its own entry. *Save as reviewed* obeys the release
rules (:mod:`pipeline.release`): an entry that would be reviewed with a check error
(:func:`pipeline.checks.rules.check_catalog`, its ``ignore-*`` flags heeded) is refused
with the findings, and nothing is written; *needs review* saves anything the PO format
takes. A save is the strict writer's whole file (GNU msgcat's bytes), written atomically
under the project lock, waiting a few seconds for a build that holds it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from pipeline import files
from pipeline.checks.report import ERROR, Finding
from pipeline.errors import PipelineError
from pipeline.files import atomic_write
from pipeline.lock import exclusive_lock
from pipeline.po import generate_po, parse_po
from pipeline.release import is_reviewed
from pipeline.serve.api import IGNORE_FLAG, entry_findings
from pipeline.serve.workspace import Workspace, live_message

#: The longest text taken from the browser (a segment's limit is far below).
MAX_TEXT = 100_000
#: Seconds a save waits for the project lock (a build running) before it gives up.
LOCK_WAIT = 5.0
#: The flags a translator may add from the panel: each check's own ``ignore-…`` flag.
IGNORE_FLAGS = frozenset(IGNORE_FLAG.values())


@dataclass(frozen=True, slots=True)
class Version:
    """An entry's state as one side sees it: what a conflict compares and shows."""

    #: The translation (the msgstr).
    translation: str
    #: Whether it is marked fuzzy.
    fuzzy: bool
    #: Its other flags, sorted (``ignore-…``, ``python-format``).
    flags: tuple[str, ...] = ()

    @classmethod
    def of(cls, message: Message) -> Version:
        flags = tuple(sorted(f for f in message.flags if f != "fuzzy"))
        string = message.string if isinstance(message.string, str) else ""
        return cls(string, message.fuzzy, flags)

    def json(self) -> dict[str, object]:
        return {"translation": self.translation, "fuzzy": self.fuzzy, "flags": list(self.flags)}


@dataclass(frozen=True, slots=True)
class Edit:
    """What the browser sends to save or check one entry."""

    #: The entry's msgid (the source segment).
    msgid: str
    #: The translation typed.
    translation: str
    #: Whether to mark it reviewed (``fuzzy`` and ``#|`` removed) or needing work (fuzzy).
    reviewed: bool
    #: The entry as the panel took it (``None``: not compared, as for a check).
    original: Version | None = None
    #: ``ignore-…`` flags to add: findings the translator says are wrong.
    ignore: tuple[str, ...] = ()


class Conflict(PipelineError):
    """The entry changed on disk after the panel took it: nothing was written."""

    def __init__(self, message: str, *, filename: str, lineno: int | None, disk: Version) -> None:
        super().__init__(message, filename=filename, lineno=lineno)
        #: The entry as the file now has it (a page that takes it saves against it).
        self.disk = disk


class Refused(PipelineError):
    """Saved as reviewed, the entry would have check errors: nothing was written."""

    def __init__(
        self, message: str, *, filename: str, lineno: int | None, findings: list[Finding]
    ) -> None:
        super().__init__(message, filename=filename, lineno=lineno)
        #: The errors (and warnings) the entry would have.
        self.findings = findings


class Busy(PipelineError):
    """Another pipeline run held the project lock for longer than a save waits."""


def edit_from(data: object) -> Edit:
    """The :class:`Edit` in a request's JSON, or a PipelineError saying what is wrong."""
    if not isinstance(data, dict):
        raise PipelineError("expected a JSON object")
    msgid, translation = data.get("msgid"), data.get("translation")
    reviewed, ignore = data.get("reviewed", False), data.get("ignore", [])
    if not isinstance(msgid, str) or not msgid or not isinstance(translation, str):
        raise PipelineError("msgid and translation must be text")
    if not isinstance(reviewed, bool):
        raise PipelineError("reviewed must be true or false")
    if len(translation) > MAX_TEXT or len(msgid) > MAX_TEXT:
        raise PipelineError(f"a text of more than {MAX_TEXT:,} characters")
    flags = ignore if isinstance(ignore, list) else [None]
    if not all(isinstance(f, str) and f in IGNORE_FLAGS for f in flags):
        raise PipelineError("ignore must list checks' ignore-… flags")
    return Edit(
        msgid,
        translation.replace("\r\n", "\n"),
        reviewed,
        _version(data.get("original")),
        tuple(sorted(set(ignore))),
    )


def _version(data: object) -> Version | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise PipelineError("original must be an object")
    translation, fuzzy, flags = data.get("translation"), data.get("fuzzy"), data.get("flags", [])
    if not isinstance(translation, str) or not isinstance(fuzzy, bool):
        raise PipelineError("original needs its translation (text) and fuzzy (true or false)")
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        raise PipelineError("original flags must be a list of text")
    return Version(translation.replace("\r\n", "\n"), fuzzy, tuple(sorted(flags)))


def _apply(catalog: Catalog, edit: Edit, shown: str) -> Message:
    message = live_message(catalog, edit.msgid)
    if message is None:
        raise PipelineError("no entry for this segment (run pipeline update)", filename=shown)
    message.string = edit.translation
    message.flags.update(edit.ignore)
    if edit.reviewed:
        message.flags.discard("fuzzy")
    else:
        message.flags.add("fuzzy")
    return message


def check_edit(ws: Workspace, lang: str, path: Path, edit: Edit) -> list[Finding]:
    """The QA findings the entry would have with ``edit``'s text (the file is not touched)."""
    shown = ws.project.display(path)
    data = files.file_bytes(path)
    if data is None:
        raise PipelineError("no catalog yet (run pipeline update)", filename=shown)
    catalog = parse_po(data, filename=shown)  # a copy of its own to change, not the kept one
    message = _apply(catalog, edit, shown)
    return entry_findings(ws, lang, catalog, shown).get(str(message.id), [])


def save_edit(ws: Workspace, lang: str, path: Path, edit: Edit) -> Version:
    """Write ``edit`` into the catalog at ``path``; the entry as saved.

    :class:`Conflict` if the entry moved on disk, :class:`Refused` if it would be
    reviewed with a check error, :class:`Busy` if the project stayed locked.
    """
    shown = ws.project.display(path)
    with waiting_lock(ws.project.lock_path):
        data = files.file_bytes(path)
        if data is None:
            raise PipelineError("no catalog yet (run pipeline update)", filename=shown)
        catalog = parse_po(data, filename=shown)
        message = live_message(catalog, edit.msgid)
        if message is None:
            raise PipelineError("no entry for this segment (run pipeline update)", filename=shown)
        disk = Version.of(message)
        if edit.original is not None and disk != edit.original:
            raise Conflict(
                "this entry changed on disk since you took it; nothing was saved",
                filename=shown,
                lineno=message.lineno,
                disk=disk,
            )
        message = _apply(catalog, edit, shown)
        if edit.reviewed:
            if not is_reviewed(message.string, message.fuzzy):
                raise Refused(
                    "nothing to review: the translation is empty",
                    filename=shown,
                    lineno=message.lineno,
                    findings=[],
                )
            found = entry_findings(ws, lang, catalog, shown).get(str(message.id), [])
            if any(f.severity == ERROR for f in found):
                raise Refused(
                    "not saved as reviewed: the release would hold it back for its check "
                    "errors (fix them, say a finding is wrong, or save it as needing review)",
                    filename=shown,
                    lineno=message.lineno,
                    findings=found,
                )
            message.previous_id = []
            message.previous_context = None  # type: ignore[attr-defined]
        new = generate_po(catalog).encode()
        # What is written must read back: msgfmt's checks on the entry (e.g. a newline at
        # one end of the translation and not of the source) refuse it here, nothing written.
        again = parse_po(new, filename=shown)
        if new != data:
            atomic_write(path, new)
        saved = live_message(again, edit.msgid)
        assert saved is not None  # the entry just written
        return Version.of(saved)


@contextmanager
def waiting_lock(path: Path, seconds: float = LOCK_WAIT) -> Iterator[None]:
    """The project lock, waited for up to ``seconds`` (a build may hold it a moment)."""
    deadline = time.monotonic() + seconds
    while True:
        lock = exclusive_lock(path)
        try:
            lock.__enter__()
        except PipelineError as exc:
            if time.monotonic() >= deadline:
                raise Busy(f"{exc.message} (waited {seconds:g} s)", filename=exc.filename) from None
            time.sleep(0.1)
            continue
        break
    try:
        yield
    finally:
        lock.__exit__(None, None, None)
