"""The one converter: entries as read (bytes) into a babel Catalog, then msgfmt's checks."""

from __future__ import annotations

from typing import Any

from babel.messages.catalog import Catalog, Message

from pipeline.errors import CatalogError
from pipeline.po.check import Checked, check_messages
from pipeline.po.syntax import Entry, resolve_flags, sort_comments

# Extra attributes kept on babel objects, because babel drops them:
#
# * ``Catalog.po_header_entry`` (``Message`` or absent): the header entry as read --
#   ``string`` is the header text verbatim (unknown fields, field order, dates), plus
#   its comments, references and flags.  `generate_po` writes it instead of babel's
#   regenerated ``mime_headers`` (only the charset is forced to UTF-8).
# * ``Catalog.po_filename`` (``str``): the file name as `parse_po` was given it.
# * ``Message.previous_context`` (``str | None``): the ``#| msgctxt`` of the entry
#   (``Message.previous_id`` holds ``#| msgid`` and ``#| msgid_plural``).

# Message.__init__ de-duplicates comments and guesses python-format flags (a regex
# search per message); we want exactly what the file says, so we set its attributes,
# in its order, ourselves.  If babel's Message ever gets other attributes, it is built
# the ordinary way and the attributes set after.
_BYPASS_INIT = tuple(vars(Message("x"))) == (
    "id",
    "string",
    "locations",
    "flags",
    "auto_comments",
    "user_comments",
    "previous_id",
    "lineno",
    "context",
)


class _Decoder:
    """Decodes an entry's bytes with the file's codec, keeping the first failure.

    msgfmt never fails on these bytes (they come from escapes, from comments, which it
    never checks, or from lines before the header named the charset), so the failure
    is raised only after msgfmt's own checks pass, as the last word.
    """

    def __init__(self, codec: str, filename: str) -> None:
        self.codec = codec
        self.filename = filename
        self.error: CatalogError | None = None

    def text(self, raw: bytes, line: int, what: str = "string") -> str:
        try:
            return raw.decode(self.codec)
        except UnicodeDecodeError:
            if self.error is None:
                hint = "escape sequences and " if what == "string" else ""
                self.error = CatalogError(
                    f"{what} is not valid {self.codec.upper()} (check {hint}the header's charset)",
                    filename=self.filename,
                    lineno=line or None,
                )
            return raw.decode(self.codec, "replace")

    def comments(self, entry: Entry) -> list[str]:
        if not entry.comments:
            return []
        if not entry.comment_lines:  # one piece: only the first line is known
            return self.text(entry.comments, entry.lineno, "comment").split("\n")
        raws = entry.comments.split(b"\n")
        return [self.text(r, n, "comment") for r, n in zip(raws, entry.comment_lines, strict=True)]


def to_message(entry: Entry, decode: _Decoder) -> Message:
    """The babel `Message` of one entry, every field as the file has it."""
    line = entry.lineno
    codec = decode.codec
    try:  # the usual case, without a call per string; else again, keeping the failure
        comments = entry.comments.decode(codec).split("\n") if entry.comments else []
        msgid = entry.msgid.decode(codec)
        strings = [s.decode(codec) for s in entry.msgstr]
    except UnicodeDecodeError:
        comments = decode.comments(entry)
        msgid = decode.text(entry.msgid, line)
        strings = [decode.text(s, entry.msgstr_lineno or line) for s in entry.msgstr]
    sorted_comments = sort_comments(comments)
    message = Message.__new__(Message) if _BYPASS_INIT else Message("")
    if entry.msgid_plural is None:
        message.id, message.string = msgid, strings[0]
    else:
        message.id = (msgid, decode.text(entry.msgid_plural, line))  # type: ignore[assignment]
        message.string = tuple(strings)  # type: ignore[assignment]
    # Babel types a reference's line as int, but None (a reference without one) is
    # what its own reader stores.
    message.locations = sorted_comments.locations  # type: ignore[assignment]
    flags = sorted_comments.flags
    message.flags = resolve_flags(flags) if flags else set()
    message.auto_comments = sorted_comments.auto
    message.user_comments = sorted_comments.user
    message.previous_id = []
    if entry.prev_msgid is not None:
        message.previous_id.append(decode.text(entry.prev_msgid, line))
        if entry.prev_msgid_plural is not None:
            message.previous_id.append(decode.text(entry.prev_msgid_plural, line))
    message.lineno = line
    message.context = None if entry.msgctxt is None else decode.text(entry.msgctxt, line)
    message.previous_context = (  # type: ignore[attr-defined]
        None if entry.prev_msgctxt is None else decode.text(entry.prev_msgctxt, line)
    )
    return message


