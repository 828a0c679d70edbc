"""Tests for the quality checks and the glossary: each check fires on a fault and only then."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from pipeline.checks.rules import CheckReport, Finding, check_catalog, load_glossary, report_json
from pipeline.errors import PipelineError
from pipeline.po import parse_po, read_po, write_po

from ..conftest import REPO

SEED = "content/en/7-keer-magnesium-voor-de-hersenen.po"
GLOSSARY = load_glossary(REPO / "content" / "glossary.csv")
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def entry(msgid: str, msgstr: str, *, flags: str = "", kind: str = "paragraph") -> str:
    flag_line = f"#, {flags}\n" if flags else ""
    return f"#. {kind}\n{flag_line}msgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n"


def catalog(*entries: str) -> Catalog:
    return parse_po("\n".join([HEADER, *entries]).encode(), filename="t.po")


def report(*entries: str) -> CheckReport:
    return check_catalog(catalog(*entries), path="t.po", glossary=GLOSSARY)


def found(msgid: str, msgstr: str, **options: str) -> list[tuple[str, str]]:
    """(check, message) for one entry."""
    return [(f.check, f.message) for f in report(entry(msgid, msgstr, **options)).findings]


def lines(cat: Catalog) -> list[int]:
    """The msgid line of each entry."""
    return [m.lineno or 0 for m in cat if m.id]


def checks(msgid: str, msgstr: str, **options: str) -> set[str]:
    return {check for check, _ in found(msgid, msgstr, **options)}


# ---------------------------------------------------------------- the findings


def test_finding_prints_as_file_line_severity_check_message() -> None:
    finding = Finding(
        path="content/en/x.po",
        line=12,
        check="numbers",
        severity="error",
        message="'2,7' has no counterpart in the translation",
        msgid="2,7 mg",
    )
    assert str(finding) == (
        "content/en/x.po:12: error: numbers: '2,7' has no counterpart in the translation"
    )


def test_finding_carries_the_entry_line_and_msgid() -> None:
    cat = catalog(entry("Goed zo.", "Good."), entry("Er zijn 30 patiënten.", "There are 31."))
    result = check_catalog(cat, path="t.po", glossary=None)
    line = lines(cat)[1]
    assert [
        (f.line, f.check, f.severity, f.msgid) for f in result.findings if f.check == "numbers"
    ] == [(line, "numbers", "error", "Er zijn 30 patiënten.")] * 2


def test_untranslated_and_fuzzy() -> None:
    assert checks("Een zin.", "") == {"untranslated"}
    assert checks("Een zin.", "A sentence.", flags="fuzzy") == {"fuzzy"}
    assert checks("Een zin.", "A sentence.") == set()


def test_header_and_obsolete_entries_are_not_checked() -> None:
    obsolete = '#~ msgid "Een zin met 30 woorden."\n#~ msgstr "Een zin met 31 woorden."\n'
    assert report(entry("Een zin.", "A sentence."), obsolete).findings == []


# ---------------------------------------------------------------- markdown


def test_markdown_dropped_emphasis_and_changed_link_target() -> None:
    assert found("Een *belangrijke* zin.", "An important sentence.") == [
        ("markdown", "emphasis is missing from the translation")
    ]
    assert found("Zie [hier](https://a.nl/x).", "See [here](https://a.nl/y).") == [
        ("markdown", "link to 'https://a.nl/x' is missing from the translation"),
        ("markdown", "link to 'https://a.nl/y' is in the translation, not in the source"),
    ]
    assert checks("Een ![foto](a.png) en `code`.", "A ![photo](b.png) and `kode`.") == {"markdown"}
    assert checks("**Let op**: dit.", "*Note*: this.") == {"markdown"}


def test_markdown_same_structure_in_other_places_is_fine() -> None:
    assert (
        found(
            "Een *belangrijke* [zin](https://a.nl/x) met `code`.",
            "An *important* sentence [here](https://a.nl/x) with `code`.",
        )
        == []
    )
    assert (
        found("Een zin  \nmet een harde regelbreuk.", "A sentence  \nwith a hard line break.") == []
    )


@pytest.mark.parametrize(
    "msgstr",
    [
        "# The result.",
        "> The result.",
        "- The result.",
        "* The result.",
        "+ The result.",
        "1986. The result.",
        "1) The result.",
        "    The result.",
        "The result.\n\nMore.",
        "The result.\\",
        "The result.  ",
        "[1]: https://example.org",
        "The result.\n===",
        "The result.\n---",
        "The result.\n- more.",
    ],
)
def test_markdown_block_structure_injected_by_the_translation(msgstr: str) -> None:
    assert "markdown" in checks("Het resultaat.", msgstr)


def test_markdown_block_marker_is_fine_when_the_source_has_it() -> None:
    assert found("1. Migraine", "1. Migraine", kind="heading") == []
    assert found("1986\\. Een goed jaar.", "1986\\. A good year.") == []
    # Dropping the source's marker adds no structure (the numbers check still sees the 1).
    assert checks("1. Migraine", "Migraine", kind="heading") == {"numbers"}


# ---------------------------------------------------------------- numbers, urls, placeholders


def test_numbers_changed_or_added() -> None:
    assert found("Bij 30 patiënten.", "In 31 patients.") == [
        ("numbers", "'30' has no counterpart in the translation"),
        ("numbers", "'31' in the translation has no counterpart in the source"),
    ]
    assert found("Het was 2,7 mg.", "It was 2,7 mg.") == [
        ("numbers", "'2,7' has no counterpart in the translation"),
        ("numbers", "'2,7' in the translation has no counterpart in the source"),
    ]
    assert checks("Zo gaat het.", "In 2010 it went like this.") == {"numbers"}
    assert checks("In 11.321 gevallen.", "In 11.321 cases.") == {"numbers"}


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Het was 2,7 mg.", "It was 2.7 mg."),
        ("In 11.321 gevallen.", "In 11,321 cases."),
        ("In 11.321 gevallen.", "In 11321 cases."),
        ("Ruim 30% daalde in 2019.", "In 2019, over 30 per cent fell."),
        ("Python 2.7 kwam uit.", "Python 2.7 was released."),
        ("Zeven toepassingen.", "Seven applications."),
        ("Zeven toepassingen.", "7 applications."),
        ("1. Migraine", "1. Migraine"),
        ("Zie https://a.nl/1.234 voor 1.000 mensen.", "See https://a.nl/1.234 for 1,000 people."),
    ],
)
def test_numbers_in_locale_format_correspond(msgid: str, msgstr: str) -> None:
    assert "numbers" not in checks(msgid, msgstr)


def test_urls_and_email_addresses() -> None:
    assert found("Zie www.a.nl of mail a@b.nl.", "See www.a.com or e-mail a@b.nl.") == [
        ("urls", "address 'www.a.com' is in the translation, not in the source"),
        ("urls", "address 'www.a.nl' is missing from the translation"),
    ]
    assert (
        checks("Zie https://a.nl/x, of mail a@b.nl.", "See https://a.nl/x, or e-mail a@b.nl.")
        == set()
    )


def test_placeholders_in_templates() -> None:
    assert found("Gepubliceerd op %(date)s", "Published on %(datum)s", kind="template") == [
        ("placeholders", "placeholder '%(date)s' is missing from the translation"),
        ("placeholders", "placeholder '%(datum)s' is in the translation, not in the source"),
    ]
    assert checks("Gepubliceerd op %(date)s", "Published on %(date)s", kind="template") == set()
    # Prose is no format string: "30% d…" is not a placeholder.
    assert checks("Ruim 30% daalde.", "Over 30% declined.") == set()


# ---------------------------------------------------------------- same, dutch


def test_same_flags_dutch_text_left_unchanged() -> None:
    assert checks("Wat is de NMDA-receptor?", "Wat is de NMDA-receptor?") >= {"same"}
    assert (
        found(
            "Dit artikel in het %(language)s", "Dit artikel in het %(language)s", kind="template"
        )[0][0]
        == "same"
    )


@pytest.mark.parametrize(
    "text",
    [
        "1. Migraine",
        "Jeroen de Baaij",
        "NMDA",
        "2019",
        "Radboudumc",
        "Cortical Spreading Depression",
    ],
)
def test_same_accepts_names_acronyms_and_numbers(text: str) -> None:
    assert "same" not in checks(text, text)


def test_dutch_left_in_the_translation() -> None:
    dutch = "Bij patiënten met een tekort wordt dit vaak niet gevonden."
    assert found("Het tekort wordt vaak niet gevonden.", dutch)[0][0] == "dutch"
    assert "dutch" in checks("Wat is dat?", "Wat is de receptor?")


@pytest.mark.parametrize(
    "english",
    [
        "Jeroen de Baaij is a researcher to watch, says van Gogh.",
        "He studied at the Université Pierre et Marie Curie in Paris.",
        "The effect was measured de novo in this study.",
    ],
)
def test_dutch_ignores_names_and_stray_words(english: str) -> None:
    assert "dutch" not in checks("Een zin over iets.", english)


# ---------------------------------------------------------------- punctuation, spaces, characters


def test_end_punctuation() -> None:
    assert found("Wat is dit?", "What is this.") == [
        (
            "end-punctuation",
            "the source ends with a question mark, the translation with a full stop",
        )
    ]
    assert checks("Dit is het.", "This is it") == {"end-punctuation"}
    assert checks("Bronnen", "Sources:") == {"end-punctuation"}
    assert checks("Hij zei: “ja.”", "He said: “yes.”") == set()
    assert checks("Zie *dit*.", "See *this*.") == set()


def test_double_space() -> None:
    assert checks("Een zin.", "A  sentence.") == {"double-space"}
    assert checks("Een  zin.", "A  sentence.") == set()


def test_whitespace_at_the_ends() -> None:
    assert [c for c, _ in found("Een zin.", " A sentence.")] == ["whitespace"]
    assert "whitespace" in checks(" Een zin.", "A sentence.")
    assert "whitespace" in checks("Een zin.", "A sentence. ")
    assert checks(" Een zin. ", " A sentence. ") == set()


def test_invisible_characters_are_named() -> None:
    assert found("Een zin.", "A sen\u200btence.") == [
        ("invisible", "U+200B ZERO WIDTH SPACE in the translation is not in the source")
    ]
    assert checks("Een zin.", "A sen\u00adtence.") == {"invisible"}
    assert checks("Een zin.", "A sentence.\u202e") == {"invisible"}
    assert checks("Een zin.", "A sen\x07tence.") == {"invisible"}
    assert checks("Een zin\u00ad.", "A sen\u00adtence.") == set()


def test_length_far_from_the_catalog_norm() -> None:
    normal = [
        entry(f"Dit is een gewone zin nummer {n}.", f"This is an ordinary sentence {n}.")
        for n in range(6)
    ]
    short = entry("Dit is een veel langere zin die niet af is.", "This is.")
    long = entry("Een korte zin van twintig.", "A short sentence of twenty " + "words " * 20 + ".")
    cat = catalog(*normal, short, long)
    result = check_catalog(cat, path="t.po", glossary=GLOSSARY)
    assert [(f.line, f.check) for f in result.findings] == [(n, "length") for n in lines(cat)[6:]]
    assert report(*normal).findings == []


# ---------------------------------------------------------------- glossary


def test_glossary_term_missed() -> None:
    assert found("Lage gehaltes in het hersenvocht.", "Low levels in the brain fluid.") == [
        (
            "glossary",
            "the source has 'hersenvocht', the translation lacks "
            "'cerebrospinal fluid' (glossary line 7)",
        )
    ]
    assert checks("Vaak magnesiumtekorten.", "Often magnesium shortages.") == {"glossary"}
    assert checks("Grootschalige RCT’s ontbreken.", "Large-scale trials are lacking.") == set()


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Vaak magnesiumtekorten.", "Often magnesium deficiencies."),
        ("Lage serumgehalten magnesium.", "Low serum magnesium levels."),
        ("Het serumgehalte daalt.", "The serum level falls."),
        ("In de hersenruggemergvloeistof.", "In the cerebrospinal fluid."),
        ("Hersenbloedingen en -infarcten.", "Cerebral haemorrhages and cerebral infarctions."),
        ("Dubbelblinde, placebogecontroleerde RCT's.", "Double-blind, placebo-controlled RCTs."),
        ("Orale magnesiumsuppletie.", "Oral magnesium supplementation."),
        ("Bij de NMDA-receptoren.", "In the NMDA receptors."),
        ("Bij het Radboud UMC.", "At Radboud University Medical Center (Radboudumc)."),
    ],
)
def test_glossary_allows_inflection_and_plurals(msgid: str, msgstr: str) -> None:
    assert "glossary" not in checks(msgid, msgstr)


def test_glossary_skipped_without_one() -> None:
    cat = catalog(entry("In het hersenvocht.", "In the brain fluid."))
    assert check_catalog(cat, path="t.po", glossary=None).findings == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("dutch,english,note\n", 1, "first line"),
        ("nl,en,note\nmagnesium,,\n", 2, "empty term"),
        ("nl,en,note\nmagnesium | ,magnesium,\n", 2, "empty term"),
        ("nl,en,note\na,b,c,d\n", 2, "columns"),
        ("nl,en,note\nsuppletie,supplementation,\n\nSuppletie,supplements,\n", 4, "line 2"),
        ("", 1, "empty"),
    ],
)
def test_load_glossary_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as error:
        load_glossary(path, display_name="content/glossary.csv")
    assert (error.value.filename, error.value.lineno) == ("content/glossary.csv", line)
    assert words in error.value.message


def test_load_glossary_rejects_other_encodings(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_bytes("nl,en,note\nbloedcel,blood cell,\nhé,hey,\n".encode("latin-1"))
    with pytest.raises(PipelineError, match="UTF-8") as error:
        load_glossary(path)
    assert error.value.lineno == 3


def test_shipped_glossary_has_every_terminology_row() -> None:
    sources = {nl for term in GLOSSARY.terms for nl in term.source}
    assert {
        "NMDA-receptor",
        "hersenvocht",
        "hersenruggenmergvloeistof",
        "witte stof",
        "hersenstam",
        "Radboudumc",
        "Bronnen",
        "Gepubliceerd op",
        "moeheid",
        "vermoeidheid",
        "Université Pierre et Marie Curie",
        "Jeroen de Baaij",
        "geestelijke beperking",
        "aspecifiek",
    } <= sources
    assert len(GLOSSARY.terms) == 30


# ---------------------------------------------------------------- silencing and reports


def test_flags_silence_one_check_on_one_entry() -> None:
    cat = catalog(
        entry(
            "Wat is de NMDA-receptor?",
            "Wat is de NMDA-receptor?",
            flags="ignore-same, ignore-dutch, ignore-glossary",
        ),
        entry("Wat is dat?", "Wat is dat?"),
    )
    result = check_catalog(cat, path="t.po", glossary=GLOSSARY)
    second = lines(cat)[1]
    assert {(f.line, f.check) for f in result.findings} == {(second, "same"), (second, "dutch")}
    assert result.silenced == 3


def test_weblate_flags_silence_their_part() -> None:
    assert checks("Dit is het.", "This is it", flags="ignore-end-stop") == set()
    assert checks("Dit is het?", "This is it", flags="ignore-end-stop") == {"end-punctuation"}
    both = ("Een *zin* [hier](https://a.nl/x).", "A sentence [here](https://a.nl/y).")
    assert {m for _, m in found(*both, flags="ignore-md-link")} == {
        "emphasis is missing from the translation"
    }
    assert checks(*both, flags="ignore-markdown") == set()
    assert checks("Een zin.", "A sen\u200btence.", flags="ignore-zero-width-space") == set()
    assert checks("Een zin.", " A sentence.", flags="ignore-end-space") == {"whitespace"}
    assert checks("Een zin.", " A sentence.", flags="ignore-begin-space") == set()


def test_untranslated_cannot_be_silenced() -> None:
    assert checks("Een zin.", "", flags="ignore-untranslated") == {"untranslated"}


def test_report_json_is_stable_and_counts() -> None:
    first = report(
        entry("Bij 30 patiënten.", "In 31 patients"), entry("Wat?", "Wat?", flags="ignore-same")
    )
    document = json.loads(report_json([first, CheckReport(findings=[], silenced=2)]))
    assert document["counts"] == {"error": 2, "warning": 1}
    assert document["silenced"] == 3
    assert document["findings"][0] == {
        "path": "t.po",
        "line": 7,
        "check": "numbers",
        "severity": "error",
        "message": "'30' has no counterpart in the translation",
        "msgid": "Bij 30 patiënten.",
    }
    assert report_json([first]) == report_json([first])


# ---------------------------------------------------------------- the shipped catalogs


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(REPO).as_posix() for p in (REPO / "content" / "en").glob("*.po"))
)
def test_shipped_catalogs_have_no_findings(path: str) -> None:
    result = check_catalog(read_po(REPO / path, display_name=path), path=path, glossary=GLOSSARY)
    assert [str(f) for f in result.findings] == []
    assert result.silenced == 0


def test_damaged_catalog_reports_each_damage_at_its_entry(tmp_path: Path) -> None:
    copy = tmp_path / "seed.po"
    shutil.copy(REPO / SEED, copy)
    cat = read_po(copy)
    messages = {str(m.id): m for m in cat if m.id}

    def damage(start: str, msgid: str | None = None, **replace: str) -> str:
        message = next(m for key, m in messages.items() if key.startswith(start))
        if msgid is not None:
            message.id = msgid
        for old, new in replace.items():
            assert old.replace("_", " ") in str(message.string)
            message.string = str(message.string).replace(old.replace("_", " "), new)
        return str(message.id)

    damaged = {
        damage("Wat is de", "Wat is de *NMDA-receptor*?"): "markdown",  # emphasis dropped
        damage("Bij patiënten met", of_30=" of 31"): "numbers",
        damage(
            "Nieuwsbrief",
            "[Nieuwsbrief Natura Foundation](https://natura.nl/nieuwsbrief)",
            Natura_Foundation_newsletter="[Natura Foundation newsletter]"
            "(https://natura.nl/newsletter)",
        ): "markdown",
        damage("Meerdere onderzoekers", Several_researchers="# Several researchers"): "markdown",
        damage("Migraine is in", cerebrospinal_fluid="brain fluid"): "glossary",
        damage("3. Epilepsie", Epilepsy="Epi\u200blepsy"): "invisible",
    }
    lead = next(m for key, m in messages.items() if key.startswith("Door de algemeenheid"))
    lead.string = lead.id
    damaged[str(lead.id)] = "dutch"
    write_po(copy, cat)

    result = check_catalog(read_po(copy, display_name=SEED), path=SEED, glossary=GLOSSARY)
    lines = {str(m.id): m.lineno or 0 for m in read_po(copy) if m.id}
    text = copy.read_text(encoding="utf-8").splitlines()
    reported = {(f.line, f.check) for f in result.findings}
    for msgid, check in damaged.items():
        assert text[lines[msgid] - 1].startswith("msgid"), msgid
        assert (lines[msgid], check) in reported, (msgid, check)
    assert {f.line for f in result.findings} == {lines[msgid] for msgid in damaged}
    assert all(f.path == SEED and str(f).startswith(f"{SEED}:{f.line}: ") for f in result.findings)
    assert any(
        f.check == "numbers" and f.message == "'30' has no counterpart in the translation"
        for f in result.findings
    )
    assert any("U+200B" in f.message for f in result.findings)


@pytest.mark.parametrize(
    ("msgstr", "check"),
    [
        ("Hello <script>alert(1)</script>", "html"),
        ('Hello <img src="x" onerror="alert(1)">', "html"),
        ("Hello\u2028world", "line-break"),
        ("Hello\u2029world", "line-break"),
        ("   ", "blank"),
        ("Hello\x07", "invisible"),
        ("Hello\x1b[31m", "invisible"),
    ],
)
def test_what_a_page_or_feed_must_not_carry_is_an_error(msgstr: str, check: str) -> None:
    errors = [f for f in report(entry("Hallo", msgstr)).findings if f.severity == "error"]
    assert check in {f.check for f in errors}
    silenced = report(entry("Hallo", msgstr, flags=f"ignore-{check}")).findings
    assert check not in {f.check for f in silenced}


def test_html_and_breaks_the_source_has_are_kept() -> None:
    assert found("Klik <b>hier</b>", "Click <b>here</b>") == []
    assert found("a < b en c > d", "a < b and c > d") == []
    assert found("Eén\u2028twee", "One\u2028two") == []
