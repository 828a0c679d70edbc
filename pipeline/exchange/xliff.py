"""XLIFF 1.2 for translation agencies: a language's catalogs exported, their work merged back.

Written and read through translate-toolkit's ``translate.storage.xliff``. Each
``<trans-unit>`` is one catalog entry; its id is a digest of msgctxt and msgid, so it
names the entry whatever else changes. The entry as exported (English and state) travels
in the unit as an ``<alt-trans alttranstype="previous-version">``: an import compares it
with the catalog as it is now, and an entry changed in between is a conflict, not
overwritten.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from lxml import etree
from translate.storage import xliff

from pipeline import files, po
from pipeline.catalogs.merge import live
from pipeline.errors import CatalogError, PipelineError
from pipeline.files import atomic_write, exclusive_lock
from pipeline.project import SOURCE_LANG, TARGET_LANGS, Project, check_lang

#: XLIFF 1.2's namespace (translate-toolkit's own skeleton is 1.1).
NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
#: A reviewed entry's state; a fuzzy one's; an untranslated one's.
REVIEWED, FUZZY, NEW = "final", "needs-review-translation", "new"
#: The states an agency marks a unit done with (besides ``approved="yes"``).
_DONE = frozenset({"final", "signed-off"})
#: Where a unit keeps the entry's flags, msgctxt and previous Dutch (``#|``), as PO has them.
_PO_CONTEXTS = ("x-po-flags", "x-po-msgctxt", "x-po-previous-msgid")
#: A ``<file original>``: the catalog's path, ``content/<lang>/<name>.po``.
_ORIGINAL = re.compile(r"content/([a-z]{2,3})/((?:newsletters/)?[\w.-]+)\.po")


class _Unit12(xliff.xliffunit):
    """translate-toolkit's XLIFF unit, in version 1.2."""

    namespace = NAMESPACE


class _Xliff12(xliff.xlifffile):
    """translate-toolkit's XLIFF store, in version 1.2."""

    UnitClass = _Unit12

    XMLskeleton = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NAMESPACE}">
