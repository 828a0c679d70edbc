"""Read PO files strictly into babel Catalogs and write them exactly as GNU msgcat 0.21 does."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from pipeline.errors import CatalogError
from pipeline.files import write_if_changed
from pipeline.po import fast as pofast
from pipeline.po.parse import (
    RawEntry,
    canonical_charset,
    entry_flags,
    format_key,
    parse_entries,
    reference,
)
from pipeline.po.wrap import PAGE_WIDTH, wrap

# Extra attributes this module keeps on babel objects, because babel drops them:
#
# * ``Catalog.po_header_entry`` (``Message`` or absent): the header entry as read --
#   ``string`` is the header text verbatim (unknown fields, field order, dates), plus
#   its comments, references and flags.  `generate_po` writes it instead of babel's
#   regenerated ``mime_headers`` (only the charset is forced to UTF-8).  Delete the
#   attribute (or set it to ``None``) to write a header built from the Catalog fields.
# * ``Catalog.po_filename`` (``str``): the file name as `parse_po` was given it.
# * ``Message.previous_context`` (``str | None``): the ``#| msgctxt`` of the entry
#   (``Message.previous_id`` holds ``#| msgid`` and ``#| msgid_plural``).

__all__ = ["parse_po", "read_po", "generate_po", "write_po"]

# Format-flag languages in GNU's output order (format_language[] in message.c, 0.21).
_FORMATS = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp "
    "librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl "
    "perl perl-brace php gcc-internal gfc-internal ycp"
).split()


# ---------------------------------------------------------------- reading


#: The largest PO file read, in bytes: several times the catalog of the longest article
#: a source may hold (`pipeline.document.MAX_SOURCE_CHARS`). Past it a file is refused,
#: so that no catalog makes a command slow.
MAX_PO_BYTES = 4_000_000


def parse_po(data: bytes, *, filename: str, fast: bool = True) -> Catalog:
    """Parse PO ``data`` strictly; raise `CatalogError` at the line msgfmt would report.

    The catalog remembers ``filename`` as ``po_filename``, for errors found later.
    Plain, valid files take `pipeline.pofast` (same catalog, many times faster);
    anything else, and every error, takes the strict reader below.  ``fast=False``
    forces the strict reader (the tests compare the two).
    """
    if len(data) > MAX_PO_BYTES:
        raise CatalogError(
            f"{len(data):,} bytes, more than the {MAX_PO_BYTES:,} a catalog may have",
            filename=filename,
        )
    if fast and (catalog := pofast.parse_catalog(data, filename)) is not None:
        return catalog
    entries, codec = parse_entries(data, filename)
    catalog = Catalog(locale=None, fuzzy=False)
    catalog.po_filename = filename  # type: ignore[attr-defined]
    converter = _Converter(codec, filename)
    for entry in entries:
        message = converter.message(entry)
        if entry.msgctxt is None and entry.msgid == b"" and not entry.obsolete:
            pofast.apply_header(catalog, message, cached=False)
            continue
        target = catalog.obsolete if entry.obsolete else catalog._messages
        # Insert directly: Catalog.__setitem__ would merge duplicates and treat any
        # msgid "" (even with a msgctxt) as the header.
        target[catalog._key_for(message.id, message.context)] = message
    return catalog


def read_po(path: Path, *, display_name: str | None = None) -> Catalog:
    """Read and parse the PO file at ``path``; errors name ``display_name`` or the path."""
    name = display_name if display_name is not None else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read file: {exc.strerror}", filename=name) from exc
    return parse_po(data, filename=name)


class _Converter:
    """Turns a `RawEntry` (bytes) into a babel `Message` (text)."""

    def __init__(self, codec: str, filename: str) -> None:
        self.codec = codec
        self.filename = filename

    def text(self, raw: bytes, line: int, what: str = "string") -> str:
        try:
            return raw.decode(self.codec)
        except UnicodeDecodeError:
            # msgfmt leaves these bytes alone: they come from escapes, from comments
            # (never checked) or from lines before the header named the charset.
            hint = "escape sequences and " if what == "string" else ""
            raise CatalogError(
                f"{what} is not valid {self.codec.upper()} (check {hint}the header's charset)",
                filename=self.filename,
                lineno=line,
            ) from None

    def optional(self, raw: bytes | None, line: int) -> str | None:
        return None if raw is None else self.text(raw, line)

    def message(self, entry: RawEntry) -> Message:
        user: list[str] = []
        auto: list[str] = []
        locations: list[tuple[str, int | None]] = []
        for raw, line in entry.comments:
            comment = self.text(raw, line, "comment")
            if comment.startswith("."):
                auto.append(comment[2:] if comment.startswith(". ") else comment[1:])
            elif comment.startswith(":"):
                # Only space, tab and newline separate references (a CR does not).
                locations.extend(reference(t) for t in re.split(r"[ \t\n]+", comment[1:]) if t)
            elif not comment.startswith((",", "!")):  # flags: see entry_flags below
                user.append(comment[1:] if comment.startswith(" ") else comment)
        flags: dict[str, str] = {}  # slot -> flag; a later flag wins, as in GNU
        for flag in entry_flags(entry):
            flags[format_key(flag) or flag] = flag
        line = entry.lineno
        msgid = self.text(entry.msgid, line)
        strings = tuple(self.text(s, entry.msgstr_lineno) for s in entry.msgstr)
        ident: str | tuple[str, str] = msgid
        string: str | tuple[str, ...] = strings[0]
        if entry.msgid_plural is not None:
            ident, string = (msgid, self.text(entry.msgid_plural, line)), strings
        previous = [
            self.text(p, line) for p in (entry.prev_msgid, entry.prev_msgid_plural) if p is not None
        ]
        message = Message(ident, string, context=self.optional(entry.msgctxt, line), lineno=line)
        # Set these after construction: Message() de-duplicates comments and guesses
        # python-format flags, and we want exactly what the file says.
        message.flags = set(flags.values())
        message.user_comments = user
        message.auto_comments = auto
        # GNU drops duplicate references too; babel types the line as int, but None
        # (a reference without a line number) is what babel's own reader stores.
        message.locations = list(dict.fromkeys(locations))  # type: ignore[arg-type]
        message.previous_id = previous
        message.previous_context = self.optional(  # type: ignore[attr-defined]
            entry.prev_msgctxt, line
        )
        return message


# ---------------------------------------------------------------- writing


def generate_po(catalog: Catalog) -> str:
    """Return the catalog as PO text, byte-identical to what ``msgcat`` (0.21) prints."""
    header = getattr(catalog, "po_header_entry", None)
    if header is None:
        header = Message("", _fresh_header_text(catalog))
        header.user_comments = [_strip_hash(line) for line in _fresh_header_comment(catalog)]
    header_text = _force_utf8(str(header.string))
    flags = (set(header.flags) - {"fuzzy"}) | ({"fuzzy"} if catalog.fuzzy else set())
    blocks = [_entry(header, "", "", header_text, flags=flags)]
    for message in catalog._messages.values():
        blocks.append(_entry(message, "", ""))
    for message in catalog.obsolete.values():
        string = message.string
        first = string[0] if isinstance(string, (list, tuple)) and string else string
        if first:  # msgcat drops obsolete entries without a translation
            blocks.append(_entry(message, "#~ ", "#~| "))
    return "\n".join(blocks)


def write_po(path: Path, catalog: Catalog) -> bool:
    """Write the catalog to ``path`` (atomically, only if different); return whether it changed."""
    return write_if_changed(path, generate_po(catalog).encode("utf-8"))


def _strip_hash(line: str) -> str:
    line = line[1:] if line.startswith("#") else line
    return line[1:] if line.startswith(" ") else line


def _fresh_header_comment(catalog: Catalog) -> list[str]:
    # Babel's header_comment getter uses now() for YEAR unless revision_date is a
    # datetime; take the year from the catalog's own dates so output is deterministic.
    raw: str = catalog._header_comment or ""
    year = "YEAR"
    for stamp in (catalog.revision_date, catalog.creation_date):
        if hasattr(stamp, "strftime"):
            year = stamp.strftime("%Y")
            break
    raw = (
        raw.replace("PROJECT", catalog.project)
        .replace("VERSION", catalog.version)
        .replace("YEAR", year)
        .replace("ORGANIZATION", catalog.copyright_holder)
    )
    locale_name = catalog.locale.english_name if catalog.locale else catalog.locale_identifier
    if locale_name:
        raw = raw.replace("Translations template", f"{locale_name} translations")
    return raw.splitlines()


def _fresh_header_text(catalog: Catalog) -> str:
    fields = [
        (k, "text/plain; charset=UTF-8" if k == "Content-Type" else v.strip())
        for k, v in catalog.mime_headers
        if k != "Generated-By"
    ]  # Babel's version varies
    return "".join(f"{k}: {v}\n" for k, v in fields)


def _force_utf8(header: str) -> str:
    """We always write UTF-8, so the header must say so."""
    lines = header.split("\n")
    for i, line in enumerate(lines):
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "content-type":
            start = value.find("charset=")
            end = start + 8
            while start >= 0 and end < len(value) and value[end] not in " \t;":
                end += 1
            if start >= 0 and canonical_charset(value[start + 8 : end]) != "UTF-8":
                lines[i] = f"{name}:{value[:start]}charset=UTF-8{value[end:]}"
    return "\n".join(lines)


def _slots(flags: set[str] | frozenset[str]) -> dict[str, str]:
    """GNU's view of a flag set: one value per format language, range and wrap."""
    slots: dict[str, str] = {}
    # Sorted, so that a set holding both "x-format" and "no-x-format" writes the same
    # every time.
    for flag in sorted(flags):
        key = format_key(flag)
        if key is not None:
            slots[key] = flag
    return slots


