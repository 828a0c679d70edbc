"""``make bench``: our build against markdown-it-py's bare render and mdpo, medians and ratios.

python -m bench.run [--sizes 100,1000] [--runs 3] [--no-5000]

Prints, per corpus size, the medians (seconds) and ratios, then the issue's four targets
for the largest size: ``pipeline all`` against markdown-it-py's bare render, update + build
of one language against mdpo's extract + apply, a run with nothing changed and one with a
``.po`` edited against a full run, and the peak memory of 5000 articles from scratch.
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
from typing import NamedTuple

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


class Timing(NamedTuple):
    """One command's cost: its own processes', not earlier ones'."""

    #: Wall-clock seconds.
    seconds: float
    #: CPU seconds (user and system) of the command and the workers it waited for.
    cpu: float
    #: The largest resident set of any of its processes, KiB.
    peak_kib: int

    def then(self, other: Timing) -> Timing:
        """This command and ``other`` one after the other."""
        peak = max(self.peak_kib, other.peak_kib)
        return Timing(self.seconds + other.seconds, self.cpu + other.cpu, peak)


def timed(argv: list[str], cwd: Path) -> Timing:
    """Seconds, CPU seconds and peak RSS (KiB) of one command."""
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
    return Timing(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def make_all(root: Path) -> Timing:
    """``pipeline all`` (update, build nl, check, build en): ``make all`` without PDF and e-mail."""
    return timed([PY, "-m", "pipeline", "all"], root)


def median(values: list[float]) -> float:
    return statistics.median(values)


def bare_markdown_it(root: Path) -> Timing:
    code = (
        "import sys, pathlib, markdown_it\nmd = markdown_it.MarkdownIt('commonmark')\n"
        "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.md')):\n"
        "    md.render(p.read_text(encoding='utf-8'))\n"
    )
    return timed([PY, "-c", code, str(root / "content" / "nl")], root)


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


def mdpo(root: Path) -> Timing:
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
    )


def one_language(root: Path) -> Timing:
    """``update --lang en``, ``build --lang en`` from scratch: what mdpo does, one language."""
    shutil.rmtree(root / "build", ignore_errors=True)
    update = timed([PY, "-m", "pipeline", "update", "--lang", "en"], root)
    return update.then(timed([PY, "-m", "pipeline", "build", "--lang", "en"], root))


def bench(count: int, runs: int, use_mdpo: bool) -> dict[str, float]:
    """Each command once per run, in turn (so a busy moment of the machine hits all of them
    alike); medians of ``runs``."""
    root = generate(count, WORK / f"corpus-{count}")
    times: dict[str, list[Timing]] = {name: [] for name in ("full", "noop", "one", "md", "lang")}
    if use_mdpo:
        times["mdpo"] = []
    for _ in range(runs):
        shutil.rmtree(root / "build", ignore_errors=True)
        times["full"].append(make_all(root))
        times["noop"].append(make_all(root))
        po = sorted((root / "content" / "en").glob("artikel-*.po"))[count // 2]
        original = po.read_bytes()
        po.write_bytes(original.replace(b'msgstr "EN ', b'msgstr "EN* ', 1))
        times["one"].append(make_all(root))
        po.write_bytes(original)
        make_all(root)
        times["md"].append(bare_markdown_it(root))
        times["lang"].append(one_language(root))
        if use_mdpo:
            times["mdpo"].append(mdpo(root))
    result: dict[str, float] = {"articles": count}
    for name, found in times.items():
        result[name] = median([t.seconds for t in found])
        result[f"{name} cpu"] = median([t.cpu for t in found])
    result["peak_mib"] = max(t.peak_kib for t in times["full"]) / 1024
    return result


#: The issue's targets: (label, the figure's format, the limit, whether lower is better).
TARGETS = {
    "all / md-it": ("{:.2f}x", 2.0, True),
    "mdpo / one language": ("{:.2f}x faster", 1.5, False),
    "no-op / all": ("{:.1f} %", 2.0, True),
    "one .po / all": ("{:.1f} %", 3.0, True),
    "peak MiB at 5000": ("{:.1f} MiB", 100.0, True),
}


def verdict(name: str, value: float) -> str:
    shown, limit, lower = TARGETS[name]
    met = value <= limit if lower else value >= limit
    sign = "<=" if lower else ">="
    return f"{name:>20}: {shown.format(value):>14}   target {sign} {limit:g}: " + (
        "met" if met else "NOT met"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, ratios of the last")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-5000", action="store_true", help="leave out the from-scratch run of 5000 articles"
    )
    args = parser.parse_args()
    use_mdpo = mdpo_ready()
    if not use_mdpo:
        print("mdpo could not be installed into a throwaway venv: its ratio is left out")
    print(
        f"{'articles':>8} {'all':>7} {'no-op':>6} {'one.po':>6} {'md-it':>6} {'en only':>7} "
        f"{'mdpo':>6} {'all/md':>6} {'mdpo/en':>7} {'no-op%':>6} {'one%':>5} {'MiB':>5}"
    )
    results = []
    for count in [int(s) for s in args.sizes.split(",")]:
        r = bench(count, args.runs, use_mdpo)
        results.append(r)
        mdpo_s, faster = (
            (f"{r['mdpo']:6.2f}", f"{r['mdpo'] / r['lang']:7.2f}") if use_mdpo else ("-", "-")
        )
        print(
            f"{count:>8} {r['full']:7.2f} {r['noop']:6.2f} {r['one']:6.2f} {r['md']:6.2f} "
            f"{r['lang']:7.2f} {mdpo_s:>6} {r['full'] / r['md']:6.2f} {faster:>7} "
            f"{100 * r['noop'] / r['full']:6.1f} {100 * r['one'] / r['full']:5.1f} "
            f"{r['peak_mib']:5.1f}",
            flush=True,
        )
    peak = None
    if not args.no_5000:
        root = generate(5000, WORK / "corpus-5000")
        shutil.rmtree(root / "build", ignore_errors=True)
        seconds, _, kib = make_all(root)
        peak = kib / 1024
        per = ", ".join(f"{1000 * r['full'] / r['articles']:.1f}" for r in results)
        print(
            f"5000 articles from scratch: {seconds:.1f} s, peak {peak:.1f} MiB; ms per "
            f"article at {args.sizes},5000: {per}, {1000 * seconds / 5000:.1f}"
        )
    last = results[-1]
    cpu = ", ".join(
        f"{name} {last[f'{key} cpu']:.2f}"
        for key, name in (("full", "all"), ("md", "md-it"), ("lang", "en only"), ("mdpo", "mdpo"))
        if f"{key} cpu" in last
    )
    print(f"CPU seconds (user + system, medians) at {last['articles']:.0f} articles: {cpu}")
    print(f"\nTargets ({last['articles']:.0f} articles, medians of {args.runs}):")
    print(verdict("all / md-it", last["full"] / last["md"]))
    if use_mdpo:
        print(verdict("mdpo / one language", last["mdpo"] / last["lang"]))
    print(verdict("no-op / all", 100 * last["noop"] / last["full"]))
    print(verdict("one .po / all", 100 * last["one"] / last["full"]))
    if peak is not None:
        print(verdict("peak MiB at 5000", peak))


if __name__ == "__main__":
    main()
