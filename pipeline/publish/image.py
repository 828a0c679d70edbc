"""The article image: found once in the image folders, shown by every handout and e-mail."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.digests import Stamp, file_stamp
from pipeline.project import Project
from pipeline.source.document import Document


@dataclass(frozen=True, slots=True)
class ArticleImage:
    """The front matter's ``image``, found."""

    #: The file name, as the front matter gives it.
    name: str
    #: The file.
    path: Path
    #: The alt text (front matter ``image_alt``, translated); empty: a decorative image.
    alt: str

    @property
    def published(self) -> str:
        """Its path under ``build/<lang>/``: ``images/<name>``."""
        return f"{PUBLISHED}/{self.name}"


#: Where an article's image is looked for, relative to the project root (first found wins).
IMAGE_DIRS = ("content/images", "content/nl/images", "content/nl")
#: Where a build publishes the images, under ``build/<lang>/``.
PUBLISHED = "images"


def find_image(project: Project, name: str) -> Path | None:
    """The article image's file, looked for in :data:`IMAGE_DIRS`, or ``None``."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None  # a name, not a path: nothing outside the image folders is read
    for folder in IMAGE_DIRS:
        candidate = project.root / folder / name
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True, slots=True)
class ImageState:
    """Which file an article's image is: a page showing it (or warning it is missing) is
    made again when it is another."""

    #: The name the front matter gives.
    name: str
    #: The file found (empty: none).
    path: str
    #: The file's stamp (``None``: none found).
    stamp: Stamp | None


def image_state(project: Project, name: str) -> ImageState:
    """Which file the image named ``name`` is now."""
    found = find_image(project, name)
    return ImageState(name, str(found), file_stamp(found)) if found else ImageState(name, "", None)


def article_image(
    project: Project, document: Document, *, missing: str = "the page has none"
) -> tuple[ArticleImage | None, list[str]]:
    """The (translated) article's image, or ``None`` and a warning at its ``file:line`` when
    the front matter names one that is not there; ``missing``: what that costs the reader."""
    name = document.meta.get("image")
    if not isinstance(name, str) or not name.strip():
        return None, []
    found = find_image(project, name)
    if found is None:
        where = f"{document.source}:{document.meta_lines.get('image', 1)}"
        folders = ", ".join(d + "/" for d in IMAGE_DIRS)
        return None, [f"{where}: image {name!r} not found in {folders}; {missing}"]
    alt = document.meta.get("image_alt")
    return ArticleImage(name, found, alt if isinstance(alt, str) else ""), []


def copy_image(image: ArticleImage, folder: Path) -> str:
    """Copy the image into ``folder/images/`` (once: articles may share it); its name there."""
    target = folder / image.published
    target.parent.mkdir(exist_ok=True)
    with contextlib.suppress(FileExistsError), open(target, "xb") as handle:
        handle.write(image.path.read_bytes())
    return image.published
