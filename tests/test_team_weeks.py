"""Weeks of a newsletter team, played by hypothesis: editors add and fix Dutch, translators
save with polib, GNU msgmerge or a text editor, someone runs `make clean` or builds on a
fresh clone; after every build the release's invariants (pipeline/release.py) must hold.

Bounded for CI; ``TEAM_WEEKS=200`` (examples) plays many more.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from click.testing import CliRunner
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from pipeline.cli import main

from .conftest import REPO

#: Dutch words none of which is a glossary term (the glossary would ask for its English).
WORDS = (
    "de kat zit graag op het warme dak terwijl buren fietsen langs groene velden "
    "onder een blauwe lucht zonder wolken maar met veel wind uit zee"
).split()
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=4, max_size=9).map(
    lambda words: " ".join(words).capitalize() + "."
)
EXAMPLES = int(os.environ.get("TEAM_WEEKS", "15"))


def english(dutch: str) -> str:
    """A translator's English for ``dutch``: no Dutch text of it survives."""
    return "EN " + " ".join(reversed(dutch.rstrip(".").split())).upper() + "."


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def _project() -> Path:
    root = Path(tempfile.mkdtemp(prefix="team-"))
    (root / "content" / "nl").mkdir(parents=True)
    (root / "content" / "en").mkdir(parents=True)
    shutil.copy(REPO / "content" / "en" / "_templates.po", root / "content" / "en")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


