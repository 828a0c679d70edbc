"""The one converter: entries as read (bytes) into a babel Catalog, then msgfmt's checks."""

from __future__ import annotations

from typing import Any

from babel.messages.catalog import Catalog, Message

from pipeline.errors import CatalogError
from pipeline.po.msgfmt import Checked, check_messages
from pipeline.po.syntax import Entry, is_header, set_comments

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

    def comments(self, raw: bytes, lines: tuple[int, ...], line: int) -> list[str]:
        pieces = raw[1:-1].split(b"\n#")
        if not lines:  # only the entry's line is known
            return [self.text(piece, line, "comment") for piece in pieces]
        return [self.text(r, n, "comment") for r, n in zip(pieces, lines, strict=True)]


class CatalogBuilder:
    """The one converter: entries, added one by one, into a babel `Catalog`."""

    def __init__(self, codec: str, filename: str) -> None:
        self.catalog = Catalog(locale=None, fuzzy=False)
        self.catalog.po_filename = filename  # type: ignore[attr-defined]
        self.filename = filename
        self.decode = _Decoder(codec, filename)
        #: The messages msgfmt's checks must see.
        self.checked: list[Checked] = []
        #: The header entry and the line of its msgstr.
        self.header: tuple[Message, int] | None = None

    def add_entry(self, entry: Entry) -> None:
        """`add` an entry the exact reader made."""
        self.add(
            entry.lineno,
            entry.msgstr_lineno,
            entry.obsolete,
            entry.msgid,
            entry.msgstr,
            entry.msgctxt,
            entry.msgid_plural,
            entry.prev_msgctxt,
            entry.prev_msgid,
            entry.prev_msgid_plural,
            entry.comments,
            entry.comment_lines,
        )

    def add(  # noqa: PLR0913 -- the fields of an `Entry`: the tokenizer makes none (speed)
        self,
        line: int,
        msgstr_line: int,
        obsolete: bool,
        msgid: bytes,
        msgstr: list[bytes],
        msgctxt: bytes | None,
        msgid_plural: bytes | None,
        prev_msgctxt: bytes | None,
        prev_msgid: bytes | None,
        prev_msgid_plural: bytes | None,
        comments: bytes,
        comment_lines: tuple[int, ...] = (),
    ) -> None:
        """Convert one entry (the fields of `Entry`) and file it in the catalog.

        One function, longer than a screen: it runs once per entry read, and a call
        more per entry shows in the reader's speed.
        """
        decode = self.decode
        codec = decode.codec
        if 13 in comments:  # a carriage return (an int: a byte search) from CRLF lines
            comments = comments.replace(b"\r\n", b"\n")
        try:  # the usual case, without a call per string; else again, keeping the failure
            lines = comments.decode(codec)[1:-1].split("\n#") if comments else []
            ident = msgid.decode(codec)
            if len(msgstr) == 1:
                strings = [msgstr[0].decode(codec)]
            else:
                strings = [s.decode(codec) for s in msgstr]
        except UnicodeDecodeError:
            lines = decode.comments(comments, comment_lines, line) if comments else []
            ident = decode.text(msgid, line)
            strings = [decode.text(s, msgstr_line or line) for s in msgstr]
        message = Message.__new__(Message) if _BYPASS_INIT else Message("")
        if msgid_plural is None:
            message.id, message.string = ident, strings[0]
        else:
            message.id = (ident, decode.text(msgid_plural, line))  # type: ignore[assignment]
            message.string = tuple(strings)  # type: ignore[assignment]
        set_comments(message, lines)
        message.previous_id = []
        if prev_msgid is not None:
            message.previous_id.append(decode.text(prev_msgid, line))
            if prev_msgid_plural is not None:
                message.previous_id.append(decode.text(prev_msgid_plural, line))
        message.lineno = line
        message.context = context = None if msgctxt is None else decode.text(msgctxt, line)
        message.previous_context = (  # type: ignore[attr-defined]
            None if prev_msgctxt is None else decode.text(prev_msgctxt, line)
        )

        if not msgid and msgctxt is None:  # the header, or a second one
            if self.header is None and is_header(msgctxt, msgid, obsolete):
                self.header = (message, msgstr_line)
                return
            raise CatalogError("duplicate message definition", filename=self.filename)
        # Insert directly: Catalog.__setitem__ would merge duplicates and treat any
        # msgid "" (even with a msgctxt) as the header.
        key = ident if context is None else (ident, context)
        messages, obsolete_messages = self.catalog._messages, self.catalog.obsolete
        if key in messages or key in obsolete_messages:
            # The grammar reports these first, at msgfmt's line; the tokenizer leaves them here.
            raise CatalogError("duplicate message definition", filename=self.filename)
        if obsolete:
            obsolete_messages[key] = message
            return
        messages[key] = message
        # msgfmt checks translated, not fuzzy entries; skip those it cannot fault.
        flags = message.flags
        value = msgstr[0]
        if value and (flags or msgid_plural is not None or b"\n" in value or b"\n" in msgid):
            if "fuzzy" not in flags:
                self.checked.append(Checked(message, msgstr_line))

    def finish(self, deferred: CatalogError | None = None) -> Catalog:
        """The catalog, once msgfmt's checks pass.

        Raises `CatalogError`: msgfmt's checks first, then ``deferred`` (what the grammar
        found that msgfmt accepts but we refuse), then bytes that do not decode.
        """
        if self.header is None:
            raise CatalogError(
                'missing header entry (msgid "" with Content-Type)', filename=self.filename
            )
        header, header_line = self.header
        check_messages(str(header.string), header_line, self.checked, self.filename)
        if deferred is not None or self.decode.error is not None:
            raise deferred or self.decode.error  # type: ignore[misc]
        apply_header(self.catalog, header)
        return self.catalog


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
    fields = vars(catalog)  # the effects are instance attributes, no properties: update
    for line in str(header.string).split("\n"):
        name, sep, value = line.partition(":")
        if sep:
            fields.update(_field_effect(name.strip(), value.strip()))
