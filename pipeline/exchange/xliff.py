"""XLIFF 1.2 for translation agencies: a language's catalogs exported, their units read back.

Written and read through translate-toolkit's ``translate.storage.xliff``. Each
``<trans-unit>`` is one catalog entry; its id is a digest of msgctxt and msgid, so it
names the entry whatever else changes. The entry as exported (English and state) travels
in the unit as an ``<alt-trans alttranstype="previous-version">``, for an import
(`pipeline.exchange.receive`) to compare with the catalog as it is then.
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

from pipeline import po
from pipeline.catalogs.merge import live
from pipeline.errors import PipelineError
from pipeline.exchange.toolkit import read_store
from pipeline.files import atomic_write
from pipeline.project import Project

#: XLIFF 1.2's namespace (translate-toolkit's own skeleton is 1.1).
NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
#: A reviewed entry's state; a fuzzy one's; an untranslated one's.
REVIEWED, FUZZY, NEW = "final", "needs-review-translation", "new"
#: The states an agency marks a unit done with (besides ``approved="yes"``).
_DONE = frozenset({"final", "signed-off"})
#: A ``<file original>``: the catalog's path, ``content/<lang>/<name>.po``.
_ORIGINAL = re.compile(r"content/([a-z]{2,3})/((?:newsletters/)?[\w.-]+)\.po")


class Unit12(xliff.xliffunit):
    """translate-toolkit's XLIFF unit, in version 1.2."""

    namespace = NAMESPACE


class _Xliff12(xliff.xlifffile):
    """translate-toolkit's XLIFF store, in version 1.2."""

    UnitClass = Unit12

    XMLskeleton = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NAMESPACE}">
<file original="NoName" source-language="und" datatype="plaintext">
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


def unit_id(message: Message) -> str:
    """A unit's id: a digest of the entry's msgctxt and msgid (stable while the Dutch is)."""
    key = f"{message.context or ''}\x04{message.id}".encode()
    return "nl-" + hashlib.sha256(key).hexdigest()[:20]


def state_of(message: Message) -> State:
    """An entry's English and state (an empty entry is never fuzzy)."""
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
    project.languages.check(lang, targets_only=True)
    written = []
    for name in names:
        path = project.catalog_path(lang, name)
        shown = project.display(path)
        if not path.exists():
            raise PipelineError("no catalog (run pipeline update)", filename=shown)
        catalog = po.read_po(path, display_name=shown)
        target = out_dir / f"{name}.xlf"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = xliff_bytes(catalog, shown=shown, lang=lang, source=project.source_lang)
        atomic_write(target, data, durable=False)
        written.append(target)
    return written


def xliff_bytes(catalog: Catalog, *, shown: str, lang: str, source: str) -> bytes:
    """The XLIFF document of one catalog (path ``shown``) from ``source`` into ``lang``:
    one ``<file>``, a unit per entry."""
    store = _Xliff12()
    store.switchfile(shown, createifmissing=True)
    store.setsourcelanguage(source)
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


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as an import reads it."""

    #: The XLIFF file, as users see it.
    filename: str
    #: The 1-based line of its ``<trans-unit>``.
    line: int
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

    @property
    def where(self) -> str:
        """``FILE:LINE``, for messages."""
        return f"{self.filename}:{self.line}"


def read_units(project: Project, path: Path) -> Iterator[tuple[Path, list[Unit]]]:
    """The units of one XLIFF file by the catalog they belong to; errors at ``file:line``."""
    shown = project.display(path)
    store = read_store(path, xliff.xlifffile.parsestring, kind="XLIFF 1.2", shown=shown)
    by_file: dict[etree._Element, list[Unit]] = {}
    for unit in store.units:
        filenode = next(unit.xmlelement.iterancestors(store.namespaced("file")))
        units = by_file.setdefault(filenode, [])
        units.append(_read_unit(unit, shown, int(unit.xmlelement.sourceline or 0)))
    for filenode, units in by_file.items():
        yield _catalog_of(project, filenode, shown), units


def _catalog_of(project: Project, filenode: etree._Element, shown: str) -> Path:
    """The catalog a ``<file>`` was exported from; its languages checked."""
    line = filenode.sourceline
    source = (filenode.get("source-language") or "").lower().split("-")[0]
    target = (filenode.get("target-language") or "").lower().split("-")[0]
    if source != project.source_lang:
        raise PipelineError(
            f"source-language {source or 'missing'}, not {project.source_lang}",
            filename=shown,
            lineno=line,
        )
    original = filenode.get("original") or ""
    found = _ORIGINAL.fullmatch(original)
    if found is None or found.group(1) != target or target not in project.languages.targets:
        raise PipelineError(
            f"<file original={original!r}> is not a catalog content/<lang>/<slug>.po of"
            f" target-language {target or 'missing'}",
            filename=shown,
            lineno=line,
        )
    return project.catalog_path(target, found.group(2))


def _read_unit(unit: xliff.xliffunit, shown: str, line: int) -> Unit:
    node = unit.xmlelement
    uid = node.get("id")
    if not uid:
        raise PipelineError("a <trans-unit> without an id", filename=shown, lineno=line)
    english = str(unit.target or "")
    state = _state_attr(node)
    approved = node.get("approved") == "yes" or state in _DONE
    exported = None
    for alt in node.iterchildren(unit.namespaced("alt-trans")):
        if alt.get("alttranstype") == "previous-version":
            text = "".join(_target(alt).itertext())
            exported = State(text, _state_attr(alt) == FUZZY and bool(text))
    return Unit(
        shown,
        line,
        uid,
        str(unit.source),
        State(english, bool(english) and not approved),
        approved,
        exported,
    )


def _state_attr(node: etree._Element) -> str:
    target = next((n for n in node.iterchildren() if etree.QName(n).localname == "target"), None)
    return (target.get("state") or "") if target is not None else ""
