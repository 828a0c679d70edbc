"""The fonts that travel with the project: fontconfig for the PDFs, web fonts for the pages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pipeline.project import Project, shipped_templates

#: The fonts' folder, under ``templates/`` and under each published folder (``build/<lang>/``).
FONTS = "fonts"
#: What a published folder gets of ``templates/fonts/``: the web fonts and their licences.
PUBLISHED = ("*.woff2", "OFL-*.txt")


def fontconfig_file() -> Path:
    """The project's own fontconfig configuration: the bundled fonts and nothing else."""
    return shipped_templates() / FONTS / "fonts.conf"


def use_bundled_fonts() -> None:
    """Have fontconfig see only the bundled fonts, in this process and in its children.

    WeasyPrint (through Pango) finds fonts with fontconfig, which reads ``FONTCONFIG_FILE``
    each time a configuration is loaded: when ``weasyprint`` is first imported (it checks
    that there are fonts, and warns when there are none) and for each document it renders.
    Set before that first import, the PDF's fonts are the project's on every machine, one
    with no fonts at all included (where the machine's configuration makes Pango crash).
    An environment variable rather than a child process per PDF: WeasyPrint gives no way to
    hand it a configuration file, and a child would import WeasyPrint anew for each build.
    """
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file())
    os.environ.pop("FONTCONFIG_SYSROOT", None)  # it would move the bundled folder elsewhere


def web_fonts(templates_dir: Path) -> dict[str, bytes]:
    """The files a page's ``@font-face`` rules link, by their path under the published
    folder (``fonts/<name>``), licences included; none when the templates bring no fonts."""
    folder = templates_dir / FONTS
    found = sorted({path for pattern in PUBLISHED for path in folder.glob(pattern)})
    return {f"{FONTS}/{path.name}": path.read_bytes() for path in found}


def url_fetcher(project: Project, base_url: str) -> Any:
    """WeasyPrint's URL fetcher for a handout published at ``base_url``: the fonts its style
    sheet links (``fonts/…`` on the site) are read from ``templates/fonts/``, never fetched;
    anything else as WeasyPrint's own fetcher does."""
    import weasyprint

    prefix = base_url + FONTS + "/"
    folder = project.templates_dir / FONTS

    class Fetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            name = url.removeprefix(prefix)
            if name != url:
                path = folder / name
                if "/" in name or not path.is_file():
                    raise FileNotFoundError(f"{FONTS}/{name} is not in {folder}")
                return weasyprint.urls.URLFetcherResponse(
                    url, path.read_bytes(), {"Content-Type": "font/woff2"}
                )
            return super().fetch(url, headers)

    return Fetcher()
