"""pipeline.publish.image: the article image found in the image folders, warned about, copied."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.project import Project
from pipeline.publish.image import (
    IMAGE_DIRS,
    ArticleImage,
    ImageState,
    article_image,
    copy_image,
    find_image,
    image_state,
)
from pipeline.source.document import Document, parse_document
from pipeline.source.load import read_source

from ..conftest import SEED_SLUG

NAME = f"{SEED_SLUG}-1570002347.jpg"  # what the seed's front matter names


def _document(front_matter: str) -> Document:
    return parse_document(
        f"---\ntitle: T\n{front_matter}---\n\nTekst.\n", source="content/nl/a.md", slug="a"
    )


def test_the_first_folder_that_has_it_wins(project: Path) -> None:
    p = Project.at(project)
    assert find_image(p, NAME) is None
    for folder in reversed(IMAGE_DIRS):  # the last first: each earlier one then takes over
        (project / folder).mkdir(parents=True, exist_ok=True)
        (project / folder / NAME).write_bytes(folder.encode())
        assert find_image(p, NAME) == project / folder / NAME


@pytest.mark.parametrize("name", ["../pipeline.toml", "images/x.jpg", "a\\b.jpg", ".hidden.jpg"])
def test_a_name_is_never_a_path(project: Path, name: str) -> None:
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / ".hidden.jpg").write_bytes(b"x")
    (project / "content" / "nl" / "images").mkdir()
    (project / "content" / "nl" / "images" / "x.jpg").write_bytes(b"x")
    assert find_image(Project.at(project), name) is None


def test_a_missing_image_is_a_warning_at_its_front_matter_line(project: Path) -> None:
    p = Project.at(project)
    document = read_source(p, p.source_dir / f"{SEED_SLUG}.md")
    image, warnings = article_image(p, document, missing="the e-mail has none")
    assert image is None
    assert warnings == [
        f"content/nl/{SEED_SLUG}.md:4: image {NAME!r} not found in content/images/, "
        "content/nl/images/, content/nl/; the e-mail has none"
    ]


def test_found_with_its_alt_text(project: Path) -> None:
    p = Project.at(project)
    (project / "content" / "images").mkdir()
    (project / "content" / "images" / "a.png").write_bytes(b"png")
    image, warnings = article_image(p, _document("image: a.png\nimage_alt: Een kaart\n"))
    assert warnings == []
    assert image == ArticleImage("a.png", project / "content" / "images" / "a.png", "Een kaart")
    assert image.published == "images/a.png"
    decorative, _ = article_image(p, _document("image: a.png\n"))
    assert decorative is not None and decorative.alt == ""
    assert article_image(p, _document("")) == (None, [])
    assert article_image(p, _document("image: '  '\n")) == (None, [])


def test_image_state_changes_with_the_file(project: Path) -> None:
    p = Project.at(project)
    assert image_state(p, "a.png") == ImageState("a.png", "", None)
    folder = project / "content" / "images"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"one")
    first = image_state(p, "a.png")
    assert first.path == str(folder / "a.png") and first.stamp is not None
    (folder / "a.png").write_bytes(b"three")
    assert image_state(p, "a.png") != first


def test_copied_once_into_images(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.png"
    source.write_bytes(b"png")
    out = tmp_path / "build" / "en"
    out.mkdir(parents=True)
    image = ArticleImage("a.png", source, "")
    assert copy_image(image, out) == "images/a.png"
    assert (out / "images" / "a.png").read_bytes() == b"png"
    source.write_bytes(b"changed")  # a second article sharing it: the copy made is kept
    assert copy_image(image, out) == "images/a.png"
    assert (out / "images" / "a.png").read_bytes() == b"png"
