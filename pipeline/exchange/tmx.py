"""TMX: the project's reviewed translations for other tools, and an agency's as a memory.

Written and read through translate-toolkit's ``translate.storage.tmx``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import po
from pipeline.catalogs.memory import Pair, Pairs
from pipeline.catalogs.merge import live
from pipeline.errors import PipelineError
from pipeline.exchange.toolkit import read_store
from pipeline.files import atomic_write
from pipeline.project import Project, load_config
from pipeline.release import is_reviewed

if TYPE_CHECKING:
    from lxml import etree

#: The ``<prop type>`` naming the article (or newsletter, or ``_templates``) of a pair.
ARTICLE_PROP = "x-article"


def export_tmx(project: Project, lang: str, path: Path) -> int:
    """Write every reviewed pair of ``lang``'s catalogs to ``path``; how many.

    Articles, newsletters and the templates' catalog, each pair with its article
    as a ``<prop type="x-article">``; ``srclang`` is the Dutch.
    """
    from lxml import etree  # with translate-toolkit, 40 ms to load: not for every update
    from translate.storage import tmx

    project.languages.check(lang, targets_only=True)
    store = tmx.tmxfile(sourcelanguage=project.source_lang, targetlanguage=lang)
    folder = project.catalog_dir(lang)
    count = 0
    for catalog_path in sorted(folder.rglob("*.po")):
        name = catalog_path.relative_to(folder).with_suffix("").as_posix()
        catalog = po.read_po(catalog_path, display_name=project.display(catalog_path))
        for message in live(catalog):
            string = message.string
            if not (isinstance(message.id, str) and message.id and isinstance(string, str)):
                continue
            if is_reviewed(string, message.fuzzy):
                unit = store.addsourceunit(message.id, project.source_lang)
                unit.settarget(string, lang)
                prop = etree.Element("prop", type=ARTICLE_PROP)
                prop.text = name
                unit.xmlelement.insert(0, prop)  # TMX: note and prop before the tuvs
                count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, bytes(store), durable=False)
    return count


def read_tmx(path: Path, lang: str, *, shown: str, source: str = "nl") -> Pairs:
    """The ``source`` → ``lang`` pairs of the TMX file at ``path`` (named ``shown`` in
    errors; ``source``: the project's source language).

    A language variant counts as its language (``nl-NL`` as ``nl``, ``en-GB`` as ``en``).
    """
    from translate.storage import tmx  # with lxml, 40 ms to load: only when a TMX is read

    store = read_store(path, tmx.tmxfile.parsestring, kind="TMX", shown=shown)
    pairs = []
    for unit in store.units:
        texts: dict[str, str] = {}
        for node in unit.getlanguageNodes():
            language = (node.get("{http://www.w3.org/XML/1998/namespace}lang") or "").lower()
            texts.setdefault(language.split("-")[0].split("_")[0], "".join(_seg(node)))
        source_text, target = texts.get(source), texts.get(lang)
        if source_text and target:
            pairs.append(Pair(source_text, target, unit.xmlelement.sourceline))
    return Pairs(tuple(pairs))


def _seg(node: etree._Element) -> Iterator[str]:
    seg = next((n for n in node.iterchildren() if str(n.tag).endswith("seg")), None)
    if seg is not None:
        yield from seg.itertext()


def tmx_memories(project: Project, lang: str) -> list[tuple[str, Pairs]]:
    """The TMX files ``pipeline.toml`` names (``[memory] tmx``), as memory sources.

    Each is named by its path as users see it: a match's origin, and the ``# TM …``
    comment of an entry it filled, say which file it came from.
    """
    found = []
    for name in load_config(project).tmx:
        path = project.root / name
        shown = project.display(path)
        if not path.is_file():
            raise PipelineError(
                "no such TMX file (named in pipeline.toml, [memory] tmx)", filename=shown
            )
        found.append((shown, read_tmx(path, lang, shown=shown, source=project.source_lang)))
    return found


def tmx_paths(project: Project) -> list[Path]:
    """The TMX files ``pipeline.toml`` names: an input of every memory fill."""
    return [project.root / name for name in load_config(project).tmx]
