"""Fuzz the whole path from PO bytes and Markdown bytes to HTML (hypothesis).

Mutated copies of the seed article, its catalog and the PO corpus (``tests/po/corpus/``)
go into a fresh project, and ``check``, ``build`` (draft, both languages),
``update``, ``check`` and ``build`` again and ``review`` run on it. Only the
pipeline's own error (:class:`pipeline.errors.PipelineError` and its subclasses)
may come out, and every HTML output must be safe (no script, no ``on…=``
attribute, no link but http, https, mailto or relative).

    .venv/bin/python tests/fuzz/fuzz_pipeline.py --minutes 5   # report in the terminal

``tests/robust/test_fuzz.py`` runs a short, derandomised version with the suite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.publish.review import write_reviews  # noqa: E402
from pipeline.runs.handouts import build as build_handouts  # noqa: E402
from pipeline.runs.quality import check as check_project  # noqa: E402
from pipeline.runs.update import update as update_catalogs  # noqa: E402
from tests.robust.test_hostile import HOSTILE, assert_safe  # noqa: E402

SLUG = "7-keer-magnesium-voor-de-hersenen"
SEED_MD = (REPO / "content" / "nl" / f"{SLUG}.md").read_bytes()
SEED_PO = (REPO / "content" / "en" / f"{SLUG}.po").read_bytes()
TEMPLATES_PO = (REPO / "content" / "en" / "_templates.po").read_bytes()
CORPUS = [p.read_bytes() for p in sorted((REPO / "tests" / "po" / "corpus").glob("*.po"))]
DOCUMENTS = [p.read_bytes() for p in sorted((REPO / "tests" / "documents").glob("*.md"))]

#: Pieces worth inserting: PO and Markdown syntax, encodings, hostile text.
TOKENS = [t.encode() for t in HOSTILE] + [
    b'msgid "',
    b'msgstr "',
    b'msgctxt "',
    b'msgid_plural "',
    b"msgstr[0] ",
    b'"',
    b'\\"',
    b"\\",
    b"\\n",
    b"\\q",
    b"\\x41",
    b"\\101",
    b"#~ ",
    b"#| ",
    b"#, fuzzy\n",
    b"#, no-wrap\n",
    b"#: a.md:1\n",
    b"#. heading\n",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\x04",
    b"\x1b",
    b"\x7f",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xc3\xa9",
    b"e\xcc\x81",
    b"\xe2\x80\x8b",
    b"\xe2\x80\xae",
    b"---\n",
    b"title: ",
    b"date: 2019-02-31\n",
    b"verbatim:\n- ",
    b"verbatim_sections: x\n",
    b"!!python/object:os.system ",
    b"&a [*a, *a]",
    b"{",
    b"[",
    b"](",
    b")",
    b"![",
    b"*",
    b"**",
    b"_",
    b"`",
    b"```\n",
    b"> ",
    b"- ",
    b"1. ",
    b"# ",
    b"| a |",
    b"|---|",
    b"<",
    b">",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"[ref]: ",
    b"  \n",
    b"\t",
    b"Content-Type: text/plain; charset=ISO-8859-1\\n",
    b"Plural-Forms: nplurals=3; plural=n;",
    b'"Content-Type: text/plain; charset=UTF-16\\n"\n',
    b"%s",
    b"%(x)d",
    b"{0}",
]

_OPS = st.one_of(
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(TOKENS)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 200)),
    st.tuples(st.just("duplicate-line"), st.floats(0, 1), st.integers(1, 3)),
    st.tuples(st.just("swap-lines"), st.floats(0, 1), st.floats(0, 1)),
    st.tuples(st.just("donor-line"), st.floats(0, 1), st.integers(0, 10_000)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
)


def mutate(data: bytes, ops: list[tuple[str, float, object]], donors: list[bytes]) -> bytes:
    """Apply byte- and line-level mutations; positions are fractions of the length."""
    for op, where, arg in ops:
        at = int(where * len(data))
        lines = data.split(b"\n")
        line = min(int(where * len(lines)), len(lines) - 1)
        if op == "insert":
            data = data[:at] + arg + data[at:]  # type: ignore[operator]
        elif op == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([arg]) + data[at + 1 :]  # type: ignore[list-item]
        elif op == "delete":
            data = data[:at] + data[at + arg :]  # type: ignore[operator]
        elif op == "duplicate-line":
            lines[line:line] = [lines[line]] * arg  # type: ignore[operator]
            data = b"\n".join(lines)
        elif op == "swap-lines":
            other = min(int(arg * len(lines)), len(lines) - 1)  # type: ignore[operator]
            lines[line], lines[other] = lines[other], lines[line]
            data = b"\n".join(lines)
        elif op == "donor-line":
            donor = donors[arg % len(donors)].split(b"\n")  # type: ignore[operator]
            lines.insert(line, donor[(arg // len(donors)) % len(donor)])  # type: ignore[operator]
            data = b"\n".join(lines)
        elif op == "truncate":
            data = data[:at]
    return data


@st.composite
def inputs(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A Markdown source and a PO catalog, each a seed or corpus file, mutated."""
    md = draw(st.sampled_from([SEED_MD, SEED_MD, *DOCUMENTS]))
    po = draw(st.sampled_from([SEED_PO, SEED_PO, SEED_PO, *CORPUS]))
    md = mutate(md, draw(st.lists(_OPS, max_size=6)), DOCUMENTS + [SEED_MD])
    po = mutate(po, draw(st.lists(_OPS, max_size=6)), CORPUS + [SEED_PO])
    return md, po


