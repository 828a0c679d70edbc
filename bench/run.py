"""``make bench``: our build against markdown-it-py's bare render and mdpo, medians and ratios.

python -m bench.run [--sizes 1,100,1000] [--runs 3] [--memory-5000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import generate

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "build" / "bench"
PY = sys.executable
# Python's default: byte-compiled modules are cached (a sandbox may turn that off, which
# adds the compiling of every module to every command's start).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "SOURCE_DATE_EPOCH": "1569974400",
}
MDPO_VENV = WORK / "mdpo-venv"


def timed(argv: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak RSS (KiB) of one command: its own processes, not earlier ones'."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=out, stderr=err)
        # wait4: the resources of this child and the workers it waited for, only.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed:\n{err.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss


def make_all(root: Path) -> tuple[float, int]:
    """``pipeline all`` (update, build nl, check, build en): ``make all`` without PDF and e-mail."""
    return timed([PY, "-m", "pipeline", "all"], root)


def median(values: list[float]) -> float:
    return statistics.median(values)


def bare_markdown_it(root: Path) -> float:
    code = (
        "import sys, pathlib, markdown_it\nmd = markdown_it.MarkdownIt('commonmark')\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.md')):\n"
        "    md.render(p.read_text(encoding='utf-8'))\n"
    )
    return timed([PY, "-c", code, str(root / "content" / "nl")], root)[0]


def mdpo_ready() -> bool:
    mdpo = MDPO_VENV / "bin" / "md2po"
    if mdpo.exists():
        return True
    made = subprocess.run([sys.executable, "-m", "venv", str(MDPO_VENV)], capture_output=True)
    if made.returncode != 0:
        return False
    got = subprocess.run(
        [str(MDPO_VENV / "bin" / "pip"), "install", "--quiet", "mdpo"], capture_output=True
    )
    return got.returncode == 0 and mdpo.exists()


def mdpo(root: Path) -> float:
    """mdpo's extract (md2po) and apply (po2md) of every article, one language."""
    out = WORK / "mdpo-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    script = (
        "import sys, pathlib\nfrom mdpo.md2po import markdown_to_pofile\n"
        "from mdpo.po2md import pofile_to_markdown\n"
        "src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])\n"
        "for p in sorted(src.glob('*.md')):\n"
        "    markdown_to_pofile(str(p), save=True, po_filepath=str(out / (p.stem + '.po')))\n"
        "    pofile_to_markdown(str(p), str(out / (p.stem + '.po')),"
        " save=str(out / (p.stem + '.md')))\n"
    )
    return timed(
        [str(MDPO_VENV / "bin" / "python"), "-c", script, str(root / "content" / "nl"), str(out)],
        root,
    )[0]


def bench(count: int, runs: int, use_mdpo: bool) -> dict[str, float]:
    root = generate(count, WORK / f"corpus-{count}")
    full, noop, one, peaks = [], [], [], []
    for _ in range(runs):
        shutil.rmtree(root / "build", ignore_errors=True)
        seconds, peak = make_all(root)
        full.append(seconds)
        peaks.append(peak)
        noop.append(make_all(root)[0])
        po = sorted((root / "content" / "en").glob("artikel-*.po"))[count // 2]
        original = po.read_bytes()
        po.write_bytes(original.replace(b'msgstr "EN ', b'msgstr "EN* ', 1))
        one.append(make_all(root)[0])
        po.write_bytes(original)
        make_all(root)
    result = {
        "articles": count,
        "full": median(full),
        "noop": median(noop),
        "one": median(one),
        "peak_mib": max(peaks) / 1024,
        "markdown_it": median([bare_markdown_it(root) for _ in range(runs)]),
    }
    if use_mdpo:
        result["mdpo"] = median([mdpo(root) for _ in range(runs)])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--memory-5000",
        action="store_true",
        help="also one from-scratch build of 5000 articles, for peak memory",
    )
    args = parser.parse_args()
    use_mdpo = mdpo_ready()
    if not use_mdpo:
        print("mdpo could not be installed into a throwaway venv: its column is left out")
    print(
        f"{'articles':>8} {'make all':>9} {'no-op':>7} {'one .po':>8} {'md-it':>7} "
        f"{'mdpo':>7} {'all/md-it':>9} {'no-op %':>8} {'one %':>6} {'peak MiB':>9}"
    )
    for count in [int(s) for s in args.sizes.split(",")]:
        r = bench(count, args.runs, use_mdpo)
        mdpo_s = f"{r['mdpo']:7.2f}" if "mdpo" in r else "      -"
        print(
            f"{count:>8} {r['full']:9.2f} {r['noop']:7.2f} {r['one']:8.2f} "
            f"{r['markdown_it']:7.2f} {mdpo_s} {r['full'] / r['markdown_it']:9.2f} "
            f"{100 * r['noop'] / r['full']:8.1f} {100 * r['one'] / r['full']:6.1f} "
            f"{r['peak_mib']:9.1f}",
            flush=True,
        )
    if args.memory_5000:
        root = generate(5000, WORK / "corpus-5000")
        shutil.rmtree(root / "build", ignore_errors=True)
        seconds, peak = make_all(root)
        print(f"5000 articles from scratch: {seconds:.1f} s, peak {peak / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
