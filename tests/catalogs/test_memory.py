"""Translation memory: exact and near matches, pre-fill on update, suggestions."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from rapidfuzz import fuzz

from pipeline import po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.memory import Match, Memory, prefill, suggestions
from pipeline.source.document import parse_document
from pipeline.source.segments import segments

DATE = datetime.datetime(2019, 10, 2, tzinfo=datetime.UTC)

CAT = "De kat zit op de mat en kijkt naar buiten."
CAT_TRANSLATED = "The cat sits on the mat and looks outside."
# One word changed: about 90 % like CAT.
CAT_NEAR = "De kat zit op de mat en kijkt naar binnen."


def _catalog(
    *entries: tuple[str, str],
    fuzzy: tuple[str, ...] = (),
    obsolete: tuple[tuple[str, str], ...] = (),
) -> Catalog:
    """A catalog whose entries sit on lines 10, 20, 30… as if read from a file."""
    catalog = Catalog(locale="en")
    for number, (msgid, msgstr) in enumerate(entries, 1):
        catalog.add(msgid, msgstr, lineno=10 * number, flags=["fuzzy"] if msgid in fuzzy else [])
    for number, (msgid, msgstr) in enumerate(obsolete, 1):
        catalog.obsolete[msgid] = catalog.add(msgid, msgstr, lineno=100 + number)
        del catalog[msgid]
    return catalog


def _get(catalog: Catalog, msgid: str) -> Message:
    message = catalog.get(msgid)
    assert message is not None, msgid
    return message


def _template(slug: str, text: str) -> Catalog:
    document = parse_document(text, source=f"content/nl/{slug}.md", slug=slug)
    return catalogs.segments_template(slug, segments(document), date=DATE)


def _memory(**by_slug: Catalog) -> Memory:
    return Memory.from_catalogs((f"content/en/{slug}.po", c) for slug, c in by_slug.items())


def test_exact_match_is_prefilled_fuzzy_with_its_origin() -> None:
    memory = _memory(other=_catalog(("Titel", "Title"), (CAT, CAT_TRANSLATED)))
    new = _catalog((CAT, ""))
    assert prefill(new, memory, shown="content/en/new.po") == 1
    entry = _get(new, CAT)
    assert entry.string == CAT_TRANSLATED
    assert entry.fuzzy
    assert entry.user_comments == ["TM 100%: content/en/other.po:20"]


def test_near_match_is_prefilled_fuzzy_with_its_score() -> None:
    memory = _memory(other=_catalog((CAT, CAT_TRANSLATED)))
    new = _catalog((CAT_NEAR, ""))
    assert prefill(new, memory, shown="content/en/new.po") == 1
    entry = _get(new, CAT_NEAR)
    assert entry.string == CAT_TRANSLATED and entry.fuzzy
    [note] = entry.user_comments
    score = int(note.removeprefix("TM ").partition("%")[0])
    assert 75 <= score < 100
    assert note == f"TM {score}%: content/en/other.po:10"


def test_below_cutoff_and_translated_entries_are_left_alone() -> None:
    memory = _memory(other=_catalog((CAT, CAT_TRANSLATED)))
    new = _catalog(
        ("Iets heel anders over honden.", ""),
        (CAT, "My own."),
        (CAT_NEAR, "Mine."),
        fuzzy=(CAT_NEAR,),
    )
    assert prefill(new, memory, shown="content/en/new.po") == 0
    assert _get(new, "Iets heel anders over honden.").string == ""
    assert not _get(new, "Iets heel anders over honden.").fuzzy
    assert _get(new, CAT).string == "My own." and not _get(new, CAT).fuzzy
    assert _get(new, CAT_NEAR).string == "Mine." and _get(new, CAT_NEAR).user_comments == []


def test_case_and_punctuation_count() -> None:
    # Another case or mark is another text: never an exact (100 %) match.
    memory = _memory(other=_catalog(("Een kat.", "A cat.")))
    [match] = memory.best("een kat!")
    assert match.score < 100


def test_only_reviewed_entries_are_remembered_and_obsolete_ones_say_so() -> None:
    memory = _memory(
        other=_catalog(
            ("Een hond.", "A dog."),
            ("Een vis.", "A fish."),
            ("Een kat.", ""),
            fuzzy=("Een vis.",),
            obsolete=(("Een paard.", "A horse."),),
        )
    )
    assert memory.best("Een vis.", cutoff=100) == []
    assert memory.best("Een kat.", cutoff=100) == []
    assert memory.best("Een paard.", cutoff=100) == [
        Match(100.0, "Een paard.", "A horse.", "content/en/other.po:101 (obsolete)")
    ]


def test_an_entry_never_matches_itself_but_other_entries_of_its_file_do() -> None:
    own = _catalog((CAT, CAT_TRANSLATED), (CAT_NEAR, ""))
    memory = _memory(new=own)
    assert memory.best(CAT, own="content/en/new.po") == []
    assert [m.source for m in memory.best(CAT_NEAR, own="content/en/new.po")] == [CAT]
    assert prefill(own, memory, shown="content/en/new.po") == 1
    assert _get(own, CAT_NEAR).string == CAT_TRANSLATED


def test_best_is_limited_sorted_and_deterministic() -> None:
    texts = [
        CAT,
        CAT_NEAR,
        "De kat zit op de mat en kijkt naar boven.",
        "De kat zat op de mat en keek naar buiten.",
        "De kat zit op een mat.",
    ]
    a = _catalog(*[(t, f"a{i}") for i, t in enumerate(texts)])
    b = _catalog(*[(t, f"b{i}") for i, t in enumerate(texts)])
    forward = Memory.from_catalogs([("content/en/a.po", a), ("content/en/b.po", b)])
    backward = Memory.from_catalogs([("content/en/b.po", b), ("content/en/a.po", a)])
    found = forward.best(CAT, limit=3)
    assert len(found) == 3
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    # Equal scores: ordered by origin path, then line, whatever order the catalogs came in.
    assert found[:2] == [
        Match(100.0, CAT, "a0", "content/en/a.po:10"),
        Match(100.0, CAT, "b0", "content/en/b.po:10"),
    ]
    assert backward.best(CAT, limit=3) == found
    assert len(forward.best(CAT, limit=10)) == 8  # the short last text is below the cutoff
    assert forward.best(CAT, limit=1, exclude_origin_prefix="content/en/a.po") == [
        Match(100.0, CAT, "b0", "content/en/b.po:10")
    ]


def test_prefill_is_deterministic(tmp_path: Path) -> None:
    a = _catalog(("Andere tekst.", "Other text."), (CAT, "From a."))
    b = _catalog((CAT, "From b."))
    outputs = []
    for order in (
        [("content/en/b.po", b), ("content/en/a.po", a)],
        [("content/en/a.po", a), ("content/en/b.po", b)],
    ):
        new = _catalog((CAT, ""), (CAT_NEAR, ""))
        prefill(new, Memory.from_catalogs(order), shown="content/en/new.po")
        outputs.append(po.generate_po(new))
    assert outputs[0] == outputs[1]
    assert "# TM 100%: content/en/a.po:20\n#, fuzzy\nmsgid" in outputs[0]


def test_new_article_repeating_a_paragraph_gets_it_prefilled(tmp_path: Path) -> None:
    shared = "Magnesium is belangrijk voor de hersenen en het zenuwstelsel."
    existing = catalogs.merge(
        _template("oud", f"# Oud\n\n{shared}\n\nAlleen hier.\n"), None, lang="en", plain=True
    )
    _get(existing, "Oud").string = "Old"
    _get(existing, shared).string = "Magnesium matters for the brain and the nervous system."
    _get(existing, "Alleen hier.").string = "Only here."
    path = tmp_path / "oud.po"
    po.write_po(path, existing)
    # As `update` does: the memory holds the catalogs as read, with their lines.
    memory = Memory.from_catalogs([("content/en/oud.po", po.read_po(path))])
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if text == f'msgid "{shared}"'
    )

    source = f"# Nieuw\n\n{shared}\n\nIets anders in dit artikel.\n"
    new = catalogs.merge(
        _template("nieuw", source),
        None,
        lang="en",
        plain=True,
        memory=memory,
        shown="content/en/nieuw.po",
    )
    entry = _get(new, shared)
    assert entry.string == "Magnesium matters for the brain and the nervous system."
    assert entry.fuzzy
    assert entry.user_comments == [f"TM 100%: content/en/oud.po:{line}"]
    assert not _get(new, "Nieuw").string and not _get(new, "Iets anders in dit artikel.").string
    # An update of that new article keeps the pre-fill as it is, still for review.
    again = catalogs.merge(
        _template("nieuw", f"# Nieuw\n\n{shared}\n"),
        new,
        lang="en",
        plain=True,
        memory=memory,
        shown="content/en/nieuw.po",
    )
    assert _get(again, shared).fuzzy
    assert _get(again, shared).user_comments == [f"TM 100%: content/en/oud.po:{line}"]


def test_merge_prefills_only_after_babels_own_fuzzy_matching() -> None:
    old = catalogs.merge(_template("a", "Een kat.\n"), None, lang="en", plain=True)
    _get(old, "Een kat.").string = "A cat."
    memory = _memory(b=_catalog(("Een kat!", "Some cat!")))
    new = catalogs.merge(
        _template("a", "Een kat!\n"),
        old,
        lang="en",
        plain=True,
        memory=memory,
        shown="content/en/a.po",
    )
    # The changed segment keeps its own earlier translation and previous msgid.
    assert _get(new, "Een kat!").string == "A cat."
    assert _get(new, "Een kat!").previous_id == ["Een kat."]
    assert _get(new, "Een kat!").user_comments == []


def test_suggestions_for_untranslated_and_fuzzy_entries() -> None:
    own = _catalog(
        (CAT, CAT_TRANSLATED), (CAT_NEAR, ""), ("Een hond.", "A dog?"), fuzzy=("Een hond.",)
    )
    other = _catalog(("Een hond.", "A dog."))
    memory = _memory(new=own, other=other)
    found = suggestions(own, memory, shown="content/en/new.po")
    assert [(m.id, [s.target for s in matches]) for m, matches in found] == [
        (CAT_NEAR, [CAT_TRANSLATED]),
        ("Een hond.", ["A dog."]),
    ]


def test_length_window_loses_no_match() -> None:
    # Scoring only texts of a plausible length must find what scoring all of them finds.
    rng = random.Random(7)
    texts = sorted(
        {"".join(rng.choice("ab .") for _ in range(rng.randint(1, 40))) for _ in range(400)}
    )
    memory = _memory(a=_catalog(*[(t, t.upper()) for t in texts]))
    for query in texts[::7]:
        for cutoff in (0.0, 60.0, 75.0, 90.0):
            expected = sorted(
                (-fuzz.ratio(query, t), t)
                for t in texts
                if t != query and fuzz.ratio(query, t) >= cutoff
            )
            found = memory.best(query, limit=len(texts), cutoff=cutoff)
            assert [(-m.score, m.source) for m in found if m.source != query] == expected
