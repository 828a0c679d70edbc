"""Tests for check_catalog and the glossary: findings, the catalog's norm, flags, reports.

Each check's own cases, a fault and a pass, are in fixtures/catalog.md (test_catalog_cases.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from pipeline.checks.rules import CheckReport, Finding, check_catalog, load_glossary, report_json
from pipeline.errors import PipelineError
from pipeline.po import parse_po, read_po, write_po

from ..conftest import REPO, fixture_cases

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


def lines(cat: Catalog) -> list[int]:
    """The msgid line of each entry."""
    return [m.lineno or 0 for m in cat if m.id]


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


def test_header_and_obsolete_entries_are_not_checked() -> None:
    obsolete = '#~ msgid "Een zin met 30 woorden."\n#~ msgstr "Een zin met 31 woorden."\n'
    assert report(entry("Een zin.", "A sentence."), obsolete).findings == []


# ---------------------------------------------------------------- length (the catalog's norm)


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


def test_glossary_skipped_without_one() -> None:
    cat = catalog(entry("In het hersenvocht.", "In the brain fluid."))
    assert check_catalog(cat, path="t.po", glossary=None).findings == []


@pytest.mark.parametrize(
    ("text", "expected"),
    fixture_cases(REPO / "tests" / "checks" / "fixtures" / "glossary_errors.md"),
)
def test_load_glossary_errors_name_file_and_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as error:
        load_glossary(path, display_name="content/glossary.csv")
    assert f"{error.value.filename}:{error.value.lineno}: {error.value.message}\n" == expected


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


def found(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """(check, message) for one entry."""
    return [(f.check, f.message) for f in report(entry(msgid, msgstr)).findings]


def test_html_and_breaks_the_source_has_are_kept() -> None:
    assert found("Klik <b>hier</b>", "Click <b>here</b>") == []
    assert found("a < b en c > d", "a < b and c > d") == []
    assert found("Eén\u2028twee", "One\u2028two") == []
