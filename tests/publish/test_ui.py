"""pipeline/publish/ui.py: the templates' words in a language, the unreviewed ones remembered."""

from __future__ import annotations

from pathlib import Path

from pipeline.project import Project
from pipeline.publish.ui import UiStrings, ui_strings
from pipeline.release import Entry


def test_the_dutch_says_the_templates_words_as_written(project: Path) -> None:
    ui = ui_strings(Project.at(project), "nl")
    assert ui.gettext("Artikelen") == "Artikelen"
    assert ui.missing == {}


def test_the_english_says_the_reviewed_translation(project: Path) -> None:
    ui = ui_strings(Project.at(project), "en")
    assert ui.gettext("Artikelen") == "Articles"
    assert ui.missing == {}
    assert ui.catalog_name == "content/en/_templates.po"


def test_an_unreviewed_word_stays_dutch_and_is_remembered_where() -> None:
    entries = {
        "Lees verder": Entry("Read on", fuzzy=True, lineno=12),
        "Afmelden": Entry("", fuzzy=False, lineno=20),
    }
    ui = UiStrings("en", entries, "content/en/_templates.po")
    assert ui.gettext("Lees verder") == "Lees verder"
    assert ui.gettext("Afmelden") == "Afmelden"
    assert ui.gettext("Nergens") == "Nergens"
    assert {text: (u.status, u.where) for text, u in ui.missing.items()} == {
        "Lees verder": ("fuzzy", "content/en/_templates.po:12"),
        "Afmelden": ("untranslated", "content/en/_templates.po:20"),
        "Nergens": ("untranslated", "content/en/_templates.po"),
    }