def _format_flag(flags: set[str] | frozenset[str], language: str) -> bool:
    """Whether the flags mark the strings as (possibly) ``language`` format strings."""
    flag = _slots(flags).get(f"{language}-format", "")
    return bool(flag) and not flag.startswith(("no-", "impossible-"))


@functools.lru_cache(maxsize=1024)
def _string_language(flags: frozenset[str]) -> str:
    """The format language write-po.c parses an entry's strings with: the first one
    (in `_FORMATS` order) the flags allow; "" for none.  Memoised: few flag sets recur."""
    return next((lang for lang in _FORMATS if _format_flag(flags, lang)), "")


def _flag_line(flags: set[str], translated: bool, obsolete: bool) -> str | None:
    return _flag_line_of(frozenset(flags), translated, obsolete)


@functools.lru_cache(maxsize=1024)
def _flag_line_of(flags: frozenset[str], translated: bool, obsolete: bool) -> str | None:
    """`_flag_line`, memoised: few flag sets recur."""
    slots = _slots(flags)
    out = ["fuzzy"] if "fuzzy" in flags and translated else []
    for lang in _FORMATS:
        flag = slots.get(f"{lang}-format", "")
        if flag.startswith("no-"):
            out.append(f"no-{lang}-format")
        elif flag and not flag.startswith("impossible-"):
            out.append(f"{lang}-format")
    if "range" in slots and not obsolete:  # msgcat drops ranges of obsolete entries
        out.append(slots["range"])
    if slots.get("wrap") == "no-wrap":
        out.append("no-wrap")
    # GNU drops flags it does not know; we keep them (a translator's ``ignore-same``
    # silences a check), after GNU's own, sorted so the output is deterministic.
    out += sorted(f for f in flags if f != "fuzzy" and format_key(f) is None)
    return "#, " + ", ".join(out) if out else None