<file original="NoName" source-language="{SOURCE_LANG}" datatype="plaintext">
<body>
</body>
</file>
</xliff>"""
    namespace = NAMESPACE


@dataclass(frozen=True, slots=True)
class State:
    """An entry's English and whether it is fuzzy: what an import compares."""

    #: The English (empty: untranslated).
    english: str
    #: Whether it is fuzzy (not reviewed).
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class Notice:
    """A unit an import left out, and why."""

    #: ``FILE:LINE`` of the unit in the XLIFF file.
    where: str
    #: What happened, in one line.
    message: str

    def __str__(self) -> str:
        return f"{self.where}: warning: {self.message}"


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did."""

    #: The catalogs written (as users see them).
    written: tuple[str, ...]
    #: How many units changed an entry.
    units: int
    #: The units left out: Dutch no longer in the catalog, conflicts, …
    notices: tuple[Notice, ...]


def unit_id(message: Message) -> str:
    """A unit's id: a digest of the entry's msgctxt and msgid (stable while the Dutch is)."""
    key = f"{message.context or ''}\x04{message.id}".encode()
    return "nl-" + hashlib.sha256(key).hexdigest()[:20]


def state_of(message: Message) -> State:
    string = str(message.string or "")
    return State(string, bool(string) and message.fuzzy)


def xliff_state(state: State) -> str:
    """The XLIFF ``state`` of an entry: reviewed, fuzzy or new."""
    return NEW if not state.english else FUZZY if state.fuzzy else REVIEWED


# ---------------------------------------------------------------- export


def export_xliff(project: Project, lang: str, names: Sequence[str], out_dir: Path) -> list[Path]:
    """Write ``<out_dir>/<name>.xlf`` for each catalog of ``names`` in ``lang``; the paths.

    Every active entry is a unit (obsolete ones are not exported).
    """
    check_lang(lang, targets_only=True)
    written = []
    for name in names:
        path = project.catalog_path(lang, name)
        shown = project.display(path)
        if not path.exists():
            raise PipelineError("no catalog (run pipeline update)", filename=shown)
        catalog = po.read_po(path, display_name=shown)
        target = out_dir / f"{name}.xlf"
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, xliff_bytes(catalog, shown=shown, lang=lang), durable=False)
        written.append(target)
    return written


def xliff_bytes(catalog: Catalog, *, shown: str, lang: str) -> bytes:
    """The XLIFF document of one catalog (path ``shown``): one ``<file>``, a unit per entry."""
    store = _Xliff12()
    store.switchfile(shown, createifmissing=True)
    store.setsourcelanguage(SOURCE_LANG)
    store.settargetlanguage(lang)
    for message in live(catalog):
        if isinstance(message.id, str) and message.id:
            _add_unit(store, message, shown=shown, lang=lang)
    return bytes(store)


def _add_unit(store: _Xliff12, message: Message, *, shown: str, lang: str) -> None:
    unit = store.UnitClass(str(message.id))
    unit.setid(unit_id(message))
    store.addunit(unit)  # first: the store's namespace for what follows
    state = state_of(message)
    unit.settarget(state.english, lang=lang)
    unit.xmlelement.set("approved", "no" if xliff_state(state) != REVIEWED else "yes")
    _target(unit.xmlelement).set("state", xliff_state(state))
    for comment in message.auto_comments:
        unit.addnote(comment, origin="developer")
    for comment in message.user_comments:
        unit.addnote(comment, origin="translator")
    for filename, line in message.locations:
        place = f"{filename}:{line}" if line else filename
        unit.addnote(place, origin="reference")
        unit.addlocation(place)
    previous = message.previous_id
    contexts = [
        ("x-po-flags", ", ".join(sorted(f for f in message.flags if f != "fuzzy"))),
        ("x-po-msgctxt", message.context or ""),
        ("x-po-previous-msgid", previous if isinstance(previous, str) else "".join(previous[:1])),
    ]
    contexts = [(kind, text) for kind, text in contexts if text]
    if contexts:
        unit.createcontextgroup("po-entry", contexts, "information")
    unit.addalttrans(state.english, origin=shown, lang=lang, sourcetxt=str(message.id))
    exported = unit.xmlelement.findall(unit.namespaced("alt-trans"))[-1]
    exported.set("alttranstype", "previous-version")
    _target(exported).set("state", xliff_state(state))


def _target(node: etree._Element) -> etree._Element:
    """The ``<target>`` of a unit or alt-trans (in the namespace of XLIFF 1.1 or 1.2)."""
    return next(n for n in node.iterchildren() if etree.QName(n).localname == "target")


# ---------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class _Unit:
    """A unit as an import reads it."""

    #: ``FILE:LINE`` of the unit.
    where: str
    #: Its id (the digest of the entry it was exported from).
    id: str
    #: The Dutch.
    source: str
    #: The agency's English and state.
    new: State
    #: Whether the agency approved it (``approved="yes"``, or state final/signed-off).
    approved: bool
    #: The entry as exported, or ``None`` when the unit carries none.
    exported: State | None


def import_xliff(project: Project, paths: Sequence[Path]) -> Imported:
    """Merge the units of the XLIFF files ``paths`` into the project's catalogs.

    An approved unit becomes a reviewed entry (no ``fuzzy``, no ``#|``), another a
    fuzzy one. A unit whose Dutch is no longer in its catalog, or whose entry changed
    in the catalog since the export (a conflict), is a :class:`Notice` and not written;
    nothing else in a catalog changes. A malformed file is a :class:`PipelineError` at
    its ``file:line``, and then nothing is written. Under the project lock.
    """
    by_catalog: dict[Path, list[_Unit]] = {}
    for path in paths:
        for catalog_path, units in _read_units(project, path):
            by_catalog.setdefault(catalog_path, []).extend(units)
    notices: list[Notice] = []
    count = 0
    with exclusive_lock(project.lock_path):
        new_data: dict[Path, bytes] = {}
        for catalog_path, units in by_catalog.items():
            shown = project.display(catalog_path)
            data = files.file_bytes(catalog_path)
            if data is None:
                where = units[0].where
                raise PipelineError(f"no catalog {shown} (run pipeline update)", filename=where)
            catalog = po.parse_po(data, filename=shown)
            changed = _merge_units(catalog, units, shown, notices)
            if changed:
                new = po.generate_po(catalog).encode()
                po.parse_po(new, filename=shown)  # what is written must read back
                if new != data:
                    new_data[catalog_path] = new
                count += changed
        for catalog_path, new in new_data.items():  # all read and checked: now write
            atomic_write(catalog_path, new)
    written = tuple(project.display(p) for p in new_data)
    return Imported(written, count, tuple(notices))


def _merge_units(catalog: Catalog, units: list[_Unit], shown: str, notices: list[Notice]) -> int:
    """Apply ``units`` to ``catalog``; how many changed an entry. Left-out units are noticed."""
    by_id = {unit_id(m): m for m in live(catalog) if isinstance(m.id, str) and m.id}
    changed = 0
    for unit in units:
        message = by_id.get(unit.id)
        if message is None or str(message.id) != unit.source:
            notices.append(Notice(unit.where, f"its Dutch is no longer in {shown}: not imported"))
            continue
        now = state_of(message)
        if unit.new in (now, unit.exported):
            continue  # nothing to do: the catalog has it, or the agency changed nothing
        at = f"{shown}:{message.lineno}"
        if unit.exported is None:
            notices.append(
                Notice(unit.where, f"no exported version to compare with {at}: not imported")
            )
            continue
        if now != unit.exported:
            notices.append(
                Notice(unit.where, f"conflict: {at} changed since the export: not imported")
            )
            continue
        if unit.approved and not unit.new.english:
            notices.append(Notice(unit.where, "approved with no English: not imported"))
            continue
        refused = _refused(unit.source, unit.new.english)
        if refused:
            raise CatalogError(
                refused,
                filename=unit.where.rpartition(":")[0],
                lineno=int(unit.where.rpartition(":")[2]),
            )
        message.string = unit.new.english
        if unit.new.english and not unit.new.fuzzy:
            message.flags.discard("fuzzy")
            message.previous_id = []
            message.previous_context = None  # type: ignore[attr-defined]
        elif unit.new.english:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
        changed += 1
    return changed


def _refused(msgid: str, msgstr: str) -> str | None:
    """Why msgfmt would refuse ``msgstr`` as the translation of ``msgid``, or ``None``."""
    catalog = Catalog(locale=TARGET_LANGS[0], fuzzy=False)
    catalog.add(msgid, msgstr)
    try:
        po.parse_po(po.generate_po(catalog).encode(), filename="-")
    except CatalogError as exc:
        return exc.message
    return None


def _read_units(project: Project, path: Path) -> Iterator[tuple[Path, list[_Unit]]]:
    """The units of one XLIFF file by the catalog they belong to; errors at ``file:line``."""
    shown = project.display(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"cannot read file: {exc.strerror}", filename=shown) from None
    try:
        store = xliff.xlifffile.parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise PipelineError(f"not XML: {exc.msg}", filename=shown, lineno=exc.lineno) from None
    except ValueError as exc:
        raise PipelineError(f"not XLIFF 1.2: {exc}", filename=shown) from None
    by_file: dict[etree._Element, list[_Unit]] = {}
    for unit in store.units:
        filenode = next(unit.xmlelement.iterancestors(store.namespaced("file")))
        units = by_file.setdefault(filenode, [])
        units.append(_read_unit(unit, f"{shown}:{unit.xmlelement.sourceline}"))
    for filenode, units in by_file.items():
        yield _catalog_of(project, filenode, shown), units


def _catalog_of(project: Project, filenode: etree._Element, shown: str) -> Path:
    """The catalog a ``<file>`` was exported from; its languages checked."""
    line = filenode.sourceline
    source = (filenode.get("source-language") or "").lower().split("-")[0]
    target = (filenode.get("target-language") or "").lower().split("-")[0]
    if source != SOURCE_LANG:
        raise PipelineError(
            f"source-language {source or 'missing'}, not {SOURCE_LANG}", filename=shown, lineno=line
        )
    original = filenode.get("original") or ""
    found = _ORIGINAL.fullmatch(original)
    if found is None or found.group(1) != target or target not in TARGET_LANGS:
        raise PipelineError(
            f"<file original={original!r}> is not a catalog content/<lang>/<slug>.po of"
            f" target-language {target or 'missing'}",
            filename=shown,
            lineno=line,
        )
    return project.catalog_path(target, found.group(2))


def _read_unit(unit: xliff.xliffunit, where: str) -> _Unit:
    node = unit.xmlelement
    uid = node.get("id")
    if not uid:
        filename, _, line = where.rpartition(":")
        raise PipelineError("a <trans-unit> without an id", filename=filename, lineno=int(line))
    english = str(unit.target or "")
    state = _state_attr(node)
    approved = node.get("approved") == "yes" or state in _DONE
    exported = None
    for alt in node.iterchildren(unit.namespaced("alt-trans")):
        if alt.get("alttranstype") == "previous-version":
            text = "".join(_target(alt).itertext())
            exported = State(text, _state_attr(alt) == FUZZY and bool(text))
    return _Unit(
        where,
        uid,
        str(unit.source),
        State(english, bool(english) and not approved),
        approved,
        exported,
    )


def _state_attr(node: etree._Element) -> str:
    target = next((n for n in node.iterchildren() if etree.QName(n).localname == "target"), None)
    return (target.get("state") or "") if target is not None else ""