class TeamWeeks(RuleBasedStateMachine):
    """The project, and what the team knows of it (the model)."""

    @initialize()
    def start(self) -> None:
        self.root = _project()
        #: Each article's Dutch paragraphs as they are now.
        self.articles: dict[str, list[str]] = {}
        #: Paragraphs removed, to restore.
        self.removed: dict[str, list[str]] = {}
        #: Every English a translator approved, per article (titles included).
        self.approved: dict[str, set[str]] = {}
        self.count = 0
        #: Each newsletter issue's articles.
        self.issues: dict[str, list[str]] = {}
        # Two articles published, as the team found the project on Monday.
        self.new_article(
            ["De kat zit graag op het warme dak.", "Buren fietsen langs groene velden."]
        )
        self.new_article(["Een blauwe lucht zonder wolken.", "Veel wind uit zee maar geen regen."])
        assert _run(self.root, "update")[0] == 0
        self.translate_with_polib(0, True)
        self.translate_with_polib(1, True)

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # The editors.

    def _write(self, slug: str) -> None:
        body = "\n\n".join(self.articles[slug])
        text = f"---\ntitle: Artikel {slug}\ndate: 2020-01-01\n---\n\n{body}\n"
        (self.root / "content" / "nl" / f"{slug}.md").write_text(text, encoding="utf-8")

    def _pick(self, index: int) -> str | None:
        slugs = sorted(self.articles)
        return slugs[index % len(slugs)] if slugs else None

    @rule(paragraphs=st.lists(SENTENCE, min_size=1, max_size=4, unique=True))
    def new_article(self, paragraphs: list[str]) -> None:
        self.count += 1
        slug = f"artikel-{self.count}"
        self.articles[slug], self.removed[slug], self.approved[slug] = paragraphs, [], set()
        self._write(slug)

    @rule(index=st.integers(0, 99), where=st.integers(0, 99), word=st.sampled_from(WORDS))
    def typo_fix(self, index: int, where: int, word: str) -> None:
        slug = self._pick(index)
        if slug is None:
            return
        paragraphs = self.articles[slug]
        at = where % len(paragraphs)
        fixed = paragraphs[at].rstrip(".") + f" {word}."
        if fixed not in paragraphs:
            paragraphs[at] = fixed
            self._write(slug)

    @rule(index=st.integers(0, 99), where=st.integers(0, 99), new=SENTENCE, beside=st.booleans())
    def add_paragraph(self, index: int, where: int, new: str, beside: bool) -> None:
        slug = self._pick(index)
        if slug is None:
            return
        paragraphs = self.articles[slug]
        at = where % (len(paragraphs) + 1)
        if beside and paragraphs:  # a neighbour copied, a sentence added
            new = paragraphs[min(at, len(paragraphs) - 1)] + " " + new
        if new not in paragraphs:
            paragraphs.insert(at, new)
            self._write(slug)

    @rule(index=st.integers(0, 99), where=st.integers(0, 99))
    def remove_paragraph(self, index: int, where: int) -> None:
        slug = self._pick(index)
        if slug is None or len(self.articles[slug]) < 2:
            return
        self.removed[slug].append(self.articles[slug].pop(where % len(self.articles[slug])))
        self._write(slug)

    @rule(index=st.integers(0, 99))
    def restore_paragraph(self, index: int) -> None:
        slug = self._pick(index)
        if slug is None or not self.removed[slug]:
            return
        back = self.removed[slug].pop()
        if back not in self.articles[slug]:
            self.articles[slug].append(back)
            self._write(slug)

    @rule(first=st.integers(0, 99), second=st.integers(0, 99))
    def new_issue(self, first: int, second: int) -> None:
        """A newsletter issue carrying one or two articles."""
        carried = sorted({self._pick(first), self._pick(second)} - {None})
        if not carried:
            return
        self.count += 1
        folder = self.root / "content" / "nl" / "newsletters"
        folder.mkdir(exist_ok=True)
        listed = "".join(f"- {slug}\n" for slug in carried)
        (folder / f"nummer-{self.count}.md").write_text(
            f"---\ndate: 2020-02-01\nsubject: Nummer {self.count}\npreheader: Kort\n"
            f"articles:\n{listed}---\n\nBeste lezer, veel plezier.\n",
            encoding="utf-8",
        )
        self.issues[f"nummer-{self.count}"] = carried

    # The translators.

    def _catalog(self, slug: str) -> Path:
        return self.root / "content" / "en" / f"{slug}.po"

    @rule(index=st.integers(0, 99))
    def translate_an_issue(self, index: int) -> None:
        """An issue's own text translated and reviewed (polib)."""
        if not self.issues:
            return
        issue = sorted(self.issues)[index % len(self.issues)]
        path = self.root / "content" / "en" / "newsletters" / f"{issue}.po"
        if not path.exists():
            return
        catalog = polib.pofile(str(path), wrapwidth=79)
        for entry in catalog:
            entry.msgstr = english(entry.msgid)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
        catalog.save()

    @rule(index=st.integers(0, 99), review=st.booleans())
    def translate_with_polib(self, index: int, review: bool) -> None:
        """Translate every entry (as Poedit or polib saves): reviewed, or needs work."""
        slug = self._pick(index)
        if slug is None or not self._catalog(slug).exists():
            return
        catalog = polib.pofile(str(self._catalog(slug)), wrapwidth=79)
        for entry in catalog:
            if entry.obsolete:
                continue
            if review or not entry.msgstr or entry.fuzzy:
                entry.msgstr = english(entry.msgid)
                entry.previous_msgid = None
                if review:
                    entry.flags = [f for f in entry.flags if f != "fuzzy"]
                    self.approved[slug].add(entry.msgstr)
                elif "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
        catalog.save()

    @rule(index=st.integers(0, 99), where=st.integers(0, 99))
    def save_as_needs_work(self, index: int, where: int) -> None:
        slug = self._pick(index)
        if slug is None or not self._catalog(slug).exists():
            return
        catalog = polib.pofile(str(self._catalog(slug)), wrapwidth=79)
        live = [e for e in catalog if not e.obsolete and not e.fuzzy and e.msgstr]
        if live:
            live[where % len(live)].flags.append("fuzzy")
            catalog.save()

    @rule(index=st.integers(0, 99))
    def review_in_a_text_editor(self, index: int) -> None:
        """Remove ``#, fuzzy`` above each entry whose English the translator checked."""
        slug = self._pick(index)
        if slug is None or not self._catalog(slug).exists():
            return
        catalog = polib.pofile(str(self._catalog(slug)))
        good = {e.msgid for e in catalog if not e.obsolete and e.msgstr == english(e.msgid)}
        blocks = self._catalog(slug).read_text(encoding="utf-8").split("\n\n")
        for i, block in enumerate(blocks):
            found = re.search(r'^msgid "(.*)"$', block, re.M)
            if found and found.group(1) in good and "\n#~" not in "\n" + block:
                blocks[i] = block.replace("#, fuzzy\n", "")
                self.approved[slug].add(english(found.group(1)))
        self._catalog(slug).write_text("\n\n".join(blocks), encoding="utf-8")

    @rule(index=st.integers(0, 99))
    def gnu_msgmerge(self, index: int) -> None:
        slug = self._pick(index)
        pot = self.root / "content" / "pot" / f"{slug}.pot"
        if slug is None or not self._catalog(slug).exists() or not pot.exists():
            return
        command = ["msgmerge", "-q", "-U", "--backup=none", str(self._catalog(slug)), str(pot)]
        subprocess.run(command, check=True)

    # Builds.

    def _strings(self) -> dict[str, set[str]]:
        found = {}
        for path in (self.root / "content" / "en").glob("*.po"):
            found[path.stem] = {e.msgstr for e in polib.pofile(str(path)) if e.msgstr}
        return found

    @rule()
    def update(self) -> None:
        before = self._strings()
        code, out = _run(self.root, "update")
        assert code == 0, out
        after = self._strings()
        for slug, strings in before.items():  # no translation is ever lost
            assert strings <= after[slug], (slug, strings - after[slug])

    @rule()
    def make_clean(self) -> None:
        shutil.rmtree(self.root / "build", ignore_errors=True)

    @rule()
    def make_en(self) -> None:
        code, out = _run(self.root, "build", "--lang", "en")
        assert code == 0, out
        self._check_release(out)

    @rule()
    def make_all(self) -> None:
        code, out = _run(self.root, "all")
        assert code == 0, out
        self._check_release(out)

    @rule()
    def make_en_strict(self) -> None:
        code, out = _run(self.root, "build", "--lang", "en", "--strict")
        editions = self._editions(self.root)
        assert code == (0 if set(editions.values()) == {"current"} else 1), out
        if code == 0:
            self._check_release(out)

    def _editions(self, root: Path) -> dict[str, str]:
        code, out = _run(root, "stats", "--json")
        assert code == 0, out
        rows = json.loads(out)["catalogs"]
        return {r["name"]: r["edition"] for r in rows if r["name"] in self.articles}

    def _check_release(self, out: str) -> None:
        target = self.root / "build" / "en"
        editions = self._editions(self.root)
        assert set(editions) == set(self.articles)
        assert set(editions.values()) <= {"current", "outdated", "held-back"}
        published = {p.stem for p in target.glob("*.json")}
        index = (target / "index.html").read_text(encoding="utf-8")
        feed = (target / "feed.xml").read_text(encoding="utf-8")
        for state in editions.values():
            event(f"an article {state}")
        for slug, state in editions.items():
            files = [p for p in target.rglob("*") if p.is_file() and slug + "." in p.name]
            if state == "held-back":  # nothing of it published
                assert not files and f"{slug}.html" not in index + feed, (slug, out)
                continue
            assert slug in published, (slug, state, out)
            page = json.loads((target / f"{slug}.json").read_text(encoding="utf-8"))
            shown = [p for p in page["body_markdown"].split("\n\n") if p.strip()]
            # exactly the Dutch's paragraphs, each in approved English, none twice
            assert len(shown) == len(self.articles[slug]), (slug, shown, self.articles[slug])
            assert len(set(shown)) == len(shown)
            for text in shown:
                assert text.strip() in self.approved[slug], (slug, text, out)
            everything = (target / f"{slug}.html").read_text(encoding="utf-8")
            for dutch in self.articles[slug]:
                assert dutch not in everything
        for issue, carried in self.issues.items():  # an issue exactly when its articles are
            page = target / "newsletter" / f"{issue}.html"
            if page.exists():
                assert all(editions[slug] != "held-back" for slug in carried), (issue, out)
                for slug in carried:
                    assert f"{slug}.html" in page.read_text(encoding="utf-8")
            assert page.exists() == (f"newsletter/{issue}.html" in index), issue
        for href in re.findall(r'href="([^"#:?]+)"', index):  # every link resolves
            assert href.startswith("..") or (target / href).is_file(), href
        for path in (self.root / "content" / "en").glob("*.po"):
            subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)

    @rule()
    def fresh_clone(self) -> None:
        """Another machine, from the committed files: the same editions."""
        clone = Path(tempfile.mkdtemp(prefix="clone-"))
        try:
            shutil.copytree(self.root / "content", clone / "content")
            shutil.copytree(self.root / "templates", clone / "templates")
            code, out = _run(clone, "build", "--lang", "en")
            assert code == 0, out
            assert self._editions(clone) == self._editions(self.root)
        finally:
            shutil.rmtree(clone, ignore_errors=True)

    @invariant()
    def nothing_half_written(self) -> None:
        if hasattr(self, "root"):
            assert not list(self.root.glob("content/en/.*.update-*"))


TeamWeeks.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_team_weeks = TeamWeeks.TestCase
