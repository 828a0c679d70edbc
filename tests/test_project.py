"""pipeline/project.py: a project's paths, and its settings from pipeline.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.project import Config, Languages, Project, load_config

from .conftest import SEED_SLUG


def test_a_project_is_a_folder_with_dutch_sources(project: Path, tmp_path: Path) -> None:
    assert Project.at(project).root == project.resolve()
    with pytest.raises(PipelineError, match="not a project directory"):
        Project.at(tmp_path / "elsewhere")


def test_paths_as_users_see_them(project: Path) -> None:
    p = Project.at(project)
    assert p.display(p.catalog_path("en", SEED_SLUG)) == f"content/en/{SEED_SLUG}.po"
    assert p.display(p.pot_path(SEED_SLUG)) == f"content/pot/{SEED_SLUG}.pot"
    assert p.display(p.approvals_path("en", SEED_SLUG)) == f"content/en/reviewed/{SEED_SLUG}.tsv"
    assert p.display(Path("/elsewhere/a.md")) == "/elsewhere/a.md"  # outside: as given
    assert SEED_SLUG in [path.stem for path in p.articles()]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(PipelineError, match="unknown language 'xx'"):
        Languages().check("xx")


def test_without_pipeline_toml_the_defaults(project: Path) -> None:
    assert load_config(Project.at(project)) == Config()
    assert Config().url("en", "a.html") == "https://www.naturafoundation.nl/en/a.html"


def test_pipeline_toml_over_the_defaults(project: Path) -> None:
    (project / "pipeline.toml").write_text('[site]\nbase_url = "https://example.org/nieuws/"\n')
    config = load_config(Project.at(project))
    assert config.base_url == "https://example.org/nieuws"  # no trailing slash
    assert config.sender == Config().sender
    assert config.source == "pipeline.toml"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('[site]\nbase_url = "http://x.nl"\n', "must be an https:// address", 2),
        ("[site]\nbase_url = \n", "not valid TOML", 2),
        ("[labels]\nx = 1\n", "unknown section 'labels'", 1),
    ],
)
def test_a_bad_setting_is_an_error_at_its_line(
    project: Path, text: str, message: str, line: int
) -> None:
    (project / "pipeline.toml").write_text(text)
    with pytest.raises(PipelineError, match=message) as caught:
        load_config(Project.at(project))
    assert (caught.value.filename, caught.value.lineno) == ("pipeline.toml", line)
