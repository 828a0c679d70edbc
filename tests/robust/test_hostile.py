"""Hostile Dutch and hostile English end to end: no script, handler or unsafe link in any output.

Every output the pipeline publishes is looked at: the handouts (HTML, and the HTML
inside the JSON), the newsletter e-mail's HTML, the review sheet and the index. A
refused link is reported by ``check``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import po
from pipeline.cli import main
from pipeline.project import Project
from pipeline.publish.index import build_index
from pipeline.publish.newsletter import build_newsletter
from pipeline.publish.review import write_reviews
from pipeline.runs.handouts import build as build_handouts
from tests.conftest import SEED_SLUG

#: Each a paragraph: a script, a handler or an unsafe link, spelt many ways.
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT src=//evil.example/x.js></SCRIPT>",
    "<iframe src=https://evil.example></iframe>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(1)">a</a>',
    "<svg onload=alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik]( javascript:alert(1) )",
    "[klik](vbscript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](//evil.example/pad)",
    "[klik](/\\evil.example)",
    "[klik](javascript%3Aalert(1))",
    "[klik](java%0ascript:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](&#x6A;&#x61;vascript&#x3A;alert(1))",
    "[klik](java&#x09;script:alert(1))",
    "[klik](&#0000106avascript:alert(1))",
    "[klik](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "![beeld](javascript:alert(1))",
    "![beeld](data:image/svg+xml,<svg onload=alert(1)>)",
    "[klik][ref] en [ref]\n\n[ref]: javascript:alert(1)",
    "[![beeld](x.png)](javascript:alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '[klik](https://example.org "titel" onmouseover=alert(1))',
    "`<script>alert(1)</script>`",
    "*<img src=x onerror=alert(1)>*",
]
#: Dutch words, so no hostile paragraph is a verbatim segment (one with no words).
WORDS = "Lees dit: "
HOSTILE_SLUG = "vijandig"

_SAFE_TARGET = re.compile(r"(?:https?:|mailto:|[^:]*$)", re.IGNORECASE)


def assert_safe(text: str, where: str) -> None:
    """No script element, no ``on…=`` attribute, no link or source but http(s), mailto, relative."""
    lower = text.lower()
    assert "<script" not in lower, where
    assert "<iframe" not in lower and "<svg" not in lower, where
    for tag in re.findall(r"<[a-z][^>]*>", text, re.IGNORECASE):
        assert not re.search(r"\son\w+\s*=", tag, re.IGNORECASE), (where, tag)
        for target in re.findall(r'\s(?:href|src|action|formaction)\s*=\s*"([^"]*)"', tag):
            decoded = html.unescape(target).strip()
            assert _SAFE_TARGET.match(decoded) and not decoded.startswith("//"), (where, tag)
            assert "\\" not in decoded.split("?")[0], (where, tag)


def po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def hostile_english(n: int) -> str:
    """A hostile translation for the n-th entry (every pattern, in turn)."""
    return "Read this: " + HOSTILE[n % len(HOSTILE)].replace("\n\n", " ")


@pytest.fixture()
def hostile(project: Path) -> Project:
    """The seed project plus a hostile article, in the issue, every catalog hostile."""
    body = "\n\n".join(WORDS + text for text in HOSTILE)
    (project / "content" / "nl" / f"{HOSTILE_SLUG}.md").write_text(
        '---\ntitle: "<script>alert(1)</script> [x](javascript:alert(1))"\n'
        'lead: "<img src=x onerror=alert(1)> [klik](vbscript:x)"\n'
        "date: 2019-10-03\n---\n\n" + body + "\n",
        encoding="utf-8",
    )
    issue = project / "content" / "nl" / "newsletters" / "2019-10.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace(
            f"- {SEED_SLUG}\n", f"- {SEED_SLUG}\n- {HOSTILE_SLUG}\n"
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["-C", str(project), "update", "--lang", "en"])
    assert result.exit_code == 0, result.output
    for path in sorted((project / "content" / "en").rglob("*.po")):
        if path.name == "_templates.po":
            continue
        catalog = po.read_po(path)
        for n, message in enumerate(m for m in catalog if m.id):
            if path.stem == HOSTILE_SLUG or n % 3 == 0:
                message.string = hostile_english(n)
            elif not message.string:
                message.string = message.id
            message.flags.discard("fuzzy")
        po.write_po(path, catalog)
    return Project.at(project)


def test_no_output_carries_a_script_a_handler_or_an_unsafe_link(hostile: Project) -> None:
    # A draft: a release holds the English back (its check errors), a draft shows it all.
    for lang in ("nl", "en"):
        build_handouts(hostile, lang, draft=True)
        outputs = sorted(hostile.build_dir(lang).glob("*"))
        assert {p.name for p in outputs} >= {
            f"{HOSTILE_SLUG}.html",
            f"{HOSTILE_SLUG}.json",
            "index.html",
        }
        for path in outputs:
            if path.suffix == ".html":
                assert_safe(path.read_text(encoding="utf-8"), str(path))
            elif path.suffix == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
                assert_safe(data["body_html"], f"{path} body_html")
                assert_safe(data["title_html"], f"{path} title_html")
                code_free = re.sub(r"`[^`]*`", "", data["body_markdown"])  # code is shown as is
                assert not re.search(r"(?<!\\)<script", code_free, re.IGNORECASE)
        for name, data in build_index(hostile, lang, draft=True).items():
            if name.endswith(".html"):
                assert_safe(data.decode(), f"index {lang}")
        letter = build_newsletter(hostile, lang, "2019-10", draft=True)
        assert_safe(letter[".html"].decode(), f"newsletter {lang}")
        assert HOSTILE_SLUG in letter[".html"].decode()
    for sheet in write_reviews(hostile, "en"):
        assert_safe(sheet.read_text(encoding="utf-8"), str(sheet))


def test_a_release_holds_the_hostile_english_back_at_its_check_error(hostile: Project) -> None:
    report = build_handouts(hostile, "en")
    (edition,) = [e for e in report.editions if e.slug == HOSTILE_SLUG]
    assert edition.state == "held-back" and "check error: " in str(edition)
    assert any(p.reason.startswith("check error: unsafe-link") for p in edition.left)
    assert not (hostile.build_dir("en") / f"{HOSTILE_SLUG}.html").exists()


def test_the_hostile_text_is_shown_not_dropped(hostile: Project) -> None:
    build_handouts(hostile, "en", draft=True)
    page = (hostile.build_dir("en") / f"{HOSTILE_SLUG}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # escaped, visible as text
    assert "javascript:alert(1)" in page  # the refused link, as plain text


def test_check_reports_every_refused_link(hostile: Project) -> None:
    result = CliRunner().invoke(
        main, ["-C", str(hostile.root), "check", "--lang", "en", "--format", "json"]
    )
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    unsafe = [f for f in findings if f["check"] == "unsafe-link"]
    assert all(f["severity"] == "error" for f in unsafe)
    flagged = {f["msgid"] for f in unsafe if f["path"].endswith(f"{HOSTILE_SLUG}.po")}
    catalog = po.read_po(hostile.catalog_path("en", HOSTILE_SLUG))
    # The oracle: what a Markdown renderer that took every link would link to.
    expected = {m.id for m in catalog if m.id and not _only_safe_links(m.id + "\n\n" + m.string)}
    assert len(expected) > 20
    assert flagged == expected


def _only_safe_links(text: str) -> bool:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    try:
        assert_safe(md.render(text), text)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize(
    ("msgid", "msgstr", "unsafe"),
    [
        ("Lees [dit](https://example.org).", "Read [this](https://example.org).", False),
        ("Mail [ons](mailto:a@b.nl).", "Mail [us](mailto:a@b.nl).", False),
        (
            "Zie [hier](#kop) en [daar](../en/x.html).",
            "See [here](#kop), [there](../en/x.html).",
            False,
        ),
        ("Lees [dit](https://example.org).", "Read [this](javascript:alert(1)).", True),
        ("Lees [dit](https://example.org).", "Read [this](&#106;avascript:alert(1)).", True),
        ("Lees [dit](https://example.org).", "Read [this](javascript%3Aalert(1)).", True),
        ("Lees [dit](https://example.org).", "Read <vbscript:x>.", True),
        ("Lees [dit](https://example.org).", "Read ![this](data:text/html,x).", True),
        ("Lees [dit](https://example.org).", "Read [this](//evil.example).", True),
        ("Lees [dit](javascript:alert(1)).", "", True),  # untranslated: the Dutch is reported
        ("Lees [dit](javascript:alert(1)).", "Read [this](https://example.org).", True),
    ],
)
def test_unsafe_link_check(msgid: str, msgstr: str, unsafe: bool) -> None:
    from babel.messages.catalog import Catalog

    from pipeline.checks.rules import check_catalog

    catalog = Catalog(locale="en")
    catalog.add(msgid, msgstr)
    report = check_catalog(catalog, path="x.po", glossary=None)
    assert any(f.check == "unsafe-link" for f in report.findings) == unsafe, report.findings
    catalog[msgid].flags.add("ignore-unsafe-link")
    report = check_catalog(catalog, path="x.po", glossary=None)
    assert not any(f.check == "unsafe-link" for f in report.findings)
