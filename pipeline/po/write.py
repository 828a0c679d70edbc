"""GNU-exact PO writing: the text ``msgcat`` (0.21) prints for a babel Catalog."""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from pipeline.files import write_if_changed
from pipeline.po.syntax import canonical_charset, flag_slot
from pipeline.po.wrap import PAGE_WIDTH, wrap

# Format-flag languages in GNU's output order (format_language[] in message.c, 0.21).
_FORMATS = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp "
    "librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl "
    "perl perl-brace php gcc-internal gfc-internal ycp"
).split()


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


def _comments(mark: str, comments: list[str]) -> list[str]:
    """Comment lines as write-po.c prints them (one line per line of a comment), and
    without a carriage return at a line's end: a catalog saved with CRLF comes out LF."""
    if not comments:
        return []
    if any("\n" in c or "\r" in c for c in comments):
        comments = [line.rstrip("\r") for c in comments for line in c.split("\n")]
    return [f"{mark} {c}" if c else mark for c in comments]


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
    return raw.split("\n")


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
        key = flag_slot(flag)
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


@functools.lru_cache(maxsize=1024)
def _flag_line(flags: frozenset[str], translated: bool, obsolete: bool) -> str | None:
    """The ``#,`` line GNU writes for an entry's flags, or ``None``; memoised: few flag
    sets recur."""
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
    out += sorted(f for f in flags if f != "fuzzy" and flag_slot(f) is None)
    return "#, " + ", ".join(out) if out else None


def _entry(
    message: Message,
    prefix: str,
    prev_prefix: str,
    header_text: str | None = None,
    flags: set[str] | None = None,
) -> str:
    """One entry's lines (message_print / message_print_obsolete in write-po.c)."""
    lines = _comments("#", message.user_comments) + _comments("#.", message.auto_comments)
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
    flag_line = _flag_line(frozen, bool(strings[0]), prefix == "#~ ")
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
