"""Newsletter issues: catalog, release rule, and the e-mail as HTML, plain text and .eml."""

from __future__ import annotations

import email
import re
import shutil
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline import po as pofile
from pipeline.errors import PipelineError, ReleaseError
from pipeline.project import Config, Project, load_config
from pipeline.publish import newsletter
from pipeline.runs.update import update as update_catalogs

from ..conftest import REPO, SEED_SLUG

ISSUE = "2019-10"
BASE = Config().base_url


def _parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_eml_is_multipart_alternative_in_its_language(project: Path, lang: str) -> None:
    outputs = newsletter.build_newsletter(Project.at(project), lang, ISSUE)
    assert set(outputs) == {".html", ".txt", ".eml"}
    message = _parse(outputs[".eml"])
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    assert parts[0].get_content().replace("\r\n", "\n") == outputs[".txt"].decode()
    assert parts[1].get_content().replace("\r\n", "\n") == outputs[".html"].decode()
    subject = {
        "nl": "Magnesium en de hersenen: zeven toepassingen",
        "en": "Magnesium and the brain: seven applications",
    }[lang]
    assert message["Subject"] == subject
    assert message["Content-Language"] == lang
    assert message["From"] == "Natura Foundation <nieuwsbrief@naturafoundation.nl>"
    assert message["Date"].datetime.date().isoformat() == "2019-10-02"
    assert f"<{BASE}/nieuwsbrief/afmelden>" in message["List-Unsubscribe"]
    assert "mailto:" in message["List-Unsubscribe"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_is_email_safe(project: Path, lang: str) -> None:
    html = newsletter.build_newsletter(Project.at(project), lang, ISSUE)[".html"]
    assert len(html) < 102 * 1024
    text = html.decode()
    lowered = text.lower()
    for forbidden in ("<script", "<form", "<iframe", "<link", "<style", "<input"):
        assert forbidden not in lowered, forbidden
    assert 'style="' in text  # the CSS went into the elements
    targets = re.findall(r'(?:href|src)="([^"]*)"', text)
    assert targets and all(t.startswith(("https://", "mailto:")) for t in targets), targets
    assert f'href="{BASE}/{lang}/{SEED_SLUG}.html"' in text  # read more
    assert f'href="{BASE}/nieuwsbrief/afmelden"' in text  # the footer's unsubscribe link
    assert 'role="presentation"' in text and 'width="600"' in text
    preheader = {"nl": "Waarom een magnesiumtekort", "en": "Why a magnesium deficiency"}[lang]
    assert 'class="preheader"' in text and preheader in text
    english = "Magnesium for the brain: 7 applications" in text
    assert english == (lang == "en")


def test_text_part_is_wrapped_and_lists_links(project: Path) -> None:
    source = project / "content" / "nl" / "newsletters" / f"{ISSUE}.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "Veel leesplezier!", "Veel leesplezier! Zie ook [ons archief](archief.html)."
        ),
        encoding="utf-8",
    )
    outputs = newsletter.build_newsletter(Project.at(project), "nl", ISSUE, draft=True)
    text = outputs[".txt"].decode()
    for line in text.splitlines():
        assert len(line) <= 78 or re.fullmatch(r"(\[\d+\] )?https://\S+", line), line
    assert "Zie ook ons archief [1]." in text
    assert f"[1] {BASE}/nl/archief.html" in text  # a relative link is made absolute
    assert f"{BASE}/nl/{SEED_SLUG}.html" in text
    assert f'href="{BASE}/nl/archief.html"' in outputs[".html"].decode()


def test_outputs_are_deterministic_and_written_atomically(project: Path) -> None:
    root = Project.at(project)
    report = newsletter.write_newsletter(root, "en", ISSUE)
    assert report.written == [f"build/en/newsletter/{ISSUE}{s}" for s in (".html", ".txt", ".eml")]
    first = {p.name: p.read_bytes() for p in (project / "build" / "en" / "newsletter").iterdir()}
    newsletter.write_newsletter(root, "en", ISSUE)
    second = {p.name: p.read_bytes() for p in (project / "build" / "en" / "newsletter").iterdir()}
    assert first == second and len(first) == 3  # no temp file left behind