def to_catalog(
    entries: list[Entry], codec: str, filename: str, deferred: CatalogError | None = None
) -> Catalog:
    """The catalog of a file's entries (the header's among them).

    Raises `CatalogError`: msgfmt's checks first, then ``deferred`` (what the grammar
    found that msgfmt accepts but we refuse), then bytes that do not decode.
    """
    catalog = Catalog(locale=None, fuzzy=False)
    catalog.po_filename = filename  # type: ignore[attr-defined]
    decode = _Decoder(codec, filename)
    checked: list[Checked] = []
    header: tuple[Message, int] | None = None
    messages, obsolete = catalog._messages, catalog.obsolete
    for entry in entries:
        message = to_message(entry, decode)
        if not entry.msgid and entry.msgctxt is None:  # the header, or a second one
            if header is None and not entry.obsolete:
                header = (message, entry.msgstr_lineno)
                continue
            raise CatalogError("duplicate message definition", filename=filename)
        # Insert directly: Catalog.__setitem__ would merge duplicates and treat any
        # msgid "" (even with a msgctxt) as the header.
        msgid: str = message.id[0] if entry.msgid_plural is not None else message.id  # type: ignore[assignment]
        key = msgid if message.context is None else (msgid, message.context)
        if key in messages or key in obsolete:
            # The grammar reports these first, at msgfmt's line; the tokenizer leaves them here.
            raise CatalogError("duplicate message definition", filename=filename)
        if entry.obsolete:
            obsolete[key] = message
            continue
        messages[key] = message
        # msgfmt checks translated, not fuzzy entries; skip those it cannot fault.
        flags, value = message.flags, entry.msgstr[0]
        if value and (flags or entry.msgid_plural is not None or b"\n" in value + entry.msgid):
            if "fuzzy" not in flags:
                checked.append(Checked(message, entry.msgstr_lineno))
    if header is None:
        raise CatalogError('missing header entry (msgid "" with Content-Type)', filename=filename)
    check_messages(str(header[0].string), header[1], checked, filename)
    if deferred is not None or decode.error is not None:
        raise deferred or decode.error  # type: ignore[misc]
    apply_header(catalog, header[0])
    return catalog


# ---------------------------------------------------------------- the header

_UNSET = object()
#: What babel's ``Catalog.mime_headers`` setter assigns for one (name, value) field.
_FIELD_EFFECTS: dict[tuple[str, str], dict[str, Any]] = {}


def _field_effect(name: str, value: str) -> dict[str, Any]:
    """The attributes babel's header setter assigns for one field (also when it raises).

    Each field's assignments depend on its name and value only (the setter reads
    ``charset``, but only to decode bytes, and these are text), so they are found once
    on an empty probe catalog and replayed.
    """
    key = (name, value)
    effect = _FIELD_EFFECTS.get(key)
    if effect is None:
        probe = Catalog.__new__(Catalog)
        probe.charset = _UNSET  # type: ignore[assignment]
        try:
            probe.mime_headers = [(name, value)]
        except Exception:  # noqa: BLE001,S110 -- babel rejects odd locales and dates
            pass  # the raw header (po_header_entry) still has the field
        effect = {k: v for k, v in vars(probe).items() if v is not _UNSET}
        if len(_FIELD_EFFECTS) >= 10_000:  # dates and project names vary: stay small
            _FIELD_EFFECTS.clear()
        _FIELD_EFFECTS[key] = effect
    return effect


def apply_header(catalog: Catalog, header: Message) -> None:
    """Set ``catalog``'s fields from its header entry, as babel's header setter does."""
    catalog.po_header_entry = header  # type: ignore[attr-defined]
    catalog.fuzzy = header.fuzzy
    catalog.header_comment = "\n".join(f"# {c}".rstrip() for c in header.user_comments)
    for line in str(header.string).split("\n"):
        name, sep, value = line.partition(":")
        if sep:
            for attribute, setting in _field_effect(name.strip(), value.strip()).items():
                setattr(catalog, attribute, setting)