def _entry(
    message: Message,
    prefix: str,
    prev_prefix: str,
    header_text: str | None = None,
    flags: set[str] | None = None,
) -> str:
    """One entry's lines (message_print / message_print_obsolete in write-po.c)."""
    lines = ["# " + c if c else "#" for c in message.user_comments]
    lines += ["#. " + c if c else "#." for c in message.auto_comments]
    if message.locations:
        refs, column = "#:", 2
        for file, line in dict.fromkeys(message.locations):
            while file.startswith("./"):
                file = file[2:]
            ref = file if line is None else f"{file}:{line}"
            if column > 2 and column + len(ref) + 1 > PAGE_WIDTH:
                lines.append(refs)
                refs, column = "#:", 2
            refs += " " + ref
            column += len(ref) + 1
        lines.append(refs)
    plural: str | None = None
    if isinstance(message.id, (list, tuple)):
        msgid, plural = message.id[0], message.id[1]
        strings = list(message.string) if message.string else [""]
    else:
        msgid = message.id
        strings = [header_text if header_text is not None else str(message.string or "")]
    frozen = frozenset(message.flags if flags is None else flags)
    flag_line = _flag_line_of(frozen, bool(strings[0]), prefix == "#~ ")
    if flag_line:
        lines.append(flag_line)
    wrapped = "no-wrap" not in frozen
    # write-po.c parses every string with the first format language the flags allow
    # and does not break lines inside its directives.
    language = _string_language(frozen)
    previous_context = getattr(message, "previous_context", None)
    previous: list[str] = list(message.previous_id or [])
    if previous_context is not None:
        lines += wrap(prev_prefix or "#| ", "msgctxt", previous_context, wrapped, language)
    for name, value in zip(("msgid", "msgid_plural"), previous, strict=False):
        lines += wrap(prev_prefix or "#| ", name, value, wrapped, language)
    if message.context is not None:
        lines += wrap(prefix, "msgctxt", message.context, wrapped, language)
    lines += wrap(prefix, "msgid", msgid, wrapped, language)
    if plural is None:
        lines += wrap(prefix, "msgstr", strings[0], wrapped, language)
    else:
        lines += wrap(prefix, "msgid_plural", plural, wrapped, language)
        for i, value in enumerate(strings):
            lines += wrap(prefix, f"msgstr[{i}]", value, wrapped, language)
    lines.append("")  # every line ends with "\n"
    return "\n".join(lines)
