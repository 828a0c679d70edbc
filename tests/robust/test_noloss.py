"""No lost translation: random edits to a Dutch article, an ``update`` after each.

Every reviewed translation stays in the catalog: as the active entry of its Dutch
(while that Dutch is in the article, reviewed as it was), as a fuzzy entry whose
``#|`` previous msgid is that Dutch, or as an obsolete entry; when its Dutch comes
back, it is active and reviewed again. NFD and NFC Dutch are the same segment.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline import po as pofile
from pipeline.project import Project
from pipeline.runs.update import update as update_catalogs

#: NOSHRINK=1 skips shrinking (a long run that only looks for failures).
PHASES = [Phase.explicit, Phase.generate] if os.environ.get("NOSHRINK") else list(Phase)
#: More examples (and a random seed) with NOLOSS_EXAMPLES=500.
EXAMPLES = int(os.environ.get("NOLOSS_EXAMPLES", "40"))
SLUG = "artikel"
#: Dutch words, several with letters that NFD splits (é, ë, ï, ü, ö).
WORDS = (
    "magnesium",
    "hersenen",
    "patiënten",
    "reëel",
    "naïef",
    "géén",
    "ruïne",
    "coördinatie",
    "onderzoek",
    "geheugen",
    "zenuwcellen",
    "tekort",
    "vitamine",
    "café",
    "efficiënt",
    "werking",
    "studie",
    "Müller",
    "financiële",
    "ideeën",
    "België",
    "de",
    "het",
    "een",
    "van",
    "bij",
    "met",
    "zonder",
    "voor",
    "vaak",
    "soms",
    "goed",
    "slecht",
    "ook",
)
PUNCTUATION = (".", "!", "?", ";", ":", "…")

_word = st.sampled_from(WORDS)
sentence = st.builds(
    lambda words, mark: " ".join(words).capitalize() + mark,
    st.lists(_word, min_size=4, max_size=14),
    st.sampled_from(PUNCTUATION),
)


@dataclass
class Article:
    """The article as a list of paragraphs, its Unicode form, and every version so far."""

    paragraphs: list[str]
    form: str = "NFC"
    history: list[list[str]] = field(default_factory=list)

    def text(self) -> str:
        body = "\n\n".join(self.paragraphs)
        text = f"---\ntitle: Magnesium en de hersenen\n---\n\n{body}\n"
        return unicodedata.normalize(self.form, text)

    def segments(self) -> set[str]:
        return {unicodedata.normalize("NFC", p) for p in self.paragraphs}


# One edit: (kind, two random indices in [0, 1), a sentence, a word, a mark).
edits = st.tuples(
    st.sampled_from(
        [
            "insert",
            "delete",
            "move",
            "reword-word",
            "reword",
            "punctuation",
            "normalisation",
            "restore",
        ]
    ),
    st.floats(0, 1, exclude_max=True),
    st.floats(0, 1, exclude_max=True),
    sentence,
    _word,
    st.sampled_from(PUNCTUATION),
)


def apply_edit(article: Article, edit: tuple[str, float, float, str, str, str]) -> None:
    kind, x, y, new, word, mark = edit
    paras = article.paragraphs
    i = int(x * len(paras)) if paras else 0
    if kind == "insert" or not paras:
        paras.insert(int(x * (len(paras) + 1)), new)
    elif kind == "delete":
        del paras[i]
    elif kind == "move":
        paras.insert(int(y * len(paras)), paras.pop(i))
    elif kind == "reword-word":
        words = paras[i].split(" ")
        words[int(y * len(words))] = word
        paras[i] = " ".join(words)
    elif kind == "reword":
        paras[i] = new
    elif kind == "punctuation":
        text = paras[i].rstrip("".join(PUNCTUATION))
        words = text.split(" ")
        if y < 0.5 and len(words) > 2:  # a comma inside
            words[int(y * 2 * (len(words) - 1))] += ","
        paras[i] = " ".join(words) + mark
    elif kind == "normalisation":
        article.form = "NFD" if article.form == "NFC" else "NFC"
    elif kind == "restore" and article.history:
        article.paragraphs = list(article.history[int(y * len(article.history))])
    if not article.paragraphs:
        article.paragraphs.append(new)


def active_and_obsolete(path: Path) -> Catalog:
    return pofile.read_po(path)


def assert_nothing_lost(
    catalog: Catalog, reviewed: dict[str, str], present: set[str], step: str
) -> None:
    for dutch, english in reviewed.items():
        if dutch in present:
            entry = catalog.get(dutch)
            assert entry is not None and entry.string == english and not entry.fuzzy, (
                f"{step}: reviewed translation of {dutch!r} not back as it was: "
                f"{entry and (entry.string, entry.flags)}"
            )
            continue
        obsolete = catalog.obsolete.get(dutch)
        if obsolete is not None and obsolete.string == english:
            continue
        fuzzy = [
            m
            for m in catalog
            if m.id and m.fuzzy and m.string == english and dutch in (m.previous_id or [])
        ]
        assert fuzzy, f"{step}: translation of {dutch!r} lost"


def translate_everything(path: Path) -> dict[str, str]:
    """The translator's work before the edits: a deterministic 'English' for every entry."""
    catalog = pofile.read_po(path)
    reviewed = {}
    for message in catalog:
        if message.id:
            message.string = "EN:" + message.id
            message.flags.discard("fuzzy")
            reviewed[message.id] = message.string
    pofile.write_po(path, catalog)
    return reviewed


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES == 40,
    phases=PHASES,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(sentence, min_size=2, max_size=5), st.lists(edits, min_size=1, max_size=8))