def test_shipped_issue_catalog_is_up_to_date_and_reviewed(project: Path) -> None:
    before = (project / "content" / "en" / "newsletters" / f"{ISSUE}.po").read_bytes()
    report = update_catalogs(Project.at(project), "en", jobs=1)
    path = project / "content" / "en" / "newsletters" / f"{ISSUE}.po"
    assert f"content/en/newsletters/{ISSUE}.po" not in report.written
    assert path.read_bytes() == before
    catalog = pofile.read_po(path)
    ids = [m.id for m in catalog if m.id]
    assert ids[:2] == [
        "Magnesium en de hersenen: zeven toepassingen",
        "Waarom een magnesiumtekort vaak onopgemerkt blijft, en wat het voor de hersenen betekent.",
    ]
    assert all(m.string and not m.fuzzy for m in catalog if m.id)


def test_new_issue_gets_a_catalog_from_the_segmenter(project: Path) -> None:
    source = project / "content" / "nl" / "newsletters" / "2019-11.md"
    source.write_text(
        "---\ndate: 2019-11-01\nsubject: Nieuw nummer\narticles:\n"
        f"- {SEED_SLUG}\n---\n\nEen inleiding.\n",
        encoding="utf-8",
    )
    update_catalogs(Project.at(project), "en", jobs=1)
    catalog = pofile.read_po(project / "content" / "en" / "newsletters" / "2019-11.po")
    assert [(m.id, m.locations) for m in catalog if m.id] == [
        ("Nieuw nummer", [("content/nl/newsletters/2019-11.md", 3)]),
        ("Een inleiding.", [("content/nl/newsletters/2019-11.md", 8)]),
    ]
    with pytest.raises(ReleaseError) as caught:
        newsletter.build_newsletter(Project.at(project), "en", "2019-11")
    assert any(p.startswith("content/en/newsletters/2019-11.po:") for p in caught.value.problems)
    draft = newsletter.build_newsletter(Project.at(project), "en", "2019-11", draft=True)
    assert _parse(draft[".eml"])["Subject"] == "Nieuw nummer"


def test_fuzzy_subject_is_refused_unless_draft(project: Path) -> None:
    po = project / "content" / "en" / "newsletters" / f"{ISSUE}.po"
    text = po.read_text(encoding="utf-8")
    anchor = 'msgid "Magnesium en de hersenen: zeven toepassingen"'
    line = text[: text.index(anchor)].count("\n") + 2
    po.write_text(text.replace(anchor, "#, fuzzy\n" + anchor), encoding="utf-8")
    with pytest.raises(ReleaseError) as caught:
        newsletter.build_newsletter(Project.at(project), "en", ISSUE)
    assert caught.value.problems == [
        f"content/en/newsletters/{ISSUE}.po:{line}: fuzzy: "
        "Magnesium en de hersenen: zeven toepassingen"
    ]
    draft = newsletter.build_newsletter(Project.at(project), "en", ISSUE, draft=True)
    assert _parse(draft[".eml"])["Subject"] == "Magnesium en de hersenen: zeven toepassingen"


@pytest.mark.parametrize("escape", ["\\r", "\\n", "\\r\\n", "\\u2028"])
def test_line_break_in_source_subject_is_an_error(project: Path, escape: str) -> None:
    source = project / "content" / "nl" / "newsletters" / f"{ISSUE}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace('subject: "Magnesium en', f'subject: "Bcc: x@example.org{escape}Magnesium en'),
        encoding="utf-8",
    )
    with pytest.raises(PipelineError) as caught:
        newsletter.build_newsletter(Project.at(project), "nl", ISSUE)
    assert str(caught.value).startswith(f"content/nl/newsletters/{ISSUE}.md:3: ")
    assert "line break" in str(caught.value)