#: What the runs saw, for the report: inputs, and how far each got.
STATS = {"inputs": 0, "pipeline_errors": 0, "builds": 0}


def run_pipeline(md: bytes, po: bytes) -> dict[str, str | None]:
    """Every command on a fresh project holding ``md`` and ``po``; raise on a bug. Each
    step's error (``None``: it succeeded), by name."""
    STATS["inputs"] += 1
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        root = Path(tmp)
        (root / "content" / "nl").mkdir(parents=True)
        (root / "content" / "en").mkdir(parents=True)
        (root / "content" / "nl" / f"{SLUG}.md").write_bytes(md)
        (root / "content" / "en" / f"{SLUG}.po").write_bytes(po)
        (root / "content" / "en" / "_templates.po").write_bytes(TEMPLATES_PO)
        project = Project.at(root)
        steps = [
            ("check", lambda: check_project(project, "en")),
            ("build en --draft", lambda: build_handouts(project, "en", draft=True)),
            ("build nl", lambda: build_handouts(project, "nl")),
            ("update", lambda: update_catalogs(project, "en")),
            ("check after update", lambda: check_project(project, "en")),
            ("build en --draft after update", lambda: build_handouts(project, "en", draft=True)),
            ("build en", lambda: build_handouts(project, "en")),
            ("review", lambda: write_reviews(project, "en")),
        ]
        outcomes: dict[str, str | None] = {}
        for name, step in steps:
            outcomes[name] = None
            try:
                step()
            except PipelineError as exc:
                STATS["pipeline_errors"] += 1
                assert str(exc).strip() and "\n" not in str(exc).split(": ", 1)[0], name
                outcomes[name] = str(exc)
                continue
            except Exception as exc:
                raise AssertionError(f"{name}: {type(exc).__name__}: {exc}") from exc
            if name.startswith("build"):
                STATS["builds"] += 1
        for path in root.glob("build/**/*"):
            if ".cache" in path.parts:  # the commands' own records, not published
                continue
            if path.suffix == ".html":
                assert_safe(path.read_text(encoding="utf-8"), str(path))
            elif path.suffix == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
                assert_safe(data["body_html"], str(path))
                assert_safe(data["title_html"], str(path))
        return outcomes


def fuzz_test(max_examples: int, *, derandomize: bool, shrink: bool = True):  # type: ignore[no-untyped-def]
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])

    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=derandomize,
        database=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs())
    def fuzz(case: tuple[bytes, bytes]) -> None:
        run_pipeline(*case)

    return fuzz


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long to fuzz")
    parser.add_argument("--batch", type=int, default=100, help="inputs per hypothesis run")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1569974400")
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    failures: dict[str, str] = {}
    runs = 0
    while time.monotonic() < deadline:
        runs += 1
        try:
            fuzz_test(args.batch, derandomize=False)()
        except Exception as exc:  # noqa: BLE001 -- a finding: record it, go on
            text = "".join(traceback.format_exception(exc))
            key = str(exc).split("\n")[0][:200]
            if key not in failures:
                failures[key] = text
                print(f"FINDING {len(failures)}:\n{text}", flush=True)
    minutes = (time.monotonic() - started) / 60
    print(
        f"{STATS['inputs']} inputs in {minutes:.1f} min ({runs} hypothesis runs): "
        f"{STATS['builds']} successful builds, {STATS['pipeline_errors']} PipelineErrors, "
        f"{len(failures)} distinct findings"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