def test_no_translation_is_ever_lost(start: list[str], steps: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content" / "nl").mkdir(parents=True)
        source = root / "content" / "nl" / f"{SLUG}.md"
        project = Project.at(root)
        article = Article(list(start))
        source.write_text(article.text(), encoding="utf-8")
        update_catalogs(project, "en")
        po = project.catalog_path("en", SLUG)
        reviewed = translate_everything(po)
        reviewed.pop("Magnesium en de hersenen")  # the title is never edited here
        for number, edit in enumerate(steps, start=1):
            article.history.append(list(article.paragraphs))
            apply_edit(article, edit)
            source.write_text(article.text(), encoding="utf-8")
            update_catalogs(project, "en")
            catalog = active_and_obsolete(po)
            assert_nothing_lost(catalog, reviewed, article.segments(), f"step {number} ({edit[0]})")
            assert all(unicodedata.is_normalized("NFC", str(m.id)) for m in catalog)
        shutil.rmtree(root / "content")


def _accented_paragraph(tmp_path: Path) -> tuple[Project, Path, str, Path]:
    """A project of one NFC paragraph with accents, updated once: its source, text, catalog."""
    (tmp_path / "content" / "nl").mkdir(parents=True)
    source = tmp_path / "content" / "nl" / f"{SLUG}.md"
    text = "De patiënten zijn naïef over coördinatie.\n"
    source.write_text(text, encoding="utf-8")
    project = Project.at(tmp_path)
    update_catalogs(project, "en")
    return project, source, text, project.catalog_path("en", SLUG)


def test_nfd_source_is_the_same_segment(tmp_path: Path) -> None:
    project, source, text, po = _accented_paragraph(tmp_path)
    translate_everything(po)
    before = po.read_bytes()
    source.write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    written = update_catalogs(project, "en").written
    # the approvals record notes the review the translator made; the catalog is as it was
    assert [w for w in written if not w.startswith("content/en/reviewed/")] == []
    assert po.read_bytes() == before


def test_nfd_msgid_in_a_catalog_is_the_same_segment(tmp_path: Path) -> None:
    """A catalog saved by a tool that wrote NFD keeps its reviewed translations."""
    project, source, text, po = _accented_paragraph(tmp_path)
    reviewed = translate_everything(po)
    po.write_bytes(unicodedata.normalize("NFD", po.read_text(encoding="utf-8")).encode())
    update_catalogs(project, "en")
    catalog = pofile.read_po(po)
    # The translations are as the tool wrote them (NFD too): only msgids are Dutch segments.
    in_nfd = {dutch: unicodedata.normalize("NFD", english) for dutch, english in reviewed.items()}
    assert_nothing_lost(catalog, in_nfd, {text.strip()}, "NFD catalog")
    assert not catalog.obsolete
