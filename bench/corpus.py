"""A deterministic benchmark corpus: N Dutch articles of the seed's shape, with English catalogs.

About 70 % of each article's blocks are unique to it (the seed's sentences recombined, with the
article's own numbers); the rest are the seed's own blocks, shared by every article. Each catalog
is filled (the seed's English where the Dutch is the seed's, else a deterministic placeholder) and
written through :func:`pipeline.po.write_po`, so it is what ``update`` would leave.

    python -m bench.corpus N DIR
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = "7-keer-magnesium-voor-de-hersenen"
#: Bump when the corpus's shape changes: a cached corpus of another version is made anew.
VERSION = "1"
#: The share of blocks unique to one article.
UNIQUE = 0.7

_TOPICS = [
    "magnesium",
    "vitamine D",
    "zink",
    "omega-3",
    "curcumine",
    "selenium",
    "jodium",
    "vitamine B12",
    "foliumzuur",
    "probiotica",
    "co-enzym Q10",
    "ijzer",
]
_ORGANS = [
    "hersenen",
    "darmen",
    "botten",
    "spieren",
    "huid",
    "lever",
    "nieren",
    "ogen",
    "hart",
    "longen",
]


def _seed_blocks() -> tuple[list[str], str]:
    text = (REPO / "content" / "nl" / f"{SEED}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return [b for b in body.strip("\n").split("\n\n")], front


def _sentences(blocks: list[str]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        if block.startswith(("#", "<", "Jeroen H.")) or len(block) < 80:
            continue
        found += [s for s in re.split(r"(?<=[.!?])\s+", block) if len(s) > 20]
    return found


def article(index: int, blocks: list[str], pool: list[str]) -> tuple[str, str]:
    """The slug and Markdown source of article ``index`` (deterministic)."""
    rng = random.Random(index * 7919 + 17)
    topic, organ = _TOPICS[index % len(_TOPICS)], _ORGANS[(index // 3) % len(_ORGANS)]
    count = 3 + index % 9
    title = f"{count} keer {topic} voor de {organ} ({index + 1})"
    slug = f"artikel-{index + 1:05d}"
    year = 2000 + index % 24
    date = f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    out: list[str] = []
    for number, block in enumerate(blocks):
        verbatim = block.startswith(("## Jeroen", "## Bronnen", "Jeroen H.", "<"))
        if verbatim or rng.random() >= UNIQUE:
            out.append(block)  # shared with every article
        elif block.startswith("## "):
            words = block[3:].split()
            out.append(
                f"## {number}. {topic.capitalize()} en {' '.join(words[-2:])} "
                f"({index + 1}.{number})"
            )
        else:
            chosen = rng.sample(pool, k=min(len(pool), 2 + rng.randrange(3)))
            study = (
                f"In een studie uit {year} met {50 + rng.randrange(950)} deelnemers werd "
                f"het effect van {topic} op de {organ} onderzocht ({index + 1}.{number})."
            )
            out.append(" ".join([study, *chosen]))
    front = (
        f"title: {title}\ndate: {date}\nimage: {slug}.jpg\nverbatim:\n- Jeroen de Baaij\n"
        "verbatim_sections:\n- Bronnen\n"
    )
    return slug, f"---\n{front}---\n\n" + "\n\n".join(out) + "\n"


def _placeholder(msgid: str) -> str:
    """A deterministic 'translation' that keeps the inline markup: the words' order reversed."""
    return "EN " + msgid


def generate(count: int, root: Path) -> Path:
    """Write a project of ``count`` articles into ``root`` (kept if already made)."""
    stamp = root / ".corpus"
    if stamp.exists() and stamp.read_text() == f"{VERSION} {count}\n":
        # The current settings and template strings, as the project has them now.
        shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
        shutil.copy(REPO / "content" / "en" / "_templates.po", root / "content" / "en")
        return root
    if root.exists():
        shutil.rmtree(root)
    from pipeline import po
    from pipeline.catalogs import merge as catalogs
    from pipeline.source.document import parse_document
    from pipeline.source.segments import segments

    seed_po = po.read_po(REPO / "content" / "en" / f"{SEED}.po")
    english = {m.id: m.string for m in seed_po if m.id and not m.fuzzy}
    blocks, _ = _seed_blocks()
    pool = _sentences(blocks)
    (root / "content" / "nl").mkdir(parents=True)
    (root / "content" / "en").mkdir(parents=True)
    shutil.copy(REPO / "content" / "en" / "_templates.po", root / "content" / "en")
    shutil.copy(REPO / "pipeline.toml", root / "pipeline.toml")
    date = catalogs.creation_date()
    for index in range(count):
        slug, text = article(index, blocks, pool)
        source = f"content/nl/{slug}.md"
        (root / source).write_text(text, encoding="utf-8")
        document = parse_document(text, source=source, slug=slug)
        template = catalogs.segments_template(slug, segments(document), date=date)
        catalog = catalogs.merge(template, None, lang="en", plain=True)
        for message in catalog:
            if message.id:
                message.string = english.get(message.id) or _placeholder(str(message.id))
        po.write_po(root / "content" / "en" / f"{slug}.po", catalog)
    stamp.write_text(f"{VERSION} {count}\n")
    return root


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
