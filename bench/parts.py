"""Where a full run's CPU goes, per article: each stage's steps timed one function at a time.

python -m bench.parts [N]   # the first N (300) articles of the 1000-article corpus
"""

from __future__ import annotations

import pickle
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from bench.corpus import generate
from bench.run import WORK
from pipeline import po
from pipeline.catalogs import merge as catalogs
from pipeline.catalogs.io import entries
from pipeline.checks.rules import check_catalog
from pipeline.project import Languages, Project
from pipeline.publish.apply import apply_translations
from pipeline.publish.render import (
    body_html,
    body_markdown,
    make_page,
    render_outputs,
    template_environment,
)
from pipeline.source.document import parse_document
from pipeline.source.segments import segments

T = TypeVar("T")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    project = Project.at(generate(1000, WORK / "corpus-1000"))
    spent: dict[str, float] = {}

    def timed(name: str, step: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = step()
        spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return result

    templates = template_environment(project.templates_dir, str, reload=False)
    date = catalogs.creation_date()
    slugs = [path.stem for path in project.articles()][:count]
    for slug in slugs:
        _article(project, slug, date, templates, timed)
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"{name:>28} {1000 * seconds / len(slugs):6.2f} ms per article")
    print(f"{'in all':>28} {1000 * sum(spent.values()) / len(slugs):6.2f} ms per article")


def _article(
    project: Project, slug: str, date: datetime, templates: Any, timed: Callable[..., Any]
) -> None:
    """One article through update, build and check, each step timed (called at once: the
    lambdas see this article's values)."""
    text = (project.source_dir / f"{slug}.md").read_text(encoding="utf-8")
    shown = f"content/nl/{slug}.md"
    document = timed("parse", lambda: parse_document(text, source=shown, slug=slug))
    template = timed(
        "segments, POT", lambda: catalogs.segments_template(slug, segments(document), date=date)
    )
    timed("POT written out", lambda: po.generate_po(template))
    data = project.catalog_path("en", slug).read_bytes()
    old = timed("catalog read", lambda: po.parse_po(data, filename=slug))
    merged = timed("merge", lambda: catalogs.merge(template, old, lang="en", plain=True))
    timed("catalog written out", lambda: po.generate_po(merged))
    kept = timed("tree pickled", lambda: pickle.dumps(document, pickle.HIGHEST_PROTOCOL))
    tree = timed("tree unpickled", lambda: pickle.loads(kept))
    found = entries(old)
    timed("translations applied", lambda: apply_translations(tree, found, catalog_name=slug))
    timed("body to HTML", lambda: body_html(tree.tokens, tree.env))
    timed("body to Markdown (mdformat)", lambda: body_markdown(tree.tokens, tree.env))
    page = make_page(tree, lang="en", languages=Languages(), draft=False)
    timed("page files (Jinja, JSON)", lambda: render_outputs(page, templates, tree.env))
    timed(
        "checks",
        lambda: check_catalog(old, path=slug, glossary=None, source_lang="nl", target_lang="en"),
    )


if __name__ == "__main__":
    main()