def test_line_break_in_translated_subject_is_an_error(project: Path) -> None:
    po = project / "content" / "en" / "newsletters" / f"{ISSUE}.po"
    catalog = pofile.read_po(po)
    message = catalog["Magnesium en de hersenen: zeven toepassingen"]
    message.string = "Magnesium\nBcc: someone@example.org"
    pofile.write_po(po, catalog)
    line = (
        po.read_text(encoding="utf-8")
        .split("\n")
        .index('msgid "Magnesium en de hersenen: zeven toepassingen"')
        + 1
    )
    with pytest.raises(PipelineError) as caught:
        newsletter.build_newsletter(Project.at(project), "en", ISSUE)
    assert str(caught.value).startswith(f"content/en/newsletters/{ISSUE}.po:{line}: ")


def test_issue_naming_an_unknown_article_is_an_error(project: Path) -> None:
    source = project / "content" / "nl" / "newsletters" / f"{ISSUE}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(f"- {SEED_SLUG}", "- bestaat-niet"), encoding="utf-8")
    with pytest.raises(PipelineError, match=rf"{ISSUE}.md:5: no article 'bestaat-niet'"):
        newsletter.build_newsletter(Project.at(project), "nl", ISSUE)


def test_config_defaults_match_the_shipped_file(project: Path) -> None:
    defaults = load_config(Project.at(project))
    assert defaults.source is None
    shutil.copy(REPO / "pipeline.toml", project / "pipeline.toml")
    shipped = load_config(Project.at(project))
    assert shipped.source == "pipeline.toml"
    for name in ("base_url", "sender", "unsubscribe_url", "unsubscribe_email"):
        assert getattr(shipped, name) == getattr(defaults, name), name


