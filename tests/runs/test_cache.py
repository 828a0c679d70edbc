"""The caches that make a rebuild quick never change what is built, checked or published."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.corpus import generate
from pipeline import cache
from pipeline.cli import main
from pipeline.project import Project
from pipeline.runs import quality as checking
from pipeline.runs.handouts import build as build_handouts
from pipeline.runs.quality import check as check_project
from pipeline.runs.update import update as update_catalogs
from pipeline.source.load import read_source

from ..conftest import REPO, SEED_SLUG, published


def test_a_build_with_nothing_changed_publishes_nothing_anew(tmp_path: Path) -> None:
    root = generate(5, tmp_path / "corpus")
    project = Project.at(root)
    build_handouts(project, "nl", jobs=1)
    before = published(root)
    folder = os.stat(root / "build" / "nl").st_ino
    report = build_handouts(project, "nl", jobs=1)
    assert (report.built, report.fresh) == (0, 5)
    assert len(report.written) == 5 * 3 + 2  # the files it publishes, as the first build did
    assert os.stat(root / "build" / "nl").st_ino == folder  # not swapped: nothing to publish
    assert published(root) == before
    assert not [p for p in (root / "build").iterdir() if p.name.startswith(".nl.")]


def test_a_changed_index_or_a_removed_article_is_published_again(tmp_path: Path) -> None:
    root = generate(5, tmp_path / "corpus")
    project = Project.at(root)
    build_handouts(project, "en", jobs=1)
    before = published(root)
    (root / "build" / "en" / "index.html").write_text("tampered", encoding="utf-8")
    (root / "build" / "en" / "stray.html").write_text("not ours", encoding="utf-8")
    build_handouts(project, "en", jobs=1)
    assert published(root) == before  # the index restored, the stray handout gone
    (root / "content" / "nl" / "artikel-00003.md").unlink()
    report = build_handouts(project, "en", jobs=1)
    assert report.fresh == 4
    assert not list((root / "build" / "en").glob("artikel-00003.*"))
    assert b"artikel-00003" not in (root / "build" / "en" / "index.html").read_bytes()


def test_a_parsed_source_is_read_back_from_the_cache_until_it_changes(project: Path) -> None:
    found = Project.at(project)
    path = project / "content" / "nl" / f"{SEED_SLUG}.md"
    first = read_source(found, path)
    stored = list((project / "build" / ".cache" / "documents").glob("*.pickle"))
    assert len(stored) == 1
    again = read_source(found, path)
    assert again is not first and pickle.dumps(again) == pickle.dumps(first)
    path.write_text(
        path.read_text(encoding="utf-8").replace("Epilepsie", "Migraine"), encoding="utf-8"
    )
    changed = read_source(found, path)
    assert any("Migraine" in t.content for t in changed.tokens)
    stored[0].write_bytes(b"not a pickle")  # a torn cache file is a miss, not an error
    assert pickle.dumps(read_source(found, path)) == pickle.dumps(changed)


def test_check_findings_come_from_the_cache_only_while_the_catalog_is_unchanged(
    project: Path,
) -> None:
    found = Project.at(project)
    assert [f for r in check_project(found, "en") for f in r.findings] == []
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "3. Epilepsy"' in text
    po.write_text(text.replace('msgstr "3. Epilepsy"', 'msgstr "4. Epilepsy"'), encoding="utf-8")
    findings = [str(f) for r in check_project(found, "en") for f in r.findings]
    assert any(": error: numbers: " in f for f in findings)
    assert [str(f) for r in check_project(found, "en") for f in r.findings] == findings
    reports = check_project(found, "en", jobs=2)
    assert [str(f) for r in reports for f in r.findings] == findings
    glossary = project / "content" / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "hersenen,skull,\n", encoding="utf-8"
    )
    findings = [str(f) for r in check_project(found, "en") for f in r.findings]
    assert any("skull" in f for f in findings)


def test_all_updates_builds_both_languages_and_holds_back_an_article_with_errors(
    project: Path,
) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(project), "all"])
    assert result.exit_code == 0, result.output
    for lang in ("nl", "en"):
        assert (project / "build" / lang / f"{SEED_SLUG}.html").is_file()
    english = published(project)
    po = project / "content" / "en" / f"{SEED_SLUG}.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "3. Epilepsy"', 'msgstr "4. Epilepsy"'), encoding="utf-8")
    result = runner.invoke(main, ["-C", str(project), "all"])
    assert result.exit_code == 0, result.output
    assert f"held-back: {SEED_SLUG}" in result.output and "check error: numbers" in result.output
    assert not (project / "build" / "en" / f"{SEED_SLUG}.html").exists()  # withdrawn
    assert english


def test_an_update_with_nothing_changed_writes_nothing_but_sees_every_input(project: Path) -> None:
    found = Project.at(project)
    update_catalogs(found, "en", jobs=1)
    again = update_catalogs(found, "en", jobs=1)
    assert again.written == [] and again.built == 0
    assert "content/en/_templates.po" in again.unchanged
    assert "content/en/newsletters/2019-10.po" in again.unchanged
    template = project / "templates" / "handout.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + "{{ _('Gedrukt op papier') }}\n", encoding="utf-8"
    )
    report = update_catalogs(found, "en", jobs=1)
    assert "content/en/_templates.po" in report.written
    assert "Gedrukt op papier" in (project / "content" / "en" / "_templates.po").read_text(
        encoding="utf-8"
    )
    issue = project / "content" / "nl" / "newsletters" / "2019-10.md"
    issue.write_text(
        issue.read_text(encoding="utf-8").replace(
            "Veel leesplezier!", "Veel leesplezier en tot de volgende keer!"
        ),
        encoding="utf-8",
    )
    report = update_catalogs(found, "en", jobs=1)
    assert report.written == ["content/en/newsletters/2019-10.po"]
    article = project / "content" / "nl" / f"{SEED_SLUG}.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Epilepsie", "Epilepsie bij volwassenen"),
        encoding="utf-8",
    )
    report = update_catalogs(found, "en", jobs=1)
    assert f"content/en/{SEED_SLUG}.po" in report.written


def test_libyaml_reads_front_matter_as_the_pure_python_reader_does() -> None:
    import yaml
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.source.document import _compose

    assert yaml.__with_libyaml__  # else the quicker reader is not what is measured

    def both(content: str) -> None:
        try:
            node, data = _compose(content, yaml.SafeLoader)
        except (ValueError, yaml.YAMLError):
            return  # the pure-Python reader's error is what a user sees either way
        try:
            c_node, c_data = _compose(content, yaml.CSafeLoader)
        except yaml.YAMLError:
            return  # libyaml declined (a lone ``!`` tag): the pure-Python reader is used
        assert c_data == data
        if isinstance(node, yaml.MappingNode):
            assert [(k.value, k.start_mark.line) for k, _ in c_node.value] == [
                (k.value, k.start_mark.line) for k, _ in node.value
            ]

    repo = REPO
    for path in sorted((repo / "content" / "nl").rglob("*.md")):
        both(path.read_text(encoding="utf-8").split("---\n")[1])
    keys = st.sampled_from(["title", "date", "image", "verbatim", "subject", "lead", "x-y"])
    values = st.one_of(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30),
        st.dates().map(str),
        st.integers().map(str),
        st.lists(
            st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=10),
            max_size=3,
        ),
    )

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(keys, values, max_size=6), st.sampled_from(["plain", "dump"]))
    def check(meta: dict[str, object], style: str) -> None:
        if style == "dump":
            both(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False))
        else:
            both("".join(f"{k}: {v}\n" for k, v in meta.items()))

    check()


def _run(argv: list[str], *, terminal: bool) -> tuple[int, str]:
    """Run the pipeline in a new process, its output on a pseudo-terminal or on pipes."""
    import pty
    import subprocess
    import sys

    command = [sys.executable, "-m", "pipeline", *argv]
    if not terminal:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return done.returncode, done.stdout + done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return process.wait(), output.decode()


def test_a_progress_bar_and_a_summary_on_a_terminal_and_quiet_otherwise(tmp_path: Path) -> None:
    root = generate(20, tmp_path / "corpus")
    code, shown = _run(["-C", str(root), "build", "--lang", "nl"], terminal=True)
    assert code == 0, shown
    assert "building nl" in shown and "100%" in shown  # click's bar, drawn to the end
    assert "20 article(s) built, 0 skipped as fresh, " in shown
    code, logged = _run(["-C", str(root), "build", "--lang", "nl"], terminal=False)
    assert code == 0, logged
    # One line (and the corpus's missing images, each a warning): no bar, no summary.
    lines = logged.splitlines()
    assert [line for line in lines if not line.startswith("warning: ")] == [
        "built 62 file(s) in build/nl"
    ]


def test_the_feed_carries_the_newest_entries_and_the_index_every_one(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from pipeline.publish.index import FEED_ENTRIES

    count = FEED_ENTRIES + 6
    root = generate(count, tmp_path / "corpus")
    build_handouts(Project.at(root), "nl")
    index = (root / "build" / "nl" / "index.html").read_text(encoding="utf-8")
    assert all(f"artikel-{i:05d}.html" in index for i in range(1, count + 1))
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((root / "build" / "nl" / "feed.xml").read_bytes())
    dates = [e.findtext(f"{atom}published") for e in feed.findall(f"{atom}entry")]
    assert len(dates) == FEED_ENTRIES
    assert dates == sorted(dates, reverse=True)
    every = sorted((d for d in (e.date for e in _entries(root))), reverse=True)
    assert dates[-1][:10] == every[FEED_ENTRIES - 1].isoformat()  # none newer left out


def _entries(root: Path):  # type: ignore[no-untyped-def]
    from pipeline.source.document import parse_document

    for path in sorted((root / "content" / "nl").glob("*.md")):
        yield parse_document(path.read_text(encoding="utf-8"), source=path.name, slug=path.stem)


def _checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The catalogs the checks run on from now on (not those whose findings are kept)."""
    checked: list[str] = []
    real = checking._check_catalog

    def counted(task: Any) -> Any:
        checked.append(task.shown)
        return real(task)

    monkeypatch.setattr(checking, "_check_catalog", counted)
    return checked


