"""One catalog entry edited in the browser: checked as typed, saved through the PO writer.

A save names the digest of the catalog file the page was made from; when the file has
changed since (Poedit saved it), nothing is written and both versions go back to the
page. A save is the strict writer's whole file (GNU msgcat's bytes), written atomically
under the project lock: only the edited entry differs from a file msgcat wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import digests, files
from pipeline.errors import PipelineError
from pipeline.files import atomic_write
from pipeline.lock import exclusive_lock
from pipeline.po import generate_po, parse_po
from pipeline.serve.pages import findings
from pipeline.serve.workspace import Workspace, live_message

#: The longest English text taken from the browser (a segment's limit is far below).
MAX_TEXT = 100_000


@dataclass(frozen=True, slots=True)
class Edit:
    """What the browser sends to save or check one entry."""

    #: The entry's msgid (the Dutch segment).
    msgid: str
    #: The English text typed.
    english: str
    #: Whether to mark it reviewed (``fuzzy`` and ``#|`` removed) or needing work (fuzzy).
    reviewed: bool
    #: The digest of the catalog file as the page had it (``-``: no file then).
    base: str


@dataclass(frozen=True, slots=True)
class Version:
    """One side of a conflict: an entry's English and state."""

    #: The English text.
    english: str
    #: Whether it is marked fuzzy.
    fuzzy: bool


class Conflict(PipelineError):
    """The catalog changed on disk after the page was loaded: nothing was written."""

    def __init__(self, message: str, *, filename: str, disk: Version, digest: str) -> None:
        super().__init__(message, filename=filename)
        #: The entry as the file now has it.
        self.disk = disk
        #: The file's digest now (a page that took the disk's version saves against it).
        self.digest = digest


def edit_from(data: object) -> Edit:
    """The :class:`Edit` in a request's JSON, or a PipelineError saying what is wrong."""
    if not isinstance(data, dict):
        raise PipelineError("expected a JSON object")
    msgid, english = data.get("msgid"), data.get("english")
    reviewed, base = data.get("reviewed", False), data.get("base", "")
    if not isinstance(msgid, str) or not msgid or not isinstance(english, str):
        raise PipelineError("msgid and english must be text")
    if not isinstance(reviewed, bool) or not isinstance(base, str):
        raise PipelineError("reviewed must be true or false, base a digest")
    if len(english) > MAX_TEXT or len(msgid) > MAX_TEXT:
        raise PipelineError(f"a text of more than {MAX_TEXT:,} characters")
    return Edit(msgid, english.replace("\r\n", "\n"), reviewed, base)


def check_edit(ws: Workspace, lang: str, slug: str, edit: Edit) -> list[str]:
    """The QA findings the entry would have with ``edit``'s text, reviewed (the release's
    errors; a fuzzy entry has warnings only: :func:`pipeline.checks.rules.check_catalog`).
    The file is not touched."""
    path = ws.catalog_path(lang, slug)
    shown = ws.project.display(path)
    data, _ = ws.catalog(lang, slug)
    if data is None:
        raise PipelineError("no catalog yet (run pipeline update)", filename=shown)
    catalog = parse_po(data, filename=shown)  # a copy of its own to change
    message = live_message(catalog, edit.msgid)
    if message is None:
        raise PipelineError("no entry for this segment (run pipeline update)", filename=shown)
    message.string = edit.english
    message.flags.discard("fuzzy")
    return findings(ws, lang, catalog, shown).get(str(message.id), [])


def save_edit(ws: Workspace, lang: str, slug: str, edit: Edit) -> str:
    """Write ``edit`` into the catalog; the file's new digest. :class:`Conflict` if it moved."""
    path = ws.catalog_path(lang, slug)
    shown = ws.project.display(path)
    with exclusive_lock(ws.project.lock_path):
        data = files.file_bytes(path)
        if data is None:
            raise PipelineError("no catalog yet (run pipeline update)", filename=shown)
        catalog = parse_po(data, filename=shown)
        message = live_message(catalog, edit.msgid)
        if digests.digest(data) != edit.base:
            disk = Version(str(message.string), message.fuzzy) if message else Version("", False)
            raise Conflict(
                "changed on disk since the page was loaded; nothing was saved",
                filename=shown,
                disk=disk,
                digest=digests.digest(data),
            )
        if message is None:
            raise PipelineError("no entry for this segment (run pipeline update)", filename=shown)
        message.string = edit.english
        if edit.reviewed:
            message.flags.discard("fuzzy")
            message.previous_id = []
            message.previous_context = None  # type: ignore[attr-defined]
        else:
            message.flags.add("fuzzy")
        new = generate_po(catalog).encode()
        # What is written must read back: msgfmt's checks on the entry (e.g. a newline at
        # one end of the English and not of the Dutch) refuse it here, nothing written.
        parse_po(new, filename=shown)
        if new != data:
            atomic_write(path, new)
    return digests.digest(new)