def test_configured_base_url_and_sender_are_used(project: Path) -> None:
    (project / "pipeline.toml").write_text(
        '[site]\nbase_url = "https://example.org/nb/"\n\n[newsletter]\n'
        'sender = "Redactie <redactie@example.org>"\n',
        encoding="utf-8",
    )
    outputs = newsletter.build_newsletter(Project.at(project), "en", ISSUE)
    assert f'href="https://example.org/nb/en/{SEED_SLUG}.html"' in outputs[".html"].decode()
    message = _parse(outputs[".eml"])
    assert message["From"] == "Redactie <redactie@example.org>"
    assert message["Message-ID"] == f"<newsletter-{ISSUE}.en@example.org>"


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ('[site]\nbase_url = "http://example.org"\n', "pipeline.toml:2: ", "https://"),
        (
            '[site]\nbase_url = "https://example.org"\n\n[newsletter]\nsender = "nobody"\n',
            "pipeline.toml:5: ",
            "sender",
        ),
        ('[site]\nbase_url = "https://example.org\n', "pipeline.toml:2: ", "not valid TOML"),
        ('[newsletter]\nsendr = "x@example.org"\n', "pipeline.toml:2: ", "unknown key 'sendr'"),
        ("[newsletter]\nsender = 3\n", "pipeline.toml:2: ", "must be text"),
        # The words of the templates are translated in _templates.po, not configured.
        (
            '[site]\nbase_url = "https://example.org"\n\n[labels.en]\nread_more = "Read on"\n',
            "pipeline.toml:4: ",
            "unknown section 'labels' (the words the templates add are"
            " translated in content/<lang>/_templates.po)",
        ),
    ],
)
def test_bad_configuration_names_file_and_line(
    project: Path, text: str, where: str, what: str
) -> None:
    (project / "pipeline.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as caught:
        load_config(Project.at(project))
    assert str(caught.value).startswith(where) and what in str(caught.value)


def _templates_po_line(project: Path, msgid: str) -> int:
    """The 1-based line of ``msgid "…"`` in the project's ``content/en/_templates.po``."""
    lines = (project / "content" / "en" / "_templates.po").read_text(encoding="utf-8").split("\n")
    return lines.index(f'msgid "{msgid}"') + 1


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_template_words_are_in_the_language_of_the_issue(project: Path, lang: str) -> None:
    outputs = newsletter.build_newsletter(Project.at(project), lang, ISSUE)
    html, text = outputs[".html"].decode(), outputs[".txt"].decode()
    words = {
        "nl": [
            "Nieuwsbrief Natura Foundation",
            "Bekijk deze nieuwsbrief online",
            "Deze nieuwsbrief in het Engels",
            "In deze nieuwsbrief",
            "Lees verder",
            "U ontvangt deze e-mail omdat",
            "Afmelden",
        ],
        "en": [
            "Natura Foundation newsletter",
            "View this newsletter online",
            "This newsletter in Dutch",
            "In this newsletter",
            "Read more",
            "You are receiving this e-mail because",
            "Unsubscribe",
        ],
    }[lang]
    for word in words:
        assert word in html, word
    for word in [w for w in words if "in het" not in w and " in Dutch" not in w]:
        assert word in text, word
    assert text.startswith(f"{words[0]} | ")
    for line in text.splitlines():  # the footer is wrapped as the rest of the text part
        assert len(line) <= 78 or re.fullmatch(r"(\[\d+\] )?https://\S+", line), line
    assert "Concept" not in html and "Draft" not in html


def test_untranslated_template_word_refuses_the_release_newsletter(project: Path) -> None:
    po = project / "content" / "en" / "_templates.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgid "Lees verder"\nmsgstr "Read more"', 'msgid "Lees verder"\nmsgstr ""'
        ),
        encoding="utf-8",
    )
    line = _templates_po_line(project, "Lees verder")
    with pytest.raises(ReleaseError) as caught:
        newsletter.write_newsletter(Project.at(project), "en", ISSUE)
    assert caught.value.problems == [f"content/en/_templates.po:{line}: untranslated: Lees verder"]
    published = [
        p for p in (project / "build").rglob("*") if p.is_file() and ".cache" not in p.parts
    ]
    assert published == []  # (the parsed sources may be cached)
    report = newsletter.write_newsletter(Project.at(project), "en", ISSUE, draft=True)
    assert [str(p) for p in report.problems] == caught.value.problems
    built = project / "build" / "en" / "newsletter"
    html = (built / f"{ISSUE}.html").read_text(encoding="utf-8")
    text = (built / f"{ISSUE}.txt").read_text(encoding="utf-8")
    for output in (html, text):
        assert "Lees verder" in output and "Read more" not in output
        assert "Draft: not all text has been translated." in output  # the draft is marked
        assert "Natura Foundation newsletter" in output  # the reviewed words are English


def test_fuzzy_template_word_and_segment_are_refused_together(project: Path) -> None:
    po = project / "content" / "en" / "_templates.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgid "Afmelden"', '#, fuzzy\nmsgid "Afmelden"'),
        encoding="utf-8",
    )
    issue_po = project / "content" / "en" / "newsletters" / f"{ISSUE}.po"
    issue_po.write_text(
        issue_po.read_text(encoding="utf-8").replace(
            'msgid "Magnesium en de hersenen', '#, fuzzy\nmsgid "Magnesium en de hersenen'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ReleaseError) as caught:
        newsletter.build_newsletter(Project.at(project), "en", ISSUE)
    line = _templates_po_line(project, "Afmelden")
    assert len(caught.value.problems) == 2
    assert caught.value.problems[0].startswith(f"content/en/newsletters/{ISSUE}.po:")
    assert caught.value.problems[1] == f"content/en/_templates.po:{line}: fuzzy: Afmelden"
    draft = newsletter.build_newsletter(Project.at(project), "en", ISSUE, draft=True)
    assert "Afmelden" in draft[".txt"].decode()
