"""The check across catalogs: one English term per glossary term in every catalog checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.checks.consistency import inconsistent_terms
from pipeline.checks.glossary import Glossary, load_glossary
from pipeline.checks.report import CheckReport
from pipeline.checks.rules import check_catalog
from pipeline.cli import main

from .test_rules import catalog, entry

GLOSSARY_TEXT = (
    "nl,en,note\nmoeheid | vermoeidheid,fatigue | tiredness,\nsuppletie,supplementation,\n"
)
NEWSLETTER = "content/en/newsletters/2019-10.po"


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    path = tmp_path_factory.mktemp("glossary") / "glossary.csv"
    path.write_text(GLOSSARY_TEXT, encoding="utf-8")
    return load_glossary(path)


def _report(path: str, glossary: Glossary, *entries: str) -> CheckReport:
    return check_catalog(catalog(*entries), path=path, glossary=glossary)


def _found(reports: list[CheckReport]) -> list[tuple[str, int, str]]:
    return [
        (f.path, f.line, f.message)
        for r in inconsistent_terms(reports)
        for f in r.findings
        if f.check == "inconsistent-term"
    ]


def test_the_minority_rendering_is_reported_in_its_catalog(glossary: Glossary) -> None:
    article = _report(
        "a.po",
        glossary,
        entry("Moeheid en krampen.", "Fatigue and cramps."),
        entry("Door vermoeidheid.", "Because of fatigue."),
    )
    newsletter = _report("n.po", glossary, entry("Klachten: moeheid.", "Symptoms: tiredness."))
    assert _found([article, newsletter]) == [
        (
            "n.po",
            7,
            "'moeheid' is 'tiredness' here but 'fatigue' in 2 other entries (a.po:7): "
            "one English term per glossary term (glossary line 2)",
        )
    ]
    checked = inconsistent_terms([article, newsletter])
    assert checked[0] == article and checked[1].findings[0].severity == "warning"


def test_one_rendering_everywhere_passes(glossary: Glossary) -> None:
    article = _report("a.po", glossary, entry("Moeheid en krampen.", "Fatigue and cramps."))
    newsletter = _report("n.po", glossary, entry("Klachten: moeheid.", "Symptoms: fatigue."))
    assert _found([article, newsletter]) == []
    assert inconsistent_terms([article, newsletter]) == [article, newsletter]


def test_a_tie_keeps_the_alternative_the_glossary_lists_first(glossary: Glossary) -> None:
    article = _report("a.po", glossary, entry("Moeheid en krampen.", "Tiredness and cramps."))
    newsletter = _report("n.po", glossary, entry("Klachten: moeheid.", "Symptoms: fatigue."))
    assert [(path, line) for path, line, _ in _found([article, newsletter])] == [("a.po", 7)]


def test_within_one_catalog_too(glossary: Glossary) -> None:
    report = _report(
        "a.po",
        glossary,
        entry("Moeheid en krampen.", "Fatigue and cramps."),
        entry("Door vermoeidheid.", "Because of tiredness."),
        entry("Suppletie helpt.", "Supplementation helps."),
    )
    assert [line for _, line, _ in _found([report])] == [11]


def test_the_flag_keeps_an_entry_out(glossary: Glossary) -> None:
    article = _report("a.po", glossary, entry("Moeheid en krampen.", "Fatigue and cramps."))
    newsletter = _report(
        "n.po",
        glossary,
        entry("Klachten: moeheid.", "Symptoms: tiredness.", flags="ignore-inconsistent-term"),
    )
    checked = inconsistent_terms([article, newsletter])
    assert _found([article, newsletter]) == []
    assert [r.silenced for r in checked] == [0, 1]


def test_fuzzy_and_untranslated_entries_do_not_vote(glossary: Glossary) -> None:
    report = _report(
        "a.po",
        glossary,
        entry("Moeheid en krampen.", "Fatigue and cramps."),
        entry("Door vermoeidheid.", "Because of tiredness.", flags="fuzzy"),
        entry("Klachten: moeheid.", ""),
    )
    assert [u.target for u in report.terms] == ["fatigue"]
    assert _found([report]) == []


def test_errors_only_leaves_the_reports_alone(glossary: Glossary) -> None:
    article = _report("a.po", glossary, entry("Moeheid en krampen.", "Fatigue and cramps."))
    newsletter = _report("n.po", glossary, entry("Klachten: moeheid.", "Symptoms: tiredness."))
    assert inconsistent_terms([article, newsletter], errors_only=True) == [article, newsletter]


def _check(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(project), "check", "--lang", "en", *args])
    return result.exit_code, result.stdout


def _tiredness_in_the_newsletter(project: Path) -> None:
    po = project / NEWSLETTER
    text = po.read_text(encoding="utf-8")
    assert '"fatigue, muscle cramps' in text
    po.write_text(text.replace('"fatigue, muscle cramps', '"tiredness, muscle cramps'), "utf-8")


def test_pipeline_check_compares_the_article_and_the_newsletter(project: Path) -> None:
    glossary = project / "content" / "glossary.csv"
    rows = glossary.read_text(encoding="utf-8")
    assert "\nmoeheid | vermoeidheid,fatigue," in rows
    glossary.write_text(rows.replace(",fatigue,", ",fatigue | tiredness,"), encoding="utf-8")
    assert _check(project) == (0, "")  # the revised catalogs agree
    _tiredness_in_the_newsletter(project)
    code, out = _check(project)
    assert code == 0  # a warning
    assert out == (
        f"{NEWSLETTER}:39: warning: inconsistent-term: 'moeheid' is 'tiredness' here but "
        "'fatigue' in 1 other entry (content/en/7-keer-magnesium-voor-de-hersenen.po:26): "
        "one English term per glossary term (glossary line 26)\n"
    )
    code, out = _check(project, "--format", "json")
    assert json.loads(out)["counts"] == {"error": 0, "warning": 1}
    assert _check(project, "--errors-only") == (0, "")
    assert _check(project, "2019-10") == (0, "")  # alone, nothing to compare


def test_the_shipped_glossary_makes_it_an_error(project: Path) -> None:
    _tiredness_in_the_newsletter(project)
    code, out = _check(project)
    assert code == 1
    assert out == (
        f"{NEWSLETTER}:39: error: glossary: the source has 'moeheid', the translation lacks "
        "'fatigue' (glossary line 26)\n"
    )