def test_an_errors_only_check_checks_only_the_catalog_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = generate(4, tmp_path / "corpus")
    project = Project.at(root)
    first = check_project(project, "en", errors_only=True, jobs=1)
    checked = _checked(monkeypatch)
    assert check_project(project, "en", errors_only=True, jobs=1) == first
    assert checked == []
    po = root / "content" / "en" / "artikel-00002.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("deelnemers", "deelnemers 7", 1), encoding="utf-8")
    again = check_project(project, "en", errors_only=True, jobs=1)
    assert checked == ["content/en/artikel-00002.po"]
    assert again != first
    shutil.rmtree(root / "build" / ".cache")  # the same reports, checked from scratch
    assert check_project(project, "en", errors_only=True, jobs=1) == again


def test_a_full_check_after_an_errors_only_one_checks_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog without warnings is kept whole with the errors-only reports; one with
    warnings in its own file: a full check then takes both, and finds the warnings."""
    root = generate(4, tmp_path / "corpus")
    project = Project.at(root)
    fresh = check_project(project, "en", jobs=1)
    warned = {f.path for r in fresh for f in r.findings}
    assert len(warned) == 4  # the corpus's English keeps Dutch words: the articles'
    assert len(fresh) == 5  # and the templates' catalog, which has none
    shutil.rmtree(root / "build" / ".cache")
    errors = check_project(project, "en", errors_only=True, jobs=1)
    assert [f for r in errors for f in r.findings] == []
    stores = sorted((root / "build" / ".cache" / "check" / "en").glob("*.pickle"))
    assert len(stores) == 1 + len(warned)  # the errors-only reports, and one per warned
    checked = _checked(monkeypatch)
    full = check_project(project, "en", jobs=1)
    assert checked == []
    assert full == fresh


def test_with_nothing_changed_no_input_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sources, catalogs and templates are hashed once; later runs go by their stat."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # every file counts as settled at once
    root = generate(3, tmp_path / "corpus")
    project = Project.at(root)
    for _ in range(2):  # the second run hashes what the first wrote (the POTs)
        update_catalogs(project, "en", jobs=1)
        for lang in ("nl", "en"):
            build_handouts(project, lang, jobs=1)
        check_project(project, "en", errors_only=True, jobs=1)
    cache._DIGESTS.clear()  # the next process: the stats from build/.cache/ only

    def unread(path: Path) -> str:
        raise AssertionError(f"{path} hashed again although unchanged")

    monkeypatch.setattr(cache, "file_digest", unread)
    assert update_catalogs(project, "en", jobs=1).fresh == 3
    for lang in ("nl", "en"):
        assert build_handouts(project, lang, jobs=1).built == 0
    check_project(project, "en", errors_only=True, jobs=1)
