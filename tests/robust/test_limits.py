"""Pathological input is refused past a documented limit, naming the file, or processed.

Never a hang: every command runs under an alarm far above its normal time (a hang
guard, not a performance test).
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import main
from pipeline.po import MAX_PO_BYTES
from pipeline.source.document import MAX_SEGMENT_CHARS, MAX_SOURCE_CHARS
from tests.conftest import SEED_SLUG

#: Seconds a command may take before it counts as hung (it normally takes under two).
HANG_GUARD = 120
SOURCE = f"content/nl/{SEED_SLUG}.md"
CATALOG = f"content/en/{SEED_SLUG}.po"


class Hang(Exception):
    pass


@contextmanager
def hang_guard(seconds: int = HANG_GUARD) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(project: Path, *args: str) -> Result:
    with hang_guard():
        result = CliRunner().invoke(main, ["-C", str(project), *args])
    if isinstance(result.exception, Hang):
        pytest.fail(f"{args}: {result.exception}")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    return result


def refused(result: Result, shown: str, reason: str) -> None:
    """A non-zero exit with one ``Error: FILE[:LINE]: …`` line naming ``shown``."""
    assert result.exit_code != 0, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert re.match(rf"Error: {re.escape(shown)}(:\d+)?: .*{reason}", errors[0]), errors[0]


def add_to_source(project: Path, text: str) -> None:
    path = project / SOURCE
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def set_translation(project: Path, english: str) -> None:
    """Replace one msgstr of the seed catalog (the heading "2. Depression")."""
    path = project / CATALOG
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "2. Depression"' in text
    quoted = english.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(text.replace('msgstr "2. Depression"', f'msgstr "{quoted}"'), encoding="utf-8")


SOURCE_CASES = {
    "brackets": "[" * 100_000,
    "stars-in-text": "Tekst " + "*" * 100_000,
    "emphasis-runs": "*a " * 50_000,
    "huge-line": "woord " * 60_000,
    "many-lines-one-paragraph": "*a\n" * 40_000,
}


@pytest.mark.parametrize("text", SOURCE_CASES.values(), ids=SOURCE_CASES)
def test_huge_block_in_the_source_is_refused(project: Path, text: str) -> None:
    add_to_source(project, text)
    for command in (
        ["update", "--lang", "en"],
        ["build", "--lang", "en"],
        ["build", "--lang", "nl"],
    ):
        refused(run(project, *command), SOURCE, f"at most {MAX_SEGMENT_CHARS:,}")
    assert not [p for p in (project / "build").rglob("*") if p.is_file()]


#: Each source within the limits, and what its page shows of it (once more than without it).
PROCESSED_CASES = {
    "thematic-break-of-stars": ("*" * 100_000, "<hr"),
    "nested-quotes-one-line": (">" * 100_000 + " diep", "<blockquote>"),
    "nested-quotes-many-lines": ("".join(">" * i + " diep\n" for i in range(1, 400)), "diep"),
    "nested-lists": ("".join("  " * i + "- lijst\n" for i in range(400)), "lijst"),
    "underscores": ("_" * 100_000, "<hr"),
    "backticks": ("`" * 100_000, "<pre><code"),
    "block-at-the-limit": ("[" * MAX_SEGMENT_CHARS, "[" * MAX_SEGMENT_CHARS),
}


def _page(project: Path, lang: str) -> str:
    return (project / "build" / lang / f"{SEED_SLUG}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "shown"), PROCESSED_CASES.values(), ids=PROCESSED_CASES)
def test_pathological_source_within_the_limits_is_processed(
    project: Path, text: str, shown: str
) -> None:
    """Built in Dutch, its catalog updated, built as an English draft: each page shows the
    block (the draft in Dutch), whole (the page ends)."""
    assert run(project, "build", "--lang", "nl").exit_code == 0
    before = _page(project, "nl").count(shown)
    add_to_source(project, text)
    result = run(project, "build", "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert _page(project, "nl").count(shown) > before
    result = run(project, "update", "--lang", "en")
    assert result.exit_code == 0, result.output
    result = run(project, "build", "--lang", "en", "--draft")
    assert result.exit_code == 0, result.output
    for lang in ("nl", "en"):
        assert _page(project, lang).count(shown) > before, lang
        assert _page(project, lang).rstrip().endswith("</html>"), lang


def test_five_megabyte_article_is_refused(project: Path) -> None:
    paragraph = "Magnesium speelt een rol bij de [hersenen](https://x.nl) en *geheugen*. " * 20
    add_to_source(project, "\n\n".join([paragraph] * (5_000_000 // len(paragraph))))
    for command in (["update", "--lang", "en"], ["build", "--lang", "nl"]):
        refused(run(project, *command), SOURCE, f"more than the {MAX_SOURCE_CHARS:,}")


def test_too_many_segments_are_refused(project: Path) -> None:
    add_to_source(project, "\n\n".join(f"Zin {n}." for n in range(6_000)))
    refused(run(project, "update", "--lang", "en"), SOURCE, "segments")


def test_five_megabyte_catalog_is_refused(project: Path) -> None:
    path = project / CATALOG
    entries = "".join(
        f'\nmsgid "Zin nummer {n} over magnesium en de hersenen."\n'
        f'msgstr "Sentence number {n} about magnesium and the brain."\n'
        for n in range(60_000)
    )
    path.write_text(path.read_text(encoding="utf-8") + entries, encoding="utf-8")
    assert path.stat().st_size > 5_000_000
    before = path.read_bytes()
    for command in (
        ["update", "--lang", "en"],
        ["check", "--lang", "en"],
        ["build", "--lang", "en"],
    ):
        refused(run(project, *command), CATALOG, f"more than the {MAX_PO_BYTES:,}")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "english",
    ["[" * 100_000, "*a " * 50_000, "word " * 200_000],
    ids=["brackets", "emphasis-runs", "huge-line"],
)
def test_huge_translation_is_refused(project: Path, english: str) -> None:
    set_translation(project, english)
    before = (project / CATALOG).read_bytes()
    # a release holds the article back at its check error; a draft cannot show it
    held = run(project, "build", "--lang", "en")
    assert held.exit_code == 0, held.output
    assert re.search(rf"{re.escape(CATALOG)}:\d+: held-back: .*check error: too-long", held.output)
    strict = run(project, "build", "--lang", "en", "--strict")
    assert strict.exit_code == 1 and f"{CATALOG}:" in strict.output, strict.output
    refused(
        run(project, "build", "--lang", "en", "--draft"), CATALOG, f"at most {MAX_SEGMENT_CHARS:,}"
    )
    refused(run(project, "update", "--lang", "en"), CATALOG, f"at most {MAX_SEGMENT_CHARS:,}")
    refused(run(project, "review", "--lang", "en"), CATALOG, f"at most {MAX_SEGMENT_CHARS:,}")
    result = run(project, "check", "--lang", "en")
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(CATALOG)}:\d+: error: too-long: ", result.output)
    assert (project / CATALOG).read_bytes() == before


def test_huge_obsolete_entry_is_refused_by_update(project: Path) -> None:
    path = project / CATALOG
    huge = "lang " * 10_000
    path.write_text(
        path.read_text(encoding="utf-8") + f'\n#~ msgid "Weg"\n#~ msgstr "{huge}"\n',
        encoding="utf-8",
    )
    refused(run(project, "update", "--lang", "en"), CATALOG, "at most")
