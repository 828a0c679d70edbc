"""Languages are data: a third language is a line of pipeline.toml and its catalogs.

German is added to a copy of the project with no code change: ``[languages] targets =
["en", "de"]``, ``pipeline update --lang de`` makes its catalogs, a translator fills them
(tests/german.py), and the German handout, index, feed and newsletter are built, linked
both ways with the Dutch and the English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import po
from pipeline.cli.commands import main
from pipeline.errors import PipelineError
from pipeline.project import Languages, Project, load_config, read_languages

from . import german
from .conftest import SEED_SLUG

GERMAN = '[languages]\nsource = "nl"\ntargets = ["en", "de"]\n'


def run(project: Path, *args: str, output: str = "stdout") -> str:
    result = CliRunner().invoke(main, ["-C", str(project), *args])
    assert result.exit_code == 0, result.output + result.stderr
    return str(getattr(result, output))


def translate(project: Path) -> None:
    """What a German translator does: fill every entry and mark it reviewed."""
    for name, table in [
        (SEED_SLUG, german.ARTICLE),
        ("_templates", german.TEMPLATES),
        ("newsletters/2019-10", german.ISSUE),
    ]:
        path = project / "content" / "de" / f"{name}.po"
        catalog = po.read_po(path, display_name=name)
        for message in catalog:
            if message.id:
                message.string = table[message.id]
                message.flags.discard("fuzzy")
        path.write_text(po.generate_po(catalog), encoding="utf-8")


@pytest.fixture()
def with_german(project: Path) -> Path:
    (project / "pipeline.toml").write_text(GERMAN, encoding="utf-8")
    run(project, "update", "--lang", "de")
    translate(project)
    run(project, "update", "--lang", "de")  # the approvals record of the reviewed German
    return project


def test_without_a_languages_table_the_languages_are_todays(project: Path) -> None:
    assert Project.at(project).languages == Languages("nl", ("en",))
    assert Languages().others("nl") == ("en",) and Languages().others("en") == ("nl",)
    assert Languages().locale("en") == "en_GB" and Languages().locale("de") == "de"


def test_german_is_a_line_of_configuration(with_german: Path) -> None:
    project = with_german
    assert Project.at(project).languages.all == ("nl", "en", "de")
    assert load_config(Project.at(project)).languages.targets == ("en", "de")
    assert run(project, "languages") == "nl en de\n"
    assert "0 error(s), 0 warning(s)" in run(project, "check", "--lang", "de", output="stderr")
    for lang in ("nl", "en", "de"):
        assert "built 8 file(s)" in run(project, "build", "--lang", lang)

    page = (project / "build" / "de" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page
    assert "<title>Magnesium für das Gehirn: 7 Anwendungen | Newsletter der" in page
    assert '<time datetime="2019-10-02">2. Oktober 2019</time>' in page
    for other, name in (("nl", "Niederländisch"), ("en", "Englisch")):
        href = f"../{other}/{SEED_SLUG}.html"
        assert f'<link rel="alternate" hreflang="{other}" href="{href}">' in page
        assert f'<a href="{href}" hreflang="{other}">Dieser Artikel auf {name}</a>' in page
    markdown = (project / "build" / "de" / f"{SEED_SLUG}.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Magnesium für das Gehirn") and "2. Oktober 2019" in markdown

    # The Dutch and the English link the German, after their own other language.
    for lang, words in (("nl", "Dit artikel in het Duits"), ("en", "This article in German")):
        page = (project / "build" / lang / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
        href = f"../de/{SEED_SLUG}.html"
        assert f'<link rel="alternate" hreflang="de" href="{href}">' in page
        assert f'<a href="{href}" hreflang="de">{words}</a>' in page
        assert page.index('hreflang="de"') > page.index(
            f'hreflang="{"en" if lang == "nl" else "nl"}"'
        )

    index = (project / "build" / "de" / "index.html").read_text(encoding="utf-8")
    assert f'href="{SEED_SLUG}.html">Magnesium für das Gehirn' in index
    assert '<a href="../en/index.html" hreflang="en">Diese Seite auf Englisch</a>' in index
    assert "2. Oktober 2019" in index
    assert 'hreflang="de" href="../de/index.html"' in (
        project / "build" / "nl" / "index.html"
    ).read_text(encoding="utf-8")
    run(project, "pdf", "--lang", "de")
    assert (project / "build" / "de" / f"{SEED_SLUG}.pdf").read_bytes().startswith(b"%PDF")
    feed = (project / "build" / "de" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Newsletter der Natura Foundation</title>" in feed
    assert re.search(r'href="https://[^"]+/nl/index.html" rel="alternate" hreflang="nl"', feed)
    assert "<title>Magnesium für das Gehirn: 7 Anwendungen</title>" in feed


def test_the_german_newsletter(with_german: Path) -> None:
    project = with_german
    run(project, "newsletter", "--lang", "de", "--draft")
    issue = project / "build" / "de" / "newsletter" / "2019-10"
    html = issue.with_suffix(".html").read_text(encoding="utf-8")
    assert "Liebe Leserin, lieber Leser," in html and "Weiterlesen" in html
    assert ">Dieser Newsletter auf Niederländisch</a>" in html
    assert (
        issue.with_suffix(".txt")
        .read_text(encoding="utf-8")
        .startswith("Newsletter der Natura Foundation | 2. Oktober 2019")
    )
    assert b"Content-Language: de" in issue.with_suffix(".eml").read_bytes()
    run(project, "newsletter", "--lang", "en")
    english = (project / "build" / "en" / "newsletter" / "2019-10.html").read_text("utf-8")
    assert ">This newsletter in German</a>" in english


def test_a_draft_of_an_untranslated_language(project: Path) -> None:
    """A language just added: its catalogs untranslated, a draft shows the Dutch, marked."""
    (project / "pipeline.toml").write_text(
        '[languages]\ntargets = ["en", "fr"]\n', encoding="utf-8"
    )
    run(project, "update", "--lang", "fr")
    run(project, "build", "--lang", "fr", "--draft")
    page = (project / "build" / "fr" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and "2 octobre 2019" in page
    assert 'hreflang="nl"' in page and 'hreflang="en"' in page


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[languages]\ntargets = "de"\n', 2, "targets must be a list"),
        ("[languages]\ntargets = []\n", 2, "targets must be a list"),
        ('[languages]\nsource = "nl"\ntargets = ["nl"]\n', 3, "not the source"),
        ('[languages]\ntargets = ["en", "en"]\n', 2, "each language once"),
        ('[languages]\nsource = "Dutch"\n', 2, "language code"),
        ('[languages]\ntarget = ["de"]\n', 2, "unknown key 'target'"),
        ('[languages]\ntargets = ["xx"]\n', 1, "Babel knows no locale 'xx'"),
        ("[languages]\nlocales = { en = 3 }\n", 2, "locales"),
    ],
)
def test_bad_languages_name_the_line(project: Path, text: str, line: int, words: str) -> None:
    (project / "pipeline.toml").write_text(text, encoding="utf-8")
    for read in (lambda: read_languages(project), lambda: load_config(Project(project))):
        with pytest.raises(PipelineError) as error:
            read()
        assert (error.value.filename, error.value.lineno) == ("pipeline.toml", line)
        assert words in error.value.message


def test_language_links_name_each_language_both_ways() -> None:
    from pipeline.publish.render import language_links

    links = language_links("de", ("nl", "en"), "index.html")
    assert [(x["lang"], x["href"], x["name"], x["own_name"]) for x in links] == [
        ("nl", "../nl/index.html", "Niederländisch", "Nederlands"),
        ("en", "../en/index.html", "Englisch", "English"),
    ]


def test_a_locale_per_language(project: Path) -> None:
    (project / "pipeline.toml").write_text(
        '[languages]\ntargets = ["en"]\nlocales = { en = "en_US" }\n', encoding="utf-8"
    )
    run(project, "build", "--lang", "en")
    page = (project / "build" / "en" / f"{SEED_SLUG}.html").read_text(encoding="utf-8")
    assert "October 2, 2019" in page


@pytest.mark.parametrize(
    ("locale", "counts"),
    [
        (None, {0: "dagen", 1: "dag", 2: "dagen"}),
        ("nl_NL", {0: "dagen", 1: "dag", 2: "dagen"}),
        ("de", {0: "dagen", 1: "dag", 2: "dagen"}),
        ("fr", {0: "dag", 1: "dag", 2: "dagen"}),  # French: zero takes the singular
        ("ja", {0: "dagen", 1: "dagen", 2: "dagen"}),  # Japanese: one form
    ],
)
def test_template_plurals_follow_the_locale(
    tmp_path: Path, locale: str | None, counts: dict[int, str]
) -> None:
    from pipeline.publish.render import template_environment

    (tmp_path / "t.j2").write_text("{% trans count=n %}dag{% pluralize %}dagen{% endtrans %}")
    env = template_environment(tmp_path, lambda text: text, locale=locale)
    assert {n: env.get_template("t.j2").render(n=n) for n in counts} == counts
